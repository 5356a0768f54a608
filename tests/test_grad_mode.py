"""no_grad: nothing recorded inside, safe to nest, restored after exceptions, usable as a decorator."""

import gc
import weakref

import pytest

from autograd import Op, Value, is_grad_enabled, no_grad, ops

EVERY_OPERATION = {
    "+": lambda x, y: x + y,
    "radd": lambda x, y: 2.0 + x,
    "-": lambda x, y: x - y,
    "rsub": lambda x, y: 2.0 - x,
    "*": lambda x, y: x * y,
    "rmul": lambda x, y: 2.0 * x,
    "/": lambda x, y: x / y,
    "rdiv": lambda x, y: 2.0 / x,
    "** number": lambda x, y: x**2,
    "** Value": lambda x, y: x**y,
    "number ** Value": lambda x, y: 2.0**x,
    "neg": lambda x, y: -x,
    "abs": lambda x, y: abs(x),
    "exp": lambda x, y: x.exp(),
    "log": lambda x, y: x.log(),
    "tanh": lambda x, y: x.tanh(),
    "sigmoid": lambda x, y: x.sigmoid(),
    "relu": lambda x, y: x.relu(),
    "sin": lambda x, y: x.sin(),
    "cos": lambda x, y: x.cos(),
    "sqrt": lambda x, y: x.sqrt(),
    "sum": lambda x, y: sum([x, y]),
    "ops.tanh": lambda x, y: ops.tanh(x),
    "ops.pow": lambda x, y: ops.pow(x, y),
}


@pytest.mark.parametrize("name", list(EVERY_OPERATION))
def test_operations_inside_no_grad_record_nothing(name):
    make = EVERY_OPERATION[name]
    x, y = Value(1.5), Value(2.0)
    recorded = make(x, y)
    with no_grad():
        assert not is_grad_enabled()
        result = make(x, y)
    assert recorded.children != ()  # the same operation outside records its operands
    assert isinstance(result, Value)
    assert (result.children, result.op, result.operation) == ((), "", None)
    assert result.data == recorded.data


def test_grad_is_enabled_by_default():
    assert is_grad_enabled()


def test_a_result_made_inside_no_grad_does_not_reach_its_inputs():
    x = Value(3.0)
    with no_grad():
        y = (x * x).tanh()
    y.backward()
    assert x.grad == 0.0 and y.grad == 1.0


def test_no_graph_is_kept_inside_no_grad():
    was_enabled = gc.isenabled()
    gc.disable()  # only reference counting may free the input
    try:
        x = Value(3.0)
        alive = weakref.ref(x)
        with no_grad():
            y = x * 2.0 + 1.0
        del x
        assert alive() is None
        assert y.data == 7.0
    finally:
        if was_enabled:
            gc.enable()


def test_nesting_restores_each_level():
    with no_grad():
        with no_grad():
            assert not is_grad_enabled()
        assert not is_grad_enabled()  # leaving the inner block does not switch recording back on
        assert (Value(1.0) + 1.0).children == ()
    assert is_grad_enabled()
    assert len((Value(1.0) + 1.0).children) == 2


def test_recording_comes_back_after_an_exception():
    with pytest.raises(ZeroDivisionError), no_grad():
        raise ZeroDivisionError("inside")
    assert is_grad_enabled()
    with no_grad():
        with pytest.raises(KeyError), no_grad():
            raise KeyError("inner")
        assert not is_grad_enabled()
    assert is_grad_enabled()


def test_no_grad_as_a_decorator():
    @no_grad()
    def predict(x):
        assert not is_grad_enabled()
        return x * 2.0

    x = Value(1.0)
    y = predict(x)
    assert y.children == () and y.data == 2.0
    assert is_grad_enabled()
    with no_grad():
        predict(x)
        assert not is_grad_enabled()  # a decorated call inside a block leaves the block's state alone
    assert is_grad_enabled()


def test_decorated_recursion_nests_correctly():
    seen = []

    @no_grad()
    def countdown(n):
        if n > 0:
            countdown(n - 1)
        seen.append(is_grad_enabled())  # after the recursive call returned
        return n

    assert countdown(5) == 5
    assert seen == [False] * 6
    assert is_grad_enabled()


def test_decorated_function_that_raises_restores_recording():
    @no_grad()
    def fails():
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        fails()
    assert is_grad_enabled()


def test_a_custom_op_respects_no_grad():
    double = Op("double", forward=lambda x: 2.0 * x, derivatives=lambda x, out: (2.0,))
    x = Value(1.0)
    assert double(x).children == (x,)
    with no_grad():
        assert double(x).children == ()
        assert double(1.0) == 2.0


def test_backward_still_works_inside_no_grad():
    x = Value(3.0)
    y = x * x
    with no_grad():
        y.backward()
    assert x.grad == 6.0
