"""What every lesson shares: the ``Lesson`` record it returns and its command line.

A lesson module defines ``run(out, **settings) -> Lesson``: it writes its pictures into the
directory ``out`` and returns the record the tour page is built from — a title, two or three
sentences, the pictures (paths relative to ``out``) and the key numbers (printed, and checked
by the smoke tests). Its ``main`` is ``lesson.main(run)``, so ``python -m demos.<lesson>``
runs it on its own: ``--out DIR`` (default ``out``).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Picture:
    """One file shown on the tour page.

    ``path``    relative to the output directory (the page links it relatively, so it opens from disk).
    ``caption`` one line under the picture.
    ``kind``    "image" (PNG or SVG, shown inline) or "player" (a step-through HTML file, framed and linked).
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
    text: str  # two or three sentences, plain text
    pictures: list[Picture] = field(default_factory=list)
    numbers: dict[str, float] = field(default_factory=dict)


def main(run: Callable[..., Lesson], argv: Sequence[str] | None = None) -> int:
    """Command line of one lesson: run it into ``--out`` and print what it wrote and found."""
    parser = argparse.ArgumentParser(description=(run.__doc__ or "").strip().splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("out"), help="directory for the pictures (default: out)")
    arguments = parser.parse_args(argv)
    lesson = run(arguments.out)
    print(f"Lesson {lesson.number}: {lesson.title}")
    print(lesson.text)
    for name, number in lesson.numbers.items():
        print(f"  {name} = {number:.6g}")
    for picture in lesson.pictures:
        print(f"  wrote {(arguments.out / picture.path).resolve()}")
    return 0
