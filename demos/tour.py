"""The tour: run every lesson of "how a model really learns" in order and write ``out/index.html``.

``make demo`` runs ``python -m demos.tour``. The page links only files in the same
directory (relative links, no network), so it works opened straight from disk.
``--readme-picture PATH`` also writes the small picture the README shows.
"""

from __future__ import annotations

import argparse
import html
import os
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from autograd.files import write_atomic

from . import (
    l01_equation,
    l02_loss,
    l03_gradient,
    l04_learning_rate,
    l05_epochs,
    l06_batches,
    l07_bias,
    l08_network,
    l09_activation,
    l10_forward,
    l11_backward,
    l12_training,
    l13_inference,
)
from .lesson import Lesson, Picture

LESSONS: tuple[Callable[..., Lesson], ...] = (
    l01_equation.run,
    l02_loss.run,
    l03_gradient.run,
    l04_learning_rate.run,
    l05_epochs.run,
    l06_batches.run,
    l07_bias.run,
    l08_network.run,
    l09_activation.run,
    l10_forward.run,
    l11_backward.run,
    l12_training.run,
    l13_inference.run,
)

INTRODUCTION = (
    "From y = w·x + b to a trained network, one idea at a time. Every picture below was drawn by a "
    "small program in demos/ that you can run on its own and change: python -m demos.l01_equation, and so on. "
    "The running example is a courier who charges by weight: ₹100 per kg plus a ₹50 base charge."
)

STYLE = """
body { font-family: system-ui, sans-serif; max-width: 70rem; margin: 2rem auto; padding: 0 1rem;
       line-height: 1.5; color: #222; }
h1 { margin-bottom: 0.2rem; }
nav ol { columns: 2; }
section { border-top: 1px solid #ddd; padding-top: 0.5rem; margin-top: 2rem; }
figure { margin: 1rem 0; }
figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
figure iframe { width: 100%; height: 40rem; border: 1px solid #ccc; }
figcaption { color: #555; font-size: 0.9rem; }
code { background: #f4f4f4; padding: 0.1rem 0.3rem; border-radius: 3px; }
"""


def run_lessons(out: Path, lessons: Sequence[Callable[..., Lesson]] = LESSONS, workers: int = 1) -> list[Lesson]:
    """Run ``lessons`` into ``out`` (``workers`` processes side by side) and return their records in order.

    Every lesson is seeded and writes only its own files, so running them side by side gives the
    same pictures and numbers as running them one after another.
    """
    if workers <= 1:
        return [run(out) for run in lessons]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        # The later lessons train the bigger networks: start them first so none is left running alone at the end.
        futures = [pool.submit(run, out) for run in reversed(lessons)]
        return [future.result() for future in reversed(futures)]


def _picture_html(picture: Picture) -> str:
    source = html.escape(picture.path)
    caption = html.escape(picture.caption)
    if picture.kind == "player":
        return (
            f'<figure><iframe src="{source}" title="{caption}" loading="lazy"></iframe>'
            f'<figcaption>{caption} <a href="{source}">Open the player on its own page.</a></figcaption></figure>'
        )
    return f'<figure><img src="{source}" alt="{caption}"><figcaption>{caption}</figcaption></figure>'


def _lesson_html(lesson: Lesson) -> str:
    pictures = "\n".join(_picture_html(picture) for picture in lesson.pictures)
    return (
        f'<section id="lesson-{lesson.number}">\n'
        f"<h2>{lesson.number}. {html.escape(lesson.title)}</h2>\n"
        f"<p>{html.escape(lesson.text)}</p>\n"
        f"{pictures}\n"
        f"<p>Run it yourself: <code>python -m demos.{html.escape(lesson.module)}</code></p>\n"
        "</section>"
    )


def page_html(lessons: Sequence[Lesson]) -> str:
    """The tour page: an introduction, a table of contents, and one section per lesson."""
    contents = "\n".join(
        f'<li><a href="#lesson-{lesson.number}">{html.escape(lesson.title)}</a></li>' for lesson in lessons
    )
    sections = "\n".join(_lesson_html(lesson) for lesson in lessons)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>stepgrad — how a model really learns</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        "<h1>How a model really learns</h1>\n"
        f"<p>{html.escape(INTRODUCTION)}</p>\n"
        f"<nav><ol>\n{contents}\n</ol></nav>\n"
        f"{sections}\n"
        "</body>\n</html>\n"
    )


def write_page(out: Path, lessons: Sequence[Lesson]) -> Path:
    """Write ``out/index.html`` for lessons already run into ``out``; return its path."""
    return write_atomic(Path(out) / "index.html", page_html(lessons))


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python -m demos.tour [--out DIR] [--workers N] [--readme-picture PATH]``."""
    parser = argparse.ArgumentParser(description="Run every lesson and write the tour page, index.html.")
    parser.add_argument("--out", type=Path, default=Path("out"), help="directory for the page and pictures")
    workers = min(4, os.cpu_count() or 1)
    parser.add_argument("--workers", type=int, default=workers, help=f"lessons run side by side (default: {workers})")
    parser.add_argument("--readme-picture", type=Path, help="also copy lesson 1's picture here (docs/)")
    arguments = parser.parse_args(argv)
    started = time.perf_counter()
    page = write_page(arguments.out, run_lessons(arguments.out, workers=arguments.workers))
    if arguments.readme_picture:
        write_atomic(arguments.readme_picture, (arguments.out / l01_equation.PICTURE).read_bytes())
    print(f"Tour written in {time.perf_counter() - started:.1f} s. Open it in a browser:")
    print(f"  {page.resolve().as_uri()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
