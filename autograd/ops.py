"""Every primitive operation as one line of a rule table: its forward value and its local derivative(s).

Read each entry as a textbook line: ``forward`` says what the op computes, ``derivatives``
says how a small change in each input moves the output (d out / d input), given the
inputs and the output ``out``. A rule gives only the local derivative: the multiplication
by the upstream gradient happens once, in the chain-rule line of ``autograd.backward``.

The derivative rules use only arithmetic and other ops, so the same rule runs on floats in
an ordinary backward pass and on Values under ``create_graph=True``. Each op can be called
on floats (returns a float) or on Values (returns a Value).

The table comes in lecture order — arithmetic, smooth functions, piecewise-linear
functions — then the forward rules that check their domain, the fused ``weighted_sum``,
and last the operators this table gives ``Value`` (``a + b`` is ``add(a, b)``).

Powers have one name: ``pow(base, exponent)``, which is what ``**`` calls.
"""

from __future__ import annotations

import functools
import math
import numbers
import operator
import sys
from collections.abc import Sequence

from autograd.errors import domain_error
from autograd.op import Op, apply_binary, apply_unary
from autograd.value import Value, as_float, data_of, is_number

# ---- arithmetic -----------------------------------------------------------------------------------------------------

add = Op("+", forward=lambda a, b: a + b, derivatives=lambda a, b, out: (1.0, 1.0), rules=("1", "1"))
sub = Op("-", forward=lambda a, b: a - b, derivatives=lambda a, b, out: (1.0, -1.0), rules=("1", "−1"))
mul = Op("*", forward=lambda a, b: a * b, derivatives=lambda a, b, out: (b, a), rules=("{b}", "{a}"))
div = Op(
    "/",
    forward=lambda a, b: _divide(a, b),
    derivatives=lambda a, b, out: (1.0 / b, -out / b),  # d(a/b)/db = -a/b² = -out/b
    domain=lambda a, b: b != 0,
    rules=("1/{b}", "−{out}/{b}"),
)
neg = Op("neg", forward=lambda a: -a, derivatives=lambda a, out: (-1.0,), rules=("−1",))
# base ** exponent with both operands in the graph; a number exponent uses _power_of(n) below
_power = Op(
    "**",
    forward=lambda a, b: _real_power(a, b),
    derivatives=lambda a, b, out: (b * pow(a, b - 1), out * _log_of_base(a)),
    domain=lambda a, b: _power_domain(a, b),
    rules=("{b}·{a}^({b} − 1)", "{out}·log({a})"),
)


@functools.lru_cache(maxsize=1024)  # bounded: a program trying many exponents keeps only the latest 1,024
def _power_of(n: float) -> Op:
    """The op ``x ** n`` for a fixed number ``n`` (shown as "**n"); ``n`` as ``_exponent`` gives it."""
    if n == 0:  # x ** 0 is the constant 1: flat everywhere, including at x = 0
        return Op("**0", forward=lambda x: 1.0, derivatives=lambda x, out: (0.0,), exponent=0.0, rules=("0",))
    slope = _coefficient(n)
    return Op(
        f"**{_exponent_text(n)}",
        forward=lambda x: _real_power(x, n),
        derivatives=lambda x, out: (slope * _power_of(n - 1)(x),),
        domain=lambda x: _power_domain(x, n),
        exponent=n,
        rules=(f"{_exponent_text(n)}·{{x}}^{_exponent_text(n - 1)}",),
    )


def pow(base: Value | float, exponent: Value | float) -> Value | float:
    """``base ** exponent``, the one name for powers (``**`` calls it).

    A number exponent gives the one-operand op ``x ** n`` (its ``Op.exponent`` is ``n``); a
    Value exponent the two-operand op ``**``, which also has a slope with respect to the exponent.
    """
    if is_number(exponent):  # a constant exponent, numpy's numbers included
        if is_number(base):
            return _power(base, _exponent(exponent))
        return _power_of(_exponent(exponent))(base)
    return _power(base, exponent)


# ---- smooth functions -----------------------------------------------------------------------------------------------

exp = Op("exp", forward=lambda x: _exp(x), derivatives=lambda x, out: (out,), rules=("exp({x}) = {out}",))
log = Op(
    "log", forward=lambda x: _log(x), derivatives=lambda x, out: (1.0 / x,), domain=lambda x: x > 0, rules=("1/{x}",)
)
sqrt = Op(
    "sqrt",
    forward=lambda x: _sqrt(x),
    derivatives=lambda x, out: (0.5 / out,),
    domain=lambda x: x > 0,
    rules=("0.5/{out}",),
)
tanh = Op("tanh", forward=math.tanh, derivatives=lambda x, out: (1.0 - out * out,), rules=("1 − {out}²",))
sigmoid = Op(
    "sigmoid",
    forward=lambda x: _sigmoid(x),
    derivatives=lambda x, out: (out * (1.0 - out),),
    rules=("{out}·(1 − {out})",),
)
sin = Op(
    "sin", forward=lambda x: _finite("sin", math.sin, x), derivatives=lambda x, out: (cos(x),), rules=("cos({x})",)
)
cos = Op(
    "cos", forward=lambda x: _finite("cos", math.cos, x), derivatives=lambda x, out: (-sin(x),), rules=("−sin({x})",)
)


