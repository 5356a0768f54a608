"""Lesson 13 — inference: save the trained model, load it, and predict new points with no graph recorded."""

from __future__ import annotations

from pathlib import Path

from autograd import no_grad, topological_order
from demos import plots
from demos.lesson import Lesson, Picture, main
from nn import MLP, Adam, accuracy, fit, load, make_moons, predict, save

NEW_POINTS = [[-0.8, 0.6], [0.0, 1.0], [0.5, 0.25], [1.0, -0.5], [2.0, 0.3], [1.6, -0.2]]


def run(out: Path, *, n_samples: int = 80, epochs: int = 30, hidden: int = 8, resolution: int = 40) -> Lesson:
    """Lesson 13: train, save to JSON, load into a fresh model, predict new points; count the graph nodes."""
    out = Path(out)
    X, labels = make_moons(n_samples=n_samples, seed=0)
    trained = MLP(2, [hidden, hidden, 1], activation="tanh", seed=0)
    fit(
        trained,
        X,
        labels,
        loss="binary_cross_entropy",
        optimizer=Adam(trained.parameters(), lr=0.05),
        epochs=epochs,
        batch_size=20,
        seed=0,
        progress=False,
    )
    model_file = out / "l13_model.json"
    save(trained, model_file)
    loaded = load(model_file)

    scores = predict(loaded, NEW_POINTS)
    same = scores == predict(trained, NEW_POINTS)
    training_nodes = len(topological_order(loaded(NEW_POINTS[0])))  # a forward pass that records its graph
    with no_grad():
        inference_nodes = len(topological_order(loaded(NEW_POINTS[0])))  # the same pass, recording nothing

    figure, (ax,) = plots.new_figure(1, width=5.5, height=4.4)
    plots.decision_boundary(ax, loaded, X, labels, resolution=resolution)
    for point, score in zip(NEW_POINTS, scores):
        ax.scatter(
            [point[0]],
            [point[1]],
            marker="*",
            s=260,
            color=plots.CLASS_COLOURS[score > 0],
            edgecolors="black",
            zorder=4,
        )
        ax.annotate(f"{score:+.1f}", point, textcoords="offset points", xytext=(8, 6), fontsize="small")
    ax.set_title("the loaded model on new points (stars)")
    picture = plots.save(figure, out / "l13_inference.png")

    return Lesson(
        number=13,
        module="l13_inference",
        title="Inference",
        text=(
            f"Training is over: nn.save wrote the {loaded.num_parameters()} parameters to {model_file.name} (JSON), "
            "and nn.load rebuilt the model from it — its predictions match the original exactly"
            f"{'' if same else ' (they did NOT match)'}. Inference only runs forward: nn.predict works under "
            "no_grad, so no graph is recorded and plain numbers come out. One forward pass with graph recording "
            f"builds {training_nodes} nodes (all kept for a backward pass); the same pass under no_grad leaves "
            f"{inference_nodes} — the output alone. The stars are new points, coloured by the prediction."
        ),
        pictures=[Picture(picture.name, "New points (stars) classified by the loaded model; numbers are its scores.")],
        numbers={
            "training_accuracy": accuracy(predict(loaded, X), labels),
            "predictions_match": float(same),
            "graph_nodes_recorded": float(training_nodes),
            "graph_nodes_no_grad": float(inference_nodes),
        },
    )


if __name__ == "__main__":
    raise SystemExit(main(run))
