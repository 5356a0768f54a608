"""Lesson 2 — loss: one number that says how wrong the model is (the MSE, drawn as a curve over w)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from autograd import Value
from nn import make_linear, mse

from . import plots
from .lesson import Lesson, Picture, main

BASE_CHARGE = 50.0  # b is held at the true ₹50, so the loss depends on w alone and is a curve
GUESS = 60.0  # the current model's w: a courier that charges too little per kg


def courier_loss(w: Value | float, kg: Sequence[float], charges: Sequence[float], b: float = BASE_CHARGE) -> Value:
    """The MSE of the line ``charge = w·kg + b`` on the parcels; ``w`` may be a number or a Value."""
    w = w if isinstance(w, Value) else Value(w, label="w")
    # lesson: begin
    predictions = [w * weight + b for weight in kg]
    return mse(predictions, charges)  # the mean of (prediction − charge)²
    # lesson: end


def run(out: Path, *, n_samples: int = 50, current_w: float = GUESS) -> Lesson:
    """Lesson 2: the loss as a function of w, with the current model's point on it."""
    X, charges = make_linear(n_samples=n_samples, seed=0)
    kg = [row[0] for row in X]
    ws = [2.0 * i for i in range(101)]  # w from 0 to 200 ₹/kg
    losses = [courier_loss(w, kg, charges).data for w in ws]
    best = min(range(len(ws)), key=losses.__getitem__)
    current_loss = courier_loss(current_w, kg, charges).data

    figure, (data_ax, loss_ax) = plots.new_figure(2)
    data_ax.scatter(kg, charges, s=14, color=plots.DATA, label="parcels")
    top = max(kg)
    data_ax.plot([0, top], [BASE_CHARGE, current_w * top + BASE_CHARGE], color=plots.MODEL, label=f"w = {current_w:g}")
    for weight, charge in zip(kg, charges):  # each error the loss squares
        data_ax.plot([weight, weight], [current_w * weight + BASE_CHARGE, charge], color=plots.BAD, lw=0.7, alpha=0.6)
    data_ax.set(xlabel="parcel weight (kg)", ylabel="charge (₹)", title="the errors of the current model")
    data_ax.legend()
    loss_ax.plot(ws, losses, color=plots.DATA)
    loss_ax.scatter([current_w], [current_loss], color=plots.MODEL, zorder=3, label=f"current w = {current_w:g}")
    loss_ax.scatter([ws[best]], [losses[best]], color=plots.GOOD, zorder=3, label=f"lowest loss, w ≈ {ws[best]:g}")
    loss_ax.set(xlabel="w (₹ per kg)", ylabel="MSE (₹²)", title=f"loss as a function of w (b = {BASE_CHARGE:g})")
    loss_ax.legend()
    picture = plots.save(figure, Path(out) / "l02_loss.png")

    return Lesson(
        number=2,
        module="l02_loss",
        title="Loss",
        text=(
            "A loss turns “how wrong is the model” into one number: the mean squared error (MSE) averages "
            f"(predicted charge − true charge)² over the parcels. With the base charge held at ₹{BASE_CHARGE:g}, the "
            f"guess w = {current_w:g} ₹/kg has loss {current_loss:,.0f} ₹² (high: very wrong), while the bottom of "
            f"the curve, at w ≈ {ws[best]:g}, has loss {losses[best]:,.0f} ₹² (low: close). "
            "Learning means walking down this curve."
        ),
        pictures=[Picture(picture.name, "Left: the red bars are the errors. Right: the loss for every w.")],
        numbers={"current_loss": current_loss, "best_w": ws[best], "best_loss": losses[best]},
    )


if __name__ == "__main__":
    raise SystemExit(main(run))