# ---- piecewise linear -----------------------------------------------------------------------------------------------

abs = Op(
    "abs",
    forward=lambda a: a if a >= 0 else -a,
    derivatives=lambda a, out: (_sign(a),),
    kinks=(0.0,),
    rules=("sign({x})",),
)
relu = Op(
    "relu",
    forward=lambda x: 0.0 if x <= 0 else x,  # NaN stays NaN (and is refused), never hidden as 0
    derivatives=lambda x, out: (_step(x),),
    kinks=(0.0,),
    rules=("1 if {x} > 0 else 0",),
)


# ---- the forward rules that check their domain, and the slopes at kinks ---------------------------------------------


def _divide(a: float, b: float) -> float:
    if b == 0:
        raise domain_error("/", "division by zero: the divisor must be nonzero", a, b)
    return a / b


def _real_power(base: float, exponent: float) -> float:
    """``base ** exponent`` as a real number, with clear errors where it is undefined."""
    if base == 0 and exponent < 0:
        raise domain_error("**", "0 to a negative power is undefined (division by zero)", base, exponent)
    if base < 0 and not _is_whole(exponent):
        raise domain_error(
            "**", "a negative base needs an integer exponent (the result would be complex)", base, exponent
        )
    try:
        return float(base) ** exponent
    except OverflowError:  # past the largest float (or an int exponent past it): what IEEE arithmetic gives
        return _overflowed_power(float(base), exponent)


def _overflowed_power(base: float, exponent: float) -> float:
    """``base ** exponent`` when Python's ``**`` overflows: ±inf, or 0 for a huge exponent of a base below 1."""
    odd = base < 0 and exponent % 2 == 1  # a negative base to an odd integer power keeps its sign
    size = _coefficient(exponent)  # ±inf for an int beyond the largest float
    magnitude = math.fabs(base) ** size if math.isinf(size) else math.inf
    return -magnitude if odd else magnitude


def _power_domain(base: float, exponent: float) -> bool:
    return not (base == 0 and exponent < 0) and not (base < 0 and not _is_whole(exponent))


def _log_of_base(base: Value | float) -> Value | float:
    """log(base) for d(base**x)/dx; 0 for base 0, where base**x (x > 0) is flat at 0."""
    data = data_of(base)
    if data == 0:
        return 0.0
    if data < 0:
        raise domain_error("**", "the derivative with respect to the exponent needs a positive base", data)
    return log(base)


def _exponent(n: float) -> float:
    """A number exponent as ``_power_of`` keys it: a float, or an exact int where a float would lose its parity."""
    if isinstance(n, numbers.Integral):  # int, bool, numpy's ints
        whole = int(n)
        return float(whole) if -(2**53) <= whole <= 2**53 else whole  # (-2.0) ** (2**63 + 1) stays odd: -inf
    return as_float(n, "**", "exponent")  # NaN is refused, never cached


def _is_whole(exponent: float) -> bool:
    return isinstance(exponent, numbers.Integral) or float(exponent).is_integer()


def _coefficient(n: float) -> float:
    """``n`` as a float factor; ±inf for an int beyond the largest float."""
    try:
        return float(n)
    except OverflowError:
        return math.inf if n > 0 else -math.inf


def _exponent_text(n: float) -> str:
    """How an exponent is shown in an op's name: ``2``, ``0.5``, ``-1``; a huge int as ``~1e+400``."""
    if isinstance(n, int) and not -sys.float_info.max <= n <= sys.float_info.max:
        return f"{'-' if n < 0 else ''}~1e+{int(math.log10(-n if n < 0 else n))}"
    return f"{n:g}"


def _exp(x: float) -> float:
    try:
        return math.exp(x)
    except OverflowError:  # e**x beyond the largest float
        return math.inf


def _log(x: float) -> float:
    if x <= 0:
        raise domain_error("log", "log needs a positive number", x)
    return math.log(x)


def _sqrt(x: float) -> float:
    if x < 0:
        raise domain_error("sqrt", "sqrt needs a non-negative number", x)
    return math.sqrt(x)


def _sigmoid(x: float) -> float:
    # Two forms of 1 / (1 + e^-x), each safe from overflow on its side of 0.
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def _finite(name: str, function: object, x: float) -> float:
    """``function(x)`` with a clear DomainError at ±inf (where math.sin and math.cos raise "math domain error")."""
    if math.isinf(x):
        raise domain_error(name, f"{name} needs a finite number", x)
    return function(x)


