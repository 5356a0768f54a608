"""Lesson 12 — the complete training cycle: forward, loss, backward, update, over and over, on the moons."""

from __future__ import annotations

import math
from pathlib import Path

from demos import plots
from demos.lesson import Lesson, Picture, main
from nn import MLP, SGD, History, Module, fit, linear_decay, make_moons, train_test_split

SIZES = [16, 16, 1]


def run(
    out: Path,
    *,
    n_samples: int = 100,
    epochs: int = 20,
    batch_size: int = 25,
    snapshots: tuple[int, ...] = (1, 3, 8),
    resolution: int = 36,
) -> Lesson:
    """Lesson 12: train MLP(2, [16, 16, 1]) on moons; loss, accuracy and the decision boundary as it forms."""
    X, labels = make_moons(n_samples=n_samples, noise=0.1, seed=0, labels=(-1, 1))
    X_train, X_test, y_train, y_test = train_test_split(X, labels, test_size=0.2, seed=0)
    model = MLP(2, SIZES, seed=0)
    states: dict[int, dict[str, float]] = {}

    def keep_snapshot(epoch: int, trained: Module, history: History) -> None:  # fit calls it after every epoch
        if epoch in snapshots:
            states[epoch] = trained.state_dict()

    steps = epochs * math.ceil(len(X_train) / batch_size)  # updates in the whole run, for the decaying rate
    optimizer = SGD(model.parameters(), lr=linear_decay(0.5, 0.05, steps))
    history = fit(
        model,
        X_train,
        y_train,
        loss="hinge",
        optimizer=optimizer,
        epochs=epochs,
        batch_size=batch_size,
        l2=1e-4,
        validation_data=(X_test, y_test),
        callbacks=[keep_snapshot],
        seed=0,
        progress=False,
    )
    states[history.epochs] = model.state_dict()

    figure, (loss_ax, accuracy_ax) = plots.new_figure(2, width=4.6, height=3.4)
    epoch_numbers = range(1, history.epochs + 1)
    loss_ax.plot(epoch_numbers, history.train_loss, color=plots.DATA, label="training")
    loss_ax.plot(epoch_numbers, history.val_loss, color=plots.BAD, label="test")
    loss_ax.set(xlabel="epoch", ylabel="hinge loss", title="loss")
    loss_ax.legend()
    accuracy_ax.plot(epoch_numbers, history.metrics["accuracy"], color=plots.DATA, label="training")
    accuracy_ax.plot(epoch_numbers, history.metrics["val_accuracy"], color=plots.BAD, label="test")
    accuracy_ax.set(xlabel="epoch", ylabel="fraction right", title="accuracy", ylim=(0.4, 1.02))
    accuracy_ax.legend(loc="lower right")
    curves = plots.save(figure, Path(out) / "l12_curves.png")

    figure, boundary_axes = plots.new_figure(len(states), width=3.4, height=3.4)
    for ax, (epoch, state) in zip(boundary_axes, sorted(states.items())):
        snapshot = MLP(2, SIZES)
        snapshot.load_state_dict(state)
        plots.decision_boundary(ax, snapshot, X_train, y_train, resolution=resolution)
        ax.set_title(f"after epoch {epoch}")
    boundaries = plots.save(figure, Path(out) / "l12_boundaries.png")

    final_accuracy, test_accuracy = history.metrics["accuracy"][-1], history.metrics["val_accuracy"][-1]
    return Lesson(
        number=12,
        module="l12_training",
        title="The complete training cycle",
        text=(
            f"Everything together: MLP(2, [16, 16, 1]) ({model.num_parameters()} parameters) learns to separate two "
            f"interleaving moons. Each step: forward the batch, compute the hinge loss (+ a little L2), backward, "
            f"update with SGD, with a learning rate decaying from 0.5 to 0.05 — {len(history.step_loss)} steps in "
            f"{history.epochs} epochs of batch size {batch_size}. Training accuracy reaches {final_accuracy:.0%}, and "
            f"{test_accuracy:.0%} on {len(X_test)} held-out points; the boundary bends into shape epoch by epoch."
        ),
        pictures=[
            Picture(curves.name, "Loss and accuracy per epoch, on the training points and on held-out test points."),
            Picture(boundaries.name, "The decision boundary after a few epochs, and at the end."),
        ],
        numbers={
            "train_accuracy": final_accuracy,
            "test_accuracy": test_accuracy,
            "final_loss": history.train_loss[-1],
        },
    )


if __name__ == "__main__":
    raise SystemExit(main(run))
