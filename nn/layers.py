"""Neurons, layers and networks: y = w·x + b, then an activation, stacked.

``Neuron``  one weighted sum of its inputs plus a bias, through an activation.
``Layer``   several neurons reading the same inputs.
``Linear``  a layer with no activation: y = w1·x1 + ... + wn·xn + b (bias=False: no b).
``MLP``     layers in a row, each reading the previous one's outputs.

Labels (shown in graph pictures): parameters "L1.n0.w0", "L1.n0.b" (layer from 1, neuron
from 0); each neuron's output Value "L1.n0". Calling a model returns one Value when its
last layer has one neuron, else a list of Values. The signatures accept micrograd's
(``Neuron(nin, nonlin=True)``, ``Layer(nin, nout, **kw)``, ``MLP(nin, nouts)``).
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from itertools import pairwise, repeat
from typing import Any

from autograd import Value, _args, ops
from nn.activations import Activation, activation_name, describe, get_activation
from nn.init import INITS, initial_weight, make_rng
from nn.module import Module

Inputs = Sequence[Value | float] | Value | float


def weighted_sum(weights: Sequence[Value], inputs: Sequence[Value | float], bias: Value | None = None) -> Value:
    """b + w0·x0 + w1·x1 + ... (without b when ``bias`` is None): every neuron's sum, computed here only."""
    if len(weights) != len(inputs):
        raise ValueError(
            f"weighted_sum: got {len(weights)} weights and {len(inputs)} inputs; expected one weight per input"
        )
    operands = (*weights, *inputs) if bias is None else (*weights, *inputs, bias)
    return ops.weighted_sum(*operands)  # one graph node per neuron, not 2n (see autograd/ops.py)


class Neuron(Module):
    """act(w·x + b) for ``nin`` inputs. ``nonlin`` (micrograd): True → relu, False → linear."""

    def __init__(
        self,
        nin: int,
        activation: str | Activation = "relu",
        bias: bool = True,
        *,
        nonlin: bool | None = None,
        seed: int | None = None,
        rng: random.Random | None = None,
        init: str = "uniform",
        fan_out: int = 1,
        name: str = "n0",
    ) -> None:
        _size(Neuron, "nin", nin)
        if nonlin is not None:
            activation = "relu" if nonlin else "linear"
        self.activation = get_activation(activation, type(self).__name__)
        self.init = _args.choice(type(self).__name__, "init", init, INITS)
        self.name = name
        rng = make_rng(seed, rng, type(self).__name__)
        self.w = [Value(initial_weight(init, nin, fan_out, rng), label=f"{name}.w{i}") for i in range(nin)]
        self.b = Value(0.0, label=f"{name}.b") if bias else None

    @property
    def nin(self) -> int:
        return len(self.w)

    @property
    def nonlin(self) -> bool:
        """True unless the activation is linear (micrograd's attribute)."""
        return activation_name(self.activation) != "linear"

    def named_parameters(self) -> list[tuple[str, Value]]:
        named = [(f"{self.name}.w{i}", w) for i, w in enumerate(self.w)]
        return named if self.b is None else [*named, (f"{self.name}.b", self.b)]

    def forward(self, x: Inputs) -> Value:
        return self.fire(_as_inputs(x, self.nin, f"Neuron {self.name}"))

    def fire(self, inputs: Sequence[Value]) -> Value:
        """act(w·x + b) on ``nin`` input Values that are already checked (a Layer checks them once)."""
        out = self.activation(weighted_sum(self.w, inputs, self.b))
        if not isinstance(out, Value):
            raise TypeError(f"activation {describe(self.activation)}: must return a Value, got {type(out).__name__}")
        out.label = self.name
        return out

    def config(self) -> dict[str, Any]:
        return {
            "nin": self.nin,
            "activation": _saved_name(self.activation),
            "bias": self.b is not None,
            "init": self.init,
            "name": self.name,
        }

    @classmethod
    def parameter_count(cls, config: Mapping[str, Any]) -> int:
        """How many parameters ``cls(**config)`` has, without building it (``nn.load`` checks files with it)."""
        return _size(cls, "nin", config["nin"]) + _has_bias(cls, config)

    def describe(self) -> str:
        return f"Neuron({self.nin} inputs, {describe(self.activation)}, bias={self.b is not None})"


