"""Run every benchmark side by side and check the targets: ``python -m benchmarks.run [--quick]``.

Prints the machine and Python it ran on, one table per benchmark (medians of several
repeats, ratios against micrograd and against the hand-written float version), and a
PASS / MISS line per target. A MISS is reported, not hidden: the exit code is 0 either way.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import statistics
import sys
import time
from collections.abc import Sequence

from benchmarks import chain, digits, expression_reader, gradcheck, memory, player, recording, rendering, training
from benchmarks.timing import Target, milliseconds

# How much work each mode does: the default run takes a few minutes on a 2-core machine.
SETTINGS = {
    "full": {"rounds": 5, "calls": 2, "chain": 100_000, "scaling": [250_000, 500_000, 1_000_000], "epochs": 100},
    "quick": {"rounds": 2, "calls": 1, "chain": 20_000, "scaling": [50_000, 100_000, 200_000], "epochs": 20},
}


def machine() -> str:
    """Python version and implementation, OS, CPU model and count, load at the start."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as info:
            cpu = next((line.split(":", 1)[1].strip() for line in info if line.startswith("model name")), cpu)
    except OSError:
        pass
    load = f", load average {os.getloadavg()[0]:.2f}" if hasattr(os, "getloadavg") else ""
    return (
        f"Python {platform.python_version()} ({platform.python_implementation()}) on {platform.platform()}\n"
        f"CPU: {cpu}, {os.cpu_count()} cores{load}; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"
    )


def table(header: Sequence[str], rows: list[Sequence[str]]) -> str:
    """A Markdown table (readable in a terminal, pasteable into the README)."""
    lines = [header, ["---"] * len(header), *rows]
    return "\n".join("| " + " | ".join(str(cell) for cell in line) + " |" for line in lines)


def training_section(rounds: int, calls: int, targets: list[Target]) -> str:
    times, losses, skipped = training.run(rounds, calls)
    medians = {name: statistics.median(samples) for name, samples in times.items()}
    shipped = medians.get("micrograd, gc on (as shipped)")
    limit = medians["float (hand-written)"]
    best_limit = min(times["float (hand-written)"])
    rows = [
        [
            name,
            milliseconds(seconds),
            f"{shipped / seconds:.1f}×" if shipped else "—",
            f"{seconds / limit:.1f}×",
            milliseconds(min(times[name])),
            f"{min(times[name]) / best_limit:.1f}×",
        ]
        for name, seconds in medians.items()
    ]
    agree = max(losses.values()) - min(losses.values()) < 1e-9 * max(1.0, abs(max(losses.values())))
    first = next(iter(losses.values()))
    on, off = medians["stepgrad nn, gc on"], medians["stepgrad nn, gc off (as in nn.fit)"]
    freeze = medians["stepgrad nn, gc.freeze()"]
    lines = [
        "## 1. Training step: MLP(2, [16, 16, 1]), 100 moons points, hinge + 1e-4·L2, SGD",
        f"{rounds} rounds × {calls} steps; 'speed-up' = micrograd as shipped ÷ row; 'vs float' = row ÷ float;",
        "'best' = the fastest step, the one least disturbed by other processes on the machine",
        "",
        table(["contender", "median step", "speed-up vs micrograd", "vs float", "best step", "best vs float"], rows),
        "",
        f"first-step loss of every contender: {first:.12f} ({'all agree' if agree else 'DISAGREE: ' + repr(losses)})",
        f"cycle collector in stepgrad's step: gc on {milliseconds(on)}, off {milliseconds(off)}, "
        f"gc.freeze() {milliseconds(freeze)}: off saves {100 * (on - off) / on:.0f}% of the step (noise: a few %)",
    ]
    lines += [f"skipped: {reason}" for reason in skipped]
    if shipped:
        speedup = shipped / on
        targets.append(
            Target(
                "training step ≥ 10× faster than micrograd as shipped (stepgrad gc on)",
                f"{speedup:.1f}×",
                speedup >= 10,
            )
        )
        off_ratio = medians["micrograd, gc off"] / off
        targets.append(
            Target(
                "moonshot: ≥ 2× faster than micrograd with gc off (both gc off)", f"{off_ratio:.1f}×", off_ratio >= 2
            )
        )
    else:
        targets.append(Target("training step vs micrograd", "micrograd not installed", None))
    targets.append(
        Target(
            "moonshot: within 8× of the hand-written float version (stepgrad gc off)",
            f"{off / limit:.1f}×",
            off / limit <= 8,
        )
    )
    if not agree:
        targets.append(Target("all contenders compute the same loss", repr(losses), False))
    return "\n".join(lines)


