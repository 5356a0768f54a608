"""``frames``: the player's steps as one picture per step (SVG, PNG, PDF) or one animated GIF, for slides.

The graph is laid out once, exactly as for the player; each frame redraws that layout
with Graphviz's ``nop2`` engine (positions and edge routes kept as they are) after
setting the step's texts, colours and caption (the step's arithmetic, drawn under the
graph). Every table keeps its laid-out size, so nothing moves from one frame to the next.
"""

from __future__ import annotations

import io
import os
import pathlib
import re
import textwrap
from collections.abc import Callable, Iterable
from xml.etree import ElementTree

import pygraphviz

from autograd import Value
from autograd._args import choice, real
from autograd.files import write_atomic
from autograd.viz.description import COLORS, DEFAULT_MAX_NODES, describe
from autograd.viz.dot import number_formatter, player_dot, record_label
from autograd.viz.escape import label_text
from autograd.viz.render import rendering, reproducible
from autograd.viz.steps import PHASES, Steps, build_steps

FORMATS = ("svg", "png", "pdf", "gif")
GIF_NAME = "steps.gif"
CAPTION_CHARS = 90  # a caption is wrapped at this many characters a line
CAPTION_POINTS_PER_CHAR = 7.2  # Courier at 11 pt is 6.6; room for wider fallback glyphs (× − ²)
_OWN_FILES = re.compile(r"step-\d{3,}-(?:forward|backward|update)\.(?:svg|png|pdf)|" + re.escape(GIF_NAME))
_SVG = "{http://www.w3.org/2000/svg}"


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
    captions: bool = True,
    delay: float = 1.5,
) -> list[pathlib.Path]:
    """Write the steps of ``root``'s player into ``directory`` and return the paths written.

    ``format``   "svg", "png" or "pdf": one file per step ("step-001-forward.svg", ...);
                 "gif": one animated ``steps.gif`` with one frame per step.
    ``view``     the phases: "all" (default), "forward", "backward" or "update" (the last
                 needs ``params`` and ``lr``).
    ``captions`` draw each step's arithmetic (its caption) under the graph.
    ``delay``    seconds each GIF frame is shown.

    Frames an earlier call wrote into ``directory`` (files named as above) are removed
    first, so the folder holds exactly this run's frames; no other file is touched.
    The steps, captions included, are those of ``step_through``.
    """
    choice("frames", "format", format, FORMATS)
    choice("frames", "view", view, PHASES)
    if not isinstance(captions, bool):
        raise TypeError(f"frames: captions must be True or False, got {type(captions).__name__} {captions!r}")
    seconds = real("frames", "delay", delay, positive=True)
    if lr is not None:
        real("frames", "lr", lr)  # a finite number: an update by nan or inf shows nothing true
    if view == "update" and params is None:
        raise ValueError("frames: view='update' needs params=[...] and lr= (the update to show)")
    params = None if params is None else list(params)
    fmt = number_formatter(number_format, "frames")
    description = describe(root, params=params, where="frames")
    description.check_size(max_nodes, collapsed="draw a collapsed picture with draw_dot({hint})")
    steps = build_steps(description, fmt, params, lr)
    chosen = [k for k, step in enumerate(steps.steps) if step.phase in PHASES[view]]
    graph = player_dot(description, fmt, rankdir, steps.widest_data)
    laid_out = pygraphviz.AGraph(string=graph.source)
    caption_cell = _caption_cell([steps.steps[k].caption for k in chosen]) if captions else None
    if caption_cell is not None:
        laid_out.graph_attr.update(labelloc="b", labeljust="l", label=caption_cell(""))
    with rendering():
        laid_out.layout(prog="dot")
        painter = _FramePainter(laid_out, description, steps)
        pictures = []
        for k in chosen:
            painter.paint(k)
            if caption_cell is not None:
                laid_out.graph_attr["label"] = caption_cell(steps.steps[k].caption)
            picture = laid_out.draw(format="png" if format == "gif" else format, prog="nop2")
            pictures.append((f"step-{k + 1:03d}-{steps.steps[k].phase}.{format}", reproducible(picture, format)))
    folder = pathlib.Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    _remove_old_frames(folder)  # only once every new frame is drawn: a failure leaves the old ones
    if format == "gif":
        return [write_atomic(folder / GIF_NAME, animated_gif([picture for _, picture in pictures], seconds))]
    return [write_atomic(folder / name, picture) for name, picture in pictures]


