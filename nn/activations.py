"""Activation functions: what a neuron does to its weighted sum, by name or as any callable on a Value.

``relu``, ``tanh``, ``sigmoid``, ``linear`` (the identity) and ``softplus`` each take one
Value and return a Value. Pass one of them, its name, or your own ``f(value) -> Value``
wherever a layer asks for an ``activation``.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from autograd import Op, Value, ops
from nn.registry import lookup

Activation = Callable[[Value], Value]


def _softplus(x: float) -> float:
    # log(1 + e^x) = max(x, 0) + log(1 + e^-|x|): no overflow for any x, exact for large |x|.
    return max(x, 0.0) + math.log1p(math.exp(-abs(x)))


softplus_op = Op("softplus", forward=_softplus, derivatives=lambda x, out: (ops.sigmoid(x),))


def relu(x: Value) -> Value:
    """max(0, x): passes positive values, blocks negative ones."""
    return x.relu()


def tanh(x: Value) -> Value:
    """tanh(x): squashes into (-1, 1)."""
    return x.tanh()


def sigmoid(x: Value) -> Value:
    """1 / (1 + e^-x): squashes into (0, 1)."""
    return x.sigmoid()


def linear(x: Value) -> Value:
    """x itself: no activation (a purely linear neuron)."""
    return x


def softplus(x: Value) -> Value:
    """log(1 + e^x), a smooth relu; its slope is sigmoid(x). Stable for any x."""
    return softplus_op(x)


ACTIVATIONS: dict[str, Activation] = {
    "relu": relu,
    "tanh": tanh,
    "sigmoid": sigmoid,
    "linear": linear,
    "softplus": softplus,
}


def get_activation(activation: str | Activation, where: str = "get_activation") -> Activation:
    """The activation function for a name ("relu", "tanh", ...) or a callable (returned as is)."""
    return lookup(ACTIVATIONS, activation, where=where, name="activation", callable_form="a callable on a Value")


def activation_name(activation: Activation) -> str | None:
    """The name of a built-in activation, or None for a custom callable."""
    for name, function in ACTIVATIONS.items():
        if function is activation:
            return name
    return None


def describe(activation: Activation) -> str:
    """A short name to show: the built-in name, else the callable's own name."""
    return activation_name(activation) or getattr(activation, "__name__", repr(activation))
