"""grad and value_and_grad: argnums, composition to any order, no .grad touched, constants, bad results and argnums."""

import math

import pytest

from autograd import DomainError, Value, grad, is_grad_enabled, no_grad, ops, value_and_grad


def cube(x):
    return x**3


def test_grad_of_a_function_of_floats():
    assert grad(cube)(2.0) == 12.0
    assert type(grad(cube)(2.0)) is float
    assert grad(lambda x: x.tanh())(0.5) == pytest.approx(1 - math.tanh(0.5) ** 2, rel=1e-15)


def test_value_and_grad_returns_the_value_and_the_gradient():
    value, slope = value_and_grad(cube)(2.0)
    assert (value, slope) == (8.0, 12.0)
    assert type(value) is float


def test_integer_and_numpy_arguments_are_accepted():
    np = pytest.importorskip("numpy")
    assert grad(cube)(2) == 12.0
    assert grad(cube)(np.float64(2.0)) == 12.0


def f_xy(x, y):
    return x * x * y + ops.sin(y)


def test_argnums_int_picks_one_argument():
    assert grad(f_xy, argnums=0)(3.0, 0.5) == 2 * 3.0 * 0.5
    assert grad(f_xy, argnums=1)(3.0, 0.5) == pytest.approx(9.0 + math.cos(0.5), rel=1e-15)
    assert grad(f_xy, argnums=-1)(3.0, 0.5) == grad(f_xy, argnums=1)(3.0, 0.5)


def test_argnums_tuple_gives_a_tuple():
    assert grad(f_xy, argnums=(1, 0))(3.0, 0.5) == pytest.approx((9.0 + math.cos(0.5), 3.0), rel=1e-15)
    value, grads = value_and_grad(f_xy, argnums=(0,))(3.0, 0.5)
    assert value == pytest.approx(4.5 + math.sin(0.5)) and grads == (3.0,)


def test_arguments_not_in_argnums_are_passed_through_unchanged():
    def f(x, scale, name):
        assert scale == 10 and name == "label"
        return x * scale

    assert grad(f)(2.0, 10, "label") == 10.0


def test_grad_of_grad_and_third_order():
    assert grad(grad(cube))(2.0) == 12.0
    assert grad(grad(grad(cube)))(2.0) == 6.0
    assert grad(grad(grad(grad(cube))))(2.0) == 0.0
    assert grad(grad(grad(lambda x: x.sin())))(0.7) == pytest.approx(-math.cos(0.7), rel=1e-15)
    assert grad(grad(lambda x: x.exp() * x))(0.3) == pytest.approx(math.exp(0.3) * (0.3 + 2), rel=1e-15)


def test_mixed_partial_derivatives():
    def f(x, y):
        return x**2 * y**3

    assert grad(grad(f, 0), 1)(2.0, 3.0) == 6 * 2.0 * 3.0**2
    assert grad(grad(f, 1), 0)(2.0, 3.0) == 6 * 2.0 * 3.0**2


def test_inner_grad_of_a_closure_over_the_outer_variable():
    # d/dx [ d/dy (x·y) ] = d/dx [x] = 1: the inner derivative depends on the outer variable.
    assert grad(lambda x: grad(lambda y: x * y)(1.0))(3.0) == 1.0
    assert grad(lambda x: grad(lambda y: x * x * y * y)(2.0))(3.0) == 2 * 2 * 3.0 * 2.0


def test_no_grad_of_an_outside_value_is_touched():
    w = Value(4.0)

    def f(x):
        return x * w + w * w

    assert grad(f)(3.0) == 4.0
    assert grad(grad(lambda x: x * x * w))(3.0) == 8.0
    assert value_and_grad(f, argnums=0)(3.0) == (28.0, 4.0)
    assert w.grad == 0.0


def test_a_value_argument_keeps_its_grad():
    x = Value(2.0)
    slope = grad(cube)(x)
    assert slope.data == 12.0
    assert x.grad == 0.0


def test_an_unused_argument_has_gradient_zero():
    assert grad(lambda x, y: x * 2.0, argnums=1)(1.0, 5.0) == 0.0
    assert grad(lambda x, y: x * 2.0, argnums=(0, 1))(1.0, 5.0) == (2.0, 0.0)


def test_a_constant_result_has_gradient_zero():
    assert grad(lambda x: 3.0)(1.0) == 0.0
    assert grad(lambda x: 7)(1.0) == 0.0
    assert value_and_grad(lambda x: 3.0)(1.0) == (3.0, 0.0)
    assert grad(lambda x, y: 3.0, argnums=(0, 1))(1.0, 2.0) == (0.0, 0.0)
    assert grad(grad(lambda x: x * 2.0))(1.0) == 0.0


@pytest.mark.parametrize("result", [[1.0, 2.0], "1.0", None, (1.0,)], ids=["list", "str", "None", "tuple"])
def test_a_non_scalar_result_raises_type_error(result):
    with pytest.raises(TypeError, match=type(result).__name__):
        grad(lambda x: result)(1.0)


def test_a_list_of_values_result_raises_type_error():
    with pytest.raises(TypeError, match="list"):
        grad(lambda x: [x, x * 2])(1.0)


@pytest.mark.parametrize("argnums", ["0", 1.0, None, (), (0, "1"), True, [0]])
def test_bad_argnums_type_raises_a_clear_error(argnums):
    with pytest.raises(TypeError, match="argnums"):
        grad(f_xy, argnums=argnums)


@pytest.mark.parametrize("argnums", [2, -3, (0, 2)])
def test_argnums_out_of_range_raises_a_clear_error(argnums):
    with pytest.raises(IndexError, match="argnums"):
        grad(f_xy, argnums=argnums)(1.0, 2.0)


@pytest.mark.parametrize("argnums", [(0, 0), (1, -1)])
def test_argnums_naming_one_argument_twice_raises_a_clear_error(argnums):
    with pytest.raises(ValueError, match="argnums"):
        grad(f_xy, argnums=argnums)(1.0, 2.0)


def test_a_non_number_argument_raises_type_error():
    with pytest.raises(TypeError, match="str"):
        grad(cube)("2.0")


def test_grad_works_inside_no_grad():
    # As in torch.func.grad: the function being differentiated always records its graph.
    with no_grad():
        assert grad(cube)(2.0) == 12.0
        assert grad(grad(cube))(2.0) == 12.0
    assert grad(cube)(2.0) == 12.0 and type(grad(cube)(2.0)) is float


def test_grad_leaves_the_recording_state_as_it_was():
    with no_grad():
        grad(cube)(2.0)
        assert not is_grad_enabled()
    assert is_grad_enabled()


def test_an_exception_inside_f_leaves_later_grad_calls_unaffected():
    with pytest.raises(ZeroDivisionError):
        grad(lambda x: 1 / 0)(1.0)
    with no_grad(), pytest.raises(DomainError):
        grad(lambda x: x.log())(0.0)
    assert is_grad_enabled()
    slope = grad(cube)(2.0)  # a top-level call again: a plain float, not a graph-building Value
    assert type(slope) is float and slope == 12.0
