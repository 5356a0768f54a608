"""``blame``: find the node whose op has a wrong local rule, by checking every node on its own.

Each node's ``derivatives`` rule is compared with a central difference of the same op's
``forward`` at that node's operands. At a declared kink (``Op(kinks=...)``, relu and abs at 0)
there is no derivative, only one-sided slopes: the rule must give a subgradient, a number
between them. A rule that raises where the forward has a slope is reported too.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from autograd.backward import gradients, topological_order
from autograd.check.common import UNDEFINED, check_settings, close, tolerance
from autograd.errors import DomainError
from autograd.value import Value


@dataclass(frozen=True)
class Blame:
    """One op whose rule disagrees with a central difference of that same op (or an exact value), at one node.

    ``node``      the Value the op produced (draw it with ``draw_dot(root, highlight=[b.node])``).
    ``index``     the operand whose local derivative d(node)/d(operand ``index``) is wrong
                  (None when the op's forward value itself is wrong: ``kind`` "exact forward").
    ``operands``  the operands' values at that node.
    ``analytic``  what the op's rule says (NaN when it raised); ``numerical`` what the reference says.
    ``order``     1: the ``derivatives`` rule itself is wrong. 2: the rule has the right value
                  but its own derivative (what ``create_graph=True`` differentiates) is wrong,
                  namely d/d(operand ``wrt``) of d(node)/d(operand ``index``).
    ``kind``      "derivative" (against a central difference), "subgradient" (at a kink: outside
                  ``interval``, the one-sided slopes), "raises" (the rule raised ``error`` where
                  the forward has a slope), "exact forward" / "exact derivative" (against the
                  exact oracle, ``autograd.check.exact``).
    """

    node: Value
    index: int | None
    operands: tuple[float, ...]
    analytic: float
    numerical: float
    order: int = 1
    wrt: int | None = None
    kind: str = "derivative"
    interval: tuple[float, float] | None = None
    error: str | None = None

    def __str__(self) -> str:
        label = f" (label {self.node.label!r})" if self.node.label else ""
        at = f"{self.node.op}({', '.join(repr(x) for x in self.operands)})"
        rule = f"d(out)/d(operand {self.index})"
        if self.kind == "exact forward":
            what, truth = f"its forward gives {self.analytic:.17g}", f"the exact value is {self.numerical:.17g}"
        elif self.kind == "exact derivative":
            what = f"{rule} = {self.analytic:.17g} by its derivatives rule"
            truth = f"the exact derivative is {self.numerical:.17g}"
        elif self.kind == "raises":
            what = f"its derivatives rule raises {self.error}"
            truth = f"its forward has the slope {self.numerical:.10g} along operand {self.index} there"
        elif self.kind == "subgradient":
            low, high = sorted(self.interval)
            what = f"{rule} = {self.analytic:.10g} by its derivatives rule at a kink"
            truth = f"a subgradient must lie between the one-sided slopes of its forward, [{low:.10g}, {high:.10g}]"
        elif self.order == 1:
            what = f"{rule} = {self.analytic:.10g} by its derivatives rule"
            truth = f"a central difference of its forward gives {self.numerical:.10g}"
        else:
            what = (
                f"d/d(operand {self.wrt}) of its derivative {rule} = {self.analytic:.10g} "
                "when the rule is differentiated (create_graph=True)"
            )
            truth = f"a central difference of the rule itself gives {self.numerical:.10g}"
        return f"op {self.node.op!r} at node {at}{label}: {what}, but {truth}"


def one_sided(low: float, mid: float, high: float, steps: tuple[float, float]) -> tuple[float, float]:
    """The left and right slopes of three values a left step and a right step apart."""
    return (mid - low) / steps[0], (high - mid) / steps[1]


def in_interval(value: float, interval: tuple[float, float], atol: float, rtol: float) -> bool:
    """``value`` within the closed interval between the two slopes, widened by the tolerance."""
    low, high = sorted(interval)
    slack = tolerance(max(abs(low), abs(high)), atol, rtol)
    return low - slack <= value <= high + slack


def _central_slope(
    rule: Callable[..., float],
    args: Sequence[float],
    k: int,
    eps: float,
    atol: float,
    rtol: float,
    domain: Callable[..., bool] | None,
) -> float | None:
    """The central difference of ``rule`` along argument k, or None where it cannot be trusted.

    None when the window leaves ``domain``, the rule raises or is not finite there, or the
    two one-sided slopes disagree (a kink: the rule is not differentiable at this point).
    """
    h = eps * max(1.0, abs(args[k]))
    below, above = list(args), list(args)
    below[k] -= h
    above[k] += h
    if domain is not None and not (domain(*below) and domain(*above)):
        return None
    try:
        low, mid, high = rule(*below), rule(*args), rule(*above)
    except UNDEFINED:
        return None
    if not all(math.isfinite(y) for y in (low, mid, high)):
        return None
    left, right = one_sided(low, mid, high, (args[k] - below[k], above[k] - args[k]))
    if not close(left, right, atol, rtol):
        return None
    return (high - low) / (above[k] - below[k])


def _at_kink(node: Value, rule: float, eps: float, atol: float, rtol: float) -> list[Blame]:
    """A one-operand op with its operand within a step of a declared kink: is its rule a subgradient?"""
    op, (x,) = node.operation, [child.data for child in node.children]
    h = eps * max(1.0, abs(x))
    try:
        interval = one_sided(op.forward(x - h), op.forward(x), op.forward(x + h), (x - (x - h), (x + h) - x))
    except UNDEFINED:
        return []
    if in_interval(rule, interval, atol, rtol):
        return []
    nearest = min(interval, key=lambda end: abs(end - rule))
    return [Blame(node, 0, (x,), rule, nearest, kind="subgradient", interval=interval)]


def _near_kink(node: Value, eps: float) -> bool:
    """Whether ``node`` is a one-operand op whose operand lies within a finite-difference step of a kink."""
    op = node.operation
    if op is None or not op.kinks or len(node.children) != 1:
        return False
    x = node.children[0].data
    return any(abs(x - kink) <= eps * max(1.0, abs(x)) for kink in op.kinks)


def _raising_rule(node: Value, error: Exception, eps: float, atol: float, rtol: float) -> list[Blame]:
    """The rule raised: a Blame when the op says nothing against this point but its forward has a slope here.

    A DomainError is the rule saying "undefined here" on purpose, and outside ``domain`` the
    derivative may well not exist: neither is blamed.
    """
    op = node.operation
    operands = tuple(child.data for child in node.children)
    if isinstance(error, DomainError) or (op.domain is not None and not op.domain(*operands)):
        return []
    for k in range(len(operands)):
        slope = _central_slope(op.forward, operands, k, eps, atol, rtol, op.domain)
        if slope is not None:
            shown = f"{type(error).__name__}: {error}"
            return [Blame(node, k, operands, math.nan, slope, kind="raises", error=shown)]
    return []


def _blame_node(node: Value, order: int, eps: float, atol: float, rtol: float) -> list[Blame]:
    """The wrong rules of one node's op at that node's operands (first or second order)."""
    op = node.operation
    operands = tuple(child.data for child in node.children)
    found = []
    try:
        rules = op.derivatives(*operands, op.forward(*operands))
    except UNDEFINED as error:
        return _raising_rule(node, error, eps, atol, rtol) if order == 1 else []
    if order == 1:
        if _near_kink(node, eps):
            return _at_kink(node, float(rules[0]), eps, atol, rtol)
        for k in range(len(operands)):
            numerical = _central_slope(op.forward, operands, k, eps, atol, rtol, op.domain)
            if numerical is not None and not close(float(rules[k]), numerical, atol, rtol):
                found.append(Blame(node, k, operands, float(rules[k]), numerical))
        return found
    if _near_kink(node, eps):
        return []  # the rule itself jumps at the kink: it has no derivative there to compare
    leaves = [Value(x) for x in operands]
    try:
        symbolic = op.derivatives(*leaves, op.apply(*leaves))  # the rule as create_graph runs it
    except UNDEFINED:
        return []
    for j, rule_j in enumerate(symbolic):
        analytic = gradients(rule_j, leaves) if isinstance(rule_j, Value) else [0.0] * len(leaves)

        def derivative_j(*args: float, j: int = j) -> float:
            return float(op.derivatives(*args, op.forward(*args))[j])

        for k in range(len(operands)):
            numerical = _central_slope(derivative_j, operands, k, eps, atol, rtol, op.domain)
            if numerical is not None and not close(analytic[k], numerical, atol, rtol):
                found.append(Blame(node, j, operands, analytic[k], numerical, order=2, wrt=k))
    return found


def blame(root: Value, *, eps: float = 1e-6, atol: float = 1e-5, rtol: float = 1e-3, order: int = 1) -> list[Blame]:
    """The nodes of ``root``'s graph whose op has a wrong local derivative at that node's inputs.

    For every node (in topological order) and operand, compare the op's ``derivatives``
    rule with a central difference of the op's own ``forward`` (order=1), or the derivative
    of the rule as ``create_graph=True`` computes it with a central difference of the rule
    (order=2). At a declared kink (``op.kinks``) the rule must lie between the one-sided
    slopes (a subgradient); a rule that raises where the forward has a slope is reported.
    Nodes at an undeclared kink or at the edge of their op's ``domain`` are skipped, and at
    order 2 the nodes at a declared kink too (there the rule itself jumps).
    """
    if not isinstance(root, Value):
        raise TypeError(f"blame: root must be a Value (the output of a computation), got {type(root).__name__}")
    if order not in (1, 2):
        raise ValueError(f"blame: order must be 1 (the derivative rules) or 2 (their derivatives), got {order!r}")
    check_settings("blame", eps, atol, rtol)
    found = []
    for node in topological_order(root):
        if node.operation is not None:
            found.extend(_blame_node(node, order, eps, atol, rtol))
    return found
