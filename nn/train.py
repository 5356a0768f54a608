"""The training loop: ``train_step`` is one step of gradient descent; ``fit`` runs it on every batch, epoch after epoch.

``train_step`` is the cycle the lessons teach — forward, loss, zero the gradients, backward,
update — and nothing more. ``fit`` calls it once per mini-batch and keeps the record (a
``History``): metrics and the validation loss after each epoch, the callbacks, and the
checks around the step. It stops early when a callback says so (``EarlyStopping``), on
Ctrl-C, or when training diverges: a NaN or infinite loss, gradient or parameter means the
learning rate is too large, so ``fit`` keeps the last good parameters, says so and warns
(``DivergenceWarning``).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from autograd import DomainError, Value, _args, enable_grad, no_grad, topological_order
from autograd.backward import cycle_collector_paused
from autograd.value import data_of
from nn._values import plain
from nn.callbacks import Callback, as_callback
from nn.data import batches, fingerprint, samples
from nn.errors import DivergenceWarning
from nn.history import History, StepRecord
from nn.losses import binary_cross_entropy, cross_entropy, get_loss, hinge, mae, mse
from nn.losses import l2 as l2_penalty
from nn.metrics import accuracy
from nn.module import Module
from nn.optim import SGD, LearningRate, Optimizer
from nn.progress import progress_display
from nn.recording import Recorder

Loss = Callable[[list[Any], Sequence[Any]], Value]
CLASSIFICATION_LOSSES = (hinge, binary_cross_entropy, cross_entropy)  # fit reports their accuracy by default


def train_step(
    model: Module, X_batch: Sequence[Any], y_batch: Sequence[Any], loss_fn: Loss, optimizer: Optimizer
) -> Value:
    """One step of gradient descent on one batch; returns the batch's loss (computed before the update)."""
    predictions = [model(x) for x in X_batch]  # forward: builds the graph of this batch
    loss = loss_fn(predictions, y_batch)  # one Value: how wrong the predictions are
    if not isinstance(loss, Value):
        raise _args.type_error("train_step", "the loss", "a Value", loss)
    optimizer.zero_grad()  # gradients add up across backward passes: start from 0
    loss.backward()  # d(loss)/d(p) into every parameter's .grad
    optimizer.step()  # move each parameter a little downhill: p.data -= lr * p.grad (SGD)
    return loss


