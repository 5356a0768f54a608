"""One description of the graph behind a root: what every picture and the player are built from.

``describe(root, ...)`` reads the graph once, through the engine's public API, and fixes
everything the views must agree on, so what is named, coloured and collapsed is the same in
``draw_dot``, ``frames``, the collapsed view, the worksheet and the step-through player.

Contract (for the player and every other view)::

    d = describe(root, params=None, names=None, where="step_through")
    d.check_size(max_nodes, collapse=None)   call FIRST: raises GraphTooLargeError before any work
    d.order, d.index         one topological order (root last) and {Value: position}
    d.nodes[i]               Node(id "v3", op_id "v3_op" or None, output_edge_id "e3_out" or None,
                             role, name, named). name: the label as shown (cut with
                             ``escape.shorten``, the one cut for pictures, captions and titles)
                             or a default from the op ("tanh#1", "mul#2", "const#1"); named:
                             False for defaults
    d.edges                  Edge(id "e3_0", node 3, position 0, child 1), forward order;
    d.backward               the ONE ``autograd.backward_steps(root)`` run (computed once, cached)
    d.gradients              d(root)/d(node) per node, from that run (root: 1.0)
    d.boxes(mode)            per node: the index of the unit box that absorbs it, or None
    d.units(mode)            Unit(id "u7", index, mode, name, members, summary, role), natural order
    d.collapse_mode(mode)    "auto" resolved for this graph (None, "neuron" or "layer"); other modes as given
    COLORS                   the one colour table; ``color_css()`` writes it as CSS custom
                             properties (``--stepgrad-input: #dbeafe`` ...) for a page's style
    dot.player_dot(d, fmt, rankdir, data_texts)   the graph a player or ``frames`` lays out
    expression_text(op, names)   "a + b", "tanh(n)": how an op reads; NOT_COMPUTED ("—")

Ids are positions in the topological order, so the same graph always gets the same ids.
Roles: "output" (the root), "intermediate" (made by an op), "parameter" (a leaf given in
``params``; without ``params``, a leaf nn labelled as a weight or bias, ``L1.n0.w0``, ``L1.n0.b``)
and "input" (every other leaf).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cached_property
from typing import NamedTuple

from autograd import BackwardStep, Value, backward_steps, topological_order
from autograd._args import integer, shown
from autograd.viz.collapse import MODES, layer_name, owners
from autograd.viz.escape import printable, shorten
from autograd.viz.names import names_by_value

ROLES = ("input", "parameter", "intermediate", "output")
COLORS = {
    "input": "#dbeafe",
    "parameter": "#fde68a",
    "intermediate": "#ffffff",
    "output": "#bbf7d0",
    "unit": "#e9d5ff",
    "highlight": "#dc2626",
    "gradient": "#c2410c",
    "focus": "#fecaca",
    "pending-fill": "#f3f4f6",
    "pending-line": "#d1d5db",
    "quiet-text": "#6b7280",
}
DEFAULT_MAX_NODES = 500
AUTO_FLAT_UP_TO = 40  # Values: a graph this small (the lecture's neuron, one nn neuron) opens flat
AUTO_NEURON_UP_TO = 24  # boxes: an nn graph whose neuron view draws at most this many opens by neuron, else by layer
NOT_COMPUTED = "—"  # a gradient (or value) before its pass has run: not computed yet, which is not zero

_NN_WEIGHT = re.compile(r"\.w\d+$")
_NN_BIAS = re.compile(r"\.b$")
_OP_WORDS = {"+": "add", "-": "sub", "*": "mul", "/": "div", "Σw·x": "sum"}
_NATURAL = re.compile(r"(\d+)")


class GraphTooLargeError(ValueError):
    """The graph has more nodes than ``max_nodes``: drawing it would be slow and unreadable."""


class Node(NamedTuple):
    """One Value as every view shows it."""

    id: str  # "v3": DOT id, SVG id, player id
    op_id: str | None  # "v3_op" for a Value an op made, None for a leaf
    output_edge_id: str | None  # "e3_out": the edge from the op oval to the Value
    role: str  # one of ROLES
    name: str  # what pictures and captions call it (shown as typed, cut to the label limit)
    named: bool  # True when ``name`` is the user's (or nn's) label, False for a default like "tanh#1"


class Edge(NamedTuple):
    """The edge from operand ``position`` (the Value at ``child``) into the op of the Value at ``node``."""

    id: str
    node: int
    position: int
    child: int


class Unit(NamedTuple):
    """A box of the collapsed view: a neuron (``mode="neuron"``) or a layer (``mode="layer"``)."""

    id: str  # "u7"
    index: int  # the representative unit's position (the unit nearest the root)
    mode: str
    name: str  # "L1.n0", or "L1" for a layer
    members: tuple[int, ...]  # positions of the Values inside, in topological order
    summary: str  # what it holds: "2 weights + bias", "4 neurons, 12 parameters"
    role: str  # "output" when it holds the root, else "unit"


def node_id(index: int) -> str:
    """The id of the Value at ``index`` in the topological order."""
    return f"v{index}"


def op_id(index: int) -> str:
    """The id of the operation that made the Value at ``index``."""
    return f"v{index}_op"


def edge_id(index: int, position: int) -> str:
    """The id of the edge from operand ``position`` into the operation of the Value at ``index``."""
    return f"e{index}_{position}"


def output_edge_id(index: int) -> str:
    """The id of the edge from an operation to the Value it made."""
    return f"e{index}_out"


def unit_id(index: int) -> str:
    """The id of a collapsed box whose representative unit is at ``index``."""
    return f"u{index}"


def natural_key(text: str) -> tuple:
    """A sort key that puts "n2" before "n10" (numbers compared as numbers)."""
    return tuple(int(part) if part.isdigit() else part for part in _NATURAL.split(text))


def is_nn_parameter(label: str) -> bool:
    """True for nn's weight and bias labels ("L1.n0.w0", "L1.n0.b"); False for a bare "b" or "w1"."""
    return bool(_NN_WEIGHT.search(label) or _NN_BIAS.search(label))


