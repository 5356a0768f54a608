"""Lesson 11 — backward propagation: the chain rule from the output back to every weight, then the update."""

from __future__ import annotations

from pathlib import Path

from autograd import backward_steps
from autograd.files import write_atomic
from autograd.viz import draw_dot, step_through
from demos.lesson import Lesson, Picture, main
from demos.neuron import hand_neuron

PLAYER = "l11_backward_player.html"
LEARNING_RATE = 0.1


def run(out: Path) -> Lesson:
    """Lesson 11: the backward pass of the neuron and one update step, as a picture and a step-through player."""
    out = Path(out)
    neuron = hand_neuron()
    steps = backward_steps(neuron.o)
    neuron.o.backward()
    picture = write_atomic(out / "l11_backward.svg", draw_dot(neuron.o, view="backward").pipe(format="svg"))
    step_through(
        neuron.o,
        out / PLAYER,
        params=neuron.parameters,
        lr=LEARNING_RATE,
        title="Lesson 11: the backward pass of o = tanh(x1·w1 + x2·w2 + b), then the update",
    )
    w1 = neuron.w1
    updated = {p.label: p.data - LEARNING_RATE * p.grad for p in neuron.parameters}
    return Lesson(
        number=11,
        module="l11_backward",
        title="Backward propagation",
        text=(
            "Backward propagation walks the graph from the output back to the inputs and applies the chain rule "
            "on every edge: a node's gradient is the gradient arriving from above times the node's local "
            f"derivative, added up where a node feeds several others ({len(steps)} such steps here). "
            f"For example do/dw1 = {w1.grad:.4f}, so the update w ← w − lr·grad with lr = {LEARNING_RATE:g} moves "
            f"w1 from {w1.data:g} to {updated['w1']:.4f}. The player shows every multiplication, then the update."
        ),
        pictures=[
            Picture(picture.name, "The backward pass: every gradient, and the local derivative on every edge."),
            Picture(PLAYER, "Step-through player: forward, backward, then the update.", kind="player"),
        ],
        numbers={
            "steps": float(len(steps)),
            **{f"grad_{v.label}": v.grad for v in (neuron.x1, neuron.x2, neuron.w1, neuron.w2, neuron.b)},
            **{f"updated_{name}": value for name, value in updated.items()},
        },
    )


if __name__ == "__main__":
    raise SystemExit(main(run))
