"""Lesson 17 — a real data set: the scalar engine learns handwritten digits and reads ones it has never seen.

The 8×8 digits ship inside scikit-learn (``sklearn.datasets.load_digits``: no download);
scikit-learn is needed for this lesson only: ``pip install 'stepgrad[digits]'``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from nn import MLP, Adam, fit, predict, save, train_test_split

from . import plots
from .lesson import Lesson, MissingDependency, Picture, main

MODEL_FILE = "l17_model.json"
INSTALL = "pip install 'stepgrad[digits]'  (or: pip install scikit-learn)"
CLASSES = 10


@dataclass(frozen=True)
class Digits:
    """The digits split once, the same way every run: pixels scaled to 0…1, one row of 64 per image."""

    X_train: list[list[float]]
    y_train: list[int]
    X_test: list[list[float]]
    y_test: list[int]


def load(n_train: int = 0, n_test: int = 0) -> Digits:
    """scikit-learn's 1,797 digits, 75 % for training and 25 % for testing (seeded); 0 = all of a part."""
    try:
        from sklearn.datasets import load_digits
    except ModuleNotFoundError as error:
        raise MissingDependency(
            f"Lesson 17 reads the handwritten digits that ship with scikit-learn, which is not installed: {INSTALL}",
            name="sklearn",
        ) from error
    digits = load_digits()
    X = [[pixel / 16.0 for pixel in row] for row in digits.data.tolist()]  # pixels are 0…16
    X_train, X_test, y_train, y_test = train_test_split(X, [int(t) for t in digits.target], test_size=0.25, seed=0)
    train, test = n_train or len(X_train), n_test or len(X_test)
    return Digits(X_train[:train], y_train[:train], X_test[:test], y_test[:test])


def guess(scores: list[float]) -> int:
    """The digit with the highest score."""
    return max(range(len(scores)), key=scores.__getitem__)


def train_and_read(
    data: Digits, *, hidden: int = 16, epochs: int = 5, batch_size: int = 32, learning_rate: float = 0.05
) -> tuple[MLP, list[int]]:
    """Train MLP(64, [hidden, 10]) on the training digits; return it and its guesses for the test digits."""
    # lesson: begin
    model = MLP(64, [hidden, CLASSES], activation="tanh", seed=0)  # 64 pixels in, one score per digit out
    fit(
        model,
        data.X_train,
        data.y_train,
        loss="cross_entropy",
        optimizer=Adam(model.parameters(), lr=learning_rate),
        epochs=epochs,
        batch_size=batch_size,
        progress=False,
    )
    guesses = [guess(scores) for scores in predict(model, data.X_test)]  # digits it has never seen
    # lesson: end
    return model, guesses


def run(
    out: Path,
    *,
    n_train: int = 0,
    n_test: int = 0,
    hidden: int = 16,
    epochs: int = 5,
    batch_size: int = 32,
    learning_rate: float = 0.05,
    shown: int = 32,
) -> Lesson:
    """Lesson 17: train MLP(64, [16, 10]) on the digits; test accuracy, guesses, confusion, training time."""
    out = Path(out)
    data = load(n_train, n_test)
    started = time.perf_counter()
    model, guesses = train_and_read(
        data, hidden=hidden, epochs=epochs, batch_size=batch_size, learning_rate=learning_rate
    )
    seconds = time.perf_counter() - started
    save(model, out / MODEL_FILE)
    right = sum(g == t for g, t in zip(guesses, data.y_test))
    test_accuracy = right / len(data.y_test)
    confusion = [[0] * CLASSES for _ in range(CLASSES)]
    for g, t in zip(guesses, data.y_test):
        confusion[t][g] += 1
    off_diagonal = [(confusion[t][g], t, g) for t in range(CLASSES) for g in range(CLASSES) if t != g]
    worst_count, worst_true, worst_guess = max(off_diagonal)

    count = min(shown, len(data.X_test))
    columns = 8
    rows = -(-count // columns)
    figure, axes = plots.new_figure(columns, rows, width=1.1, height=1.25)
    for k, ax in enumerate(axes):
        ax.axis("off")
        if k >= count:
            continue
        ax.imshow([data.X_test[k][8 * r : 8 * r + 8] for r in range(8)], cmap="gray_r", vmin=0, vmax=1)
        right_one = guesses[k] == data.y_test[k]
        title = str(guesses[k]) if right_one else f"{guesses[k]} (is {data.y_test[k]})"
        ax.set_title(title, color=plots.GOOD if right_one else plots.BAD, fontsize="medium" if right_one else "small")
    grid = plots.save(figure, out / "l17_guesses.png")

    figure, (ax,) = plots.new_figure(1, width=5.2, height=4.6)
    ax.imshow(confusion, cmap="Blues")
    for t in range(CLASSES):
        for g in range(CLASSES):
            if confusion[t][g]:
                light = confusion[t][g] > 0.6 * max(max(row) for row in confusion)
                ax.text(g, t, str(confusion[t][g]), ha="center", va="center", color="white" if light else "black")
    ax.set_xticks(range(CLASSES))
    ax.set_yticks(range(CLASSES))
    ax.set(xlabel="the model's guess", ylabel="the true digit", title="confusion: test digits by truth and guess")
    matrix = plots.save(figure, out / "l17_confusion.png")

    return Lesson(
        number=17,
        module="l17_digits",
        title="A real data set: handwritten digits",
        text=(
            f"Real data: {len(data.X_train) + len(data.X_test):,} handwritten digits of 8×8 pixels, the set that "
            "ships inside scikit-learn. Each image is 64 numbers (the pixels, scaled to 0…1); "
            f"MLP(64, [{hidden}, 10]) ({model.num_parameters():,} parameters) gives 10 scores, one per digit, and "
            "its guess is the highest. The loss is the cross-entropy: softmax turns the 10 scores into "
            "probabilities, and the loss is −log of the probability given to the right digit (0 when it is "
            f"sure and right). It trains on {len(data.X_train):,} digits for {epochs} epochs (Adam, as in lesson 5) "
            f"— {seconds:.1f} s in plain Python, every number a Value — and then reads the {len(data.X_test):,} "
            f"test digits it has never seen: {right} right, {test_accuracy:.1%}. The confusion table shows which "
            f"digits it mixes up: most often a true {worst_true} read as {worst_guess} ({worst_count}×)."
        ),
        pictures=[
            Picture(grid.name, "Test digits with the model's guess above each (red: wrong, with the true digit)."),
            Picture(matrix.name, "Rows: the true digit; columns: the guess. The diagonal is right."),
        ],
        numbers={
            "train_digits": float(len(data.X_train)),
            "test_digits": float(len(data.X_test)),
            "right": float(right),
            "test_accuracy": test_accuracy,
            "seconds": seconds,
        },
    )


if __name__ == "__main__":
    raise SystemExit(main(run))
