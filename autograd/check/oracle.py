"""An exact oracle: ``f`` and its gradient recomputed in exact rational arithmetic, independently of the engine.

Finite differences only compare the engine with itself: a forward rule and a derivative rule
that are wrong in the same way agree with each other. ``exact(f, inputs)`` records ``f``'s
graph once (for its shape), then recomputes every node from this module's own table of
forward values and local derivatives — not from the ops' rules — with ``fractions.Fraction``:
exact for ``+ − × ÷``, integer powers, ``abs``, ``relu`` and the weighted sum; ``exp``,
``log``, ``sqrt``, ``tanh``, ``sigmoid``, ``sin``, ``cos`` and other powers are computed with
``decimal`` to ``DIGITS`` significant digits. The chain rule then runs over the same numbers
(reverse mode, a dozen lines here: the oracle must not borrow the engine's backward pass).
An op the table does not know (a user's op, unless ``rules=`` gives it) is reported, not guessed.
"""

from __future__ import annotations

import decimal
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from autograd import ops
from autograd.backward import topological_order
from autograd.check.common import UNDEFINED, Function, tolerance
from autograd.grad_mode import enable_grad
from autograd.op import Op
from autograd.value import Value

DIGITS = 50  # significant digits of the high-precision (decimal) results
MAX_BITS = 4096  # a fraction with a longer numerator or denominator is rounded to DIGITS digits

Rule = Callable[..., tuple[Fraction, tuple[Fraction, ...]]]  # operands -> (value, local derivatives)


@dataclass(frozen=True)
class Exact:
    """``f`` and its gradient at a point, as computed by the oracle.

    ``value``, ``gradient``  Fractions (None when ``unsupported`` is not empty).
    ``rational``     True when every number is exact; False when some op needed ``decimal``
                     (then they are correct to about ``DIGITS`` significant digits).
    ``approximated`` the ops computed with ``decimal``.
    ``unsupported``  the ops the oracle cannot compute (a user op, relu or abs at its kink).
    """

    value: Fraction | None
    gradient: tuple[Fraction, ...] | None
    rational: bool
    approximated: tuple[str, ...] = ()
    unsupported: tuple[str, ...] = ()

    @property
    def applies(self) -> bool:
        return not self.unsupported


class _Inexact(Exception):
    """Raised inside a rule that cannot compute exactly at these operands (e.g. a kink)."""


# ---- high precision ---------------------------------------------------------------------------


def _context() -> decimal.Context:
    return decimal.Context(prec=DIGITS + 10, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)


def _decimal(x: Fraction, context: decimal.Context) -> decimal.Decimal:
    return context.divide(decimal.Decimal(x.numerator), decimal.Decimal(x.denominator))


def _high(function: Callable[[decimal.Decimal, decimal.Context], decimal.Decimal]) -> Callable[[Fraction], Fraction]:
    """A Fraction -> Fraction function computed with ``decimal`` (marked inexact by its table entry)."""

    def run(x: Fraction) -> Fraction:
        context = _context()
        context.prec += max(0, int(math.log10(abs(x) + 1)))  # sin/cos of a large x lose that many digits
        return Fraction(function(_decimal(x, context), context))

    return run


