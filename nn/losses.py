"""Loss functions: one number that says how wrong the predictions are, as a Value to differentiate.

Each loss returns the MEAN over the batch (one Value), so the learning rate does not
depend on the batch size. Predictions are Values (or numbers); targets/labels are numbers.

``mse``                   mean (prediction - target)²                   regression
``mae``                   mean |prediction - target|                    regression
``hinge``                 mean max(0, 1 - label·score), labels ±1       micrograd's max-margin classifier
``binary_cross_entropy``  from logits, labels 0/1                       probabilistic binary classifier
``cross_entropy``         softmax over each row of logits, class index  several classes
``l2``                    alpha · Σ p²                                  regularization (added to a loss)
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence

from autograd import Value, _args
from autograd.value import data_of
from nn.activations import softplus
from nn.registry import lookup

Scalar = Value | float


def mse(preds: Sequence[Scalar | Sequence[Scalar]], targets: Sequence[float | Sequence[float]]) -> Value:
    """Mean squared error; a prediction may be a list (multi-output) when its target is a list of the same length."""
    pairs = _pairs("mse", preds, targets)
    return _mean([(p - t) ** 2 for p, t in pairs])


def mae(preds: Sequence[Scalar | Sequence[Scalar]], targets: Sequence[float | Sequence[float]]) -> Value:
    """Mean absolute error; multi-output predictions as in ``mse``."""
    pairs = _pairs("mae", preds, targets)
    return _mean([abs(p - t) for p, t in pairs])


def hinge(scores: Sequence[Scalar], labels: Sequence[float]) -> Value:
    """Mean max(0, 1 - label·score) for labels -1/+1: zero once every score is on the right side by a margin of 1."""
    _check_batch("hinge", scores, labels)
    _check_labels("hinge", labels, (-1, 1), "for 0/1 labels use binary_cross_entropy, or make data with labels=(-1, 1)")
    return _mean([_as_value(1 + -y * s).relu() for s, y in zip(scores, labels)])


def binary_cross_entropy(logits: Sequence[Scalar], labels: Sequence[float]) -> Value:
    """Mean -[y·log σ(z) + (1-y)·log(1-σ(z))] for logits z and labels 0/1, computed as softplus(z) - y·z.

    softplus(z) = log(1 + e^z) is evaluated without overflow, so logits of ±1000 give
    finite losses and gradients (σ(z) - y).
    """
    _check_batch("binary_cross_entropy", logits, labels)
    _check_labels("binary_cross_entropy", labels, (0, 1), "for -1/+1 labels use hinge, or make data with labels=(0, 1)")
    return _mean([softplus(_as_value(z)) - z * y for z, y in zip(logits, labels)])


def cross_entropy(logits_rows: Sequence[Sequence[Scalar]], class_indices: Sequence[int]) -> Value:
    """Mean -log softmax(row)[class] over rows of logits (one row per sample, one logit per class).

    Each row is shifted by its largest logit before exponentiating (softmax does not change),
    so large logits cannot overflow.
    """
    _check_batch("cross_entropy", logits_rows, class_indices)
    terms = []
    for i, (row, target) in enumerate(zip(logits_rows, class_indices)):
        expected = "a list of at least 2 logits (one per class)"
        if isinstance(row, (Value, numbers.Real, str)) or not isinstance(row, Sequence):
            raise _args.type_error("cross_entropy", f"row {i}", expected, row)
        if len(row) < 2:
            raise _args.value_error("cross_entropy", f"row {i}", expected, row)
        if isinstance(target, bool) or not isinstance(target, numbers.Real):
            raise _args.type_error("cross_entropy", f"class index {i}", "an int", target)
        if target != int(target):
            raise _args.value_error("cross_entropy", f"class index {i}", "a whole number", target)
        if not 0 <= target < len(row):
            raise ValueError(
                f"cross_entropy: class index {i} is {target!r}; expected 0..{len(row) - 1} (one per logit)"
            )
        largest = max(data_of(z) for z in row)
        shifted = [_as_value(z - largest) for z in row]
        log_sum_exp = _sum([z.exp() for z in shifted]).log()
        terms.append(log_sum_exp - shifted[int(target)])
    return _mean(terms)


def l2(parameters: Sequence[Value], alpha: float) -> Value:
    """alpha · Σ p²: add it to a loss to keep the weights small (micrograd's demo uses alpha = 1e-4)."""
    _args.real("l2", "alpha", alpha, non_negative=True)
    if not parameters:
        return Value(0.0)
    return alpha * _sum([p * p for p in parameters])


LOSSES = {
    "mse": mse,
    "mae": mae,
    "hinge": hinge,
    "binary_cross_entropy": binary_cross_entropy,
    "bce": binary_cross_entropy,
    "cross_entropy": cross_entropy,
}


def get_loss(loss: str | object, where: str = "get_loss") -> object:
    """The loss function for a name ("mse", "hinge", ...) or a callable ``loss(preds, targets) -> Value``."""
    return lookup(LOSSES, loss, where=where, name="loss", callable_form="a callable loss(preds, targets)")


# ---- helpers ----------------------------------------------------------------------


def _sum(terms: list[Value]) -> Value:
    total = terms[0]
    for term in terms[1:]:
        total = total + term
    return total


def _mean(terms: list[Value]) -> Value:
    return _as_value(_sum(terms) * (1.0 / len(terms)))


def _as_value(x: Scalar) -> Value:
    return x if isinstance(x, Value) else Value(x)


def _check_batch(name: str, preds: object, targets: object) -> None:
    for what, seq in (("predictions", preds), ("targets", targets)):
        if isinstance(seq, (Value, numbers.Real, str)) or not isinstance(seq, Sequence):
            raise _args.type_error(name, what, "a list (one entry per sample)", seq)
    if len(preds) == 0:
        raise ValueError(f"{name}: the batch is empty (0 predictions); expected at least one sample")
    if len(preds) != len(targets):
        raise ValueError(f"{name}: got {len(preds)} predictions but {len(targets)} targets; expected equal lengths")


def _check_labels(name: str, labels: Sequence[float], allowed: tuple[int, int], hint: str) -> None:
    for i, label in enumerate(labels):
        if isinstance(label, bool) or not isinstance(label, numbers.Real) or label not in allowed:
            raise ValueError(f"{name}: label {i} is {label!r}; expected {allowed[0]} or {allowed[1]} ({hint})")


def _pairs(name: str, preds: Sequence, targets: Sequence) -> list[tuple[Scalar, float]]:
    """(prediction, target) scalar pairs, flattening multi-output rows of equal length."""
    _check_batch(name, preds, targets)
    pairs = []
    for i, (p, t) in enumerate(zip(preds, targets)):
        p_row, t_row = (isinstance(x, Sequence) and not isinstance(x, str) for x in (p, t))
        if p_row != t_row or (p_row and len(p) != len(t)):
            raise ValueError(
                f"{name}: sample {i} has prediction {p!r:.60} but target {t!r:.60}; expected matching shapes"
            )
        pairs.extend(zip(p, t) if p_row else [(p, t)])
    for i, (p, t) in enumerate(pairs):
        for what, x in (("prediction", p), ("target", t)):
            if not isinstance(x, (Value, numbers.Real)):
                raise _args.type_error(name, f"{what} {i}", "a number or a Value", x)
    return pairs
