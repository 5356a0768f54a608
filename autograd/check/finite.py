"""``gradcheck`` and ``gradgradcheck``: the engine's derivatives against finite differences.

Each input moves by a step ``h = eps·max(1, |x|)`` (scaled, so large inputs keep a window
rounding cannot erase). Where the window crosses a declared kink of an op (relu and abs at 0,
``Op(kinks=...)``), there is no derivative to compare with: the check takes both one-sided
differences and passes when the analytic value lies between them (a subgradient).
``fast_mode=True`` first checks one seeded random direction (one backward pass and two
forward passes, whatever the number of inputs) and runs the full check only when that fails,
so the message still names each input and the op to blame. ``oracle=True`` also compares the
value and gradient with the exact oracle (``autograd.check.exact``), which catches a forward
rule and a derivative rule that are wrong in the same way.
"""

from __future__ import annotations

import math
import random
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from autograd import _args
from autograd.backward import topological_order
from autograd.check.common import UNDEFINED, Function, check_settings, close, tolerance
from autograd.check.culprit import Blame, blame, in_interval, one_sided
from autograd.check.oracle import Rule, exact_graph, node_disagreements, to_float
from autograd.errors import DomainError
from autograd.op import Op
from autograd.value import Value


@dataclass(frozen=True)
class Mismatch:
    """One derivative of ``f`` (or f's value) that disagrees with its reference.

    ``inputs``     (i,) for d f/d x_i; (i, j) for d²f/(d x_i d x_j); () for the value of f.
    ``kind``       "central difference", "subgradient" (a kink is in the window: ``analytic`` is
                   outside ``interval``, the two one-sided differences) or "exact" (the oracle).
    ``numerical``  the reference: the central difference, the nearer end of the interval, or the
                   exact value.
    """

    inputs: tuple[int, ...]
    analytic: float
    numerical: float
    tolerance: float
    kind: str = "central difference"
    interval: tuple[float, float] | None = None


class OracleSkippedWarning(UserWarning):
    """``gradcheck(oracle=...)`` could not use the exact oracle on this f (a user op without a rule, a kink)."""


class GradcheckError(AssertionError):
    """A derivative disagrees with its finite difference (or with the exact oracle).

    ``mismatches`` lists every disagreeing partial derivative; ``blames`` the nodes whose
    op rule is wrong (maybe empty); ``root`` is the output of ``f`` at the checked point, so
    ``draw_dot(error.root, highlight=[b.node for b in error.blames])`` shows the culprit.
    ``seed`` is the seed of the random direction when ``fast_mode=True`` found it, else None.
    """

    def __init__(
        self, message: str, mismatches: list[Mismatch], blames: list[Blame], root: Value, seed: int | None = None
    ) -> None:
        super().__init__(message)
        self.mismatches = mismatches
        self.blames = blames
        self.root = root
        self.seed = seed


@dataclass
class _Settings:
    where: str
    eps: float
    atol: float
    rtol: float
    subgradients: bool
    fast_mode: bool
    seed: int
    oracle: Mapping[Op, Rule] | None  # None: no oracle; {} the built-in table only


def _settings(
    where: str,
    eps: float,
    atol: float,
    rtol: float,
    subgradients: bool,
    fast_mode: bool,
    seed: int,
    oracle: bool | Mapping[Op, Rule],
) -> _Settings:
    check_settings(where, eps, atol, rtol)
    for name, flag in (("subgradients", subgradients), ("fast_mode", fast_mode)):
        if not isinstance(flag, bool):
            raise _args.type_error(where, name, "True or False", flag)
    _args.integer(where, "seed", seed)
    if isinstance(oracle, bool):
        rules = {} if oracle else None
    elif isinstance(oracle, Mapping) and all(isinstance(op, Op) for op in oracle):
        rules = dict(oracle)
    else:
        raise _args.type_error(where, "oracle", "True, False or a mapping from Op to an exact rule", oracle)
    return _Settings(where, eps, atol, rtol, subgradients, fast_mode, seed, rules)


# ---- kinks inside the window ---------------------------------------------------------------------


def _has_kinks(root: Value) -> bool:
    return any(node.operation is not None and node.operation.kinks for node in topological_order(root))


