"""Gradient checks: compare the derivatives the engine computes with finite differences.

``gradcheck(f, inputs)`` compares every partial derivative d f / d inputs[i] from the
backward pass with the central difference ``(f(x + eps) - f(x - eps)) / 2 eps``.
``gradgradcheck`` does the same one level up: the second derivatives from
``create_graph=True`` against central differences of the first derivatives.

When a check fails, the error says which input, both values, both errors and the
tolerance, and ``blame`` looks inside the graph for the culprit: the node whose op's
local derivative (its ``derivatives`` rule) disagrees with a central difference of that
op's own ``forward`` at that node's inputs. Points where an op has a kink (relu and abs
at 0) or where the finite-difference window leaves an op's domain are reported as such
(a ``DomainError`` saying to move the point), never as a wrong gradient.
"""

from __future__ import annotations

import inspect
import math
import numbers
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from autograd.backward import gradients, topological_order
from autograd.errors import DomainError
from autograd.grad_mode import is_grad_enabled
from autograd.value import Value

_UNDEFINED = (ArithmeticError, ValueError)  # what a forward or derivative rule raises outside its domain


@dataclass(frozen=True)
class Blame:
    """One op whose rule disagrees with a central difference of that same op, at one node.

    ``node``      the Value the op produced (draw it with ``draw_dot(root, highlight=[b.node])``).
    ``index``     the operand whose local derivative d(node)/d(operand ``index``) is wrong.
    ``operands``  the operands' values at that node.
    ``analytic``  what the op's rule says; ``numerical`` what the central difference says.
    ``order``     1: the ``derivatives`` rule itself is wrong. 2: the rule has the right value
                  but its own derivative (what ``create_graph=True`` differentiates) is wrong,
                  namely d/d(operand ``wrt``) of d(node)/d(operand ``index``).
    """

    node: Value
    index: int
    operands: tuple[float, ...]
    analytic: float
    numerical: float
    order: int = 1
    wrt: int | None = None

    def __str__(self) -> str:
        label = f" (label {self.node.label!r})" if self.node.label else ""
        at = f"{self.node.op}({', '.join(repr(x) for x in self.operands)})"
        if self.order == 1:
            what = f"d(out)/d(operand {self.index}) = {self.analytic:.10g} by its derivatives rule"
            truth = f"a central difference of its forward gives {self.numerical:.10g}"
        else:
            what = (
                f"d/d(operand {self.wrt}) of its derivative d(out)/d(operand {self.index}) = {self.analytic:.10g} "
                "when the rule is differentiated (create_graph=True)"
            )
            truth = f"a central difference of the rule itself gives {self.numerical:.10g}"
        return f"op {self.node.op!r} at node {at}{label}: {what}, but {truth}"


@dataclass(frozen=True)
class Mismatch:
    """One partial derivative of ``f`` that disagrees with its finite difference."""

    inputs: tuple[int, ...]  # (i,) for d f/d x_i; (i, j) for d²f/(d x_i d x_j)
    analytic: float
    numerical: float
    tolerance: float


class GradcheckError(AssertionError):
    """A derivative disagrees with its finite difference.

    ``mismatches`` lists every disagreeing partial derivative; ``blames`` the nodes whose
    op rule is wrong (maybe empty); ``root`` is the output of ``f`` at the checked point, so
    ``draw_dot(error.root, highlight=[b.node for b in error.blames])`` shows the culprit.
    """

    def __init__(self, message: str, mismatches: list[Mismatch], blames: list[Blame], root: Value) -> None:
        super().__init__(message)
        self.mismatches = mismatches
        self.blames = blames
        self.root = root


# ---- comparing two numbers ------------------------------------------------------------------


def _tolerance(numerical: float, atol: float, rtol: float) -> float:
    return atol + rtol * abs(numerical)


def _close(analytic: float, numerical: float, atol: float, rtol: float) -> bool:
    return abs(analytic - numerical) <= _tolerance(numerical, atol, rtol)


# ---- checking the arguments -----------------------------------------------------------------


