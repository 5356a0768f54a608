"""Drawing a Value graph as DOT: micrograd's picture, in a forward and a backward view.

Every Value is a record ``label | data | grad``; every operation is a small oval feeding
the Value it made. The **forward** view shows the values as computed (``grad`` is the
Value's ``.grad`` as it is now). The **backward** view lays out the same picture and reads
the chain rule from ``autograd.backward_steps``: every edge carries its local derivative
and the contribution it adds, and a node fed by several edges writes out the sum
("grad = 2.0000 + 4.0000 = 6.0000"). Node ids come from the topological order, so the
same graph always gives the same DOT text, byte for byte.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence

from autograd import Value, backward_steps, topological_order
from autograd.viz.collapse import layer_name, owners
from autograd.viz.escape import label_text
from autograd.viz.graph import ValueGraph

VIEWS = ("forward", "backward")
ROLES = ("input", "parameter", "intermediate", "output")
ROLE_COLORS = {"input": "#dbeafe", "parameter": "#fde68a", "intermediate": "#ffffff", "output": "#bbf7d0"}
UNIT_COLOR = "#e9d5ff"
HIGHLIGHT_COLOR = "#dc2626"
GRADIENT_COLOR = "#c2410c"
FONT = "Helvetica,Arial,sans-serif"
DEFAULT_MAX_NODES = 500
ROOMY_EDGE_LABELS_UP_TO = 250  # values; larger backward views use xlabel (see _backward_annotations)
MAX_SUM_TERMS = 4  # a gradient summed from more edges is written "a + b + … + z (n terms)"

_PARAMETER_LABEL = re.compile(r"(?:^|\.)[wb]\d*$")


class GraphTooLargeError(ValueError):
    """The graph has more nodes than ``max_nodes``: drawing it would be slow and unreadable."""


def node_id(index: int) -> str:
    """The DOT id of the Value at ``index`` in the topological order."""
    return f"v{index}"


def op_id(index: int) -> str:
    """The DOT id of the operation that made the Value at ``index``."""
    return f"v{index}_op"


def edge_id(index: int, position: int) -> str:
    """The DOT id of the edge from operand ``position`` into the operation of the Value at ``index``."""
    return f"e{index}_{position}"


def output_edge_id(index: int) -> str:
    """The DOT id of the edge from an operation to the Value it made."""
    return f"e{index}_out"


def unit_id(index: int) -> str:
    """The DOT id of a collapsed box whose representative unit is at ``index``."""
    return f"u{index}"


def number_formatter(number_format: str | Callable[[float], str]) -> Callable[[float], str]:
    """A function float -> str from a format string such as "{:.4f}" or from a callable."""
    formatter = number_format.format if isinstance(number_format, str) else number_format
    try:
        sample = formatter(-1.5)
    except (TypeError, ValueError, IndexError, KeyError) as error:
        raise ValueError(
            f"number_format: expected a format string like '{{:.4f}}' or a callable float -> str, "
            f"got {number_format!r} ({error})"
        ) from error
    if not isinstance(sample, str):
        raise ValueError(f"number_format: {number_format!r} returned {type(sample).__name__}, expected str")
    return lambda x: formatter(float(x))


def is_parameter_label(label: str) -> bool:
    """True for labels that name a weight or bias: "w", "w1", "b", and nn's "L1.n0.w0", "L1.n0.b"."""
    return bool(_PARAMETER_LABEL.search(label))


def node_roles(order: Sequence[Value], params: Iterable[Value] | None = None) -> list[str]:
    """The role of each node of a topological ``order`` (root last): input, parameter, intermediate, output.

    A leaf is a parameter when it is in ``params``; without ``params``, when its label names
    a weight or bias (see ``is_parameter_label``). Other leaves are inputs.
    """
    chosen = None if params is None else set(params)  # membership only, never ordering
    roles = []
    for i, node in enumerate(order):
        if i == len(order) - 1:
            roles.append("output")
        elif node.children:
            roles.append("intermediate")
        elif (node in chosen) if chosen is not None else is_parameter_label(node.label):
            roles.append("parameter")
        else:
            roles.append("input")
    return roles


