"""The ``stepgrad`` command: draw or step through an expression typed on the command line.

    stepgrad trace "tanh(x1*w1 + x2*w2 + b)" --at x1=2 x2=0 w1=-3 w2=1 b=6.88 -o neuron.html
    stepgrad trace "x**2 + 3*x" --at x=2 --format png --view backward -o grad.png

The expression is read with the ``ast`` module and only a whitelist is accepted: numbers,
the variables given with ``--at``, ``+ - * / **``, unary ``-`` and the functions exp, log,
tanh, sigmoid, relu, sin, cos, sqrt, abs. Nothing is ever passed to ``eval``. A mistake
gets one line naming the column, and exit status 2.
"""

from __future__ import annotations

import argparse
import ast
import math
import sys
from collections.abc import Sequence

from autograd import DomainError, Value, ops, topological_order
from autograd.viz import GraphTooLargeError, draw_dot, render, step_through
from autograd.viz.dot import is_parameter_label

FUNCTIONS = {
    name: getattr(ops, name) for name in ("exp", "log", "tanh", "sigmoid", "relu", "sin", "cos", "sqrt", "abs")
}
OPERATORS = {ast.Add: ops.add, ast.Sub: ops.sub, ast.Mult: ops.mul, ast.Div: ops.div, ast.Pow: ops.pow}
PICTURE_FORMATS = ("svg", "png", "pdf")
OUTPUT_LABEL = "f"
USAGE_ERROR = 2
COMPUTE_ERROR = 1


class ExpressionError(ValueError):
    """A mistake in the expression or in the values, at a column of the expression (1-based; 0: none)."""

    def __init__(self, message: str, column: int = 0) -> None:
        super().__init__(f"column {column}: {message}" if column else message)
        self.column = column


def parse_expression(text: str, values: dict[str, float]) -> Value:
    """Build the Value graph of ``text`` with ``values`` for its variables; the result is labelled "f".

    Raises ExpressionError (with the column) for syntax outside the whitelist, an unknown
    name, a variable without a value, or a value for a name the expression does not use.
    """
    for name in values:
        if name in FUNCTIONS:
            raise ExpressionError(f"'{name}' is a function; it cannot be given a value")
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as error:
        column = error.offset if error.offset else len(text) + 1
        raise ExpressionError(f"not a valid expression ({error.msg})", column) from None
    except (RecursionError, MemoryError):
        raise ExpressionError("the expression is nested too deeply") from None
    leaves = {name: Value(number, label=name) for name, number in values.items()}
    used: set[str] = set()  # membership only
    try:
        result = _build(tree.body, text, leaves, used)
    except RecursionError:
        raise ExpressionError("the expression is nested too deeply") from None
    unused = [name for name in values if name not in used]
    if unused:
        raise ExpressionError(f"a value was given for {', '.join(unused)}, which the expression does not use")
    if not isinstance(result, Value):
        raise ExpressionError("the expression has no variables, so there is nothing to trace; use --at name=value")
    result.label = result.label or OUTPUT_LABEL
    return result


def _build(node: ast.AST, text: str, leaves: dict[str, Value], used: set[str]) -> Value | float:
    """The Value (or number) for one whitelisted syntax node; anything else is an ExpressionError."""
    column = _column(text, node)
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        return float(node.value)
    if isinstance(node, ast.Name):
        if node.id in leaves:
            used.add(node.id)
            return leaves[node.id]
        if node.id in FUNCTIONS:
            raise ExpressionError(f"'{node.id}' is a function; call it like {node.id}(x)", column)
        known = ", ".join(leaves) or "none"
        raise ExpressionError(
            f"unknown name '{node.id}': give its value with --at {node.id}=... (given: {known})", column
        )
    if isinstance(node, ast.BinOp) and type(node.op) in OPERATORS:
        operation = OPERATORS[type(node.op)]
        operands = [_build(node.left, text, leaves, used), _build(node.right, text, leaves, used)]
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        operation, operands = ops.neg, [_build(node.operand, text, leaves, used)]
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in FUNCTIONS:
        if len(node.args) != 1 or node.keywords or isinstance(node.args[0], ast.Starred):
            raise ExpressionError(f"{node.func.id}() takes exactly one argument", column)
        operation, operands = FUNCTIONS[node.func.id], [_build(node.args[0], text, leaves, used)]
    elif isinstance(node, ast.Call):
        raise ExpressionError(f"unknown function '{ast.unparse(node.func)}' (allowed: {', '.join(FUNCTIONS)})", column)
    else:
        allowed = "numbers, variables, + - * / ** and the functions"
        raise ExpressionError(f"'{ast.unparse(node)}' is not allowed here: use {allowed}", column)
    try:
        return operation(*operands)
    except DomainError as error:  # log(-1), 1/0, ...: say where
        raise ExpressionError(str(error), column) from None


