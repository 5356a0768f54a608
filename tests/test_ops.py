"""Every operator and method against hand-derived values and derivatives, edge cases and domain errors."""

import math

import numpy as np
import pytest

from autograd import DomainError, Op, Value, gradients, ops

# Each case: (name, function of the inputs, input values, expected output, expected d(out)/d(input) per input).
# The expected numbers are derived by hand from the textbook rules, written next to each case.
A, B = 1.5, -2.0
SIG_03 = 1.0 / (1.0 + math.exp(-0.3))
CASES = [
    ("a + b", lambda a, b: a + b, (A, B), A + B, (1.0, 1.0)),
    ("a - b", lambda a, b: a - b, (A, B), A - B, (1.0, -1.0)),
    ("a * b", lambda a, b: a * b, (A, B), A * B, (B, A)),
    ("a / b", lambda a, b: a / b, (A, B), A / B, (1.0 / B, -A / B**2)),
    ("a ** b", lambda a, b: a**b, (2.0, 3.0), 8.0, (3.0 * 2.0**2, 8.0 * math.log(2.0))),
    ("a ** b, b negative", lambda a, b: a**b, (2.0, -1.0), 0.5, (-1.0 / 4.0, 0.5 * math.log(2.0))),
    ("x ** x", lambda x: x**x, (2.0,), 4.0, (4.0 * (math.log(2.0) + 1.0),)),
    ("0 ** b, b > 1", lambda a, b: a**b, (0.0, 2.0), 0.0, (0.0, 0.0)),
    ("0 ** b, b = 1", lambda a, b: a**b, (0.0, 1.0), 0.0, (1.0, 0.0)),
    ("2 + x", lambda x: 2.0 + x, (A,), 2.0 + A, (1.0,)),
    ("2 - x", lambda x: 2.0 - x, (A,), 2.0 - A, (-1.0,)),
    ("2 * x", lambda x: 2 * x, (A,), 2.0 * A, (2.0,)),
    ("2 / x", lambda x: 2.0 / x, (A,), 2.0 / A, (-2.0 / A**2,)),
    ("2 ** x", lambda x: 2.0**x, (3.0,), 8.0, (8.0 * math.log(2.0),)),
    ("0 ** x", lambda x: 0**x, (3.0,), 0.0, (0.0,)),
    ("x - 2", lambda x: x - 2, (A,), A - 2.0, (1.0,)),
    ("x / 4", lambda x: x / 4, (A,), A / 4.0, (0.25,)),
    ("x ** 3", lambda x: x**3, (B,), B**3, (3.0 * B**2,)),
    ("x ** -0.5", lambda x: x**-0.5, (4.0,), 0.5, (-0.5 * 4.0**-1.5,)),
    ("x ** 1", lambda x: x**1, (B,), B, (1.0,)),
    ("x ** 0", lambda x: x**0, (B,), 1.0, (0.0,)),
    ("x ** 0 at 0", lambda x: x**0, (0.0,), 1.0, (0.0,)),
    ("x ** 2 at 0", lambda x: x**2, (0.0,), 0.0, (0.0,)),
    ("x ** numpy int", lambda x: x ** np.int64(2), (B,), 4.0, (2.0 * B,)),
    ("x ** numpy float", lambda x: x ** np.float64(2.0), (B,), 4.0, (2.0 * B,)),
    ("-x", lambda x: -x, (A,), -A, (-1.0,)),
    ("abs, negative", abs, (B,), 2.0, (-1.0,)),
    ("abs, positive", abs, (A,), A, (1.0,)),
    ("abs at 0", abs, (0.0,), 0.0, (0.0,)),
    ("exp", Value.exp, (A,), math.exp(A), (math.exp(A),)),
    ("log", Value.log, (A,), math.log(A), (1.0 / A,)),
    ("tanh", Value.tanh, (0.3,), math.tanh(0.3), (1.0 - math.tanh(0.3) ** 2,)),
    ("sigmoid", Value.sigmoid, (0.3,), SIG_03, (SIG_03 * (1.0 - SIG_03),)),
    ("sigmoid, very negative", Value.sigmoid, (-800.0,), 0.0, (0.0,)),
    ("sigmoid, very positive", Value.sigmoid, (800.0,), 1.0, (0.0,)),
    ("relu, negative", Value.relu, (B,), 0.0, (0.0,)),
    ("relu, positive", Value.relu, (A,), A, (1.0,)),
    ("relu at 0", Value.relu, (0.0,), 0.0, (0.0,)),
    ("sin", Value.sin, (A,), math.sin(A), (math.cos(A),)),
    ("cos", Value.cos, (A,), math.cos(A), (-math.sin(A),)),
    ("sqrt", Value.sqrt, (4.0,), 2.0, (0.25,)),
    ("sum", lambda a, b: sum([a, b, a]), (A, B), 2 * A + B, (2.0, 1.0)),
]


