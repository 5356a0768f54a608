"""Lesson 10 — forward propagation: one parcel's loss computed node by node, from the inputs to the loss."""

from __future__ import annotations

from pathlib import Path

from autograd import topological_order
from autograd.files import write_atomic
from autograd.viz import draw_dot, step_through

from .courier import CHARGE, KG, START_B, START_W, parcel_graph
from .lesson import Lesson, Picture, main

PLAYER = "l10_forward_player.html"
IDEA_FROM = ("courier",)  # the code shown: how parcel_graph builds the loss


def run(
    out: Path, *, kg: float = KG, charge: float = CHARGE, w: float = START_W, b: float = START_B, quiz: bool = False
) -> Lesson:
    """Lesson 10: the forward pass of loss = (w·kg + b − charge)², as a picture and a forward-only player."""
    out = Path(out)
    graph = parcel_graph(kg, charge, w, b)
    order = topological_order(graph.loss)
    picture = write_atomic(out / "l10_forward.svg", draw_dot(graph.loss, view="forward").pipe(format="svg"))
    title = "Lesson 10: the forward pass of loss = (w·kg + b − charge)²"
    # params: w and b are drawn and named as parameters; view="forward" shows no update, so lr is only a formality.
    step_through(graph.loss, out / PLAYER, params=graph.parameters, lr=0.0, view="forward", quiz=quiz, title=title)
    computed = [node for node in order if node.children]
    predicted = graph.error.data + graph.charge.data
    return Lesson(
        number=10,
        module="l10_forward",
        title="Forward propagation",
        text=(
            "Back to one parcel: it weighs "
            f"{kg:g} kg and the true charge is ₹{charge:g}, but the model has not learned yet: w = {w:g}, "
            f"b = {b:g}. Forward propagation computes the loss from the inputs, one operation at a time, each "
            f"node only after the nodes it reads: w·kg = {w * kg:g}, + b gives the prediction "
            f"₹{predicted:g}, − charge gives the error {graph.error.data:g}, and error × error gives the loss "
            f"{graph.loss.data:,.0f} ₹² — {len(computed)} operations on {len(order) - len(computed)} inputs and "
            "parameters. "
            "The square is written as error × error, so the error is used twice; lesson 11 shows what that means "
            "for its gradient. The player shows only the forward pass: each value appears as it is computed "
            "(the gradients are still unknown, “grad ?”)."
        ),
        pictures=[
            Picture(picture.name, "The forward pass: every node with the value computed for it."),
            Picture(PLAYER, "Forward-only player: click it, then use the ← → keys (or its buttons).", kind="player"),
        ],
        numbers={
            "prediction": predicted,
            "error": graph.error.data,
            "loss": graph.loss.data,
            "operations": float(len(computed)),
        },
    )


if __name__ == "__main__":
    raise SystemExit(main(run))