def chain_section(n: int, scaling: list[int], targets: list[Target]) -> str:
    with_micrograd = importlib.util.find_spec("micrograd") is not None
    side_by_side, lengths = chain.run(n, scaling, with_micrograd)

    def row(result: chain.ChainResult) -> list[str]:
        if result.failure:
            return [result.engine, f"{result.n:,}", "—", "—", "—", result.failure]
        return [
            result.engine,
            f"{result.n:,}",
            milliseconds(result.build),
            milliseconds(result.backward),
            f"{result.per_op_node_us:.2f} µs",
            "ok",
        ]

    header = ["engine", "steps n", "build", "backward", "per op node", "result"]
    per_node = [result.per_op_node_us for result in lengths]
    # Linear time keeps the time per node flat; a quadratic step would make it 4× at 4× the length.
    flat = per_node[-1] <= 2 * per_node[0]
    longest = lengths[-1].n
    goal = f"{longest:,}-step chain in linear time (CPU time per node at {longest:,} ≤ 2× at {lengths[0].n:,})"
    measured = " → ".join(f"{t:.2f}" for t in per_node) + " µs per op node"
    targets.append(Target(goal, measured, flat if longest >= 1_000_000 else None))
    return "\n".join(
        [
            "## 2. Chain: x = x*1.01 + 0.1 repeated n times (2n op nodes + 2n constant leaves), gc on, CPU time",
            "",
            table(header, [row(result) for result in side_by_side]),
            "",
            "stepgrad alone, growing n (linear time means a flat 'per op node'):",
            "",
            table(header, [row(result) for result in lengths]),
        ]
    )


def memory_section(targets: list[Target]) -> str:
    with_micrograd = importlib.util.find_spec("micrograd") is not None
    sizes, freed = memory.run(with_micrograd)
    rows = [[r.engine, r.graph, f"{r.built:.0f} B", f"{r.after_backward:.0f} B"] for r in sizes]
    free_rows = [[engine, "yes" if dead else "no", f"{unreachable:,}"] for engine, (dead, unreachable) in freed.items()]
    stepgrad = {r.graph: r for r in sizes if r.engine == "stepgrad"}
    between, constants = stepgrad["between values"], stepgrad["constants"]
    targets.append(
        Target(
            "≤ 200 bytes per op node (ops between Values, after backward)",
            f"{between.after_backward:.0f} B",
            between.after_backward <= 200,
        )
    )
    targets.append(
        Target(
            "≤ 200 bytes per op node counting its constant's leaf Value (as built)",
            f"{constants.built:.0f} B",
            constants.built <= 200,
        )
    )
    dead, unreachable = freed["stepgrad"]
    targets.append(
        Target(
            "dropped graph freed by reference counting alone (gc disabled)",
            f"weakref dead: {dead}, cyclic garbage: {unreachable}",
            dead and not unreachable,
        )
    )
    return "\n".join(
        [
            f"## 3. Memory: bytes per op node (tracemalloc, chains of {memory.N_STEPS:,} steps)",
            "",
            table(["engine", "graph", "as built", "after backward"], rows),
            "",
            "graph of 1,000 steps dropped with gc disabled:",
            "",
            table(["engine", "freed at once (weakref dead)", "objects gc.collect() found unreachable"], free_rows),
        ]
    )


def rendering_section(targets: list[Target]) -> str:
    results, reason = rendering.run()
    if not results:
        targets.append(Target("render ~1,000 Values to SVG < 2 s", reason, None))
        targets.append(Target("step_through of a 200-Value graph < 5 s", reason, None))
        return f"## 4. Rendering\n\nskipped: {reason}"
    by_task = {r.task: r for r in results}
    full = by_task["SVG of one sample, micrograd-style"]
    player = by_task["step_through, ~200 Values"]
    targets.append(
        Target(f"render ~1,000 Values to SVG < 2 s ({full.values:,} Values)", f"{full.seconds:.2f} s", full.seconds < 2)
    )
    targets.append(
        Target(
            f"step_through of a 200-Value graph < 5 s ({player.values} Values)",
            f"{player.seconds:.2f} s",
            player.seconds < 5,
        )
    )
    rows = [[r.task, f"{r.values:,}", f"{r.seconds:.2f} s"] for r in results]
    title = "## 4. Rendering (autograd.viz, in-process Graphviz)"
    return "\n".join([title, "", table(["task", "Values", "time"], rows)])


def gradcheck_section(rounds: int, targets: list[Target]) -> str:
    results = gradcheck.run(rounds)
    rows = [
        [r.task, r.inputs, milliseconds(r.full), milliseconds(r.fast), f"{r.speedup:.1f}×", r.same_verdict]
        for r in results
    ]
    first = results[0]
    goal = f"gradcheck fast_mode ≥ 20× faster than the full check ({first.inputs} inputs, correct rules)"
    targets.append(Target(goal, f"{first.speedup:.0f}×", first.speedup >= 20 and all(r.same_verdict for r in results)))
    header = ["task", "inputs", "full check", "fast_mode", "speed-up", "same verdict"]
    return "\n".join(["## 5. Gradient checks: full vs fast_mode (CPU time)", "", table(header, rows)])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes and fewer repeats (about a minute)")
    args = parser.parse_args(argv)
    settings = SETTINGS["quick" if args.quick else "full"]
    print("# stepgrad benchmarks" + (" (--quick)" if args.quick else ""))
    print(machine())
    targets: list[Target] = []
    sections = [
        lambda: training_section(settings["rounds"], settings["calls"], targets),
        lambda: chain_section(settings["chain"], settings["scaling"], targets),
        lambda: memory_section(targets),
        lambda: rendering_section(targets),
        lambda: gradcheck_section(settings["rounds"], targets),
        lambda: player.section(targets),
        lambda: expression_reader.section(targets, rounds=settings["rounds"] + 2),
        lambda: digits.section(targets),
        lambda: recording.section(settings["rounds"], settings["epochs"], targets),
    ]
    for section in sections:
        print()
        print(section(), flush=True)
    print()
    print("## Targets")
    print()
    print(table(["target", "measured", "verdict"], [[t.goal, t.measured, t.verdict] for t in targets]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
