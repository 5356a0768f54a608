"""Drawing a Value graph as DOT: micrograd's picture, in a forward and a backward view.

Every Value is a record ``name | data | grad``; every operation is a small oval feeding
the Value it made. The **forward** view shows the values as computed (``grad`` is the
Value's ``.grad`` as it is now, or ``grad —`` before any backward pass). The **backward**
view lays out the same picture and reads the chain rule from the description's one
``autograd.backward_steps`` run: every edge carries its local derivative and the
contribution it adds, and a node fed by several edges writes out the sum
("grad = 2.0000 + 4.0000 = 6.0000"). Everything — ids, names, roles, colours, collapsed
units — comes from ``autograd.viz.description``, so the same graph always gives the same
DOT text, byte for byte, and the same names and colours as the player.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence

from autograd import Value
from autograd._args import choice, shown, type_error
from autograd.viz.collapse import layer_name
from autograd.viz.description import (
    COLORS,
    DEFAULT_MAX_NODES,
    NOT_COMPUTED,
    ROLES,
    GraphDescription,
    GraphTooLargeError,
    Unit,
    describe,
    edge_id,
    is_nn_parameter,
    natural_key,
    node_id,
    op_id,
    output_edge_id,
    unit_id,
)
from autograd.viz.escape import label_text
from autograd.viz.graph import ValueGraph

__all__ = [
    "DEFAULT_MAX_NODES",
    "GraphTooLargeError",
    "caption_numbers",
    "draw_dot",
    "edge_id",
    "gradient_sum",
    "node_id",
    "node_roles",
    "number_formatter",
    "op_id",
    "output_edge_id",
    "player_dot",
    "record_label",
    "unit_id",
]

VIEWS = ("forward", "backward")
RANKDIRS = ("LR", "RL", "TB", "BT")
FONT = "Helvetica,Arial,sans-serif"
MAX_SUM_TERMS = 4  # a gradient summed from more edges is written "a + b + … + z (n terms)"
# dot makes room for an edge "label" with an extra node per edge; with many edges, or with one
# Value feeding many ops (Horner's rule), that layout takes minutes. An "xlabel" is placed
# after the layout instead: always fast, a little less tidy.
ROOMY_EDGE_LABELS_UP_TO = 250  # values
ROOMY_EDGE_LABELS_FAN_OUT = 4  # uses of one Value
# dot routes an edge that spans k ranks through k - 1 invisible nodes; one Value feeding ops far
# down a chain (Horner's rule: x feeds every step) makes thousands of them and minutes of layout.
# Past this many, the longest edges start at a dashed copy of their operand drawn next to the op.
LONG_EDGE_BUDGET = 600  # invisible nodes

_PARAMETER_LABEL = re.compile(r"(?:^|\.)[wb]\d*$")
_NONZERO_DIGIT = re.compile(r"[1-9]")
_LONGEST_NUMBER = 24  # characters: a longer fixed-decimals text (1e308 has 309 digits) is written in e-notation


def number_formatter(number_format: str | Callable[[float], str], where: str = "draw_dot") -> Callable[[float], str]:
    """A function float -> str from a format string such as "{:.4f}" or from a callable (tried on -1.5),
    with the captions' number rule (``caption_numbers``), so pictures and captions write a number alike."""
    expected = "a format string like '{:.4f}' or a callable float -> str"
    if not isinstance(number_format, str) and not callable(number_format):
        raise type_error(where, "number_format", expected, number_format)
    formatter = number_format.format if isinstance(number_format, str) else number_format
    try:
        sample = formatter(-1.5)
    except (TypeError, ValueError, IndexError, KeyError) as error:
        raise ValueError(f"{where}: number_format must be {expected}, got {shown(number_format)} ({error})") from error
    if not isinstance(sample, str):
        raise ValueError(
            f"{where}: number_format must return a str, got {type(sample).__name__} from {shown(number_format)}"
        )
    return caption_numbers(lambda x: formatter(float(x)))


def caption_numbers(fmt: Callable[[float], str]) -> Callable[[float], str]:
    """``fmt``, except where it would mislead: no "-0.0000", significant digits for a non-zero number
    that would show as zero (0.00002 → "2e-05"), e-notation for one that would bloat (1e308)."""

    def number(x: float) -> str:
        x = float(x)
        if x == 0:
            return fmt(0.0)  # never "-0.0000"
        text = fmt(x)
        if len(text) > _LONGEST_NUMBER or (math.isfinite(x) and not _NONZERO_DIGIT.search(text.split("e")[0])):
            return f"{x:.4g}"
        return text

    return number


