"""Lesson 7 — weights and bias: without a bias the line must pass through (0, 0) and cannot learn the ₹50 base."""

from __future__ import annotations

from pathlib import Path

from nn import Linear, fit, make_linear

from . import plots
from .lesson import Lesson, Picture, main


def run(
    out: Path, *, n_samples: int = 100, epochs: int = 100, learning_rate: float = 0.01, batch_size: int = 10
) -> Lesson:
    """Lesson 7: the courier model trained with and without a bias, drawn down to the origin."""
    X, charges = make_linear(n_samples=n_samples, seed=0)
    kg = [row[0] for row in X]
    # lesson: begin
    with_bias, without_bias = Linear(1, seed=0), Linear(1, bias=False, seed=0)  # w·kg + b, and w·kg alone
    fitted = {
        model: fit(model, X, charges, lr=learning_rate, epochs=epochs, batch_size=batch_size, progress=False)
        for model in (with_bias, without_bias)
    }
    # lesson: end
    fitted = {model: history.train_loss[-1] for model, history in fitted.items()}
    w, b = (p.data for p in with_bias.parameters())
    (w_alone,) = (p.data for p in without_bias.parameters())

    figure, (ax,) = plots.new_figure(1, width=7.0, height=4.4)
    ax.scatter(kg, charges, s=14, color=plots.DATA, label="parcels")
    top = max(kg) * 1.05
    ax.plot([0, top], [b, w * top + b], color=plots.GOOD, lw=2, label=f"with bias: ₹{w:.1f}·kg + ₹{b:.1f}")
    ax.plot([0, top], [0, w_alone * top], color=plots.BAD, lw=2, label=f"without bias: ₹{w_alone:.1f}·kg")
    ax.scatter([0], [0], color=plots.BAD, zorder=3)
    ax.annotate("forced through (0, 0)", (0, 0), textcoords="offset points", xytext=(12, -4), color=plots.BAD)
    ax.set(xlabel="parcel weight (kg)", ylabel="charge (₹)", title="the bias is the charge at 0 kg")
    ax.set_xlim(-0.3, top)
    ax.set_ylim(-60, None)
    ax.legend(loc="upper left")
    picture = plots.save(figure, Path(out) / "l07_bias.png")

    return Lesson(
        number=7,
        module="l07_bias",
        title="Weights and bias",
        text=(
            "The weight w scales the input (₹ per kg); the bias b is added whatever the input is (the ₹50 base "
            f"charge). With both, the model learns w = {w:.1f} and b = {b:.1f} (loss {fitted[with_bias]:,.0f} ₹²). "
            "With nn.Linear(1, bias=False) the line must pass through (0, 0): the best it can do is to tilt, "
            f"w = {w_alone:.1f}, overcharging heavy parcels and undercharging light ones "
            f"(loss {fitted[without_bias]:,.0f} ₹²)."
        ),
        pictures=[Picture(picture.name, "The same data fitted with a bias (green) and without one (red).")],
        numbers={
            "w": w,
            "b": b,
            "w_without_bias": w_alone,
            "loss_with_bias": fitted[with_bias],
            "loss_without_bias": fitted[without_bias],
        },
    )


if __name__ == "__main__":
    raise SystemExit(main(run))