class Layer(Module):
    """``nout`` neurons, each reading the same ``nin`` inputs; extra keywords go to every Neuron."""

    def __init__(
        self,
        nin: int,
        nout: int,
        activation: str | Activation = "relu",
        bias: bool = True,
        *,
        nonlin: bool | None = None,
        seed: int | None = None,
        rng: random.Random | None = None,
        init: str = "uniform",
        name: str = "L1",
    ) -> None:
        _size(Layer, "nin", nin)
        _size(Layer, "nout", nout)
        rng = make_rng(seed, rng, type(self).__name__)
        self.name = name
        self.neurons = [
            Neuron(nin, activation, bias, nonlin=nonlin, rng=rng, init=init, fan_out=nout, name=f"{name}.n{j}")
            for j in range(nout)
        ]

    @property
    def nin(self) -> int:
        return self.neurons[0].nin

    @property
    def nout(self) -> int:
        return len(self.neurons)

    @property
    def activation(self) -> Activation:
        return self.neurons[0].activation

    @property
    def bias(self) -> bool:
        return self.neurons[0].b is not None

    @property
    def init(self) -> str:
        return self.neurons[0].init

    def named_parameters(self) -> list[tuple[str, Value]]:
        return [named for neuron in self.neurons for named in neuron.named_parameters()]

    @classmethod
    def parameter_count(cls, config: Mapping[str, Any]) -> int:
        """How many parameters ``cls(**config)`` has, without building it (``nn.load`` checks files with it)."""
        nin, nout = _size(cls, "nin", config["nin"]), _size(cls, "nout", config.get("nout", 1))
        return nout * (nin + _has_bias(cls, config))

    def outputs(self, x: Inputs) -> list[Value]:
        """Every neuron's output, always as a list (also for one neuron)."""
        inputs = _as_inputs(x, self.nin, f"{type(self).__name__} {self.name}")
        return [neuron.fire(inputs) for neuron in self.neurons]

    def forward(self, x: Inputs) -> Value | list[Value]:
        outs = self.outputs(x)
        return outs[0] if len(outs) == 1 else outs

    def config(self) -> dict[str, Any]:
        return {
            "nin": self.nin,
            "nout": self.nout,
            "activation": _saved_name(self.activation),
            "bias": self.bias,
            "init": self.init,
            "name": self.name,
        }

    def describe(self) -> str:
        return (
            f"Layer({self.nin} → {self.nout}, {describe(self.activation)}, bias={self.bias}, "
            f"{self.num_parameters()} parameters)"
        )


class Linear(Layer):
    """y = w1·x1 + ... + wn·xn + b, ``nout`` times; ``bias=False`` forces the line through the origin."""

    def __init__(
        self,
        nin: int,
        nout: int = 1,
        bias: bool = True,
        *,
        seed: int | None = None,
        rng: random.Random | None = None,
        init: str = "uniform",
        name: str = "L1",
    ) -> None:
        super().__init__(nin, nout, "linear", bias, seed=seed, rng=rng, init=init, name=name)

    def config(self) -> dict[str, Any]:
        return {"nin": self.nin, "nout": self.nout, "bias": self.bias, "init": self.init, "name": self.name}

    def describe(self) -> str:
        return f"Linear({self.nin} → {self.nout}, bias={self.bias}, {self.num_parameters()} parameters)"