def fit(
    model: Module,
    X: Sequence[Any],
    y: Sequence[Any],
    *,
    loss: str | Loss = "mse",
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
    record: bool | Recorder = False,
) -> History:
    """Train ``model`` on ``X, y`` and return the ``History``.

    Each epoch goes through the data in batches of ``batch_size`` (None: all at once), so
    there are ceil(len(X) / batch_size) updates per epoch, each one ``train_step`` on the
    batch's loss, ``loss(predictions, targets)`` plus ``l2``·Σp² (micrograd's regularization).
    Recording is switched on for the training (also inside ``no_grad``).

    ``optimizer`` defaults to ``SGD(model.parameters(), lr)`` (lr 0.01 if not given); ``lr``
    may be a schedule. ``metrics`` (None: "accuracy" for classification losses) are also
    computed on ``validation_data`` as "val_<name>". A progress bar (tqdm) shows on
    interactive terminals; ``progress=True/False`` forces it on or off. Ctrl-C keeps the
    parameters of the last complete step, records why in the history and re-raises.

    ``record=True`` records the run with a ``Recorder()`` (or pass your own, e.g.
    ``Recorder(max_snapshots=100)``); the ``Recording`` is ``history.recording``, ready for
    ``nn.timeline``. ``history.loss`` and ``history.l2`` say what was minimized.
    """
    loss_fn = get_loss(loss, "fit")
    parameters = model.parameters()
    optimizer = _optimizer_for(model, parameters, optimizer, lr)
    epochs = _args.integer("fit", "epochs", epochs, minimum=1)
    X, y = samples("fit", X, y)
    _check_finite("X", X)
    _check_finite("y", y)
    loader = batches(X, y, len(X) if batch_size is None else batch_size, shuffle=shuffle, seed=seed)
    if validation_data is not None:
        validation_data = _checked_validation_data(validation_data)
    l2_penalty(parameters, l2)  # checks the l2 strength before any work
    metric_fns = _metric_functions(metrics, loss_fn, y)
    history = History(loss=loss_fn, l2=l2, data_fingerprint=fingerprint(X, y))
    callbacks = [as_callback(callback) for callback in callbacks]
    recorder = _recorder_for(record)
    if recorder is not None and recorder not in callbacks:
        callbacks.append(recorder)
    bar = progress_display(progress, epochs)
    if bar is not None:
        callbacks.insert(0, bar)
    seen: tuple[list[Any], list[Any]] = ([], [])  # this epoch's predictions (as numbers) and targets

    def regularized(predictions: list[Any], targets: Sequence[Any]) -> Value:
        value = loss_fn(predictions, targets)
        return value + l2_penalty(parameters, l2) if l2 and isinstance(value, Value) else value

    def objective(predictions: list[Any], targets: Sequence[Any]) -> Value:
        """The loss that training minimizes; it also keeps the batch for this epoch's metrics."""
        seen[0].extend(plain(prediction) for prediction in predictions)
        seen[1].extend(targets)
        return regularized(predictions, targets)

    with enable_grad(), cycle_collector_paused():  # no cycles in a graph: the collector would only rescan it
        for callback in callbacks:
            callback.on_train_begin(model, history)
        if recorder is not None:
            history.recording = recorder.recording  # filled in place as training goes on
        last_good = _Checkpoint(1, [p.data for p in parameters])
        try:
            for epoch in range(1, epochs + 1):
                seen[0].clear(), seen[1].clear()
                total = 0.0  # the epoch's loss, summed over its samples
                for in_epoch, (indices, X_batch, y_batch) in enumerate(loader.indexed(), start=1):
                    batch = (len(history.step_loss) + 1, epoch, in_epoch, indices, X_batch, y_batch)
                    step_record = _fit_step(model, parameters, optimizer, objective, batch, last_good)
                    if step_record.diverged:
                        _report_divergence(history, step_record, len(loader), last_good.step)
                        _step_end(callbacks, step_record, model, history)
                        return history
                    history.step_loss.append(step_record.loss)
                    history.step_lr.append(step_record.lr)
                    total += step_record.loss * len(indices)
                    if reason := _step_end(callbacks, step_record, model, history):
                        history.stop_reason = reason
                        return history
                _end_epoch(epoch, total, seen, metric_fns, history)
                if validation_data is not None:
                    _validate(model, validation_data, regularized, metric_fns, history)
                for callback in callbacks:
                    if reason := callback.on_epoch_end(epoch, model, history):
                        history.stop_reason = reason
                        return history
            return history
        except KeyboardInterrupt:
            history.stop_reason = (
                f"interrupted (KeyboardInterrupt) after {len(history.step_loss)} complete steps; "
                "the parameters of the last complete step were kept"
            )
            raise
        finally:
            for callback in callbacks:
                callback.on_train_end(model, history)


# ---- around the step: its guards, the record, the epoch's numbers --------------------------


def _fit_step(
    model: Module,
    parameters: list[Value],
    optimizer: Optimizer,
    objective: Loss,
    batch: tuple[int, int, int, tuple[int, ...], list[Any], list[Any]],
    last_good: _Checkpoint,
) -> StepRecord:
    """``train_step`` on one ``(step, epoch, batch, indices, X_batch, y_batch)`` with fit's guards, as a record.

    ``last_good`` holds the last parameters that gave a finite loss and gradients; a step that
    diverges (or cannot be computed) puts them back and is marked. A step that is interrupted
    (Ctrl-C) or raises puts its starting parameters back and re-raises, so the model never
    keeps a half-done update.
    """
    step, epoch, in_epoch, indices, X_batch, y_batch = batch
    before, rate, loss = [p.data for p in parameters], optimizer.lr, math.nan
    try:
        loss_value = train_step(model, X_batch, y_batch, objective, optimizer)
        loss = loss_value.data
        if step == 1:
            _check_reaches_parameters(loss_value, parameters)
        problem = _gradient_problem(loss, parameters)
        if problem is None:
            last_good.step, last_good.values = step, before  # they gave a finite loss and gradients
            problem = _update_problem(parameters)
    # DomainError, not all of autograd.errors.UNDEFINED: a ValueError from a loss is a mistake, not divergence
    except (OverflowError, DomainError) as error:
        problem = f"computing the step failed ({error})"
    except BaseException:
        _restore(parameters, before)
        raise
    gradients = tuple(p.grad for p in parameters)
    if problem is not None:
        _restore(parameters, last_good.values)
    return StepRecord(
        step, epoch, in_epoch, indices, loss, rate, tuple(before), gradients, problem is not None, problem
    )


