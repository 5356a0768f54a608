"""Benchmark 2: a deep chain, ``x = x*1.01 + 0.1`` repeated n times, built and then differentiated.

Times are CPU seconds (``time.process_time``) of one run each: a million-step chain takes
many seconds, and on a shared machine wall-clock time would mostly measure the neighbours.

stepgrad runs in this process. micrograd runs in a child process, because its recursive
topological sort needs ``sys.setrecursionlimit`` raised and could crash the interpreter
outright; the child reports what happened (time, RecursionError, or how it died).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from dataclasses import dataclass

from benchmarks.timing import cpu_timed

MICROGRAD_CHAIN = textwrap.dedent(
    """
    import sys, time
    from micrograd.engine import Value
    n, limit = int(sys.argv[1]), int(sys.argv[2])
    if limit:
        sys.setrecursionlimit(limit)
    start = time.process_time()
    x = Value(1.0)
    for _ in range(n):
        x = x * 1.01 + 0.1
    built = time.process_time()
    try:
        x.backward()
    except RecursionError as error:
        print(f"RecursionError ({error})")
    else:
        print(f"ok {built - start} {time.process_time() - built}")
    """
)


@dataclass
class ChainResult:
    """Seconds to build and to differentiate a chain of ``n`` steps (2n op nodes), or why it failed."""

    engine: str
    n: int
    build: float | None = None
    backward: float | None = None
    failure: str = ""

    @property
    def total(self) -> float | None:
        return None if self.failure else self.build + self.backward

    @property
    def per_op_node_us(self) -> float | None:
        """Microseconds per op node (each step makes two: a product and a sum)."""
        return None if self.failure else self.total / (2 * self.n) * 1e6


def stepgrad_chain(n: int) -> ChainResult:
    from autograd import Value

    result = ChainResult("stepgrad", n)
    x = Value(1.0)

    def build() -> None:
        nonlocal x
        for _ in range(n):
            x = x * 1.01 + 0.1

    result.build = cpu_timed(build)
    result.backward = cpu_timed(x.backward)
    return result


def micrograd_chain(n: int, recursion_limit: int = 0) -> ChainResult:
    """micrograd's chain in a child process; ``recursion_limit`` 0 keeps Python's default."""
    limit = f"recursion limit {recursion_limit:,}" if recursion_limit else "default recursion limit"
    engine = f"micrograd, {limit}"
    result = ChainResult(engine, n)
    child = subprocess.run(
        [sys.executable, "-c", MICROGRAD_CHAIN, str(n), str(recursion_limit)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    words = child.stdout.split()
    if child.returncode == 0 and words[:1] == ["ok"]:
        result.build, result.backward = float(words[1]), float(words[2])
    elif child.returncode == 0:
        result.failure = child.stdout.strip()[:120]
    else:
        last_line = (child.stderr.strip().splitlines() or [""])[-1]
        result.failure = f"crashed (exit code {child.returncode}) {last_line[:100]}"
    return result


def run(n: int, scaling: list[int], with_micrograd: bool) -> tuple[list[ChainResult], list[ChainResult]]:
    """The side-by-side chain of ``n`` steps, and stepgrad alone at each length in ``scaling``."""
    side_by_side = [stepgrad_chain(n)]
    if with_micrograd:
        side_by_side.append(micrograd_chain(n))
        side_by_side.append(micrograd_chain(n, recursion_limit=10 * n))
    return side_by_side, [stepgrad_chain(length) for length in scaling]
