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
