"""The lessons' shared drawing: one figure style, atomic PNG saving, data points and decision boundaries.

matplotlib runs with the Agg backend (files only, no display), so the demos work on a
server, in CI and over ssh.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from .lesson import MissingDependency

try:
    import matplotlib
except ModuleNotFoundError as error:
    raise MissingDependency(
        "The lessons draw their pictures with matplotlib, which is not installed here. Run them with the "
        "project's environment (make demo, or .venv/bin/python -m demos.<lesson>) or install it: "
        "pip install 'stepgrad[demo]'",
        name="matplotlib",
    ) from error

matplotlib.use("Agg")  # before pyplot is imported: files only, no display

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure

from autograd.files import write_atomic
from nn import Module, predict

DATA = "#4c72b0"  # data points
MODEL = "#dd8452"  # the model's line or current point
GOOD = "#55a868"  # a reasonable setting
BAD = "#c44e52"  # a failing setting
SLOW = "#8172b3"  # a setting that works, slowly
CLASS_COLOURS = ("#4c72b0", "#dd8452")  # class 0 (or -1), class 1
REGION_COLOURS = ListedColormap(["#c9d6ea", "#f3d9c6"])


def new_figure(columns: int = 1, rows: int = 1, *, width: float = 5.0, height: float = 3.8) -> tuple[Figure, list]:
    """A figure with ``rows × columns`` axes (returned as a flat list), each ``width × height`` inches."""
    figure, axes = plt.subplots(
        rows, columns, figsize=(width * columns, height * rows), dpi=100, squeeze=False, layout="constrained"
    )
    return figure, [ax for row in axes for ax in row]


def save(figure: Figure, path: Path) -> Path:
    """Save ``figure`` as a PNG at ``path`` (atomically) and free it."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    plt.close(figure)
    return write_atomic(path, buffer.getvalue())


def scatter_classes(ax: Axes, X: Sequence[Sequence[float]], y: Sequence[float], **style: object) -> None:
    """Draw 2-D points coloured by their binary label (0/1 or -1/+1)."""
    for label_is_positive, colour in zip((False, True), CLASS_COLOURS):
        points = [row for row, label in zip(X, y) if (label > 0) == label_is_positive]
        ax.scatter([p[0] for p in points], [p[1] for p in points], s=18, color=colour, edgecolors="white", **style)


def decision_boundary(
    ax: Axes,
    model: Module,
    X: Sequence[Sequence[float]],
    y: Sequence[float],
    *,
    resolution: int = 40,
    margin: float = 0.4,
) -> None:
    """Shade where ``model`` says class 1 (score > 0) and where class 0, then draw the points on top.

    The model is evaluated with ``nn.predict`` (no graph recorded) on a ``resolution × resolution``
    grid covering the points; the boundary is the score's zero contour, drawn as a line.
    """
    xs = [row[0] for row in X]
    ys = [row[1] for row in X]
    left, right = min(xs) - margin, max(xs) + margin
    bottom, top = min(ys) - margin, max(ys) + margin
    grid_x = [left + (right - left) * i / (resolution - 1) for i in range(resolution)]
    grid_y = [bottom + (top - bottom) * j / (resolution - 1) for j in range(resolution)]
    scores = predict(model, [[gx, gy] for gy in grid_y for gx in grid_x])
    rows = [scores[j * resolution : (j + 1) * resolution] for j in range(resolution)]
    lowest, highest = min(scores), max(scores)
    if lowest < 0 < highest:
        ax.contourf(grid_x, grid_y, rows, levels=[lowest - 1, 0, highest + 1], cmap=REGION_COLOURS)
        ax.contour(grid_x, grid_y, rows, levels=[0], colors="#555555", linewidths=1)
    else:  # one class everywhere: no boundary to draw
        ax.set_facecolor(REGION_COLOURS.colors[int(lowest > 0)])
    scatter_classes(ax, X, y)
    ax.set_xlim(left, right)
    ax.set_ylim(bottom, top)
    ax.set_xticks([])
    ax.set_yticks([])
