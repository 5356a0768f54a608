"""Timing helpers shared by the benchmarks: medians of repeated runs, side by side, and target checks."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Target:
    """One goal from issue 7: what was measured, against what bound, and whether it was met."""

    goal: str
    measured: str
    met: bool | None  # None: could not be measured in this run (the reason is in ``measured``)

    @property
    def verdict(self) -> str:
        return "SKIP" if self.met is None else ("PASS" if self.met else "MISS")


def timed(fn: Callable[[], object]) -> float:
    """Seconds one call of ``fn`` takes (wall clock, ``time.perf_counter``)."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def cpu_timed(fn: Callable[[], object]) -> float:
    """CPU seconds one call of ``fn`` takes (``time.process_time``).

    On a shared machine the wall-clock time of a long run mostly measures the other processes.
    """
    start = time.process_time()
    fn()
    return time.process_time() - start


def interleaved_times(
    contenders: dict[str, Callable[[], object]], rounds: int, calls: int = 2
) -> dict[str, list[float]]:
    """Seconds of every call of each contender, measured round by round side by side.

    Every round runs each contender ``calls`` times in a row (so garbage one call leaves
    is paid for by the next, as in a training loop), after a ``gc.collect()`` that is
    not timed. Interleaving spreads the noise of a shared machine over all contenders.
    """
    samples: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(rounds):
        for name, fn in contenders.items():
            gc.collect()
            samples[name].extend(timed(fn) for _ in range(calls))
    return samples


def with_gc(mode: str, fn: Callable[[], object]) -> Callable[[], object]:
    """``fn`` run with Python's cycle collector "on" (as it was), "off" (disabled), or after "freeze".

    "freeze" (``gc.freeze()``) moves every object alive now (the model, the data) out of the
    collector's sight, so later collections scan only what the step itself allocates.
    The collector's previous state is restored after each call.
    """
    if mode not in ("on", "off", "freeze"):
        raise ValueError(f"with_gc: mode must be 'on', 'off' or 'freeze', got {mode!r}")

    def run() -> object:
        was_enabled = gc.isenabled()
        if mode == "off":
            gc.disable()
        else:
            gc.enable()
        if mode == "freeze":
            gc.freeze()
        try:
            return fn()
        finally:
            if mode == "freeze":
                gc.unfreeze()
            if was_enabled:
                gc.enable()
            else:
                gc.disable()

    return run


def milliseconds(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"
