"""``stepgrad tour -o DIR``: run every lesson of the tour and write its pages into a folder.

The lessons ship in the wheel as ``stepgrad.demos`` (in a source checkout they are ``demos``)
and draw their plots with matplotlib, the ``demo`` extra; without it the command says what to
install, in one line.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pathlib
from collections.abc import Callable
from types import ModuleType

from autograd.cli.errors import BadInput, CommandError
from autograd.cli.options import int_between

# A source checkout's live lessons first (an editable install also copies them to stepgrad.demos, frozen at
# install time), then the wheel's copy.
TOUR_MODULES = ("demos.tour", "stepgrad.demos.tour")
DEMO_EXTRA = 'pip install "stepgrad[demo]"'


def add_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register ``tour`` and its options."""
    tour = commands.add_parser(
        "tour",
        help="write the tour of lessons (HTML pages and pictures) into a folder",
        description=f"Run every lesson and write the tour into a folder. Needs the demo extras: {DEMO_EXTRA}.",
    )
    tour.add_argument("-o", "--output", default="stepgrad-tour", metavar="DIR", help="default: stepgrad-tour")
    tour.add_argument("--workers", type=int_between(1, 64), help="lessons run side by side (default: up to 4)")
    tour.set_defaults(run=run, parser=tour)
    return tour


def run(args: argparse.Namespace) -> str:
    """Write the tour; return what to tell the user."""
    if os.path.exists(args.output) and not os.path.isdir(args.output):
        raise BadInput(f"-o {args.output}: it is a file; the tour needs a folder (it writes many files)")
    write_tour = _tour_writer()
    try:
        index = pathlib.Path(write_tour(args.output, workers=args.workers))
    except ModuleNotFoundError as error:  # a lesson imports an extra only when it runs
        raise CommandError(f"{error} (the tour needs the demo extras: {DEMO_EXTRA})") from None
    return f"wrote {index}; open it in a browser: {index.resolve().as_uri()}"


def _tour_writer() -> Callable[..., os.PathLike[str]]:
    """The lessons' ``write_tour(out_dir, *, workers) -> index.html path``, or a CommandError saying what is missing."""
    writer = getattr(_tour_module(), "write_tour", None)
    if writer is None:
        raise CommandError(f"the lessons installed are too old for stepgrad tour; {DEMO_EXTRA} updates them")
    return writer


def _tour_module() -> ModuleType:
    """The first of TOUR_MODULES that imports (a ModuleNotFoundError for anything else is the user's to fix)."""
    tried = set()
    for name in TOUR_MODULES:
        parts = name.split(".")
        tried.update(".".join(parts[:i]) for i in range(1, len(parts) + 1))
        try:
            return importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name not in tried:  # the lessons are there but need something: matplotlib
                raise CommandError(f"{error} (the tour needs the demo extras: {DEMO_EXTRA})") from None
    raise CommandError(f"the lessons are not installed with this stepgrad; {DEMO_EXTRA} installs them")
