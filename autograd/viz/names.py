"""Names from the code: call the Values in a picture by the variable names they were bound to.

``name_values(locals())`` labels every *unlabelled* Value bound to a name in the mapping
(``h = x * w + b`` → ``h``, ``x``, ``w``, ``b``); ``draw_dot(..., names=locals())`` uses the
same names for one picture without changing any Value. Limits, by design:

- Labels keep priority: a Value that has a label (nn's ``L1.n0.w0`` included) keeps it.
- A Value bound to two names gets the first one in the mapping's order (``locals()`` lists
  names in the order they were first assigned).
- Names starting with ``_`` are skipped (``_``, ``__name__``, IPython's ``_3``).
- A list or tuple of Values gives each its indexed name (``xs = [...]`` → ``xs[0]``, ``xs[1]``),
  one level deep; other containers and attributes are not searched.
- Temporaries never bound to a name (the ``x * w`` inside ``x * w + b``) keep their default
  name from their operation (``mul#1``).
"""

from __future__ import annotations

from collections.abc import Mapping

from autograd import Value
from autograd._args import type_error


def names_by_value(names: Mapping[str, object], where: str) -> dict[Value, str]:
    """The name each Value in ``names`` is bound to (the first one, in the mapping's order)."""
    if not isinstance(names, Mapping):
        raise type_error(where, "names", "a mapping of names to values, such as locals()", names)
    found: dict[Value, str] = {}
    for name, bound in names.items():
        if not isinstance(name, str) or name.startswith("_"):
            continue
        if isinstance(bound, Value):
            found.setdefault(bound, name)
        elif isinstance(bound, (list, tuple)):
            for k, item in enumerate(bound):
                if isinstance(item, Value):
                    found.setdefault(item, f"{name}[{k}]")
    return found


def name_values(names: Mapping[str, object]) -> list[Value]:
    """Label every unlabelled Value bound to a name in ``names`` (e.g. ``locals()``); return those labelled.

    Values that already have a label keep it. See the module docstring for the limits.
    """
    labelled = []
    for value, name in names_by_value(names, "name_values").items():
        if not value.label:
            value.label = name
            labelled.append(value)
    return labelled
