"""Every primitive operation: its forward value and its local derivative(s), side by side.

Read each op as a textbook line: ``forward`` says what the op computes,
``derivatives`` says how a small change in each input moves the output
(d out / d input), given the inputs and the output ``out``.

The derivative rules use only arithmetic and other ops, so the same rule runs on
floats in an ordinary backward pass and on Values under ``create_graph=True``.
Each op can be called on floats (returns a float) or on Values (returns a Value).
"""

from __future__ import annotations

import functools
import math
import numbers
import operator
from collections.abc import Callable

from autograd.errors import domain_error
from autograd.op import Op

# ---- arithmetic -------------------------------------------------------------------


def _divide(a: float, b: float) -> float:
    if b == 0:
        raise domain_error("/", "division by zero: the divisor must be nonzero", a, b)
    return a / b


add = Op("+", forward=lambda a, b: a + b, derivatives=lambda a, b, out: (1.0, 1.0), rules=("1", "1"))
sub = Op("-", forward=lambda a, b: a - b, derivatives=lambda a, b, out: (1.0, -1.0), rules=("1", "−1"))
mul = Op("*", forward=lambda a, b: a * b, derivatives=lambda a, b, out: (b, a), rules=("{b}", "{a}"))
div = Op(
    "/",
    forward=_divide,
    derivatives=lambda a, b, out: (1.0 / b, -out / b),  # d(a/b)/db = -a/b² = -out/b
    domain=lambda a, b: b != 0,
    rules=("1/{b}", "−{out}/{b}"),
)
neg = Op("neg", forward=lambda a: -a, derivatives=lambda a, out: (-1.0,), rules=("−1",))


def _sign(x: object) -> float:
    """-1.0, 0.0 or 1.0: the slope of |x| (0 at the kink, as in PyTorch)."""
    x = getattr(x, "data", x)
    return (x > 0) - (x < 0) + 0.0


abs = Op(
    "abs",
    forward=lambda a: a if a >= 0 else -a,
    derivatives=lambda a, out: (_sign(a),),
    kinks=(0.0,),
    rules=("sign({x})",),
)


# ---- a neuron's weighted sum --------------------------------------------------------


def _weighted_sum(*operands: float) -> float:
    """w1*x1 + ... + wn*xn (+ b): the operands are w1..wn, then x1..xn, then the bias b if any."""
    n = len(operands) // 2
    bias = operands[-1] if len(operands) % 2 else 0.0  # an odd count means a bias comes last
    return sum(map(operator.mul, operands[:n], operands[n : 2 * n]), bias)


def _weighted_sum_derivatives(*operands_and_out: float) -> tuple:
    """d/dw_i = x_i, d/dx_i = w_i, d/db = 1 (in the operands' order: weights, inputs, bias)."""
    operands = operands_and_out[:-1]
    n = len(operands) // 2
    weights, inputs = operands[:n], operands[n : 2 * n]
    return inputs + weights + (1.0,) * (len(operands) % 2)


# One node for a whole neuron instead of n products and n sums: the same gradients,
# ten times fewer nodes to build, order and walk back through.
weighted_sum = Op("Σw·x", forward=_weighted_sum, derivatives=_weighted_sum_derivatives)


# ---- powers -----------------------------------------------------------------------


def _power(base: float, exponent: float) -> float:
    """``base ** exponent`` as a real number, with clear errors where it is undefined."""
    if base == 0 and exponent < 0:
        raise domain_error("**", "0 to a negative power is undefined (division by zero)", base, exponent)
    if base < 0 and not float(exponent).is_integer():
        raise domain_error(
            "**", "a negative base needs an integer exponent (the result would be complex)", base, exponent
        )
    try:
        return float(base) ** exponent
    except OverflowError:  # past the largest float: infinity, as IEEE arithmetic gives for * and +
        return math.inf if base > 0 or exponent % 2 == 0 else -math.inf


def _power_domain(base: float, exponent: float) -> bool:
    return not (base == 0 and exponent < 0) and not (base < 0 and not float(exponent).is_integer())


@functools.cache
def power(n: float) -> Op:
    """The op ``x ** n`` for a fixed number ``n`` (one Op per exponent, shown as "**n")."""
    if n == 0:  # x ** 0 is the constant 1: flat everywhere, including at x = 0
        return Op("**0", forward=lambda x: 1.0, derivatives=lambda x, out: (0.0,), exponent=0.0, rules=("0",))
    return Op(
        f"**{n:g}",
        forward=lambda x: _power(x, n),
        derivatives=lambda x, out: (n * power(n - 1)(x),),
        domain=lambda x: _power_domain(x, n),
        exponent=n,
        rules=(f"{n:g}·{{x}}^{n - 1:g}",),
    )


def _log_of_base(base: object) -> object:
    """log(base) for d(base**x)/dx; 0 for base 0, where base**x (x > 0) is flat at 0."""
    data = getattr(base, "data", base)
    if data == 0:
        return 0.0
    if data < 0:
        raise domain_error("**", "the derivative with respect to the exponent needs a positive base", data)
    return log(base)


pow_ = Op(
    "**",
    forward=_power,
    derivatives=lambda a, b, out: (b * pow(a, b - 1), out * _log_of_base(a)),
    domain=_power_domain,
    rules=("{b}·{a}^({b} − 1)", "{out}·log({a})"),
)


def pow(base: object, exponent: object) -> object:
    """``base ** exponent``: a fixed-number exponent uses ``power(n)``, a Value exponent the general op."""
    if isinstance(exponent, numbers.Real):  # any real number, numpy's included: a constant exponent
        if isinstance(base, numbers.Real):
            return _power(base, exponent)
        return power(float(exponent))(base)
    return pow_(base, exponent)


# ---- smooth functions ---------------------------------------------------------------


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


exp = Op("exp", forward=_exp, derivatives=lambda x, out: (out,), rules=("exp({x}) = {out}",))
log = Op("log", forward=_log, derivatives=lambda x, out: (1.0 / x,), domain=lambda x: x > 0, rules=("1/{x}",))
sqrt = Op("sqrt", forward=_sqrt, derivatives=lambda x, out: (0.5 / out,), domain=lambda x: x > 0, rules=("0.5/{out}",))
tanh = Op("tanh", forward=math.tanh, derivatives=lambda x, out: (1.0 - out * out,), rules=("1 − {out}²",))
sigmoid = Op("sigmoid", forward=_sigmoid, derivatives=lambda x, out: (out * (1.0 - out),), rules=("{out}·(1 − {out})",))


def _finite(name: str, function: Callable[[float], float]) -> Callable[[float], float]:
    """``function`` with a clear DomainError at ±inf (where math.sin and math.cos raise "math domain error")."""

    def forward(x: float) -> float:
        if math.isinf(x):
            raise domain_error(name, f"{name} needs a finite number", x)
        return function(x)

    return forward


sin = Op("sin", forward=_finite("sin", math.sin), derivatives=lambda x, out: (cos(x),), rules=("cos({x})",))
cos = Op("cos", forward=_finite("cos", math.cos), derivatives=lambda x, out: (-sin(x),), rules=("−sin({x})",))


# ---- piecewise linear -----------------------------------------------------------------


def _step(x: object) -> float:
    """1.0 where x > 0, else 0.0: the slope of relu (0 at the kink, as in PyTorch)."""
    return 1.0 if getattr(x, "data", x) > 0 else 0.0


relu = Op(
    "relu",
    forward=lambda x: x if x > 0 else 0.0,
    derivatives=lambda x, out: (_step(x),),
    kinks=(0.0,),
    rules=("1 if {x} > 0 else 0",),
)
