"""The backward pass: visit the graph in reverse topological order and apply the chain rule.

The whole algorithm is ``backward_pass`` below, in a dozen lines: list the nodes so that
each comes after its children, give the output the gradient 1, then walk the list
backwards and, for every edge node → child, add::

    grads[child] += grads[node] * d(node)/d(child)        # upstream × local = contribution

The gradients live in a dictionary of the pass's own (as in HIPS autograd's
``backward_pass``), not in the Values, so passes from several threads on graphs that share
parameters never see each other's numbers. ``backward`` then adds them into ``.grad``,
``gradients`` returns them and touches no ``.grad``, and ``backward_steps`` returns the
arithmetic of every edge, for pictures and step-through players.

Everything below the first section is an optimisation or a guard, each saying which.
"""

from __future__ import annotations

import contextlib
import gc
import inspect
import math
import threading
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from autograd._args import is_real
from autograd.errors import UNDEFINED, DomainError
from autograd.grad_mode import set_grad_enabled

if TYPE_CHECKING:  # the pass reads a Value's children, operation, data and grad: nothing else of value.py
    from autograd.value import Value

Gradient = Any  # a float; a Value under create_graph=True


# ---- the textbook backward pass ----------------------------------------------------------------------------------


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
            if child not in visited:
                visited.add(child)
                # optimisation: a node whose children are all listed (a leaf, or a neuron whose inputs
                # another neuron already reached) is done at once; the set checks them in C
                if visited.issuperset(child.children):
                    order.append(child)
                    continue
                stack.append((child, iter(child.children)))  # go down into the first child not seen yet
                break
        else:  # all its children are in ``order`` now
            stack.pop()
            order.append(node)
    return order


def backward_pass(
    root: Value, create_graph: bool = False, steps: list[BackwardStep] | None = None
) -> dict[Value, Gradient]:
    """d(root)/d(node) for every node ``root`` depends on, in a new dictionary; no ``.grad`` is read or written.

    With ``create_graph`` the gradients are Values (the rules run on Values and record a graph).
    When ``steps`` is a list, every edge's arithmetic is appended to it as a ``BackwardStep``.
    """
    order = topological_order(root)
    grads = dict.fromkeys(order, 0.0)
    grads[root] = type(root)(1.0) if create_graph else 1.0  # d(root)/d(root) = 1
    for node in reversed(order):  # each node after every node that uses it: its gradient is complete
        if node.operation is None:  # a leaf: nothing further back
            continue
        upstream, local = grads[node], local_derivatives(node, create_graph)
        if steps is not None:  # for pictures: the edges below, recorded as they will add up
            steps.extend(_recorded(node, upstream, local, grads))
        for child, local_i in zip(node.children, local):
            grads[child] += upstream * local_i  # the chain rule, one edge: upstream × local
    return grads


def _recorded(node: Value, upstream: Gradient, local: tuple, grads: dict[Value, Gradient]) -> Iterator[BackwardStep]:
    """The steps of ``node``'s edges: the chain-rule line's arithmetic, replayed on the totals before it runs."""
    totals: dict[Value, Gradient] = {}
    for index, (child, local_i) in enumerate(zip(node.children, local)):
        contribution = upstream * local_i
        totals[child] = totals.get(child, grads[child]) + contribution
        yield BackwardStep(node, child, index, upstream, local_i, contribution, totals[child])


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


# ---- its users: backward(), gradients(), backward_steps() ---------------------------------------------------------

# Guard: two threads calling backward() on graphs that share parameters add into the same .grad;
# each addition is a read and a write, so they take turns (one lock per call, not per node).
_adding_into_grad = threading.Lock()


def backward(root: Value, create_graph: bool = False) -> None:
    """Add d(root)/d(node) to ``node.grad`` for every node ``root`` depends on.

    Gradients accumulate across calls (as in PyTorch). If the pass fails part-way, no
    ``.grad`` has changed. With ``create_graph=True`` the gradients are Values with a graph
    of their own (recorded even inside ``no_grad``), so they can be differentiated again.
    """
    grads = _checked_pass(root, create_graph)
    with _adding_into_grad:
        for node, grad in grads.items():
            node.grad = node.grad + grad if node.grad else grad  # (no 0.0 + Value node under create_graph)


