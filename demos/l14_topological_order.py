"""Lesson 14 — a classic mistake: a backward pass that does not wait (why a topological order).

a = 1; b = a + a; c = b + b. A recursive backward that visits each child as soon as its parent
is done visits c, b, a, a, b, a, a and gets dc/da = 8; the topological order visits c, b, a
once each and gets 4.
"""

from __future__ import annotations

from pathlib import Path

from matplotlib.axes import Axes

from autograd.files import write_atomic
from autograd.viz import draw_dot, step_through

from . import plots
from .lesson import Lesson, Picture, main
from .mistakes import classic_graph, naive_backward, ordered_backward

IDEA_FROM = ("mistakes",)  # the code shown: the two teaching backward passes
PLAYER = "l14_backward_player.html"


def visit_table(ax: Axes, title: str, visits: list, colour: str) -> None:
    """One column of the picture: each visit, the gradient the node passes on, in order."""
    rows = [[str(k), node.label, f"{grad:g}"] for k, (node, grad) in enumerate(visits, start=1)]
    ax.axis("off")
    ax.set_title(title, color=colour)
    table = ax.table(
        cellText=rows, colLabels=["visit", "node", "grad when visited"], loc="upper center", cellLoc="center"
    )
    table.scale(1.0, 1.5)


def run(out: Path, *, a: float = 1.0) -> Lesson:
    """Lesson 14: the naive recursive backward and the topological one on a = 1; b = a + a; c = b + b."""
    out = Path(out)
    graph = classic_graph(a)
    naive = naive_backward(graph.c)
    naive_grad = graph.a.grad
    ordered = ordered_backward(graph.c)
    ordered_grad = graph.a.grad
    graph.a.grad = 0.0
    graph.c.backward()  # the engine's own pass, for comparison
    engine_grad = graph.a.grad
    picture_graph = write_atomic(out / "l14_graph.svg", draw_dot(graph.c, view="backward").pipe(format="svg"))
    title = "Lesson 14: c = b + b, b = a + a: forward, then the engine's backward pass in topological order"
    step_through(graph.c, out / PLAYER, title=title)

    figure, (naive_ax, ordered_ax) = plots.new_figure(2, width=4.2, height=2.9)
    naive_order = ", ".join(node.label for node, _ in naive)
    ordered_order = ", ".join(node.label for node, _ in ordered)
    visit_table(naive_ax, f"naive recursion: dc/da = {naive_grad:g}", naive, plots.BAD)
    visit_table(ordered_ax, f"topological order: dc/da = {ordered_grad:g}", ordered, plots.GOOD)
    picture = plots.save(figure, out / "l14_topological_order.png")

    return Lesson(
        number=14,
        module="l14_topological_order",
        title="Mistake 1: not waiting for every use (why a topological order)",
        text=(
            f"The classic test: a = {a:g}; b = a + a; c = b + b, so c = 4a and dc/da = 4. A first backward pass "
            "often visits the graph recursively: each node pushes its gradient to its children and then visits "
            f"each child at once. That visits {naive_order} — b twice — and b pushes its gradient down to a each "
            f"time: dc/da comes out {naive_grad:g}, wrong. The cure is to visit a node only when every node that "
            "uses it is done, so its gradient is complete before it is passed on: the reverse of a topological "
            f"order (each value listed after the values it is made of). That visits {ordered_order}, once each, "
            f"and gives dc/da = {ordered_grad:g}. stepgrad's own backward does this too: {engine_grad:g}."
        ),
        pictures=[
            Picture(picture.name, "The visits of each pass, in order, with the gradient each node passes on."),
            Picture(picture_graph.name, "The graph with the engine's gradients: a is used twice, b is used twice."),
            Picture(
                PLAYER,
                "Forward, then the engine's backward pass edge by edge: b's two contributions are added "
                "before it passes anything to a (click it, then ← →).",
                kind="player",
            ),
        ],
        numbers={
            "naive_grad": naive_grad,
            "naive_visits": float(len(naive)),
            "ordered_grad": ordered_grad,
            "ordered_visits": float(len(ordered)),
            "engine_grad": engine_grad,
        },
    )


if __name__ == "__main__":
    raise SystemExit(main(run))