def animated_gif(pngs: list[bytes], delay: float) -> bytes:
    """One looping GIF from PNG frames of one size, each shown ``delay`` seconds (Pillow; same bytes every run)."""
    from PIL import Image  # Pillow: needed only for GIFs

    images = [Image.open(io.BytesIO(png)).convert("RGB") for png in pngs]
    palette = [
        image.quantize(colors=255, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE) for image in images
    ]
    out = io.BytesIO()
    palette[0].save(out, format="GIF", save_all=True, append_images=palette[1:], duration=round(delay * 1000),
                    loop=0, optimize=False, disposal=1)  # fmt: skip
    return out.getvalue()


def _remove_old_frames(folder: pathlib.Path) -> None:
    """Remove what an earlier ``frames`` call wrote here (its file names only), so no stale frame is left."""
    for path in folder.iterdir():
        if _OWN_FILES.fullmatch(path.name) and path.is_file() and not path.is_symlink():
            path.unlink()


def _caption_cell(captions: list[str]) -> Callable[[str], str]:
    """A function caption -> graph label: a fixed-size cell big enough for the longest of ``captions``."""
    wrapped = [textwrap.wrap(caption, CAPTION_CHARS) or [""] for caption in captions]
    lines = max((len(w) for w in wrapped), default=1)
    chars = max((len(line) for w in wrapped for line in w), default=1)
    width, height = round(chars * CAPTION_POINTS_PER_CHAR) + 12, lines * 14 + 10

    def cell(caption: str) -> str:
        text = "<BR ALIGN='LEFT'/>".join(label_text(line) for line in textwrap.wrap(caption, CAPTION_CHARS))
        text = text or "&#160;"  # Graphviz refuses an empty FONT element
        return (
            f'<<TABLE BORDER="0" CELLPADDING="4"><TR><TD FIXEDSIZE="TRUE" WIDTH="{width}" HEIGHT="{height}" '
            f'ALIGN="LEFT" BALIGN="LEFT"><FONT FACE="Courier" POINT-SIZE="11">{text}</FONT></TD></TR></TABLE>>'
        )

    return cell


class _FramePainter:
    """Sets the texts and colours of the laid-out graph to those of one step."""

    def __init__(self, laid_out: pygraphviz.AGraph, description, steps: Steps) -> None:
        self.graph = laid_out
        self.description = description
        self.steps = steps
        self.edges = {edge.attr["id"]: edge for edge in laid_out.edges()}
        # (attribute, text): large or high-fan-out graphs carry their annotations as "xlabel" (see dot.py)
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
        for node in self.description.nodes:
            key = node.id
            fill = COLORS["focus"] if key in focus else COLORS[node.role] if key in shown else COLORS["pending-fill"]
            label = record_label(node.name, [texts[key]["data"], texts[key]["grad"]], fill,
                                 quiet_name=not node.named, cell_widths=self.cell_widths[key])  # fmt: skip
            self.graph.get_node(key).attr["label"] = label
            if node.op_id is not None:
                op = self.graph.get_node(node.op_id).attr
                op["color"] = op["fontcolor"] = _line_color(node.op_id, focus, shown)
                op["penwidth"] = "3" if node.op_id in focus else "1"
        for key, edge in self.edges.items():
            color = COLORS["gradient"] if key in revealed and key not in focus else _line_color(key, focus, shown)
            edge.attr["color"] = edge.attr["fontcolor"] = color
            edge.attr["penwidth"] = "3" if key in focus else "1"
            attribute, text = self.edge_labels[key]
            edge.attr[attribute] = f"<{text}>" if key in revealed and text else ""


def _line_color(key: str, focus: set[str], shown: set[str]) -> str:
    if key in focus:
        return COLORS["highlight"]
    return "black" if key in shown else COLORS["pending-line"]


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