def _sin_cos(x: decimal.Decimal, context: decimal.Context) -> tuple[decimal.Decimal, decimal.Decimal]:
    """sin x and cos x by their Taylor series (the ``decimal`` documentation's recipe)."""
    with decimal.localcontext(context) as local:
        local.prec += 5
        sine, cosine, term, n = x, decimal.Decimal(1), decimal.Decimal(1), 0
        power = decimal.Decimal(1)
        last = None
        while sine != last:
            last = sine
            n += 2
            power *= x * x
            term = term * n * (n - 1) if n > 2 else decimal.Decimal(2)
            sign = -1 if (n // 2) % 2 else 1
            cosine += sign * power / term
            sine += sign * power * x / (term * (n + 1))
        return +sine, +cosine


_exp = _high(lambda x, c: c.exp(x))
_ln = _high(lambda x, c: c.ln(x))
_sqrt = _high(lambda x, c: c.sqrt(x))
_sin = _high(lambda x, c: _sin_cos(x, c)[0])
_cos = _high(lambda x, c: _sin_cos(x, c)[1])


def _power(x: Fraction, n: Fraction) -> Fraction:
    """x ** n: exact for an integer n, else exp(n · ln x) (x > 0) in high precision."""
    if n.denominator == 1:
        return x ** int(n)
    if x == 0:
        return Fraction(0)
    return _exp(n * _ln(x))


# ---- the table: value and local derivatives of every built-in op, from its definition ------------


def _tanh(x: Fraction) -> tuple[Fraction, tuple[Fraction, ...]]:
    e = _exp(-2 * abs(x))
    t = (1 - e) / (1 + e) * (1 if x >= 0 else -1)
    return t, (1 - t * t,)


def _sigmoid(x: Fraction) -> tuple[Fraction, tuple[Fraction, ...]]:
    s = 1 / (1 + _exp(-x))
    return s, (s * (1 - s),)


def _piecewise(x: Fraction, slope_below: int, name: str) -> tuple[Fraction, tuple[Fraction, ...]]:
    """relu (slope_below 0) and abs (-1): exact away from the kink at 0, where no derivative exists."""
    if x == 0:
        raise _Inexact(f"{name} at its kink 0")
    slope = 1 if x > 0 else slope_below
    return x * slope, (Fraction(slope),)


def _weighted_sum(*xs: Fraction) -> tuple[Fraction, tuple[Fraction, ...]]:
    n = len(xs) // 2
    weights, inputs, bias = xs[:n], xs[n : 2 * n], xs[2 * n :]
    return sum((w * x for w, x in zip(weights, inputs)), sum(bias, Fraction(0))), (*inputs, *weights, *[1] * len(bias))


def _general_power(a: Fraction, b: Fraction) -> tuple[Fraction, tuple[Fraction, ...]]:
    out = _power(a, b)
    by_base = b * _power(a, b - 1) if b != 0 else Fraction(0)
    return out, (by_base, out * _ln(a) if a > 0 else Fraction(0))


# (rule, exact?) for each built-in op
TABLE: dict[Op, tuple[Rule, bool]] = {
    ops.add: (lambda a, b: (a + b, (Fraction(1), Fraction(1))), True),
    ops.sub: (lambda a, b: (a - b, (Fraction(1), Fraction(-1))), True),
    ops.mul: (lambda a, b: (a * b, (b, a)), True),
    ops.div: (lambda a, b: (a / b, (1 / b, -a / (b * b))), True),
    ops.neg: (lambda a: (-a, (Fraction(-1),)), True),
    ops.abs: (lambda a: _piecewise(a, -1, "abs"), True),
    ops.relu: (lambda a: _piecewise(a, 0, "relu"), True),
    ops.weighted_sum: (_weighted_sum, True),
    ops.exp: (lambda x: (_exp(x), (_exp(x),)), False),
    ops.log: (lambda x: (_ln(x), (1 / x,)), False),
    ops.sqrt: (lambda x: (_sqrt(x), (1 / (2 * _sqrt(x)),)), False),
    ops.tanh: (_tanh, False),
    ops.sigmoid: (_sigmoid, False),
    ops.sin: (lambda x: (_sin(x), (_cos(x),)), False),
    ops.cos: (lambda x: (_cos(x), (-_sin(x),)), False),
    ops.pow_: (_general_power, False),
}


def rule_for(op: Op, rules: Mapping[Op, Rule]) -> tuple[Rule, bool] | None:
    """The oracle's rule for ``op`` (and whether it is exact), or None when it has none."""
    if op in rules:
        return rules[op], False  # the user's rule: who knows how it computes
    if op in TABLE:
        return TABLE[op]
    if op.exponent is not None and op.arity == 1:  # x ** n with a fixed n, from n alone
        n = Fraction(op.exponent)
        rule = lambda x: (_power(x, n), (n * _power(x, n - 1) if n != 0 else Fraction(0),))  # noqa: E731
        return rule, n.denominator == 1
    return None


def _bounded(x: Fraction) -> tuple[Fraction, bool]:
    """``x``, or ``x`` rounded to DIGITS digits when its fraction has grown past MAX_BITS (then False)."""
    if x.numerator.bit_length() <= MAX_BITS and x.denominator.bit_length() <= MAX_BITS:
        return x, True
    context = decimal.Context(prec=DIGITS + 10, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)
    return Fraction(_decimal(x, context)), False


# ---- the oracle ------------------------------------------------------------------------------------


def _rules_of(order: Sequence[Value], rules: Mapping[Op, Rule]) -> tuple[dict[Op, tuple[Rule, bool]], list[str]]:
    """The oracle's rule for every op in ``order``, and the names of the ops it has none for."""
    found: dict[Op, tuple[Rule, bool]] = {}
    missing = []
    for node in order:
        op = node.operation
        if op is not None and op not in found:
            rule = rule_for(op, rules)
            if rule is None:
                missing.append(op.name)
            else:
                found[op] = rule
    return found, missing


def _evaluate(rule: Rule, operands: Sequence[Fraction], op: Op) -> tuple[Fraction, tuple[Fraction, ...]]:
    try:
        return rule(*operands)
    except _Inexact:
        raise
    except ArithmeticError as error:  # decimal's InvalidOperation is one: e.g. ln of an exact 0
        raise _Inexact(f"{op.name} at an exact operand outside its domain ({type(error).__name__})") from error


def exact_graph(root: Value, inputs: Sequence[Value], rules: Mapping[Op, Rule] | None = None) -> Exact:
    """The exact value of ``root`` and d root / d x for each x in ``inputs``, recomputed from ``root``'s graph."""
    order = topological_order(root)
    table, missing = _rules_of(order, {} if rules is None else rules)
    if missing:
        return Exact(None, None, False, (), tuple(dict.fromkeys(missing)))
    value: dict[Value, Fraction] = {}
    local: dict[Value, tuple[Fraction, ...]] = {}
    approximated, rational = [], True
    for node in order:
        if node.operation is None:
            value[node] = Fraction(node.data)
            continue
        rule, is_exact = table[node.operation]
        try:
            value[node], local[node] = _evaluate(rule, [value[child] for child in node.children], node.operation)
        except _Inexact as error:
            return Exact(None, None, False, (), (str(error),))
        value[node], kept = _bounded(value[node])
        rational = rational and is_exact and kept
        if not is_exact:
            approximated.append(node.operation.name)
    adjoint = {root: Fraction(1)}
    for node in reversed(order):  # the chain rule, one edge at a time, in exact arithmetic
        if node.operation is None or node not in adjoint:
            continue
        for child, derivative in zip(node.children, local[node]):
            adjoint[child], kept = _bounded(adjoint.get(child, Fraction(0)) + adjoint[node] * derivative)
            rational = rational and kept
    gradient = tuple(adjoint.get(x, Fraction(0)) for x in inputs)
    return Exact(value[root], gradient, rational, tuple(dict.fromkeys(approximated)))


def exact(
    f: Callable[..., Value | float], inputs: Sequence[Value | float], *, rules: Mapping[Op, Rule] | None = None
) -> Exact:
    """``f`` and its gradient at ``inputs``, in exact rational (or ``DIGITS``-digit) arithmetic.

    ``f`` runs once on Values to record its graph (also inside ``no_grad``); every node is then recomputed from the
    oracle's own table of each built-in op's value and derivatives, never from the ops' rules.
    ``rules={op: rule}`` adds a user op: ``rule(*operands)`` takes Fractions and returns
    ``(value, (d/d operand 0, ...))`` as Fractions. Returns an ``Exact``; when the graph
    holds an op the oracle cannot do, ``.unsupported`` names it and ``.value`` is None.
    """
    function = Function(f, inputs, "exact")
    if rules is not None and not (isinstance(rules, Mapping) and all(isinstance(op, Op) for op in rules)):
        raise TypeError(f"exact: rules must be a mapping from Op to a rule, got {type(rules).__name__} {rules!r}")
    with enable_grad():  # the graph must be recorded, even inside no_grad
        leaves, out = function.graph()
    return exact_graph(out, leaves, rules)


def to_float(x: Fraction) -> float:
    """``x`` as the nearest float (±inf beyond the largest one)."""
    try:
        return float(x)
    except OverflowError:
        return math.inf if x > 0 else -math.inf


def node_disagreements(
    root: Value, rules: Mapping[Op, Rule] | None, atol: float, rtol: float
) -> list[tuple[Value, int | None, float, float]]:
    """(node, operand index or None for the value, the engine's number, the exact one) where an op is wrong.

    Each op is compared at the engine's own operands (``Fraction(child.data)``), so only the
    op's own error counts, not the rounding of the nodes before it.
    """
    order = topological_order(root)
    table, _ = _rules_of(order, {} if rules is None else rules)
    found = []
    for node in order:
        op = node.operation
        if op not in table:
            continue
        operands = [child.data for child in node.children]
        try:
            value, derivatives = _evaluate(table[op][0], [Fraction(x) for x in operands], op)
            engine = op.derivatives(*operands, node.data)
        except (_Inexact, *UNDEFINED):
            continue
        pairs = [(None, node.data, value), *((k, float(d), e) for k, (d, e) in enumerate(zip(engine, derivatives)))]
        for index, number, truth in pairs:
            reference = to_float(truth)
            if not abs(number - reference) <= tolerance(reference, atol, rtol):
                found.append((node, index, number, reference))
    return found
