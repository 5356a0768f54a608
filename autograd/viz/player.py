"""``step_through``: one self-contained HTML page that steps through a forward pass, a backward pass and an update.

The graph is laid out once (pygraphviz, in-process) into an inline SVG — with every Value,
so expanding a collapsed unit never moves anything: a unit is a Graphviz cluster whose box
covers its members while it is folded. The steps from ``autograd.viz.steps`` are embedded as
JSON; ``player.js`` replays them by changing texts and CSS classes only, and pans and zooms
the SVG's view box. The page loads nothing from the network: its Content-Security-Policy
allows only its own inline script and style (by hash).
"""

from __future__ import annotations

import base64
import hashlib
import inspect
import os
import re
from collections.abc import Callable, Iterable, Mapping
from importlib import resources

from autograd import Value
from autograd._args import choice, real, text, type_error
from autograd.viz.description import COLORS, DEFAULT_MAX_NODES, GraphDescription, color_css, describe
from autograd.viz.dot import number_formatter, player_dot
from autograd.viz.escape import html_text, script_json, shorten
from autograd.viz.graph import ValueGraph
from autograd.viz.notebook import Page, checked_path, write_page
from autograd.viz.render import render
from autograd.viz.steps import PHASES, QUIZ_ABSOLUTE, QUIZ_RELATIVE, Step, Steps, build_steps

COLLAPSE = ("auto", None, "neuron", "layer")
QUICK_LAYOUT_FROM = 250  # Values: a larger graph is laid out with fewer crossing-reduction passes,
QUICK_LAYOUT_MCLIMIT = "0.1"  # which saves ~40% of Graphviz's time at 1,000 Values
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
    collapse: str | None = "auto",
    quiz: bool = False,
    names: Mapping[str, object] | None = None,
    view: str = "all",
) -> Page:
    """Write the step-through player for ``root`` to ``path`` (atomically) and return it as a ``Page``.

    The page steps through the forward pass node by node (in the order a learner computes),
    the backward pass edge by edge (``autograd.backward_steps``: upstream × local =
    contribution, with the op's local rule and the sums where a node feeds several others),
    and — when ``params`` and ``lr`` are given — the update ``new = value − lr × grad`` of
    each parameter (shown only: no Value is changed).

    ``collapse``  "auto" (default), None, "neuron" or "layer": the player opens with each neuron
                  (or layer) folded into one box whose steps play as one summary step; click a box
                  to expand it. "auto" folds an nn graph too big to read flat (more than 40 Values):
                  by neuron when that draws at most 24 boxes, else by layer; a small graph, or one
                  without nn units, opens flat. None: always flat.
    ``quiz``      predict, then reveal: before each step that computes a number the learner
                  types it, and the page says right or wrong with the arithmetic and keeps a score.
    ``names``     a mapping such as ``locals()``: unlabelled Values are called by their variable names.
    ``view``      the phases to step through: "all" (default), "forward", "backward" or "update"
                  (as ``frames``); the picture is the same.

    Controls: next / previous / play-pause / slider / ← → keys, jump to backward / update,
    pan (drag) and zoom (wheel, pinch, buttons, fit). Clicking a Value writes its gradient as
    the sum over paths to the output. ``page.html#step=14&hide=caption`` opens at step 14
    with the caption hidden. The result is the path of the file (a ``pathlib.Path``); a
    notebook displays it as the player.
    """
    options = {"params": params, "lr": lr, "number_format": number_format, "rankdir": rankdir,
               "max_nodes": max_nodes, "title": title, "collapse": collapse, "quiz": quiz, "names": names,
               "view": view}  # fmt: skip
    checked_path("step_through", path)  # before any work
    return write_page(path, _page(root, "step_through", **options), where="step_through")


def player_html(root: Value, **options: object) -> str:
    """The page ``step_through`` writes, as text: to embed a player in another page (nn's timeline does).

    Takes ``step_through``'s keyword options (``params``, ``lr``, ``collapse``, ``view``, …) with
    the same defaults; an unknown option is a TypeError.
    """
    known = {
        name: parameter.default
        for name, parameter in inspect.signature(step_through).parameters.items()
        if parameter.kind is parameter.KEYWORD_ONLY
    }
    unknown = sorted(set(options) - set(known))
    if unknown:
        raise TypeError(f"player_html: unknown option {unknown[0]!r}; the options are {', '.join(known)}")
    return _page(root, "player_html", **{**known, **options})


def _page(
    root: Value,
    where: str,
    *,
    params: Iterable[Value] | None,
    lr: float | None,
    number_format: str | Callable[[float], str],
    rankdir: str,
    max_nodes: int,
    title: str | None,
    collapse: str | None,
    quiz: bool,
    names: Mapping[str, object] | None,
    view: str,
) -> str:
    """The player's HTML for ``root``: arguments checked (errors name ``where``), size checked first."""
    if collapse is not None:
        choice(where, "collapse", collapse, tuple(mode for mode in COLLAPSE if mode is not None))
    choice(where, "view", view, PHASES)
    if view == "update" and params is None:
        raise ValueError(f"{where}: view='update' needs params=[...] and lr= (the update to show)")
    if not isinstance(quiz, bool):
        raise type_error(where, "quiz", "True or False", quiz)
    if title is not None:
        text(where, "title", title)
    if lr is not None:
        lr = real(where, "lr", lr)
    if isinstance(params, Iterable) and not isinstance(params, (str, bytes, Value)):
        params = list(params)  # read once: describe() and build_steps() both go through them
    description = describe(root, params=params, names=names, where=where)
    collapse = description.collapse_mode(collapse)
    description.check_size(  # before any step is built: a huge graph fails at once
        max_nodes, collapse, collapsed="step through a collapsed view ({hint})"
    )
    fmt = number_formatter(number_format, where)
    steps = build_steps(description, fmt, params, lr, quiz=quiz)
    if view != "all":
        steps = only(steps, PHASES[view])
    if not steps.steps:
        raise ValueError(f"{where}: view={view!r} has no steps to show (params is empty)")
    graph = layout(description, steps, fmt, rankdir, collapse is not None)
    svg = render(graph, "svg").decode("utf-8")
    name = description.nodes[-1].name if description.nodes[-1].named else "the output"
    heading = shorten(title) if title is not None else f"stepgrad: the steps that compute {name}"
    settings = {
        "collapse": collapse,
        "quiz": quiz,
        "tolerance": {"absolute": QUIZ_ABSOLUTE, "relative": QUIZ_RELATIVE},
    }
    return player_page(svg, steps, heading, graph_data(description), settings)


