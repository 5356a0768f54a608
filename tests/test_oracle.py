"""autograd.check.exact: an oracle independent of the engine's float rules, and gradcheck(oracle=True)."""

import math
from fractions import Fraction

import pytest
import sympy

from autograd import GradcheckError, Op, gradcheck, ops
from autograd.check import Exact, OracleSkippedWarning, exact
from autograd.check.oracle import DIGITS


def test_arithmetic_and_integer_powers_are_exact_fractions():
    x, y = 1.5, 0.25  # dyadic: exact as Fractions
    result = exact(lambda x, y: x * y / (x - y) + x**3 - 2.0**-1 * y**-2, [x, y])
    X, Y = Fraction(3, 2), Fraction(1, 4)
    assert result.value == X * Y / (X - Y) + X**3 - Y**-2 / 2
    assert result.gradient == (
        Y / (X - Y) - X * Y / (X - Y) ** 2 + 3 * X**2,  # d/dx
        X / (X - Y) + X * Y / (X - Y) ** 2 + Y**-3,  # d/dy
    )
    assert result.rational and result.applies and result.approximated == () and result.unsupported == ()


def test_a_float_input_counts_as_the_exact_number_it_is():
    # 0.1 is not 1/10 in binary; the oracle computes with the float's own value
    result = exact(lambda x: x * 3.0, [0.1])
    assert result.value == 3 * Fraction(0.1) != Fraction(3, 10)


# every op the oracle computes with decimal, against sympy at 40 digits
SMOOTH = {
    "exp": (lambda x: x.exp(), sympy.exp),
    "log": (lambda x: x.log(), sympy.log),
    "sqrt": (lambda x: x.sqrt(), sympy.sqrt),
    "tanh": (lambda x: x.tanh(), sympy.tanh),
    "sigmoid": (lambda x: x.sigmoid(), lambda s: 1 / (1 + sympy.exp(-s))),
    "sin": (lambda x: x.sin(), sympy.sin),
    "cos": (lambda x: x.cos(), sympy.cos),
    "power 0.5": (lambda x: x**0.5, lambda s: s ** sympy.Rational(1, 2)),
    "power -2.5": (lambda x: x**-2.5, lambda s: s ** sympy.Rational(-5, 2)),
    "pow": (lambda x: x ** (x + 1.0), lambda s: s ** (s + 1)),
}


@pytest.mark.parametrize("name", SMOOTH)
@pytest.mark.parametrize("x", [0.7, 3.25, 41.5])
def test_the_other_ops_agree_with_sympy_to_forty_digits(name, x):
    f, formula = SMOOTH[name]
    symbol = sympy.Symbol("x", positive=True)
    truth = formula(symbol)
    at = {symbol: sympy.Rational(Fraction(x).numerator, Fraction(x).denominator)}
    result = exact(f, [x])
    assert not result.rational and result.approximated
    for computed, reference in ((result.value, truth), (result.gradient[0], sympy.diff(truth, symbol))):
        expected = sympy.N(reference.subs(at), 45)
        assert abs(sympy.Rational(computed.numerator, computed.denominator) - expected) <= abs(expected) * 1e-40


def test_relu_abs_and_the_weighted_sum_are_exact_away_from_the_kink():
    result = exact(lambda w, x, b: ops.weighted_sum(w, x, b).relu() + abs(x), [0.5, -1.5, 2.0])
    assert result.rational
    assert result.value == Fraction(5, 4) + Fraction(3, 2)
    assert result.gradient == (Fraction(-3, 2), Fraction(1, 2) - 1, Fraction(1))


def test_what_the_oracle_cannot_do_is_reported():
    softplus = Op("softplus", forward=lambda x: math.log1p(math.exp(x)), derivatives=lambda x, out: (ops.sigmoid(x),))
    result = exact(lambda x: softplus(x) * 2.0, [0.5])
    assert result == Exact(None, None, False, (), ("softplus",))
    assert not result.applies
    assert exact(lambda x: x.relu(), [0.0]).unsupported == ("relu at its kink 0",)


def test_a_user_op_gets_an_exact_rule():
    cube = Op("cube", forward=lambda x: x**3, derivatives=lambda x, out: (3 * x * x,))
    result = exact(lambda x: cube(x) + x, [0.5], rules={cube: lambda x: (x**3, (3 * x**2,))})
    assert result.value == Fraction(5, 8) and result.gradient == (Fraction(7, 4),)


def test_fractions_that_grow_too_long_are_rounded_and_said_so():
    def f(x):
        for _ in range(8):  # x ** 256: 256 × 53 bits
            x = x * x
        return x

    result = exact(f, [1.0 + 2.0**-40])
    assert not result.rational and result.approximated == ()
    assert float(result.value) == pytest.approx((1 + 2.0**-40) ** 256, rel=1e-15)


def test_bad_arguments():
    with pytest.raises(TypeError, match="exact: rules must be a mapping from Op"):
        exact(lambda x: x, [1.0], rules={"cube": None})
    with pytest.raises(TypeError, match="exact: f must be a function"):
        exact("x", [1.0])
    with pytest.raises(TypeError, match="gradcheck: oracle must be True, False or a mapping"):
        gradcheck(lambda x: x, [1.0], oracle="yes")


# ---- the oracle in gradcheck: a forward and a backward that are wrong together --------------------


