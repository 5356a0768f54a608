"""Lesson 11 — backward propagation: the chain rule from the loss back to w and b, the update, the smaller loss."""

from __future__ import annotations

from pathlib import Path

from autograd import backward_steps
from autograd.files import write_atomic
from autograd.viz import draw_dot, step_through

from .courier import CHARGE, KG, START_B, START_W, parcel_graph
from .lesson import Lesson, Picture, main

PLAYER = "l11_backward_player.html"


def run(
    out: Path,
    *,
    kg: float = KG,
    charge: float = CHARGE,
    w: float = START_W,
    b: float = START_B,
    learning_rate: float = 0.05,
    quiz: bool = False,
) -> Lesson:
    """Lesson 11: the backward pass of the parcel's loss, the update of w and b, and the loss after it."""
    out = Path(out)
    graph = parcel_graph(kg, charge, w, b)
    into_error = [step for step in backward_steps(graph.loss) if step.child is graph.error]
    picture = write_atomic(out / "l11_backward.svg", draw_dot(graph.loss, view="backward").pipe(format="svg"))
    step_through(
        graph.loss,
        out / PLAYER,
        params=graph.parameters,
        lr=learning_rate,
        quiz=quiz,
        title="Lesson 11: the backward pass of loss = (w·kg + b − charge)², then the update",
    )
    loss, w, b = graph.loss, graph.w, graph.b
    loss_before = loss.data
    # lesson: begin
    loss.backward()  # fills in w.grad = dloss/dw and b.grad = dloss/db
    for p in (w, b):
        p.data -= learning_rate * p.grad  # a step against the slope
    after = parcel_graph(kg, charge, w.data, b.data).loss  # forward again with the new w and b
    # lesson: end
    first, second = (step.contribution for step in into_error)
    return Lesson(
        number=11,
        module="l11_backward",
        title="Backward propagation",
        text=(
            "Backward propagation walks the graph from the loss back to the inputs and applies the chain rule on "
            "every edge: a node's gradient is the gradient arriving from above times the local derivative of the "
            "edge. It starts at the loss (dloss/dloss = 1). The error feeds the multiplication error × error twice, "
            f"so two contributions arrive at it, one per use: {first:g} (the other operand, error) and {second:g} "
            f"(again) — and they add up: grad(error) = {first:g} + {second:g} = {graph.error.grad:g}, the 2·error "
            "of the familiar d(e²)/de. That is why gradients are summed with += (lesson 15 shows what = gets "
            f"wrong). From there: dloss/dw = grad(error) × kg = {w.grad:g} and dloss/db = grad(error) × 1 = "
            f"{b.grad:g}. Both are negative — raising w and b lowers the loss — so the update w ← w − lr·grad with "
            f"lr = {learning_rate:g} raises them: w = {w.data:g}, b = {b.data:g}. Forward again, the loss is "
            f"{after.data:,.0f} ₹² instead of {loss_before:,.0f} ₹²."
        ),
        pictures=[
            Picture(picture.name, "The backward pass: every gradient, and the local derivative on every edge."),
            Picture(
                PLAYER, "Player: forward, backward from the loss, then the update (click it, then ← →).", kind="player"
            ),
        ],
        numbers={
            "loss_before": loss_before,
            "contribution_1": first,
            "contribution_2": second,
            "grad_error": graph.error.grad,
            "grad_w": w.grad,
            "grad_b": b.grad,
            "updated_w": w.data,
            "updated_b": b.data,
            "loss_after": after.data,
        },
    )


if __name__ == "__main__":
    raise SystemExit(main(run))
