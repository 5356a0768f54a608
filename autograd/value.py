"""``Value``: one scalar in the computation graph — its data, its gradient, and how it was made."""

from __future__ import annotations

import numbers
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from autograd.op import Op


def as_float(data: object, where: str = "Value") -> float:
    """Return ``data`` as a float if it is a real number; raise TypeError naming what it is otherwise."""
    if type(data) is float:
        return data
    if isinstance(data, numbers.Real) and not isinstance(data, Value):
        return float(data)
    raise TypeError(f"{where}: expected a real number (int, float, bool), got {type(data).__name__} {data!r}")


class Value:
    """A scalar that remembers the operation and the operands that produced it.

    ``data``     the number (a float).
    ``grad``     d(output)/d(this value), filled in by ``backward()``; 0.0 until then.
    ``label``    an optional name, shown in pictures.
    ``children`` the operands, in order (a tuple; empty for a leaf).
    ``op``       the name of the operation that made it ("" for a leaf).

    Arithmetic operators and the methods below build new Values; ``backward()`` then
    fills in ``grad`` on every Value the result depends on.
    """

    # Slots keep a node small (no per-instance dict), and there is no closure per node:
    # the derivative rules live on the shared ``Op``, so a dropped graph has no
    # reference cycles and is freed by reference counting alone.
    __slots__ = ("data", "grad", "label", "children", "operation", "__weakref__")

    def __init__(self, data: float, label: str = "", _children: tuple[Value, ...] = (), _op: Op | None = None):
        self.data = data if type(data) is float else as_float(data)
        if label and not isinstance(label, str):  # e.g. micrograd's Value(x, (a, b), "+"): a tuple is no label
            raise TypeError(f"Value: label must be a str, got {type(label).__name__} {label!r}")
        self.grad = 0.0
        self.label = label
        self.children = _children
        self.operation = _op

    @property
    def op(self) -> str:
        """The name of the operation that produced this Value ("" for a leaf)."""
        return self.operation.name if self.operation is not None else ""

    # micrograd's names, so code written for it (and the lecture's draw_dot) runs unchanged.
    @property
    def _prev(self) -> tuple[Value, ...]:
        return self.children

    @property
    def _op(self) -> str:
        return self.op

    def __repr__(self) -> str:
        label = f", label={self.label!r}" if self.label else ""
        return f"Value(data={self.data}, grad={self.grad}{label})"

    def __float__(self) -> float:
        return self.data

    # Comparisons look at the data (handy for `if loss < 0.01`); equality stays identity,
    # so Values can be dictionary keys and set members.
    def __lt__(self, other: Value | float) -> bool:
        return self.data < _data(other)

    def __le__(self, other: Value | float) -> bool:
        return self.data <= _data(other)

    def __gt__(self, other: Value | float) -> bool:
        return self.data > _data(other)

    def __ge__(self, other: Value | float) -> bool:
        return self.data >= _data(other)

    # ---- arithmetic: each operator is one primitive op from autograd.ops ----
    def __add__(self, other: Value | float) -> Value:
        return op.apply_binary(ops.add, self, other)

    def __radd__(self, other: float) -> Value:
        return op.apply_binary(ops.add, other, self)

    def __sub__(self, other: Value | float) -> Value:
        return op.apply_binary(ops.sub, self, other)

    def __rsub__(self, other: float) -> Value:
        return op.apply_binary(ops.sub, other, self)

    def __mul__(self, other: Value | float) -> Value:
        return op.apply_binary(ops.mul, self, other)

    def __rmul__(self, other: float) -> Value:
        return op.apply_binary(ops.mul, other, self)

    def __truediv__(self, other: Value | float) -> Value:
        return op.apply_binary(ops.div, self, other)

    def __rtruediv__(self, other: float) -> Value:
        return op.apply_binary(ops.div, other, self)

    def __pow__(self, exponent: Value | float) -> Value:
        return ops.pow(self, exponent)

    def __rpow__(self, base: float) -> Value:
        return ops.pow(base, self)

    def __neg__(self) -> Value:
        return op.apply_unary(ops.neg, self)

    def __abs__(self) -> Value:
        return op.apply_unary(ops.abs, self)

    def exp(self) -> Value:
        return op.apply_unary(ops.exp, self)

    def log(self) -> Value:
        return op.apply_unary(ops.log, self)

    def tanh(self) -> Value:
        return op.apply_unary(ops.tanh, self)

    def sigmoid(self) -> Value:
        return op.apply_unary(ops.sigmoid, self)

    def relu(self) -> Value:
        return op.apply_unary(ops.relu, self)

    def sin(self) -> Value:
        return op.apply_unary(ops.sin, self)

    def cos(self) -> Value:
        return op.apply_unary(ops.cos, self)

    def sqrt(self) -> Value:
        return op.apply_unary(ops.sqrt, self)

    # ---- gradients ----
    def backward(self, create_graph: bool = False) -> None:
        """Add d(self)/d(node) to ``node.grad`` for every node this Value depends on.

        Gradients accumulate across calls (as in PyTorch): two calls leave exactly twice
        the gradient of one. With ``create_graph=True`` the gradients are Values with a
        graph of their own, so they can be differentiated again (higher-order derivatives).
        """
        backward.backward(self, create_graph=create_graph)

    def zero_grad(self) -> None:
        """Set ``grad`` back to 0.0 on this Value and every Value it depends on."""
        for node in backward.topological_order(self):
            node.grad = 0.0


def _data(x: Value | float) -> float:
    return x.data if isinstance(x, Value) else x


# Imported last: the ops and the backward pass build on Value, and Value's operators call them.
from autograd import backward, op, ops  # noqa: E402
