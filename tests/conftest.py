"""Shared test settings: hypothesis profiles (``HYPOTHESIS_PROFILE=thorough`` for a longer run), shared fixtures."""

import os

import pytest
from hypothesis import HealthCheck, settings

from autograd import Value
from tests.browser import browser  # noqa: F401  (one headless Chromium per browser-test module)

settings.register_profile("default", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", parent=settings.get_profile("default"), max_examples=1000)
# CI replays the same examples every run (a red CI run is then always reproducible locally with
# HYPOTHESIS_PROFILE=ci); developers' runs keep exploring new ones.
settings.register_profile("ci", parent=settings.get_profile("default"), derandomize=True, database=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") == "true" else "default"))


def _micrograd_readme(a, b):
    c = a + b
    d = a * b + b**3
    c += c + 1
    c += 1 + c + (-a)
    d += d * 2 + (b + a).relu()
    d += 3 * d + (b - a).relu()
    e = c - d
    f = e**2
    g = f / 2.0
    g += 10.0 / f
    return g


@pytest.fixture
def micrograd_readme():
    """The expression from micrograd's README as a function of two Values (stepgrad's or micrograd's); returns g."""
    return _micrograd_readme


def _lecture_neuron_sum():
    x1, x2 = Value(2.0, label="x1"), Value(0.0, label="x2")
    w1, w2 = Value(-3.0, label="w1"), Value(1.0, label="w2")
    b = Value(6.8813735870195432, label="b")
    n = x1 * w1 + x2 * w2 + b
    n.label = "n"
    return n, [w1, w2, b]


@pytest.fixture
def lecture_neuron_sum():
    """Builds the sum of micrograd's lecture neuron, n = x1·w1 + x2·w2 + b (tanh(n) = √½); returns (n, [w1, w2, b])."""
    return _lecture_neuron_sum


def _lecture_neuron():
    n, params = _lecture_neuron_sum()
    o = n.tanh()
    o.label = "o"
    return o, params


@pytest.fixture
def lecture_neuron():
    """Builds micrograd's lecture neuron o = tanh(x1·w1 + x2·w2 + b) = √½; returns (o, [w1, w2, b])."""
    return _lecture_neuron