def is_parameter_label(label: str) -> bool:
    """True for labels that name a weight or bias: "w", "w1", "b", and nn's "L1.n0.w0" (the CLI's guess)."""
    return bool(_PARAMETER_LABEL.search(label))


def node_roles(order: Sequence[Value], params: Iterable[Value] | None = None) -> list[str]:
    """The role of each node of ``order[-1]``'s graph: input, parameter, intermediate, output (see description)."""
    return describe(order[-1], params=params).roles


def gradient_sum(terms: Sequence[str], total: str) -> str:
    """ "grad 6.0" for one contribution; "grad = 2.0 + 4.0 = 6.0" for several (long sums shortened)."""
    if len(terms) <= 1:
        return f"grad {total}"
    shown_terms = list(terms) if len(terms) <= MAX_SUM_TERMS else [*terms[:2], "…", terms[-1]]
    text = shown_terms[0]
    for term in shown_terms[1:]:
        text += f" - {term[1:]}" if term.startswith("-") else f" + {term}"
    count = "" if len(terms) <= MAX_SUM_TERMS else f" ({len(terms)} terms)"
    return f"grad = {text}{count} = {total}"


def draw_dot(
    root: Value,
    *,
    view: str = "forward",
    rankdir: str = "LR",
    number_format: str | Callable[[float], str] = "{:.4f}",
    collapse: str | None = None,
    max_nodes: int = DEFAULT_MAX_NODES,
    highlight: Iterable[Value] = (),
    legend: bool = True,
    params: Iterable[Value] | None = None,
    names: Mapping[str, object] | None = None,
    show_zero_grads: bool = False,
) -> ValueGraph:
    """Draw the graph that computed ``root`` as a ``graphviz.Digraph`` that renders with no ``dot`` installed.

    ``view``          "forward" (values, and ``.grad`` as it is now) or "backward" (the chain
                      rule of every edge, from ``autograd.backward_steps``; ``.grad`` untouched).
    ``rankdir``       Graphviz direction: "LR" (left to right), "RL", "TB" (top to bottom) or "BT".
    ``number_format`` a format string ("{:.4f}") or a callable float -> str for every number.
    ``collapse``      None, "neuron" (each labelled non-leaf Value becomes one box with the nodes
                      only it uses) or "layer" (boxes whose labels share the part before the
                      first "." are merged: "L1.n0", "L1.n1" → "L1").
    ``max_nodes``     the most Values (and boxes) to draw; more raises GraphTooLargeError.
    ``highlight``     Values to draw with a thick red border (e.g. gradient-check blame).
    ``legend``        draw a legend of the node roles present.
    ``params``        the leaves to colour as parameters (default: nn's weights and biases).
    ``names``         a mapping such as ``locals()``: unlabelled Values are called by the name
                      they are bound to (``autograd.viz.names``); labels keep priority.
    ``show_zero_grads`` before ``backward()`` the forward view writes ``grad —`` (not computed
                      yet); True writes ``.grad`` as it is (0.0000), the micrograd lecture's look.

    The result's ``.source`` is the DOT text; ``.pipe(format="png")`` returns bytes,
    ``.render(outfile="graph.svg")`` writes a file, and Jupyter displays it as SVG.
    """
    description = describe(root, params=params, names=names, where="draw_dot")
    choice("draw_dot", "view", view, VIEWS)
    checked_rankdir("draw_dot", rankdir)
    for name, flag in (("legend", legend), ("show_zero_grads", show_zero_grads)):
        if not isinstance(flag, bool):
            raise type_error("draw_dot", name, "True or False", flag)
    fmt = number_formatter(number_format, "draw_dot")
    description.check_size(max_nodes, collapse)
    marked = _highlighted(description, highlight, collapse)
    order = description.order
    if view == "backward":
        edge_labels, grad_texts = _backward_annotations(description, fmt)
    elif description.computed or show_zero_grads:
        edge_labels, grad_texts = {}, [f"grad {fmt(node.grad)}" for node in order]
    else:
        edge_labels, grad_texts = {}, [f"grad {NOT_COMPUTED}"] * len(order)
    return build_dot(
        description,
        rankdir=rankdir,
        data_texts=[f"data {fmt(node.data)}" for node in order],
        grad_texts=grad_texts,
        edge_labels=edge_labels,
        collapse=collapse,
        marked=marked,
        legend=legend,
        backward_arrows=view == "backward",
    )


