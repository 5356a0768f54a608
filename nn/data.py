"""Small datasets and batching, in pure Python and seeded (``random.Random(seed)``, never the global state).

X is a list of rows (each a list of floats), y a list of labels or targets.

``make_linear``   parcel weight (kg) → courier charge (₹100 per kg + ₹50 base + noise): y = wX + b
``make_moons``    two interleaving half circles          (2 classes, 2 features)
``make_circles``  a small circle inside a large one      (2 classes, 2 features)
``make_xor``      opposite quadrants share a class       (2 classes, 2 features)
``make_spiral``   one spiral arm per label               (2 or more classes, 2 features)
``train_test_split`` and ``batches`` split data for training and testing, and into mini-batches.
"""

from __future__ import annotations

import hashlib
import math
import numbers
import random
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from autograd import _args

Row = list[float]


def make_linear(
    n_samples: int = 100, noise: float = 3.0, seed: int = 0, *, rate: float = 100.0, base: float = 50.0
) -> tuple[list[Row], list[float]]:
    """Parcels of 0.5-10 kg (rows ``[kg]``) and their charge in ₹: ``rate·kg + base`` plus noise (sd ``noise``)."""
    _check_samples_and_noise("make_linear", n_samples, 1, noise)
    rng = random.Random(seed)
    X = [[round(rng.uniform(0.5, 10.0), 2)] for _ in range(n_samples)]
    y = [rate * row[0] + base + rng.gauss(0.0, noise) for row in X]
    return X, y


def make_moons(
    n_samples: int = 100, noise: float = 0.1, seed: int = 0, labels: Sequence[Any] = (0, 1)
) -> tuple[list[Row], list[Any]]:
    """Two interleaving half circles: the upper one is ``labels[0]``, the lower one ``labels[1]``."""

    def place(i: int, rng: random.Random) -> tuple[Row, bool]:
        upper, k, count = _half(i, n_samples)
        t = math.pi * k / max(count - 1, 1)
        x, y = (math.cos(t), math.sin(t)) if upper else (1.0 - math.cos(t), 0.5 - math.sin(t))
        return [x + rng.gauss(0.0, noise), y + rng.gauss(0.0, noise)], not upper

    return _two_class_points("make_moons", n_samples, 2, noise, seed, labels, place)


def make_circles(
    n_samples: int = 100, noise: float = 0.05, seed: int = 0, labels: Sequence[Any] = (0, 1), *, factor: float = 0.5
) -> tuple[list[Row], list[Any]]:
    """A circle of radius 1 (``labels[0]``) around a circle of radius ``factor`` (``labels[1]``)."""
    _check_two_labels("make_circles", labels)
    _check_samples_and_noise("make_circles", n_samples, 2, noise)
    if not 0 < _args.real("make_circles", "factor", factor) < 1:
        raise _args.value_error("make_circles", "factor (the inner radius)", "between 0 and 1", factor)

    def place(i: int, rng: random.Random) -> tuple[Row, bool]:
        outer, k, count = _half(i, n_samples)
        t = 2 * math.pi * k / count
        radius = 1.0 if outer else factor
        return [radius * math.cos(t) + rng.gauss(0.0, noise), radius * math.sin(t) + rng.gauss(0.0, noise)], not outer

    return _two_class_points("make_circles", n_samples, 2, noise, seed, labels, place)