@dataclass
class _Checkpoint:
    """The last parameters that gave a finite loss and gradients: those before step ``step``."""

    step: int
    values: list[float]


def _restore(parameters: list[Value], values: list[float]) -> None:
    for p, value in zip(parameters, values):
        p.data, p.grad = value, 0.0


def _gradient_problem(loss: float, parameters: list[Value]) -> str | None:
    """What is not finite after backward — the loss or a gradient — or None."""
    if not math.isfinite(loss):
        return f"the loss became {loss}"
    for p in parameters:
        if not math.isfinite(p.grad):
            where = f" of {p.label}" if p.label else ""
            return f"the gradient{where} became {p.grad} (the loss {loss:.3g} is too large to differentiate)"
    return None


def _update_problem(parameters: list[Value]) -> str | None:
    """Which parameter the update made NaN or infinite, or None."""
    for p in parameters:
        if not math.isfinite(p.data):
            return f"the update made parameter {p.label or '?'} {p.data}"
    return None


def _check_reaches_parameters(loss: Value, parameters: list[Value]) -> None:
    """Refuse a loss that no parameter contributes to: training could not change it."""
    if not set(parameters).isdisjoint(topological_order(loss)):
        return
    raise ValueError(
        f"fit: the loss ({loss.data:.6g}) does not depend on any of the model's {len(parameters)} parameters, "
        "so training cannot change it; check that the model's forward() uses its parameters and the loss "
        "uses the predictions"
    )


def _step_end(callbacks: list[Callback], record: StepRecord, model: Module, history: History) -> str | None:
    """Run every callback's ``on_step_end``; the first reason to stop, or None."""
    reasons = [callback.on_step_end(record, model, history) for callback in callbacks]
    return next((reason for reason in reasons if reason), None)


def _report_divergence(history: History, record: StepRecord, per_epoch: int, kept_step: int) -> None:
    """Record in ``history`` why training stopped and warn (``DivergenceWarning``), naming epoch and step."""
    history.diverged = True
    kept = "the starting parameters"
    if kept_step > 1:
        kept = f"the parameters before step {kept_step} (the last with a finite loss and gradients)"
    history.stop_reason = (
        f"training diverged at epoch {record.epoch}, step {record.batch} of {per_epoch} "
        f"(step {record.step} overall): {record.problem}. The learning rate ({record.lr:g}) is probably "
        f"too large; try a smaller one (e.g. {record.lr / 10:g}). {kept.capitalize()} were kept."
    )
    warnings.warn(history.stop_reason, DivergenceWarning, stacklevel=3)


def _end_epoch(
    epoch: int,
    total: float,
    seen: tuple[list[Any], list[Any]],
    metric_fns: dict[str, Callable[..., float]],
    history: History,
) -> None:
    """Add the epoch's mean loss per sample (``total`` over the samples seen) and its metrics to ``history``."""
    outputs, targets = seen
    history.epochs = epoch
    history.train_loss.append(total / len(targets))
    for name, metric in metric_fns.items():
        history.metrics.setdefault(name, []).append(metric(outputs, targets))


def _validate(
    model: Module,
    validation_data: tuple[Sequence[Any], Sequence[Any]],
    regularized: Loss,
    metric_fns: dict[str, Callable[..., float]],
    history: History,
) -> None:
    """Add the loss and metrics on ``validation_data`` (no graph recorded) to ``history``; warn if not finite."""
    X_val, y_val = validation_data
    with no_grad():
        predictions = [model(row) for row in X_val]
        loss = data_of(regularized(predictions, y_val))
    history.val_loss.append(loss)
    if not math.isfinite(loss):
        warnings.warn(
            f"fit: the validation loss after epoch {history.epochs} is {loss}; "
            "the model's predictions on validation_data are too large for the loss",
            RuntimeWarning,
            stacklevel=3,
        )
    outputs = [plain(prediction) for prediction in predictions]
    for name, metric in metric_fns.items():
        history.metrics.setdefault(f"val_{name}", []).append(metric(outputs, y_val))


