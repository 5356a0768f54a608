"""``Module``: the base of every model — its parameters, their gradients and their saved values.

A subclass lists its parameters in ``named_parameters()`` (in a fixed order) and computes
its output in ``forward(x)``; everything else here is built on those two.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from typing import Any

from autograd import Value
from autograd._args import shown
from nn.errors import ModelFileError


class Module:
    """A model with parameters: call it on an input, read or reset its parameters, save their values."""

    def named_parameters(self) -> list[tuple[str, Value]]:
        """Every parameter with its name ("L1.n0.w0"), in the same order on every call."""
        raise NotImplementedError(f"{type(self).__name__} must define named_parameters()")

    def forward(self, x: Any) -> Any:
        """The model's output for the input ``x``."""
        raise NotImplementedError(f"{type(self).__name__} must define forward(x)")

    def __call__(self, x: Any) -> Any:
        return self.forward(x)

    def parameters(self) -> list[Value]:
        """Every parameter Value, in the order of ``named_parameters()``."""
        return [parameter for _, parameter in self.named_parameters()]

    def zero_grad(self) -> None:
        """Set every parameter's gradient to 0 (do it before each backward pass: gradients add up)."""
        for parameter in self.parameters():
            parameter.grad = 0.0

    def num_parameters(self) -> int:
        """How many numbers training can change."""
        return len(self.named_parameters())

    def config(self) -> dict[str, Any]:
        """The constructor arguments that rebuild this architecture (used by ``nn.save``)."""
        raise NotImplementedError(f"{type(self).__name__} must define config() to be saved")

    def state_dict(self) -> dict[str, float]:
        """Each parameter's current value by name: a snapshot that ``load_state_dict`` can restore."""
        return {name: parameter.data for name, parameter in self.named_parameters()}

    def load_state_dict(self, state: Mapping[str, float]) -> None:
        """Set every parameter from ``state`` (name → number).

        The names must be exactly this model's parameter names and every value a finite
        number; otherwise ``ModelFileError`` says what differs and no parameter is changed.
        """
        if not isinstance(state, Mapping):
            raise ModelFileError(f"load_state_dict: expected a dict of parameter values, got {type(state).__name__}")
        named = dict(self.named_parameters())
        missing = [name for name in named if name not in state]
        unexpected = [name for name in state if name not in named]
        if missing or unexpected:
            raise ModelFileError(
                f"load_state_dict: the parameters do not fit {type(self).__name__} "
                f"({len(named)} parameters; missing {_few(missing)}, unexpected {_few(unexpected)}) — "
                "was it saved from another architecture?"
            )
        values = {}
        for name in named:
            value = state[name]
            if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
                raise ModelFileError(f"load_state_dict: parameter {name!r} must be a finite number, got {shown(value)}")
            values[name] = float(value)
        for name, parameter in named.items():
            parameter.data = values[name]

    def __repr__(self) -> str:
        return self.describe()

    def describe(self) -> str:
        """The architecture in one or more lines (what ``repr`` shows)."""
        return f"{type(self).__name__}({self.num_parameters()} parameters)"


def _few(names: list[str]) -> str:
    if not names:
        return "none"
    shown = ", ".join(repr(name) for name in names[:3])
    return shown + (f" and {len(names) - 3} more" if len(names) > 3 else "")