def _check_settings(where: str, eps: float, atol: float, rtol: float) -> None:
    if not is_grad_enabled():
        raise RuntimeError(f"{where}: called inside no_grad(), where no graph is recorded; call it outside no_grad")
    for name, number in (("eps", eps), ("atol", atol), ("rtol", rtol)):
        real = isinstance(number, numbers.Real) and not isinstance(number, bool) and math.isfinite(number)
        if not real or number < 0 or (name == "eps" and number == 0):
            expected = "positive" if name == "eps" else "non-negative"
            raise ValueError(f"{where}: {name} must be a finite {expected} number, got {number!r}")


def _point(inputs: object, where: str) -> list[float]:
    """The inputs as floats; TypeError/ValueError for anything that is not a non-empty list of finite numbers."""
    if isinstance(inputs, (Value, numbers.Number, str, bytes)) or not isinstance(inputs, Sequence):
        raise TypeError(
            f"{where}: inputs must be a list or tuple of numbers or Values (one per argument of f), "
            f"got {type(inputs).__name__} {inputs!r}; for a single input write [{inputs!r}]"
        )
    if not inputs:
        raise ValueError(f"{where}: inputs is empty; give at least one number to differentiate with respect to")
    point = []
    for i, x in enumerate(inputs):
        number = x.data if isinstance(x, Value) else x
        if isinstance(number, bool) or not isinstance(number, numbers.Real):
            raise TypeError(f"{where}: input {i} must be a number or a Value, got {type(x).__name__} {x!r}")
        if not math.isfinite(number):
            raise ValueError(f"{where}: input {i} is {number!r}; derivatives can only be checked at finite numbers")
        point.append(float(number))
    return point


def _labels(f: Callable[..., object], inputs: Sequence[object]) -> list[str]:
    """A name for each input: its Value label, else the name of f's parameter, else ""."""
    try:
        parameters = inspect.signature(f).parameters.values()
    except (TypeError, ValueError):  # some builtins and C functions have no signature
        parameters = []
    positional = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    names = [p.name for p in parameters if p.kind in positional]
    labels = []
    for i, x in enumerate(inputs):
        if isinstance(x, Value) and x.label:
            labels.append(x.label)
        else:
            labels.append(names[i] if i < len(names) else "")
    return labels


class _Function:
    """``f`` evaluated on fresh leaves at any point, with the errors turned into clear messages."""

    def __init__(self, f: Callable[..., object], inputs: Sequence[object], where: str) -> None:
        if not callable(f):
            raise TypeError(f"{where}: f must be a function of the inputs, got {type(f).__name__} {f!r}")
        self.f = f
        self.where = where
        self.point = _point(inputs, where)
        self.labels = _labels(f, inputs)

    def name(self, i: int) -> str:
        return f"input {i} {self.labels[i]!r}" if self.labels[i] else f"input {i}"

    def shown(self, point: Sequence[float]) -> str:
        return ", ".join(f"{label}={x!r}" if label else repr(x) for label, x in zip(self.labels, point))

    def _build(self, point: Sequence[float]) -> tuple[list[Value], Value]:
        """f's graph at ``point``: fresh input leaves and the output Value (DomainError if not finite)."""
        leaves = [Value(x, label) for x, label in zip(point, self.labels)]
        out = self.f(*leaves)
        if isinstance(out, numbers.Real) and not isinstance(out, bool):
            out = Value(float(out))  # a constant: every derivative is 0
        if not isinstance(out, Value):
            raise TypeError(
                f"{self.where}: f must return a scalar (one Value or number), got {type(out).__name__} {out!r}"
            )
        if not math.isfinite(out.data):
            raise DomainError(f"f({self.shown(point)}) = {out.data!r} is not finite")
        return leaves, out

    def graph(self) -> tuple[list[Value], Value]:
        """f's graph at the point being checked."""
        try:
            return self._build(self.point)
        except _UNDEFINED as error:  # DomainError is a ValueError
            raise DomainError(
                f"{self.where}: f has no derivative at ({self.shown(self.point)}): {error}; move the point"
            ) from error

    def nearby(self, i: int, x: float, eps: float) -> tuple[list[Value], Value]:
        """f's graph with input i moved to x, one side of a finite-difference window."""
        point = list(self.point)
        point[i] = x
        try:
            return self._build(point)
        except _UNDEFINED as error:
            raise DomainError(
                f"{self.where}: f is undefined at {self.name(i)} = {x!r}, inside the finite-difference window "
                f"{self.point[i]!r} ± eps={eps!r}: {error}; move the point away from the edge of the domain "
                "(or use a smaller eps)"
            ) from error

    def derivatives(self, leaves: list[Value], out: Value, create_graph: bool = False) -> list:
        try:
            return gradients(out, leaves, create_graph=create_graph)
        except DomainError as error:
            shown = self.shown([leaf.data for leaf in leaves])
            raise DomainError(f"{self.where}: at ({shown}) {error}; move the point") from error