def _column(text: str, node: ast.AST) -> int:
    """The 1-based character column of ``node`` (ast counts UTF-8 bytes)."""
    offset = getattr(node, "col_offset", 0)
    return len(text.encode("utf-8")[:offset].decode("utf-8", errors="ignore")) + 1


def parse_values(assignments: Sequence[str]) -> dict[str, float]:
    """``["x1=2", "w1=-3"]`` → ``{"x1": 2.0, "w1": -3.0}``, with a clear error for each kind of mistake."""
    values: dict[str, float] = {}
    for item in assignments:
        name, sep, number = item.partition("=")
        name = name.strip()
        if not sep or not name.isidentifier():
            raise ExpressionError(f"--at expects name=value (like x1=2), got {item!r}")
        if name in values:
            raise ExpressionError(f"--at gives {name} twice")
        try:
            values[name] = float(number)
        except ValueError:
            raise ExpressionError(f"--at {name}: {number!r} is not a number") from None
        if not math.isfinite(values[name]):
            raise ExpressionError(f"--at {name}: {number!r} is not a finite number")
    return values


def build_parser() -> argparse.ArgumentParser:
    """The command-line interface: ``stepgrad trace EXPRESSION --at name=value ...``."""
    parser = argparse.ArgumentParser(prog="stepgrad", description="Pictures of every step of backpropagation.")
    commands = parser.add_subparsers(dest="command", required=True)
    trace = commands.add_parser(
        "trace",
        help="draw an expression, or write a step-through player for it",
        description="Write a step-through player (HTML) for an expression, or one picture with --format.",
    )
    trace.add_argument("expression", help='e.g. "tanh(x1*w1 + x2*w2 + b)"')
    trace.add_argument("--at", nargs="*", default=[], metavar="NAME=VALUE", help="the value of every variable")
    trace.add_argument("-o", "--output", help="the file to write (default: steps.html, or graph.<format>)")
    trace.add_argument("--format", choices=PICTURE_FORMATS, help="write one picture instead of the player")
    trace.add_argument("--view", choices=("forward", "backward"), default="forward", help="for a picture")
    trace.add_argument("--collapse", choices=("neuron", "layer"), help="for a picture: one box per labelled unit")
    trace.add_argument("--lr", type=float, help="the player also shows the update w - lr * grad")
    trace.add_argument("--params", nargs="+", metavar="NAME", help="the variables to update (default: w..., b...)")
    trace.add_argument("--digits", type=int, default=4, help="digits after the decimal point (default 4)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``stepgrad`` command; return the exit status (0 ok, 1 could not compute, 2 bad input)."""
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as stop:  # --help, or a usage error argparse has already explained
        return stop.code if isinstance(stop.code, int) else USAGE_ERROR
    try:
        values = parse_values(args.at)
        root = parse_expression(args.expression, values)
        path = _write(args, root, values)
    except ExpressionError as error:
        return _fail(str(error), USAGE_ERROR)
    except (DomainError, GraphTooLargeError, ArithmeticError) as error:
        return _fail(str(error), COMPUTE_ERROR)
    except OSError as error:
        return _fail(f"cannot write {error.filename or args.output}: {error.strerror or error}", COMPUTE_ERROR)
    print(f"wrote {path}")
    return 0


def _write(args: argparse.Namespace, root: Value, values: dict[str, float]) -> object:
    """Write the player or the picture the arguments ask for; return its path."""
    number_format = f"{{:.{max(0, min(args.digits, 15))}f}}"
    picture_format = args.format or _picture_suffix(args.output)
    if picture_format:
        graph = draw_dot(root, view=args.view, number_format=number_format, collapse=args.collapse)
        path = args.output or f"graph.{picture_format}"
        render(graph, picture_format, path)
        return path
    params = None
    if args.lr is not None:
        names = args.params or [name for name in values if is_parameter_label(name)]
        missing = [name for name in names if name not in values]
        if missing:
            raise ExpressionError(f"--params names {', '.join(missing)}, which --at does not give")
        leaves = {node.label: node for node in topological_order(root) if not node.children and node.label}
        params = [leaves[name] for name in names]
    elif args.params:
        raise ExpressionError("--params needs --lr (the learning rate of the update)")
    return step_through(root, args.output or "steps.html", params=params, lr=args.lr, number_format=number_format)


def _picture_suffix(output: str | None) -> str | None:
    """The picture format named by the output file's suffix ("graph.png" → "png"), if any."""
    if output and "." in output:
        suffix = output.rsplit(".", 1)[1].lower()
        return suffix if suffix in PICTURE_FORMATS else None
    return None


def _fail(message: str, status: int) -> int:
    print(f"stepgrad: error: {message}", file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
