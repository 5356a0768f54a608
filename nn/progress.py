"""Progress display for ``fit``: a tqdm bar on interactive terminals, nothing in tests, CI or pipes."""

from __future__ import annotations

import os
import sys

from nn.callbacks import Callback
from nn.history import History
from nn.module import Module


class ProgressBar(Callback):
    """One tick per epoch with the latest training loss: a tqdm bar, or a plain line per epoch without tqdm."""

    def __init__(self, epochs: int, tqdm: type | None) -> None:
        self.epochs = epochs
        self.bar = None if tqdm is None else tqdm(total=epochs, unit="epoch", file=sys.stderr)

    def on_epoch_end(self, epoch: int, model: Module, history: History) -> None:
        loss = history.train_loss[-1]
        if self.bar is None:
            print(f"epoch {epoch}/{self.epochs}  loss {loss:.6g}", file=sys.stderr)
        else:
            self.bar.set_postfix(loss=f"{loss:.4g}")
            self.bar.update(1)

    def on_train_end(self, model: Module, history: History) -> None:
        if self.bar is not None:
            self.bar.close()


def progress_display(progress: bool | None, epochs: int) -> ProgressBar | None:
    """The progress callback ``fit`` adds, or None for no progress display.

    Automatic (``progress=None``): a tqdm bar on an interactive terminal outside CI, else nothing.
    """
    if progress is False:
        return None
    try:
        from tqdm import tqdm  # optional, imported only when training starts
    except ImportError:
        tqdm = None
    if progress is None and (tqdm is None or not sys.stderr.isatty() or os.environ.get("CI")):
        return None
    return ProgressBar(epochs, tqdm)
