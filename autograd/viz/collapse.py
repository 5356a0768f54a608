"""Collapsing a large graph: which nodes a named unit (a neuron, a layer) absorbs into one box.

The rule is generic and knows nothing of ``nn``: a non-leaf Value with a label (the root
included: a network's output neuron is a unit too) is a *named unit*. A unit absorbs the
nodes only it uses: a node whose every path towards the root reaches this unit before
reaching any other unit (and never reaches the root without passing a unit). A neuron's
weights, bias and weighted sum go into the neuron's box; an input shared by several
neurons stays outside, drawn on its own.

``"neuron"`` draws each unit as its own box; ``"layer"`` then merges the boxes of units
whose labels share the part before the first "." ("L1.n0" and "L1.n1" become one "L1" box).
"""

from __future__ import annotations

from autograd import Value

MODES = (None, "neuron", "layer")

_FREE = -1  # reaches the root without passing a unit
_SHARED = -2  # reaches two different units first


def owners(order: list[Value], mode: str | None) -> list[int | None]:
    """For each node of a topological ``order`` (root last), the box that absorbs it (``None``: drawn alone).

    A box is named by the index of its representative unit: the unit itself for
    ``"neuron"``; for ``"layer"``, the unit nearest the root among those sharing the label
    prefix. A unit belongs to its own box.
    """
    if mode not in MODES:
        raise ValueError(f"draw_dot: collapse must be one of None, 'neuron', 'layer', got {mode!r}")
    if mode is None:
        return [None] * len(order)
    index = {node: i for i, node in enumerate(order)}
    root = len(order) - 1
    is_unit = [bool(node.children and node.label) for node in order]
    first_unit: list[int | None] = [None] * len(order)  # per node: the unit its users lead to first
    first_unit[root] = root if is_unit[root] else _FREE
    for i in range(root, -1, -1):  # users come before their operands
        reached = i if is_unit[i] else first_unit[i]
        for child in order[i].children:
            c = index[child]
            seen = first_unit[c]
            first_unit[c] = reached if seen is None or seen == reached else _SHARED
    box: list[int | None] = [i if is_unit[i] else (u if u >= 0 else None) for i, u in enumerate(first_unit)]
    if mode == "layer":
        representative: dict[str, int] = {}
        for i in range(root, -1, -1):  # the unit nearest the root represents its layer
            if is_unit[i]:
                representative.setdefault(layer_name(order[i].label), i)
        box = [None if b is None else representative[layer_name(order[b].label)] for b in box]
    return box


def layer_name(label: str) -> str:
    """The part of a unit's label before the first "." ("L1" for "L1.n0")."""
    return str(label).split(".", 1)[0]
