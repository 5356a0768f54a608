"""Inference: run a trained model forward on new inputs — frozen weights, no graph, plain numbers out."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from autograd import no_grad
from nn._values import plain
from nn.module import Module


def predict(model: Module, X: Sequence[Any]) -> list[float] | list[list[float]]:
    """The model's output for every row of ``X``: floats, or lists of floats for a multi-output model.

    Runs under ``no_grad``: nothing is recorded for a backward pass, so it is fast and
    the parameters cannot be changed by it.
    """
    with no_grad():
        return [plain(model(row)) for row in X]
