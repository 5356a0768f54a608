"""Lesson 16 — a classic mistake: a second backward pass without zeroing the gradients first.

Gradients add up across ``backward()`` calls (so that a batch's losses can be backpropagated
one by one). Forget ``zero_grad`` and the next step uses the sum: with stepgrad exactly 2×, 3×…
the true gradient; with micrograd, whose backward also leaves the inner nodes' old gradients
in place, it goes further wrong: 4, 12, 24 on a = 1; b = a + a; c = b + b.
"""

from __future__ import annotations

from pathlib import Path

from autograd import _args

from . import plots
from .lesson import Lesson, Picture, main
from .mistakes import classic_graph

try:
    from micrograd.engine import Value as MicrogradValue
except ModuleNotFoundError:  # micrograd is optional: the lesson then shows stepgrad alone
    MicrogradValue = None


def micrograd_calls(calls: int) -> list[float] | None:
    """dc/da after each of ``calls`` backward() calls without zeroing, in micrograd (None if not installed)."""
    if MicrogradValue is None:
        return None
    a = MicrogradValue(1.0)
    b = a + a
    c = b + b
    seen = []
    for _ in range(calls):
        c.backward()
        seen.append(float(a.grad))
    return seen


def run(out: Path, *, calls: int = 3) -> Lesson:
    """Lesson 16: dc/da after repeated backward() calls: without zero_grad, with it, and in micrograd."""
    calls = _args.integer("l16_zero_grad.run", "calls", calls, minimum=2)
    graph = classic_graph()
    a, c = graph.a, graph.c
    # lesson: begin
    forgot = []
    for _ in range(calls):
        c.backward()  # adds dc/da to a.grad
        forgot.append(a.grad)
    zeroed = []
    for _ in range(calls):
        c.zero_grad()  # a.grad = 0 (and every other gradient in c's graph)
        c.backward()
        zeroed.append(a.grad)
    # lesson: end
    micrograd = micrograd_calls(calls)

    figure, (ax,) = plots.new_figure(1, width=6.4, height=3.6)
    series = [("stepgrad, no zero_grad", forgot, plots.SLOW), ("stepgrad, zero_grad first", zeroed, plots.GOOD)]
    if micrograd is not None:
        series.append(("micrograd, no zero_grad", micrograd, plots.BAD))
    width = 0.8 / len(series)
    for k, (name, values, colour) in enumerate(series):
        positions = [call + (k - (len(series) - 1) / 2) * width for call in range(1, calls + 1)]
        ax.bar(positions, values, width, color=colour, label=name)
        for x, value in zip(positions, values):
            ax.annotate(f"{value:g}", (x, value), ha="center", va="bottom", fontsize="small")
    ax.axhline(4, color="grey", ls=":", label="the true dc/da = 4")
    ax.set_xticks(range(1, calls + 1), [f"after call {n}" for n in range(1, calls + 1)])
    ax.set(ylabel="a.grad", title="c.backward() called again and again on c = b + b, b = a + a")
    ax.legend(fontsize="small")
    picture = plots.save(figure, Path(out) / "l16_zero_grad.png")

    if micrograd is None:
        compared = "(Install micrograd to see it compound there: pip install micrograd.)"
    else:
        compared = (
            f"micrograd goes further wrong: {', '.join(f'{g:g}' for g in micrograd)} — its backward sets only "
            "the output's gradient back to 1 and leaves the inner nodes' old gradients in place, so b passes its "
            "old gradient down to a again along with the new one. (stepgrad's backward computes each pass afresh "
            "and adds only the new result.)"
        )
    return Lesson(
        number=16,
        module="l16_zero_grad",
        title="Mistake 3: forgetting zero_grad",
        text=(
            "backward() adds to .grad, it does not overwrite it — on purpose, so that the losses of a batch can be "
            "backpropagated one after another and summed. The price: before each training step the old gradients "
            "must be set back to zero (optimizer.zero_grad(), or model.zero_grad(); nn.fit does it). Forget it, and "
            f"on a = 1; b = a + a; c = b + b the gradient after {calls} calls is "
            f"{', '.join(f'{g:g}' for g in forgot)}: with stepgrad exactly 1×, 2×, 3×… the true dc/da = 4, so "
            "every step is too large and soon too large to learn. With zero_grad before each call: "
            f"{', '.join(f'{g:g}' for g in zeroed)}. {compared}"
        ),
        pictures=[Picture(picture.name, "a.grad after each backward() call, with and without zero_grad.")],
        numbers={
            **{f"forgot_{n}": g for n, g in enumerate(forgot, start=1)},
            **{f"zeroed_{n}": g for n, g in enumerate(zeroed, start=1)},
            **({f"micrograd_{n}": g for n, g in enumerate(micrograd, start=1)} if micrograd else {}),
        },
    )


if __name__ == "__main__":
    raise SystemExit(main(run))
