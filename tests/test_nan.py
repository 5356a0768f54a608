"""Errors, not NaNs: NaN is refused where it would enter, an op that would make NaN raises; huge numbers are inf."""

import math

import numpy as np
import pytest

from autograd import DomainError, Op, Value, backward_steps, gradients, ops

NAN = float("nan")
INF = math.inf


# ---- NaN never enters ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("nan", [NAN, np.float64("nan"), np.float32("nan")], ids=["float", "numpy64", "numpy32"])
def test_a_value_of_nan_is_refused(nan):
    with pytest.raises(ValueError, match=r"^Value: data must be a number, not NaN, got .*nan"):
        Value(nan)


@pytest.mark.parametrize(
    ("make", "op"),
    [
        (lambda: Value(1.0) + NAN, r"\+"),
        (lambda: NAN * Value(1.0), r"\*"),
        (lambda: Value(1.0) / NAN, "/"),
        (lambda: Value(2.0) ** NAN, r"\*\*"),
        (lambda: ops.weighted_sum(Value(1.0), NAN), "Σw·x"),
    ],
    ids=["+", "reflected *", "/", "** nan", "weighted_sum"],
)
def test_a_nan_number_operand_is_refused_naming_the_op(make, op):
    with pytest.raises(ValueError, match=rf"^{op}: .*NaN"):
        make()


@pytest.mark.parametrize(
    ("name", "call"),
    [
        ("log", lambda: ops.log(NAN)),
        ("sqrt", lambda: ops.sqrt(NAN)),
        ("**", lambda: ops.pow(NAN, 0.0)),  # nan ** 0 is 1.0 in IEEE arithmetic: still refused
        ("relu", lambda: ops.relu(NAN)),
        ("tanh", lambda: ops.tanh(NAN)),
        ("+", lambda: ops.add(1.0, NAN)),
    ],
)
def test_ops_on_plain_floats_refuse_nan_operands(name, call):
    with pytest.raises(DomainError, match=rf"^{__import__('re').escape(name)}\(.*nan.*\): an operand is NaN"):
        call()


EVERY_ONE_OPERAND_OP = ["exp", "log", "tanh", "sigmoid", "relu", "sin", "cos", "sqrt", "__neg__", "__abs__"]


@pytest.mark.parametrize("method", EVERY_ONE_OPERAND_OP)
def test_a_nan_that_got_in_by_assignment_is_refused_by_the_next_op(method):
    x = Value(1.0)
    x.data = NAN  # assignment is not checked (an optimizer writes .data every step)
    with pytest.raises(DomainError, match="an operand is NaN"):
        getattr(x, method)()


def test_relu_of_nan_is_refused_never_zero():
    x = Value(1.0)
    x.data = NAN
    with pytest.raises(DomainError, match=r"^relu\(nan\)"):
        x.relu()


# ---- an op that would make NaN from numbers raises ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "start"),
    [
        (lambda: Value(INF) - Value(INF), "-(inf, inf)"),
        (lambda: Value(INF) + Value(-INF), "+(inf, -inf)"),
        (lambda: Value(INF) * Value(0.0), "*(inf, 0.0)"),
        (lambda: 0.0 * Value(-INF), "*(0.0, -inf)"),
        (lambda: Value(INF) / Value(INF), "/(inf, inf)"),
        (lambda: Value(800.0).exp() - Value(800.0).exp(), "-(inf, inf)"),
        (lambda: ops.weighted_sum(Value(INF), Value(0.0)), "Σw·x(inf, 0.0)"),
        (lambda: ops.mul(INF, 0.0), "*(inf, 0.0)"),
    ],
    ids=["inf-inf", "inf+-inf", "inf*0", "0*-inf", "inf/inf", "exp-exp", "weighted_sum", "floats"],
)
def test_nan_from_numbers_is_a_domain_error_naming_the_op_and_operands(make, start):
    with pytest.raises(DomainError) as caught:
        make()
    assert str(caught.value).startswith(start)
    assert "undefined" in str(caught.value) and "NaN" in str(caught.value)


def test_a_custom_op_whose_forward_makes_nan_gets_a_domain_error():
    bad = Op("bad", forward=lambda x: x - x, derivatives=lambda x, out: (0.0,))
    with pytest.raises(DomainError, match=r"^bad\(inf\): the result is undefined"):
        bad(Value(INF))


