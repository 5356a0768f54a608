"""Lesson 5 — epochs: one pass over the data each; too many passes of a too-big model memorise the noise."""

from __future__ import annotations

from pathlib import Path

from nn import MLP, Adam, Linear, Recorder, fit, make_linear, predict

from . import plots
from .courier import Scaling, noise_floor
from .lesson import Lesson, Picture, main, timeline_page


def scaled_parcels(n_samples: int, noise: float, seed: int) -> tuple[list[list[float]], list[float]]:
    """Noisy courier parcels rescaled to about -1…1 (weights and charges alike), the range a tanh network suits."""
    X, charges = make_linear(n_samples=n_samples, noise=noise, seed=seed)
    return [[(row[0] - 5.25) / 4.75] for row in X], [(charge - 575.0) / 475.0 for charge in charges]


def run(
    out: Path,
    *,
    epochs: int = 30,
    learning_rate: float = 0.1,
    batch_size: int = 10,
    overfit_epochs: int = 200,
    n_train: int = 8,
    hidden: int = 16,
    noise: float = 100.0,
    timeline_updates: int = 100,
) -> Lesson:
    """Lesson 5: loss per epoch; then an over-sized network's training and validation loss on a few parcels."""
    X, charges = make_linear(n_samples=50, seed=0)
    kg = [row[0] for row in X]
    floor = noise_floor(kg, charges)
    # lesson: begin
    X_scaled = Scaling.of(kg).rows(kg)  # as lesson 4 ends: kg scaled to mean 0, spread 1
    recorder = Recorder(max_snapshots=timeline_updates)  # what training did, update by update: for the timeline
    courier = fit(
        Linear(1, seed=0),
        X_scaled,
        charges,
        lr=learning_rate,
        epochs=epochs,
        batch_size=batch_size,
        callbacks=[recorder],
        progress=False,
    )
    losses = courier.train_loss  # one number per epoch: the mean loss over that pass through the data
    # lesson: end
    near_floor = next((i + 1 for i, loss in enumerate(losses) if loss < 1.1 * floor), None)

    X_train, y_train = scaled_parcels(n_train, noise, seed=1)
    X_val, y_val = scaled_parcels(30, noise, seed=2)
    big = MLP(1, [hidden, hidden, 1], activation="tanh", seed=0)
    # lesson: begin
    history = fit(
        big,
        X_train,
        y_train,
        loss="mse",
        optimizer=Adam(big.parameters(), lr=0.05),
        epochs=overfit_epochs,
        validation_data=(X_val, y_val),
        seed=0,
        progress=False,
    )
    best_epoch = min(range(len(history.val_loss)), key=history.val_loss.__getitem__) + 1
    # lesson: end

    figure, (per_epoch, curves, fitted) = plots.new_figure(3, width=4.6, height=3.8)
    per_epoch.plot(range(1, courier.epochs + 1), courier.train_loss, "o-", ms=3, color=plots.DATA)
    per_epoch.axhline(floor, color="grey", ls=":", label=f"noise floor {floor:.1f} ₹²")
    per_epoch.set(xlabel="epoch", ylabel="MSE (₹², log scale)", yscale="log", title="courier model: loss per epoch")
    per_epoch.legend()
    steps = range(1, history.epochs + 1)
    curves.plot(steps, history.train_loss, color=plots.DATA, label=f"training ({n_train} parcels)")
    curves.plot(steps, history.val_loss, color=plots.BAD, label=f"validation ({len(X_val)} new parcels)")
    curves.axvline(best_epoch, color="grey", ls=":", label=f"best validation, epoch {best_epoch}")
    curves.set(xlabel="epoch", ylabel="MSE (log scale)", yscale="log", title=f"MLP(1, [{hidden}, {hidden}, 1])")
    curves.legend(fontsize="small")
    grid = [[-1.0 + i / 50] for i in range(101)]
    fitted.scatter([r[0] for r in X_val], y_val, s=10, color=plots.BAD, alpha=0.5, label="validation")
    fitted.scatter([r[0] for r in X_train], y_train, s=30, color=plots.DATA, zorder=3, label="training")
    fitted.plot([g[0] for g in grid], predict(big, grid), color=plots.MODEL, lw=2, label="network")
    fitted.set(xlabel="weight (rescaled)", ylabel="charge (rescaled)", title="what it learned")
    fitted.legend(fontsize="small")
    picture = plots.save(figure, Path(out) / "l05_epochs.png")

    return Lesson(
        number=5,
        module="l05_epochs",
        title="Epochs",
        text=(
            f"One epoch is one pass over the whole training set: here {len(X)} parcels in batches of {batch_size}, "
            f"so {len(courier.step_loss) // courier.epochs} updates per epoch. The courier model (on scaled kg, as "
            f"lesson 4 ends, lr = {learning_rate:g}) falls from {courier.train_loss[0]:,.0f} ₹² after the first epoch "
            f"to {courier.train_loss[-1]:.1f} ₹² after {courier.epochs}; "
            + (
                f"from epoch {near_floor} on it sits at the noise floor ({floor:.1f} ₹²) and more epochs change "
                "nothing — a straight line cannot explain the noise. "
                if near_floor
                else f"it has not reached the noise floor ({floor:.1f} ₹²) yet: it needs more epochs. "
            )
            + "More is not "
            f"always better: a network with {big.num_parameters()} parameters trained on {n_train} noisy parcels "
            f"(trained with nn.Adam: gradient descent that scales each parameter's step by the size of its recent "
            "gradients, so no parameter crawls as b did in lesson 4) keeps lowering its training loss, "
            f"but its loss on new parcels is lowest at epoch {best_epoch} and rises "
            "after it — it is memorising the noise (overfitting). Watch a validation loss and stop at its minimum "
            "(nn.EarlyStopping does that)."
        ),
        pictures=[
            Picture(picture.name, "Left: loss per epoch. Middle and right: an over-sized model overfitting."),
            timeline_page(
                recorder,
                X_scaled,
                charges,
                Path(out) / "l05_timeline.html",
                loss="mse",
                title=f"Lesson 5: the courier model, {courier.epochs} epochs of {len(X)} parcels",
                caption="Timeline of the courier run: step by update or by epoch (the epoch lines on the loss).",
            ),
        ],
        numbers={
            "courier_first_loss": courier.train_loss[0],
            "courier_last_loss": courier.train_loss[-1],
            "noise_floor": floor,
            "epoch_near_floor": float(near_floor or 0),
            "best_epoch": float(best_epoch),
            "final_train_loss": history.train_loss[-1],
            "final_val_loss": history.val_loss[-1],
            "best_val_loss": history.val_loss[best_epoch - 1],
        },
    )


if __name__ == "__main__":
    raise SystemExit(main(run))
