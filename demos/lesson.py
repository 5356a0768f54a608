"""What every lesson shares: the ``Lesson`` record it returns, the code it shows, and its command line.

A lesson module defines ``run(out, **settings) -> Lesson``: it writes its pictures into the
directory ``out`` and returns the record the tour page is built from — a title, a few
sentences, the pictures (paths relative to ``out``) and the key numbers (printed, and checked
by the smoke tests). The lines between ``# lesson: begin`` and ``# lesson: end`` in its source
are the code the page shows (``idea``), so the page and the program cannot drift apart.
Its ``main`` is ``lesson.main(run)``: ``python -m demos.<lesson> --out DIR`` plus one option per
setting of ``run`` (``--epochs 50``, ``--learning-rate 0.1``, ``--batch-sizes 1,10,100``, ``--quiz``).
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import sys
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from nn import Recorder, timeline

BEGIN, END = "# lesson: begin", "# lesson: end"


class MissingDependency(ModuleNotFoundError):
    """An optional package a lesson needs is not installed; the message says what to install."""


@dataclass(frozen=True)
class Picture:
    """One file shown on the tour page.

    ``path``    relative to the output directory (the page links it relatively, so it opens from disk).
    ``caption`` one line under the picture.
    ``kind``    "image" (PNG or SVG, shown inline), "player" (a step-through HTML file, framed and
                linked) or "page" (any other HTML file, e.g. a training timeline: framed and linked).
    """

    path: str
    caption: str
    kind: str = "image"


@dataclass
class Lesson:
    """What one lesson produced: the page section and the numbers behind it."""

    number: int
    module: str  # e.g. "l01_equation": ``python -m demos.l01_equation`` runs it
    title: str
    text: str  # a few sentences, plain text
    pictures: list[Picture] = field(default_factory=list)
    numbers: dict[str, float] = field(default_factory=dict)


def timeline_page(
    recorder: Recorder,
    X: Sequence,
    y: Sequence,
    path: Path,
    *,
    loss: str,
    title: str,
    caption: str,
    grid: int = 30,
) -> Picture:
    """Write the training timeline of a run ``recorder`` recorded (``nn.timeline``); return it as a page to frame.

    ``grid`` × ``grid`` points draw a two-input model's decision boundary at every recorded update.
    """
    page = timeline(recorder.recording, X, y, path=path, loss=loss, title=title, grid=grid)
    return Picture(Path(page).name, caption, kind="page")


def idea(module: str) -> str:
    """The code a lesson shows: the regions of its source between ``# lesson: begin`` and ``# lesson: end``.

    ``module`` is the lesson's module name, with or without its package ("l04_learning_rate"
    or "demos.l04_learning_rate"). A lesson whose idea lives partly in a shared module names
    it in ``IDEA_FROM`` (e.g. ``("courier",)``); those regions come first. Each region is
    dedented; regions are separated by a blank line.
    """
    name = module if "." in module else f"{__package__}.{module}"
    loaded = importlib.import_module(name)
    shared = [_regions(importlib.import_module(f"{__package__}.{other}")) for other in getattr(loaded, "IDEA_FROM", ())]
    return "\n\n".join(region for region in [*shared, _regions(loaded)] if region)


def _regions(module: object) -> str:
    name = getattr(module, "__name__", "?")
    lines = inspect.getsource(module).splitlines()
    regions, current = [], None
    for number, line in enumerate(lines, start=1):
        marker = line.strip()
        if marker == BEGIN:
            if current is not None:
                raise ValueError(f"idea: {name} line {number}: {BEGIN!r} inside a region that is still open")
            current = []
        elif marker == END:
            if current is None:
                raise ValueError(f"idea: {name} line {number}: {END!r} without {BEGIN!r}")
            regions.append(textwrap.dedent("\n".join(current)).strip("\n"))
            current = None
        elif current is not None:
            current.append(line)
    if current is not None:
        raise ValueError(f"idea: {name}: {BEGIN!r} is never closed by {END!r}")
    return "\n\n".join(regions)


def settings(run: Callable[..., Lesson]) -> dict[str, object]:
    """The settings a teacher can change: ``run``'s keyword-only parameters and their defaults."""
    return {
        name: parameter.default
        for name, parameter in inspect.signature(run).parameters.items()
        if parameter.kind is inspect.Parameter.KEYWORD_ONLY
    }


def _option_type(default: object) -> Callable[[str], object]:
    """How to read one option from the command line, judged by its default's type."""
    if isinstance(default, tuple):
        item = _option_type(default[0]) if default else float

        def items(text: str) -> tuple:
            return tuple(item(part) for part in text.split(",") if part.strip())

        items.__name__ = f"comma-separated {getattr(item, '__name__', 'value')}s"
        return items
    return type(default) if isinstance(default, (int, float, str)) else str


def main(run: Callable[..., Lesson], argv: Sequence[str] | None = None) -> int:
    """Command line of one lesson: run it into ``--out`` with the given settings; print what it wrote and found."""
    spec = getattr(sys.modules.get(run.__module__), "__spec__", None)  # under ``python -m`` the module is __main__
    parser = argparse.ArgumentParser(
        prog=f"python -m {spec.name if spec else run.__module__}",
        description=(run.__doc__ or "").strip().splitlines()[0],
    )
    parser.add_argument("--out", type=Path, default=Path("out"), help="directory for the pictures (default: out)")
    defaults = settings(run)
    for name, default in defaults.items():
        option = "--" + name.replace("_", "-")
        if isinstance(default, bool):  # --quiz / --no-quiz
            parser.add_argument(option, action=argparse.BooleanOptionalAction, default=default)
            continue
        shown = ",".join(map(str, default)) if isinstance(default, tuple) else default
        parser.add_argument(option, type=_option_type(default), default=default, help=f"(default: {shown})")
    arguments = parser.parse_args(argv)
    chosen = {name: getattr(arguments, name) for name in defaults}
    try:
        lesson = run(arguments.out, **chosen)
    except MissingDependency as error:
        print(error, file=sys.stderr)
        return 2
    except (TypeError, ValueError) as error:  # a setting the lesson cannot use: one clear line, no traceback
        parser.error(str(error))
    print(f"Lesson {lesson.number}: {lesson.title}")
    print(lesson.text)
    code = idea(lesson.module)
    if code:
        print("\nThe code of the idea:\n" + textwrap.indent(code, "    ") + "\n")
    for name, number in lesson.numbers.items():
        print(f"  {name} = {number:.6g}")
    for picture in lesson.pictures:
        print(f"  wrote {(arguments.out / picture.path).resolve()}")
    return 0
