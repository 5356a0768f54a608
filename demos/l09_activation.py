"""Lesson 9 — activation: without one, stacked layers are still one straight line; with tanh or relu they bend."""

from __future__ import annotations

from pathlib import Path

from nn import MLP, Adam, accuracy, fit, make_xor, predict

from . import plots
from .lesson import Lesson, Picture, main

ACTIVATIONS = ("linear", "tanh", "relu")


def run(
    out: Path,
    *,
    n_samples: int = 80,
    epochs: int = 40,
    hidden: int = 8,
    learning_rate: float = 0.05,
    resolution: int = 40,
) -> Lesson:
    """Lesson 9: MLP(2, [8, 8, 1]) on XOR with linear, tanh and relu activations; decision boundaries side by side."""
    X, labels = make_xor(n_samples=n_samples, seed=0, labels=(-1, 1))
    models = {}
    for activation in ACTIVATIONS:
        # lesson: begin
        model = MLP(2, [hidden, hidden, 1], activation=activation, seed=0)  # "linear": no activation at all
        optimizer = Adam(model.parameters(), lr=learning_rate)
        fit(model, X, labels, loss="mse", optimizer=optimizer, epochs=epochs, batch_size=20, progress=False)
        # lesson: end
        models[activation] = model
    accuracies = {name: accuracy(predict(model, X), labels) for name, model in models.items()}

    figure, axes = plots.new_figure(len(ACTIVATIONS), width=4.0, height=4.0)
    for ax, (name, model) in zip(axes, models.items()):
        plots.decision_boundary(ax, model, X, labels, resolution=resolution)
        ax.set_title(f"{name}: {accuracies[name]:.0%} right")
    picture = plots.save(figure, Path(out) / "l09_activation.png")

    return Lesson(
        number=9,
        module="l09_activation",
        title="Activation",
        text=(
            "An activation is a bend applied to each neuron's weighted sum: tanh squashes it into −1…1, relu "
            "(lesson 8) keeps positive values and turns negative ones into 0. Why a network needs one: XOR. A point "
            "is orange (label +1) when exactly one of its coordinates is positive, blue (−1) otherwise — no straight "
            "line separates the colours. The network outputs one number and its sign is the colour; it is trained "
            "with the MSE toward −1 and +1, and with Adam (lesson 5). "
            f"MLP(2, [{hidden}, {hidden}, 1]) with only linear activations is a linear function however "
            "many layers it stacks, so its boundary is a straight line and it stays near chance "
            f"({accuracies['linear']:.0%}). "
            f"Put tanh or relu between the layers and the boundary can bend: {accuracies['tanh']:.0%} and "
            f"{accuracies['relu']:.0%} right, trained the same way."
        ),
        pictures=[Picture(picture.name, "Decision boundaries on XOR: linear, tanh and relu activations.")],
        numbers={f"accuracy_{name}": value for name, value in accuracies.items()},
    )


if __name__ == "__main__":
    raise SystemExit(main(run))
