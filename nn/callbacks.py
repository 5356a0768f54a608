"""Callbacks: code that ``fit`` runs after every epoch — to record, to plot, or to stop early.

A callback is a ``Callback`` (``on_train_begin``, ``on_epoch_end``) or a plain function
``f(epoch, model, history)``; returning a string stops training, with that string as
``History.stop_reason``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from nn.module import Module

if TYPE_CHECKING:
    from nn.train import History


class Callback:
    """Hooks into ``fit``; ``on_epoch_end`` returns a reason (a string) to stop training, else None."""

    def on_train_begin(self, model: Module, history: History) -> None:
        """Called once before the first epoch."""

    def on_epoch_end(self, epoch: int, model: Module, history: History) -> str | None:
        """Called after each epoch (numbered from 1) with the history so far."""
        return None


class EarlyStopping(Callback):
    """Stop when ``monitor`` has not improved by more than ``min_delta`` for ``patience`` epochs.

    ``monitor`` is "train_loss", "val_loss" or a metric ("val_accuracy"); names containing
    "accuracy" should rise, the others fall. With ``restore_best`` the model gets the
    parameters of its best epoch back when it stops.
    """

    def __init__(
        self, patience: int = 5, monitor: str = "val_loss", min_delta: float = 0.0, restore_best: bool = True
    ) -> None:
        if isinstance(patience, bool) or not isinstance(patience, int) or patience < 1:
            raise ValueError(f"EarlyStopping: patience must be a positive int, got {patience!r}")
        if not min_delta >= 0:
            raise ValueError(f"EarlyStopping: min_delta must be >= 0, got {min_delta!r}")
        self.patience, self.monitor, self.min_delta, self.restore_best = patience, monitor, min_delta, restore_best
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
    raise TypeError(f"fit: a callback must be a Callback or a function, got {type(callback).__name__}")
