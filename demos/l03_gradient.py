"""Lesson 3 — gradient: the slope of the loss at the current w, computed by autograd, says which way to step."""

from __future__ import annotations

from pathlib import Path

from autograd import value_and_grad
from nn import make_linear

from . import plots
from .l02_loss import courier_loss
from .lesson import Lesson, Picture, main


def run(
    out: Path, *, n_samples: int = 50, points: tuple[float, float] = (60.0, 140.0), learning_rate: float = 0.01
) -> Lesson:
    """Lesson 3: the slope dL/dw at two values of w, its tangent, and the step it asks for."""
    if len(points) != 2:
        raise ValueError(f"l03_gradient.run: points must be two values of w (one each side), got {points!r}")
    X, charges = make_linear(n_samples=n_samples, seed=0)
    kg = [row[0] for row in X]
    # lesson: begin
    loss_and_slope = value_and_grad(lambda w: courier_loss(w, kg, charges))  # returns L(w) and dL/dw
    # lesson: end
    ws = [2.0 * i for i in range(101)]
    losses = [courier_loss(w, kg, charges).data for w in ws]

    figure, (ax,) = plots.new_figure(1, width=7.0, height=4.4)
    ax.plot(ws, losses, color=plots.DATA, label="loss L(w)")
    slopes, steps = [], []
    for w in points:
        # lesson: begin
        loss, slope = loss_and_slope(w)
        step = w - learning_rate * slope  # gradient descent: a step against the slope
        # lesson: end
        slopes.append(slope)
        steps.append(step)
        half_width = 25.0
        ax.plot(
            [w - half_width, w + half_width],
            [loss - half_width * slope, loss + half_width * slope],
            "--",
            color=plots.MODEL,
        )
        ax.scatter([w], [loss], color=plots.MODEL, zorder=3)
        ax.annotate(
            "", xy=(step, loss), xytext=(w, loss), arrowprops={"arrowstyle": "->", "color": plots.GOOD, "lw": 2}
        )
        outward = -1 if slope < 0 else 1  # write the label on the outer side of the curve
        ax.annotate(
            f"w = {w:g}\nslope = {slope:+,.0f}",
            (w, loss),
            textcoords="offset points",
            xytext=(14 * outward, 0),
            ha="left" if outward > 0 else "right",
            va="center",
        )
    ax.set(xlabel="w (₹ per kg)", ylabel="MSE (₹²)", title="the slope at w, and the step against it")
    ax.set_ylim(bottom=0)
    picture = plots.save(figure, Path(out) / "l03_gradient.png")

    (left, right), (left_step, right_step) = slopes, steps
    return Lesson(
        number=3,
        module="l03_gradient",
        title="Gradient",
        text=(
            "The gradient dL/dw is the slope of the loss at the current w — here computed by autograd "
            "(value_and_grad on the loss function), not by hand. "
            f"At w = {points[0]:g} it is {left:+,.0f}: negative, so increasing w lowers the loss; at w = {points[1]:g} "
            f"it is {right:+,.0f}: positive, so increasing w would raise it. Gradient descent steps against the "
            f"slope, w ← w − lr·dL/dw: with lr = {learning_rate:g}, {points[0]:g} → {left_step:.1f} and "
            f"{points[1]:g} → {right_step:.1f} (green arrows), both towards the bottom."
        ),
        pictures=[Picture(picture.name, "Dashed: the tangent (slope) at each point. Green: the step.")],
        numbers={"slope_left": left, "slope_right": right, "step_left": left_step, "step_right": right_step},
    )


if __name__ == "__main__":
    raise SystemExit(main(run))
