"""The training loop: epochs of mini-batches — forward, loss, backward, step — with a record of it all.

``fit`` returns a ``History`` (loss per epoch and per step, metrics, learning rates, and why
it stopped). It stops early when a callback says so (``EarlyStopping``) or when training
diverges: a NaN or infinite loss, gradient or parameter means the learning rate is too
large, so ``fit`` keeps the last good parameters, says so and warns (``DivergenceWarning``).
"""

from __future__ import annotations

import gc
import math
import numbers
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from autograd import DomainError, Value, no_grad
from nn.callbacks import Callback, as_callback
from nn.data import batches
from nn.errors import DivergenceWarning
from nn.losses import get_loss
from nn.losses import l2 as l2_penalty
from nn.metrics import accuracy
from nn.module import Module
from nn.optim import SGD, LearningRate, Optimizer
from nn.progress import progress_display

CLASSIFICATION_LOSSES = ("hinge", "binary_cross_entropy", "bce", "cross_entropy")


@dataclass
class History:
    """What happened during ``fit``: one entry per epoch (losses, metrics) and per step (loss, lr)."""

    epochs: int = 0  # epochs completed
    train_loss: list[float] = field(default_factory=list)  # mean loss over each epoch's batches
    val_loss: list[float] = field(default_factory=list)  # loss on validation_data after each epoch
    metrics: dict[str, list[float]] = field(default_factory=dict)  # e.g. "accuracy", "val_accuracy"
    step_loss: list[float] = field(default_factory=list)  # loss of every batch, before its update
    step_lr: list[float] = field(default_factory=list)  # learning rate of every update
    diverged: bool = False
    stop_reason: str | None = None  # None when all epochs ran


def fit(
    model: Module,
    X: Sequence[Any],
    y: Sequence[Any],
    *,
    loss: str | Callable[..., Value] = "mse",
    optimizer: Optimizer | None = None,
    lr: LearningRate | None = None,
    epochs: int = 100,
    batch_size: int | None = None,
    shuffle: bool = True,
    seed: int = 0,
    l2: float = 0.0,
    validation_data: tuple[Sequence[Any], Sequence[Any]] | None = None,
    metrics: Sequence[str | Callable[..., float]] | None = None,
    callbacks: Sequence[Callback | Callable[..., str | None]] = (),
    progress: bool | None = None,
) -> History:
    """Train ``model`` on ``X, y`` and return the ``History``.

    Each epoch goes through the data in batches of ``batch_size`` (None: all at once), so
    there are ceil(len(X) / batch_size) updates per epoch. Each step builds the graph of one
    batch's loss, ``loss(predictions, targets)`` plus ``l2``·Σp² (micrograd's regularization),
    backpropagates, updates the parameters and drops the graph.

    ``optimizer`` defaults to ``SGD(model.parameters(), lr)`` (lr 0.01 if not given); ``lr``
    may be a schedule. ``metrics`` (None: "accuracy" for classification losses) are also
    computed on ``validation_data`` as "val_<name>". A progress bar (tqdm) shows on
    interactive terminals; ``progress=True/False`` forces it on or off.
    """
    loss_fn = get_loss(loss)
    parameters = model.parameters()
    if optimizer is None:
        optimizer = SGD(parameters, 0.01 if lr is None else lr)
    elif lr is not None:
        raise ValueError("fit: got both optimizer= and lr=; give the learning rate to the optimizer")
    if isinstance(epochs, bool) or not isinstance(epochs, int) or epochs < 1:
        raise ValueError(f"fit: epochs must be a positive int, got {epochs!r}")
    l2_penalty(parameters, l2)  # checks the l2 strength before any work
    loader = batches(X, y, len(X) if batch_size is None else batch_size, shuffle=shuffle, seed=seed)
    metric_fns = _metric_functions(metrics, loss, y)
    history = History()
    callbacks = [as_callback(callback) for callback in callbacks]
    for callback in callbacks:
        callback.on_train_begin(model, history)

    def objective(predictions: list[Any], targets: Sequence[Any]) -> Value:
        value = loss_fn(predictions, targets)
        if not isinstance(value, Value):
            raise TypeError(f"fit: the loss must return a Value, got {type(value).__name__}")
        return value + l2_penalty(parameters, l2) if l2 else value

    gc_was_enabled = gc.isenabled()
    gc.disable()  # the cycle collector would rescan every live graph node many times per step; graphs have no cycles
    bar = progress_display(progress, epochs)
    last_good = [p.data for p in parameters]
    try:
        for epoch in range(1, epochs + 1):
            epoch_loss, seen, outputs, targets = 0.0, 0, [], []
            for step, (X_batch, y_batch) in enumerate(loader, start=1):
                rate = optimizer.lr
                predictions = [model(row) for row in X_batch]
                loss_value = objective(predictions, y_batch)
                model.zero_grad()
                optimizer.zero_grad()
                problem = _backward_problem(loss_value, parameters)
                if problem is None:
                    last_good = [p.data for p in parameters]  # these gave a finite loss and gradients
                    optimizer.step()
                    problem = _parameter_problem(parameters)
                if problem is not None:
                    for p, data in zip(parameters, last_good):
                        p.data, p.grad = data, 0.0
                    _report_divergence(history, problem, epoch, step, len(loader), rate)
                    return history
                history.step_loss.append(loss_value.data)
                history.step_lr.append(rate)
                epoch_loss += loss_value.data * len(X_batch)
                seen += len(X_batch)
                outputs += [_plain(prediction) for prediction in predictions]
                targets += y_batch
                del predictions, loss_value  # drop this batch's graph before building the next one
            history.epochs = epoch
            history.train_loss.append(epoch_loss / seen)
            for name, metric in metric_fns.items():
                history.metrics.setdefault(name, []).append(metric(outputs, targets))
            if validation_data is not None:
                _validate(model, validation_data, objective, metric_fns, history)
            if bar is not None:
                bar(epoch, history)
            for callback in callbacks:
                reason = callback.on_epoch_end(epoch, model, history)
                if reason:
                    history.stop_reason = reason
                    return history
        return history
    finally:
        if bar is not None:
            bar(None, history)
        if gc_was_enabled:
            gc.enable()


