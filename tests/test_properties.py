"""Property tests of the engine on random expression DAGs (autograd.strategies).

Two oracles: central finite differences (gradcheck, gradgradcheck) and exact symbolic
derivatives (sympy differentiates the same program; its values are evaluated to 30 digits).
"""

import math

import sympy
from hypothesis import given, note, settings

from autograd import Op, Value, gradcheck, gradgradcheck, gradients, ops
from autograd.check import exact
from autograd.strategies import DEFAULT_OPS, expressions

# Fewer examples for the slower properties; each scales with the profile (HYPOTHESIS_PROFILE=thorough).
HALF = settings(max_examples=max(1, settings.default.max_examples // 2))
QUARTER = settings(max_examples=max(1, settings.default.max_examples // 4))

# A user-defined op, exercised by every property below alongside the built-ins.
softplus = Op("softplus", forward=lambda x: math.log1p(math.exp(x)), derivatives=lambda x, out: (ops.sigmoid(x),))
ALL_OPS = (*DEFAULT_OPS, softplus)

# ---- the same ops in sympy, written from their mathematical definitions --------------------------


def _rational(c: float) -> sympy.Rational:
    return sympy.Rational(c)  # the constants and exponents are dyadic: exact


SYMPY = {
    ops.add: lambda a, b: a + b,
    ops.sub: lambda a, b: a - b,
    ops.mul: lambda a, b: a * b,
    ops.div: lambda a, b: a / b,
    ops.neg: lambda a: -a,
    ops.pow_: lambda a, b: a**b,
    ops.exp: sympy.exp,
    ops.log: sympy.log,
    ops.sqrt: sympy.sqrt,
    ops.tanh: sympy.tanh,
    ops.sigmoid: lambda a: 1 / (1 + sympy.exp(-a)),
    ops.sin: sympy.sin,
    ops.cos: sympy.cos,
    softplus: lambda a: sympy.log(1 + sympy.exp(a)),
    **{ops.power(n): (lambda a, n=n: a ** _rational(n)) for n in (2.0, 3.0, -1.0, 0.5)},
}


def _to_sympy(expr):
    """The expression as a sympy formula in real symbols named after its variables.

    relu and abs become the smooth piece that holds near the point (the strategy keeps their
    operands at least MARGIN from the kink), so sympy differentiates them without Piecewise.
    """
    symbols = sympy.symbols(expr.variables, real=True)

    def apply(op, args):
        args = [_rational(a) if isinstance(a, float) else a for a in args]
        if op is ops.relu or op is ops.abs:
            (a,) = args
            positive = _exact(a, symbols, expr.point) > 0
            return a if positive else (sympy.Integer(0) if op is ops.relu else -a)
        return SYMPY[op](*args)

    return symbols, expr.build(*symbols, apply=apply)


def _exact(formula, symbols, point) -> float:
    """The formula's value at the point, to 30 digits.

    The point enters as 60-digit Floats (each float exactly), not as Rationals: sympy would try
    to simplify a power of two huge Rationals exactly, which can take forever.
    """
    return float(sympy.sympify(formula).evalf(30, subs={s: sympy.Float(x, 60) for s, x in zip(symbols, point)}))


def _close(engine: float, exact: float) -> bool:
    return math.isclose(engine, exact, rel_tol=1e-9, abs_tol=1e-9)


# ---- finite differences ---------------------------------------------------------------------------


@given(expressions(variables=("x", "y", "z"), ops=ALL_OPS))
def test_gradients_match_central_differences(expr):
    note(expr.source())
    assert gradcheck(expr, expr.point)


@HALF
@given(expressions(variables=("x", "y", "z"), ops=ALL_OPS))
def test_fast_mode_accepts_correct_expressions_without_falling_back(expr):
    note(expr.source())
    calls = []

    def f(*xs):
        calls.append(xs)
        return expr(*xs)

    f.__signature__ = expr.__signature__
    assert gradcheck(f, expr.point, fast_mode=True)
    assert gradgradcheck(f, expr.point, fast_mode=True)
    assert len(calls) == 6  # each: f at the point and at ± a step along one direction, no full check


@HALF
@given(expressions(variables=("x", "y"), ops=ALL_OPS))
def test_second_derivatives_match_central_differences(expr):
    note(expr.source())
    assert gradgradcheck(expr, expr.point)


# ---- exact derivatives -------------------------------------------------------------------------------


@QUARTER
@given(expressions(variables=("x", "y", "z"), ops=ALL_OPS))
def test_first_derivatives_are_exact(expr):
    note(expr.source())
    symbols, formula = _to_sympy(expr)
    leaves = [Value(x) for x in expr.point]
    root = expr(*leaves)
    assert _close(root.data, _exact(formula, symbols, expr.point))
    for symbol, derivative in zip(symbols, gradients(root, leaves)):
        assert _close(derivative, _exact(sympy.diff(formula, symbol), symbols, expr.point)), symbol
    root.backward()  # the .grad path agrees with gradients()
    assert [leaf.grad for leaf in leaves] == gradients(root, leaves)


@QUARTER
@given(expressions(variables=("x", "y"), ops=ALL_OPS))
def test_second_derivatives_are_exact_with_create_graph(expr):
    note(expr.source())
    symbols, formula = _to_sympy(expr)
    leaves = [Value(x) for x in expr.point]
    root = expr(*leaves)
    root.backward(create_graph=True)  # every .grad is now a Value with a graph of its own
    for i, first in enumerate([leaf.grad for leaf in leaves]):
        row = gradients(first, leaves) if isinstance(first, Value) else [0.0] * len(leaves)
        for j, second in enumerate(row):
            exact = _exact(sympy.diff(formula, symbols[i], symbols[j]), symbols, expr.point)
            assert _close(second, exact), (symbols[i], symbols[j])


# ---- the exact oracle ------------------------------------------------------------------------------


@QUARTER
@given(expressions(variables=("x", "y"), ops=DEFAULT_OPS))
def test_the_engine_agrees_with_the_exact_oracle(expr):
    note(expr.source())
    truth = exact(expr, expr.point)
    assert truth.applies  # every built-in op is in the oracle's table (no kinks: the strategy avoids them)
    leaves = [Value(x) for x in expr.point]
    root = expr(*leaves)
    assert _close(root.data, float(truth.value))
    for derivative, reference in zip(gradients(root, leaves), truth.gradient):
        assert _close(derivative, float(reference))
    assert gradcheck(expr, expr.point, oracle=True)
