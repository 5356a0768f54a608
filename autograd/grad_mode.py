"""Whether operations record the graph: on by default, off inside ``no_grad``.

The switch is per thread (and per asyncio task): it lives in a ``contextvars.ContextVar``,
as PyTorch's grad mode is thread-local. A thread inside ``no_grad`` — a web handler
running ``nn.predict``, say — never stops another thread from recording its graph.

Each block remembers the state it replaced in the same context variable (a stack of
previous states, one entry per open block), so blocks nest in any combination, one
``no_grad()`` object may be entered again inside itself, and two threads sharing one
object each get their own state back.
"""

from __future__ import annotations

import contextlib
from contextvars import ContextVar

# Whether operations record their operands right now, in this thread or task.
_recording: ContextVar[bool] = ContextVar("stepgrad_grad_enabled", default=True)
# The states the open blocks replaced, innermost first, as nested pairs (state, rest): (True, (False, ())).
_replaced: ContextVar[tuple] = ContextVar("stepgrad_grad_enabled_replaced", default=())


# ``is_grad_enabled()``: True when new operations record their inputs (the graph is being built) in
# this thread. It is the context variable's own ``get``, a C call: every operation asks it.
is_grad_enabled = _recording.get


class set_grad_enabled(contextlib.ContextDecorator):
    """Switch graph recording on or off (``mode``) inside the block, as ``torch.set_grad_enabled``.

    Works as ``with set_grad_enabled(False):`` and as a decorator ``@set_grad_enabled(False)``.
    The previous state comes back on exit, also when an exception leaves the block. The
    switch applies to the current thread (and asyncio task) only.
    """

    def __init__(self, mode: bool) -> None:
        self.mode = bool(mode)

    def _recreate_cm(self) -> set_grad_enabled:
        return type(self)(self.mode)  # a fresh context per decorated call

    def __enter__(self) -> set_grad_enabled:
        _replaced.set((_recording.get(), _replaced.get()))
        _recording.set(self.mode)
        return self

    def __exit__(self, *exc_info: object) -> None:
        stack = _replaced.get()
        if not stack:
            raise RuntimeError(f"{type(self).__name__}: exited in a thread or task where it was not entered")
        previous, rest = stack
        _replaced.set(rest)
        _recording.set(previous)


class no_grad(set_grad_enabled):
    """Turn graph recording off: inside, every operation returns a leaf with no children.

    Use it for inference, where no backward pass will follow. Nesting is safe and the
    previous state comes back on exit, also when an exception leaves the block. Works as
    ``with no_grad():`` and as a decorator ``@no_grad()``. It applies to the current thread
    (and asyncio task) only: other threads keep recording.
    """

    def __init__(self) -> None:
        super().__init__(False)

    def _recreate_cm(self) -> no_grad:
        return type(self)()


class enable_grad(set_grad_enabled):
    """Switch graph recording on inside the block, also within ``no_grad`` (as ``torch.enable_grad``)."""

    def __init__(self) -> None:
        super().__init__(True)

    def _recreate_cm(self) -> enable_grad:
        return type(self)()