def _sign(x: Value | float) -> float:
    """-1.0, 0.0 or 1.0: the slope of |x| (0 at the kink, as in PyTorch)."""
    x = data_of(x)
    return (x > 0) - (x < 0) + 0.0


def _step(x: Value | float) -> float:
    """1.0 where x > 0, else 0.0: the slope of relu (0 at the kink, as in PyTorch)."""
    return 1.0 if data_of(x) > 0 else 0.0


# ---- fused ops: one node where the lecture has many -----------------------------------------------------------------
# A neuron's w1*x1 + ... + wn*xn + b is 2n nodes in the lecture's graph. As one node it has the
# same gradients with ten times fewer nodes to build, order and walk back through: what makes
# training fast (README, "Where the speed comes from"), and a neuron one box in the pictures.


def _weighted_sum(*operands: float) -> float:
    """w1*x1 + ... + wn*xn (+ b): the operands are w1..wn, then x1..xn, then the bias b if any."""
    n = len(operands) // 2
    bias = operands[-1] if len(operands) % 2 else 0.0  # an odd count means a bias comes last
    return sum(map(operator.mul, operands[:n], operands[n : 2 * n]), bias)


def _weighted_sum_derivatives(*operands_and_out: float) -> tuple:
    """d/dw_i = x_i, d/dx_i = w_i, d/db = 1 (in the operands' order: weights, inputs, bias)."""
    count = len(operands_and_out) - 1  # the last is out
    n = count // 2
    return operands_and_out[n : 2 * n] + operands_and_out[:n] + (1.0,) * (count % 2)


# The op itself takes its operands flat: weighted_sum(w1, ..., wn, x1, ..., xn[, b]); an odd count
# means a bias comes last. ``weighted_sum_of`` says which operand is which and checks the lengths.
weighted_sum = Op("Σw·x", forward=_weighted_sum, derivatives=_weighted_sum_derivatives)


def weighted_sum_of(
    weights: Sequence[Value | float], inputs: Sequence[Value | float], bias: Value | float | None = None
) -> Value | float:
    """``bias + Σ weights[i] * inputs[i]`` as one ``weighted_sum`` node; the two lengths must agree."""
    if len(weights) != len(inputs):
        raise ValueError(
            f"weighted_sum_of: weights and inputs must have the same length, got {len(weights)} weight(s) "
            f"and {len(inputs)} input(s)"
        )
    operands = [*weights, *inputs] if bias is None else [*weights, *inputs, bias]
    return weighted_sum(*operands)


# ---- the names powers had before ``pow`` was the one name ---------------------------------------------------------
# Kept so that code using them runs: ``pow_`` is the two-operand Op of ``a ** b``, ``power(n)`` the
# one-operand Op of ``x ** n``. New code writes ``**`` or ``pow``, and reads ``Op.exponent``.
pow_ = _power


def power(n: float) -> Op:
    """The Op of ``x ** n`` for a fixed number ``n`` (the same Op ``x ** n`` records)."""
    return _power_of(_exponent(n))


# ---- Value's operators: each one op of the table above --------------------------------------------------------------
# ``Value`` (autograd/value.py) is defined before any op exists, so the imports run one way
# (value → op → ops); the table gives it its arithmetic here, where the table is complete.


def _binary(op: Op, reflected: bool = False) -> object:
    if reflected:
        return lambda self, other: apply_binary(op, other, self)
    return lambda self, other: apply_binary(op, self, other)


def _unary(op: Op) -> object:
    return lambda self: apply_unary(op, self)


_VALUE_OPERATORS = {
    "__add__": _binary(add),
    "__radd__": _binary(add, reflected=True),
    "__sub__": _binary(sub),
    "__rsub__": _binary(sub, reflected=True),
    "__mul__": _binary(mul),
    "__rmul__": _binary(mul, reflected=True),
    "__truediv__": _binary(div),
    "__rtruediv__": _binary(div, reflected=True),
    "__pow__": lambda self, exponent: pow(self, exponent),
    "__rpow__": lambda self, base: pow(base, self),
    "__neg__": _unary(neg),
    "__abs__": _unary(abs),
    "exp": _unary(exp),
    "log": _unary(log),
    "tanh": _unary(tanh),
    "sigmoid": _unary(sigmoid),
    "relu": _unary(relu),
    "sin": _unary(sin),
    "cos": _unary(cos),
    "sqrt": _unary(sqrt),
}
for _name, _method in _VALUE_OPERATORS.items():
    _method.__name__ = _method.__qualname__ = _name
    _method.__qualname__ = f"Value.{_name}"
    setattr(Value, _name, _method)