@pytest.mark.parametrize(("name", "f", "inputs", "expected", "derivatives"), CASES, ids=[c[0] for c in CASES])
def test_forward_and_derivatives_match_hand_derivation(name, f, inputs, expected, derivatives):
    xs = [Value(x) for x in inputs]
    out = f(*xs)
    assert out.data == pytest.approx(expected, rel=1e-12, abs=1e-15)
    out.backward()
    assert [x.grad for x in xs] == pytest.approx(list(derivatives), rel=1e-12, abs=1e-15)


@pytest.mark.parametrize(("name", "f", "inputs", "expected", "derivatives"), CASES, ids=[c[0] for c in CASES])
def test_graph_building_backward_gives_the_same_first_derivatives(name, f, inputs, expected, derivatives):
    xs = [Value(x) for x in inputs]
    f(*xs).backward(create_graph=True)
    grads = [x.grad.data if isinstance(x.grad, Value) else x.grad for x in xs]
    assert grads == pytest.approx(list(derivatives), rel=1e-12, abs=1e-15)


def test_a_number_exponent_uses_the_fixed_power_op_and_a_value_exponent_the_general_one():
    x = Value(2.0)
    assert (x**3).op == "**3"
    assert len((x**3).children) == 1
    general = x ** Value(3.0)
    assert general.op == "**" and general.children[0] is x
    reflected = 2.0 ** Value(3.0)
    assert reflected.op == "**" and reflected.children[0].data == 2.0


def test_exp_overflow_gives_infinity_with_infinite_slope():
    x = Value(1000.0)
    y = x.exp()
    assert y.data == math.inf
    y.backward()
    assert x.grad == math.inf


def test_power_overflow_gives_signed_infinity():
    assert (Value(10.0) ** 400).data == math.inf
    assert (Value(-10.0) ** 401).data == -math.inf
    assert (Value(-10.0) ** 400).data == math.inf


def test_negative_base_with_integer_exponent_is_fine():
    x = Value(-2.0)
    y = x**3
    y.backward()
    assert (y.data, x.grad) == (-8.0, 12.0)


# ---- domain errors: the op name and the operand values are in the message -------------------------------------

DOMAIN_ERRORS = [
    ("log(0)", lambda: Value(0.0).log(), "log", [0.0]),
    ("log(negative)", lambda: Value(-3.0).log(), "log", [-3.0]),
    ("log of a float", lambda: ops.log(-3.0), "log", [-3.0]),
    ("Value / 0", lambda: Value(1.0) / 0, "/", [1.0, 0.0]),
    ("Value / Value(0)", lambda: Value(1.5) / Value(0.0), "/", [1.5, 0.0]),
    ("1 / Value(0)", lambda: 1 / Value(0.0), "/", [1.0, 0.0]),
    ("negative ** fraction", lambda: Value(-8.0) ** 0.5, "**", [-8.0, 0.5]),
    ("negative ** Value fraction", lambda: Value(-8.0) ** Value(0.5), "**", [-8.0, 0.5]),
    ("negative number ** Value fraction", lambda: (-8) ** Value(0.5), "**", [-8.0, 0.5]),
    ("0 ** negative", lambda: Value(0.0) ** -1, "**", [0.0, -1.0]),
    ("0 ** negative Value", lambda: Value(0.0) ** Value(-2.0), "**", [0.0, -2.0]),
    ("0 ** negative Value, number base", lambda: 0 ** Value(-2.0), "**", [0.0, -2.0]),
    ("sqrt(negative)", lambda: Value(-4.0).sqrt(), "sqrt", [-4.0]),
]


@pytest.mark.parametrize(("name", "make", "op", "operands"), DOMAIN_ERRORS, ids=[c[0] for c in DOMAIN_ERRORS])
def test_domain_errors_name_the_op_and_the_operands(name, make, op, operands):
    with pytest.raises(DomainError) as caught:
        make()
    message = str(caught.value)
    assert message.startswith(op + "(")
    for operand in operands:
        assert repr(operand) in message