def gradient_sum(terms: Sequence[str], total: str) -> str:
    """ "grad 6.0" for one contribution; "grad = 2.0 + 4.0 = 6.0" for several (long sums shortened)."""
    if len(terms) <= 1:
        return f"grad {total}"
    shown = list(terms) if len(terms) <= MAX_SUM_TERMS else [*terms[:2], "…", terms[-1]]
    text = shown[0]
    for term in shown[1:]:
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
    name_every_node: bool = False,
    data_texts: Sequence[str] | None = None,
    backward_arrows: bool = True,
) -> ValueGraph:
    """Draw the graph that computed ``root`` as a ``graphviz.Digraph`` that renders with no ``dot`` installed.

    ``view``          "forward" (values, and ``.grad`` as it is now) or "backward" (the chain
                      rule of every edge, from ``autograd.backward_steps``; ``.grad`` untouched).
    ``rankdir``       Graphviz direction: "LR" (left to right) or "TB" (top to bottom), ...
    ``number_format`` a format string ("{:.4f}") or a callable float -> str for every number.
    ``collapse``      None, "neuron" (each labelled non-leaf Value becomes one box with the nodes
                      only it uses) or "layer" (boxes whose labels share the part before the
                      first "." are merged: "L1.n0", "L1.n1" → "L1").
    ``max_nodes``     the most Values (and boxes) to draw; more raises GraphTooLargeError.
    ``highlight``     Values to draw with a thick red border (e.g. gradient-check blame).
    ``legend``        draw a legend of the node roles.
    ``params``        the leaves to style as parameters (default: leaves labelled w…, b…).

    Three extras, used by the step-through player: ``name_every_node`` writes "#i" (the
    topological index) in the label cell of unlabelled Values, so captions can refer to them;
    ``data_texts`` replaces the data cell texts (the player lays out with the widest text each
    cell will show); ``backward_arrows=False`` keeps the arrows of the backward view pointing
    forward (the player shows both passes).

    The result's ``.source`` is the DOT text; ``.pipe(format="png")`` returns bytes,
    ``.render(outfile="graph.svg")`` writes a file, and Jupyter displays it as SVG.
    """
    if not isinstance(root, Value):
        raise TypeError(f"draw_dot: expected a Value to draw, got {type(root).__name__}")
    if view not in VIEWS:
        raise ValueError(f"draw_dot: view must be 'forward' or 'backward', got {view!r}")
    fmt = number_formatter(number_format)
    order = topological_order(root)
    boxes = owners(order, collapse)
    drawn = sum(1 for box in boxes if box is None) + len(dict.fromkeys(box for box in boxes if box is not None))
    if drawn > max_nodes:
        hint = "collapse='neuron' or collapse='layer'" if collapse != "layer" else "collapse='layer'"
        raise GraphTooLargeError(
            f"draw_dot: the graph has {drawn} values to draw, more than max_nodes={max_nodes}; laying it out "
            f"would be slow and the picture unreadable. Draw a collapsed view ({hint}) or raise max_nodes."
        )
    index = {node: i for i, node in enumerate(order)}
    marked = _highlighted(highlight, index, boxes)
    roles = node_roles(order, params)
    if view == "backward":
        edge_labels, grad_texts = _backward_annotations(root, index, fmt)
    else:
        edge_labels, grad_texts = {}, [f"grad {fmt(node.grad)}" for node in order]
    if data_texts is None:
        data_texts = [f"data {fmt(node.data)}" for node in order]
    elif len(data_texts) != len(order):
        raise ValueError(f"draw_dot: data_texts has {len(data_texts)} texts; expected one per Value ({len(order)})")

    graph = ValueGraph(name="stepgrad", format="svg")
    graph.attr(rankdir=rankdir, fontname=FONT)
    graph.attr("node", fontname=FONT, fontsize="12")
    graph.attr("edge", fontname=FONT, fontsize="10")
    if view == "backward" and backward_arrows:
        graph.attr("edge", dir="back", color=GRADIENT_COLOR, fontcolor=GRADIENT_COLOR)
    if legend:
        _add_legend(graph, bool(marked), collapse is not None)

    for i, node in enumerate(order):
        if boxes[i] is None:
            name = node.label or (f"#{i}" if name_every_node else "")
            label = record_label(name, [data_texts[i], grad_texts[i]], ROLE_COLORS[roles[i]], i in marked,
                                 quiet_name=not node.label)  # fmt: skip
            graph.node(node_id(i), label, id=node_id(i), shape="none", margin="0", **{"class": f"value {roles[i]}"})
            if node.children:
                graph.node(op_id(i), f"<{label_text(node.op)}>", id=op_id(i), shape="ellipse", **{"class": "op"})
                graph.edge(op_id(i), node_id(i), id=output_edge_id(i))
    members = Counter(box for box in boxes if box is not None)
    for box, count in members.items():  # in order of first appearance: deterministic
        if collapse == "neuron":
            label = record_label(order[box].label, [f"{count} values", data_texts[box], grad_texts[box]],
                                 UNIT_COLOR, box in marked)  # fmt: skip
        else:
            label = record_label(layer_name(order[box].label), [f"{count} values"], UNIT_COLOR, box in marked)
        graph.node(unit_id(box), label, id=unit_id(box), shape="none", margin="0", **{"class": "unit"})
    _add_edges(graph, order, index, boxes, edge_labels)
    return graph


