"""Learning-rate schedules: the step size as a function of the step number (0, 1, 2, ...).

A large rate early moves fast; a smaller one later settles into the minimum.
``constant(0.1)``, ``step_decay(0.1, step_size=100, gamma=0.5)``, ``linear_decay(1.0, 0.1, 100)``
(micrograd's demo: 1.0 - 0.9·k/100), or any callable ``step -> lr``.
"""

from __future__ import annotations

from collections.abc import Callable

from autograd import _args


class Schedule:
    """A learning rate for each step: ``schedule(step) -> float``; prints as the formula it follows."""

    def __init__(self, rate: Callable[[int], float], description: str) -> None:
        self._rate = rate
        self.description = description

    def __call__(self, step: int) -> float:
        return self._rate(step)

    def __repr__(self) -> str:
        return self.description


def constant(lr: float) -> Schedule:
    """The same rate at every step."""
    _check_rate("constant", "lr", lr)
    return Schedule(lambda step: lr, f"constant({lr!r})")


def step_decay(lr: float, step_size: int, gamma: float) -> Schedule:
    """``lr`` multiplied by ``gamma`` every ``step_size`` steps."""
    _check_rate("step_decay", "lr", lr)
    _args.integer("step_decay", "step_size", step_size, minimum=1)
    _check_rate("step_decay", "gamma", gamma)
    return Schedule(lambda step: lr * gamma ** (step // step_size), f"step_decay({lr!r}, {step_size!r}, {gamma!r})")


def linear_decay(start: float, end: float, steps: int) -> Schedule:
    """From ``start`` at step 0 in a straight line towards ``end`` at step ``steps``, then ``end``."""
    _check_rate("linear_decay", "start", start)
    _check_rate("linear_decay", "end", end)
    _args.integer("linear_decay", "steps", steps, minimum=1)
    return Schedule(
        lambda step: start + (end - start) * min(step, steps) / steps, f"linear_decay({start!r}, {end!r}, {steps!r})"
    )


def as_schedule(lr: float | Callable[[int], float]) -> Callable[[int], float]:
    """A schedule for ``lr``: a number becomes ``constant(lr)``, a callable is used as is."""
    if callable(lr):
        return lr
    return constant(lr)


def _check_rate(where: str, what: str, rate: object) -> None:
    _args.real(where, what, rate, non_negative=True)
