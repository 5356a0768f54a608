"""What can go wrong in a ``stepgrad`` command, and the exit status each kind of failure gets.

0    done: the file was written
1    could not compute (a non-finite value or gradient, a derivative that does not exist,
     a graph too large to draw, training that diverged), could not write a file, or a
     missing optional dependency
2    bad input: the command line, the expression, the values or the data file
130  interrupted (Ctrl-C)
"""

from __future__ import annotations

OK = 0
FAILED = 1
BAD_INPUT = 2
INTERRUPTED = 130


class CommandError(Exception):
    """A failure the command reports as one line (its message) and an exit status."""

    status = FAILED


class BadInput(CommandError, ValueError):
    """A mistake in what the user gave: exit status 2."""

    status = BAD_INPUT


class ExpressionError(BadInput):
    """A mistake in the expression or in the values, at a column of the expression (1-based; 0: none)."""

    def __init__(self, message: str, column: int = 0) -> None:
        super().__init__(f"column {column}: {message}" if column else message)
        self.column = column


class ComputeError(ExpressionError):
    """A well-formed expression whose numbers cannot be computed (``log(x)`` at x = -1, an inf): exit status 1."""

    status = FAILED


class DataFileError(BadInput):
    """A data file ``stepgrad fit`` cannot use: the message names the file and the line."""
