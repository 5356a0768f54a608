"""Benchmark: ``autograd.cli.parse_expression`` against ``ast.parse`` alone, on growing expressions.

The reader used to re-encode the whole text once per syntax node, which made it quadratic
(262 KB took 9.7 s). ``ast.parse`` is the floor (the reader parses with it, then builds one
Value per node and runs one backward pass to check the gradients), and it is itself not quite
linear on nested parentheses; so the target is that the reader's time stays within a fixed
factor of ``ast.parse``'s as the text grows: its ratio at the largest size is within 2× of its
ratio at the smallest. CPU time, best of several rounds (the machine is shared). The expressions are
balanced sums ``((é*x+é*x)+(é*x+é*x))...`` (shallow trees, because ``ast`` refuses deep ones)
of two-byte characters, so the byte-to-character column mapping is exercised; the largest is
just under the 10,000-character cap.

Run alone: ``python -m benchmarks.expression_reader``.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from benchmarks.timing import Target, cpu_timed

TERMS = (200, 400, 800, 1650)  # 1,650 terms of "é*x" is 9,897 characters


@dataclass
class ReaderResult:
    characters: int
    reader_seconds: float
    ast_seconds: float

    @property
    def microseconds_per_character(self) -> float:
        return self.reader_seconds / self.characters * 1e6

    @property
    def ratio(self) -> float:
        return self.reader_seconds / self.ast_seconds


def balanced_sum(terms: list[str]) -> str:
    """``(a+b)``, ``((a+b)+(c+d))``, …: a sum whose syntax tree is log₂(n) deep."""
    if len(terms) == 1:
        return terms[0]
    half = len(terms) // 2
    return f"({balanced_sum(terms[:half])}+{balanced_sum(terms[half:])})"


def run(rounds: int = 7) -> list[ReaderResult]:
    """The best CPU time of the reader and of ``ast.parse`` at each size."""
    from autograd.cli import parse_expression

    values = {"é": 2.0, "x": 3.0}
    results = []
    for text in (balanced_sum(["é*x"] * n) for n in TERMS):
        reader = min(cpu_timed(lambda text=text: parse_expression(text, values)) for _ in range(rounds))
        floor = min(cpu_timed(lambda text=text: ast.parse(text, mode="eval")) for _ in range(rounds))
        results.append(ReaderResult(len(text), reader, floor))
    return results


def section(targets: list[Target], rounds: int = 7) -> str:
    """The benchmark's Markdown table; its target (the ratio to ``ast.parse`` flat within 2×) goes into ``targets``."""
    results = run(rounds)
    rows = [
        f"| {r.characters:,} | {r.reader_seconds * 1e3:.1f} ms | {r.microseconds_per_character:.2f} µs "
        f"| {r.ast_seconds * 1e3:.2f} ms | {r.ratio:.1f}× |"
        for r in results
    ]
    growth = results[-1].ratio / results[0].ratio
    targets.append(
        Target(
            "expression reader: its time over ast.parse's at ~10,000 characters within 2× of at ~1,200",
            f"{growth:.2f}×",
            growth < 2,
        )
    )
    header = "| characters | parse_expression | per character | ast.parse alone | ratio |\n|---|---|---|---|---|"
    return "\n".join(["## 5. The expression reader (`stepgrad trace`)", "", header, *rows])


if __name__ == "__main__":
    found: list[Target] = []
    print(section(found))
    for target in found:
        print(f"\n{target.verdict}: {target.goal} ({target.measured})")
