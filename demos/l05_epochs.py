"""Lesson 5 — epochs: one pass over the data each; too many passes of a too-big model memorise the noise."""

from __future__ import annotations

from pathlib import Path

from demos import plots
from demos.lesson import Lesson, Picture, main
from nn import MLP, Adam, Linear, fit, make_linear, predict

LEARNING_RATE = 0.02


def scaled_parcels(n_samples: int, noise: float, seed: int) -> tuple[list[list[float]], list[float]]:
    """Noisy courier parcels rescaled to about -1…1 (weights and charges alike), the range a tanh network suits."""
    X, charges = make_linear(n_samples=n_samples, noise=noise, seed=seed)
    return [[(row[0] - 5.25) / 4.75] for row in X], [(charge - 575.0) / 475.0 for charge in charges]


def run(
    out: Path, *, epochs: int = 100, overfit_epochs: int = 200, n_train: int = 8, hidden: int = 16, noise: float = 100.0
) -> Lesson:
    """Lesson 5: loss per epoch; then an over-sized network's training and validation loss on a few parcels."""
    X, charges = make_linear(n_samples=50, seed=0)
    courier = fit(Linear(1, seed=0), X, charges, loss="mse", lr=LEARNING_RATE, epochs=epochs, seed=0, progress=False)

    X_train, y_train = scaled_parcels(n_train, noise, seed=1)
    X_val, y_val = scaled_parcels(30, noise, seed=2)
    big = MLP(1, [hidden, hidden, 1], activation="tanh", seed=0)
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

    figure, (per_epoch, curves, fitted) = plots.new_figure(3, width=4.6, height=3.8)
    per_epoch.plot(range(1, courier.epochs + 1), courier.train_loss, color=plots.DATA)
    per_epoch.set(xlabel="epoch", ylabel="MSE (₹², log scale)", yscale="log", title="courier model: loss per epoch")
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
            "One epoch is one pass over the whole training set; the courier model's loss falls epoch after epoch "
            f"(from {courier.train_loss[0]:,.0f} to {courier.train_loss[-1]:,.0f} ₹² in {courier.epochs}). More is not "
            f"always better: a network with {big.num_parameters()} parameters trained on {n_train} noisy parcels "
            f"keeps lowering its training loss, but its loss on new parcels is lowest at epoch {best_epoch} and rises "
            "after it — it is memorising the noise (overfitting). Watch a validation loss and stop at its minimum "
            "(nn.EarlyStopping does that)."
        ),
        pictures=[Picture(picture.name, "Left: loss per epoch. Middle and right: an over-sized model overfitting.")],
        numbers={
            "courier_first_loss": courier.train_loss[0],
            "courier_last_loss": courier.train_loss[-1],
            "best_epoch": float(best_epoch),
            "final_train_loss": history.train_loss[-1],
            "final_val_loss": history.val_loss[-1],
            "best_val_loss": history.val_loss[best_epoch - 1],
        },
    )


if __name__ == "__main__":
    raise SystemExit(main(run))