def _report_divergence(history: History, problem: str, epoch: int, step: int, per_epoch: int, rate: float) -> None:
    """Record in ``history`` why training stopped and warn (``DivergenceWarning``), naming epoch and step."""
    history.diverged = True
    history.stop_reason = (
        f"training diverged at epoch {epoch}, step {step} of {per_epoch} "
        f"(step {len(history.step_loss) + 1} overall): {problem}. The learning rate ({rate:g}) is probably "
        f"too large; try a smaller one (e.g. {rate / 10:g}). The parameters from the last good step were kept."
    )
    warnings.warn(history.stop_reason, DivergenceWarning, stacklevel=3)


def _backward_problem(loss_value: Value, parameters: list[Value]) -> str | None:
    """Backpropagate ``loss_value``; describe what went wrong if the loss or a gradient is not finite."""
    if not math.isfinite(loss_value.data):
        return f"the loss became {loss_value.data}"
    try:
        loss_value.backward()
    except (OverflowError, DomainError) as error:
        return f"backpropagating the loss {loss_value.data:.3g} failed ({error})"
    for p in parameters:
        if not math.isfinite(p.grad):
            where = f" of {p.label}" if p.label else ""
            return f"the gradient{where} became {p.grad} (the loss {loss_value.data:.3g} is too large to differentiate)"
    return None


def _parameter_problem(parameters: list[Value]) -> str | None:
    for p in parameters:
        if not math.isfinite(p.data):
            return f"the update made parameter {p.label or '?'} {p.data}"
    return None


def _validate(
    model: Module,
    validation_data: tuple[Sequence[Any], Sequence[Any]],
    objective: Callable[[list[Any], Sequence[Any]], Value],
    metric_fns: dict[str, Callable[..., float]],
    history: History,
) -> None:
    X_val, y_val = validation_data
    with no_grad():
        predictions = [model(row) for row in X_val]
        history.val_loss.append(objective(predictions, y_val).data)
    outputs = [_plain(prediction) for prediction in predictions]
    for name, metric in metric_fns.items():
        history.metrics.setdefault(f"val_{name}", []).append(metric(outputs, y_val))


def _metric_functions(
    metrics: Sequence[str | Callable[..., float]] | None, loss: object, y: Sequence[Any]
) -> dict[str, Callable[..., float]]:
    if metrics is None:
        metrics = ("accuracy",) if loss in CLASSIFICATION_LOSSES else ()
    functions = {}
    for metric in metrics:
        if metric == "accuracy":
            threshold = _accuracy_threshold(loss, y)
            functions["accuracy"] = lambda outputs, labels, t=threshold: accuracy(outputs, labels, t)
        elif callable(metric):
            functions[getattr(metric, "__name__", "metric")] = metric
        else:
            raise ValueError(f"fit: unknown metric {metric!r}; expected 'accuracy' or a callable(outputs, labels)")
    return functions


def _accuracy_threshold(loss: object, y: Sequence[Any]) -> float:
    """0 for scores and logits; the middle of the two target values for a regression loss on class labels."""
    if loss in ("mse", "mae") and all(isinstance(label, numbers.Real) for label in y):
        return (min(y) + max(y)) / 2
    return 0.0


def _plain(prediction: Value | Sequence[Value]) -> float | list[float]:
    if isinstance(prediction, Value):
        return prediction.data
    if isinstance(prediction, Sequence):
        return [getattr(p, "data", p) for p in prediction]
    return prediction
