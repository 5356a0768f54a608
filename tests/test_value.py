"""Value construction, attributes, micrograd-style aliases, repr, float() and comparisons."""

import math

import numpy as np
import pytest

from autograd import Value, ops


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (3, 3.0),
        (-2.5, -2.5),
        (True, 1.0),
        (False, 0.0),
        (np.float64(1.25), 1.25),
        (np.float32(0.5), 0.5),
        (np.int64(7), 7.0),
        (np.int8(-3), -3.0),
    ],
)
def test_real_numbers_are_stored_as_float(data, expected):
    v = Value(data)
    assert type(v.data) is float
    assert v.data == expected


@pytest.mark.parametrize(
    ("data", "type_name"),
    [("1.0", "str"), (None, "NoneType"), (1 + 2j, "complex"), ([1.0], "list"), (Value(1.0), "Value")],
)
def test_other_data_raises_type_error_naming_the_type(data, type_name):
    with pytest.raises(TypeError, match=rf"\b{type_name}\b"):
        Value(data)


def test_a_number_operand_of_the_wrong_type_is_rejected_by_the_operator():
    with pytest.raises(TypeError, match="str"):
        Value(1.0) + "2"
    with pytest.raises(TypeError, match="complex"):
        Value(1.0) * 1j


def test_leaf_attributes():
    v = Value(2.0, label="x")
    assert (v.data, v.grad, v.label, v.op, v.children) == (2.0, 0.0, "x", "", ())
    assert Value(1.0).label == ""


def test_children_are_a_tuple_of_operands_in_order():
    a, b = Value(2.0), Value(5.0)
    for result, op in [(a - b, "-"), (b - a, "-"), (a / b, "/"), (a * b, "*")]:
        assert type(result.children) is tuple
        assert result.op == op
    assert (a - b).children[0] is a and (a - b).children[1] is b
    assert (b - a).children[0] is b and (b - a).children[1] is a


def test_the_same_value_twice_is_kept_twice_never_collapsed_like_a_set():
    a = Value(3.0)
    square = a * a
    assert len(square.children) == 2
    assert square.children[0] is a and square.children[1] is a


def test_number_operands_become_leaf_children_in_position():
    a = Value(2.0)
    left, right = 10.0 - a, a - 10.0
    assert left.children[1] is a and left.children[0].data == 10.0 and left.children[0].op == ""
    assert right.children[0] is a and right.children[1].data == 10.0


def test_micrograd_aliases_read_the_same_attributes():
    a, b = Value(1.0), Value(2.0)
    c = a + b
    assert c._prev is c.children
    assert c._op == c.op == "+"
    assert a._op == "" and a._prev == ()


def test_micrograd_aliases_are_read_only():
    c = Value(1.0) + 2.0
    with pytest.raises(AttributeError):
        c._prev = ()
    with pytest.raises(AttributeError):
        c._op = "*"


def test_values_have_no_instance_dict():
    v = Value(1.0)
    with pytest.raises(AttributeError):
        v.some_new_attribute = 1


def test_op_names_of_every_operator_and_method():
    x, y = Value(0.5), Value(2.0)
    named = {
        "+": x + y,
        "-": x - y,
        "*": x * y,
        "/": x / y,
        "neg": -x,
        "abs": abs(x),
        "**2": x**2,
        "**": x**y,
        "exp": x.exp(),
        "log": x.log(),
        "tanh": x.tanh(),
        "sigmoid": x.sigmoid(),
        "relu": x.relu(),
        "sin": x.sin(),
        "cos": x.cos(),
        "sqrt": x.sqrt(),
    }
    for name, value in named.items():
        assert value.op == name


def test_repr_shows_data_grad_and_label():
    assert repr(Value(2.0)) == "Value(data=2.0, grad=0.0)"
    assert repr(Value(-1.5, label="w")) == "Value(data=-1.5, grad=0.0, label='w')"


def test_float_gives_the_data():
    assert float(Value(3)) == 3.0
    assert math.isclose(math.sqrt(Value(9.0)), 3.0)


def test_comparisons_look_at_the_data():
    a, b = Value(1.0), Value(2.0)
    assert a < b and a <= b and b > a and b >= a
    assert a < 1.5 and a <= 1.0 and b > 1.5 and b >= 2.0
    assert not (a > b) and not (b < a)
    assert 1.5 > a and 3.0 >= b  # noqa: SIM300 -- reflected comparisons, a number on the left
    assert max([a, b]) is b and min([b, a]) is a
    assert sorted([b, a]) == [a, b]


def test_equality_is_identity_so_values_can_be_dict_keys():
    a, b = Value(1.0), Value(1.0)
    assert a == a and a != b
    assert {a: "a", b: "b"}[b] == "b"