def color_css(selector: str = ":root") -> str:
    """The colour table as CSS custom properties: ``:root { --stepgrad-input: #dbeafe; ... }``."""
    body = " ".join(f"--stepgrad-{key}: {color};" for key, color in COLORS.items())
    return f"{selector} {{ {body} }}\n"


def default_name(op: str) -> str:
    """The word a default name starts with: "tanh", "mul" for "*", "pow" for "**2", "const" for a leaf."""
    if not op:
        return "const"
    if op.startswith("**"):
        return "pow"
    if op in _OP_WORDS:
        return _OP_WORDS[op]
    return op if op.isidentifier() else "op"


def expression_text(op: str, operands: list[str]) -> str:
    """How an operation reads with its operands' names: "a + b", "x**2", "-x", "tanh(n)", "myop(a, b)"."""
    if op in ("+", "-", "*", "/", "**") and len(operands) == 2:
        return f"{operands[0]} {op} {operands[1]}"
    if op.startswith("**") and len(operands) == 1:
        return f"{operands[0]}{op}"
    if op == "neg" and len(operands) == 1:
        return f"-{operands[0]}"
    return f"{printable(op)}({', '.join(operands)})"


def describe(
    root: Value,
    *,
    params: Iterable[Value] | None = None,
    names: Mapping[str, object] | None = None,
    where: str = "draw_dot",
) -> GraphDescription:
    """The description of the graph that computed ``root`` (see the module docstring).

    ``params``  the leaves to treat as parameters (default: nn's weight and bias labels).
    ``names``   a mapping such as ``locals()``: an unlabelled Value bound to a name there is
                called by that name (see ``autograd.viz.names``); labels keep priority.
    ``where``   the public function asking, for error messages.
    """
    if not isinstance(root, Value):
        raise TypeError(f"{where}: expected a Value to draw, got {type(root).__name__} {shown(root)}")
    return GraphDescription(root, params, names, where)