def test_the_oracle_catches_a_built_in_op_whose_forward_and_derivative_are_consistently_wrong(monkeypatch):
    # exp computed as 1.01·eˣ, with its derivative 1.01·eˣ too: finite differences agree with it
    monkeypatch.setattr(ops.exp, "forward", lambda x: 1.01 * math.exp(x))
    f = lambda x, y: (x * y).exp() + y  # noqa: E731
    assert gradcheck(f, [0.5, 1.5]) is True  # the wrong pair fools finite differences
    with pytest.raises(GradcheckError) as caught:
        gradcheck(f, [0.5, 1.5], oracle=True)
    error = caught.value
    message = str(error)
    assert "disagree with the exact oracle" in message
    assert [m.inputs for m in error.mismatches] == [(), (0,), (1,)]  # the value and both derivatives
    assert all(m.kind == "exact" for m in error.mismatches)
    assert error.mismatches[0].numerical == pytest.approx(math.exp(0.75) + 1.5, rel=1e-15)
    assert "exact oracle (autograd.check.exact)" in message
    kinds = {(b.node.op, b.kind) for b in error.blames}
    assert kinds == {("exp", "exact forward"), ("exp", "exact derivative")}  # 1.01·eˣ for both
    assert "its forward gives" in message and "the exact value is" in message


def test_the_oracle_with_a_user_rule_catches_a_wrong_user_op():
    # "cube" that computes x³ + x, with the matching derivative 3x² + 1: self-consistent, and wrong
    cube = Op("cube", forward=lambda x: x**3 + x, derivatives=lambda x, out: (3 * x * x + 1,))
    truth = {cube: lambda x: (x**3, (3 * x**2,))}
    assert gradcheck(lambda x: cube(x), [0.5]) is True
    with pytest.warns(OracleSkippedWarning, match=r"gradcheck: the exact oracle was skipped.*\('cube'\)"):
        assert gradcheck(lambda x: cube(x), [0.5], oracle=True) is True  # no rule for cube: the oracle does not apply
    with pytest.raises(GradcheckError) as caught:
        gradcheck(lambda x: cube(x) * 2.0, [0.5], oracle=truth)
    assert {(b.node.op, b.kind, b.index) for b in caught.value.blames} == {
        ("cube", "exact forward", None),
        ("cube", "exact derivative", 0),
    }


def test_the_oracle_passes_correct_graphs():
    f = lambda x, y: (x * y).tanh() + (x / y).exp() * y.sigmoid() - x.cos() ** 2 + x**3  # noqa: E731
    assert gradcheck(f, [0.7, -1.3], oracle=True) is True


def test_the_oracle_does_not_use_the_ops_own_rules(monkeypatch):
    before = exact(lambda x: x.exp() * x.sin(), [0.5])
    monkeypatch.setattr(ops.sin, "derivatives", lambda x, out: (12345.0,))  # wrong on purpose
    monkeypatch.setattr(ops.exp, "derivatives", lambda x, out: (-1.0,))
    assert exact(lambda x: x.exp() * x.sin(), [0.5]) == before
    assert float(before.gradient[0]) == pytest.approx(math.exp(0.5) * (math.sin(0.5) + math.cos(0.5)), rel=1e-15)
    assert DIGITS >= 40


def test_the_oracle_records_the_graph_even_inside_no_grad():
    from autograd import no_grad

    with no_grad():
        assert exact(lambda x: x * x, [1.5]).gradient == (Fraction(3),)


def test_a_skipped_oracle_is_said_with_the_op_and_where_it_was_called_from():
    cube = Op("cube", forward=lambda x: x**3, derivatives=lambda x, out: (3 * x * x,))
    with pytest.warns(OracleSkippedWarning) as caught:
        gradcheck(lambda x: cube(x) + x.tanh(), [0.5], oracle=True, fast_mode=True)
    (warning,) = caught.list
    assert "'cube'" in str(warning.message) and "oracle={op: rule}" in str(warning.message)
    assert warning.filename == __file__  # points at the gradcheck call, not inside autograd


def test_an_oracle_that_ran_or_was_not_asked_for_says_nothing(recwarn):
    cube = Op("cube", forward=lambda x: x**3, derivatives=lambda x, out: (3 * x * x,))
    assert gradcheck(lambda x: x.tanh() * x, [0.5], oracle=True)
    assert gradcheck(lambda x: cube(x), [0.5])  # oracle=False: nothing to skip
    assert gradcheck(lambda x: cube(x), [0.5], oracle={cube: lambda x: (x**3, (3 * x**2,))})
    assert [w for w in recwarn.list if issubclass(w.category, OracleSkippedWarning)] == []


def test_check_op_asked_for_the_oracle_says_once_that_it_has_no_rule_for_its_op(recwarn):
    from autograd.check import check_op

    cube = Op("cube", forward=lambda x: x**3, derivatives=lambda x, out: (3 * x * x,))
    check_op(cube, max_examples=5)  # the default: the oracle where it applies, silently
    assert [w for w in recwarn.list if issubclass(w.category, OracleSkippedWarning)] == []
    check_op(cube, max_examples=5, oracle=True)
    said = [w for w in recwarn.list if issubclass(w.category, OracleSkippedWarning)]
    assert len(said) == 1 and "check_op: the exact oracle has no rule for 'cube'" in str(said[0].message)
    recwarn.clear()
    check_op(cube, max_examples=5, oracle={cube: lambda x: (x**3, (3 * x**2,))})
    check_op(cube, max_examples=5, oracle=False)
    assert [w for w in recwarn.list if issubclass(w.category, OracleSkippedWarning)] == []