def only(steps: Steps, phases: tuple[str, ...]) -> Steps:
    """The steps of these phases alone. What the earlier phases computed stays on the picture: their
    texts and shown elements are carried into the first step kept (a backward-only player starts
    with the forward values in place). A forward-only player explains no gradient."""
    kept: list[Step] = []
    texts: dict[str, dict[str, str]] = {}
    shown: list[str] = []
    revealed: list[str] = []
    for step in steps.steps:
        if step.phase in phases:
            kept.append(step)
        elif not kept:
            for key, fields in step.texts.items():
                texts.setdefault(key, {}).update(fields)
            shown += step.show
            revealed += step.reveal
    if kept:
        first = kept[0]
        for key, fields in first.texts.items():
            texts.setdefault(key, {}).update(fields)
        kept[0] = first._replace(texts=texts, show=shown + first.show, reveal=revealed + first.reveal)
    explanations = steps.explanations if "backward" in phases else {}
    return steps._replace(steps=kept, explanations=explanations)


def layout(
    description: GraphDescription, steps: Steps, fmt: Callable[[float], str], rankdir: str, clusters: bool
) -> ValueGraph:
    """The graph to lay out: the player's view of every Value (``dot.player_dot``), and — for a
    collapsible player — one Graphviz cluster per unit (a layer's cluster holds its neurons')."""
    graph = player_dot(description, fmt, rankdir, steps.widest_data)
    if len(description.order) > QUICK_LAYOUT_FROM:
        graph.attr(mclimit=QUICK_LAYOUT_MCLIMIT)  # fewer crossing-reduction passes: layout time bounded
    if not clusters:
        return graph
    children: dict[str | None, list[str]] = {}
    for key, unit in steps.units.items():
        children.setdefault(unit["parent"], []).append(key)
    ops = {node.id: node.op_id for node in description.nodes}

    def add(parent: ValueGraph, key: str) -> None:
        unit = steps.units[key]
        inner = {member for child in children.get(key, []) for member in steps.units[child]["members"]}
        with parent.subgraph(name=unit["box"]) as box:
            box.attr(
                id=unit["box"],
                label=f"{unit['name']} · {unit['summary']}",
                tooltip=f"{unit['name']}: click to fold or unfold",
                style="rounded,dashed",
                color=COLORS["unit"],
                fontname="Helvetica,Arial,sans-serif",
                fontsize="11",
                labeljust="l",
                **{"class": f"unit-box {unit['mode']}"},
            )
            for member in unit["members"]:
                if member not in inner:
                    box.node(member)
                    if ops[member] is not None:
                        box.node(ops[member])
            for child in children.get(key, []):
                add(box, child)

    for key in children.get(None, []):
        add(graph, key)
    return graph


def graph_data(description: GraphDescription) -> dict[str, dict]:
    """What the page's script needs to know of the graph's shape (drawing only, never a number):
    ``users``: per Value id, the ``[edge, op, user, user's output edge]`` ids of each op that reads it
    (to highlight every path from a selected Value to the output); ``ops``: the Value each op made."""
    users: dict[str, list[list[str]]] = {node.id: [] for node in description.nodes}
    for edge in description.edges:
        user = description.nodes[edge.node]
        users[description.nodes[edge.child].id].append([edge.id, user.op_id, user.id, user.output_edge_id])
    ops = {node.op_id: node.id for node in description.nodes if node.op_id is not None}
    return {"users": users, "ops": ops}


def player_page(svg: str, steps: Steps, title: str, graph: dict | None = None, settings: dict | None = None) -> str:
    """The HTML page: the template with the SVG, the steps (as JSON), the style and the script filled in."""
    folder = resources.files("autograd.viz")
    template = folder.joinpath("player.html").read_text(encoding="utf-8")
    style = color_css() + folder.joinpath("player.css").read_text(encoding="utf-8")
    script = folder.joinpath("player.js").read_text(encoding="utf-8")
    data = {
        "initial": steps.initial,
        "steps": [step._asdict() for step in steps.steps],
        "units": steps.units or {},
        "explanations": steps.explanations or {},
        "users": (graph or {}).get("users", {}),
        "ops": (graph or {}).get("ops", {}),
        "settings": settings or {"collapse": None, "quiz": False},
    }
    parts = {
        "TITLE": html_text(title),
        "STYLE": style,
        "SCRIPT": script,
        "STYLE_HASH": _csp_hash(style),
        "SCRIPT_HASH": _csp_hash(script),
        "SVG": svg[svg.index("<svg") :],  # drop the XML declaration and DOCTYPE
        "STEPS": script_json(data),
    }
    return _MARKER.sub(lambda match: parts[match.group(1)], template)  # one pass: inserted text is not rescanned


def _csp_hash(text: str) -> str:
    """The Content-Security-Policy source that allows exactly this inline script or style."""
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