def make_xor(
    n_samples: int = 100, noise: float = 0.1, seed: int = 0, labels: Sequence[Any] = (0, 1)
) -> tuple[list[Row], list[Any]]:
    """Points in the four quadrants of [-1, 1]²: ``labels[1]`` where the signs of x and y differ (x XOR y)."""

    def place(i: int, rng: random.Random) -> tuple[Row, bool]:
        sign_x, sign_y = (1 if i % 2 else -1), (1 if (i // 2) % 2 else -1)  # cycle through the four quadrants
        x = sign_x * rng.uniform(0.1, 1.0) + rng.gauss(0.0, noise)
        y = sign_y * rng.uniform(0.1, 1.0) + rng.gauss(0.0, noise)
        return [x, y], sign_x != sign_y

    return _two_class_points("make_xor", n_samples, 4, noise, seed, labels, place)


def make_spiral(
    n_samples: int = 100, noise: float = 0.1, seed: int = 0, labels: Sequence[Any] = (0, 1), *, turns: float = 1.0
) -> tuple[list[Row], list[Any]]:
    """One spiral arm per label, winding out from the centre ``turns`` times; arms are evenly rotated."""
    if isinstance(labels, str) or not isinstance(labels, Sequence):
        raise _args.type_error("make_spiral", "labels", "a list of labels like (0, 1, 2)", labels)
    if len(labels) < 2 or len(set(labels)) != len(labels):
        raise _args.value_error("make_spiral", "labels", "2 or more distinct values", labels)
    _check_samples_and_noise("make_spiral", n_samples, len(labels), noise)
    rng = random.Random(seed)
    arms = len(labels)
    points = []
    for i in range(n_samples):
        arm, k = i % arms, i // arms
        per_arm = (n_samples - arm + arms - 1) // arms
        r = (k + 1) / per_arm  # radius from near 0 to 1
        t = 2 * math.pi * (turns * r + arm / arms)
        points.append(([r * math.cos(t) + rng.gauss(0.0, noise), r * math.sin(t) + rng.gauss(0.0, noise)], labels[arm]))
    return _shuffled(points, rng)


def train_test_split(
    X: Sequence[Any], y: Sequence[Any], test_size: float | int = 0.25, seed: int = 0
) -> tuple[list[Any], list[Any], list[Any], list[Any]]:
    """Shuffle and split into ``X_train, X_test, y_train, y_test``.

    ``test_size`` is a fraction (0.25 → a quarter, rounded up) or a number of samples.
    Both parts get at least one sample.
    """
    X, y = samples("train_test_split", X, y)
    n = len(X)
    expected = "a fraction in (0, 1) or a count >= 1"
    if isinstance(test_size, bool) or not _args.is_real(test_size):
        raise _args.type_error("train_test_split", "test_size", expected, test_size)
    if isinstance(test_size, float) and 0 < test_size < 1:
        n_test = math.ceil(test_size * n)
    elif isinstance(test_size, numbers.Integral) and test_size >= 1:
        n_test = int(test_size)
    else:
        raise _args.value_error("train_test_split", "test_size", expected, test_size)
    if not 1 <= n_test < n:
        raise ValueError(
            f"train_test_split: test_size={test_size!r} of {n} samples leaves {n - n_test} for training; "
            "expected at least one sample on each side"
        )
    order = list(range(n))
    random.Random(seed).shuffle(order)
    test, train = order[:n_test], order[n_test:]
    return [X[i] for i in train], [X[i] for i in test], [y[i] for i in train], [y[i] for i in test]


class Batches:
    """Mini-batches of ``(X_batch, y_batch)``; ``len()`` is how many per epoch.

    Each ``for`` loop over it (or over ``indexed()``, which also says which samples each
    batch holds) is one epoch: with ``shuffle`` the order is drawn afresh from its own
    seeded generator, so epochs differ but every run is the same.
    """

    def __init__(
        self,
        X: Sequence[Any],
        y: Sequence[Any],
        batch_size: int,
        shuffle: bool = True,
        seed: int | random.Random | None = None,
        drop_last: bool = False,
    ) -> None:
        X, y = samples("batches", X, y)
        batch_size = _args.integer("batches", "batch_size", batch_size, minimum=1)
        if drop_last and batch_size > len(X):
            raise ValueError(
                f"batches: batch_size {batch_size} with drop_last=True drops all {len(X)} samples; "
                "expected batch_size <= the number of samples"
            )
        self.X, self.y, self.batch_size, self.shuffle, self.drop_last = X, y, batch_size, shuffle, drop_last
        self.rng = seed if isinstance(seed, random.Random) else random.Random(0 if seed is None else seed)

    def __len__(self) -> int:
        full, rest = divmod(len(self.X), self.batch_size)
        return full + (1 if rest and not self.drop_last else 0)

    def __iter__(self) -> Iterator[tuple[list[Any], list[Any]]]:
        for _, X_batch, y_batch in self.indexed():
            yield X_batch, y_batch

    def indexed(self) -> Iterator[tuple[tuple[int, ...], list[Any], list[Any]]]:
        """One epoch of ``(indices, X_batch, y_batch)``: ``indices`` are the batch's positions in X."""
        order = list(range(len(self.X)))
        if self.shuffle:
            self.rng.shuffle(order)
        for start in range(0, len(self) * self.batch_size, self.batch_size):
            chosen = tuple(order[start : start + self.batch_size])
            yield chosen, [self.X[i] for i in chosen], [self.y[i] for i in chosen]


def batches(
    X: Sequence[Any],
    y: Sequence[Any],
    batch_size: int,
    shuffle: bool = True,
    seed: int | random.Random | None = None,
    drop_last: bool = False,
) -> Batches:
    """Split ``X, y`` into mini-batches of ``batch_size`` (the last one smaller unless ``drop_last``).

    1,000 samples with ``batch_size=100`` give 10 batches, so 10 updates per epoch.
    ``seed`` (an int, default 0, or a ``random.Random``) fixes the shuffling.
    """
    return Batches(X, y, batch_size, shuffle, seed, drop_last)


# ---- helpers ----------------------------------------------------------------------


def _shuffled(points: list[tuple[Row, Any]], rng: random.Random) -> tuple[list[Row], list[Any]]:
    rng.shuffle(points)
    return [point for point, _ in points], [label for _, label in points]


def _two_class_points(
    where: str,
    n_samples: int,
    minimum: int,
    noise: float,
    seed: int,
    labels: Sequence[Any],
    place: Callable[[int, random.Random], tuple[Row, bool]],
) -> tuple[list[Row], list[Any]]:
    """Check the shared arguments, then sample i is ``place(i, rng)``: its point and whether it has ``labels[1]``."""
    first, second = _check_two_labels(where, labels)
    _check_samples_and_noise(where, n_samples, minimum, noise)
    rng = random.Random(seed)
    points = []
    for i in range(n_samples):
        point, is_second = place(i, rng)
        points.append((point, second if is_second else first))
    return _shuffled(points, rng)


def _half(i: int, n_samples: int) -> tuple[bool, int, int]:
    """Is sample i in the first half, its index within its half, and its half's size (the odd one: second)."""
    n_first = n_samples // 2
    first = i < n_first
    return first, (i if first else i - n_first), (n_first if first else n_samples - n_first)


def _check_samples_and_noise(where: str, n_samples: object, minimum: int, noise: object) -> None:
    _args.integer(where, "n_samples", n_samples, minimum=minimum)
    _args.real(where, "noise", noise, non_negative=True)


def _check_two_labels(where: str, labels: object) -> tuple[Any, Any]:
    expected = "two different values like (0, 1) or (-1, 1)"
    if isinstance(labels, str) or not isinstance(labels, Sequence):
        raise _args.type_error(where, "labels", expected, labels)
    if len(labels) != 2 or labels[0] == labels[1]:
        raise _args.value_error(where, "labels", expected, labels)
    return labels[0], labels[1]


def samples(where: str, X: Any, y: Any, names: tuple[str, str] = ("X", "y")) -> tuple[Sequence[Any], Sequence[Any]]:
    """``X, y`` checked to be two lists of the same, non-zero length; other iterables (numpy arrays) as lists."""
    X, y = (data if isinstance(data, Sequence) or not isinstance(data, Iterable) else list(data) for data in (X, y))
    for name, seq in zip(names, (X, y)):
        if isinstance(seq, (str, bytes)) or not isinstance(seq, Sequence):
            raise _args.type_error(where, name, "a list", seq)
    if len(X) != len(y):
        raise ValueError(
            f"{where}: {names[0]} has {len(X)} samples but {names[1]} has {len(y)}; expected equal lengths"
        )
    if len(X) == 0:
        raise ValueError(f"{where}: got no samples; expected at least one")
    return X, y


def fingerprint(X: Sequence[Any], y: Sequence[Any]) -> str:
    """A digest of the data's numbers (ints and floats alike), so a tool can tell later whether it got the same data."""
    digest = hashlib.sha256()
    for row, target in zip(X, y):
        digest.update(f"{_numbers_text(row)}|{_numbers_text(target)}\n".encode())
    return digest.hexdigest()


def _numbers_text(item: Any) -> str:
    """A number, or a row of them, as exact text (1 and 1.0 alike); anything else as its repr."""
    if _args.is_real(item):
        return float(item).hex()
    if isinstance(item, Iterable) and not isinstance(item, (str, bytes)):  # a list, a tuple, a numpy row
        return " ".join(map(_numbers_text, item))
    return repr(item)