# ---- diagnosis: kinks inside the window, and blame --------------------------------------------


def _kink(function: _Function, i: int, eps: float, atol: float, rtol: float) -> str | None:
    """A message if moving input i by ±eps drags some op's operand across a kink, else None.

    The graphs at x - eps, x and x + eps are compared node by node. An operand that moves
    from ``lo`` to ``mid`` to ``hi`` sees the op's one-sided slopes (mid - lo) and (hi - mid);
    for a smooth op these agree, at a kink (relu, abs at 0) they jump.
    """
    x = function.point[i]
    orders = [topological_order(function.nearby(i, at, eps)[1]) for at in (x - eps, x, x + eps)]
    lengths, names = {len(order) for order in orders}, {tuple(n.op for n in order) for order in orders}
    if len(lengths) != 1 or len(names) != 1:
        return None  # f takes a different path at the edges of the window: no node-by-node comparison
    for low, mid, high in zip(*orders):
        op = mid.operation
        if op is None:
            continue
        centre = [child.data for child in mid.children]
        for k in range(len(centre)):
            lo, hi = low.children[k].data, high.children[k].data
            if not lo < centre[k] < hi and not hi < centre[k] < lo:
                continue  # this operand does not move (or moves to one side only)
            left, right = list(centre), list(centre)
            left[k], right[k] = lo, hi
            outside = f"{op.name} is undefined within [{lo!r}, {hi!r}] around operand {k} = {centre[k]!r}"
            if op.domain is not None and not (op.domain(*left) and op.domain(*right)):
                return outside
            try:
                slope_left = (mid.data - op.forward(*left)) / (centre[k] - lo)
                slope_right = (op.forward(*right) - mid.data) / (hi - centre[k])
            except _UNDEFINED:
                return outside
            if not _close(slope_left, slope_right, atol, rtol):
                return (
                    f"{op.name} at input {centre[k]!r} is not differentiable: its slope jumps from "
                    f"{slope_left:.6g} to {slope_right:.6g} inside the finite-difference window "
                    f"[{min(lo, hi)!r}, {max(lo, hi)!r}]"
                )
    return None


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
    except _UNDEFINED:
        return None
    if not all(math.isfinite(y) for y in (low, mid, high)):
        return None
    slope_left = (mid - low) / (args[k] - below[k])
    slope_right = (high - mid) / (above[k] - args[k])
    if not _close(slope_left, slope_right, atol, rtol):
        return None
    return (high - low) / (above[k] - below[k])


