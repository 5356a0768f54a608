"""``stepgrad tour -o DIR``: run every lesson of the tour and write its pages into a folder.

The lessons draw their plots with matplotlib, the ``demo`` extra (``pip install "stepgrad[demo]"``);
without it the command says so in one line.
"""

from __future__ import annotations

import argparse
import importlib

from autograd.cli.errors import CommandError

DEMO_EXTRA = 'pip install "stepgrad[demo]"'
DEMO_PACKAGES = ("matplotlib", "sklearn")  # what the lessons import beyond stepgrad itself


def add_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register ``tour`` and its options."""
    tour = commands.add_parser(
        "tour",
        help="write the tour of lessons (HTML pages and pictures) into a folder",
        description=f"Run every lesson and write the tour into a folder. Needs the demo extras: {DEMO_EXTRA}.",
    )
    tour.add_argument("-o", "--output", default="stepgrad-tour", metavar="DIR", help="default: stepgrad-tour")
    tour.set_defaults(run=run, parser=tour)
    return tour


def run(args: argparse.Namespace) -> str:
    """Write the tour; return what to tell the user."""
    write_tour = _tour_writer()
    index = write_tour(args.output)
    return f"wrote {index}"


def _tour_writer():
    """The demos' ``write_tour(out_dir) -> index path``, or a CommandError saying what is missing."""
    try:
        module = importlib.import_module("demos.tour")
    except ModuleNotFoundError as error:
        if error.name in DEMO_PACKAGES or (error.name or "").split(".")[0] in DEMO_PACKAGES:
            raise CommandError(f"the tour needs {error.name}, one of the demo extras: {DEMO_EXTRA}") from None
        raise CommandError("the tour is not part of this installation of stepgrad") from None
    writer = getattr(module, "write_tour", None)
    if writer is None:
        raise CommandError("the tour is not part of this installation of stepgrad")
    return writer