def test_domain_error_is_a_value_error():
    assert issubclass(DomainError, ValueError)
    with pytest.raises(ValueError):
        Value(0.0).log()


def test_constant_exponents_of_any_real_type_need_no_slope_with_respect_to_the_exponent():
    # A numpy or bool exponent is a constant like an int: no log(base) is needed, so a negative base is fine.
    for exponent in [np.int64(2), np.float32(2.0), 2]:
        x = Value(-3.0)
        (x**exponent).backward()
        assert x.grad == -6.0
    x = Value(-3.0)
    (x**True).backward()
    assert x.grad == 1.0


# ---- derivatives that do not exist where the forward does ---------------------------------------------------------

UNDEFINED_DERIVATIVES = [
    ("sqrt at 0", lambda x: x.sqrt(), 0.0, "sqrt"),
    ("x ** 0.5 at 0", lambda x: x**0.5, 0.0, "**0.5"),
    ("0 ** Value(0.5), base slope", lambda x: Value(0.0) ** x, 0.5, "**"),
    ("negative ** Value(2), exponent slope", lambda x: Value(-2.0) ** x, 2.0, "**"),
]


@pytest.mark.parametrize("create_graph", [False, True])
@pytest.mark.parametrize(("name", "f", "at", "op"), UNDEFINED_DERIVATIVES, ids=[c[0] for c in UNDEFINED_DERIVATIVES])
def test_undefined_derivative_is_a_clear_domain_error_naming_the_op(name, f, at, op, create_graph):
    y = f(Value(at))
    assert math.isfinite(y.data)  # the forward value exists
    with pytest.raises(DomainError) as caught:
        y.backward(create_graph=create_graph)
    message = str(caught.value)
    assert message.startswith(op + "(")
    assert "derivative" in message


# ---- a user-defined op is made the same way as the built-ins ------------------------------------------------------

softplus = Op("softplus", forward=lambda x: math.log1p(math.exp(x)), derivatives=lambda x, out: (ops.sigmoid(x),))
hypot = Op("hypot", forward=math.hypot, derivatives=lambda a, b, out: (a / out, b / out))


def test_a_custom_op_on_floats_returns_a_float():
    assert softplus(0.0) == math.log(2.0) and type(softplus(0.0)) is float
    assert hypot(3.0, 4.0) == 5.0


def test_a_custom_op_records_itself_and_differentiates_to_second_order():
    x = Value(0.3)
    y = softplus(x)
    assert (y.op, y.children, repr(softplus)) == ("softplus", (x,), "Op('softplus')")
    (first,) = gradients(y, [x], create_graph=True)
    (second,) = gradients(first, [x])
    sig = 1.0 / (1.0 + math.exp(-0.3))
    assert first.data == pytest.approx(sig, rel=1e-15)
    assert second == pytest.approx(sig * (1.0 - sig), rel=1e-15)


def test_a_custom_binary_op_with_a_number_operand():
    a = Value(3.0)
    out = hypot(a, 4.0)
    assert out.data == 5.0 and out.children[0] is a and out.children[1].data == 4.0
    out.backward()
    assert a.grad == pytest.approx(3.0 / 5.0)


@pytest.mark.parametrize(
    ("name", "forward", "derivatives"),
    [("", math.exp, lambda x, out: (out,)), (None, math.exp, lambda x, out: (out,)), ("f", 1.0, lambda x, out: (1,))],
)
def test_op_definition_errors(name, forward, derivatives):
    with pytest.raises(TypeError, match="Op"):
        Op(name, forward=forward, derivatives=derivatives)


def test_a_custom_op_with_too_few_derivatives_is_a_clear_error_in_backward():
    # two operands, one derivative: the second edge would otherwise be dropped without a word
    half_product = Op("half*", forward=lambda a, b: a * b / 2, derivatives=lambda a, b, out: (b / 2,))
    x, y = Value(2.0), Value(3.0)
    z = half_product(x, y)
    with pytest.raises(TypeError, match=r"Op 'half\*': derivatives returned 1 value\(s\) for 2 operand\(s\)"):
        z.backward()
    assert x.grad == 0.0 and y.grad == 0.0  # nothing half-applied
