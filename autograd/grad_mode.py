"""Whether operations record the graph: on by default, off inside ``no_grad``."""

from __future__ import annotations

import contextlib

_enabled = True


def is_grad_enabled() -> bool:
    """Return True when new operations record their inputs (the graph is being built)."""
    return _enabled


class no_grad(contextlib.ContextDecorator):
    """Turn graph recording off: inside, every operation returns a leaf with no children.

    Use it for inference, where no backward pass will follow. Nesting is safe and
    the previous state comes back on exit, also when an exception leaves the block.
    Works as ``with no_grad():`` and as a decorator ``@no_grad()``.
    The switch is process-wide (like a global setting), not per thread.
    """

    def _recreate_cm(self) -> no_grad:
        return type(self)()  # a fresh context per decorated call, so recursion nests correctly

    def __enter__(self) -> no_grad:
        global _enabled
        self._previous = _enabled
        _enabled = False
        return self

    def __exit__(self, *exc_info: object) -> None:
        global _enabled
        _enabled = self._previous


class set_grad_enabled(contextlib.ContextDecorator):
    """Switch graph recording on or off (``mode``) inside the block, as ``torch.set_grad_enabled``."""

    def __init__(self, mode: bool) -> None:
        self.mode = bool(mode)

    def _recreate_cm(self) -> set_grad_enabled:
        return type(self)(self.mode)

    def __enter__(self) -> set_grad_enabled:
        global _enabled
        self._previous = _enabled
        _enabled = self.mode
        return self

    def __exit__(self, *exc_info: object) -> None:
        global _enabled
        _enabled = self._previous


class enable_grad(set_grad_enabled):
    """Switch graph recording on inside the block, also within ``no_grad`` (as ``torch.enable_grad``)."""

    def __init__(self) -> None:
        super().__init__(True)

    def _recreate_cm(self) -> enable_grad:
        return type(self)()
