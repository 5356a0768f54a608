"""Lesson 4 — learning rate: too large and training blows up, too small and it crawls, in between it learns."""

from __future__ import annotations

import warnings
from pathlib import Path

from demos import plots
from demos.lesson import Lesson, Picture, main
from nn import DivergenceWarning, Linear, fit, make_linear

RATES = {"too large": 0.2, "too small": 0.0005, "reasonable": 0.02}
TOP = 1e7  # the loss axis stops here: a diverging loss leaves the plot on its way to infinity
COLOURS = {"too large": plots.BAD, "too small": plots.SLOW, "reasonable": plots.GOOD}


def run(out: Path, *, n_samples: int = 50, epochs: int = 150) -> Lesson:
    """Lesson 4: the same courier model trained with three learning rates; three loss curves on one plot."""
    X, charges = make_linear(n_samples=n_samples, seed=0)
    histories = {}
    for name, rate in RATES.items():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DivergenceWarning)  # the report is read from the History below
            histories[name] = fit(
                Linear(1, seed=0), X, charges, loss="mse", lr=rate, epochs=epochs, seed=0, progress=False
            )

    figure, (ax,) = plots.new_figure(1, width=7.0, height=4.2)
    for name, history in histories.items():
        epochs_run = range(1, len(history.train_loss) + 1)
        shown = [min(loss, 10 * TOP) for loss in history.train_loss]  # off the chart either way; no float overflow
        ax.plot(epochs_run, shown, color=COLOURS[name], lw=2, label=f"{name}: lr = {RATES[name]:g}")
        if history.diverged:
            ax.scatter([history.epochs], [TOP], marker="X", s=120, color=COLOURS[name], zorder=3, clip_on=False)
            ax.annotate(
                f"off the chart at once; ∞ at epoch {history.epochs + 1}: stopped",
                (history.epochs, TOP),
                ha="right",
                textcoords="offset points",
                xytext=(-12, -6),
                va="top",
                color=COLOURS[name],
            )
    ax.set_yscale("log")
    ax.set_ylim(top=TOP)
    ax.set(xlabel="epoch", ylabel="MSE (₹², log scale)", title="one model, three learning rates")
    ax.legend()
    picture = plots.save(figure, Path(out) / "l04_learning_rate.png")

    large, small, good = histories["too large"], histories["too small"], histories["reasonable"]
    return Lesson(
        number=4,
        module="l04_learning_rate",
        title="Learning rate",
        text=(
            "The learning rate lr sets how far each step moves: w ← w − lr·dL/dw. "
            f"Too large (lr = {RATES['too large']:g}) and every step overshoots the bottom by more than the last, "
            f"until the loss is infinite; nn.fit stops and reports it: “{large.stop_reason}” "
            f"Too small (lr = {RATES['too small']:g}) and after {epochs} epochs the loss is still "
            f"{small.train_loss[-1]:,.0f} ₹². In between (lr = {RATES['reasonable']:g}) it falls to "
            f"{good.train_loss[-1]:,.0f} ₹²."
        ),
        pictures=[Picture(picture.name, "Training loss per epoch for three learning rates (log scale).")],
        numbers={
            "large_diverged": float(large.diverged),
            "small_diverged": float(small.diverged),
            "good_diverged": float(good.diverged),
            "small_final_loss": small.train_loss[-1],
            "good_final_loss": good.train_loss[-1],
        },
    )


if __name__ == "__main__":
    raise SystemExit(main(run))
