"""What training did: ``History`` (per epoch and per step) and ``StepRecord`` (one update, in full).

``fit`` returns a ``History``; callbacks read it as it grows. A ``StepRecord`` is what a
callback's ``on_step_end`` receives after every update: which samples, the loss, the
learning rate, and every parameter's value and gradient before the update.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class History:
    """What happened during ``fit``: one entry per epoch (losses, metrics) and per step (loss, lr).

    ``loss`` and ``l2`` say what was minimized, so a callback can recompute a step's loss;
    ``recording`` is the ``nn.Recording`` of ``fit(..., record=True)`` (None without it).
    """

    epochs: int = 0  # epochs completed
    train_loss: list[float] = field(default_factory=list)  # mean loss over each epoch's batches
    val_loss: list[float] = field(default_factory=list)  # loss on validation_data after each epoch
    metrics: dict[str, list[float]] = field(default_factory=dict)  # e.g. "accuracy", "val_accuracy"
    step_loss: list[float] = field(default_factory=list)  # loss of every batch, before its update
    step_lr: list[float] = field(default_factory=list)  # learning rate of every update
    diverged: bool = False
    stop_reason: str | None = None  # None when all epochs ran
    # What fit minimizes, known from on_train_begin on: loss(predictions, targets) + l2·Σp².
    loss: Callable[..., Any] | None = None  # the loss function itself (a name given to fit, looked up)
    l2: float = 0.0
    data_fingerprint: str | None = None  # nn.data.fingerprint(X, y) of the training data
    # The nn.Recording that fit(..., record=...) made (typed Any: nn.recording sits above this module).
    recording: Any = None


@dataclass(frozen=True)
class StepRecord:
    """One training step, as ``Callback.on_step_end`` sees it.

    ``parameters_before`` and ``gradients`` follow ``model.parameters()``; the values after
    the update are the model's own when the hook runs. A diverging step (``diverged``, with
    the ``problem``) is reported too, after ``fit`` has put back the last parameters that gave
    a finite loss and gradients (``parameters_before`` of this step or of the one before).
    """

    step: int  # 1-based, counted over the whole run
    epoch: int  # 1-based
    batch: int  # 1-based, within the epoch
    indices: tuple[int, ...]  # positions in X of this batch's samples
    loss: float  # the batch's loss, before the update
    lr: float  # the learning rate of this update
    parameters_before: tuple[float, ...]
    gradients: tuple[float, ...]
    diverged: bool = False
    problem: str | None = None  # what went wrong on a diverging step
