"""``timeline``: one self-contained HTML page to scrub through a recorded training run.

One time cursor drives four panels: the loss per step (validation per epoch, the learning
rate beneath), the data with the model's curve or decision boundary, the network with its
weights (or gradients), and — for one sample at a few recorded steps — the step-through
player of that step's forward and backward pass. Everything shown is computed here, in
Python, and embedded as data (numbers already formatted, pictures already drawn); the
page's script only switches between recorded snapshots. Like the step-through player, the
page loads nothing from the network: its Content-Security-Policy allows its own inline
script and style and those of the step-through pages it embeds (by hash), and ``data:``
images only. The step-throughs and the parameters' texts travel compressed (zlib, base64);
the browser's ``DecompressionStream`` opens them.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import math
import os
import pathlib
import re
import struct
import tempfile
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from operator import attrgetter
from typing import Any

from autograd import DomainError, Value, _args, enable_grad, no_grad, topological_order
from autograd.viz.escape import html_text, script_json
from autograd.viz.notebook import Page, write_page
from autograd.viz.player import step_through
from nn.activations import activation_name
from nn.data import fingerprint
from nn.layers import MLP, Layer, Linear, Neuron
from nn.losses import get_loss, mae, mse
from nn.module import Module
from nn.recording import Recording, Snapshot

_data = attrgetter("data")  # value.data, as a C-level function for map()
_MARKER = re.compile(r"\{\{([A-Z_]+)\}\}")
_CSP_SOURCES = re.compile(r"'(sha256-[A-Za-z0-9+/=]+)'")
SMALL_GRAPH = 30  # graphs with at most this many Values get a step-through at every recorded step ...
EVERY_STEP_LIMIT = 100  # ... up to this many (evenly spread beyond)
MAX_CLOSEUP_VALUES = 2000  # a bigger graph of one sample is not stepped through
LEVELS = 10  # line widths (and fill strengths) for |w| and |grad|
NEGATIVE_CODES = "abcdefghij"  # sign and strength of a weight, one character per edge and snapshot
POSITIVE_CODES = "klmnopqrst"
CURVE_POINTS = 120

# The page's geometry, in SVG user units.
LOSS_W, LOSS_H = 600, 300
LOSS_LEFT, LOSS_RIGHT, LOSS_TOP, LOSS_BOTTOM = 56, 590, 24, 196
LR_TOP, LR_BOTTOM = 226, 276
DATA_SIZE, DATA_PAD = 360, 20
NET_W, NET_H = 600, 340
NOTEBOOK_HEIGHT = 900  # CSS pixels of the page's frame in a notebook


def timeline(
    recording: Recording,
    X: Sequence[Any],
    y: Sequence[Any],
    path: str | os.PathLike = "training.html",
    *,
    loss: str | Callable[..., Value] | None = None,
    sample: int = 0,
    closeups: int = 5,
    grid: int = 30,
    number_format: str = "{:.4g}",
    title: str | None = None,
) -> Page:
    """Write the training timeline of ``recording`` (trained on ``X, y``) to ``path``; return the page.

    ``loss`` is the loss ``fit`` used (a name or a function): with it, the step-through
    shows the loss of sample ``sample`` and the decision boundary uses the right threshold;
    without it, the step-through shows the model's output. ``closeups`` recorded steps
    (the first, the last and evenly spread ones; every step for graphs of at most
    ``SMALL_GRAPH`` Values) get that step-through. ``grid`` × ``grid`` points draw the
    decision boundary of a model with two inputs. The returned ``Page`` is the path of the
    written file and shows itself inline in a notebook.
    """
    where = "timeline"
    if not isinstance(recording, Recording):
        raise _args.type_error(where, "recording", "an nn.Recording (from nn.Recorder().recording)", recording)
    if not recording.snapshots:
        raise ValueError(f"{where}: the recording has no steps; record a fit with callbacks=[recorder] first")
    if recording.model is None:
        raise ValueError(f"{where}: the recording holds no copy of the model ({recording.architecture}) to draw")
    rows, targets = _checked_data(recording, X, y)
    target = pathlib.Path(os.fspath(path))
    if target.is_dir():
        raise ValueError(f"{where}: path must be a file to write, got the directory {os.fspath(path)!r}")
    loss_fn = None if loss is None else get_loss(loss)
    sample = _args.integer(where, "sample", sample, minimum=0)
    if sample >= len(rows):
        raise _args.value_error(where, "sample", f"a position in X (0 to {len(rows) - 1})", sample)
    closeups = _args.integer(where, "closeups", closeups, minimum=0)
    grid = _args.integer(where, "grid", grid, minimum=2)
    fmt = _formatter(number_format)
    model = copy.deepcopy(recording.model)  # the recording's own copy stays untouched
    view = _View(recording, model, rows, targets, fmt, sample)
    if loss_fn is not None:
        _check_recorded_losses(view, loss_fn)
    frames = _snapshot_frames(view)
    data_svg = _data_panel(view, loss_fn, grid, frames)
    network_svg, network_note, parameter_texts = _network_panel(view, frames)
    closeup_pages, closeup_note = _closeups(view, loss_fn, sample, closeups, frames)
    heading = title if title is not None else f"stepgrad: how {_short(recording.architecture)} learned"
    data = {
        "frames": frames,
        "names": list(recording.parameter_names),
        "closeups": closeup_pages,
        "closeupNote": closeup_note,
        "networkNote": network_note,
        "parameterTexts": parameter_texts,
    }
    page = _page(heading, _loss_panel(view), data_svg, network_svg, data)
    return write_page(target, page, height=NOTEBOOK_HEIGHT)  # in a notebook, the page shows itself inline


# ---- checking the input -----------------------------------------------------------


def _checked_data(recording: Recording, X: Sequence[Any], y: Sequence[Any]) -> tuple[list[list[float]], list[Any]]:
    """``X`` as rows of floats and ``y`` as a list, after checking they are the data the recording was trained on."""
    where = "timeline"
    for name, value in (("X", X), ("y", y)):
        if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
            raise _args.type_error(where, name, "a list (the data given to fit)", value)
    if len(X) != len(y):
        raise ValueError(f"{where}: X and y must have the same length, got {len(X)} rows and {len(y)} targets")
    if len(X) != recording.sample_count:
        raise ValueError(
            f"{where}: X must be the data the recording was trained on: training used "
            f"{recording.sample_count} samples (positions 0 to {recording.sample_count - 1}), X has {len(X)} rows"
        )
    rows = []
    for i, row in enumerate(X):
        values = [row] if _args.is_real(row) else row
        if isinstance(values, (str, bytes)) or not isinstance(values, Sequence):
            raise _args.type_error(where, f"X[{i}]", "a list of numbers", row)
        if not all(_args.is_real(v) for v in values):
            raise _args.type_error(where, f"X[{i}]", "a list of numbers", row)
        rows.append([float(v) for v in values])
    if len({len(row) for row in rows}) > 1:
        raise ValueError(f"{where}: every row of X must have the same number of features, got {_lengths(rows)}")
    if recording.data_fingerprint is not None and fingerprint(X, y) != recording.data_fingerprint:
        raise ValueError(
            f"{where}: X, y must be the data the recording was trained on: the {len(X)} samples have the "
            "right count but not the same numbers"
        )
    return rows, list(y)


def _check_recorded_losses(view: _View, loss_fn: Callable[..., Value]) -> None:
    """The first and last recorded losses, recomputed on ``X, y``, must be the recorded ones (up to one l2 term).

    ``fit`` minimizes ``loss + l2·Σp²`` and the recording does not know ``l2``: the difference
    between the recorded and the recomputed loss, divided by Σp², must be one and the same
    number ≥ 0 at both steps.
    """
    finite = [s for s in view.recording.snapshots if math.isfinite(s.loss) and not s.diverged]
    strengths = []
    for snap in {id(s): s for s in (finite[:1] + finite[-1:])}.values():
        view.load(snap.before)
        try:
            with no_grad():
                predictions = [view.model(view.rows[i]) for i in snap.indices]
                computed = loss_fn(predictions, [view.targets[i] for i in snap.indices]).data
        except (DomainError, OverflowError, ZeroDivisionError):  # numbers too large: this step cannot tell
            continue
        except (TypeError, ValueError) as error:
            raise ValueError(f"timeline: X, y do not fit the recorded model and loss ({error})") from None
        squares = sum(p * p for p in snap.before) or 1.0
        strengths.append(((snap.loss - computed) / squares, snap, computed))
    for strength, snap, computed in strengths:
        if strength < -1e-9 or not math.isclose(strength, strengths[0][0], rel_tol=1e-6, abs_tol=1e-9):
            raise ValueError(
                "timeline: X must be the data the recording was trained on (and loss the loss it used): "
                f"the loss of step {snap.step}'s batch is {computed:.6g} on these data, "
                f"the recording says {snap.loss:.6g}"
            )


def _lengths(rows: list[list[float]]) -> str:
    return ", ".join(sorted({str(len(row)) for row in rows}, key=int))


# ---- what every panel shares: the recording, the model, the data ------------------------


@dataclass
class _View:
    recording: Recording
    model: Module
    rows: list[list[float]]
    targets: list[Any]
    fmt: Callable[[float], str]
    sample: int = 0  # the sample whose steps can be stepped through

    def load(self, parameters: Sequence[float]) -> None:
        """Put recorded parameter values into the model copy."""
        for p, value in zip(self.model.parameters(), parameters):
            p.data = value

    def outputs(self, points: Sequence[Sequence[float]]) -> list[Any]:
        """The model's outputs (floats, or lists of floats) at ``points``, without building a graph.

        Where the recorded parameters make the output incomputable (training diverged), it is NaN.
        """
        with no_grad():
            return [self._output(point) for point in points]

    def _output(self, point: Sequence[float]) -> Any:
        try:
            return _plain(self.model(list(point)))
        except (DomainError, OverflowError, ZeroDivisionError):
            return math.nan

    def evaluator(self, points: Sequence[Sequence[float]]) -> Callable[[Sequence[float]], list[Any]]:
        """A function: recorded parameters → the model's outputs at ``points``.

        nn's own layered models with built-in activations do the same operations whatever
        their parameters, so their graph at ``points`` is built once and re-evaluated op by
        op (each ``Op``'s forward) per snapshot: several times faster than calling the model
        again. Any other model is called again.
        """

        def call(parameters: Sequence[float]) -> list[Any]:
            self.load(parameters)
            return self.outputs(points)

        if not _fixed_graph(self.model):
            return call
        with enable_grad():
            results = [self.model(list(point)) for point in points]
        built = [_plain(result) for result in results]
        nodes, seen = [], set()
        for root in (v for result in results for v in (result if isinstance(result, list) else [result])):
            for node in topological_order(root):
                if node.children and id(node) not in seen:
                    seen.add(id(node))
                    nodes.append(node)

        steps = [(node, node.operation.forward, node.children) for node in nodes]

        def replay(parameters: Sequence[float]) -> list[Any]:
            self.load(parameters)
            try:
                for node, forward, children in steps:
                    node.data = forward(*map(_data, children))
            except (DomainError, OverflowError, ZeroDivisionError):  # diverged parameters: point by point
                return call(parameters)
            return [_plain(result) for result in results]

        current = [p.data for p in self.model.parameters()]
        return replay if replay(current) == built else call  # replaying the graph gives the model's own numbers


def _fixed_graph(model: Module) -> bool:
    """True for nn's Neuron, Layer, Linear and MLP with built-in activations: the graph never changes shape."""
    layers = _layers(model) if type(model) in (MLP, Layer, Linear, Neuron) else None
    return layers is not None and all(
        activation_name(neuron.activation) is not None for layer in layers for neuron in layer.neurons
    )


def _plain(output: Any) -> Any:
    if isinstance(output, Value):
        return output.data
    if isinstance(output, Sequence):
        return [_plain(item) for item in output]
    return float(output)


def _formatter(number_format: str) -> Callable[[float], str]:
    text = _args.text("timeline", "number_format", number_format, empty=False)
    try:
        text.format(-1.5)
    except (ValueError, IndexError, KeyError) as error:
        raise ValueError(f"timeline: number_format must be a format like '{{:.4g}}', got {text!r} ({error})") from None
    return lambda x: text.format(float(x))


def _short(architecture: str) -> str:
    return architecture.splitlines()[0]


# ---- per snapshot: the cursor, the readouts, the batch ----------------------------------


def _snapshot_frames(view: _View) -> list[dict[str, Any]]:
    """One dict per snapshot with everything the page shows for it, formatted."""
    recording, fmt = view.recording, view.fmt
    scale = _LossScale(recording)
    per_epoch = _steps_per_epoch(recording)
    frames = []
    snapshots = recording.snapshots
    for k, snap in enumerate(snapshots):
        of = f" of {per_epoch[snap.epoch]}" if snap.epoch in per_epoch else ""
        metrics = " · ".join(f"{name} {fmt(value)}" for name, value in snap.metrics.items())
        status = f"diverged: {snap.problem}" if snap.diverged else ""
        frames.append(
            {
                "step": snap.step,
                "epoch": snap.epoch,
                "where": f"step {snap.step} of {recording.steps} · epoch {snap.epoch} · batch {snap.batch}{of}",
                "loss": f"loss {fmt(snap.loss)} · lr {fmt(snap.lr)} · batch of {len(snap.indices)}",
                "lr": fmt(snap.lr),
                "metrics": (f"after epoch {snap.epoch - 1}: " + metrics) if metrics else "no epoch finished yet",
                "status": status,
                "x": scale.x(snap.step),
                "y": scale.y(snap.loss),
                "batch": list(snap.indices),
                "prevEpoch": _epoch_start(snapshots, k, -1),
                "nextEpoch": _epoch_start(snapshots, k, +1),
                "diverged": snap.diverged,
            }
        )
    return frames


def _steps_per_epoch(recording: Recording) -> dict[int, int]:
    """Updates per finished epoch, by epoch number."""
    ends = [0, *recording.epoch_ends]
    return {epoch: ends[epoch] - ends[epoch - 1] for epoch in range(1, len(ends))}


def _epoch_start(snapshots: list[Snapshot], k: int, direction: int) -> int:
    """The snapshot to go to for "previous epoch" (-1) or "next epoch" (+1) from snapshot ``k``."""
    epoch = snapshots[k].epoch
    if direction > 0:
        return next((j for j in range(k + 1, len(snapshots)) if snapshots[j].epoch > epoch), len(snapshots) - 1)
    first = next(j for j in range(len(snapshots)) if snapshots[j].epoch == epoch)
    if first < k:
        return first
    earlier = [j for j in range(k) if snapshots[j].epoch < epoch]
    if not earlier:
        return 0
    previous = snapshots[earlier[-1]].epoch
    return next(j for j in earlier if snapshots[j].epoch == previous)


# ---- panel 1: the loss ------------------------------------------------------------------


class _LossScale:
    """Where a step and a loss are drawn: linear steps; a log scale when the losses span a factor over 100."""

    def __init__(self, recording: Recording) -> None:
        self.steps = recording.steps
        values = [v for v in (*recording.step_loss, *recording.val_loss) if math.isfinite(v)]
        low, high = (min(values), max(values)) if values else (0.0, 1.0)
        self.log = low > 0 and high / low > 100
        if self.log:
            self.low, self.high = math.floor(math.log10(low)), math.ceil(math.log10(high))
        else:
            self.low, self.high = min(0.0, low), high if high > low else low + 1.0

    def x(self, step: float) -> float:
        span = max(self.steps - 1, 1)
        return round(LOSS_LEFT + (LOSS_RIGHT - LOSS_LEFT) * (step - 1) / span, 2)

    def y(self, loss: float) -> float:
        if not math.isfinite(loss):
            return LOSS_TOP
        value = math.log10(max(loss, 10.0**self.low)) if self.log else loss
        fraction = (value - self.low) / (self.high - self.low)
        return round(LOSS_BOTTOM - (LOSS_BOTTOM - LOSS_TOP) * min(max(fraction, 0.0), 1.0), 2)

    def ticks(self) -> list[tuple[float, str]]:
        if self.log:
            return [(10.0**e, f"1e{e}") for e in range(int(self.low), int(self.high) + 1)]
        return [(value, f"{value:g}") for value in _nice_ticks(self.low, self.high)]


def _nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values (1, 2 or 5 × 10ⁿ apart) between ``low`` and ``high``."""
    raw = (high - low) / count
    magnitude = 10.0 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    first = math.ceil(low / step)
    return [round(k * step, 12) for k in range(first, math.floor(high / step) + 1)]


def _loss_panel(view: _View) -> str:
    """The SVG of the loss per step, validation loss per epoch, learning rate, epoch boundaries and the cursor."""
    recording = view.recording
    scale = _LossScale(recording)
    parts = [f'<svg id="loss-svg" viewBox="0 0 {LOSS_W} {LOSS_H}" width="{LOSS_W}" height="{LOSS_H}" role="img">']
    parts.append(f'<text class="axis-title" x="4" y="{LOSS_TOP - 10}">loss{" (log scale)" if scale.log else ""}</text>')
    for value, label in scale.ticks():
        ty = scale.y(value)
        parts.append(f'<line class="grid" x1="{LOSS_LEFT}" x2="{LOSS_RIGHT}" y1="{ty}" y2="{ty}"/>')
        parts.append(f'<text class="tick" x="{LOSS_LEFT - 4}" y="{ty + 3}" text-anchor="end">{label}</text>')
    parts += _epoch_marks(recording, scale)
    points = _downsampled([(scale.x(i + 1), scale.y(v)) for i, v in enumerate(recording.step_loss)])
    parts.append(f'<polyline id="loss-line" class="loss" points="{_points(points)}"/>')
    for epoch, value in enumerate(recording.val_loss, start=1):
        if epoch <= len(recording.epoch_ends):
            cx, cy = scale.x(recording.epoch_ends[epoch - 1]), scale.y(value)
            parts.append(f'<circle class="val" cx="{cx}" cy="{cy}" r="2.5"/>')
    if recording.val_loss:
        parts.append(f'<text class="legend val-text" x="{LOSS_RIGHT}" y="{LOSS_TOP - 10}" text-anchor="end">')
        parts.append("● validation loss per epoch</text>")
    diverged = [s for s in recording.snapshots if s.diverged]
    for snap in diverged:
        parts.append(f'<text class="diverged-mark" x="{scale.x(snap.step)}" y="{LOSS_TOP + 10}">✕ diverged</text>')
    parts += _lr_strip(recording, scale)
    parts.append(f'<line id="loss-cursor" class="cursor" x1="0" x2="0" y1="{LOSS_TOP}" y2="{LR_BOTTOM}"/>')
    parts.append('<circle id="loss-dot" class="cursor-dot" cx="0" cy="0" r="4"/>')
    parts.append(f'<text class="axis-title" x="4" y="{LR_BOTTOM + 12}">step</text>')
    for step in [1, *(s for s in _nice_ticks(0, recording.steps) if 1 < s <= recording.steps)]:
        x = scale.x(step)
        parts.append(f'<text class="tick" x="{x}" y="{LR_BOTTOM + 12}" text-anchor="middle">{step:g}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _epoch_marks(recording: Recording, scale: _LossScale) -> list[str]:
    """Thin lines between epochs (every k-th one when there are many), some labelled with the epoch that starts."""
    starts = [end for end in recording.epoch_ends if end < recording.steps]  # the step before each new epoch
    if len(starts) >= recording.steps - 1:  # one update per epoch: every step is a boundary, draw none
        return []
    every = max(1, math.ceil(len(starts) / 20))
    marks = []
    for epoch, end in enumerate(starts, start=2):
        if (epoch - 1) % every:
            continue
        x = scale.x(end + 0.5)
        marks.append(f'<line class="epoch" x1="{x}" x2="{x}" y1="{LOSS_TOP}" y2="{LR_BOTTOM}"/>')
        if (epoch - 1) % (every * 5) == 0 or len(starts) <= 8:
            marks.append(f'<text class="tick" x="{x + 2}" y="{LOSS_BOTTOM + 11}">epoch {epoch}</text>')
    return marks


def _lr_strip(recording: Recording, scale: _LossScale) -> list[str]:
    """The learning rate per step, in a strip beneath the loss."""
    rates = [r for r in recording.step_lr if math.isfinite(r)]
    high = max(rates, default=1.0) or 1.0
    low = min(rates, default=0.0)
    span = high - min(low, 0.0) or 1.0

    def ly(rate: float) -> float:
        return round(LR_BOTTOM - (LR_BOTTOM - LR_TOP) * (rate - min(low, 0.0)) / span, 2)

    points = _downsampled([(scale.x(i + 1), ly(r)) for i, r in enumerate(recording.step_lr)])
    first, last = recording.step_lr[0], recording.step_lr[-1]
    text = f"learning rate {first:g}" + (f" → {last:g}" if last != first else "")
    return [
        f'<text class="axis-title" x="4" y="{LR_TOP - 6}">{html_text(text)}</text>',
        f'<line class="grid" x1="{LOSS_LEFT}" x2="{LOSS_RIGHT}" y1="{LR_BOTTOM}" y2="{LR_BOTTOM}"/>',
        f'<polyline id="lr-line" class="lr" points="{_points(points)}"/>',
    ]


def _downsampled(points: list[tuple[float, float]], limit: int = 2000) -> list[tuple[float, float]]:
    """At most ``limit`` points (every k-th and the last): more would not show on 534 pixels."""
    if len(points) <= limit:
        return points
    every = math.ceil(len(points) / limit)
    return points[::every] + ([points[-1]] if (len(points) - 1) % every else [])


def _points(points: list[tuple[float, float]]) -> str:
    return " ".join(f"{x:g},{y:g}" for x, y in points)


# ---- panel 2: the data and the model ------------------------------------------------------


def _data_panel(view: _View, loss_fn: Callable[..., Value] | None, grid: int, frames: list[dict[str, Any]]) -> str:
    """The SVG of the data with the model's curve (1 feature) or decision boundary (2 features)."""
    features = len(view.rows[0])
    head = f'<svg id="data-svg" viewBox="0 0 {DATA_SIZE} {DATA_SIZE}" width="{DATA_SIZE}" height="{DATA_SIZE}">'
    first_output = view.outputs([view.rows[0]])[0]
    if features not in (1, 2):
        why = f"The data has {features} features per sample: this panel draws 1 or 2."
    elif features == 1 and isinstance(first_output, list):
        why = f"The model has {len(first_output)} outputs: this panel draws the curve of one."
    elif features == 1 and not all(_args.is_real(t) for t in view.targets):
        why = "The targets are not numbers: this panel draws y against x."
    else:
        why = ""
    if why:
        for frame in frames:
            frame["picture"] = ""
        return head + f'<text id="data-note" class="note" x="20" y="180">{html_text(why)}</text></svg>'
    if features == 1:
        return head + _curve_panel(view, frames) + "</svg>"
    return head + _boundary_panel(view, loss_fn, grid, frames) + "</svg>"


class _Box:
    """Data coordinates → pixels of the data panel (y up), with 5% margins."""

    def __init__(self, xs: Sequence[float], ys: Sequence[float]) -> None:
        self.x0, self.x1 = _padded(xs)
        self.y0, self.y1 = _padded(ys)

    def px(self, x: float) -> float:
        inner = DATA_SIZE - 2 * DATA_PAD
        return round(DATA_PAD + inner * (x - self.x0) / (self.x1 - self.x0), 2)

    def py(self, y: float) -> float:
        inner = DATA_SIZE - 2 * DATA_PAD
        return round(DATA_SIZE - DATA_PAD - inner * (y - self.y0) / (self.y1 - self.y0), 2)


def _padded(values: Sequence[float]) -> tuple[float, float]:
    low, high = min(values), max(values)
    margin = (high - low) * 0.05 or 1.0
    return low - margin, high + margin


def _curve_panel(view: _View, frames: list[dict[str, Any]]) -> str:
    xs = [row[0] for row in view.rows]
    ys = [float(t) for t in view.targets]
    box = _Box(xs, ys)
    line = [box.x0 + (box.x1 - box.x0) * i / (CURVE_POINTS - 1) for i in range(CURVE_POINTS)]
    evaluate = view.evaluator([[x] for x in line])
    for frame, snap in zip(frames, view.recording.snapshots):
        heights = evaluate(snap.after)
        frame["picture"] = "M" + " L".join(f"{box.px(x):g},{_clamped(box.py(h)):g}" for x, h in zip(line, heights))
    parts = [f'<rect class="frame" x="{DATA_PAD}" y="{DATA_PAD}" width="{DATA_SIZE - 2 * DATA_PAD}"']
    parts.append(f' height="{DATA_SIZE - 2 * DATA_PAD}"/>')
    parts.append(_samples(view, box, ["sample"] * len(xs), ys))
    inner = DATA_SIZE - 2 * DATA_PAD
    parts.append(
        f'<clipPath id="inside"><rect x="{DATA_PAD}" y="{DATA_PAD}" width="{inner}" height="{inner}"/></clipPath>'
    )
    parts.append('<path id="model-curve" class="curve" clip-path="url(#inside)" d=""/>')
    parts.append(f'<text class="tick" x="{DATA_PAD}" y="{DATA_SIZE - 4}">x from {_g(box.x0)} to {_g(box.x1)}</text>')
    parts.append(
        f'<text class="tick" x="{DATA_PAD}" y="12">y from {_g(box.y0)} to {_g(box.y1)}; line: the model</text>'
    )
    return "".join(parts)


def _g(x: float) -> str:
    return f"{x:.3g}"


def _clamped(pixel: float) -> float:
    """Keep a curve point within a few panel heights (a huge prediction would make a huge path)."""
    return min(max(pixel, -DATA_SIZE), 2 * DATA_SIZE) if math.isfinite(pixel) else 2 * DATA_SIZE


def _samples(view: _View, box: _Box, classes: list[str], ys: Sequence[float] | None = None) -> str:
    """One circle per sample (id ``s<i>``); the page marks the current batch's."""
    parts = ['<g id="samples">']
    for i, row in enumerate(view.rows):
        cy = box.py(ys[i]) if ys is not None else box.py(row[1])
        kind = classes[i] + (" chosen" if i == view.sample else "")
        parts.append(f'<circle id="s{i}" class="{kind}" cx="{box.px(row[0])}" cy="{cy}" r="3.5"/>')
    parts.append("</g>")
    return "".join(parts)


class _Shading:
    """The colour of the model's output at a point: which class, and how sure (the distance from the threshold)."""

    PALETTE = ((245, 158, 11), (37, 99, 235), (22, 163, 74), (219, 39, 119), (124, 58, 237), (8, 145, 178))

    def __init__(self, loss_fn: Callable[..., Value] | None, targets: list[Any], output: Any) -> None:
        self.classes = len(output) if isinstance(output, list) else 0
        numbers = [float(t) for t in targets if _args.is_real(t)]
        if self.classes or len(numbers) != len(targets):
            self.threshold, self.scale = 0.0, 1.0
        else:
            regression = loss_fn is None or loss_fn in (mse, mae)  # else scores or logits: the boundary is at 0
            self.threshold = (min(numbers) + max(numbers)) / 2 if regression else 0.0
            self.scale = max(abs(t - self.threshold) for t in numbers) or 1.0

    def sample_class(self, target: Any) -> str:
        """The CSS class of a sample's dot: its class's colour (a target that is no number: one colour)."""
        if not _args.is_real(target):
            return "sample"
        if self.classes:
            return f"class{int(target) % len(self.PALETTE)}"
        return "class1" if float(target) > self.threshold else "class0"

    def colour(self, output: Any) -> tuple[int, int, int]:
        if not isinstance(output, list) and not math.isfinite(output):
            return (255, 255, 255)  # not computable there: white
        if self.classes:
            best = max(range(len(output)), key=output.__getitem__)
            return _mix(self.PALETTE[best % len(self.PALETTE)], 0.55)
        strength = min(max((output - self.threshold) / self.scale, -1.0), 1.0)
        return _mix(self.PALETTE[1] if strength > 0 else self.PALETTE[0], abs(strength) * 0.75)


def _mix(colour: tuple[int, int, int], amount: float) -> tuple[int, int, int]:
    """``colour`` mixed into white: 0 is white, 1 is the colour."""
    return tuple(round(255 + (c - 255) * amount) for c in colour)  # type: ignore[return-value]


def _boundary_panel(view: _View, loss_fn: Callable[..., Value] | None, grid: int, frames: list[dict[str, Any]]) -> str:
    box = _Box([row[0] for row in view.rows], [row[1] for row in view.rows])
    cells = [
        [box.x0 + (box.x1 - box.x0) * (i + 0.5) / grid, box.y1 - (box.y1 - box.y0) * (j + 0.5) / grid]
        for j in range(grid)
        for i in range(grid)
    ]
    evaluate = view.evaluator(cells)
    shading = _Shading(loss_fn, view.targets, evaluate(view.recording.snapshots[0].after)[0])
    for frame, snap in zip(frames, view.recording.snapshots):
        colours = [shading.colour(output) for output in evaluate(snap.after)]
        frame["picture"] = "data:image/png;base64," + base64.b64encode(_png(grid, grid, colours)).decode("ascii")
    inner = DATA_SIZE - 2 * DATA_PAD
    parts = [
        f'<image id="boundary" x="{DATA_PAD}" y="{DATA_PAD}" width="{inner}" height="{inner}" '
        'preserveAspectRatio="none" href=""/>',
        f'<rect class="frame" x="{DATA_PAD}" y="{DATA_PAD}" width="{inner}" height="{inner}"/>',
        _samples(view, box, [shading.sample_class(t) for t in view.targets]),
        f'<text class="tick" x="{DATA_PAD}" y="{DATA_SIZE - 4}">x₁ from {_g(box.x0)} to {_g(box.x1)}</text>',
        f'<text class="tick" x="{DATA_PAD}" y="12">x₂ from {_g(box.y0)} to {_g(box.y1)}; shade: the model</text>',
    ]
    return "".join(parts)


def _png(width: int, height: int, colours: Sequence[tuple[int, int, int]]) -> bytes:
    """An RGB PNG image of ``colours`` (row by row, from the top), written with the standard library."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    raw = b"".join(
        b"\x00" + bytes(c for colour in colours[r * width : (r + 1) * width] for c in colour) for r in range(height)
    )
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


# ---- panel 3: the network ---------------------------------------------------------------


def _layers(model: Module) -> list[Layer] | None:
    """The model as layers of neurons, or None for a model that is not a Neuron, Layer or MLP."""
    if isinstance(model, MLP):
        return list(model.layers)
    if isinstance(model, Layer):
        return [model]
    if isinstance(model, Neuron):
        return [_OneNeuron(model)]
    return None


class _OneNeuron:
    """A lone Neuron seen as a layer of one."""

    def __init__(self, neuron: Neuron) -> None:
        self.neurons = [neuron]
        self.nin = neuron.nin


def _network_panel(view: _View, frames: list[dict[str, Any]]) -> tuple[str, str, str]:
    """The SVG of neurons and weights (or why there is none), and the parameters' texts (compressed).

    Each frame gets the codes of its weights and gradients (sign and size of each parameter).
    """
    head = f'<svg id="net-svg" viewBox="0 0 {NET_W} {NET_H}" width="{NET_W}" height="{NET_H}">'
    layers = _layers(view.model)
    if layers is None:
        why = f"The network panel draws nn.Neuron, nn.Layer and nn.MLP models; this is {type(view.model).__name__}."
        return head + f'<text class="note" x="20" y="170">{html_text(why)}</text></svg>', why, ""
    index = {id(p): k for k, p in enumerate(view.model.parameters())}
    columns = [layers[0].nin, *[len(layer.neurons) for layer in layers]]
    xs = [40 + (NET_W - 80) * c / max(len(columns) - 1, 1) for c in range(len(columns))]
    ys = [[NET_H / 2 + (r - (n - 1) / 2) * min(24.0, (NET_H - 30) / max(n - 1, 1)) for r in range(n)] for n in columns]
    radius = max(3.0, min(8.0, (NET_H - 30) / max(columns) / 2.5))
    edges, hits, nodes = [], [], []
    for c, layer in enumerate(layers, start=1):
        for j, neuron in enumerate(layer.neurons):
            for i, w in enumerate(neuron.w):
                k = index[id(w)]
                ends = f'x1="{xs[c - 1]:.1f}" y1="{ys[c - 1][i]:.1f}" x2="{xs[c]:.1f}" y2="{ys[c][j]:.1f}"'
                edges.append(f'<line id="p{k}" class="param" data-param="{k}" {ends}/>')
                hits.append(f'<line class="hit" data-hit="{k}" {ends}/>')  # a wider line to point at
            b = index[id(neuron.b)] if neuron.b is not None else None
            bias = f'id="p{b}" data-param="{b}" data-hit="{b}" ' if b is not None else ""
            nodes.append(f'<circle {bias}class="neuron param" cx="{xs[c]:.1f}" cy="{ys[c][j]:.1f}" r="{radius:.1f}"/>')
    for i, y in enumerate(ys[0]):
        nodes.append(f'<circle class="input" cx="{xs[0]:.1f}" cy="{y:.1f}" r="{radius:.1f}"/>')
        nodes.append(f'<text class="tick" x="{xs[0] - radius - 3:.1f}" y="{y + 3:.1f}" text-anchor="end">x{i}</text>')
    _parameter_codes(view, frames)
    drawn = '<g id="edges">' + "".join(edges) + '</g><g id="hits">' + "".join(hits) + "</g>" + "".join(nodes)
    return head + drawn + "</svg>", "", _parameter_texts(view, frames)


def _parameter_texts(view: _View, frames: list[dict[str, Any]]) -> str:
    """Each snapshot's parameters before and after and their gradients, formatted, as one compressed text.

    Also marks each frame ``plain`` when its update was plain SGD (after = before − lr × grad),
    so the page may write the update that way. The texts are the bulk of a long run's page;
    compressed (``_deflated``) they take about a third of the room.
    """
    fmt = view.fmt
    table: dict[str, list[str]] = {"before": [], "grad": [], "after": []}
    for frame, snap in zip(frames, view.recording.snapshots):
        pairs = [update_texts(fmt, b, a) for b, a in zip(snap.before, snap.after)]
        table["before"].append(" ".join(before for before, _ in pairs))
        table["grad"].append(" ".join(map(fmt, snap.gradients)))
        table["after"].append(" ".join(after for _, after in pairs))
        frame["plain"] = not snap.diverged and all(
            math.isclose(a, b - snap.lr * g, rel_tol=1e-9, abs_tol=1e-12)
            for b, g, a in zip(snap.before, snap.gradients, snap.after)
        )
    return _deflated(json.dumps(table, separators=(",", ":")))


def update_texts(fmt: Callable[[float], str], before: float, after: float) -> tuple[str, str]:
    """``before`` and ``after`` formatted, with more significant digits where ``fmt`` would show a change as none."""
    shown = fmt(before), fmt(after)
    digits = 5
    while shown[0] == shown[1] and before != after and digits <= 17:
        shown = f"{before:.{digits}g}", f"{after:.{digits}g}"
        digits += 1
    return shown


def _parameter_codes(view: _View, frames: list[dict[str, Any]]) -> None:
    """One character per parameter: its sign and its size in ``LEVELS`` steps (weights: of the largest |w| ever)."""
    largest = max((abs(v) for s in view.recording.snapshots for v in s.after if math.isfinite(v)), default=1.0)
    for frame, snap in zip(frames, view.recording.snapshots):
        frame["weights"] = _codes(snap.after, largest or 1.0)
        steepest = max((abs(g) for g in snap.gradients if math.isfinite(g)), default=1.0)
        frame["grads"] = _codes(snap.gradients, steepest or 1.0)


def _codes(values: Sequence[float], largest: float) -> str:
    out = []
    for v in values:
        level = min(LEVELS - 1, int(LEVELS * abs(v) / largest)) if math.isfinite(v) else LEVELS - 1
        out.append((POSITIVE_CODES if v >= 0 else NEGATIVE_CODES)[level])
    return "".join(out)


# ---- panel 4: one step up close ----------------------------------------------------------


def _closeups(
    view: _View, loss_fn: Callable[..., Value] | None, sample: int, count: int, frames: list[dict[str, Any]]
) -> tuple[list[dict[str, str]], str]:
    """Step-through pages (compressed) of sample ``sample`` at a few recorded steps."""
    for frame in frames:
        frame["closeup"] = -1
    snapshots = view.recording.snapshots
    what = "its loss" if loss_fn is not None else "the model's output"
    row, target = view.rows[sample], view.targets[sample]
    view.load(snapshots[0].before)
    root = _sample_graph(view, loss_fn, row, target)
    if root is None:
        return [], "The model has several outputs: pass loss= to step through the loss of one sample."
    size = len(topological_order(root))
    if size > MAX_CLOSEUP_VALUES:
        return (
            [],
            f"The graph of one sample has {size} Values: too many to step through (at most {MAX_CLOSEUP_VALUES}).",
        )
    small = size <= SMALL_GRAPH
    usable = [k for k, snap in enumerate(snapshots) if not snap.diverged]
    chosen = [usable[i] for i in _spread(len(usable), min(len(usable), EVERY_STEP_LIMIT) if small else count)]
    pages, failed = [], []
    with tempfile.TemporaryDirectory() as folder:  # step_through writes a file; the page embeds its text
        for k in chosen:
            snap = snapshots[k]
            view.load(snap.before)
            heading = f"sample #{sample} at step {snap.step} (epoch {snap.epoch}): {what}, with the parameters before"
            try:
                root = _sample_graph(view, loss_fn, row, target)
                player = step_through(
                    root, pathlib.Path(folder, "step.html"), max_nodes=MAX_CLOSEUP_VALUES, title=heading
                )
            except (DomainError, OverflowError, ZeroDivisionError):  # numbers too large to differentiate
                failed.append(str(snap.step))
                continue
            page = player.read_text(encoding="utf-8")
            frames[k]["closeup"] = len(pages)
            pages.append({"step": str(snap.step), "title": heading, "page": _deflated(page), "csp": _csp_sources(page)})
    if len(pages) == len(snapshots):
        where = f"every recorded step ({len(pages)}): open it at any step"
    else:
        where = "steps " + ", ".join(page["step"] for page in pages)
    shown = view.fmt(target) if _args.is_real(target) else str(target)
    note = f"Sample #{sample} (x = {', '.join(map(view.fmt, row))}; target {shown}): step-through at {where}."
    if failed:
        note += f" Not at steps {', '.join(failed)}: its numbers are too large to differentiate."
    return pages, note


def _sample_graph(view: _View, loss_fn: Callable[..., Value] | None, row: list[float], target: Any) -> Value | None:
    """The graph of one sample: the model's output, or its loss when ``loss_fn`` is given."""
    with enable_grad():  # also when the page is written inside no_grad
        output = view.model([Value(x, label=f"x{i}") for i, x in enumerate(row)])
        if loss_fn is None:
            return output if isinstance(output, Value) else None
        root = loss_fn([output], [target])
    root.label = "loss"
    return root


def _spread(n: int, count: int) -> list[int]:
    """``count`` positions spread evenly over ``range(n)``, always with the first and the last."""
    if count <= 0 or n == 0:
        return []
    if count == 1:
        return [n - 1]
    return sorted({round(k * (n - 1) / (count - 1)) for k in range(count)})


def _deflated(page: str) -> str:
    """The page compressed (zlib), as base64: the browser's DecompressionStream("deflate") reads it back."""
    return base64.b64encode(zlib.compress(page.encode("utf-8"), 9)).decode("ascii")


def _csp_sources(page: str) -> list[str]:
    """The script and style hashes an embedded player page's own policy allows."""
    policy = page[page.index("Content-Security-Policy") : page.index(">", page.index("Content-Security-Policy"))]
    return _CSP_SOURCES.findall(policy)


# ---- the page ---------------------------------------------------------------------------


def _page(title: str, loss_svg: str, data_svg: str, network_svg: str, data: dict[str, Any]) -> str:
    folder = resources.files("nn")
    template = folder.joinpath("timeline.html").read_text(encoding="utf-8")
    style = folder.joinpath("timeline.css").read_text(encoding="utf-8") + _code_styles()
    script = folder.joinpath("timeline.js").read_text(encoding="utf-8")
    embedded = sorted({source for page in data["closeups"] for source in page.pop("csp")})
    parts = {
        "TITLE": html_text(title),
        "STYLE": style,
        "SCRIPT": script,
        "SCRIPT_SOURCES": " ".join(f"'{s}'" for s in [_csp_hash(script), *embedded]),
        "STYLE_SOURCES": " ".join(f"'{s}'" for s in [_csp_hash(style), *embedded]),
        "LOSS_SVG": loss_svg,
        "DATA_SVG": data_svg,
        "NET_SVG": network_svg,
        "DATA": script_json(data),
    }
    return _MARKER.sub(lambda match: parts[match.group(1)], template)


def _code_styles() -> str:
    """CSS for the parameter codes: orange for negative, blue for positive, thicker and stronger for larger."""
    rules = []
    for level in range(LEVELS):
        width = 0.4 + 4.6 * level / (LEVELS - 1)
        alpha = 0.25 + 0.75 * level / (LEVELS - 1)
        for codes, colour in ((NEGATIVE_CODES, "245, 158, 11"), (POSITIVE_CODES, "37, 99, 235")):
            c = codes[level]
            rules.append(f"line.code-{c} {{ stroke: rgba({colour}, {alpha:.2f}); stroke-width: {width:.2f}px; }}")
            rules.append(f"circle.code-{c} {{ fill: rgba({colour}, {alpha:.2f}); }}")
    return "\n".join(rules) + "\n"


def _csp_hash(text: str) -> str:
    """The Content-Security-Policy source that allows exactly this inline script or style."""
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
