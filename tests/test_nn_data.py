"""Datasets and batching: shapes, the courier rule, seeding, and the batch arithmetic."""

import math
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

import nn

MAKERS = [nn.make_moons, nn.make_circles, nn.make_xor, nn.make_spiral]


def test_make_linear_follows_the_courier_rule():
    X, y = nn.make_linear(200, noise=0.0, seed=1)
    assert len(X) == len(y) == 200 and all(len(row) == 1 for row in X)
    assert all(0.5 <= row[0] <= 10 for row in X)
    assert all(t == pytest.approx(100 * row[0] + 50) for row, t in zip(X, y))
    _, noisy = nn.make_linear(200, noise=3.0, seed=1)
    residuals = [n - t for n, t in zip(noisy, y)]
    assert 2.0 < math.sqrt(sum(r * r for r in residuals) / len(residuals)) < 4.0


@pytest.mark.parametrize("make", MAKERS)
def test_classification_sets_are_seeded_balanced_and_labelled(make):
    X, y = make(40, seed=3)
    assert make(40, seed=3) == (X, y) and make(40, seed=4)[0] != X
    assert len(X) == 40 and all(len(row) == 2 and all(isinstance(v, float) for v in row) for row in X)
    assert sorted(set(y)) == [0, 1] and y.count(0) == y.count(1) == 20
    _, signed = make(40, seed=3, labels=(-1, 1))
    assert [2 * label - 1 for label in y] == signed


def test_generators_leave_the_global_random_state_alone():
    random.seed(5)
    expected = random.random()
    random.seed(5)
    for make in [nn.make_linear, *MAKERS]:
        make(10, seed=1)
    nn.train_test_split(list(range(10)), list(range(10)))
    list(nn.batches(list(range(10)), list(range(10)), 3))
    assert random.random() == expected


def test_shapes_are_what_they_say():
    X, y = nn.make_circles(200, noise=0.0, seed=0)
    radii = {label: {round(math.hypot(*row), 9) for row, t in zip(X, y) if t == label} for label in (0, 1)}
    assert radii == {0: {1.0}, 1: {0.5}}
    X, y = nn.make_xor(100, noise=0.0, seed=0)
    assert all((row[0] * row[1] < 0) == (label == 1) for row, label in zip(X, y))
    X, y = nn.make_spiral(90, noise=0.0, seed=0, labels=("a", "b", "c"))
    assert sorted(set(y)) == ["a", "b", "c"] and all(math.hypot(*row) <= 1.0 + 1e-12 for row in X)


def test_train_test_split_partitions_the_data():
    X, y = list(range(10)), [10 * i for i in range(10)]
    X_train, X_test, y_train, y_test = nn.train_test_split(X, y, test_size=0.25, seed=0)
    assert len(X_test) == 3 and len(X_train) == 7  # ceil(2.5)
    assert sorted(X_train + X_test) == X
    assert all(t == 10 * x for x, t in zip(X_train + X_test, y_train + y_test))
    assert nn.train_test_split(X, y, test_size=4)[1] != X[:4]  # shuffled
    with pytest.raises(ValueError, match="leaves 0 for training"):
        nn.train_test_split(X, y, test_size=10)


def test_batches_count_sizes_and_coverage():
    X, y = list(range(1000)), list(range(1000))
    loader = nn.batches(X, y, 100, seed=0)
    chunks = list(loader)
    assert len(loader) == len(chunks) == 10 and all(len(xb) == 100 for xb, _ in chunks)
    assert sorted(x for xb, _ in chunks for x in xb) == X and all(xb == yb for xb, yb in chunks)
    X, y = list(range(25)), list(range(25))
    assert [len(xb) for xb, _ in nn.batches(X, y, 10)] == [10, 10, 5]  # last partial batch kept
    assert [len(xb) for xb, _ in nn.batches(X, y, 10, drop_last=True)] == [10, 10]
    assert next(iter(nn.batches(X, y, 10, shuffle=False)))[0] == list(range(10))


def test_batches_reshuffle_each_epoch_but_repeat_across_runs():
    X = list(range(20))
    loader = nn.batches(X, X, 5, seed=1)
    first, second = [xb for xb, _ in loader], [xb for xb, _ in loader]
    assert first != second
    again = nn.batches(X, X, 5, seed=1)
    assert [xb for xb, _ in again] == first


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: nn.batches([1, 2], [1], 1), "batches: X has 2 samples but y has 1"),
        (lambda: nn.batches([1, 2], [1, 2], 0), "batch_size must be a positive int, got 0"),
        (lambda: nn.make_moons(10, labels=(1, 1)), "labels must be two different values"),
        (lambda: nn.make_moons(10, noise=-1), "make_moons: noise must be >= 0, got -1"),
        (lambda: nn.make_circles(10, factor=1.5), r"make_circles: factor \(the inner radius\) must be between 0 and 1"),
        (lambda: nn.make_spiral(1, labels=(0, 1, 2)), "n_samples must be an int >= 3"),
    ],
)
def test_bad_arguments_are_clear_errors(call, message):
    with pytest.raises(ValueError, match=message):
        call()


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: nn.make_moons("10"), "make_moons: n_samples must be an int, got str '10'"),
        (
            lambda: nn.make_xor(10, labels=5),
            r"make_xor: labels must be two different values like \(0, 1\) or \(-1, 1\), got int 5",
        ),
        (lambda: nn.batches([1, 2], [1, 2], 1.5), r"batches: batch_size must be an int, got float 1\.5"),
        (
            lambda: nn.train_test_split([1, 2], [1, 2], test_size="half"),
            "train_test_split: test_size must be a fraction",
        ),
        (lambda: nn.batches("ab", [1, 2], 1), "batches: X must be a list, got str 'ab'"),
    ],
)
def test_the_wrong_kind_of_argument_is_a_type_error(call, message):
    with pytest.raises(TypeError, match=message):
        call()


@given(n=st.integers(1, 60), batch_size=st.integers(1, 70), drop_last=st.booleans(), seed=st.integers(0, 10))
def test_batches_cover_every_sample_once_per_epoch(n, batch_size, drop_last, seed):
    X = list(range(n))
    if drop_last and batch_size > n:
        with pytest.raises(ValueError, match="drops all"):
            nn.batches(X, X, batch_size, drop_last=drop_last)
        return
    loader = nn.batches(X, X, batch_size, seed=seed, drop_last=drop_last)
    chunks = [xb for xb, _ in loader]
    assert len(chunks) == len(loader) == (n // batch_size if drop_last else math.ceil(n / batch_size))
    seen = [x for chunk in chunks for x in chunk]
    assert len(seen) == len(set(seen)) and (drop_last or sorted(seen) == X)
    assert all(len(chunk) == batch_size for chunk in chunks[:-1])
