"""The expression reader: text like ``"tanh(x1*w1 + b)"`` and values → a Value graph, never ``eval``.

The text is parsed with the ``ast`` module and only a whitelist is accepted: numbers, the
variables given values, ``+ - * / **``, unary ``-`` and the functions in ``FUNCTIONS``.
Each mistake is an ``ExpressionError`` naming the column (1-based, in characters); a
well-formed expression whose value or gradient is not a finite number is a ``ComputeError``.

The work is linear in the length of the text, which is capped at ``MAX_LENGTH`` characters
(Python's parser also refuses nesting deeper than about 200 parentheses or 1,000 operators
in a row; both are reported as ``ExpressionError``).
"""

from __future__ import annotations

import ast
import math
from collections.abc import Sequence

from autograd import DomainError, Value, gradients, ops, topological_order
from autograd._args import is_real, shown, type_error
from autograd._args import text as require_text
from autograd.cli.errors import ComputeError, ExpressionError

FUNCTIONS = {
    name: getattr(ops, name) for name in ("exp", "log", "tanh", "sigmoid", "relu", "sin", "cos", "sqrt", "abs")
}
OPERATORS = {ast.Add: ops.add, ast.Sub: ops.sub, ast.Mult: ops.mul, ast.Div: ops.div, ast.Pow: ops.pow}
OUTPUT_LABEL = "f"
MAX_LENGTH = 10_000  # characters: far more than a picture can show, little enough to read in milliseconds
_TOO_DEEP = "the expression is nested too deeply or has too many operators in a row for Python's parser"


def parse_expression(text: str, values: dict[str, float]) -> Value:
    """Build the Value graph of ``text`` with ``values`` for its variables; the result is labelled "f".

    Raises ExpressionError (with the column) for text longer than MAX_LENGTH, syntax outside
    the whitelist, an unknown name, a variable without a value, or a value for a name the
    expression does not use; ComputeError when an operation is undefined there (``log(0)``)
    or a value or gradient is not a finite number.
    """
    require_text("parse_expression", "text", text)
    if not isinstance(values, dict) or not all(isinstance(name, str) and is_real(v) for name, v in values.items()):
        raise type_error("parse_expression", "values", "a dict of names to numbers", values)
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"the expression has {len(text):,} characters; at most {MAX_LENGTH:,} are read")
    for name in values:
        if name in FUNCTIONS:
            raise ExpressionError(f"'{name}' is a function; it cannot be given a value")
    reader = _Reader(text)
    tree = reader.parse()
    leaves = {name: Value(number, label=name) for name, number in values.items()}
    try:
        result = reader.build(tree.body, leaves)
    except RecursionError:
        raise ExpressionError(_TOO_DEEP) from None
    unused = [name for name in values if name not in reader.used]
    if unused:
        raise ExpressionError(f"a value was given for {', '.join(unused)}, which the expression does not use")
    if not isinstance(result, Value):
        raise ExpressionError("the expression has no variables, so there is nothing to trace; use --at name=value")
    result.label = result.label or OUTPUT_LABEL
    reader.check_gradients(result)
    return result


def parse_values(assignments: Sequence[str]) -> dict[str, float]:
    """``["x1=2", "w1=-3"]`` → ``{"x1": 2.0, "w1": -3.0}``, with a clear error for each kind of mistake."""
    if isinstance(assignments, str) or not all(isinstance(item, str) for item in assignments):
        raise type_error("parse_values", "assignments", "a list of 'name=value' strings", assignments)
    values: dict[str, float] = {}
    for item in assignments:
        name, sep, number = item.partition("=")
        name = name.strip()
        if not sep or not name.isidentifier():
            raise ExpressionError(f"--at expects name=value (like x1=2), got {shown(item)}")
        if name in values:
            raise ExpressionError(f"--at gives {name} twice")
        try:
            values[name] = float(number)
        except ValueError:
            raise ExpressionError(f"--at {name}: {shown(number)} is not a number") from None
        if not math.isfinite(values[name]):
            raise ExpressionError(f"--at {name}: {shown(number)} is not a finite number")
    return values


