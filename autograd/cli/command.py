"""``main``: parse the command line, run one subcommand, and turn every failure into one line and a status.

No traceback reaches the user: mistakes in the input, numbers that cannot be computed, files
that cannot be written, a standard output that cannot be written (``> /dev/full``) and text
that is not UTF-8 each get one ``stepgrad: error: …`` line and a documented exit status
(``autograd.cli.errors``).
"""

from __future__ import annotations

import argparse
import importlib.metadata
import os
import sys
from collections.abc import Sequence
from typing import NoReturn, TextIO

from autograd import DomainError
from autograd.cli import fit, tour, trace
from autograd.cli.errors import BAD_INPUT, FAILED, INTERRUPTED, OK, CommandError
from autograd.viz import GraphTooLargeError

_DASH_HINT = "an expression that starts with '-' may also go last, after '--': stepgrad trace --at x=1 -- -x*2"
_DASH_TROUBLE = ("unrecognized arguments", "ignored explicit argument", "expected one argument", "expression")


class _Parser(argparse.ArgumentParser):
    """argparse, with a hint about ``--`` where an expression starting with '-' was taken for an option."""

    def error(self, message: str) -> NoReturn:
        if self.prog.endswith(" trace") and any(trouble in message for trouble in _DASH_TROUBLE):
            message = f"{message} ({_DASH_HINT})"
        super().error(_encodable(_one_line(message), sys.stderr))  # it may quote any argument


def build_parser() -> argparse.ArgumentParser:
    """The command-line interface: ``stepgrad trace …``, ``stepgrad fit …``, ``stepgrad tour …``."""
    parser = _Parser(
        prog="stepgrad",
        description="Pictures of every step of backpropagation, and timelines of training.",
        epilog="Exit status: 0 written; 1 could not compute or could not write; 2 bad input; 130 interrupted.",
    )
    parser.add_argument("--version", action="version", version=f"stepgrad {_version()}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="{trace,fit,tour}")
    trace.add_parser(commands)
    fit.add_parser(commands)
    tour.add_parser(commands)
    return parser


def _version() -> str:
    """The installed distribution's version ("unknown" when running from an uninstalled source tree)."""
    try:
        return importlib.metadata.version("stepgrad")
    except importlib.metadata.PackageNotFoundError:
        return "unknown (not installed)"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``stepgrad`` command; return the exit status (0 ok, 1 could not compute/write, 2 bad input)."""
    try:
        status = _run(argv)
        sys.stdout.flush()
        return status
    except KeyboardInterrupt:
        _complain("interrupted")
        return INTERRUPTED
    except OSError as error:  # only standard output and standard error get here: files are handled in _run
        _abandon_stdout()
        _complain(f"cannot write to standard output: {error.strerror or error}")
        return FAILED
    except Exception as error:  # a bug in stepgrad: still one line, and what to report
        _complain(f"internal error ({type(error).__name__}: {str(error)[:200]}); please report it with the command")
        return FAILED


def _run(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    try:
        args, extra = parser.parse_known_args(argv)
        _claim_expression(args, extra)
        message = args.run(args)
    except SystemExit as stop:  # --help, or a usage error argparse has already explained
        return stop.code if isinstance(stop.code, int) else BAD_INPUT
    except CommandError as error:
        return _fail(str(error), error.status)
    except (DomainError, ArithmeticError) as error:
        return _fail(f"could not compute: {error}", FAILED)
    except GraphTooLargeError as error:
        return _fail(str(error), FAILED)
    except OSError as error:
        if error.filename is None:  # not a file (write_atomic names every path): standard output, for main
            raise
        return _fail(f"cannot write {error.filename}: {error.strerror or error}", FAILED)
    _say(sys.stdout, message)
    return OK


def _claim_expression(args: argparse.Namespace, extra: list[str]) -> None:
    """An unknown "option" like ``-x*2`` is a ``trace`` expression that starts with '-'; anything else is an error."""
    if args.command == "trace" and args.expression is None and len(extra) == 1 and extra[0].startswith("-"):
        args.expression, extra = extra[0], []
    if extra:
        args.parser.error(f"unrecognized arguments: {' '.join(extra)}")


def _fail(message: str, status: int) -> int:
    _complain(message)
    return status


def _complain(message: str) -> None:
    """One ``stepgrad: error:`` line on standard error; if even that cannot be written, nothing more is tried."""
    try:
        _say(sys.stderr, f"stepgrad: error: {_one_line(message)}")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


def _say(stream: TextIO, line: str) -> None:
    """Write one line to ``stream``."""
    stream.write(_encodable(line, stream) + "\n")


def _one_line(text: str) -> str:
    """``text`` with line breaks and other control characters shown as escapes (``\\r``), so it stays one line."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _encodable(text: str, stream: TextIO) -> str:
    """``text`` with the characters ``stream`` cannot encode (a file name that is not UTF-8) escaped."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    return text.encode(encoding, errors="backslashreplace").decode(encoding)


def _abandon_stdout() -> None:
    """Point the process's file descriptor 1 at the null device, so the interpreter's last flush cannot fail again.

    Only for the real standard output: a caller's own stream (a test's capture, a notebook) is left alone.
    """
    if sys.stdout is None or sys.stdout is not sys.__stdout__:
        return
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError):
        pass
