"""Optimizers: use the gradients to change the parameters a little, downhill on the loss.

``SGD``   p -= lr · grad (optionally with momentum and weight decay), exactly micrograd's update
          ``p.data -= learning_rate * p.grad`` by default.
``Adam``  a per-parameter step size from running averages of the gradient and its square.

``lr`` is a number or a schedule (``nn.linear_decay(1.0, 0.1, 100)``, any ``step -> lr``);
``optimizer.lr`` is the rate the next ``step()`` will use.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

from autograd import Value, _args
from autograd.value import data_of
from nn.schedules import as_schedule

LearningRate = float | Callable[[int], float]


class Optimizer:
    """The shared part: the parameters, the step counter and the learning-rate schedule.

    A parameter listed twice (a weight shared by two layers) is kept once, so it moves once
    per step.
    """

    def __init__(self, params: Iterable[Value], lr: LearningRate) -> None:
        name = type(self).__name__
        params = list(params)
        for p in params:
            if not isinstance(p, Value):
                raise _args.type_error(name, "every parameter", "a Value", p)
        self.params = list(dict.fromkeys(params))  # in order, each once
        if not self.params:
            raise ValueError(f"{name}: got no parameters to optimize (did you pass model.parameters()?)")
        self.schedule = as_schedule(lr)
        self.steps = 0  # how many updates have been made

    @property
    def lr(self) -> float:
        """The learning rate the next ``step()`` uses."""
        return _args.real(
            type(self).__name__, f"the schedule's lr at step {self.steps}", self.schedule(self.steps), non_negative=True
        )

    def zero_grad(self) -> None:
        """Set every parameter's gradient to 0 (gradients add up across backward passes)."""
        for p in self.params:
            p.grad = 0.0

    def step(self) -> None:
        """Update every parameter once, from its current ``grad`` (a number; the number of a Value gradient).

        After ``backward(create_graph=True)`` a gradient is a Value: the step uses its number and
        never writes a Value into ``p.data``.
        """
        self.update(self.lr)
        self.steps += 1

    def update(self, lr: float) -> None:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}({len(self.params)} parameters, lr={self.schedule!r})"


class SGD(Optimizer):
    """Stochastic gradient descent: v = momentum·v + (grad + weight_decay·p); p -= lr·v."""

    def __init__(
        self, params: Iterable[Value], lr: LearningRate, momentum: float = 0.0, weight_decay: float = 0.0
    ) -> None:
        super().__init__(params, lr)
        self.momentum = _fraction("SGD", "momentum", momentum)
        self.weight_decay = _args.real("SGD", "weight_decay", weight_decay, non_negative=True)
        self.velocity = [0.0] * len(self.params)

    def update(self, lr: float) -> None:
        for i, p in enumerate(self.params):
            g = data_of(p.grad) + self.weight_decay * p.data
            if self.momentum:
                g = self.velocity[i] = self.momentum * self.velocity[i] + g
            p.data -= lr * g


class Adam(Optimizer):
    """Adam (Kingma & Ba): steps of about ``lr`` in each parameter, scaled by gradient history."""

    def __init__(
        self,
        params: Iterable[Value],
        lr: LearningRate = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
    ) -> None:
        super().__init__(params, lr)
        if not isinstance(betas, (tuple, list)) or len(betas) != 2:
            raise _args.type_error("Adam", "betas", "a pair (beta1, beta2)", betas)
        self.betas = (_fraction("Adam", "betas[0]", betas[0]), _fraction("Adam", "betas[1]", betas[1]))
        self.eps = _args.real("Adam", "eps", eps, positive=True)  # eps = 0 divides by zero at a zero gradient
        self.mean = [0.0] * len(self.params)  # running average of the gradient
        self.square = [0.0] * len(self.params)  # running average of the squared gradient

    def update(self, lr: float) -> None:
        beta1, beta2 = self.betas
        t = self.steps + 1
        for i, p in enumerate(self.params):
            g = data_of(p.grad)
            self.mean[i] = beta1 * self.mean[i] + (1 - beta1) * g
            self.square[i] = beta2 * self.square[i] + (1 - beta2) * g * g
            mean = self.mean[i] / (1 - beta1**t)  # undo the bias towards 0 of the first steps
            square = self.square[i] / (1 - beta2**t)
            p.data -= lr * mean / (math.sqrt(square) + self.eps)


def _fraction(where: str, name: str, x: object) -> float:
    """``x`` as a float in [0, 1): a momentum or an averaging factor."""
    fraction = _args.real(where, name, x, non_negative=True)
    if fraction >= 1:
        raise _args.value_error(where, name, "in [0, 1)", x)
    return fraction
