"""Lesson 1 — the model as an equation: a courier's charge = w·kg + b, with w and b learned from noisy parcels."""

from __future__ import annotations

from pathlib import Path

from nn import Linear, fit, make_linear

from . import plots
from .lesson import Lesson, Picture, main

PICTURE = "l01_equation.png"


def run(
    out: Path, *, n_samples: int = 100, epochs: int = 100, learning_rate: float = 0.01, batch_size: int = 10
) -> Lesson:
    """Lesson 1: fit nn.Linear(1) to noisy courier charges and draw the data with the learned line."""
    X, charges = make_linear(n_samples=n_samples, seed=0)
    kg = [row[0] for row in X]
    # lesson: begin
    model = Linear(1, seed=0)  # charge = w·kg + b, w and b random at first
    history = fit(model, X, charges, lr=learning_rate, epochs=epochs, batch_size=batch_size, progress=False)
    w, b = (parameter.data for parameter in model.parameters())
    # lesson: end

    figure, (ax, noise_ax) = plots.new_figure(2, width=4.8, height=3.6)
    ax.scatter(kg, charges, s=14, color=plots.DATA, label="parcels (noisy charges)")
    top = max(kg) * 1.05
    ax.plot([0, top], [b, w * top + b], color=plots.MODEL, lw=2, label=f"learned: ₹{w:.1f}·kg + ₹{b:.1f}")
    ax.set(xlabel="parcel weight (kg)", ylabel="charge (₹)", title="charge = w·kg + b, learned from data")
    ax.set_xlim(left=0)
    ax.set_ylim(bottom=0)
    ax.legend(loc="upper left")
    residuals = [charge - (w * weight + b) for weight, charge in zip(kg, charges)]
    noise_ax.axhline(0, color=plots.MODEL, lw=2)
    noise_ax.scatter(kg, residuals, s=14, color=plots.DATA)
    noise_ax.set(xlabel="parcel weight (kg)", ylabel="charge − learned line (₹)", title="what is left: the noise")
    plots.save(figure, Path(out) / PICTURE)

    return Lesson(
        number=1,
        module="l01_equation",
        title="The model as an equation",
        text=(
            "A courier charges ₹100 per kg plus a ₹50 base charge, but the receipts are noisy. The model is an "
            "equation, charge = w·kg + b, with two numbers to learn: the weight w (₹ per kg) and the bias b (the "
            f"base charge). nn.Linear(1), trained with nn.fit for {history.epochs} epochs (batches of {batch_size}), "
            f"learns w = {w:.2f} and b = {b:.2f} from {n_samples} parcels — close to the true 100 and 50. "
            f"What the line does not explain is the noise: ±{max(map(abs, residuals)):.0f} ₹ at most."
        ),
        pictures=[Picture(PICTURE, "Left: the parcels and the line the model learned. Right: the errors left over.")],
        numbers={"w": w, "b": b, "final_loss": history.train_loss[-1]},
    )


if __name__ == "__main__":
    raise SystemExit(main(run))