class _Kink(NamedTuple):
    """A declared kink inside a finite-difference window: ``op``'s operand moves across ``at``."""

    op: str
    operand: float
    at: float
    window: tuple[float, float]  # where the operand goes, from the left end of the window to the right


def _kink_crossed(roots: Sequence[Value]) -> _Kink | None:
    """Which declared kink the window (f's graphs at x - h, x, x + h) crosses, or None.

    The three graphs are compared node by node; a one-operand op with ``kinks`` whose operand
    moves from one side of a kink to the other (or onto it) is what we look for. A graph that
    takes another path at the edges of the window cannot be compared, and gives None.
    """
    orders = [topological_order(root) for root in roots]
    if len({tuple(node.op for node in order) for order in orders}) != 1:
        return None
    for low, mid, high in zip(*orders):
        op = mid.operation
        if op is None or not op.kinks or len(mid.children) != 1:
            continue
        a, b = sorted((low.children[0].data, high.children[0].data))
        for kink in op.kinks:
            if a < b and a <= kink <= b:
                return _Kink(op.name, mid.children[0].data, kink, (a, b))
    return None


def _refuse_kink(settings: _Settings, function: Function, i: int, kink: _Kink, h: float) -> DomainError:
    """The DomainError of ``subgradients=False``: a kink in the window, no derivative to compare."""
    low, high = kink.window
    return DomainError(
        f"{settings.where}: {kink.op} at input {kink.operand!r} is not differentiable (its kink {kink.at!r} lies "
        f"within [{low!r}, {high!r}]) when {function.name(i)} moves by ±{h:.3g}. Central differences cannot check "
        "a derivative there: pass subgradients=True (the default) to check that it is a subgradient, or move the point"
    )


def _undeclared_kink(function: Function, i: int, h: float, atol: float, rtol: float) -> str | None:
    """A message if moving input i by ±h drags an op's operand across a kink it does not declare, or out of
    its domain; else None. One-sided slopes (mid - lo) and (hi - mid) agree for a smooth op, jump at a kink.
    """
    x = function.point[i]
    orders = [topological_order(function.nearby(i, at, h)[1]) for at in (x - h, x, x + h)]
    if len({tuple(n.op for n in order) for order in orders}) != 1:
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
                slope_left, slope_right = one_sided(
                    op.forward(*left), mid.data, op.forward(*right), (centre[k] - lo, hi - centre[k])
                )
            except UNDEFINED:
                return outside
            if not close(slope_left, slope_right, atol, rtol):
                return (
                    f"{op.name} at input {centre[k]!r} is not differentiable: its slope jumps from "
                    f"{slope_left:.6g} to {slope_right:.6g} inside the finite-difference window "
                    f"[{min(lo, hi)!r}, {max(lo, hi)!r}] (declare Op(kinks=...) to have its subgradient checked)"
                )
    return None


# ---- one comparison ---------------------------------------------------------------------------------


def _compare(
    inputs: tuple[int, ...],
    analytic: float,
    values: tuple[float, float, float],
    steps: tuple[float, float],
    at_kink: bool,
    settings: _Settings,
) -> Mismatch | None:
    """``analytic`` against the values at x - h, x, x + h: a central difference, or at a kink the interval."""
    low, mid, high = values
    if at_kink:
        interval = one_sided(low, mid, high, steps)
        if in_interval(analytic, interval, settings.atol, settings.rtol):
            return None
        nearest = min(interval, key=lambda end: abs(end - analytic))
        slack = tolerance(max(map(abs, interval)), settings.atol, settings.rtol)
        return Mismatch(inputs, analytic, nearest, slack, "subgradient", interval)
    numerical = (high - low) / (steps[0] + steps[1])
    if close(analytic, numerical, settings.atol, settings.rtol):
        return None
    return Mismatch(inputs, analytic, numerical, tolerance(numerical, settings.atol, settings.rtol))


def _direction(n: int, seed: int) -> list[float]:
    """A reproducible random direction: each entry ±(0.5 to 1), so no input is left (almost) out."""
    rng = random.Random(seed)
    return [rng.choice((-1.0, 1.0)) * rng.uniform(0.5, 1.0) for _ in range(n)]


# ---- the report -----------------------------------------------------------------------------------


