"""The player's steps as data: the forward pass, the backward pass, the parameter update.

Each step says which texts change (a node's ``data`` or ``grad`` cell), which nodes and
edges become visible, which are the focus, and a caption that writes out the arithmetic
with the step's real numbers. The forward steps follow ``topological_order``; the backward
steps are ``autograd.backward_steps`` one for one — nothing here computes a gradient.
The player (JavaScript) and ``frames`` (Python) only replay these steps.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

from autograd import Value, backward_steps, topological_order
from autograd.viz.dot import edge_id, gradient_sum, node_id, node_roles, op_id, output_edge_id
from autograd.viz.escape import printable

UNKNOWN = "?"
_INFIX = frozenset({"+", "-", "*", "/", "**"})


class Step(NamedTuple):
    """One step of the player.

    ``phase``    "forward", "backward" or "update".
    ``caption``  the arithmetic of the step, in words and real numbers.
    ``texts``    ``{node id: {"data" or "grad": new text}}``.
    ``show``     ids of nodes and edges that become visible (computed) at this step.
    ``reveal``   ids of edges whose gradient annotation becomes visible.
    ``focus``    ids of the nodes and edges to highlight while this step is shown.
    """

    phase: str
    caption: str
    texts: dict[str, dict[str, str]]
    show: list[str]
    reveal: list[str]
    focus: list[str]


class Steps(NamedTuple):
    """Everything the player needs: the texts before the first step, the steps, and the widest data texts."""

    initial: dict[str, dict[str, str]]
    steps: list[Step]
    widest_data: list[str]  # per node: the longest data text any step shows (the layout makes room for it)


def display_name(order: Sequence[Value], i: int) -> str:
    """A Value's label (as the picture shows it), or "#i" (its topological index) when it has none."""
    return printable(order[i].label) if order[i].label else f"#{i}"


def build_steps(
    root: Value,
    fmt: Callable[[float], str],
    params: Iterable[Value] | None = None,
    lr: float | None = None,
) -> Steps:
    """The forward, backward and (when ``params`` and ``lr`` are given) update steps for ``root``."""
    order = topological_order(root)
    index = {node: i for i, node in enumerate(order)}
    chosen = _checked_params(params, lr, index)
    roles = node_roles(order, chosen)
    initial = {node_id(i): {"data": f"data {UNKNOWN}", "grad": f"grad {UNKNOWN}"} for i in range(len(order))}
    steps = [_forward_step(order, index, i, roles[i], fmt) for i in range(len(order))]
    backward, gradients = _backward_pass(root, order, index, fmt)
    steps += backward
    widest = [f"data {fmt(node.data)}" for node in order]
    for p in chosen or ():
        i = index[p]
        new = p.data - lr * gradients[i]
        caption = (
            f"update {display_name(order, i)}: new = value − lr × grad = {fmt(p.data)} − {lr:g} × "
            f"{fmt(gradients[i])} = {fmt(new)}"
        )
        texts = {node_id(i): {"data": f"data {fmt(new)}"}}
        steps.append(Step("update", caption, texts, show=[], reveal=[], focus=[node_id(i)]))
        widest[i] = max(widest[i], f"data {fmt(new)}", key=len)
    return Steps(initial, steps, widest)


def _backward_pass(
    root: Value, order: Sequence[Value], index: dict[Value, int], fmt: Callable[[float], str]
) -> tuple[list[Step], list[float]]:
    """The seed step and one step per ``backward_steps`` edge; also each node's final gradient (from the engine)."""
    name = display_name(order, len(order) - 1)
    root_id = node_id(len(order) - 1)
    seed = f"Backward pass: start at the output, grad({name}) = d{name}/d{name} = {fmt(1.0)}"
    steps = [Step("backward", seed, {root_id: {"grad": f"grad {fmt(1.0)}"}}, show=[], reveal=[], focus=[root_id])]
    terms: list[list[str]] = [[] for _ in order]
    gradients = [0.0] * len(order)
    gradients[-1] = 1.0
    for step in backward_steps(root):
        n, c = index[step.node], index[step.child]
        terms[c].append(fmt(step.contribution))
        gradients[c] = step.total
        parent, child = display_name(order, n), display_name(order, c)
        grad_text = gradient_sum(terms[c], fmt(step.total))
        caption = (
            f"grad({child}) += grad({parent}) × d{parent}/d{child} = {fmt(step.upstream)} × {fmt(step.local)}"
            f" = {fmt(step.contribution)}"
        )
        if len(terms[c]) > 1:
            caption += f"; {child} feeds several nodes, so its gradients add up: {grad_text}"
        edge = edge_id(n, step.index)
        focus = [node_id(c), edge, op_id(n), node_id(n)]
        steps.append(Step("backward", caption, {node_id(c): {"grad": grad_text}}, show=[], reveal=[edge], focus=focus))
    return steps, gradients


def _checked_params(params: Iterable[Value] | None, lr: float | None, index: dict[Value, int]) -> list[Value] | None:
    """``params`` as a list, each checked to be a Value in the graph; ``lr`` checked to be a number."""
    if params is None:
        if lr is not None:
            raise ValueError("step_through: lr was given without params; pass params=[...] to show the update")
        return None
    chosen = list(params)
    if lr is None or isinstance(lr, bool) or not isinstance(lr, (int, float)):
        raise ValueError(f"step_through: params were given, so lr must be a number (the learning rate), got {lr!r}")
    for k, p in enumerate(chosen):
        if p not in index:
            raise ValueError(f"step_through: params[{k}] = {p!r} is not part of the graph of the output")
    return chosen


def _forward_step(order: Sequence[Value], index: dict[Value, int], i: int, role: str, fmt: Callable) -> Step:
    """The step that computes the Value at ``i`` (or introduces it, for a leaf)."""
    node = order[i]
    name = display_name(order, i)
    texts = {node_id(i): {"data": f"data {fmt(node.data)}"}}
    if not node.children:
        kind = {"parameter": "a parameter", "input": "an input" if node.label else "a constant"}.get(role, "the output")
        caption = f"{name} is {kind}: {name} = {fmt(node.data)}"
        return Step("forward", caption, texts, show=[node_id(i)], reveal=[], focus=[node_id(i)])
    operands = [index[child] for child in node.children]
    symbolic = _expression(printable(node.op), [display_name(order, c) for c in operands])
    numeric = _expression(printable(node.op), [fmt(order[c].data) for c in operands])
    edges = [edge_id(i, p) for p in range(len(operands))]
    shown = [op_id(i), output_edge_id(i), node_id(i), *edges]
    return Step(
        "forward", f"{name} = {symbolic} = {numeric} = {fmt(node.data)}", texts, show=shown, reveal=[], focus=shown
    )


def _expression(op: str, operands: Sequence[str]) -> str:
    """How an operation reads: "a + b", "x**2", "-x", "tanh(n)", "myop(a, b)"."""
    if op in _INFIX and len(operands) == 2:
        return f"{operands[0]} {op} {operands[1]}"
    if op.startswith("**") and len(operands) == 1:
        return f"{operands[0]}{op}"
    if op == "neg" and len(operands) == 1:
        return f"-{operands[0]}"
    return f"{op}({', '.join(operands)})"