def gradients(root: Value, inputs: Sequence[Value], create_graph: bool = False) -> list[Gradient]:
    """Return d(root)/d(x) for each x in ``inputs``, touching no ``.grad``.

    An input that ``root`` does not depend on gets 0.0. With ``create_graph=True`` the
    results are Values that can be differentiated again.
    """
    grads = _checked_pass(root, create_graph)
    return [grads.get(x, 0.0) for x in inputs]


def backward_steps(root: Value) -> list[BackwardStep]:
    """The chain-rule steps of a backward pass from ``root``, in the order they happen.

    Nodes are visited in reverse topological order, and each node's edges in operand
    order. No ``.grad`` is changed.
    """
    steps: list[BackwardStep] = []
    _checked_pass(root, False, steps)
    return steps


def node_step(node: Value) -> None:
    """micrograd's ``node._backward()``: add ``node.grad`` × each local derivative into the children's ``.grad``."""
    for child, local in zip(node.children, local_derivatives(node)):
        child.grad = child.grad + node.grad * local


# ---- the local derivatives of one node: the op's rule, checked ---------------------------------------------------


def local_derivatives(node: Value, create_graph: bool = False) -> tuple:
    """d(node)/d(child) for each of ``node``'s children, from its op's rule (on Values with ``create_graph``)."""
    op = node.operation
    if op is None:  # a leaf: nothing further back
        return ()
    children = node.children
    count = len(children)
    try:
        if create_graph:  # the rule runs on Values and builds a graph
            local = op.derivatives(*children, node)
        # optimisation: the common one- and two-operand cases, unpacked without building a list
        elif count == 1:
            local = op.derivatives(children[0].data, node.data)
        elif count == 2:
            a, b = children
            local = op.derivatives(a.data, b.data, node.data)
        else:
            local = op.derivatives(*[child.data for child in children], node.data)
    except UNDEFINED as error:  # guard: e.g. sqrt'(0) = 0.5/0, the derivative does not exist there
        shown = ", ".join(repr(child.data) for child in children)
        raise DomainError(f"{op.name}({shown}): the derivative is undefined here ({error})") from error
    except TypeError as error:  # guard: a custom op's rule with the wrong signature gets a message naming it
        _raise_if_rule_cannot_take(op, count, error)
        raise
    if local.__class__ is not tuple or len(local) != count:  # guard: one derivative per operand
        local = _checked_local(op, local, count)
    return local


def _raise_if_rule_cannot_take(op: Any, operands: int, error: TypeError) -> None:
    """Raise a TypeError naming ``op`` if its derivatives rule cannot take the operands and ``out``."""
    try:
        inspect.signature(op.derivatives).bind(*range(operands + 1))
    except TypeError:
        names = ", ".join(f"x{i}" for i in range(operands)) if operands <= 3 else f"x0, ..., x{operands - 1}"
        raise TypeError(
            f"Op {op.name!r}: derivatives must take the {operands} operand(s) and then out, e.g. "
            f"derivatives=lambda {names}, out: (...); calling it failed: {error}"
        ) from error
    except ValueError:  # a builtin without a signature: nothing to say beyond the error itself
        pass


def _checked_local(op: Any, local: object, operands: int) -> tuple:
    """``local`` as a tuple of one derivative per operand, or a TypeError naming the op and what it returned."""
    expected = f"a tuple of {operands} derivative(s), one per operand, e.g. (out,) or (1.0, -1.0)"
    if not isinstance(local, (tuple, list)):
        raise TypeError(f"Op {op.name!r}: derivatives must return {expected}, got {type(local).__name__} {local!r}")
    if len(local) != operands:
        raise TypeError(
            f"Op {op.name!r}: derivatives returned {len(local)} value(s) for {operands} operand(s); it must return "
            f"{expected}"
        )
    return tuple(local)


# ---- the guards around a pass: collector paused, recording for create_graph, no NaN gradient ---------------------


