"""Lesson 8 — neuron → layer → network: a neuron's graph, and a small MLP drawn neuron by neuron and layer by layer."""

from __future__ import annotations

from pathlib import Path

from autograd import Value, topological_order
from autograd.files import write_atomic
from autograd.viz import draw_dot
from demos.lesson import Lesson, Picture, main
from demos.neuron import hand_neuron
from nn import MLP

SIZES = (4, 4, 1)  # the small network: 2 inputs → 4 → 4 → 1


def run(out: Path) -> Lesson:
    """Lesson 8: graph pictures of a neuron and of MLP(2, [4, 4, 1]) in collapsed views."""
    out = Path(out)
    neuron = hand_neuron()
    neuron_svg = write_atomic(out / "l08_neuron.svg", draw_dot(neuron.o).pipe(format="svg"))

    network = MLP(2, list(SIZES), activation="tanh", seed=0)
    output = network([Value(0.5, label="x1"), Value(-1.0, label="x2")])
    by_neuron = write_atomic(out / "l08_mlp_neurons.svg", draw_dot(output, collapse="neuron").pipe(format="svg"))
    by_layer = write_atomic(out / "l08_mlp_layers.svg", draw_dot(output, collapse="layer").pipe(format="svg"))
    nodes = len(topological_order(output))
    neurons = sum(SIZES)
    return Lesson(
        number=8,
        module="l08_network",
        title="Neuron → layer → network",
        text=(
            "A neuron is the courier's equation with more inputs, w1·x1 + w2·x2 + b, passed through an activation "
            "(here tanh). A layer is several neurons reading the same inputs; a network is layers in a row, each "
            f"reading the previous one's outputs. MLP(2, [4, 4, 1]) has {network.num_parameters()} parameters and "
            f"its graph for one input has {nodes} nodes — too many to read — so it is drawn with each of its "
            f"{neurons} neurons as one box, and then with each layer as one box."
        ),
        pictures=[
            Picture(neuron_svg.name, "One neuron, o = tanh(x1·w1 + x2·w2 + b): every operation is a node."),
            Picture(by_neuron.name, "MLP(2, [4, 4, 1]) with each neuron collapsed into one box."),
            Picture(by_layer.name, "The same network with each layer collapsed into one box."),
        ],
        numbers={"parameters": float(network.num_parameters()), "graph_nodes": float(nodes)},
    )


if __name__ == "__main__":
    raise SystemExit(main(run))
