"""Benchmark 5: ``gradcheck`` on a 500-input function, full check against ``fast_mode=True``.

The full check evaluates f twice per input (1,001 forward passes); fast mode checks one
seeded random direction (3 forward passes, one backward) and runs the full check only if
that fails. Both are run on the same function, correct and with one wrong rule (where fast
mode pays for its fallback), and both must give the same verdict.
"""

from __future__ import annotations

import functools
import itertools
import statistics
from dataclasses import dataclass

from autograd import GradcheckError, Op, gradcheck, gradgradcheck
from benchmarks.timing import cpu_timed

N_INPUTS = 500
N_SECOND = 60  # gradgradcheck's full check is quadratic in the inputs: a smaller function

# x³ with the derivative 2x²: a wrong rule on input 250 only
_wrong_cube = Op("cube", forward=lambda x: x**3, derivatives=lambda x, out: (2 * x * x,))


def _chain(*xs: object) -> object:
    """Σ tanh(x_i · x_{i+1}) + x_0²: every input in two terms."""
    total = xs[0] * xs[0]
    for a, b in itertools.pairwise(xs):
        total = total + (a * b).tanh()
    return total


def _chain_with_a_wrong_rule(*xs: object) -> object:
    return _chain(*xs) + _wrong_cube(xs[len(xs) // 2])


@dataclass
class GradcheckResult:
    task: str
    inputs: int
    full: float  # CPU seconds, median
    fast: float
    same_verdict: bool

    @property
    def speedup(self) -> float:
        return self.full / self.fast


def _verdict(check: object, f: object, point: list[float], **options: object) -> str:
    try:
        check(f, point, **options)
    except GradcheckError as error:
        return "fails at " + ", ".join(str(m.inputs) for m in error.mismatches)
    return "passes"


def run(rounds: int = 3) -> list[GradcheckResult]:
    """Median CPU times of the full check and of fast mode, side by side, ``rounds`` times each."""
    point = [0.3 + 0.001 * i for i in range(N_INPUTS)]
    small = point[:N_SECOND]
    tasks = [
        ("gradcheck, correct rules", gradcheck, _chain, point),
        ("gradcheck, one wrong rule (fast mode falls back)", gradcheck, _chain_with_a_wrong_rule, point),
        ("gradgradcheck, correct rules", gradgradcheck, _chain, small),
    ]
    results = []
    for task, check, f, at in tasks:
        full = functools.partial(_verdict, check, f, at)
        fast = functools.partial(_verdict, check, f, at, fast_mode=True)
        full_time = statistics.median(cpu_timed(full) for _ in range(rounds))
        fast_time = statistics.median(cpu_timed(fast) for _ in range(rounds))
        results.append(GradcheckResult(task, len(at), full_time, fast_time, full() == fast()))
    return results


if __name__ == "__main__":
    for result in run():
        times = f"full {result.full * 1000:.0f} ms, fast {result.fast * 1000:.1f} ms ({result.speedup:.0f}×)"
        print(f"{result.task}: {result.inputs} inputs, {times}, same verdict: {result.same_verdict}")
