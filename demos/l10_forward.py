"""Lesson 10 — forward propagation: a neuron's values computed node by node, from the inputs to the output."""

from __future__ import annotations

from pathlib import Path

from autograd import topological_order
from autograd.files import write_atomic
from autograd.viz import draw_dot, step_through
from demos.lesson import Lesson, Picture, main
from demos.neuron import hand_neuron

PLAYER = "l10_forward_player.html"


def run(out: Path) -> Lesson:
    """Lesson 10: the forward pass of o = tanh(x1·w1 + x2·w2 + b), as a picture and a step-through player."""
    out = Path(out)
    neuron = hand_neuron()
    order = topological_order(neuron.o)
    picture = write_atomic(out / "l10_forward.svg", draw_dot(neuron.o, view="forward").pipe(format="svg"))
    step_through(neuron.o, out / PLAYER, title="Lesson 10: the forward pass of o = tanh(x1·w1 + x2·w2 + b)")
    computed = [node for node in order if node.children]
    return Lesson(
        number=10,
        module="l10_forward",
        title="Forward propagation",
        text=(
            "Forward propagation computes the output from the inputs, one operation at a time, each node only "
            "after the nodes it reads: here x1·w1, x2·w2, their sum, + b, and tanh — "
            f"{len(computed)} operations on {len(order) - len(computed)} inputs and parameters, ending at "
            f"o = {neuron.o.data:.4f}. Step through it in the player: each value appears as it is computed."
        ),
        pictures=[
            Picture(picture.name, "The forward pass: every node with the value computed for it."),
            Picture(PLAYER, "Step-through player (← → keys, or the buttons).", kind="player"),
        ],
        numbers={"output": neuron.o.data, "operations": float(len(computed))},
    )


if __name__ == "__main__":
    raise SystemExit(main(run))