def test_infinity_is_still_allowed():
    assert (Value(INF) + 1.0).data == INF
    assert (Value(1000.0).exp() * 2.0).data == INF
    assert (-Value(INF)).data == -INF


# ---- a NaN gradient from a finite forward pass -------------------------------------------------------------------


def overflowing_relu_graph():
    """z = (relu(x) · 1e200) · 1e200 at x = -1: z = 0 everywhere near, but upstream inf meets relu's slope 0."""
    x = Value(-1.0)
    z = (x.relu() * 1e200) * 1e200
    return x, z


def test_a_nan_gradient_is_a_clear_domain_error_and_changes_no_grad():
    x, z = overflowing_relu_graph()
    assert z.data == 0.0
    with pytest.raises(DomainError, match=r"backward: the gradient through relu\(-1.0\) is NaN: upstream .*inf"):
        z.backward()
    assert x.grad == 0.0 and z.grad == 0.0


@pytest.mark.parametrize(
    "run", [lambda x, z: gradients(z, [x]), lambda x, z: backward_steps(z)], ids=["gradients", "steps"]
)
def test_every_user_of_the_pass_refuses_the_nan_gradient(run):
    x, z = overflowing_relu_graph()
    with pytest.raises(DomainError, match="is NaN"):
        run(x, z)


def test_a_nan_gradient_under_create_graph_is_a_domain_error_too():
    x, z = overflowing_relu_graph()
    with pytest.raises(DomainError, match="is NaN"):
        z.backward(create_graph=True)
    assert x.grad == 0.0


def test_infinite_but_not_nan_gradients_pass():
    x = Value(1000.0)
    x.exp().backward()
    assert x.grad == INF


# ---- too-large numbers become inf ---------------------------------------------------------------------------------


def test_an_int_beyond_the_largest_float_becomes_infinity():
    assert Value(10**400).data == INF
    assert Value(-(10**400)).data == -INF
    assert (Value(1.0) + 10**400).data == INF


@pytest.mark.parametrize(
    ("base", "exponent", "expected"),
    [
        (2.0, 10**400, INF),
        (-2.0, 2**63 + 1, -INF),  # an odd int exponent keeps the sign, even beyond exact floats
        (-2.0, 2**63, INF),
        (-2.0, 10**400 + 1, -INF),
        (0.5, 10**400, 0.0),
        (2.0, -(10**400), 0.0),
        (1.0, 10**400, 1.0),
        (-1.0, 10**400 + 1, -1.0),
        (-10.0, 401, -INF),
        (-10.0, 401.0, -INF),
        (-10.0, np.int64(2**62 + 1), -INF),
    ],
)
def test_powers_overflow_to_signed_infinity_and_underflow_to_zero(base, exponent, expected):
    assert (Value(base) ** exponent).data == expected
    assert ops.pow(base, exponent) == expected
    if expected == 0.0 and base < 0:
        assert math.copysign(1.0, (Value(base) ** exponent).data) == -1.0


def test_a_huge_exponent_has_a_readable_op_name():
    assert (Value(2.0) ** 10**400).op_name == "**~1e+400"
    assert (Value(2.0) ** 3).op_name == "**3"


# ---- the fixed-exponent ops are cached, boundedly, and never for NaN ----------------------------------------------


def test_the_cache_of_fixed_exponent_ops_is_bounded():
    limit = ops._power_of.cache_info().maxsize
    assert limit is not None and limit <= 4096
    x = Value(1.5)
    for i in range(limit + 500):
        x ** (1.0 + i / 7919)
    assert ops._power_of.cache_info().currsize <= limit
    assert ops.power(2.0) is ops.power(2) is (x**2).operation  # a used exponent gives one Op


def test_a_nan_exponent_is_refused_and_never_cached():
    before = ops._power_of.cache_info().currsize
    for _ in range(10):
        with pytest.raises(ValueError, match=r"^\*\*: exponent must be a number, not NaN"):
            ops.pow(2.0, NAN)
        with pytest.raises(ValueError, match=r"^\*\*: exponent must be a number, not NaN"):
            Value(2.0) ** NAN
        with pytest.raises(ValueError, match="NaN"):
            ops.power(NAN)
    assert ops._power_of.cache_info().currsize <= before