# ---- checks before training -------------------------------------------------------------


def _recorder_for(record: object) -> Recorder | None:
    """The recorder of ``fit(..., record=...)``: True → a new ``Recorder()``, a Recorder as is, False → None."""
    if isinstance(record, Recorder):
        return record
    if isinstance(record, bool):
        return Recorder() if record else None
    raise _args.type_error("fit", "record", "True, False or an nn.Recorder", record)


def _optimizer_for(
    model: Module, parameters: list[Value], optimizer: Optimizer | None, lr: LearningRate | None
) -> Optimizer:
    """``optimizer``, checked to hold the model's parameters, or a new ``SGD`` (lr 0.01 if not given)."""
    if optimizer is None:
        return SGD(parameters, 0.01 if lr is None else lr)
    if lr is not None:
        raise ValueError("fit: got both optimizer= and lr=; give the learning rate to the optimizer")
    if not isinstance(optimizer, Optimizer):
        raise _args.type_error("fit", "optimizer", "an nn.Optimizer such as nn.SGD(model.parameters(), lr)", optimizer)
    if set(parameters).isdisjoint(optimizer.params):
        raise ValueError(
            f"fit: the optimizer holds none of the {len(parameters)} parameters of {type(model).__name__} "
            f"(it has {len(optimizer.params)} others); was it made for another model? "
            "Give it this model's model.parameters()"
        )
    return optimizer


def _check_finite(name: str, data: Sequence[Any], which: str = "training data") -> None:
    """Refuse NaN or infinite numbers in ``which`` data (``fit: X[3][0] is nan``): they would look like divergence."""
    for i, item in enumerate(data):
        row = isinstance(item, Iterable) and not isinstance(item, (str, bytes))
        for j, entry in enumerate(item if row else (item,)):
            if _args.is_real(entry) and not math.isfinite(entry):
                at = f"{name}[{i}][{j}]" if row else f"{name}[{i}]"
                raise ValueError(f"fit: {at} is {float(entry)}; expected finite numbers in the {which}")


def _checked_validation_data(validation_data: object) -> tuple[Sequence[Any], Sequence[Any]]:
    if not isinstance(validation_data, (tuple, list)) or len(validation_data) != 2:
        raise _args.type_error("fit", "validation_data", "a pair (X_val, y_val)", validation_data)
    X_val, y_val = samples("fit", *validation_data, names=("validation_data X", "validation_data y"))
    _check_finite("validation_data X", X_val, "validation data")
    _check_finite("validation_data y", y_val, "validation data")
    return X_val, y_val


def _metric_functions(
    metrics: Sequence[str | Callable[..., float]] | None, loss_fn: Loss, y: Sequence[Any]
) -> dict[str, Callable[..., float]]:
    if metrics is None:
        metrics = ("accuracy",) if loss_fn in CLASSIFICATION_LOSSES else ()
    functions = {}
    for metric in metrics:
        if metric == "accuracy":
            threshold = _accuracy_threshold(loss_fn, y)
            functions["accuracy"] = lambda outputs, labels, t=threshold: accuracy(outputs, labels, t)
        elif callable(metric):
            functions[getattr(metric, "__name__", "metric")] = metric
        else:
            expected = "'accuracy' or a callable(outputs, labels)"
            error = _args.value_error if isinstance(metric, str) else _args.type_error
            raise error("fit", "each metric", expected, metric)
    return functions


def _accuracy_threshold(loss_fn: Loss, y: Sequence[Any]) -> float:
    """0 for scores and logits; the middle of the two target values for a regression loss on class labels."""
    if loss_fn in (mse, mae) and all(_args.is_real(label) for label in y):
        return (min(y) + max(y)) / 2
    return 0.0
