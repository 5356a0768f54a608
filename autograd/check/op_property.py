"""``check_op(op)``: one call tests a new op every way — a pytest test body or a hypothesis property.

It generates expressions that contain the op (``autograd.strategies.op_expressions``: alone,
with an operand repeated, its result reused, nested in itself, a computed term or a constant in
each operand position), inside ``op.domain`` and away from ``op.kinks``, and runs on each one
``gradcheck`` (with the exact oracle where it applies), ``gradgradcheck`` and ``blame`` of the
first and second order; and at each declared kink, where the rule must give a subgradient.
A failure is reported on the simplest expression hypothesis shrinks
to: as Python source, and as an SVG picture with the blamed node highlighted.

hypothesis and the pictures (``autograd.viz``) are imported when ``check_op`` runs, not before.
"""

from __future__ import annotations

import functools
import os
import re
import tempfile
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from autograd import _args
from autograd.check.culprit import Blame, blame
from autograd.check.finite import GradcheckError, OracleSkippedWarning, gradcheck, gradgradcheck
from autograd.check.oracle import Rule, rule_for
from autograd.op import Op
from autograd.value import Value


class CheckOpError(AssertionError):
    """``check_op`` found an expression where the op's rules are wrong.

    ``source`` the shrunk counterexample as Python source; ``picture`` the path of its SVG
    (None when it could not be drawn); ``cause`` the check's own error (a GradcheckError, ...).
    """

    def __init__(self, message: str, source: str, picture: str | None, cause: BaseException) -> None:
        super().__init__(message)
        self.source = source
        self.picture = picture
        self.cause = cause


def _problem(
    expr: Any, oracle: bool | Mapping[Op, Rule], second_order: bool = True
) -> tuple[BaseException, list[Blame]] | None:
    """Run every check on one expression: None when all pass, else the error and the blamed rules.

    ``second_order=False`` (at a kink, where no second derivative exists) runs gradcheck and blame only.
    """
    try:
        with warnings.catch_warnings():  # check_op says once, up front, when the oracle cannot check its op
            warnings.simplefilter("ignore", OracleSkippedWarning)
            gradcheck(expr, expr.point, oracle=oracle)
        root = expr(*[Value(x) for x in expr.point])
        found = blame(root)
        if second_order:
            gradgradcheck(expr, expr.point)
            found += blame(root, order=2)
        if found:
            lines = ["blame found wrong rules that the checks at this point did not:", *[f"  {b}" for b in found]]
            return GradcheckError("\n".join(lines), [], found, root), found
    except GradcheckError as error:
        return error, error.blames
    except Exception as error:  # a broken op may raise anything: it is what we report
        return error, []
    return None


def _at_kinks(op: Op) -> list[Any]:
    """``op`` alone at each of its declared kinks, where its rule must give a subgradient."""
    from autograd.strategies import Expression, Step

    if op.arity != 1:
        return []
    return [Expression(("x",), (float(kink),), [Step(op, (0,))]) for kink in op.kinks]


def _slug(name: str) -> str:
    """``name`` as a file-name part: letters, digits, - and _ kept, anything else as _<hex>."""
    return re.sub(r"[^A-Za-z0-9_-]", lambda m: f"_{ord(m[0]):x}", name)


@functools.cache
def _private_picture_dir() -> Path:
    """This process's own folder for check_op's pictures: made on the first failure, readable by this user only."""
    return Path(tempfile.mkdtemp(prefix="stepgrad-check_op-"))


def _picture(
    op: Op, expr: Any, error: BaseException, blames: list[Blame], directory: Path | None
) -> tuple[str | None, str]:
    """Draw the failing expression with the blamed nodes (else the op's nodes) highlighted: (path, note)."""
    try:
        from autograd.viz import draw_dot, render  # pictures only when a check fails

        if isinstance(error, GradcheckError) and error.blames:
            root, marked = error.root, [b.node for b in error.blames]
        else:
            from autograd.backward import topological_order

            root = expr(*[Value(x, name) for x, name in zip(expr.point, expr.variables)])
            marked = [node for node in topological_order(root) if node.operation is op]
        if directory is None:
            directory = _private_picture_dir()
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / f"check_op-{_slug(op.name)}.svg"
        render(draw_dot(root, highlight=marked), "svg", path)
        what = "the blamed node" if blames else f"the {op.name!r} nodes"
        return str(path), f"picture ({what} highlighted): {path}"
    except Exception as failure:  # the report must not hide the op's own failure
        return None, f"no picture: {type(failure).__name__}: {failure}"


