"""The backward pass: visit the graph in reverse topological order and apply the chain rule.

For every node, from the output back to the inputs::

    child.grad += node.grad * d(node)/d(child)        # upstream × local = contribution

``topological_order`` lists each node after all of its children, without recursion,
so graphs of any depth work. ``backward`` adds the gradients into ``.grad``;
``gradients`` returns them and leaves every ``.grad`` as it was; ``backward_steps``
returns the chain-rule arithmetic of every edge, for pictures and step-through players.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from autograd.errors import DomainError
from autograd.value import Value


def topological_order(root: Value) -> list[Value]:
    """Every Value ``root`` depends on, each listed after its children; ``root`` is last.

    Iterative depth-first search over ``children`` in operand order, so the order is the
    same on every run and deep graphs (a chain of a million ops) cause no RecursionError.
    """
    order: list[Value] = []
    entered: set[Value] = set()  # children already pushed on the stack
    finished: set[Value] = set()  # already in ``order``
    stack = [root]
    while stack:
        node = stack.pop()
        if node in entered:  # second visit: all its children are in ``order`` now
            if node not in finished:
                finished.add(node)
                order.append(node)
            continue
        entered.add(node)
        stack.append(node)  # come back to it after its children
        stack.extend([child for child in reversed(node.children) if child not in entered])
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
            else:
                local = op.derivatives(*[child.data for child in children], node.data)
            upstream = node.grad
            for position, child in enumerate(children):
                contribution = upstream * local[position]  # the chain rule, one edge
                child.grad += contribution
                if steps is not None:
                    steps.append(
                        BackwardStep(node, child, position, upstream, local[position], contribution, child.grad)
                    )
        return order, [node.grad for node in order]
    except ArithmeticError as error:  # e.g. sqrt'(0) = 0.5/0: the derivative does not exist there
        shown = ", ".join(repr(child.data) for child in node.children)
        raise DomainError(f"{op.name}({shown}): the derivative is undefined here ({error})") from error
    finally:
        for node, grad in zip(order, previous):
            node.grad = grad


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
