"""A custom op's mistakes get errors that name the op and say what was expected."""

import math

import pytest

from autograd import Op, Value, gradients, ops

softplus = Op("softplus", forward=lambda x: math.log1p(math.exp(x)), derivatives=lambda x, out: (ops.sigmoid(x),))
hypot = Op("hypot", forward=lambda a, b: math.hypot(a, b), derivatives=lambda a, b, out: (a / out, b / out))
spread = Op("spread", forward=lambda *xs: max(xs) - min(xs), derivatives=lambda *xs: (0.0,) * (len(xs) - 1), arity=2)


def one_operand_op(derivatives=lambda x, out: (2.0,), forward=lambda x: 2.0 * x):
    return Op("twice", forward=forward, derivatives=derivatives)


@pytest.mark.parametrize(
    ("derivatives", "message"),
    [
        (lambda x, out: None, r"Op 'twice': derivatives must return a tuple of 1 derivative\(s\).*got NoneType None"),
        (lambda x, out: 2.0, r"Op 'twice': derivatives must return a tuple .*got float 2\.0"),
        (lambda x, out: (None,), r"Op 'twice': derivatives must return numbers \(or Values\), got NoneType None"),
        (lambda x, out: ("2",), r"Op 'twice': derivatives must return numbers \(or Values\), got str '2'"),
        (lambda x, out: (2.0, 1.0), r"Op 'twice': derivatives returned 2 value\(s\) for 1 operand\(s\)"),
        (lambda x: (2.0,), r"Op 'twice': derivatives must take the 1 operand\(s\) and then out, e\.g\. "),
    ],
    ids=["None", "a float", "(None,)", "a str", "too many", "no out"],
)
@pytest.mark.parametrize("create_graph", [False, True])
def test_a_wrong_derivatives_rule_is_named_in_backward(derivatives, message, create_graph):
    twice = one_operand_op(derivatives)
    x = Value(3.0)
    y = twice(x) * 5.0
    with pytest.raises(TypeError, match=message):
        y.backward(create_graph=create_graph)
    assert x.grad == 0.0
    with pytest.raises(TypeError, match=message):
        gradients(y, [x])


def test_a_list_of_derivatives_is_accepted():
    twice = one_operand_op(lambda x, out: [2.0])
    x = Value(3.0)
    twice(x).backward()
    assert x.grad == 2.0


def test_a_type_error_inside_a_well_formed_rule_keeps_its_own_message():
    def derivatives(x, out):
        return (len(x),)  # a bug in the rule itself, not in its signature

    twice = one_operand_op(derivatives)
    with pytest.raises(TypeError, match=r"object of type 'float' has no len\(\)"):
        twice(Value(1.0)).backward()


@pytest.mark.parametrize(
    ("forward", "message"),
    [
        (lambda x: None, r"Op 'twice': forward returned None; it must return a float \(is a `return` missing\?\)"),
        (lambda x: Value(2.0 * x), r"Op 'twice': forward returned a Value; forward computes on plain floats"),
        (lambda x: "2", r"Op 'twice': forward must return a float, got str '2'"),
    ],
    ids=["None", "a Value", "a str"],
)
@pytest.mark.parametrize("on", ["Value", "float"])
def test_a_wrong_forward_result_is_named(forward, message, on):
    twice = one_operand_op(forward=forward)
    with pytest.raises(TypeError, match=message):
        twice(Value(1.0) if on == "Value" else 1.0)


def test_an_int_or_numpy_result_of_forward_becomes_a_float():
    np = pytest.importorskip("numpy")
    for result in (2, np.float64(2.0), True):
        out = one_operand_op(forward=lambda x, result=result: result)(Value(1.0))
        assert type(out.data) is float and out.data == float(result)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: softplus(Value(1.0), Value(2.0)), r"Op 'softplus': takes 1 operand\(s\), got 2: \(1\.0, 2\.0\)"),
        (lambda: softplus(1.0, 2.0), r"Op 'softplus': takes 1 operand\(s\), got 2"),
        (lambda: hypot(Value(3.0)), r"Op 'hypot': takes 2 operand\(s\), got 1: \(3\.0\)"),
        (lambda: hypot.apply(3.0, 4.0, 5.0), r"Op 'hypot': takes 2 operand\(s\), got 3"),
        (lambda: ops.tanh(Value(1.0), 2.0), r"Op 'tanh': takes 1 operand\(s\), got 2"),
        (lambda: spread(Value(1.0), 2.0, 3.0), r"Op 'spread': takes 2 operand\(s\), got 3"),  # declared arity
    ],
)
def test_an_op_called_with_the_wrong_number_of_operands_says_how_many_it_takes(call, message):
    with pytest.raises(TypeError, match=message):
        call()


def test_a_type_error_inside_forward_keeps_its_own_message():
    broken = Op("broken", forward=lambda x: len(x), derivatives=lambda x, out: (0.0,))
    with pytest.raises(TypeError, match=r"has no len\(\)"):
        broken(Value(1.0))


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"name": "", "forward": math.exp, "derivatives": lambda x, out: (out,)}, TypeError, "Op: name must be"),
        ({"name": "f", "forward": 1.0, "derivatives": lambda x, out: (1,)}, TypeError, "Op 'f': forward must be"),
        ({"name": "f", "forward": math.exp, "derivatives": None}, TypeError, "Op 'f': derivatives must be a callable"),
        ({"name": "f", "forward": math.exp, "derivatives": abs, "arity": "2"}, TypeError, "Op 'f': arity must be"),
        ({"name": "f", "forward": math.exp, "derivatives": abs, "arity": -1}, ValueError, "Op 'f': arity must be"),
    ],
)
def test_op_definition_errors_name_the_argument(kwargs, error, message):
    with pytest.raises(error, match=message):
        Op(**kwargs)
