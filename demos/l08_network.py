"""Lesson 8 — neuron → layer → network: a neuron's graph, and a small MLP drawn neuron by neuron and layer by layer."""

from __future__ import annotations

from pathlib import Path

from autograd import Value, topological_order
from autograd.files import write_atomic
from autograd.viz import draw_dot
from nn import MLP

from .courier import courier_neuron
from .lesson import Lesson, Picture, main

SIZES = (4, 4, 1)  # the small network: 2 inputs → 4 → 4 → 1


def run(
    out: Path, *, kg: float = 2.0, km: float = 3.0, per_kg: float = 100.0, per_km: float = 5.0, base: float = 50.0
) -> Lesson:
    """Lesson 8: graph pictures of the courier as a neuron and of MLP(2, [4, 4, 1]) in collapsed views."""
    out = Path(out)
    neuron = courier_neuron(kg, km, per_kg, per_km, base)
    neuron_svg = write_atomic(out / "l08_neuron.svg", draw_dot(neuron.output).pipe(format="svg"))

    # lesson: begin
    network = MLP(2, list(SIZES), activation="tanh", seed=0)  # 2 inputs → 4 neurons → 4 neurons → 1 output
    output = network([Value(kg, label="kg"), Value(km, label="km")])
    # lesson: end
    by_neuron = write_atomic(out / "l08_mlp_neurons.svg", draw_dot(output, collapse="neuron").pipe(format="svg"))
    by_layer = write_atomic(out / "l08_mlp_layers.svg", draw_dot(output, collapse="layer").pipe(format="svg"))
    nodes = len(topological_order(output))
    neurons = sum(SIZES)
    return Lesson(
        number=8,
        module="l08_network",
        title="Neuron → layer → network",
        text=(
            "A neuron is the courier's equation with more inputs. Say the courier also charges "
            f"₹{per_km:g} per km: charge = w1·kg + w2·km + b, with w1 = {per_kg:g}, w2 = {per_km:g} and b = {base:g}. "
            "A neuron computes exactly this weighted sum and passes it through an activation, here relu "
            "(max(0, n): a charge is never negative; lesson 9 shows why networks need one). For a parcel of "
            f"{kg:g} kg going {km:g} km it says ₹{neuron.output.data:g}. A layer is several neurons reading the same "
            "inputs, each with its own weights; a network is layers in a row, each reading the previous one's "
            "outputs. MLP(2, [4, 4, 1]) (tanh activations, random starting weights) has "
            f"{network.num_parameters()} parameters and "
            f"its graph for one input has {nodes} nodes — too many to read — so it is drawn with each of its "
            f"{neurons} neurons as one box, and then with each layer as one box."
        ),
        pictures=[
            Picture(neuron_svg.name, "The courier as one neuron, relu(w1·kg + w2·km + b): every operation is a node."),
            Picture(by_neuron.name, "MLP(2, [4, 4, 1]) with each neuron collapsed into one box."),
            Picture(by_layer.name, "The same network with each layer collapsed into one box."),
        ],
        numbers={
            "neuron_output": neuron.output.data,
            "parameters": float(network.num_parameters()),
            "graph_nodes": float(nodes),
        },
    )


if __name__ == "__main__":
    raise SystemExit(main(run))