def _add_edges(
    graph: ValueGraph,
    order: list[Value],
    index: dict[Value, int],
    boxes: list[int | None],
    edge_labels: dict[tuple[int, int], dict[str, str]],
) -> None:
    """An edge from each operand to the op that uses it; an edge touching a box is drawn once per pair."""
    connected: set[tuple[str, str]] = set()  # membership only, never ordering
    for i, node in enumerate(order):
        for position, child in enumerate(node.children):
            c = index[child]
            if boxes[i] is not None and boxes[i] == boxes[c]:
                continue  # inside one box
            tail = node_id(c) if boxes[c] is None else unit_id(boxes[c])
            head = op_id(i) if boxes[i] is None else unit_id(boxes[i])
            if boxes[i] is None and boxes[c] is None:
                graph.edge(tail, head, id=edge_id(i, position), **edge_labels.get((i, position), {}))
            elif (tail, head) not in connected:
                connected.add((tail, head))
                graph.edge(tail, head, id=edge_id(i, position))


def _highlighted(highlight: Iterable[Value], index: dict[Value, int], boxes: list[int | None]) -> set[int]:
    """Indexes of the drawn nodes to highlight (a box when a highlighted Value is inside it)."""
    marked = set()
    for value in highlight:
        if value not in index:
            raise ValueError(f"draw_dot: highlight got {value!r}, which is not part of the graph being drawn")
        i = index[value]
        marked.add(i if boxes[i] is None else boxes[i])
    return marked


def _backward_annotations(
    root: Value, index: dict[Value, int], fmt: Callable[[float], str]
) -> tuple[dict[tuple[int, int], dict[str, str]], list[str]]:
    """Edge labels (local derivative, contribution) and grad texts (sums written out) from backward_steps."""
    terms: list[list[str]] = [[] for _ in index]
    totals = [fmt(0.0)] * len(index)
    totals[index[root]] = fmt(1.0)
    # dot makes room for an edge "label" with an extra node per edge, which makes large graphs
    # slow to lay out (minutes at a thousand values); an "xlabel" is placed after the layout.
    attribute = "label" if len(index) <= ROOMY_EDGE_LABELS_UP_TO else "xlabel"
    edge_labels = {}
    for step in backward_steps(root):
        c = index[step.child]
        terms[c].append(fmt(step.contribution))
        totals[c] = fmt(step.total)
        text = f"local {fmt(step.local)}\n+= {fmt(step.contribution)}"
        edge_labels[(index[step.node], step.index)] = {attribute: f"<{label_text(text)}>"}
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

    ``marked`` draws a thick red border; ``quiet_name`` greys the name; ``cell_widths``
    (points, one per cell including the name's) are the cells' least widths, so a node keeps
    its laid-out size whatever text it shows.
    """
    border = f' BORDER="3" COLOR="{HIGHLIGHT_COLOR}"' if marked else ' BORDER="1"'
    texts = [f'<FONT COLOR="#6b7280">{label_text(name)}</FONT>' if quiet_name else label_text(name)] if name else []
    texts += [label_text(cell) for cell in cells]
    widths = [f' WIDTH="{width}"' for width in cell_widths] if cell_widths else [""] * len(texts)
    row = "".join(f"<TD{width}>{text}</TD>" for width, text in zip(widths, texts))
    return f'<<TABLE{border} CELLBORDER="1" CELLSPACING="0" CELLPADDING="4" BGCOLOR="{fill}"><TR>{row}</TR></TABLE>>'


def _add_legend(graph: ValueGraph, with_highlight: bool, with_units: bool) -> None:
    """A small table naming the colour of each role (and of boxes and the highlight border when used)."""
    rows = [f'<TR><TD BGCOLOR="{ROLE_COLORS[role]}">{role}</TD></TR>' for role in ROLES]
    if with_units:
        rows.append(f'<TR><TD BGCOLOR="{UNIT_COLOR}">collapsed unit</TD></TR>')
    if with_highlight:
        rows.append(f'<TR><TD BORDER="3" COLOR="{HIGHLIGHT_COLOR}">highlighted</TD></TR>')
    title = '<TR><TD BORDER="0"><B>legend</B></TD></TR>'
    table = f'<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="2" CELLPADDING="3">{title}{"".join(rows)}</TABLE>>'
    graph.node("legend", table, id="legend", shape="none", margin="0", fontsize="10", **{"class": "legend"})