def _blame_node(node: Value, order: int, eps: float, atol: float, rtol: float) -> list[Blame]:
    """The wrong rules of one node's op at that node's operands (first or second order)."""
    op = node.operation
    operands = tuple(child.data for child in node.children)
    found = []
    try:
        rules = op.derivatives(*operands, op.forward(*operands))
    except _UNDEFINED:
        return []  # no derivative at this point: nothing to compare
    if order == 1:
        for k in range(len(operands)):
            numerical = _central_slope(op.forward, operands, k, eps, atol, rtol, op.domain)
            if numerical is not None and not _close(float(rules[k]), numerical, atol, rtol):
                found.append(Blame(node, k, operands, float(rules[k]), numerical))
        return found
    leaves = [Value(x) for x in operands]
    try:
        symbolic = op.derivatives(*leaves, op.apply(*leaves))  # the rule as create_graph runs it
    except _UNDEFINED:
        return []
    for j, rule_j in enumerate(symbolic):
        analytic = gradients(rule_j, leaves) if isinstance(rule_j, Value) else [0.0] * len(leaves)

        def derivative_j(*args: float, j: int = j) -> float:
            return float(op.derivatives(*args, op.forward(*args))[j])

        for k in range(len(operands)):
            numerical = _central_slope(derivative_j, operands, k, eps, atol, rtol, op.domain)
            if numerical is not None and not _close(analytic[k], numerical, atol, rtol):
                found.append(Blame(node, j, operands, analytic[k], numerical, order=2, wrt=k))
    return found


def blame(root: Value, *, eps: float = 1e-6, atol: float = 1e-5, rtol: float = 1e-3, order: int = 1) -> list[Blame]:
    """The nodes of ``root``'s graph whose op has a wrong local derivative at that node's inputs.

    For every node (in topological order) and operand, compare the op's ``derivatives``
    rule with a central difference of the op's own ``forward`` (order=1), or the derivative
    of the rule as ``create_graph=True`` computes it with a central difference of the rule
    (order=2). Nodes at a kink or at the edge of their op's ``domain`` are skipped: they are
    not differentiable there, which is no fault of the rule.
    """
    if not isinstance(root, Value):
        raise TypeError(f"blame: root must be a Value (the output of a computation), got {type(root).__name__}")
    if order not in (1, 2):
        raise ValueError(f"blame: order must be 1 (the derivative rules) or 2 (their derivatives), got {order!r}")
    _check_settings("blame", eps, atol, rtol)
    found = []
    for node in topological_order(root):
        if node.operation is not None:
            found.extend(_blame_node(node, order, eps, atol, rtol))
    return found


# ---- the checks ---------------------------------------------------------------------------------


def _report(
    function: _Function, mismatches: list[Mismatch], orders: tuple[int, ...], eps: float, atol: float, rtol: float
) -> GradcheckError:
    """The GradcheckError for ``mismatches``, with the blame of the graph at the point (when found)."""
    where = function.where
    _, root = function.graph()
    blames = [b for order in orders for b in blame(root, eps=eps, atol=atol, rtol=rtol, order=order)]
    kind = "partial derivative" if orders == (1,) else "second derivative"
    lines = [
        f"{where}: {len(mismatches)} {kind}(s) of f at ({function.shown(function.point)}) disagree with "
        "central finite differences"
    ]
    for m in mismatches:
        error = abs(m.analytic - m.numerical)
        relative = error / abs(m.numerical) if m.numerical else math.inf
        wrt = " d".join(f"({function.name(i)})" for i in m.inputs)
        what = f"df/d{wrt}" if len(m.inputs) == 1 else f"d²f/d{wrt}"
        how = "the backward pass" if len(m.inputs) == 1 else "create_graph=True"
        lines += [
            f"  {what}:",
            f"    analytic  ({how}): {m.analytic:.10g}",
            f"    numerical (central difference, eps={eps:g}): {m.numerical:.10g}",
            f"    absolute error {error:.3g}, relative error {relative:.3g}; tolerance "
            f"atol + rtol·|numerical| = {atol:g} + {rtol:g}·{abs(m.numerical):.4g} = {m.tolerance:.3g}",
        ]
    if blames:
        lines.append("  blame — the op whose own rule disagrees with a central difference of that op:")
        lines += [f"    {b}" for b in blames]
    else:
        lines.append(
            "  no op's local rule disagrees with its own forward, so look at f itself: a number taken out of "
            "the graph (.data, float()) or a branch on a value (if x > 0) breaks the chain rule"
        )
    return GradcheckError("\n".join(lines), mismatches, blames, root)


