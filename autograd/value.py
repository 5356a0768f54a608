"""``Value``: one scalar in the computation graph — its data, its gradient, and how it was made.

This module is the ground the engine stands on: it imports nothing of the engine but the
backward pass (which reads Values without importing them). A Value's arithmetic — ``a + b``,
``x.tanh()`` — is one op of the rule table each, so ``autograd.ops`` gives Value its
operators once the table is complete; importing ``autograd`` loads both.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from autograd import backward
from autograd._args import got, is_real, type_error, value_error

if TYPE_CHECKING:
    from autograd.op import Op

# What micrograd's internal constructor call shape gets instead of a silently broken Value.
_MICROGRAD_CONSTRUCTOR = (
    "Value: takes (data, label=''); results of operations are built by the operations themselves. "
    "micrograd's Value(data, _children, _op) is internal to micrograd: write the operation instead "
    "(a + b, a * b, x.tanh(), ...), or define a new one with autograd.Op"
)


class Value:
    """A scalar that remembers the operation and the operands that produced it.

    ``data``      the number (a float; never NaN).
    ``grad``      d(output)/d(this value), filled in by ``backward()``; 0.0 until then.
    ``label``     an optional name (a str; ``None`` means no label, ""), shown in pictures.
    ``children``  the operands, in order (a tuple; empty for a leaf).
    ``operation`` the ``Op`` that made it (None for a leaf).
    ``op_name``   that op's name, a str ("" for a leaf); ``op`` and micrograd's ``_op`` are aliases.

    Arithmetic operators (``+ - * / **``, unary ``-``, ``abs``) and the methods ``exp``,
    ``log``, ``tanh``, ``sigmoid``, ``relu``, ``sin``, ``cos``, ``sqrt`` each apply one op
    of ``autograd.ops``; ``backward()`` then fills in ``grad`` on every Value the result
    depends on.
    """

    # Slots keep a node small (no per-instance dict), and there is no closure per node:
    # the derivative rules live on the shared ``Op``, so a dropped graph has no
    # reference cycles and is freed by reference counting alone.
    __slots__ = ("data", "grad", "_label", "children", "operation", "__weakref__")

    def __init__(
        self, data: float, label: str | None = "", *micrograd_args: object, _children: object = None, _op: object = None
    ) -> None:
        if micrograd_args or _children is not None or _op is not None or isinstance(label, tuple):
            raise TypeError(_MICROGRAD_CONSTRUCTOR)
        self.data = data if type(data) is float and data == data else as_float(data)
        self.grad = 0.0
        self._label = label if type(label) is str else _checked_label(self, label)
        self.children: tuple[Value, ...] = ()
        self.operation: Op | None = None

    @property
    def label(self) -> str:
        """An optional name shown in pictures; "" for none. Assigning checks it is a str (None means "")."""
        return self._label

    @label.setter
    def label(self, label: str | None) -> None:
        self._label = label if type(label) is str else _checked_label(self, label)

    @property
    def op_name(self) -> str:
        """The name of the operation that produced this Value ("" for a leaf)."""
        return self.operation.name if self.operation is not None else ""

    # ``op`` is the name ``op_name`` had before it said what it is; micrograd calls it ``_op``
    # and the operands ``_prev``, so code written for micrograd (and the lecture's draw_dot) runs unchanged.
    op = op_name
    _op = op_name

    @property
    def _prev(self) -> tuple[Value, ...]:
        return self.children

    def __repr__(self) -> str:
        label = f", label={self._label!r}" if self._label else ""
        return f"Value(data={self.data}, grad={self.grad}{label})"

    def __float__(self) -> float:
        return self.data

    # Comparisons look at the data (handy for `if loss < 0.01`); equality stays identity,
    # so Values can be dictionary keys and set members.
    def __lt__(self, other: Value | float) -> bool:
        return self.data < data_of(other)

    def __le__(self, other: Value | float) -> bool:
        return self.data <= data_of(other)

    def __gt__(self, other: Value | float) -> bool:
        return self.data > data_of(other)

    def __ge__(self, other: Value | float) -> bool:
        return self.data >= data_of(other)

    # ---- gradients ----
    def backward(self, create_graph: bool = False) -> None:
        """Add d(self)/d(node) to ``node.grad`` for every node this Value depends on.

        Gradients accumulate across calls (as in PyTorch): two calls leave exactly twice
        the gradient of one. With ``create_graph=True`` the gradients are Values with a
        graph of their own, so they can be differentiated again (higher-order derivatives).
        """
        backward.backward(self, create_graph=create_graph)

    def _backward(self) -> None:
        """micrograd's step of the backward pass for this node alone: add ``self.grad`` × local into the children.

        As in micrograd's lecture: ``o.grad = 1.0; o._backward()`` then ``n._backward()`` and so on.
        """
        backward.node_step(self)

    def zero_grad(self) -> None:
        """Set ``grad`` back to 0.0 on this Value and every Value it depends on."""
        for node in backward.topological_order(self):
            node.grad = 0.0


def node(data: float, children: tuple[Value, ...], operation: Op) -> Value:
    """A new Value made by ``operation`` from ``children`` (what ``Op.apply`` builds; ``data`` already checked).

    Optimisation: it sets the slots directly instead of going through ``Value(...)``'s checks,
    which every result of an op has passed already.
    """
    result = _new_value(Value)
    result.data = data
    result.grad = 0.0
    result._label = ""
    result.children = children
    result.operation = operation
    return result


def leaf(data: float) -> Value:
    """A new leaf Value for a number operand (``data`` already checked by ``as_float``)."""
    result = _new_value(Value)
    result.data = data
    result.grad = 0.0
    result._label = ""
    result.children = ()
    result.operation = None
    return result


_new_value = object.__new__


def data_of(x: Value | float) -> float:
    """The number in ``x``: ``x.data`` for a Value, ``x`` itself for a number."""
    return x.data if isinstance(x, Value) else x


def is_number(data: object) -> bool:
    """True for a real number a Value can hold: int, float, bool, and numpy's (numpy.bool_ too); not a Value."""
    kind = type(data)
    # numpy's bool is not registered as a numbers.Real, though float() reads it as Python's bool
    return is_real(data) or (kind.__module__ == "numpy" and kind.__name__ in ("bool_", "bool"))


def as_float(data: object, where: str = "Value", name: str = "data") -> float:
    """``data`` as a float: a real number, not NaN; too large a number becomes ±inf (as IEEE arithmetic gives).

    A TypeError names ``where`` and what ``data`` is otherwise; a ValueError for NaN.
    """
    if type(data) is float and data == data:  # optimisation: the common case, checked at once
        return data
    if not is_number(data):
        raise type_error(where, name, "a real number (int, float, bool, or a numpy number)", data)
    try:
        number = float(data)
    except OverflowError:  # an int beyond the largest float, such as 10**400
        number = math.inf if data > 0 else -math.inf
    if number != number:
        raise value_error(where, name, "a number, not NaN", data)
    return number


def _checked_label(value: Value, label: object) -> str:
    """``label`` if it is a str, "" for None; a TypeError naming the Value otherwise."""
    if label is None:
        return ""
    if isinstance(label, str):  # a str subclass: kept as a plain str
        return str(label)
    owner = f"Value(data={value.data})"
    raise TypeError(f"{owner}: label must be a str (or None for no label), got {got(label)}")
