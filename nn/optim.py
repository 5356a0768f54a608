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

from autograd import Value
from nn.schedules import as_schedule

LearningRate = float | Callable[[int], float]


class Optimizer:
    """The shared part: the parameters, the step counter and the learning-rate schedule."""

    def __init__(self, params: Iterable[Value], lr: LearningRate) -> None:
        self.params = list(params)
        name = type(self).__name__
        if not self.params:
            raise ValueError(f"{name}: got no parameters to optimize (did you pass model.parameters()?)")
        for p in self.params:
            if not isinstance(p, Value):
                raise TypeError(f"{name}: parameters must be Values, got {type(p).__name__} {p!r:.60}")
        self.schedule = as_schedule(lr)
        self.steps = 0  # how many updates have been made

    @property
    def lr(self) -> float:
        """The learning rate the next ``step()`` uses."""
        rate = self.schedule(self.steps)
        if isinstance(rate, bool) or not isinstance(rate, (int, float)) or not math.isfinite(rate) or rate < 0:
            raise ValueError(
                f"{type(self).__name__}: the schedule gave lr={rate!r} at step {self.steps}; expected >= 0"
            )
        return float(rate)

    def zero_grad(self) -> None:
        """Set every parameter's gradient to 0 (gradients add up across backward passes)."""
        for p in self.params:
            p.grad = 0.0

    def step(self) -> None:
        """Update every parameter once, from its current ``grad``."""
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
        _check_fraction("SGD", "momentum", momentum)
        _check_nonnegative("SGD", "weight_decay", weight_decay)
        self.momentum = momentum
        self.weight_decay = weight_decay
        self.velocity = [0.0] * len(self.params)

    def update(self, lr: float) -> None:
        for i, p in enumerate(self.params):
            g = p.grad + self.weight_decay * p.data
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
            raise ValueError(f"Adam: betas must be a pair (beta1, beta2), got {betas!r}")
        for which, beta in zip(("betas[0]", "betas[1]"), betas):
            _check_fraction("Adam", which, beta)
        _check_nonnegative("Adam", "eps", eps)
        self.betas = (float(betas[0]), float(betas[1]))
        self.eps = eps
        self.mean = [0.0] * len(self.params)  # running average of the gradient
        self.square = [0.0] * len(self.params)  # running average of the squared gradient

    def update(self, lr: float) -> None:
        beta1, beta2 = self.betas
        t = self.steps + 1
        for i, p in enumerate(self.params):
            g = p.grad
            self.mean[i] = beta1 * self.mean[i] + (1 - beta1) * g
            self.square[i] = beta2 * self.square[i] + (1 - beta2) * g * g
            mean = self.mean[i] / (1 - beta1**t)  # undo the bias towards 0 of the first steps
            square = self.square[i] / (1 - beta2**t)
            p.data -= lr * mean / (math.sqrt(square) + self.eps)


def _check_nonnegative(where: str, what: str, x: object) -> None:
    if isinstance(x, bool) or not isinstance(x, (int, float)) or not math.isfinite(x) or x < 0:
        raise ValueError(f"{where}: {what} must be a finite number >= 0, got {x!r}")


def _check_fraction(where: str, what: str, x: object) -> None:
    _check_nonnegative(where, what, x)
    if x >= 1:
        raise ValueError(f"{where}: {what} must be in [0, 1), got {x!r}")
