"""``stepgrad trace``: a step-through player, one picture, or a GIF of the steps, of an expression typed in a shell."""

from __future__ import annotations

import argparse
import os
import tempfile

from autograd import Value, topological_order
from autograd.cli.errors import CommandError, ComputeError, ExpressionError
from autograd.cli.expression import parse_expression, parse_values
from autograd.cli.options import finite_float, int_between, positive_float
from autograd.files import write_atomic
from autograd.viz import DEFAULT_MAX_NODES, draw_dot, frames, render, step_through, worksheet
from autograd.viz.dot import is_parameter_label

PICTURE_FORMATS = ("svg", "png", "pdf")
FORMATS = (*PICTURE_FORMATS, "gif")
DEFAULT_OUTPUT = {"player": "steps.html", "gif": "steps.gif"}
DEFAULT_DELAY = 1.5  # seconds per GIF frame
KIND_NAMES = {
    "player": "the step-through player (the default)",
    "picture": "a picture (--format svg, png or pdf)",
    "gif": "an animated GIF (--format gif)",
    "worksheet": "a worksheet alone (--worksheet without -o or --format)",
}
OPTION_KINDS = {  # which outputs each option changes
    "--lr": ("player", "gif"),
    "--params": ("player", "gif"),
    "--view": ("picture",),
    "--collapse": ("picture",),
    "--delay": ("gif",),
    "--steps": ("player", "gif"),
    "--quiz": ("player",),
}
PHASES = ("all", "forward", "backward", "update")
MAX_DIGITS = 15  # a float has about 16 significant digits
MAX_NODES_LIMIT = 100_000


def add_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register ``trace`` and its options."""
    trace = commands.add_parser(
        "trace",
        help="a step-through player, a picture, a GIF or a worksheet of an expression",
        description=(
            "Write a step-through player (HTML) for an expression, one picture or an animated GIF with "
            "--format, and/or a printable worksheet with --worksheet. "
            "An expression that starts with '-' may be given as it is (stepgrad trace -x*2 --at x=1) "
            "or after '--' at the end (stepgrad trace --at x=1 -- -x*2)."
        ),
    )
    trace.add_argument("expression", nargs="?", help='e.g. "tanh(x1*w1 + x2*w2 + b)"')
    trace.add_argument(
        "--at",
        nargs="*",
        action="extend",
        default=[],
        metavar="NAME=VALUE",
        help="the value of every variable (may be given more than once)",
    )
    trace.add_argument(
        "-o",
        "--output",
        help="the file to write (default steps.html, graph.<format>, steps.gif); a suffix picks --format",
    )
    trace.add_argument(
        "--format", choices=FORMATS, help="one picture (svg, png, pdf), or the player's steps as an animated gif"
    )
    trace.add_argument("--delay", type=positive_float, metavar="SECONDS", help="per GIF frame (default 1.5)")
    trace.add_argument("--view", choices=("forward", "backward"), help="for a picture (default forward)")
    trace.add_argument("--collapse", choices=("neuron", "layer"), help="for a picture: one box per labelled unit")
    trace.add_argument("--lr", type=finite_float, help="the player also shows the update w - lr * grad")
    trace.add_argument("--params", nargs="+", metavar="NAME", help="the variables to update (default: w..., b...)")
    trace.add_argument(
        "--steps", choices=PHASES, help="the player's or GIF's steps: all (default), forward, backward or update"
    )
    trace.add_argument(
        "--worksheet",
        metavar="FILE",
        help="also (alone, without -o or --format: only) a printable worksheet with its answer key; .pdf: PDF",
    )
    trace.add_argument(
        "--quiz", action="store_true", help="the player asks for each number before it shows it, and keeps a score"
    )
    trace.add_argument(
        "--max-nodes",
        type=int_between(1, MAX_NODES_LIMIT),
        default=DEFAULT_MAX_NODES,
        help=f"the most Values to draw (default {DEFAULT_MAX_NODES}): larger graphs are slow to lay out",
    )
    trace.add_argument(
        "--digits",
        type=int_between(0, MAX_DIGITS),
        default=4,
        help=f"digits after the decimal point, 0 to {MAX_DIGITS} (default 4)",
    )
    trace.set_defaults(run=run, parser=trace)
    return trace


def run(args: argparse.Namespace) -> str:
    """Write the player, the picture, the GIF and/or the worksheet the arguments ask for; say what was written."""
    if args.expression is None:
        args.parser.error("the following arguments are required: expression")
    file_format = args.format or _suffix_format(args.output)
    if args.worksheet is not None and args.output is None and args.format is None:
        kind = "worksheet"  # asked for a worksheet alone
    else:
        kind = "picture" if file_format in PICTURE_FORMATS else file_format or "player"
    _check_options(args, kind)
    values = parse_values(args.at)
    root = parse_expression(args.expression, values)
    if not args.collapse:  # a collapsed picture counts boxes, not Values: draw_dot checks that itself
        _check_size(root, args.max_nodes)
    number_format = f"{{:.{args.digits}f}}"
    written = [] if kind == "worksheet" else [_write_output(args, kind, file_format, root, values, number_format)]
    if args.worksheet is not None:
        _write_worksheet(root, args.worksheet, number_format, args.max_nodes)
        written.append(args.worksheet)
    return f"wrote {' and '.join(written)}"


def _write_output(
    args: argparse.Namespace,
    kind: str,
    file_format: str | None,
    root: Value,
    values: dict[str, float],
    number_format: str,
) -> str:
    """Write the player, the picture or the GIF; return its path."""
    path = args.output or DEFAULT_OUTPUT.get(kind, f"graph.{file_format}")
    if kind == "picture":
        view = args.view or "forward"
        graph = draw_dot(root, view=view, number_format=number_format, collapse=args.collapse, max_nodes=args.max_nodes)
        render(graph, file_format, path)
    elif kind == "gif":
        _write_gif(root, path, _parameters(args, root, values), args, number_format)
    else:
        step_through(
            root,
            path,
            params=_parameters(args, root, values),
            lr=args.lr,
            number_format=number_format,
            max_nodes=args.max_nodes,
            view=args.steps or "all",
            quiz=args.quiz,
        )
    return path


def _write_worksheet(root: Value, path: str, fmt: str, max_nodes: int) -> None:
    """The printable worksheet with its answer key: PDF for a ``.pdf`` name, HTML otherwise."""
    file_format = "pdf" if os.path.splitext(path)[1].lower() == ".pdf" else "html"
    try:
        worksheet(root, path, format=file_format, number_format=fmt, max_nodes=max_nodes)
    except ImportError as error:  # a PDF needs matplotlib
        raise CommandError(str(error)) from None


def _write_gif(root: Value, path: str, params: list[Value] | None, args: argparse.Namespace, fmt: str) -> None:
    """The player's steps as one animated GIF at ``path`` (``frames`` writes it in a scratch folder first)."""
    with tempfile.TemporaryDirectory(prefix="stepgrad-gif-") as scratch:
        (gif,) = frames(
            root,
            scratch,
            format="gif",
            view=args.steps or "all",
            params=params,
            lr=args.lr,
            number_format=fmt,
            max_nodes=args.max_nodes,
            delay=args.delay if args.delay is not None else DEFAULT_DELAY,
        )
        write_atomic(path, gif.read_bytes())


