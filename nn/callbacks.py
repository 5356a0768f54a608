"""Callbacks: code that ``fit`` runs after every step and epoch — to record, to plot, or to stop early.

A callback is a ``Callback`` (``on_train_begin``, ``on_step_end``, ``on_epoch_end``,
``on_train_end``) or a plain function ``f(epoch, model, history)`` (run after each epoch);
returning a string from ``on_step_end`` or ``on_epoch_end`` stops training, with that
string as ``History.stop_reason``.
"""

from __future__ import annotations

from collections.abc import Callable

from autograd import _args
from nn.history import History, StepRecord
from nn.module import Module


class Callback:
    """Hooks into ``fit``; ``on_step_end`` and ``on_epoch_end`` return a reason (a string) to stop, else None."""

    def on_train_begin(self, model: Module, history: History) -> None:
        """Called once before the first epoch."""

    def on_step_end(self, step: StepRecord, model: Module, history: History) -> str | None:
        """Called after every update (and for a diverging step) with what the step did."""
        return None

    def on_epoch_end(self, epoch: int, model: Module, history: History) -> str | None:
        """Called after each epoch (numbered from 1) with the history so far: losses, metrics."""
        return None

    def on_train_end(self, model: Module, history: History) -> None:
        """Called once when training ends: all epochs ran, it stopped early, diverged or was interrupted."""


class EarlyStopping(Callback):
    """Stop when ``monitor`` has not improved by more than ``min_delta`` for ``patience`` epochs.

    ``monitor`` is "train_loss", "val_loss" or a metric ("val_accuracy"); names containing
    "accuracy" should rise, the others fall. With ``restore_best`` the model gets the
    parameters of its best epoch back when it stops.
    """

    def __init__(
        self, patience: int = 5, monitor: str = "val_loss", min_delta: float = 0.0, restore_best: bool = True
    ) -> None:
        self.patience = _args.integer("EarlyStopping", "patience", patience, minimum=1)
        self.monitor = _args.text("EarlyStopping", "monitor", monitor, empty=False)
        self.min_delta = _args.real("EarlyStopping", "min_delta", min_delta, non_negative=True)
        self.restore_best = restore_best
        self.higher_is_better = "accuracy" in monitor

    def on_train_begin(self, model: Module, history: History) -> None:
        self.best: float | None = None
        self.best_epoch = 0
        self.best_state: dict[str, float] = {}
        self.waited = 0

    def on_epoch_end(self, epoch: int, model: Module, history: History) -> str | None:
        current = self._latest(history)
        if self.best is None or self._gain(current) > self.min_delta:
            self.best, self.best_epoch, self.waited = current, epoch, 0
            self.best_state = model.state_dict() if self.restore_best else {}
            return None
        self.waited += 1
        if self.waited < self.patience:
            return None
        if self.restore_best:
            model.load_state_dict(self.best_state)
        kept = f"; the parameters from epoch {self.best_epoch} were restored" if self.restore_best else ""
        return (
            f"early stopping at epoch {epoch}: {self.monitor} did not improve for {self.patience} epochs "
            f"(best {self.best:.6g} at epoch {self.best_epoch}){kept}"
        )

    def _gain(self, current: float) -> float:
        """How much better ``current`` is than the best so far (negative: worse)."""
        return current - self.best if self.higher_is_better else self.best - current

    def _latest(self, history: History) -> float:
        series = {"train_loss": history.train_loss, "val_loss": history.val_loss, **history.metrics}.get(self.monitor)
        if not series:
            hint = " (pass validation_data to fit)" if self.monitor.startswith("val_") else ""
            raise ValueError(f"EarlyStopping: nothing recorded for monitor={self.monitor!r}{hint}")
        return series[-1]


def as_callback(callback: Callback | Callable[..., str | None]) -> Callback:
    """``callback`` itself, or a plain function ``f(epoch, model, history)`` wrapped as a Callback."""
    if isinstance(callback, Callback):
        return callback
    if callable(callback):
        wrapper = Callback()
        wrapper.on_epoch_end = callback  # a plain function(epoch, model, history) -> reason or None
        return wrapper
    raise _args.type_error("fit", "a callback", "a Callback or a function(epoch, model, history)", callback)
