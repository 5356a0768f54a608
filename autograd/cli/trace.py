"""``stepgrad trace``: a step-through player, or one picture, of an expression typed on the command line."""

from __future__ import annotations

import argparse
import os

from autograd import Value, topological_order
from autograd.cli.errors import ExpressionError
from autograd.cli.expression import parse_expression, parse_values
from autograd.cli.options import finite_float, int_between
from autograd.viz import draw_dot, render, step_through
from autograd.viz.dot import is_parameter_label

PICTURE_FORMATS = ("svg", "png", "pdf")
MAX_DIGITS = 15  # a float has about 16 significant digits


def add_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register ``trace`` and its options."""
    trace = commands.add_parser(
        "trace",
        help="draw an expression, or write a step-through player for it",
        description=(
            "Write a step-through player (HTML) for an expression, or one picture with --format. "
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
    trace.add_argument("-o", "--output", help="the file to write (default: steps.html, or graph.<format>)")
    trace.add_argument("--format", choices=PICTURE_FORMATS, help="write one picture instead of the player")
    trace.add_argument("--view", choices=("forward", "backward"), default="forward", help="for a picture")
    trace.add_argument("--collapse", choices=("neuron", "layer"), help="for a picture: one box per labelled unit")
    trace.add_argument("--lr", type=finite_float, help="the player also shows the update w - lr * grad")
    trace.add_argument("--params", nargs="+", metavar="NAME", help="the variables to update (default: w..., b...)")
    trace.add_argument(
        "--digits",
        type=int_between(0, MAX_DIGITS),
        default=4,
        help=f"digits after the decimal point, 0 to {MAX_DIGITS} (default 4)",
    )
    trace.set_defaults(run=run, parser=trace)
    return trace


def run(args: argparse.Namespace) -> str:
    """Write the player or the picture the arguments ask for; return what to tell the user."""
    if args.expression is None:
        args.parser.error("the following arguments are required: expression")
    values = parse_values(args.at)
    root = parse_expression(args.expression, values)
    number_format = f"{{:.{args.digits}f}}"
    picture_format = args.format or _picture_suffix(args.output)
    if picture_format:
        graph = draw_dot(root, view=args.view, number_format=number_format, collapse=args.collapse)
        path = args.output or f"graph.{picture_format}"
        render(graph, picture_format, path)
        return f"wrote {path}"
    path = args.output or "steps.html"
    step_through(root, path, params=_parameters(args, root, values), lr=args.lr, number_format=number_format)
    return f"wrote {path}"


def _parameters(args: argparse.Namespace, root: Value, values: dict[str, float]) -> list[Value] | None:
    """The leaves ``--params`` names (default: those named like parameters) when ``--lr`` is given."""
    if args.lr is None:
        if args.params:
            raise ExpressionError("--params needs --lr (the learning rate of the update)")
        return None
    names = args.params or [name for name in values if is_parameter_label(name)]
    missing = [name for name in names if name not in values]
    if missing:
        raise ExpressionError(f"--params names {', '.join(missing)}, which --at does not give")
    leaves = {node.label: node for node in topological_order(root) if not node.children and node.label}
    return [leaves[name] for name in names]


def _picture_suffix(output: str | None) -> str | None:
    """The picture format named by the output file's suffix ("graph.png" → "png"), if any."""
    suffix = os.path.splitext(output or "")[1].lower().lstrip(".")
    return suffix if suffix in PICTURE_FORMATS else None
