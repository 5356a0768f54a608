"""Lesson 6 — batches: one update per batch, so smaller batches make more (noisier) updates per epoch."""

from __future__ import annotations

import math
from pathlib import Path

from nn import Linear, Recorder, fit, make_linear

from . import plots
from .courier import Scaling, noise_floor
from .lesson import Lesson, Picture, main, timeline_page

COLOURS = (plots.BAD, plots.GOOD, plots.SLOW, plots.DATA, plots.MODEL)


def run(
    out: Path,
    *,
    n_samples: int = 1000,
    epochs: int = 5,
    learning_rate: float = 0.02,
    batch_sizes: tuple[int, ...] = (1, 100, 1000),
    timeline_updates: int = 100,
) -> Lesson:
    """Lesson 6: the courier model trained with batch sizes 1, 100 and 1,000, by epoch and by update."""
    X, charges = make_linear(n_samples=n_samples, seed=0)
    kg = [row[0] for row in X]
    floor = noise_floor(kg, charges)
    X_scaled = Scaling.of(kg).rows(kg)  # kg scaled, as in lessons 4 and 5
    # lesson: begin
    histories = {
        size: fit(
            Linear(1, seed=0), X_scaled, charges, lr=learning_rate, epochs=epochs, batch_size=size, progress=False
        )
        for size in batch_sizes
    }
    # lesson: end
    updates_per_epoch = {size: len(history.step_loss) // history.epochs for size, history in histories.items()}

    figure, (by_epoch, by_update) = plots.new_figure(2)
    for (size, history), colour in zip(histories.items(), COLOURS):
        count = updates_per_epoch[size]
        label = f"batch size {size:,} ({count:,} update{'s' if count != 1 else ''} per epoch)"
        by_epoch.plot(range(1, history.epochs + 1), history.train_loss, "o-", color=colour, label=label)
        few = len(history.step_loss) < 50
        by_update.plot(
            range(1, len(history.step_loss) + 1),
            history.step_loss,
            "o-" if few else "-",
            color=colour,
            lw=2 if few else 0.6,
            alpha=1.0 if few else 0.7,
            zorder=3 if few else 2,
        )
    by_epoch.axhline(floor, color="grey", ls=":", label=f"noise floor {floor:.1f} ₹²")
    by_epoch.set(xlabel="epoch", ylabel="MSE (₹², log scale)", yscale="log", title="compared by epoch")
    by_epoch.set_xticks(range(1, epochs + 1))
    by_epoch.legend()
    by_update.set(
        xlabel="update (log scale)",
        ylabel="batch loss (₹², log scale)",
        xscale="log",
        yscale="log",
        title="compared by update",
        ylim=(1.0, None),
    )
    picture = plots.save(figure, Path(out) / "l06_batches.png")

    middle = batch_sizes[len(batch_sizes) // 2]
    recorder = Recorder(max_snapshots=timeline_updates)  # the middle batch size once more, recorded for its timeline
    fit(
        Linear(1, seed=0),
        X_scaled,
        charges,
        lr=learning_rate,
        epochs=epochs,
        batch_size=middle,
        callbacks=[recorder],
        progress=False,
    )
    smallest = min(batch_sizes)
    return Lesson(
        number=6,
        module="l06_batches",
        title="Batches",
        text=(
            f"An epoch is one pass over all {n_samples:,} parcels, cut into batches; the model is updated once per "
            f"batch, so batch size {middle:,} gives {n_samples:,} / {middle:,} = {math.ceil(n_samples / middle)} "
            f"updates per epoch (nn.fit made {updates_per_epoch[middle]}). Per epoch, small batches learn most "
            "because they update most often: "
            f"batch size {smallest:,} is at {histories[smallest].train_loss[-1]:.1f} ₹² "
            f"after {epochs} epoch{'s' if epochs != 1 else ''}, near the noise floor ({floor:.1f} ₹²). Per update, "
            "large batches make the steadiest steps, because each step averages more parcels; a batch of one "
            "parcel gives a noisy step, which keeps the loss a little above the floor. Most training sits in "
            "between (on a GPU, a batch is also computed in one go; here every parcel costs the same)."
        ),
        pictures=[
            Picture(
                picture.name,
                "Left: loss per epoch. Right: the loss of each batch just before its update; "
                "a batch of one parcel gives a noisy loss (and a noisy step).",
            ),
            timeline_page(
                recorder,
                X_scaled,
                charges,
                Path(out) / "l06_timeline.html",
                loss="mse",
                title=f"Lesson 6: batches of {middle:,} parcels",
                caption=f"Timeline of the run with batch size {middle:,}: each update's batch is highlighted.",
            ),
        ],
        numbers={
            "noise_floor": floor,
            **{f"updates_per_epoch_{size}": float(count) for size, count in updates_per_epoch.items()},
            **{f"final_loss_{size}": history.train_loss[-1] for size, history in histories.items()},
        },
    )


if __name__ == "__main__":
    raise SystemExit(main(run))