def _check_options(args: argparse.Namespace, kind: str) -> None:
    """Options that do nothing for what is being written are mistakes, not silently ignored."""
    given = {
        "--lr": args.lr is not None,
        "--params": bool(args.params),
        "--view": args.view is not None,
        "--collapse": args.collapse is not None,
        "--delay": args.delay is not None,
        "--steps": args.steps is not None,
        "--quiz": args.quiz,
    }
    for option, kinds in OPTION_KINDS.items():
        if given[option] and kind not in kinds:
            wanted = " or ".join(KIND_NAMES[k] for k in kinds)
            raise ExpressionError(f"{option} does not apply to {KIND_NAMES[kind]}; it is for {wanted}")


def _check_size(root: Value, max_nodes: int) -> None:
    """A ComputeError when the graph has more Values than ``--max-nodes``, before any layout work."""
    count = len(topological_order(root))
    if count > max_nodes:
        raise ComputeError(
            f"the graph has {count:,} Values, more than --max-nodes {max_nodes}: its layout would be slow and "
            f"the picture hard to read. Give --max-nodes {count} to draw it anyway"
        )


def _parameters(args: argparse.Namespace, root: Value, values: dict[str, float]) -> list[Value] | None:
    """The leaves ``--params`` names (default: those named like parameters) when ``--lr`` is given."""
    if args.lr is None:
        if args.params or args.steps == "update":
            option = "--params" if args.params else "--steps update"
            raise ExpressionError(f"{option} needs --lr (the learning rate of the update)")
        return None
    names = args.params or [name for name in values if is_parameter_label(name)]
    missing = [name for name in names if name not in values]
    if missing:
        raise ExpressionError(f"--params names {', '.join(missing)}, which --at does not give")
    leaves = {node.label: node for node in topological_order(root) if not node.children and node.label}
    return [leaves[name] for name in names]


def _suffix_format(output: str | None) -> str | None:
    """The format named by the output file's suffix ("graph.png" → "png", "steps.gif" → "gif"), if any."""
    suffix = os.path.splitext(output or "")[1].lower().lstrip(".")
    return suffix if suffix in FORMATS else None