def _failure(op: Op, expr: Any, error: BaseException, blames: list[Blame], directory: Path | None) -> CheckOpError:
    path, note = _picture(op, expr, error, blames, directory)
    source = expr.source()
    message = "\n".join(
        [
            f"check_op: {op!r} fails on this expression (the simplest one found):",
            source,
            f"{type(error).__name__}: {error}",
            note,
        ]
    )
    return CheckOpError(message, source, path, error)


def check_op(
    op: Op,
    *,
    data: Any = None,
    max_examples: int = 30,
    seed: int = 0,
    oracle: bool | Mapping[Op, Rule] | None = None,
    picture_dir: str | Path | None = None,
) -> None:
    """Test ``op`` in many expressions and at its kinks; raise ``CheckOpError`` with a shrunk example and a picture.

    As a test body: ``def test_softplus(): check_op(softplus)`` runs its own hypothesis search
    of ``max_examples`` expressions, reproducibly (``seed``). As a property inside your own
    ``@given(st.data())`` test, pass ``data=data``: it draws one expression and hypothesis
    shrinks your test. ``oracle`` as in ``gradcheck``; the default (None) uses the oracle where
    it applies (built-in ops, ops given exact rules); an explicit ``oracle=True`` for an op with
    no exact rule gives one ``OracleSkippedWarning``.
    The picture is ``check_op-<op name>.svg`` in ``picture_dir`` (default: a new private folder
    ``stepgrad-check_op-*`` in the temporary directory, made by ``tempfile.mkdtemp`` at the
    first failure and kept for the process), replaced at each failure.
    """
    from hypothesis import HealthCheck, given, settings
    from hypothesis import seed as fixed_seed

    from autograd.strategies import op_expressions

    if not isinstance(op, Op):
        raise _args.type_error("check_op", "op", "an autograd.Op", op)
    _args.integer("check_op", "max_examples", max_examples, minimum=1)
    _args.integer("check_op", "seed", seed)
    if data is not None and not callable(getattr(data, "draw", None)):
        raise _args.type_error("check_op", "data", "hypothesis's st.data() object (or None)", data)
    if picture_dir is not None and not isinstance(picture_dir, (str, os.PathLike)):
        raise _args.type_error("check_op", "picture_dir", "a path (str or os.PathLike) or None", picture_dir)
    directory = None if picture_dir is None else Path(picture_dir)
    if oracle is None:  # the default: the oracle wherever it applies, without a word where it does not
        oracle = True
    elif oracle is not False and rule_for(op, {} if oracle is True else oracle) is None:
        warnings.warn(
            f"check_op: the exact oracle has no rule for {op.name!r}, so it checks no expression with it; "
            "give one (oracle={op: rule}, see autograd.check.exact) or pass oracle=False",
            OracleSkippedWarning,
            stacklevel=2,
        )
    strategy = op_expressions(op)
    for expr in _at_kinks(op):
        found = _problem(expr, oracle, second_order=False)
        if found is not None:
            raise _failure(op, expr, *found, directory)
    if data is not None:
        expr = data.draw(strategy, label=f"expression with {op.name}")
        found = _problem(expr, oracle)
        if found is not None:
            raise _failure(op, expr, *found, directory)
        return
    failures: list[tuple[Any, BaseException, list[Blame]]] = []

    @fixed_seed(seed)
    @settings(
        max_examples=max_examples,
        database=None,
        deadline=None,
        print_blob=False,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    @given(strategy)
    def every_check_passes(expr: Any) -> None:
        found = _problem(expr, oracle)
        if found is not None:
            failures.append((expr, *found))
            raise AssertionError(str(found[0]))

    try:
        every_check_passes()
    except Exception:  # an AssertionError, or a group of them when hypothesis found distinct failures
        if not failures:
            raise
        expr, error, blames = failures[-1]  # hypothesis runs the shrunk example last, to report it
        raise _failure(op, expr, error, blames, directory) from None