def _explain(
    function: _Function, mismatches: list[Mismatch], orders: tuple[int, ...], eps: float, atol: float, rtol: float
) -> GradcheckError:
    """The error for ``mismatches``; a kink or a domain edge inside the window raises DomainError instead."""
    for i in dict.fromkeys(index for m in mismatches for index in m.inputs):
        reason = _kink(function, i, eps, atol, rtol)
        if reason is not None:
            raise DomainError(
                f"{function.where}: {reason} (moving {function.name(i)} by ±eps={eps:g}). Derivatives cannot be "
                "checked with finite differences there; move the point (or use a smaller eps)"
            )
    return _report(function, mismatches, orders, eps, atol, rtol)


def _verdict(
    function: _Function,
    mismatches: list[Mismatch],
    orders: tuple[int, ...],
    eps: float,
    atol: float,
    rtol: float,
    raise_exception: bool,
) -> bool:
    """True when nothing disagrees; otherwise raise the explained GradcheckError, or return False."""
    if not mismatches:
        return True
    error = _explain(function, mismatches, orders, eps, atol, rtol)
    if raise_exception:
        raise error
    return False


def gradcheck(
    f: Callable[..., Value | float],
    inputs: Sequence[Value | float],
    *,
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-3,
    raise_exception: bool = True,
) -> bool:
    """Check every d f/d inputs[i] from the backward pass against a central finite difference.

    ``f`` takes one Value per input and returns a scalar Value (a number counts as a
    constant). Passes when ``|analytic - numerical| <= atol + rtol * |numerical|`` for
    every input, and returns True. Otherwise raises ``GradcheckError`` naming the input,
    both values, the errors, the tolerance and the blamed op (or returns False when
    ``raise_exception=False``). A point where f is not differentiable within the window
    ±eps (a kink, the edge of a domain) raises ``DomainError`` instead: move the point.
    """
    _check_settings("gradcheck", eps, atol, rtol)
    function = _Function(f, inputs, "gradcheck")
    leaves, out = function.graph()
    analytic = function.derivatives(leaves, out)
    mismatches = []
    for i, x in enumerate(function.point):
        low, high = function.nearby(i, x - eps, eps)[1], function.nearby(i, x + eps, eps)[1]
        numerical = (high.data - low.data) / ((x + eps) - (x - eps))
        if not _close(analytic[i], numerical, atol, rtol):
            mismatches.append(Mismatch((i,), analytic[i], numerical, _tolerance(numerical, atol, rtol)))
    return _verdict(function, mismatches, (1,), eps, atol, rtol, raise_exception)


def gradgradcheck(
    f: Callable[..., Value | float],
    inputs: Sequence[Value | float],
    *,
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-3,
    raise_exception: bool = True,
) -> bool:
    """Check every second derivative d²f/(d x_i d x_j) against finite differences of the first derivatives.

    The analytic second derivatives differentiate the first derivatives that
    ``gradients(..., create_graph=True)`` builds as a graph; the numerical ones are
    central differences of the (backward-pass) first derivatives. Results and errors as
    in ``gradcheck``; the blame also checks each op's derivative rule for being
    differentiable correctly (a rule that leaves the graph through ``.data`` is caught here).
    """
    _check_settings("gradgradcheck", eps, atol, rtol)
    function = _Function(f, inputs, "gradgradcheck")
    n = len(function.point)
    leaves, out = function.graph()
    first = function.derivatives(leaves, out, create_graph=True)
    analytic = [
        function.derivatives(leaves, d) if isinstance(d, Value) else [0.0] * n  # row i: d/dx_j of df/dx_i
        for d in first
    ]
    mismatches = []
    for j, x in enumerate(function.point):
        low = function.derivatives(*function.nearby(j, x - eps, eps))
        high = function.derivatives(*function.nearby(j, x + eps, eps))
        for i in range(n):
            numerical = (high[i] - low[i]) / ((x + eps) - (x - eps))
            if not _close(analytic[i][j], numerical, atol, rtol):
                mismatches.append(Mismatch((i, j), analytic[i][j], numerical, _tolerance(numerical, atol, rtol)))
    return _verdict(function, mismatches, (1, 2), eps, atol, rtol, raise_exception)
