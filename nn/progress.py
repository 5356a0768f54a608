"""Progress display for ``fit``: a tqdm bar on interactive terminals, nothing in tests, CI or pipes."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nn.train import History


def progress_display(progress: bool | None, epochs: int) -> Callable[[int | None, History], None] | None:
    """A function showing progress per epoch (``None`` epoch closes it), or None for no progress display.

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
    if tqdm is None:

        def show_line(epoch: int | None, history: History) -> None:
            if epoch is not None:
                print(f"epoch {epoch}/{epochs}  loss {history.train_loss[-1]:.6g}", file=sys.stderr)

        return show_line
    bar = tqdm(total=epochs, unit="epoch", file=sys.stderr)

    def show_bar(epoch: int | None, history: History) -> None:
        if epoch is None:
            bar.close()
        else:
            bar.set_postfix(loss=f"{history.train_loss[-1]:.4g}")
            bar.update(1)

    return show_bar