def _mismatch_lines(function: Function, m: Mismatch, eps: float, atol: float, rtol: float) -> list[str]:
    wrt = " d".join(f"({function.name(i)})" for i in m.inputs)
    what = "f" if not m.inputs else (f"df/d{wrt}" if len(m.inputs) == 1 else f"d²f/d{wrt}")
    how = "the backward pass" if len(m.inputs) == 1 else "create_graph=True"
    error = abs(m.analytic - m.numerical)
    if m.kind == "exact":
        engine = "the forward pass" if not m.inputs else how
        return [
            f"  {what}:",
            f"    engine ({engine}): {m.analytic:.17g}",
            f"    exact oracle (autograd.check.exact): {m.numerical:.17g}",
            f"    absolute error {error:.3g}; tolerance atol + rtol·|exact| = {m.tolerance:.3g}",
        ]
    if m.kind == "subgradient":
        low, high = sorted(m.interval)
        return [
            f"  {what} (a kink lies inside the finite-difference window):",
            f"    analytic  ({how}): {m.analytic:.10g}",
            f"    one-sided differences (eps={eps:g}): left {m.interval[0]:.10g}, right {m.interval[1]:.10g}; "
            f"a subgradient lies in [{low:.10g}, {high:.10g}] (± tolerance {m.tolerance:.3g})",
        ]
    relative = error / abs(m.numerical) if m.numerical else math.inf
    return [
        f"  {what}:",
        f"    analytic  ({how}): {m.analytic:.10g}",
        f"    numerical (central difference, eps={eps:g}): {m.numerical:.10g}",
        f"    absolute error {error:.3g}, relative error {relative:.3g}; tolerance "
        f"atol + rtol·|numerical| = {atol:g} + {rtol:g}·{abs(m.numerical):.4g} = {m.tolerance:.3g}",
    ]


def _oracle_blames(root: Value, settings: _Settings) -> list[Blame]:
    found = []
    for node, index, number, truth in node_disagreements(root, settings.oracle, settings.atol, settings.rtol):
        operands = tuple(child.data for child in node.children)
        kind = "exact forward" if index is None else "exact derivative"
        found.append(Blame(node, index, operands, number, truth, kind=kind))
    return found


_REFERENCES = {
    "central difference": "central finite differences",
    "subgradient": "the one-sided differences at a kink",
    "exact": "the exact oracle",
}


_AGAINST = {  # what the blamed rules disagree with, by the kind of blame
    "derivative": "a central difference of that op",
    "subgradient": "the one-sided slopes of that op at its kink",
    "exact": "the exact oracle, at that node's operands",
}


def _report(
    function: Function, mismatches: list[Mismatch], orders: tuple[int, ...], settings: _Settings, why_full: str | None
) -> GradcheckError:
    """The GradcheckError for ``mismatches``, with the blame of the graph at the point (when found)."""
    eps, atol, rtol = settings.eps, settings.atol, settings.rtol
    _, root = function.graph()
    blames = [b for order in orders for b in blame(root, eps=eps, atol=atol, rtol=rtol, order=order)]
    if any(m.kind == "exact" for m in mismatches):
        blames += _oracle_blames(root, settings)
    kind = "partial derivative" if orders == (1,) else "second derivative"
    if any(not m.inputs for m in mismatches):
        kind = "value or partial derivative"
    lines = [] if why_full is None else [why_full]  # what fast mode saw before the full check
    references = dict.fromkeys(_REFERENCES[m.kind] for m in mismatches)
    lines.append(
        f"{settings.where}: {len(mismatches)} {kind}(s) of f at ({function.shown(function.point, limit=8)}) "
        "disagree with " + " and ".join(references)
    )
    for m in mismatches:
        lines += _mismatch_lines(function, m, eps, atol, rtol)
    if blames:
        kinds = {"exact" if b.kind.startswith("exact") else b.kind for b in blames}
        against = _AGAINST.get(kinds.pop(), _AGAINST["derivative"]) if len(kinds) == 1 else _AGAINST["derivative"]
        lines.append(f"  blame — the op whose own rule disagrees with {against}:")
        lines += [f"    {b}" for b in blames]
    elif any(m.kind == "subgradient" for m in mismatches):
        lines.append(
            "  every op's rule is a subgradient at its own kink, yet their chain-rule product is not one of f: "
            "the chain rule does not compose subgradients (relu(x) - relu(-x) is x, yet its rules give 0 at 0)"
        )
    else:
        lines.append(
            "  no op's local rule disagrees with its own forward, so look at f itself: a number taken out of "
            "the graph (.data, float()) or a branch on a value (if x > 0) breaks the chain rule"
        )
    return GradcheckError("\n".join(lines), mismatches, blames, root, settings.seed if why_full else None)


