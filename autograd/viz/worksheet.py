"""``worksheet``: a printable exercise for any graph — fill in the forward and the backward pass by hand.

The sheet has the graph with empty boxes (the inputs' values given), a table of the forward
steps and a table of the backward steps (edge, upstream, local, contribution, running total)
to fill in, and the answer key on a page of its own. Every number of the key comes from the
engine: the values from the graph, the backward rows from the description's one
``autograd.backward_steps`` run. The HTML page is self-contained (print CSS, no script,
nothing loaded); ``format="pdf"`` draws the same sheet with matplotlib, in-process.
The same graph always gives the same bytes.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import pathlib
import string
from collections.abc import Callable, Iterable, Mapping
from typing import NamedTuple

from autograd import Value
from autograd._args import choice, shown
from autograd.files import write_atomic
from autograd.viz.description import GraphDescription, describe, expression_text
from autograd.viz.dot import build_dot, checked_rankdir, number_formatter
from autograd.viz.escape import html_text, shorten
from autograd.viz.render import render

FORMATS = ("html", "pdf")
WORKSHEET_MAX_NODES = 120  # a sheet a learner can fill in by hand
BLANK = ""
ROOM = "\u00a0" * 14  # an empty box wide enough to write a number in
PDF_ROWS_PER_PAGE = 28
_FORWARD_HEAD = ("step", "value", "computed as", "result")
_BACKWARD_HEAD = ("step", "edge", "local rule", "upstream", "local", "contribution", "running total")

STYLE = """\
body { font-family: Helvetica, Arial, sans-serif; color: #111827; margin: 24px; }
h1 { font-size: 20px; margin: 0 0 8px 0; }
h2 { font-size: 16px; margin: 20px 0 6px 0; }
p.how { font-size: 13px; max-width: 52em; }
figure { margin: 8px 0; }
figure svg { max-width: 100%; height: auto; }
table { border-collapse: collapse; font-size: 12px; margin-bottom: 8px; }
th, td { border: 1px solid #6b7280; padding: 4px 8px; text-align: left; }
td.blank { min-width: 6em; height: 1.6em; }
td.number { font-family: Menlo, Consolas, monospace; text-align: right; }
tr { break-inside: avoid; }
section.answers { break-before: page; page-break-before: always; }
@media print { body { margin: 0; } @page { margin: 14mm; } }
"""


class Row(NamedTuple):
    """One row of a table: the cells the learner sees (None: to fill in) and the answers."""

    given: tuple[str | None, ...]
    answers: tuple[str, ...]


def worksheet(
    root: Value,
    path: str | os.PathLike = "worksheet.html",
    *,
    format: str = "html",
    params: Iterable[Value] | None = None,
    names: Mapping[str, object] | None = None,
    number_format: str | Callable[[float], str] = "{:.4f}",
    rankdir: str = "LR",
    max_nodes: int = WORKSHEET_MAX_NODES,
    title: str | None = None,
) -> pathlib.Path:
    """Write a printable worksheet for ``root``'s graph to ``path`` (atomically) and return the path.

    ``format``  "html" (a page with print CSS) or "pdf" (drawn with matplotlib: ``pip install
                stepgrad[pdf]``). ``names`` (e.g. ``locals()``) and ``params`` as for ``draw_dot``.
    """
    choice("worksheet", "format", format, FORMATS)
    description = describe(root, params=params, names=names, where="worksheet")
    description.check_size(max_nodes, advice="A worksheet is filled in by hand: pick a smaller graph.")
    checked_rankdir("worksheet", rankdir)
    fmt = number_formatter(number_format, "worksheet")
    if title is not None and not isinstance(title, str):
        raise TypeError(f"worksheet: title must be a str, got {type(title).__name__} {shown(title)}")
    heading = shorten(
        title if title is not None else f"Worksheet: compute {description.nodes[-1].name} and its gradients"
    )
    forward, backward = forward_rows(description, fmt), backward_rows(description, fmt)
    picture = render(blank_picture(description, fmt, rankdir), "svg" if format == "html" else "png")
    if format == "html":
        page = html_page(heading, picture.decode("utf-8"), forward, backward, description, fmt)
        return write_atomic(path, page.encode("utf-8"))
    return write_atomic(path, pdf_document(heading, picture, forward, backward, description, fmt))


def blank_picture(description: GraphDescription, fmt: Callable[[float], str], rankdir: str):
    """The graph with empty boxes: every computed value and every gradient left to fill in."""
    data = [f"data {fmt(v.data)}" if not v.children else f"data {ROOM}" for v in description.order]
    return build_dot(description, rankdir=rankdir, data_texts=data, grad_texts=[f"grad {ROOM}"] * len(data),
                     edge_labels={}, legend=True)  # fmt: skip


def forward_rows(description: GraphDescription, fmt: Callable[[float], str]) -> list[Row]:
    """One row per computed value, in the order the forward pass computes them."""
    rows = []
    for i, value in enumerate(description.order):
        if value.children:
            operands = [description.nodes[description.index[child]].name for child in value.children]
            name = description.nodes[i].name
            computed = expression_text(value.op, operands)
            rows.append(Row((str(len(rows) + 1), name, computed, None), (str(len(rows) + 1), name, computed,
                                                                         fmt(value.data))))  # fmt: skip
    return rows


def backward_rows(description: GraphDescription, fmt: Callable[[float], str]) -> list[Row]:
    """One row per chain-rule step of ``backward_steps``: edge, upstream, local, contribution, running total."""
    rows = []
    for k, step in enumerate(description.backward, 1):
        node, child = description.index[step.node], description.index[step.child]
        edge = f"{description.nodes[child].name} ← {description.nodes[node].name}"
        rule = local_rule(description, step.node, step.index)
        numbers = (fmt(step.upstream), fmt(step.local), fmt(step.contribution), fmt(step.total))
        rows.append(Row((str(k), edge, rule, None, None, None, None), (str(k), edge, rule, *numbers)))
    return rows


def local_rule(description: GraphDescription, node: Value, position: int) -> str:
    """The op's rule for this operand with the graph's names ("d/dw1: x1"), or "" when the op has none."""
    rules = node.operation.rules if node.operation is not None else None
    if not rules or position >= len(rules):
        return ""
    names = [description.nodes[description.index[child]].name for child in node.children]
    fields = {"x": names[0], "a": names[0], "out": description.nodes[description.index[node]].name}
    if len(names) > 1:
        fields["b"] = names[1]
    try:
        text = string.Formatter().vformat(rules[position], (), fields)
    except (KeyError, IndexError, ValueError):
        return ""
    return f"d/d{names[position]}: {text}"


def html_page(
    heading: str,
    svg: str,
    forward: list[Row],
    backward: list[Row],
    description: GraphDescription,
    fmt: Callable[[float], str],
) -> str:
    """The page: the exercise, then the answer key on a page of its own (print CSS)."""
    root = html_text(description.nodes[-1].name)
    style_hash = "sha256-" + base64.b64encode(hashlib.sha256(STYLE.encode("utf-8")).digest()).decode("ascii")
    how = (
        f'<p class="how"><b>Forward:</b> compute each value from its operands, in order. <b>Backward:</b> '
        f"start with grad({root}) = {html_text(fmt(1.0))}; for each edge, contribution = upstream × local, and "
        f"the running total of the edge's operand adds its contributions up.</p>"
    )
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src '{style_hash}'\">",
        f"<title>{html_text(heading)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{html_text(heading)}</h1>",
        how,
        f"<figure>{svg[svg.index('<svg') :]}</figure>",
        "<h2>Forward pass</h2>",
        _html_table("forward", _FORWARD_HEAD, [row.given for row in forward]),
        "<h2>Backward pass</h2>",
        _html_table("backward", _BACKWARD_HEAD, [row.given for row in backward]),
        '<section class="answers"><h1>Answer key</h1>',
        "<h2>Forward pass</h2>",
        _html_table("forward-key", _FORWARD_HEAD, [row.answers for row in forward]),
        f"<h2>Backward pass (grad({root}) = {html_text(fmt(1.0))})</h2>",
        _html_table("backward-key", _BACKWARD_HEAD, [row.answers for row in backward]),
        "</section></body></html>",
    ]
    return "\n".join(parts) + "\n"


def _html_table(name: str, head: tuple[str, ...], rows: list[tuple[str | None, ...]]) -> str:
    numeric = {"result", "upstream", "local", "contribution", "running total"}
    header = "".join(f"<th>{html_text(cell)}</th>" for cell in head)
    body = []
    for row in rows:
        cells = []
        for column, cell in zip(head, row):
            if cell is None:
                cells.append('<td class="blank"></td>')
            else:
                css = ' class="number"' if column in numeric else ""
                cells.append(f"<td{css}>{html_text(cell)}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    return f'<table class="{name}"><thead><tr>{header}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def pdf_document(
    heading: str,
    png: bytes,
    forward: list[Row],
    backward: list[Row],
    description: GraphDescription,
    fmt: Callable[[float], str],
) -> bytes:
    """The same sheet as a PDF drawn with matplotlib (A4 pages; no creation date, so the bytes repeat)."""
    try:
        import matplotlib

        matplotlib.use("Agg", force=False)
        from matplotlib.backends.backend_pdf import PdfPages
        from matplotlib.figure import Figure
        from PIL import Image
    except ImportError as error:  # pragma: no cover - depends on the installed extras
        raise ImportError("worksheet: format='pdf' needs matplotlib: pip install stepgrad[pdf]") from error
    a4 = (8.27, 11.69)
    out = io.BytesIO()
    metadata = {"Creator": "stepgrad", "Producer": "stepgrad", "CreationDate": None}
    with PdfPages(out, metadata=metadata) as pdf:
        figure = Figure(figsize=a4)
        figure.text(0.06, 0.96, heading, fontsize=14, weight="bold", va="top")
        image = Image.open(io.BytesIO(png)).convert("RGB")
        width, height = image.size
        box_height = min(0.5, 0.88 * height / width * a4[0] / a4[1])
        axes = figure.add_axes((0.06, 0.92 - box_height, 0.88, box_height))
        axes.imshow(image, interpolation="lanczos")
        axes.set_axis_off()
        pdf.savefig(figure)
        root = description.nodes[-1].name
        sections = [
            ("Forward pass", _FORWARD_HEAD, [row.given for row in forward]),
            (f"Backward pass: grad({root}) = {fmt(1.0)}", _BACKWARD_HEAD, [row.given for row in backward]),
            ("Answer key: forward pass", _FORWARD_HEAD, [row.answers for row in forward]),
            ("Answer key: backward pass", _BACKWARD_HEAD, [row.answers for row in backward]),
        ]
        for title, head, rows in sections:
            for start in range(0, max(len(rows), 1), PDF_ROWS_PER_PAGE):
                chunk = rows[start : start + PDF_ROWS_PER_PAGE]
                figure = Figure(figsize=a4)
                figure.text(0.06, 0.96, title, fontsize=13, weight="bold", va="top")
                axes = figure.add_axes((0.06, 0.05, 0.88, 0.88))
                axes.set_axis_off()
                if chunk:
                    cells = [[BLANK if cell is None else cell for cell in row] for row in chunk]
                    table = axes.table(cellText=cells, colLabels=list(head), loc="upper center", cellLoc="left")
                    table.auto_set_font_size(False)
                    table.set_fontsize(8)
                    table.scale(1, 1.6)
                pdf.savefig(figure)
    return out.getvalue()
