"""Benchmark 5: the step-through player on nn graphs — opening a big graph collapsed, and staying responsive.

``opens collapsed``  Python time of ``step_through(loss, collapse="layer")`` for one sample through an
                     ``nn.MLP`` with its loss, about 1,000 Values (issue 11: under 3 s), beside the same
                     player without collapsing.
``responsive``       in headless Chromium (when /usr/bin/chromium and playwright are there): the time
                     of one step near the start and near the end of the 1,078-step player of
                     ``MLP(2, [16, 16, 1])`` (issue 11: a step must not replay every earlier step, so the
                     end is as fast as the start). Skipped with the reason when there is no browser.
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
from pathlib import Path

from benchmarks.timing import Target, cpu_timed

ROUNDS = 3


def _sample(nin: int, sizes: list[int]):
    """One sample through ``nn.MLP(nin, sizes)`` and its squared error: (loss, model)."""
    import nn

    model = nn.MLP(nin, sizes, activation="tanh", seed=0)
    out = model([0.5 - 0.25 * k for k in range(nin)])
    loss = (out - 1.0) ** 2
    loss.label = "loss"
    return loss, model


def opening_times(directory: Path) -> list[list[str]]:
    """Rows (graph, Values, collapse, median CPU seconds) of step_through (Graphviz runs in-process: included)."""
    from autograd import topological_order
    from autograd.viz import step_through

    loss, model = _sample(4, [26, 26, 1])
    size = len(topological_order(loss))
    rows = []
    for collapse in ("layer", "neuron", None):
        seconds = statistics.median(
            cpu_timed(
                lambda collapse=collapse: step_through(
                    loss,
                    directory / "big.html",
                    params=model.parameters(),
                    lr=0.1,
                    collapse=collapse,
                    max_nodes=2 * size,
                )
            )
            for _ in range(ROUNDS)
        )
        rows.append(["MLP(4, [26, 26, 1]) + loss", size, str(collapse), seconds])
    return rows


def step_times(directory: Path) -> tuple[float, float, int] | str:
    """(ms of a step near the start, ms near the end, steps) in Chromium; or why it was not measured."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        return "no chromium on PATH"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return "playwright is not installed"
    from autograd.viz import step_through

    loss, model = _sample(2, [16, 16, 1])
    path = step_through(
        loss, directory / "steps.html", params=model.parameters(), lr=0.1, max_nodes=5000, collapse=None
    )
    measure = (
        "(k) => { const slider = document.getElementById('slider'); const times = [];"
        " for (let i = 0; i < 20; i++) { slider.value = String(k + (i % 2));"
        " const t = performance.now(); slider.dispatchEvent(new Event('input')); times.push(performance.now() - t); }"
        " times.sort((a, b) => a - b); return times[10]; }"
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 800})
            page.goto(path.as_uri())
            total = int(page.inner_text("#counter").split("/")[1])
            start = page.evaluate(measure, 5)
            end = page.evaluate(measure, total - 3)
        finally:
            browser.close()
    return start, end, total


def section(targets: list[Target]) -> str:
    """The benchmark's table and its targets (for ``benchmarks.run``)."""
    with tempfile.TemporaryDirectory() as folder:
        rows = opening_times(Path(folder))
        responsive = step_times(Path(folder))
    layer = rows[0]
    targets.append(
        Target(
            f"a {layer[1]:,}-Value nn graph opens collapsed in the player < 3 s (Python)",
            f"{layer[3]:.2f} s",
            layer[3] < 3,
        )
    )
    lines = [
        "## 5. The step-through player (nn graphs)",
        "",
        "| graph | Values | collapse | step_through, CPU time (median of 3) |",
        "| --- | --- | --- | --- |",
        *[f"| {graph} | {values:,} | {collapse} | {seconds:.2f} s |" for graph, values, collapse, seconds in rows],
        "",
    ]
    if isinstance(responsive, str):
        targets.append(Target("a step at the end of a 1,078-step player as fast as at the start", responsive, None))
        lines.append(f"responsiveness in the browser: skipped ({responsive})")
    else:
        start, end, total = responsive
        targets.append(
            Target(
                f"a step at the end of the {total:,}-step player as fast as at the start (≤ 2×)",
                f"start {start:.1f} ms, end {end:.1f} ms",
                end <= 2 * max(start, 1.0),
            )
        )
        lines.append(
            f"one step in Chromium ({total:,} steps): near the start {start:.1f} ms, near the end {end:.1f} ms"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    found: list[Target] = []
    print(section(found))
    for target in found:
        print(f"{target.verdict}: {target.goal}: {target.measured}")
