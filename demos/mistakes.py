"""Teaching code for lessons 14-16: two backward passes written the wrong way, next to the right one.

These are NOT the engine's backward (``autograd.backward``); they are the mistakes learners
make when they write their own, kept small enough to read. Both walk a graph built by the
engine and read each node's local derivatives from its ``Op`` (``node.operation.derivatives``).

``classic_graph``        a = 1; b = a + a; c = b + b (every value used twice)
``naive_backward``       visit each child as soon as its parent is done (recursion): wrong sums
``ordered_backward``     visit in reverse topological order; ``accumulate=False`` writes
                         ``child.grad = …`` instead of ``+=``, the other classic mistake
"""

from __future__ import annotations

from typing import NamedTuple

from autograd import Value, topological_order


class ClassicGraph(NamedTuple):
    """a = 1; b = a + a; c = b + b — so dc/da = 4."""

    a: Value
    b: Value
    c: Value


def classic_graph(a: float = 1.0) -> ClassicGraph:
    """Build a = 1; b = a + a; c = b + b with labelled Values."""
    a_value = Value(a, label="a")
    b = a_value + a_value
    b.label = "b"
    c = b + b
    c.label = "c"
    return ClassicGraph(a_value, b, c)


def local_derivatives(node: Value) -> tuple[float, ...]:
    """d(node)/d(child) for each of the node's operands, from its operation's rule (empty for a leaf)."""
    if node.operation is None:
        return ()
    return tuple(node.operation.derivatives(*(child.data for child in node.children), node.data))


def clear_grads(root: Value) -> None:
    """Set every gradient in the graph to 0 (the teaching passes start from nothing)."""
    for node in topological_order(root):
        node.grad = 0.0


# lesson: begin
def naive_backward(root: Value) -> list[tuple[Value, float]]:
    """WRONG: push a node's gradient to its children, then visit each child at once (recursively)."""
    clear_grads(root)
    root.grad = 1.0
    visits = []  # (node, the gradient it passes on) in visiting order

    def visit(node: Value) -> None:
        visits.append((node, node.grad))
        for child, local in zip(node.children, local_derivatives(node)):
            child.grad += node.grad * local  # pushed before the node has heard from all its users
        for child in node.children:
            visit(child)  # a node used twice is visited twice, and pushes its gradient twice

    visit(root)
    return visits


def ordered_backward(root: Value, *, accumulate: bool = True) -> list[tuple[Value, float]]:
    """Right (with ``accumulate``): visit each node once, after every node that uses it."""
    clear_grads(root)
    root.grad = 1.0
    visits = []
    for node in reversed(topological_order(root)):  # users before the values they use
        visits.append((node, node.grad))
        for child, local in zip(node.children, local_derivatives(node)):
            if accumulate:
                child.grad += node.grad * local  # one contribution per use, added up
            else:
                child.grad = node.grad * local  # WRONG: the last use overwrites the others
    return visits


# lesson: end