def _checked_pass(root: Value, create_graph: bool, steps: list[BackwardStep] | None = None) -> dict[Value, Gradient]:
    """``backward_pass`` from ``root`` with its guards: no NaN gradient, and a clear error for a malformed rule."""
    with cycle_collector_paused(), set_grad_enabled(create_graph):
        try:
            grads = backward_pass(root, create_graph, steps)
        except (TypeError, DomainError) as error:  # a rule gave no number, or inf × 0 under create_graph
            problem: Exception | None = error
        else:
            # One sum finds a NaN quickly (+inf and -inf among the gradients sum to NaN too: then
            # the careful pass finds nothing wrong and gives the same gradients).
            if create_graph or not math.isnan(sum(grads.values())):
                return grads
            problem = None
        # guard: a gradient that overflowed to inf met a slope of 0 (inf × 0 is NaN in floats), or a
        # rule returned something that is no number: the same pass again, edge by edge, with care
        if steps is not None:
            steps.clear()
        return _careful_pass(root, create_graph, steps, problem)


def _careful_pass(
    root: Value, create_graph: bool, steps: list[BackwardStep] | None, problem: Exception | None
) -> dict[Value, Gradient]:
    """``backward_pass`` with every edge checked: a zero slope contributes 0 even times an infinite upstream.

    An infinite upstream gradient is a finite number too large for a float, and any finite
    number times 0 is 0. A gradient that is still NaN (+inf and -inf meeting in one sum) is a
    DomainError; a local derivative that is no number a TypeError naming the op.
    """
    order = topological_order(root)
    grads = dict.fromkeys(order, 0.0)
    grads[root] = type(root)(1.0) if create_graph else 1.0
    for node in reversed(order):
        if node.operation is None:
            continue
        upstream = grads[node]
        for index, (child, local) in enumerate(zip(node.children, local_derivatives(node, create_graph))):
            if not is_real(local) and not hasattr(local, "children"):
                raise TypeError(
                    f"Op {node.operation.name!r}: derivatives must return numbers (or Values), got "
                    f"{type(local).__name__} {local!r}"
                ) from problem
            contribution = 0.0 if float(local) == 0 else upstream * local
            try:
                total = grads[child] + contribution
            except DomainError as error:  # +inf + -inf between Values (create_graph)
                raise _undefined_gradient(node, child, grads[child], contribution) from error
            if total != total:
                raise _undefined_gradient(node, child, grads[child], contribution) from problem
            grads[child] = total
            if steps is not None:
                steps.append(BackwardStep(node, child, index, upstream, local, contribution, total))
    return grads


def _undefined_gradient(node: Value, child: Value, before: Gradient, contribution: Gradient) -> DomainError:
    """The DomainError for ``child``'s gradient, undefined at the edge from ``node``; ``error.value`` is ``child``."""
    shown = ", ".join(repr(c.data) for c in node.children)
    error = DomainError(
        f"backward: the gradient of operand {node.children.index(child)} of {node.operation.name}({shown}) is "
        f"undefined: {float(before)!r} + {float(contribution)!r} (gradients too large for a float, with opposite "
        "signs, meet in one sum; the forward pass is finite: scale the computation down)"
    )
    error.value = child
    return error


_pause_lock = threading.Lock()
_pauses = [0, False]  # how many pauses are running (in any thread), and whether the collector was on before them


@contextlib.contextmanager
def cycle_collector_paused() -> Iterator[None]:
    """Switch Python's cycle collector off while a backward pass (or a training loop) runs, then back to how it was.

    Optimisation: the pass makes no reference cycles, so the collector has nothing to find in
    it; but a deep graph's pass keeps one stack entry per node alive, and every collection that
    triggers rescans the whole live graph (2-3x the pass's time on a 100,000-step chain).
    Pauses nest, also across threads: the first one in switches the collector off, the last
    one out restores it.
    """
    with _pause_lock:
        if _pauses[0] == 0:
            _pauses[1] = gc.isenabled()
            gc.disable()
        _pauses[0] += 1
    try:
        yield
    finally:
        with _pause_lock:
            _pauses[0] -= 1
            if _pauses[0] == 0 and _pauses[1]:
                gc.enable()