def test_sum_of_values():
    xs = [Value(float(i)) for i in range(1, 5)]
    total = sum(xs)
    assert isinstance(total, Value) and total.data == 10.0
    total.backward()
    assert [x.grad for x in xs] == [1.0, 1.0, 1.0, 1.0]


def test_ops_on_plain_numbers_return_plain_floats():
    assert ops.tanh(0.0) == 0.0 and type(ops.tanh(0.0)) is float
    assert ops.add(1.0, 2.0) == 3.0
    assert ops.pow(2.0, 3.0) == 8.0
    assert isinstance(ops.add(Value(1.0), 2.0), Value)


def test_micrograd_internal_constructor_is_refused_saying_what_to_write_instead():
    a, b = Value(1.0), Value(2.0)
    for build in [
        lambda: Value(3.0, (a, b), "+"),  # micrograd's internal (data, _children, _op) call shape
        lambda: Value(3.0, (a, b)),
        lambda: Value(3.0, _children=(a, b), _op="+"),
        lambda: Value(3.0, _children=(a, b)),
    ]:
        with pytest.raises(TypeError, match=r"^Value: .*micrograd's Value\(data, _children, _op\).*a \+ b"):
            build()


# ---- labels: a str, checked at construction and on assignment --------------------------------------------------


def test_label_none_means_no_label():
    v = Value(1.0, label=None)
    assert v.label == "" and repr(v) == "Value(data=1.0, grad=0.0)"
    v.label = "x"
    v.label = None
    assert v.label == ""


@pytest.mark.parametrize("label", [0, 42, 1.5, b"x", ["x"], Value(1.0)])
def test_a_label_that_is_not_a_str_is_refused_at_construction_naming_the_value(label):
    with pytest.raises(TypeError, match=r"^Value\(data=2\.5\): label must be a str \(or None for no label\), got "):
        Value(2.5, label=label)


def test_a_label_that_is_not_a_str_is_refused_on_assignment_naming_the_value():
    v = Value(2.5, label="w")
    with pytest.raises(TypeError, match=r"^Value\(data=2\.5\): label must be a str .*got int 42"):
        v.label = 42
    assert v.label == "w"
    result = v * 2.0
    with pytest.raises(TypeError, match=r"^Value\(data=5\.0\): label must be a str"):
        result.label = 0


def test_a_str_subclass_label_is_kept_as_a_plain_str():
    class Name(str):
        pass

    v = Value(1.0, label=Name("w"))
    assert v.label == "w" and type(v.label) is str


# ---- numbers a Value holds ------------------------------------------------------------------------------------------


def test_numpy_bools_are_numbers_like_python_bools():
    assert Value(np.bool_(True)).data == 1.0 and Value(np.bool_(False)).data == 0.0
    assert (Value(2.0) * np.bool_(True)).data == 2.0


def test_the_type_error_for_data_lists_what_is_accepted():
    with pytest.raises(TypeError, match=r"^Value: data must be a real number \(int, float, bool, or a numpy number\)"):
        Value("1.0")


# ---- an operation and its name ------------------------------------------------------------------------------------


def test_operation_is_the_op_and_op_name_its_name():
    a, b = Value(1.0), Value(2.0)
    c = a * b
    assert c.operation is ops.mul and c.op_name == "*"
    assert c.op == c._op == c.op_name  # the older name and micrograd's
    assert (a.operation, a.op_name, a.op) == (None, "", "")


# ---- micrograd's lecture: manual backpropagation with _backward() -------------------------------------------------


def test_manual_backpropagation_as_in_micrograds_lecture():
    x1, x2 = Value(2.0, label="x1"), Value(0.0, label="x2")
    w1, w2 = Value(-3.0, label="w1"), Value(1.0, label="w2")
    b = Value(6.8813735870195432, label="b")
    x1w1 = x1 * w1
    x2w2 = x2 * w2
    x1w1x2w2 = x1w1 + x2w2
    n = x1w1x2w2 + b
    o = n.tanh()
    o.grad = 1.0
    o._backward()
    assert n.grad == pytest.approx(0.5)
    n._backward()
    b._backward()  # a leaf: nothing to do
    x1w1x2w2._backward()
    x2w2._backward()
    x1w1._backward()
    assert [x1.grad, w1.grad, x2.grad, w2.grad, b.grad] == pytest.approx([-1.5, 1.0, 0.5, 0.0, 0.5])


def test_backward_of_one_node_adds_into_the_childrens_grad():
    a = Value(3.0)
    square = a * a
    square.grad = 2.0
    square._backward()
    assert a.grad == 2.0 * 3.0 + 2.0 * 3.0  # both edges, as micrograd's `+=` does