class GraphDescription:
    """The graph behind one root, read once; built by ``describe``."""

    def __init__(
        self, root: Value, params: Iterable[Value] | None, names: Mapping[str, object] | None, where: str
    ) -> None:
        self.root = root
        self.where = where
        self.order = topological_order(root)
        self.index = {node: i for i, node in enumerate(self.order)}
        self.params = None if params is None else _checked_params(params, self.index, where)
        self._given = names_by_value(names, where) if names is not None else {}
        self._boxes: dict[str | None, list[int | None]] = {}
        self._units: dict[str, list[Unit]] = {}

    @cached_property
    def nodes(self) -> list[Node]:
        """Every Value as the views show it, in topological order (built on first use: ``check_size`` needs none)."""
        given = self._given
        counts: dict[str, int] = {}
        nodes = []
        last = len(self.order) - 1
        for i, value in enumerate(self.order):
            label = value.label
            if not isinstance(label, str):
                raise TypeError(
                    f"{self.where}: the label of {_describe_value(value)} must be a str, got "
                    f"{type(label).__name__} {shown(label)}"
                )
            if label:
                name, named = shorten(printable(label)), True
            elif value in given:
                name, named = shorten(printable(given[value])), True
            else:
                word = default_name(value.op)
                counts[word] = counts.get(word, 0) + 1
                name, named = f"{word}#{counts[word]}", False
            if i == last:
                role = "output"
            elif value.children:
                role = "intermediate"
            elif (value in self.params) if self.params is not None else is_nn_parameter(label):
                role = "parameter"
            else:
                role = "input"
            made = bool(value.children)
            nodes.append(
                Node(node_id(i), op_id(i) if made else None, output_edge_id(i) if made else None, role, name, named)
            )
        return nodes

    @cached_property
    def edges(self) -> list[Edge]:
        """Every operand edge, in forward order (by Value, then operand position)."""
        return [
            Edge(edge_id(i, p), i, p, self.index[child])
            for i, node in enumerate(self.order)
            for p, child in enumerate(node.children)
        ]

    @property
    def roles(self) -> list[str]:
        """The role of every node, in topological order."""
        return [node.role for node in self.nodes]

    @cached_property
    def backward(self) -> list[BackwardStep]:
        """The chain-rule steps of the backward pass from the root (``autograd.backward_steps``, run once)."""
        return backward_steps(self.root)

    @cached_property
    def gradients(self) -> list[float]:
        """d(root)/d(node) for every node, as the backward run leaves it (the root's is 1.0)."""
        totals = [0.0] * len(self.order)
        totals[-1] = 1.0
        for step in self.backward:
            totals[self.index[step.child]] = step.total
        return totals

    @property
    def computed(self) -> bool:
        """True once ``backward()`` has been run from the root (its ``.grad`` is then non-zero)."""
        return self.root.grad != 0.0

    def boxes(self, mode: str | None) -> list[int | None]:
        """Per node, the representative index of the unit box that absorbs it (None: drawn on its own)."""
        if mode not in self._boxes:
            if mode not in MODES:
                raise ValueError(f"{self.where}: collapse must be one of None, 'neuron', 'layer', got {shown(mode)}")
            self._boxes[mode] = owners(self.order, mode)
        return self._boxes[mode]

    def units(self, mode: str) -> list[Unit]:
        """The boxes of a collapsed view, in natural order of their names (L1.n0, L1.n1, …, L1.n10)."""
        if mode not in self._units:
            boxes = self.boxes(mode)
            members: dict[int, list[int]] = {}
            for i, box in enumerate(boxes):
                if box is not None:
                    members.setdefault(box, []).append(i)
            units = [self._unit(box, mode, inside) for box, inside in members.items()]
            self._units[mode] = sorted(units, key=lambda unit: (natural_key(unit.name), unit.index))
        return self._units[mode]

    def _unit(self, box: int, mode: str, inside: list[int]) -> Unit:
        label = self.order[box].label
        name = shorten(printable(label if mode == "neuron" else layer_name(label)))
        parameters = [i for i in inside if self.nodes[i].role == "parameter"]
        if mode == "neuron":
            weights = sum(1 for i in parameters if _NN_WEIGHT.search(self.order[i].label))
            biases = sum(1 for i in parameters if _NN_BIAS.search(self.order[i].label))
            if weights + biases == len(parameters) and parameters:
                summary = _count(weights, "weight") + (" + bias" if biases == 1 else "")
            elif parameters:
                summary = _count(len(parameters), "parameter")
            else:
                summary = _count(len(inside), "value")
        else:
            neurons = sum(1 for i in inside if self.order[i].children and self.order[i].label)
            summary = f"{_count(neurons, 'neuron')}, {_count(len(parameters), 'parameter')}"
        role = "output" if len(self.order) - 1 in inside else "unit"
        return Unit(unit_id(box), box, mode, name, tuple(inside), summary, role)

    def collapse_mode(self, collapse: str | None) -> str | None:
        """The view ``collapse`` asks for, with "auto" resolved: flat for a graph of at most
        ``AUTO_FLAT_UP_TO`` Values or one without nn units (a labelled Value that wraps nn's weights);
        by neuron when that draws at most ``AUTO_NEURON_UP_TO`` boxes; else by layer."""
        if collapse != "auto":
            return collapse
        if len(self.order) <= AUTO_FLAT_UP_TO or not self._has_nn_units():
            return None
        return "neuron" if self.drawn_count("neuron") <= AUTO_NEURON_UP_TO else "layer"

    def _has_nn_units(self) -> bool:
        """True when some labelled Value made by an op absorbs a leaf that nn labelled as a weight or bias."""
        if not any(not node.children and node.label and is_nn_parameter(node.label) for node in self.order):
            return False  # cheap first: no nn parameter at all (a long chain of constants, the lecture's graph)
        boxes = self.boxes("neuron")
        return any(
            box is not None and not node.children and node.label and is_nn_parameter(node.label)
            for node, box in zip(self.order, boxes, strict=True)
        )

    def collapse_hint(self, collapse: str | None) -> str | None:
        """The collapsed views that would draw fewer boxes than ``collapse`` does ("collapse='neuron' or
        collapse='layer'"), or None when collapsing cannot help (a graph without labelled units)."""
        drawn = self.drawn_count(collapse)
        deeper = MODES[MODES.index(collapse) + 1 :]
        helpful = [mode for mode in deeper if self.drawn_count(mode) < drawn]
        return " or ".join(f"collapse={mode!r}" for mode in helpful) or None

    def drawn_count(self, collapse: str | None) -> int:
        """How many boxes a view draws: Values on their own plus collapsed units."""
        boxes = self.boxes(collapse)
        return sum(1 for box in boxes if box is None) + len({box for box in boxes if box is not None})

    def check_size(
        self,
        max_nodes: int,
        collapse: str | None = None,
        *,
        advice: str | None = None,
        collapsed: str = "draw a collapsed view ({hint})",
    ) -> None:
        """Raise GraphTooLargeError when the view would draw more than ``max_nodes`` boxes (cheap: call first).

        The advice is to raise max_nodes, and — only when a collapsed view draws fewer boxes — to
        ``collapsed`` (its ``{hint}`` names the views, ``collapse='layer'``); ``advice`` replaces it all.
        """
        limit = checked_max_nodes(self.where, max_nodes)
        drawn = self.drawn_count(collapse)
        if drawn > limit:
            if advice is None:
                hint = self.collapse_hint(collapse)
                advice = f"Raise max_nodes, or {collapsed.format(hint=hint)}." if hint else "Raise max_nodes."
            raise GraphTooLargeError(
                f"{self.where}: the graph has {drawn} values to draw, more than max_nodes={limit}; laying it "
                f"out would be slow and the picture unreadable. {advice}"
            )


def checked_max_nodes(where: str, max_nodes: object) -> int:
    """``max_nodes`` as a positive int (a TypeError for a str or float, a ValueError for 0 or less)."""
    return integer(where, "max_nodes", max_nodes, minimum=1)


def _checked_params(params: Iterable[Value], index: dict[Value, int], where: str) -> set[Value]:
    if isinstance(params, (str, bytes, Value)) or not isinstance(params, Iterable):
        raise TypeError(f"{where}: params must be a collection of Values, got {type(params).__name__} {shown(params)}")
    chosen = list(params)
    for k, p in enumerate(chosen):
        if not isinstance(p, Value):
            raise TypeError(f"{where}: params[{k}] must be a Value, got {type(p).__name__} {shown(p)}")
        if p not in index:
            raise ValueError(f"{where}: params[{k}] = {shown(p)} is not part of the graph of the output")
    return set(chosen)  # membership only, never ordering


def _describe_value(value: Value) -> str:
    op = f", made by {value.op!r}" if value.op else ""
    return f"Value(data={value.data!r}{op})"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
