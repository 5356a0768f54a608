"""Benchmark 1: one full-batch training step of MLP(2, [16, 16, 1]) on 100 moons points.

Every contender does the same work from the same starting weights: forward over the
batch, mean hinge loss + 1e-4·Σp², zero the gradients, backward, one SGD update.
Contenders: stepgrad's ``nn.train_step`` (with the cycle collector on, off as inside ``nn.fit``, and
after ``gc.freeze()``), stepgrad's engine driven micrograd-style (one node per ``*`` and
``+``, no fused weighted sum), micrograd as installed from PyPI (collector on, as shipped,
and off), the hand-written float version (``benchmarks.float_mlp``), and PyTorch scalar
tensors when torch is installed.
"""

from __future__ import annotations

import importlib.util
import itertools
import random
from collections.abc import Callable
from typing import Any

from benchmarks.float_mlp import FloatMLP, Layer
from benchmarks.timing import interleaved_times, with_gc

SIZES = [2, 16, 16, 1]
N_SAMPLES = 100
ALPHA = 1e-4
LR = 0.05


def initial_layers(sizes: list[int] = SIZES, seed: int = 0) -> list[Layer]:
    """Starting weights every contender copies: uniform in [-1, 1], biases 0 (as micrograd)."""
    rng = random.Random(seed)
    return [
        ([[rng.uniform(-1.0, 1.0) for _ in range(nin)] for _ in range(nout)], [0.0] * nout)
        for nin, nout in itertools.pairwise(sizes)
    ]


def flat_parameters(layers: list[Layer]) -> list[float]:
    """Layer by layer, neuron by neuron: w0..wn then b — the order of ``parameters()`` in nn and micrograd."""
    return [v for weights, biases in layers for w, b in zip(weights, biases) for v in (*w, b)]


def moons() -> tuple[list[list[float]], list[float]]:
    import nn

    X, y = nn.make_moons(n_samples=N_SAMPLES, noise=0.1, seed=0, labels=(-1, 1))
    return X, [float(label) for label in y]


def float_step(X: list[list[float]], y: list[float]) -> Callable[[], float]:
    model = FloatMLP(initial_layers())
    return lambda: model.step(X, y, ALPHA, LR)


def stepgrad_step(X: list[list[float]], y: list[float]) -> Callable[[], float]:
    """stepgrad as ``nn.fit`` runs it: ``nn.train_step`` with nn.MLP, nn.hinge + nn.l2 and nn.SGD."""
    import nn

    model = nn.MLP(2, SIZES[1:], seed=0)
    for p, value in zip(model.parameters(), flat_parameters(initial_layers())):
        p.data = value
    params = model.parameters()
    optimizer = nn.SGD(params, lr=LR)

    def loss_fn(scores: list, labels: list[float]) -> Any:
        return nn.hinge(scores, labels) + nn.l2(params, ALPHA)

    return lambda: nn.train_step(model, X, y, loss_fn, optimizer).data


def micrograd_style_model(scalar: Callable[[float], Any], layers: list[Layer]) -> tuple[Callable[[list], object], list]:
    """An MLP written as micrograd's nn writes it (one node per ``*`` and ``+``) for any scalar type.

    ``scalar`` makes one parameter from a float: a Value class (stepgrad's, micrograd's) or a
    factory such as a 0-d PyTorch tensor. Returns the model (inputs → score) and its
    parameters, copied from ``layers``.
    """
    values = [
        ([[scalar(w) for w in row] for row in weights], [scalar(b) for b in biases]) for weights, biases in layers
    ]
    params = flat_parameters(values)
    last = len(values) - 1

    def model(x: list) -> object:
        for index, (weights, biases) in enumerate(values):
            sums = [sum((wi * xi for wi, xi in zip(w, x)), b) for w, b in zip(weights, biases)]
            x = sums if index == last else [s.relu() for s in sums]
        return x[0]

    return model, params


def micrograd_style_step(Value: type, X: list[list[float]], y: list[float], zero: float) -> Callable[[], float]:
    """micrograd's moons demo, on any engine with micrograd's Value API (``zero``: its gradient reset)."""
    model, params = micrograd_style_model(Value, initial_layers())

    def step() -> float:
        inputs = [[Value(v) for v in row] for row in X]
        losses = [(1 + -label * model(x)).relu() for x, label in zip(inputs, y)]
        loss = sum(losses) * (1.0 / len(losses)) + ALPHA * sum(p * p for p in params)
        for p in params:
            p.grad = zero
        loss.backward()
        for p in params:
            p.data -= LR * p.grad
        return loss.data

    return step


def torch_step(X: list[list[float]], y: list[float]) -> Callable[[], float]:
    """PyTorch with one 0-d float64 tensor per scalar, micrograd-style (optional: needs torch)."""
    import torch

    model, params = micrograd_style_model(
        lambda v: torch.tensor(v, dtype=torch.float64, requires_grad=True), initial_layers()
    )

    def step() -> float:
        losses = [(1 - label * model(x)).relu() for x, label in zip(X, y)]
        loss = sum(losses) * (1.0 / len(losses)) + ALPHA * sum(p * p for p in params)
        for p in params:
            p.grad = None
        loss.backward()
        with torch.no_grad():
            for p in params:
                p -= LR * p.grad
        return loss.item()

    return step


def contenders(X: list[list[float]], y: list[float]) -> tuple[dict[str, Callable[[], float]], list[str]]:
    """The step functions to time, by row name, and the reasons for any left out."""
    from autograd import Value as StepgradValue

    skipped = []
    stepgrad = stepgrad_step(X, y)
    rows: dict[str, Callable[[], float]] = {
        "float (hand-written)": float_step(X, y),
        "stepgrad nn, gc on": with_gc("on", stepgrad),
        "stepgrad nn, gc off (as in nn.fit)": with_gc("off", stepgrad),
        "stepgrad nn, gc.freeze()": with_gc("freeze", stepgrad),
        "stepgrad engine, micrograd-style graph, gc on": with_gc("on", micrograd_style_step(StepgradValue, X, y, 0.0)),
    }
    if importlib.util.find_spec("micrograd") is None:
        skipped.append("micrograd: not installed (pip install micrograd, or `make bench`)")
    else:
        from micrograd.engine import Value as MicrogradValue

        rows["micrograd, gc on (as shipped)"] = with_gc("on", micrograd_style_step(MicrogradValue, X, y, 0))
        rows["micrograd, gc off"] = with_gc("off", micrograd_style_step(MicrogradValue, X, y, 0))
    if importlib.util.find_spec("torch") is None:
        skipped.append("torch: not installed (optional)")
    else:
        rows["torch scalar tensors (optional)"] = torch_step(X, y)
    return rows, skipped


def first_losses(rows: dict[str, Callable[[], float]]) -> dict[str, float]:
    """Each contender's loss on its first step: all start from the same weights, so they must agree."""
    return {name: step() for name, step in rows.items()}


def run(rounds: int, calls: int) -> tuple[dict[str, list[float]], dict[str, float], list[str]]:
    """Seconds of every timed step of each contender, their first-step losses, and what was skipped."""
    X, y = moons()
    rows, skipped = contenders(X, y)
    # The three "stepgrad nn" rows share one model: check its loss once.
    shared = ("stepgrad nn, gc off (as in nn.fit)", "stepgrad nn, gc.freeze()")
    losses = first_losses({name: step for name, step in rows.items() if name not in shared})
    return interleaved_times(rows, rounds, calls), losses, skipped