class _Reader:
    """One expression's text, its syntax tree, and where in the text each Value came from."""

    def __init__(self, text: str) -> None:
        body = text.lstrip(" \t")  # ast reads "  x" as an indented statement; a command line should not care
        self.text, self.indent = body, len(text) - len(body)
        self.used: set[str] = set()  # the variables the expression uses
        self.origin: dict[Value, ast.AST] = {}  # each Value → the syntax node that made it (a variable: its first use)
        self._utf8: bytes | None = None

    def parse(self) -> ast.Expression:
        """The syntax tree, or an ExpressionError at the column of the first problem."""
        for i, character in enumerate(self.text):
            if not character.isprintable() and character != "\t":
                raise ExpressionError(_unprintable(character), self.indent + i + 1)
        try:
            return ast.parse(self.text, mode="eval")
        except SyntaxError as error:
            offset = error.offset or len(self.text) + 1
            if "Exceeds the limit" in error.msg:  # an int literal of more than 4,300 digits: point at its start
                offset = len(self.text[: offset - 1].rstrip("0123456789_")) + 1
                raise ExpressionError("the number is too large for a float", self.indent + offset) from None
            raise ExpressionError(f"not a valid expression ({error.msg})", self.indent + offset) from None
        except (RecursionError, MemoryError):
            raise ExpressionError(_TOO_DEEP) from None

    def build(self, node: ast.AST, leaves: dict[str, Value]) -> Value | float:
        """The Value (or number) for one whitelisted syntax node; anything else is an ExpressionError."""
        if isinstance(node, ast.Constant) and type(node.value) in (int, float):
            return self._number(node)
        if isinstance(node, ast.Name):
            return self._variable(node, leaves)
        if isinstance(node, ast.BinOp) and type(node.op) in OPERATORS:
            operation = OPERATORS[type(node.op)]
            operands = [self.build(node.left, leaves), self.build(node.right, leaves)]
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            operation, operands = ops.neg, [self.build(node.operand, leaves)]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in FUNCTIONS:
            if len(node.args) != 1 or node.keywords or isinstance(node.args[0], ast.Starred):
                raise ExpressionError(f"{node.func.id}() takes exactly one argument", self.column(node))
            operation, operands = FUNCTIONS[node.func.id], [self.build(node.args[0], leaves)]
        elif isinstance(node, ast.Call):
            allowed = ", ".join(FUNCTIONS)
            raise ExpressionError(
                f"unknown function '{self.source(node.func)}' (allowed: {allowed})", self.column(node)
            )
        else:
            allowed = "numbers, variables, + - * / ** and the functions"
            raise ExpressionError(f"'{self.source(node)}' is not allowed here: use {allowed}", self.column(node))
        try:
            value = operation(*operands)
        except (DomainError, ArithmeticError) as error:  # log(-1), 1/0, an overflow: say where
            raise ComputeError(f"could not compute {self.source(node)}: {error}", self.column(node)) from None
        number = value.data if isinstance(value, Value) else value  # numbers alone give a number
        if not math.isfinite(number):
            raise ComputeError(f"could not compute {self.source(node)}: it is {number}", self.column(node))
        if isinstance(value, Value):
            self.origin[value] = node
        return value

    def check_gradients(self, root: Value) -> None:
        """A ComputeError at the first Value (from the output back) whose gradient is not finite."""
        order = topological_order(root)
        try:
            grads = gradients(root, order)
        except (DomainError, ArithmeticError) as error:
            raise ComputeError(f"could not compute the gradient: {error}") from None
        for node, grad in zip(reversed(order), reversed(grads)):
            if not math.isfinite(grad):
                where = self.origin.get(node)
                name = self.source(where) if where is not None else node.label
                column = self.column(where) if where is not None else 0
                raise ComputeError(f"could not compute the gradient of {name}: it is {grad}", column)

    def column(self, node: ast.AST) -> int:
        """The 1-based character column of ``node`` in the text as given (ast counts UTF-8 bytes)."""
        return self.indent + len(self._bytes()[: node.col_offset].decode("utf-8", errors="ignore")) + 1

    def source(self, node: ast.AST) -> str:
        """The text of ``node``, cut short for a message."""
        text = self._bytes()[node.col_offset : node.end_col_offset].decode("utf-8", errors="replace")
        return text if len(text) <= 60 else text[:59] + "…"

    def _bytes(self) -> bytes:
        if self._utf8 is None:  # encoded once, and only when an error needs a column
            self._utf8 = self.text.encode("utf-8")
        return self._utf8

    def _number(self, node: ast.Constant) -> float:
        try:
            number = float(node.value)
        except OverflowError:
            number = math.inf
        if not math.isfinite(number):
            raise ExpressionError(f"the number {self.source(node)} is too large for a float", self.column(node))
        return number

    def _variable(self, node: ast.Name, leaves: dict[str, Value]) -> Value:
        if node.id in leaves:
            self.used.add(node.id)
            self.origin.setdefault(leaves[node.id], node)
            return leaves[node.id]
        if node.id in FUNCTIONS:
            raise ExpressionError(f"'{node.id}' is a function; call it like {node.id}(x)", self.column(node))
        known = ", ".join(leaves) or "none"
        raise ExpressionError(
            f"unknown name '{node.id}': give its value with --at {node.id}=... (given: {known})", self.column(node)
        )


def _unprintable(character: str) -> str:
    """What to say about a character an expression cannot hold."""
    if "\udc80" <= character <= "\udcff":  # how Python carries a command-line byte that is not UTF-8
        return f"the byte 0x{ord(character) - 0xDC00:02x} is not UTF-8 text"
    if character in "\r\n":
        return "the expression must be one line"
    return f"the character U+{ord(character):04X} cannot be part of an expression"
