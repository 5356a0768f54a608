"""Benchmark: what recording costs — ``fit`` with and without ``nn.Recorder``, the timeline's size and write time.

The run of issue 10: MLP(2, [16, 16, 1]) on 100 moons points, hinge + 1e-4·L2, SGD, 100
epochs (full batch: 100 updates), and the same in mini-batches of 10 (10 updates per epoch,
so the recorder sees ten times as many steps per sample). Fits with and without the
recorder run interleaved, round by round, and are timed in CPU seconds (the machine is
shared). Then ``nn.timeline`` writes the page of the recorded full-batch run.
``python -m benchmarks.recording [--quick]`` prints the tables alone.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from benchmarks.timing import Target, cpu_timed

GOAL_OVERHEAD = 0.25  # recording may cost at most 25% more time
GOAL_SIZE = 5_000_000  # bytes: the timeline of the 100-epoch run


def _fit(epochs: int, batch_size: int | None, record: bool) -> Callable[[], object]:
    import nn

    X, y = nn.make_moons(100, noise=0.1, seed=0, labels=(-1, 1))

    def run() -> object:
        model = nn.MLP(2, [16, 16, 1], seed=0)
        callbacks = [nn.Recorder()] if record else []
        nn.fit(model, X, y, loss="hinge", l2=1e-4, lr=0.1, epochs=epochs, batch_size=batch_size, callbacks=callbacks)
        return callbacks[0].recording if record else None

    return run


def overhead(rounds: int, epochs: int) -> list[tuple[str, float, float]]:
    """(setting, median CPU seconds without, with recording) for full batch and mini-batches of 10."""
    results = []
    for name, batch_size in ((f"{epochs} epochs, full batch", None), (f"{epochs // 5} epochs, batches of 10", 10)):
        n = epochs if batch_size is None else epochs // 5
        plain, recorded = _fit(n, batch_size, False), _fit(n, batch_size, True)
        without, with_ = [], []
        for _ in range(rounds):  # interleaved: the machine's noise falls on both alike
            without.append(cpu_timed(plain))
            with_.append(cpu_timed(recorded))
        results.append((name, statistics.median(without), statistics.median(with_)))
    return results


def page(epochs: int) -> tuple[int, float, float, int]:
    """(bytes, CPU and wall seconds to write, snapshots) of the timeline of the recorded full-batch run."""
    import nn

    X, y = nn.make_moons(100, noise=0.1, seed=0, labels=(-1, 1))
    recording = _fit(epochs, None, True)()
    with tempfile.TemporaryDirectory() as folder:
        start, cpu = time.perf_counter(), time.process_time()
        written = nn.timeline(recording, X, y, Path(folder) / "training.html", loss="hinge")
        cpu, wall = time.process_time() - cpu, time.perf_counter() - start
        return written.stat().st_size, cpu, wall, len(recording.snapshots)


def section(rounds: int, epochs: int, targets: list[Target]) -> str:
    """The benchmark's Markdown section; appends its targets to ``targets``."""
    from benchmarks.run import table

    rows, worst = [], 0.0
    for name, without, with_ in overhead(rounds, epochs):
        extra = with_ / without - 1
        worst = max(worst, extra)
        rows.append([name, f"{without:.2f} s", f"{with_:.2f} s", f"{100 * extra:+.0f}%"])
    size, cpu, wall, snapshots = page(epochs)
    targets.append(Target("recording costs ≤ 25% more time in fit", f"{100 * worst:+.0f}%", worst <= GOAL_OVERHEAD))
    if epochs == 100:
        targets.append(Target("timeline of the 100-epoch moons run < 5 MB", f"{size / 1e6:.2f} MB", size < GOAL_SIZE))
    else:
        targets.append(Target("timeline of the 100-epoch moons run < 5 MB", f"ran {epochs} epochs (--quick)", None))
    return "\n".join(
        [
            "## 5. Recording: MLP(2, [16, 16, 1]), 100 moons points, hinge + 1e-4·L2, SGD (CPU time, medians)",
            f"{rounds} rounds, with and without nn.Recorder() interleaved",
            "",
            table(["run", "fit", "fit + Recorder", "overhead"], rows),
            "",
            f"nn.timeline of the recorded {epochs}-epoch full-batch run ({snapshots} snapshots, a 30 × 30 boundary "
            f"grid, 5 step-throughs): {size / 1e6:.2f} MB, written in {cpu:.1f} s CPU ({wall:.1f} s wall)",
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.recording", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="20 epochs and 2 rounds instead of 100 and 3")
    args = parser.parse_args(argv)
    targets: list[Target] = []
    print(section(2 if args.quick else 3, 20 if args.quick else 100, targets))
    for target in targets:
        print(f"{target.verdict}: {target.goal}: {target.measured}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