class MLP(Module):
    """A multi-layer perceptron: ``nin`` inputs, then one layer per entry of ``nouts``.

    Hidden layers use ``activation``, the last layer ``output_activation`` (default linear,
    as in micrograd, so the output is a raw score).
    """

    def __init__(
        self,
        nin: int,
        nouts: Sequence[int],
        activation: str | Activation = "relu",
        output_activation: str | Activation = "linear",
        *,
        bias: bool = True,
        seed: int | None = None,
        rng: random.Random | None = None,
        init: str = "uniform",
    ) -> None:
        sizes = _layer_sizes(nin, nouts)
        rng = make_rng(seed, rng, type(self).__name__)
        last = len(nouts) - 1
        self.layers = [
            Layer(
                sizes[i],
                sizes[i + 1],
                output_activation if i == last else activation,
                bias,
                rng=rng,
                init=init,
                name=f"L{i + 1}",
            )
            for i in range(len(nouts))
        ]

    @property
    def nin(self) -> int:
        return self.layers[0].nin

    @property
    def nouts(self) -> list[int]:
        return [layer.nout for layer in self.layers]

    @classmethod
    def parameter_count(cls, config: Mapping[str, Any]) -> int:
        """How many parameters ``cls(**config)`` has, without building it (``nn.load`` checks files with it)."""
        sizes, bias = _layer_sizes(config["nin"], config["nouts"]), _has_bias(cls, config)
        return sum(nout * (nin + bias) for nin, nout in pairwise(sizes))

    def named_parameters(self) -> list[tuple[str, Value]]:
        return [named for layer in self.layers for named in layer.named_parameters()]

    def forward(self, x: Inputs) -> Value | list[Value]:
        for layer in self.layers:
            x = layer.outputs(x)  # always a list, so a one-neuron hidden layer feeds the next layer
        return x[0] if len(x) == 1 else x

    def config(self) -> dict[str, Any]:
        return {
            "nin": self.nin,
            "nouts": self.nouts,
            "activation": _saved_name(self.layers[0].activation) if len(self.layers) > 1 else "relu",
            "output_activation": _saved_name(self.layers[-1].activation),
            "bias": self.layers[0].bias,
            "init": self.layers[0].init,
        }

    def describe(self) -> str:
        sizes = " → ".join(str(size) for size in [self.nin, *self.nouts])
        lines = [f"MLP({sizes}, {self.num_parameters()} parameters)"]
        lines += [f"  {layer.name}: {layer.nin} → {layer.nout}, {describe(layer.activation)}" for layer in self.layers]
        return "\n".join(lines)


def _size(cls: type, name: str, size: object) -> int:
    return _args.integer(cls.__name__, name, size, minimum=1)


def _layer_sizes(nin: object, nouts: object) -> list[int]:
    """``[nin, *nouts]``, checked: positive ints, at least one layer."""
    if isinstance(nouts, (int, str)) or not isinstance(nouts, Sequence):
        raise _args.type_error("MLP", "nouts", "a list of layer sizes like [16, 16, 1]", nouts)
    if not nouts:
        raise _args.value_error("MLP", "nouts", "a non-empty list of layer sizes like [16, 16, 1]", nouts)
    return [_size(MLP, "nin", nin), *(_size(MLP, "each layer size in nouts", size) for size in nouts)]


def _has_bias(cls: type, config: Mapping[str, Any]) -> int:
    """1 if the neurons of ``cls(**config)`` have a bias, else 0."""
    bias = config.get("bias", True)
    if not isinstance(bias, bool):
        raise _args.type_error(cls.__name__, "bias", "True or False", bias)
    return int(bias)


def _as_inputs(x: Inputs, nin: int, where: str) -> Sequence[Value]:
    """``x`` as a sequence of ``nin`` Values; a single number is accepted when ``nin`` is 1.

    Numbers become leaf Values here, once, so all the neurons of a layer share the same input
    nodes (as in a network diagram) instead of each wrapping its own copy. They are labelled
    ``x0``, ``x1``, … so pictures and players call them the network's inputs.
    """
    if isinstance(x, (Value, int, float)) and not isinstance(x, bool):
        x = [x]
    if isinstance(x, (str, bytes)) or not isinstance(x, Iterable):
        raise _args.type_error(where, "x", f"a list of {nin} numbers or Values", x)
    if not isinstance(x, Sequence):  # e.g. a numpy row
        x = list(x)
    if len(x) != nin:
        raise ValueError(f"{where}: x must have {nin} inputs, got {len(x)}: {_args.shown(list(x))}")
    if all(map(isinstance, x, repeat(Value))):  # the usual case inside a network: nothing to wrap
        return x
    try:
        return [v if isinstance(v, Value) else Value(v, f"x{i}") for i, v in enumerate(x)]
    except TypeError as error:
        raise TypeError(f"{where}: {error}") from None


def _saved_name(activation: Activation) -> str:
    name = activation_name(activation)
    if name is None:
        raise ValueError(
            f"save: the custom activation {describe(activation)} cannot be written to a model file; "
            "use a built-in one (relu, tanh, sigmoid, linear, softplus)"
        )
    return name
