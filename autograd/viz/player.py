"""``step_through``: one self-contained HTML page that steps through a forward pass, a backward pass and an update.

The graph is laid out once (pygraphviz, in-process) into an inline SVG; the steps from
``autograd.viz.steps`` are embedded as JSON; ``player.js`` replays them by changing texts
and CSS classes only, so no node ever moves. The page loads nothing from the network: its
Content-Security-Policy allows only its own inline script and style (by hash).
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
from collections.abc import Callable, Iterable
from importlib import resources

from autograd import Value
from autograd.viz.dot import DEFAULT_MAX_NODES, ValueGraph, draw_dot, number_formatter
from autograd.viz.escape import html_text, script_json
from autograd.viz.notebook import Page, write_page
from autograd.viz.render import render
from autograd.viz.steps import Steps, build_steps

_MARKER = re.compile(r"\{\{([A-Z_]+)\}\}")


def step_through(
    root: Value,
    path: str | os.PathLike = "steps.html",
    *,
    params: Iterable[Value] | None = None,
    lr: float | None = None,
    number_format: str | Callable[[float], str] = "{:.4f}",
    rankdir: str = "LR",
    max_nodes: int = DEFAULT_MAX_NODES,
    title: str | None = None,
) -> Page:
    """Write the step-through player for ``root`` to ``path`` (atomically) and return it as a ``Page``.

    The page steps through the forward pass node by node, the backward pass edge by edge
    (``autograd.backward_steps``: upstream × local = contribution, with the sums where a
    node feeds several others), and — when ``params`` and ``lr`` are given — the update
    ``new = value − lr × grad`` of each parameter (shown only: no Value is changed).
    Controls: next / previous / play-pause / slider / ← → keys.

    The result is the path of the file (a ``pathlib.Path``); a notebook displays it as the player.
    """
    params = None if params is None else list(params)
    steps, graph = player_graph(
        root, params=params, lr=lr, number_format=number_format, rankdir=rankdir, max_nodes=max_nodes
    )
    svg = render(graph, "svg").decode("utf-8")
    name = root.label or "the output"
    page = player_page(svg, steps, title if title is not None else f"stepgrad: the steps that compute {name}")
    return write_page(path, page)


def player_graph(
    root: Value,
    *,
    params: list[Value] | None,
    lr: float | None,
    number_format: str | Callable[[float], str],
    rankdir: str,
    max_nodes: int,
) -> tuple[Steps, ValueGraph]:
    """The steps and the graph to lay out for them (the backward view, with room for every text)."""
    steps = build_steps(root, number_formatter(number_format), params, lr)
    graph = draw_dot(
        root,
        view="backward",
        rankdir=rankdir,
        number_format=number_format,
        max_nodes=max_nodes,
        params=params,
        name_every_node=True,
        backward_arrows=False,
        data_texts=steps.widest_data,
    )
    return steps, graph


def player_page(svg: str, steps: Steps, title: str) -> str:
    """The HTML page: the template with the SVG, the steps (as JSON), the style and the script filled in."""
    folder = resources.files("autograd.viz")
    template = folder.joinpath("player.html").read_text(encoding="utf-8")
    style = folder.joinpath("player.css").read_text(encoding="utf-8")
    script = folder.joinpath("player.js").read_text(encoding="utf-8")
    parts = {
        "TITLE": html_text(title),
        "STYLE": style,
        "SCRIPT": script,
        "STYLE_HASH": _csp_hash(style),
        "SCRIPT_HASH": _csp_hash(script),
        "SVG": svg[svg.index("<svg") :],  # drop the XML declaration and DOCTYPE
        "STEPS": script_json({"initial": steps.initial, "steps": [step._asdict() for step in steps.steps]}),
    }
    return _MARKER.sub(lambda match: parts[match.group(1)], template)  # one pass: inserted text is not rescanned


def _csp_hash(text: str) -> str:
    """The Content-Security-Policy source that allows exactly this inline script or style."""
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
