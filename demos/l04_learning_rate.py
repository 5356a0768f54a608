"""Lesson 4 — learning rate: too large and training blows up, too small and it crawls, in between it learns.

It first shows why the courier's loss curve has a knee when kg is used as it is (w and b
learn at very different speeds), then scales kg so that one learning rate suits both.
"""

from __future__ import annotations

import warnings
from pathlib import Path

from nn import DivergenceWarning, Linear, Recorder, fit, make_linear

from . import plots
from .courier import Scaling, noise_floor
from .lesson import Lesson, Picture, main, timeline_page

TOP = 1e7  # the loss axis stops here: a diverging loss leaves the plot on its way to infinity
NAMES = ("too large", "too small", "reasonable")
COLOURS = {"too large": plots.BAD, "too small": plots.SLOW, "reasonable": plots.GOOD}
RUN_TO_THE_END = 2000  # epochs allowed to the diverging run, so nn.fit can see it reach infinity and stop


def curvatures(kg: list[float]) -> tuple[float, float]:
    """How steep the MSE is along w and along b: d²L/dw² = 2·mean(kg²) and d²L/db² = 2."""
    return 2 * sum(x * x for x in kg) / len(kg), 2.0


def run(
    out: Path,
    *,
    n_samples: int = 50,
    epochs: int = 150,
    unscaled_rate: float = 0.02,
    too_large: float = 1.5,
    too_small: float = 0.003,
    reasonable: float = 0.1,
    timeline_updates: int = 100,
) -> Lesson:
    """Lesson 4: the knee on unscaled kg (w and b over the epochs), then three learning rates on scaled kg."""
    X, charges = make_linear(n_samples=n_samples, seed=0)
    kg = [row[0] for row in X]
    floor = noise_floor(kg, charges)
    w_curvature, b_curvature = curvatures(kg)

    unscaled = Linear(1, seed=0)
    path: list[tuple[float, float]] = []

    def keep_w_and_b(epoch: int, model: Linear, history: object) -> None:  # fit calls it after every epoch
        path.append(tuple(p.data for p in model.parameters()))

    knee = fit(
        unscaled, X, charges, loss="mse", lr=unscaled_rate, epochs=epochs, callbacks=[keep_w_and_b], progress=False
    )

    scaling = Scaling.of(kg)
    rates = {"too large": too_large, "too small": too_small, "reasonable": reasonable}
    models = {name: Linear(1, seed=0) for name in NAMES}
    allowed = {"too large": RUN_TO_THE_END}  # epochs; the others run ``epochs``
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DivergenceWarning)  # the History says so; read below
        # lesson: begin
        X_scaled = scaling.rows(kg)  # kg' = (kg − mean) / spread: mean 0, spread 1
        histories = {
            name: fit(models[name], X_scaled, charges, lr=rate, epochs=allowed.get(name, epochs), progress=False)
            for name, rate in rates.items()
        }
        # lesson: end
    good_w, good_b = scaling.unscale(*(p.data for p in models["reasonable"].parameters()))

    figure, (loss_ax, path_ax, rates_ax) = plots.new_figure(3, width=4.6, height=3.9)
    loss_ax.plot(range(1, knee.epochs + 1), knee.train_loss, color=plots.DATA, lw=2)
    loss_ax.axhline(floor, color="grey", ls=":", label=f"noise floor {floor:.1f} ₹²")
    loss_ax.set(
        xlabel="epoch", ylabel="MSE (₹², log scale)", yscale="log", title=f"kg as it is, lr = {unscaled_rate:g}"
    )
    settled = next(i for i, (w, _) in enumerate(path) if all(abs(v - path[-1][0]) < 3 for v, _ in path[i:]))
    loss_ax.annotate(
        "the knee: w has settled,\nonly b is still learning",
        (settled + 1, knee.train_loss[settled]),
        xytext=(settled + 25, knee.train_loss[settled] * 30),
        arrowprops={"arrowstyle": "->", "color": "#555555"},
    )
    loss_ax.legend()
    epoch_numbers = range(1, len(path) + 1)
    path_ax.plot(epoch_numbers, [w for w, _ in path], color=plots.MODEL, lw=2, label="w (true 100 ₹/kg)")
    path_ax.plot(epoch_numbers, [b for _, b in path], color=plots.SLOW, lw=2, label="b (true ₹50)")
    path_ax.axhline(100, color=plots.MODEL, ls=":", lw=1)
    path_ax.axhline(50, color=plots.SLOW, ls=":", lw=1)
    path_ax.set(xlabel="epoch", ylabel="₹/kg and ₹", title="w learns fast, b slowly", ylim=(0, 130))
    path_ax.legend(loc="lower right")
    for name in NAMES:
        history = histories[name]
        shown = [min(loss, 10 * TOP) for loss in history.train_loss[:epochs]]  # off the chart either way
        rates_ax.plot(range(1, len(shown) + 1), shown, color=COLOURS[name], lw=2, label=f"{name}: lr = {rates[name]:g}")
    rates_ax.axhline(floor, color="grey", ls=":", label="noise floor")
    rates_ax.set_yscale("log")
    rates_ax.set_ylim(top=TOP)
    rates_ax.set(xlabel="epoch", ylabel="MSE (₹², log scale)", title="kg scaled: three learning rates")
    rates_ax.legend(fontsize="small")
    picture = plots.save(figure, Path(out) / "l04_learning_rate.png")

    recorder = Recorder(max_snapshots=timeline_updates)  # the reasonable run once more, recorded for its timeline
    fit(Linear(1, seed=0), X_scaled, charges, lr=reasonable, epochs=epochs, callbacks=[recorder], progress=False)
    watch = timeline_page(
        recorder,
        X_scaled,
        charges,
        Path(out) / "l04_timeline.html",
        loss="mse",
        title=f"Lesson 4: the courier model on scaled kg, lr = {reasonable:g}",
        caption="Timeline of the reasonable run: move the cursor to see the line, w and b at any update.",
    )
    large, small, good = (histories[name] for name in NAMES)
    knee_w, knee_b = path[-1]
    limit = 2 / (w_curvature + b_curvature)  # about the largest rate that does not blow up along w
    return Lesson(
        number=4,
        module="l04_learning_rate",
        title="Learning rate",
        text=(
            "The learning rate lr sets how far each step moves: w ← w − lr·dL/dw.\n\nLeft: the courier model on kg as "
            f"it is, lr = {unscaled_rate:g}. The loss falls fast, then bends (a knee) and slides slowly: w's slope "
            f"is multiplied by kg, so the loss is {w_curvature / b_curvature:.0f}× steeper along w than along b "
            f"(the mean of kg² is {w_curvature / 2:.0f}). A rate much above {limit:.3f} would make w overshoot and "
            f"blow up, and that rate is far too small for b: after {epochs} epochs w = {knee_w:.1f} but b = "
            f"{knee_b:.1f}, still crawling toward 50. The cure is to scale the input: kg' = (kg − "
            f"{scaling.mean:.2f}) / {scaling.spread:.2f} has mean 0 and spread 1, so both numbers are equally "
            "steep and one rate suits both.\n\nRight, on scaled kg: "
            f"too large (lr = {too_large:g}) and every step overshoots by more than the last — nn.fit stops at "
            f"epoch {large.epochs + 1} and says: “{large.stop_reason}” Too small (lr = {too_small:g}) and it crawls: "
            f"{small.train_loss[-1]:,.0f} ₹² after {epochs} epochs, still falling at the same slow pace. In "
            f"between (lr = {reasonable:g}) it reaches {good.train_loss[-1]:.2f} ₹², the noise floor "
            f"({floor:.2f} ₹², the best any line can do), with w = {good_w:.2f} ₹/kg and b = ₹{good_b:.2f}."
        ),
        pictures=[
            Picture(
                picture.name,
                "Left and middle: unscaled kg — the knee, and why (b learns slowly). "
                "Right: scaled kg, three learning rates (log scale).",
            ),
            watch,
        ],
        numbers={
            "noise_floor": floor,
            "knee_w": knee_w,
            "knee_b": knee_b,
            "knee_final_loss": knee.train_loss[-1],
            "knee_epoch": float(settled + 1),
            "steepness_ratio": w_curvature / b_curvature,
            "large_diverged": float(large.diverged),
            "large_epochs": float(large.epochs),
            "small_diverged": float(small.diverged),
            "good_diverged": float(good.diverged),
            "small_final_loss": small.train_loss[-1],
            "small_loss_at_half": small.train_loss[epochs // 2 - 1],
            "good_final_loss": good.train_loss[-1],
            "good_w": good_w,
            "good_b": good_b,
        },
    )


if __name__ == "__main__":
    raise SystemExit(main(run))
