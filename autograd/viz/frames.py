"""``frames``: the player's steps as one picture file per step (SVG, PNG or PDF), for slides.

The graph is laid out once, exactly as for the player; each frame redraws that layout
with Graphviz's ``nop2`` engine (positions and edge routes kept as they are) after
setting the step's texts and colours. Every table keeps its laid-out size, so nothing
moves from one frame to the next.
"""

from __future__ import annotations

import os
import pathlib
from collections.abc import Callable, Iterable
from xml.etree import ElementTree

import pygraphviz

from autograd import Value, topological_order
from autograd.files import write_atomic
from autograd.viz.dot import (
    DEFAULT_MAX_NODES,
    GRADIENT_COLOR,
    HIGHLIGHT_COLOR,
    ROLE_COLORS,
    node_id,
    node_roles,
    record_label,
)
from autograd.viz.player import player_graph
from autograd.viz.steps import Steps

PHASES = {
    "all": ("forward", "backward", "update"),
    "forward": ("forward",),
    "backward": ("backward",),
    "update": ("update",),
}
PENDING_FILL = "#f3f4f6"
PENDING_LINE = "#d1d5db"
_SVG = "{http://www.w3.org/2000/svg}"
FOCUS_FILL = "#fecaca"  # a fill, not a thicker border: the border would need room the layout did not give


def frames(
    root: Value,
    directory: str | os.PathLike,
    *,
    format: str = "svg",
    view: str = "all",
    params: Iterable[Value] | None = None,
    lr: float | None = None,
    number_format: str | Callable[[float], str] = "{:.4f}",
    rankdir: str = "LR",
    max_nodes: int = DEFAULT_MAX_NODES,
) -> list[pathlib.Path]:
    """Write one picture per step into ``directory`` ("step-001-forward.svg", ...) and return the paths.

    ``format`` is "svg", "png" or "pdf"; ``view`` picks the phases: "all" (default),
    "forward", "backward" or "update" (the last needs ``params`` and ``lr``).
    The steps, captions aside, are those of ``step_through``.
    """
    if view not in PHASES:
        raise ValueError(f"frames: view must be one of {', '.join(PHASES)}, got {view!r}")
    if view == "update" and params is None:
        raise ValueError("frames: view='update' needs params=[...] and lr= (the update to show)")
    params = None if params is None else list(params)
    steps, graph = player_graph(
        root, params=params, lr=lr, number_format=number_format, rankdir=rankdir, max_nodes=max_nodes
    )
    laid_out = pygraphviz.AGraph(string=graph.source)
    laid_out.layout(prog="dot")
    painter = _FramePainter(laid_out, topological_order(root), params, steps)
    folder = pathlib.Path(directory)
    written = []
    for k in range(len(steps.steps)):
        phase = steps.steps[k].phase
        if phase in PHASES[view]:
            painter.paint(k)
            picture = laid_out.draw(format=format, prog="nop2")
            written.append(write_atomic(folder / f"step-{k + 1:03d}-{phase}.{format}", picture))
    return written


class _FramePainter:
    """Sets the texts and colours of the laid-out graph to those of one step."""

    def __init__(
        self, laid_out: pygraphviz.AGraph, order: list[Value], params: list[Value] | None, steps: Steps
    ) -> None:
        self.graph = laid_out
        self.order = order
        self.roles = node_roles(order, params)
        self.steps = steps
        self.edges = {edge.attr["id"]: edge for edge in laid_out.edges()}
        # (attribute, text): large graphs carry their annotations as "xlabel" (see dot.py)
        self.edge_labels = {
            key: ("xlabel", edge.attr["xlabel"]) if edge.attr["xlabel"] else ("label", edge.attr["label"] or "")
            for key, edge in self.edges.items()
        }
        self.cell_widths = _cell_widths(laid_out.draw(format="svg", prog="nop2"))

    def paint(self, k: int) -> None:
        """Replay steps 0..k (as the player does) and set every node and edge accordingly."""
        texts = {key: dict(fields) for key, fields in self.steps.initial.items()}
        shown: set[str] = set()
        revealed: set[str] = set()
        for step in self.steps.steps[: k + 1]:
            for key, fields in step.texts.items():
                texts[key].update(fields)
            shown.update(step.show)
            revealed.update(step.reveal)
        focus = set(self.steps.steps[k].focus)
        for i, value in enumerate(self.order):
            key = node_id(i)
            fill = FOCUS_FILL if key in focus else ROLE_COLORS[self.roles[i]] if key in shown else PENDING_FILL
            label = record_label(
                value.label or f"#{i}",
                [texts[key]["data"], texts[key]["grad"]],
                fill,
                quiet_name=not value.label,
                cell_widths=self.cell_widths[key],
            )
            self.graph.get_node(key).attr["label"] = label
            if value.children:
                op = self.graph.get_node(f"{key}_op").attr
                op["color"] = op["fontcolor"] = (
                    HIGHLIGHT_COLOR if f"{key}_op" in focus else ("black" if f"{key}_op" in shown else PENDING_LINE)
                )
                op["penwidth"] = "3" if f"{key}_op" in focus else "1"
        for key, edge in self.edges.items():
            color = (
                HIGHLIGHT_COLOR
                if key in focus
                else GRADIENT_COLOR
                if key in revealed
                else ("black" if key in shown else PENDING_LINE)
            )
            edge.attr["color"] = edge.attr["fontcolor"] = color
            edge.attr["penwidth"] = "3" if key in focus else "1"
            attribute, text = self.edge_labels[key]
            edge.attr[attribute] = f"<{text}>" if key in revealed and text else ""


def _cell_widths(svg: bytes) -> dict[str, list[int]]:
    """The laid-out width (points, rounded down) of every cell of every Value node, read from the SVG.

    Graphviz draws an HTML table as: the fill polygon, one polygon per cell, the border polygon.
    """
    widths = {}
    for group in ElementTree.fromstring(svg).iter(f"{_SVG}g"):
        if "value" in group.get("class", "").split():
            cells = group.findall(f"{_SVG}polygon")[1:-1]
            widths[group.get("id")] = [int(_width(cell.get("points"))) for cell in cells]
    return widths


def _width(points: str) -> float:
    xs = [float(point.split(",")[0]) for point in points.split()]
    return max(xs) - min(xs)
