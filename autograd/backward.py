"""The backward pass: visit the graph in reverse topological order and apply the chain rule.

For every node, from the output back to the inputs::

    child.grad += node.grad * d(node)/d(child)        # upstream × local = contribution

``topological_order`` lists each node after all of its children, without recursion,
so graphs of any depth work. ``backward`` adds the gradients into ``.grad``;
``gradients`` returns them and leaves every ``.grad`` as it was; ``backward_steps``
returns the chain-rule arithmetic of every edge, for pictures and step-through players.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from autograd.errors import DomainError
from autograd.value import Value


def topological_order(root: Value) -> list[Value]:
    """Every Value ``root`` depends on, each listed after its children; ``root`` is last.

    Iterative depth-first search over ``children`` in operand order, so the order is the
    same on every run and deep graphs (a chain of a million ops) cause no RecursionError.
    """
    order: list[Value] = []
    visited = {root}
    # Each stack entry is a node and an iterator over its children that remembers where we
    # stopped, so every edge is looked at once and every node pushed once.
    stack = [(root, iter(root.children))]
    while stack:
        node, children = stack[-1]
        for child in children:
            if child not in visited:  # go down into the first child not seen yet
                visited.add(child)
                stack.append((child, iter(child.children)))
                break
        else:  # all its children are in ``order`` now
            stack.pop()
            order.append(node)
    return order


class BackwardStep(NamedTuple):
    """One application of the chain rule along the edge ``node → child``.

    ``contribution = upstream * local`` is added to the child's gradient; ``total`` is the
    child's gradient (within this backward pass) after the addition, so a child that feeds
    several nodes shows its running sum.
    """

    node: Value
    child: Value
    index: int  # the child's position among node.children
    upstream: float  # d(root)/d(node)
    local: float  # d(node)/d(child)
    contribution: float  # upstream * local
    total: float  # d(root)/d(child) accumulated so far


def _run(root: Value, create_graph: bool, steps: list[BackwardStep] | None) -> tuple[list[Value], list]:
    """One backward pass from ``root``; return the topological order and each node's gradient.

    The ``.grad`` slots hold this pass's gradients while it runs and get their previous
    values back afterwards (also if a derivative raises), so earlier gradients never
    leak into this pass — the bug that makes micrograd compound on a second call.
    """
    with cycle_collector_paused():  # see below: the pass makes no cycles for it to find
        order = topological_order(root)
        previous = [node.grad for node in order]
        for node in order:
            node.grad = 0.0
        root.grad = Value(1.0) if create_graph else 1.0
        try:
            for node in reversed(order):
                op = node.operation
                if op is None:  # a leaf: nothing further back
                    continue
                children = node.children
                if create_graph:  # the derivative rules run on Values and build a graph
                    local = op.derivatives(*children, node)
                elif len(children) == 2:  # the common cases, unpacked without building a list
                    a, b = children
                    local = op.derivatives(a.data, b.data, node.data)
                elif len(children) == 1:
                    local = op.derivatives(children[0].data, node.data)
                else:
                    local = op.derivatives(*[child.data for child in children], node.data)
                if len(local) != len(children):  # a custom op's rule must give one derivative per operand
                    raise TypeError(
                        f"Op {op.name!r}: derivatives returned {len(local)} value(s) for {len(children)} operand(s)"
                    )
                upstream = node.grad
                if steps is None:
                    for child, local_i in zip(children, local):
                        child.grad += upstream * local_i  # the chain rule, one edge
                else:  # the same arithmetic, each edge also recorded
                    for position, (child, local_i) in enumerate(zip(children, local)):
                        contribution = upstream * local_i
                        child.grad += contribution
                        steps.append(BackwardStep(node, child, position, upstream, local_i, contribution, child.grad))
            return order, [node.grad for node in order]
        except (ArithmeticError, DomainError) as error:  # e.g. sqrt'(0) = 0.5/0: the derivative does not exist there
            shown = ", ".join(repr(child.data) for child in node.children)
            raise DomainError(f"{op.name}({shown}): the derivative is undefined here ({error})") from error
        finally:
            for node, grad in zip(order, previous):
                node.grad = grad


@contextlib.contextmanager
def cycle_collector_paused() -> Iterator[None]:
    """Switch Python's cycle collector off while a backward pass runs, then back to how it was.

    The pass makes no reference cycles, so the collector has nothing to find in it; but a
    deep graph's pass keeps one stack entry per node alive, and every collection that
    triggers rescans the whole live graph (2-3x the pass's time on a 100,000-step chain).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def backward(root: Value, create_graph: bool = False) -> None:
    """Add d(root)/d(node) to ``node.grad`` for every node ``root`` depends on."""
    order, fresh = _run(root, create_graph, None)
    for node, grad in zip(order, fresh):
        node.grad = node.grad + grad if node.grad else grad


def gradients(root: Value, inputs: Sequence[Value], create_graph: bool = False) -> list:
    """Return d(root)/d(x) for each x in ``inputs``, touching no ``.grad``.

    An input that ``root`` does not depend on gets 0.0. With ``create_graph=True`` the
    results are Values that can be differentiated again.
    """
    order, fresh = _run(root, create_graph, None)
    found = {node: grad for node, grad in zip(order, fresh)}
    return [found.get(x, 0.0) for x in inputs]


def backward_steps(root: Value) -> list[BackwardStep]:
    """The chain-rule steps of a backward pass from ``root``, in the order they happen.

    Nodes are visited in reverse topological order, and each node's edges in operand
    order. No ``.grad`` is changed.
    """
    steps: list[BackwardStep] = []
    _run(root, False, steps)
    return steps
