"""Metrics: numbers for people (not for gradients) that say how good the predictions are."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from autograd.value import data_of


def accuracy(predictions: Sequence[Any], labels: Sequence[Any], threshold: float = 0.0) -> float:
    """The fraction of predictions that pick the right class.

    A row of scores (several outputs) picks the class with the largest score, compared with
    an integer label. A single score picks the positive class when it is above ``threshold``,
    and is right when the label is above ``threshold`` too: 0 suits ±1 labels and logits,
    0.5 suits 0/1 targets fitted with mse.
    """
    if len(predictions) != len(labels) or not labels:
        raise ValueError(
            f"accuracy: got {len(predictions)} predictions and {len(labels)} labels; expected equal, non-zero lengths"
        )
    right = 0
    for prediction, label in zip(predictions, labels):
        if isinstance(prediction, Sequence):
            scores = [data_of(score) for score in prediction]
            right += bool(scores.index(max(scores)) == label)
        else:
            right += bool((data_of(prediction) > threshold) == (label > threshold))
    return right / len(labels)