def _verdict(
    function: Function,
    mismatches: list[Mismatch],
    orders: tuple[int, ...],
    settings: _Settings,
    steps: Sequence[float],
    why_full: str | None,
) -> bool:
    """True when nothing disagrees; otherwise raise the explained GradcheckError.

    A central difference that fails because the window crosses an undeclared kink or leaves an
    op's domain raises a DomainError instead: that is no wrong gradient.
    """
    if not mismatches:
        return True
    for i in dict.fromkeys(m.inputs[-1] for m in mismatches if m.kind == "central difference"):
        reason = _undeclared_kink(function, i, steps[i], settings.atol, settings.rtol)
        if reason is not None:
            raise DomainError(
                f"{settings.where}: {reason} (moving {function.name(i)} by ±{steps[i]:.3g}). Derivatives cannot "
                "be checked with finite differences there; move the point (or use a smaller eps)"
            )
    raise _report(function, mismatches, orders, settings, why_full)


def _gradients(function: Function, leaves: list[Value], out: Value, settings: _Settings, create_graph: bool) -> list:
    """The backward pass's derivatives; a rule that raises where its op has a slope is a GradcheckError."""
    try:
        return function.derivatives(leaves, out, create_graph)
    except DomainError as error:
        eps, atol, rtol = settings.eps, settings.atol, settings.rtol
        raising = [b for b in blame(out, eps=eps, atol=atol, rtol=rtol) if b.kind == "raises"]
        if not raising:
            raise
        lines = [f"{settings.where}: the backward pass failed: {error}", "  blame — a derivatives rule that raises:"]
        raise GradcheckError("\n".join(lines + [f"    {b}" for b in raising]), [], raising, out) from error


def _oracle_mismatches(leaves: list[Value], out: Value, analytic: Sequence[float], settings: _Settings) -> list:
    """The engine's value and gradient against the exact oracle (none when the oracle cannot do f)."""
    if settings.oracle is None:
        return []
    truth = exact_graph(out, leaves, settings.oracle)
    if not truth.applies:  # said out loud: a user asked for the oracle and must not think it ran
        warnings.warn(
            f"{settings.where}: the exact oracle was skipped; it cannot compute f here "
            f"({', '.join(map(repr, truth.unsupported))}), so only the finite differences were checked. "
            "A user op needs an exact rule: oracle={op: rule} (see autograd.check.exact)",
            OracleSkippedWarning,
            stacklevel=5,  # the caller of gradcheck
        )
        return []
    found = []
    pairs = [((), out.data, truth.value), *(((i,), a, e) for i, (a, e) in enumerate(zip(analytic, truth.gradient)))]
    for inputs, engine, reference in pairs:
        reference = to_float(reference)
        slack = tolerance(reference, settings.atol, settings.rtol)
        if not abs(engine - reference) <= slack:
            found.append(Mismatch(inputs, engine, reference, slack, "exact"))
    return found


# ---- the checks ---------------------------------------------------------------------------------


def _fast_first(function: Function, out: Value, analytic: list, steps: list[float], s: _Settings) -> str | None:
    """None when the derivative along one random direction agrees; otherwise why the full check runs."""
    shift = [h * u for h, u in zip(steps, _direction(len(steps), s.seed))]
    head = f"fast_mode (seed {s.seed}): "
    try:
        low, high = function.along([-d for d in shift])[1], function.along(shift)[1]
    except DomainError:
        return head + "the random direction leaves f's domain; the full check:"
    if _has_kinks(out) and _kink_crossed([low, out, high]) is not None:
        return head + "the random direction crosses a kink; the full check:"
    along = math.fsum(g * d for g, d in zip(analytic, shift)) / s.eps
    numerical = (high.data - low.data) / (2 * s.eps)
    if close(along, numerical, s.atol, s.rtol):
        return None
    return (
        f"{head}along a random direction the backward pass gives {along:.10g}, a central difference "
        f"{numerical:.10g}; the full check:"
    )


