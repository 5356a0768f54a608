"""Benchmark 4: drawing graphs (``autograd.viz``) — an SVG of a ~1,000-Value graph, and step-through players.

Graphs:
``one sample, micrograd-style``  one moons point through MLP(2, [16, 16, 1]) with one node per
                                 ``*`` and ``+`` (about 1,000 Values: the size issue 7 names).
``one sample, nn.MLP``           the same point through stepgrad's ``nn.MLP``, whose neurons are
                                 one fused weighted-sum node each (a smaller graph).
``neuron``                       one tanh neuron with 3 inputs (``nn.Neuron``).
``~200 Values``                  one point through a micrograd-style MLP(2, [6, 6, 1]) plus its hinge loss.
``Horner, N Values``             a polynomial by Horner's rule: one input feeds every step (high
                                 fan-out, the shape that once took 41 s at 122 Values).
"""

from __future__ import annotations

import importlib.util
import tempfile
from dataclasses import dataclass
from pathlib import Path

from benchmarks.timing import timed
from benchmarks.training import initial_layers, micrograd_style_model


@dataclass
class RenderResult:
    task: str
    values: int  # Values in the graph
    seconds: float


def _count(root: object) -> int:
    from autograd import topological_order

    return len(topological_order(root))


def horner(terms: int) -> object:
    """a0·x^(n-1) + … by Horner's rule: ``x`` feeds all ``terms - 1`` multiplications."""
    from autograd import Value

    x = Value(0.5, label="x")
    y = Value(1.0, label="a0")
    for k in range(1, terms):
        y = y * x + Value(0.1 * k, label=f"a{k}")
    return y


def graphs() -> dict[str, object]:
    """The roots of the graphs to draw, by name."""
    import nn
    from autograd import Value

    point = [0.5, -0.25]
    full_model, _ = micrograd_style_model(Value, initial_layers())
    mlp = nn.MLP(2, [16, 16, 1], seed=0)
    small_model, _ = micrograd_style_model(Value, initial_layers([2, 6, 6, 1], seed=1))
    return {
        "one sample, micrograd-style": full_model(point),
        "one sample, nn.MLP": mlp(point),
        "neuron": nn.Neuron(3, "tanh", seed=0)([2.0, 0.0, -1.0]),
        "~200 Values": (1 + -1.0 * small_model(point)).relu(),
        "Horner, 122 Values": horner(41),
        "Horner, 497 Values": horner(166),
    }


def run() -> tuple[list[RenderResult], str]:
    """Timings, or an empty list and the reason they could not be taken."""
    if importlib.util.find_spec("autograd.viz") is None:
        return [], "autograd.viz is not available"
    try:
        from autograd.viz import draw_dot, step_through
    except ImportError as error:
        return [], f"autograd.viz does not import: {error}"
    roots = graphs()
    results = []
    for name in ("one sample, micrograd-style", "one sample, nn.MLP"):
        root = roots[name]
        size = _count(root)
        seconds = timed(lambda root=root, size=size: draw_dot(root, max_nodes=size + 10).pipe(format="svg"))
        results.append(RenderResult(f"SVG of {name}", size, seconds))
    for name in ("Horner, 122 Values", "Horner, 497 Values"):
        root = roots[name]
        size = _count(root)
        seconds = timed(lambda root=root: draw_dot(root, view="backward").pipe(format="svg"))
        results.append(RenderResult(f"backward SVG of {name}", size, seconds))
    with tempfile.TemporaryDirectory() as directory:
        for name in ("neuron", "~200 Values", "Horner, 122 Values"):
            root = roots[name]
            size = _count(root)
            path = Path(directory) / "steps.html"
            seconds = timed(lambda root=root, path=path, size=size: step_through(root, path, max_nodes=size + 10))
            results.append(RenderResult(f"step_through, {name}", size, seconds))
    return results, ""
