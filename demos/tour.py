"""The tour: run every lesson of "how a model really learns" in order and write ``out/index.html``.

``make demo`` runs ``python -m demos.tour``; ``write_tour(out_dir)`` does the same from Python
(``stepgrad tour -o DIR`` calls it; in an installed wheel the lessons are ``stepgrad.demos``).
The page links only files in the same directory (relative links, no network), so it works
opened straight from disk. ``--readme-picture PATH`` also writes the small picture the README shows.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import html
import importlib
import os
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from autograd import _args
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
    l14_topological_order,
    l15_accumulate,
    l16_zero_grad,
    l17_digits,
)
from .lesson import Lesson, MissingDependency, Picture, idea

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
    l14_topological_order.run,
    l15_accumulate.run,
    l16_zero_grad.run,
    l17_digits.run,
)

# Where each part of the tour starts: lesson number → heading.
PARTS = {
    1: "How a model learns",
    14: "Classic mistakes when you write a backward pass",
    17: "A real data set",
}

INTRODUCTION = (
    "From y = w·x + b to a trained network, one idea at a time. The running example is a courier who charges by "
    "weight: ₹100 per kg plus a ₹50 base charge. Every picture below was drawn by a small program in demos/ that "
    "you can run on its own and change; the code under each lesson is taken from that program."
)
HOW_TO_RUN = (
    "In a source checkout: make demo (the whole tour) or .venv/bin/python -m demos.l01_equation --help (one "
    "lesson, with its settings as options). From an installed package: stepgrad tour -o DIR."
)

# How a reader runs one lesson: from a source checkout (the project's venv has matplotlib) or an installed wheel.
RUN_COMMAND = ".venv/bin/python -m demos" if __package__ == "demos" else f"python -m {__package__}"

STYLE = """
body { font-family: system-ui, sans-serif; max-width: 70rem; margin: 2rem auto; padding: 0 1rem;
       line-height: 1.5; color: #222; }
h1 { margin-bottom: 0.2rem; }
nav ol { columns: 2; }
h2.part { margin-top: 3rem; color: #4c72b0; }
section { border-top: 1px solid #ddd; padding-top: 0.5rem; margin-top: 2rem; }
figure { margin: 1rem 0; }
figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
figure iframe { width: 100%; height: 40rem; border: 1px solid #ccc; }
figure iframe.page { height: 62rem; }
figcaption { color: #555; font-size: 0.9rem; }
code { background: #f4f4f4; padding: 0.1rem 0.3rem; border-radius: 3px; }
pre { background: #f6f8fa; border: 1px solid #e1e4e8; border-radius: 4px; padding: 0.6rem 0.8rem;
      overflow-x: auto; font-size: 0.85rem; line-height: 1.4; }
pre code { background: none; padding: 0; }
.missing { background: #fff4e5; border: 1px solid #f0c36d; padding: 0.5rem 0.8rem; border-radius: 4px; }
"""


def _module_of(run: Callable[..., Lesson]) -> object:
    """The lesson module a ``run`` (or a ``functools.partial`` of one) belongs to."""
    return importlib.import_module(getattr(run, "func", run).__module__)


def _missing(run: Callable[..., Lesson], error: MissingDependency) -> Lesson:
    """The page section of a lesson that could not run: its title and what to install."""
    module = _module_of(run)
    name = module.__name__.rpartition(".")[2]
    number = int(name[1:3])
    title = (module.__doc__ or name).split("—", 1)[-1].split(":", 1)[0].strip().capitalize()
    return Lesson(number=number, module=name, title=title, text=f"Not run here. {error}")


def _run_one(run: Callable[..., Lesson], out: Path) -> Lesson:
    try:
        return run(out)
    except MissingDependency as error:  # an optional lesson (e.g. digits without scikit-learn)
        return _missing(run, error)


def run_lessons(out: Path, lessons: Sequence[Callable[..., Lesson]] = LESSONS, workers: int = 1) -> list[Lesson]:
    """Run ``lessons`` into ``out`` (``workers`` processes side by side) and return their records in order.

    Every lesson is seeded and writes only its own files, so running them side by side gives the
    same pictures and numbers as running them one after another. A lesson whose module names
    another in ``AFTER`` (lesson 13 reads lesson 12's model) starts once all the others are done.
    """
    Path(out).mkdir(parents=True, exist_ok=True)
    first = [run for run in lessons if not hasattr(_module_of(run), "AFTER")]
    then = [run for run in lessons if hasattr(_module_of(run), "AFTER")]
    if workers <= 1:
        done = {run: _run_one(run, out) for run in [*first, *then]}
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            # The later lessons train the bigger networks: start them first so none is left running alone at the end.
            futures = {run: pool.submit(_run_one, run, out) for run in reversed(first)}
            done = {run: future.result() for run, future in futures.items()}
            futures = {run: pool.submit(_run_one, run, out) for run in then}
            done.update({run: future.result() for run, future in futures.items()})
    return [done[run] for run in lessons]


def _picture_html(picture: Picture) -> str:
    source = html.escape(picture.path)
    caption = html.escape(picture.caption)
    if picture.kind in ("player", "page"):
        what = "the player" if picture.kind == "player" else "it"
        css = ' class="page"' if picture.kind == "page" else ""
        return (
            f'<figure><iframe{css} src="{source}" title="{caption}" loading="lazy"></iframe>'
            f'<figcaption>{caption} <a href="{source}">Open {what} on its own page.</a></figcaption></figure>'
        )
    return (
        f'<figure><a href="{source}"><img src="{source}" alt="{caption}"></a>'
        f"<figcaption>{caption}</figcaption></figure>"
    )


def _lesson_html(lesson: Lesson) -> str:
    paragraphs = "\n".join(f"<p>{html.escape(part)}</p>" for part in lesson.text.split("\n\n"))
    pictures = "\n".join(_picture_html(picture) for picture in lesson.pictures)
    code = idea(lesson.module)
    shown = f"<p>The code of the idea, from demos/{html.escape(lesson.module)}.py:</p>\n" if code else ""
    if code:
        shown += f'<pre><code class="language-python">{html.escape(code)}</code></pre>\n'
    css = ' class="missing"' if not lesson.pictures else ""
    return (
        f'<section id="lesson-{lesson.number}"{css}>\n'
        f"<h2>{lesson.number}. {html.escape(lesson.title)}</h2>\n"
        f"{paragraphs}\n{shown}{pictures}\n"
        f"<p>Run it yourself: <code>{html.escape(RUN_COMMAND)}.{html.escape(lesson.module)}</code> "
        f"(<code>--help</code> lists its settings)</p>\n"
        "</section>"
    )


def content_security_policy() -> str:
    """The page loads only its own style (by hash) and the pictures and pages next to it; no script, no network."""
    style = base64.b64encode(hashlib.sha256(STYLE.encode("utf-8")).digest()).decode("ascii")
    return (
        f"default-src 'none'; style-src 'sha256-{style}'; img-src 'self' file:; frame-src 'self' file:; "
        "base-uri 'none'; form-action 'none'"
    )


def page_html(lessons: Sequence[Lesson]) -> str:
    """The tour page: an introduction, a table of contents, and one section per lesson, in parts."""
    contents = "\n".join(
        f'<li><a href="#lesson-{lesson.number}">{html.escape(lesson.title)}</a></li>' for lesson in lessons
    )
    sections = []
    for lesson in lessons:
        if lesson.number in PARTS:
            sections.append(f'<h2 class="part">{html.escape(PARTS[lesson.number])}</h2>')
        sections.append(_lesson_html(lesson))
    body = "\n".join(sections)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{content_security_policy()}">\n'
        f"<title>stepgrad — how a model really learns</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        "<h1>How a model really learns</h1>\n"
        f"<p>{html.escape(INTRODUCTION)}</p>\n<p>{html.escape(HOW_TO_RUN)}</p>\n"
        f"<nav><ol>\n{contents}\n</ol></nav>\n"
        f"{body}\n"
        "</body>\n</html>\n"
    )


def write_page(out: Path, lessons: Sequence[Lesson]) -> Path:
    """Write ``out/index.html`` for lessons already run into ``out``; return its path."""
    return write_atomic(Path(out) / "index.html", page_html(lessons))


def default_workers() -> int:
    """Lessons run side by side by default: up to 4, no more than the machine's cores."""
    return min(4, os.cpu_count() or 1)


def write_tour(out_dir: str | os.PathLike, *, workers: int | None = None) -> Path:
    """Run every lesson into ``out_dir`` (created if missing) and write its ``index.html``; return that path."""
    if workers is not None:
        workers = _args.integer("write_tour", "workers", workers, minimum=1)
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise ValueError(f"write_tour: out_dir must be a directory, got the file {str(out)!r}")
    return write_page(out, run_lessons(out, workers=default_workers() if workers is None else workers))


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python -m demos.tour [--out DIR] [--workers N] [--readme-picture PATH]``."""
    parser = argparse.ArgumentParser(description="Run every lesson and write the tour page, index.html.")
    parser.add_argument("--out", type=Path, default=Path("out"), help="directory for the page and pictures")
    workers = default_workers()
    parser.add_argument("--workers", type=int, default=workers, help=f"lessons run side by side (default: {workers})")
    parser.add_argument("--readme-picture", type=Path, help="also copy lesson 1's picture here (docs/)")
    arguments = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        page = write_tour(arguments.out, workers=arguments.workers)
    except ValueError as error:
        parser.error(str(error))
    if arguments.readme_picture:
        write_atomic(arguments.readme_picture, (arguments.out / l01_equation.PICTURE).read_bytes())
    print(f"Tour written in {time.perf_counter() - started:.1f} s. Open it in a browser:")
    print(f"  {page.resolve().as_uri()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