def _gradcheck(function: Function, s: _Settings) -> bool:
    leaves, out = function.graph()
    analytic = _gradients(function, leaves, out, s, create_graph=False)
    steps = function.steps(s.eps)
    why_full = _fast_first(function, out, analytic, steps, s) if s.fast_mode else None
    if s.fast_mode and why_full is None:  # the random direction agrees: no full check
        return _verdict(function, _oracle_mismatches(leaves, out, analytic, s), (1,), s, steps, None)
    kinks = _has_kinks(out)
    mismatches = []
    for i, (x, h) in enumerate(zip(function.point, steps)):
        low, high = function.nearby(i, x - h, h)[1], function.nearby(i, x + h, h)[1]
        kink = _kink_crossed([low, out, high]) if kinks else None
        if kink is not None and not s.subgradients:
            raise _refuse_kink(s, function, i, kink, h)
        values, sides = (low.data, out.data, high.data), (x - (x - h), (x + h) - x)
        found = _compare((i,), analytic[i], values, sides, kink is not None, s)
        mismatches += [found] if found else []
    mismatches += _oracle_mismatches(leaves, out, analytic, s)
    return _verdict(function, mismatches, (1,), s, steps, why_full)


def _fast_second(
    function: Function, leaves: list[Value], out: Value, first: list, steps: list[float], s: _Settings
) -> str | None:
    """None when uᵀ·H·v for two random directions agrees with a central difference of uᵀ·(first derivatives)."""
    n = len(steps)
    direction = _direction(2 * n, s.seed)
    u, shift = direction[:n], [h * v for h, v in zip(steps, direction[n:])]
    head = f"fast_mode (seed {s.seed}): "
    terms = [d * weight for d, weight in zip(first, u) if isinstance(d, Value)]
    projected = sum(terms[1:], terms[0]) if terms else None  # uᵀ·g as a Value
    hessian_u = function.derivatives(leaves, projected) if projected is not None else [0.0] * n
    try:
        below, above = function.along([-d for d in shift]), function.along(shift)
        low, high = function.derivatives(*below), function.derivatives(*above)
    except DomainError:
        return head + "the random direction leaves f's domain; the full check:"
    if _has_kinks(out) and _kink_crossed([below[1], out, above[1]]) is not None:
        return head + "the random direction crosses a kink; the full check:"
    along = math.fsum(g * d for g, d in zip(hessian_u, shift)) / s.eps
    numerical = math.fsum(w * (b - a) for w, a, b in zip(u, low, high)) / (2 * s.eps)
    if close(along, numerical, s.atol, s.rtol):
        return None
    return (
        f"{head}along random directions u, v the second derivatives give uᵀ·H·v = {along:.10g}, a central "
        f"difference {numerical:.10g}; the full check:"
    )


def _refuse_a_jump(
    function: Function, j: int, kink: _Kink, h: float, low: list[float], high: list[float], s: _Settings
) -> None:
    """DomainError if a first derivative jumps at the kink (relu' does): no second derivative exists there.

    A continuous first derivative (that of x·relu(x)) changes by about half as much over half the
    window; one that jumps changes by the same amount however small the window.
    """
    x = function.point[j]
    near_low = function.derivatives(*function.nearby(j, x - h / 2, h))
    near_high = function.derivatives(*function.nearby(j, x + h / 2, h))
    for i, (a, b, c, d) in enumerate(zip(low, high, near_low, near_high)):
        change, nearer = abs(b - a), abs(d - c)
        if change > s.atol and nearer > 0.75 * change:
            raise DomainError(
                f"{s.where}: df/d({function.name(i)}) jumps from {a:.6g} to {b:.6g} at the kink {kink.at!r} of "
                f"{kink.op} when {function.name(j)} moves by ±{h:.3g}: there is no second derivative to check "
                "there; move the point"
            )