def player_dot(
    description: GraphDescription, fmt: Callable[[float], str], rankdir: str, data_texts: Sequence[str]
) -> ValueGraph:
    """The graph the player and ``frames`` lay out: the backward view with forward arrows and every name.

    ``data_texts`` are the data cells to make room for (the widest text each cell will show).
    """
    checked_rankdir(description.where, rankdir)
    if len(data_texts) != len(description.order):
        raise ValueError(
            f"player_dot: data_texts has {len(data_texts)} texts; expected one per Value ({len(description.order)})"
        )
    edge_labels, grad_texts = _backward_annotations(description, fmt)
    return build_dot(description, rankdir=rankdir, data_texts=data_texts, grad_texts=grad_texts,
                     edge_labels=edge_labels, legend=True)  # fmt: skip


def checked_rankdir(where: str, rankdir: object) -> str:
    """``rankdir`` if it is one of Graphviz's four directions (never raw text into the DOT source)."""
    return choice(where, "rankdir", rankdir, RANKDIRS)


def build_dot(
    description: GraphDescription,
    *,
    rankdir: str,
    data_texts: Sequence[str],
    grad_texts: Sequence[str],
    edge_labels: dict[int, dict[str, str]],
    collapse: str | None = None,
    marked: set[int] = frozenset(),
    legend: bool = False,
    backward_arrows: bool = False,
) -> ValueGraph:
    """The DOT graph of a description with the given cell texts and edge annotations (by edge position)."""
    graph = ValueGraph(name="stepgrad", format="svg")
    graph.attr(rankdir=rankdir, fontname=FONT)
    # height/width 0: a table node is exactly as big as its table, so arrows touch the box
    graph.attr("node", fontname=FONT, fontsize="12", height="0", width="0")
    graph.attr("edge", fontname=FONT, fontsize="10")
    if backward_arrows:
        graph.attr("edge", dir="back", color=COLORS["gradient"], fontcolor=COLORS["gradient"])
    boxes = description.boxes(collapse)
    order = description.order
    units = description.units(collapse) if collapse else []
    if legend:
        roles = {node.role for node, box in zip(description.nodes, boxes) if box is None}
        roles |= {unit.role for unit in units if unit.role in ROLES}
        _add_legend(graph, [role for role in ROLES if role in roles], bool(marked), bool(units))
    for i, node in enumerate(description.nodes):
        if boxes[i] is None:
            label = record_label(node.name, [data_texts[i], grad_texts[i]], COLORS[node.role], i in marked,
                                 quiet_name=not node.named)  # fmt: skip
            graph.node(node.id, label, id=node.id, shape="none", margin="0", **{"class": f"value {node.role}"})
            if node.op_id is not None:
                graph.node(node.op_id, f"<{label_text(order[i].op)}>", id=node.op_id, shape="ellipse",
                           width="0.5", height="0.3", **{"class": "op"})  # fmt: skip
                graph.edge(node.op_id, node.id, id=node.output_edge_id)
    for unit in units:  # natural order of names: L1.n0, L1.n1, …, L1.n10
        cells = [unit.summary]
        if unit.mode == "neuron" or unit.role == "output":
            cells += [data_texts[unit.index], grad_texts[unit.index]]
        fill = COLORS["output"] if unit.role == "output" else COLORS["unit"]
        label = record_label(unit.name, cells, fill, unit.index in marked)
        graph.node(
            unit.id,
            label,
            id=unit.id,
            shape="none",
            margin="0",
            **{"class": "unit" if unit.role == "unit" else "unit output"},
        )
    _add_edges(graph, description, boxes, edge_labels)
    _keep_neurons_in_order(graph, description, boxes, units)
    return graph


