"""Lesson 12 — the complete training cycle: forward, loss, backward, update, over and over, on the moons.

The cycle is written out by hand for one epoch (``one_epoch``) and checked against ``nn.fit``,
which runs exactly that loop; the model it trains is saved for lesson 13.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from nn import MLP, SGD, History, Module, Recorder, batches, fit, make_moons, mse, save, train_test_split

from . import plots
from .lesson import Lesson, Picture, main, timeline_page

MODEL_FILE = "l12_model.json"  # lesson 13 loads the trained model from here


def one_epoch(model: Module, X: Sequence, y: Sequence, *, learning_rate: float, batch_size: int, seed: int) -> None:
    """One epoch of the training cycle, written out: what ``nn.fit`` does for every batch."""
    optimizer = SGD(model.parameters(), lr=learning_rate)
    # lesson: begin
    for X_batch, y_batch in batches(X, y, batch_size, seed=seed):
        predictions = [model(x) for x in X_batch]  # 1. forward
        loss = mse(predictions, y_batch)  # 2. the loss
        optimizer.zero_grad()  # (forget the last batch's gradients)
        loss.backward()  # 3. backward: every parameter's gradient
        optimizer.step()  # 4. update: p ← p − lr·p.grad
    # lesson: end


def run(
    out: Path,
    *,
    n_samples: int = 100,
    epochs: int = 20,
    batch_size: int = 10,
    learning_rate: float = 0.05,
    hidden: int = 16,
    snapshots: tuple[int, ...] = (1, 3, 8),
    resolution: int = 36,
    timeline_updates: int = 40,
) -> Lesson:
    """Lesson 12: train MLP(2, [16, 16, 1]) on moons; loss, accuracy and the decision boundary as it forms."""
    out = Path(out)
    X, labels = make_moons(n_samples=n_samples, noise=0.1, seed=0, labels=(-1, 1))
    X_train, X_test, y_train, y_test = train_test_split(X, labels, test_size=0.2, seed=0)
    sizes = [hidden, hidden, 1]

    by_hand, by_fit = MLP(2, sizes, seed=0), MLP(2, sizes, seed=0)
    one_epoch(by_hand, X_train, y_train, learning_rate=learning_rate, batch_size=batch_size, seed=0)
    fit(by_fit, X_train, y_train, loss="mse", lr=learning_rate, epochs=1, batch_size=batch_size, progress=False)
    same_as_fit = by_hand.state_dict() == by_fit.state_dict()

    model = MLP(2, sizes, seed=0)
    recorder = Recorder(max_snapshots=timeline_updates)  # what training did, update by update: for the timeline
    states: dict[int, dict[str, float]] = {}

    def keep_snapshot(epoch: int, trained: Module, history: History) -> None:  # fit calls it after every epoch
        if epoch in snapshots:
            states[epoch] = trained.state_dict()

    history = fit(
        model,
        X_train,
        y_train,
        loss="mse",
        lr=learning_rate,
        epochs=epochs,
        batch_size=batch_size,
        validation_data=(X_test, y_test),
        metrics=["accuracy"],
        callbacks=[keep_snapshot, recorder],
        progress=False,
    )
    states[history.epochs] = model.state_dict()
    save(model, out / MODEL_FILE)

    figure, (loss_ax, accuracy_ax) = plots.new_figure(2, width=4.6, height=3.4)
    epoch_numbers = range(1, history.epochs + 1)
    loss_ax.plot(epoch_numbers, history.train_loss, color=plots.DATA, label="training")
    loss_ax.plot(epoch_numbers, history.val_loss, color=plots.BAD, label="test")
    loss_ax.set(xlabel="epoch", ylabel="MSE (log scale)", yscale="log", title="loss")
    loss_ax.legend()
    accuracy_ax.plot(epoch_numbers, history.metrics["accuracy"], color=plots.DATA, label="training")
    accuracy_ax.plot(epoch_numbers, history.metrics["val_accuracy"], color=plots.BAD, label="test")
    accuracy_ax.set(xlabel="epoch", ylabel="fraction right", title="accuracy", ylim=(0.4, 1.02))
    accuracy_ax.legend(loc="lower right")
    curves = plots.save(figure, out / "l12_curves.png")

    figure, boundary_axes = plots.new_figure(len(states), width=3.4, height=3.4)
    for ax, (epoch, state) in zip(boundary_axes, sorted(states.items())):
        snapshot = MLP(2, sizes)
        snapshot.load_state_dict(state)
        plots.decision_boundary(ax, snapshot, X_train, y_train, resolution=resolution)
        ax.set_title(f"after epoch {epoch}")
    boundaries = plots.save(figure, out / "l12_boundaries.png")

    final_accuracy, test_accuracy = history.metrics["accuracy"][-1], history.metrics["val_accuracy"][-1]
    return Lesson(
        number=12,
        module="l12_training",
        title="The complete training cycle",
        text=(
            f"Everything together: MLP(2, [{hidden}, {hidden}, 1]) ({model.num_parameters()} parameters, tanh) learns "
            "to separate two interleaving moons. The labels are −1 (upper moon) and +1 (lower moon); the network "
            "outputs one number, and its sign is the guess. The loss is lesson 2's MSE: the output should be −1 "
            "or +1. Each step of the cycle: forward the batch, compute the loss, backward, update — the four "
            f"lines below. nn.fit runs exactly this loop (checked: after one epoch both give "
            f"{'the same' if same_as_fit else 'DIFFERENT'} parameters), plus the bookkeeping: {len(history.step_loss)} "
            f"steps in {history.epochs} epochs of batch size {batch_size}, lr = {learning_rate:g}. It also holds "
            f"{len(X_test)} points back (a test set) to see how the network does on points it never trained on. "
            f"Training accuracy reaches {final_accuracy:.0%}, and {test_accuracy:.0%} on the test points; the "
            f"boundary bends into shape epoch by epoch. The trained model is saved to {MODEL_FILE} for lesson 13."
        ),
        pictures=[
            Picture(curves.name, "Loss and accuracy per epoch, on the training points and on held-out test points."),
            Picture(boundaries.name, "The decision boundary after a few epochs, and at the end."),
            timeline_page(
                recorder,
                X_train,
                y_train,
                out / "l12_timeline.html",
                loss="mse",
                grid=resolution // 2,
                title=f"Lesson 12: MLP(2, [{hidden}, {hidden}, 1]) learning the moons",
                caption="Timeline of the whole run: the loss, the boundary, the network's weights, one step up close.",
            ),
        ],
        numbers={
            "same_as_fit": float(same_as_fit),
            "train_accuracy": final_accuracy,
            "test_accuracy": test_accuracy,
            "final_loss": history.train_loss[-1],
        },
    )


if __name__ == "__main__":
    raise SystemExit(main(run))
