"""Lesson 13 — inference: save the trained model, load it, and predict new points with no graph recorded."""

from __future__ import annotations

from pathlib import Path

from autograd import no_grad, topological_order
from nn import accuracy, load, make_moons, predict

from . import l12_training, plots
from .lesson import Lesson, Picture, main

NEW_POINTS = [[-0.8, 0.6], [0.0, 1.0], [0.5, 0.25], [1.0, -0.5], [2.0, 0.3], [1.6, -0.2]]
AFTER = "l12_training"  # the tour runs this lesson once lesson 12 has saved its model


def run(out: Path, *, n_new: int = 100, resolution: int = 40) -> Lesson:
    """Lesson 13: load the model lesson 12 trained, predict new points under no_grad; count the graph nodes."""
    out = Path(out)
    model_file = out / l12_training.MODEL_FILE
    if not model_file.is_file():  # run on its own: lesson 12 trains and saves the model first
        l12_training.run(out)
    X_new, labels_new = make_moons(n_samples=n_new, noise=0.1, seed=1, labels=(-1, 1))  # points it never saw
    # lesson: begin
    model = load(model_file)  # the trained network, rebuilt from its file
    with no_grad():  # inference: forward only, no graph recorded
        scores = [model(point).data for point in NEW_POINTS]
    guesses = [+1 if score > 0 else -1 for score in scores]  # the sign is the guess
    # lesson: end
    new_accuracy = accuracy(predict(model, X_new), labels_new)
    same = scores == predict(model, NEW_POINTS)
    training_nodes = len(topological_order(model(NEW_POINTS[0])))  # a forward pass that records its graph
    with no_grad():
        inference_nodes = len(topological_order(model(NEW_POINTS[0])))  # the same pass, recording nothing

    figure, (ax,) = plots.new_figure(1, width=5.5, height=4.4)
    plots.decision_boundary(ax, model, X_new, labels_new, resolution=resolution)
    for point, guess, score in zip(NEW_POINTS, guesses, scores):
        ax.scatter(
            [point[0]],
            [point[1]],
            marker="*",
            s=260,
            color=plots.CLASS_COLOURS[guess > 0],
            edgecolors="black",
            zorder=4,
        )
        ax.annotate(f"{score:+.1f}", point, textcoords="offset points", xytext=(8, 6), fontsize="small")
    ax.set_title("lesson 12's model on new points")
    picture = plots.save(figure, out / "l13_inference.png")

    return Lesson(
        number=13,
        module="l13_inference",
        title="Inference",
        text=(
            f"Training is over: lesson 12 saved its network to {model_file.name} (JSON, {model.num_parameters()} "
            "parameters), and nn.load rebuilds it here — no training in this lesson. Inference only runs forward: "
            "under no_grad no graph is recorded and plain numbers come out (nn.predict does the same for a list "
            f"of points{'' if same else '; here it did NOT agree'}). One forward pass with graph recording builds "
            f"{training_nodes} nodes (all kept for a backward pass); the same pass under no_grad leaves "
            f"{inference_nodes} — the output alone. On {n_new} new moon points it never saw, the network is "
            f"right {new_accuracy:.0%} of the time. The stars are six more new points, coloured by its guess."
        ),
        pictures=[Picture(picture.name, "New points (stars) classified by the loaded model; numbers are its scores.")],
        numbers={
            "new_accuracy": new_accuracy,
            "predictions_match": float(same),
            "graph_nodes_recorded": float(training_nodes),
            "graph_nodes_no_grad": float(inference_nodes),
        },
    )


if __name__ == "__main__":
    raise SystemExit(main(run))