def _keep_neurons_in_order(
    graph: ValueGraph, description: GraphDescription, boxes: list[int | None], units: list[Unit]
) -> None:
    """Draw the neurons of each layer in one column, in order n0, n1, …, n10 (an invisible chain).

    Uncollapsed, each layer's nn parameters are chained the same way: L1.n0.w0, L1.n0.w1, L1.n0.b,
    L1.n1.w0, …, among those dot puts in one column anyway.
    """
    if units:
        columns = [[(unit.name, unit.id, 0) for unit in units if unit.mode == "neuron"]]
    else:
        rank = estimated_ranks(description)
        alone = [(node, value, rank[i]) for i, (node, value) in enumerate(zip(description.nodes, description.order))
                 if boxes[i] is None]  # fmt: skip
        neurons = [(node.name, node.id, 0) for node, value, _ in alone
                   if node.named and value.children and "." in node.name]  # fmt: skip
        parameters = [(node.name, node.id, column) for node, _, column in alone
                      if node.role == "parameter" and node.named and is_nn_parameter(node.name)]  # fmt: skip
        columns = [neurons, parameters]
    for drawn in columns:
        layers: dict[tuple[str, int], list[tuple[str, str]]] = {}
        for name, key, column in drawn:  # one chain per layer and column: it never moves a node's rank
            layers.setdefault((layer_name(name), column), []).append((name, key))
        for members in layers.values():
            if len(members) > 1:
                members.sort(key=lambda member: _reading_order(member[0]))
                with graph.subgraph(name=f"neuron_order_{len(graph.body)}") as column:
                    column.attr(rank="same")
                    for (_, a), (_, b) in itertools.pairwise(members):
                        column.edge(a, b, style="invis")


def _reading_order(name: str) -> tuple:
    """Natural order, with a neuron's bias after its weights: L1.n0.w0, L1.n0.w2, L1.n0.w10, L1.n0.b, L1.n1…"""
    owner, _, last = name.rpartition(".")
    return (*natural_key(owner), last == "b", *natural_key(last)) if owner else natural_key(name)


def _add_edges(
    graph: ValueGraph, description: GraphDescription, boxes: list[int | None], edge_labels: dict[int, dict[str, str]]
) -> None:
    """An edge from each operand to the op that uses it; an edge touching a box is drawn once per pair."""
    connected: set[tuple[str, str]] = set()  # membership only, never ordering
    copied = long_edges(description) if not any(box is not None for box in boxes) else set()
    for k, edge in enumerate(description.edges):
        i, c = edge.node, edge.child
        if boxes[i] is not None and boxes[i] == boxes[c]:
            continue  # inside one box
        tail = node_id(c) if boxes[c] is None else unit_id(boxes[c])
        head = op_id(i) if boxes[i] is None else unit_id(boxes[i])
        if k in copied:
            tail = f"{edge.id}_from"
            name = description.nodes[c].name
            graph.node(tail, f"<{label_text(name)}>", id=tail, shape="box", style="dashed,rounded",
                       fontcolor=COLORS["quiet-text"], margin="0.05,0.02", **{"class": "copy"})  # fmt: skip
        if boxes[i] is None and boxes[c] is None:
            graph.edge(tail, head, id=edge.id, **edge_labels.get(k, {}))
        elif (tail, head) not in connected:
            connected.add((tail, head))
            graph.edge(tail, head, id=edge.id)


def estimated_ranks(description: GraphDescription) -> list[int]:
    """The rank (column, left to right) dot gives each Value: an op one rank after its deepest
    operand, its Value one after the op, a leaf one rank before its first user."""
    level = [0] * len(description.order)  # ops above the leaves
    for i, value in enumerate(description.order):
        if value.children:
            level[i] = 1 + max(level[description.index[child]] for child in value.children)
    rank = [2 * n for n in level]
    for edge in description.edges:  # a leaf sits just before its first user's op
        if not description.order[edge.child].children:
            first = 2 * level[edge.node] - 2
            rank[edge.child] = first if rank[edge.child] == 0 else min(rank[edge.child], first)
    return rank


def long_edges(description: GraphDescription) -> set[int]:
    """Positions of the edges to draw from a copy of their operand, longest first, to stay within LONG_EDGE_BUDGET."""
    rank = estimated_ranks(description)  # an op sits one rank before the Value it makes
    spans = [(rank[e.node] - 1 - rank[e.child] - 1, k) for k, e in enumerate(description.edges)]
    excess = sum(span for span, _ in spans) - LONG_EDGE_BUDGET
    copied = set()
    for span, k in sorted(spans, key=lambda item: (-item[0], item[1])):
        if excess <= 0 or span <= 1:
            break
        copied.add(k)
        excess -= span
    return copied