def _gradgradcheck(function: Function, s: _Settings) -> bool:
    n = len(function.point)
    leaves, out = function.graph()
    first = _gradients(function, leaves, out, s, create_graph=True)
    steps = function.steps(s.eps)
    why_full = _fast_second(function, leaves, out, first, steps, s) if s.fast_mode else None
    if s.fast_mode and why_full is None:  # the random directions agree: no full check
        return True
    analytic = [
        function.derivatives(leaves, d) if isinstance(d, Value) else [0.0] * n  # row i: d/dx_j of df/dx_i
        for d in first
    ]
    mid = [d.data if isinstance(d, Value) else float(d) for d in first]
    kinks = _has_kinks(out)
    mismatches = []
    for j, (x, h) in enumerate(zip(function.point, steps)):
        below, above = function.nearby(j, x - h, h), function.nearby(j, x + h, h)
        kink = _kink_crossed([below[1], out, above[1]]) if kinks else None
        if kink is not None and not s.subgradients:
            raise _refuse_kink(s, function, j, kink, h)
        low, high = function.derivatives(*below), function.derivatives(*above)
        if kink is not None:
            _refuse_a_jump(function, j, kink, h, low, high, s)
        for i in range(n):
            values = (low[i], mid[i], high[i])
            found = _compare((i, j), analytic[i][j], values, (x - (x - h), (x + h) - x), kink is not None, s)
            mismatches += [found] if found else []
    return _verdict(function, mismatches, (1, 2), s, steps, why_full)


def gradcheck(
    f: Callable[..., Value | float],
    inputs: Sequence[Value | float],
    *,
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-3,
    raise_exception: bool = True,
    subgradients: bool = True,
    fast_mode: bool = False,
    seed: int = 0,
    oracle: bool | Mapping[Op, Rule] = False,
) -> bool:
    """Check every d f/d inputs[i] from the backward pass against a central finite difference.

    ``f`` takes one Value per input and returns a scalar Value (a number counts as a
    constant). Input i moves by ``h = eps·max(1, |x_i|)``; a derivative passes when
    ``|analytic - numerical| <= atol + rtol·|numerical|``. Where the window crosses a declared
    kink (relu, abs at 0) the analytic value must lie between the one-sided differences (a
    subgradient); ``subgradients=False`` raises ``DomainError`` there instead. ``fast_mode``
    checks one random direction (seeded by ``seed``) first and the full check only when it
    fails. ``oracle=True`` (or a mapping of exact rules for user ops, see ``exact``) also
    compares the value and gradient with the exact oracle; where it cannot (an op with no exact
    rule, relu or abs exactly at a kink) an ``OracleSkippedWarning`` names why.

    Returns True; otherwise raises ``GradcheckError`` naming the input, both values, the errors,
    the tolerance and the blamed op (or returns False when ``raise_exception=False``). A window
    that leaves f's domain or crosses an undeclared kink raises ``DomainError``: move the point.
    """
    settings = _settings("gradcheck", eps, atol, rtol, subgradients, fast_mode, seed, oracle)
    return _verdict_or_false(_gradcheck, Function(f, inputs, "gradcheck"), settings, raise_exception)


def gradgradcheck(
    f: Callable[..., Value | float],
    inputs: Sequence[Value | float],
    *,
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-3,
    raise_exception: bool = True,
    subgradients: bool = True,
    fast_mode: bool = False,
    seed: int = 0,
) -> bool:
    """Check every second derivative d²f/(d x_i d x_j) against finite differences of the first derivatives.

    The analytic second derivatives differentiate the first derivatives that
    ``gradients(..., create_graph=True)`` builds as a graph; the numerical ones are
    central differences of the (backward-pass) first derivatives. Kinks, ``subgradients``,
    ``fast_mode`` (here uᵀ·H·v for two random directions) and the results as in ``gradcheck``;
    the blame also checks each op's derivative rule for being differentiable correctly (a
    rule that leaves the graph through ``.data`` is caught here).
    """
    settings = _settings("gradgradcheck", eps, atol, rtol, subgradients, fast_mode, seed, False)
    return _verdict_or_false(_gradgradcheck, Function(f, inputs, "gradgradcheck"), settings, raise_exception)


def _verdict_or_false(
    check: Callable[[Function, _Settings], bool], function: Function, s: _Settings, raise_exception: bool
) -> bool:
    """Run ``check``; a failed check raises ``GradcheckError``, or returns False when ``raise_exception`` is off."""
    try:
        return check(function, s)
    except GradcheckError:
        if raise_exception:
            raise
        return False