def _highlighted(description: GraphDescription, highlight: Iterable[Value], collapse: str | None) -> set[int]:
    """Indexes of the drawn nodes to highlight (a box when a highlighted Value is inside it)."""
    if isinstance(highlight, (str, bytes, Value)) or not isinstance(highlight, Iterable):
        raise type_error("draw_dot", "highlight", "a collection of Values", highlight)
    boxes = description.boxes(collapse)
    marked = set()
    for k, value in enumerate(highlight):
        if not isinstance(value, Value):
            raise type_error("draw_dot", f"highlight[{k}]", "a Value", value)
        if value not in description.index:
            raise ValueError(f"draw_dot: highlight got {shown(value)}, which is not part of the graph being drawn")
        i = description.index[value]
        marked.add(i if boxes[i] is None else boxes[i])
    return marked


def edge_label_attribute(description: GraphDescription) -> str:
    """ "label" (dot makes room for it) for small graphs without high fan-out; "xlabel" otherwise."""
    uses = [0] * len(description.order)
    for edge in description.edges:
        uses[edge.child] += 1
    small = len(description.order) <= ROOMY_EDGE_LABELS_UP_TO
    return "label" if small and max(uses, default=0) <= ROOMY_EDGE_LABELS_FAN_OUT else "xlabel"


def _backward_annotations(
    description: GraphDescription, fmt: Callable[[float], str]
) -> tuple[dict[int, dict[str, str]], list[str]]:
    """Edge labels (local derivative, contribution; keyed by edge position) and grad texts (sums written out)."""
    index = description.index
    terms: list[list[str]] = [[] for _ in index]
    totals = [fmt(0.0)] * len(index)
    totals[-1] = fmt(1.0)
    attribute = edge_label_attribute(description)
    position = {edge.id: k for k, edge in enumerate(description.edges)}
    edge_labels = {}
    for step in description.backward:
        c = index[step.child]
        terms[c].append(fmt(step.contribution))
        totals[c] = fmt(step.total)
        text = f"local {fmt(step.local)}\n+= {fmt(step.contribution)}"
        edge_labels[position[edge_id(index[step.node], step.index)]] = {attribute: f"<{label_text(text)}>"}
    return edge_labels, [gradient_sum(t, total) for t, total in zip(terms, totals)]


def record_label(
    name: str,
    cells: Sequence[str],
    fill: str,
    marked: bool = False,
    quiet_name: bool = False,
    cell_widths: Sequence[int] | None = None,
) -> str:
    """An HTML-like label drawn as micrograd's record ``name | cell | cell``, every text escaped.

    ``marked`` draws a thick red border; ``quiet_name`` greys the name (a default name, not a
    label); ``cell_widths`` (points, one per cell including the name's) are the cells' least
    widths, so a node keeps its laid-out size whatever text it shows.
    """
    border = f' BORDER="3" COLOR="{COLORS["highlight"]}"' if marked else ' BORDER="1"'
    quiet = f'<FONT COLOR="{COLORS["quiet-text"]}">{label_text(name)}</FONT>'
    texts = [quiet if quiet_name else label_text(name)] if name else []
    texts += [label_text(cell) for cell in cells]
    widths = [f' WIDTH="{width}"' for width in cell_widths] if cell_widths else [""] * len(texts)
    row = "".join(f"<TD{width}>{text}</TD>" for width, text in zip(widths, texts))
    return f'<<TABLE{border} CELLBORDER="1" CELLSPACING="0" CELLPADDING="4" BGCOLOR="{fill}"><TR>{row}</TR></TABLE>>'


def _add_legend(graph: ValueGraph, roles: list[str], with_highlight: bool, with_units: bool) -> None:
    """A small table naming the colour of each role present (and of boxes and the highlight border when used)."""
    rows = [f'<TR><TD BGCOLOR="{COLORS[role]}">{role}</TD></TR>' for role in roles]
    if with_units:
        rows.append(f'<TR><TD BGCOLOR="{COLORS["unit"]}">collapsed unit</TD></TR>')
    if with_highlight:
        rows.append(f'<TR><TD BORDER="3" COLOR="{COLORS["highlight"]}">highlighted</TD></TR>')
    title = '<TR><TD BORDER="0"><B>legend</B></TD></TR>'
    table = f'<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="2" CELLPADDING="3">{title}{"".join(rows)}</TABLE>>'
    graph.node("legend", table, id="legend", shape="none", margin="0", fontsize="10", **{"class": "legend"})
