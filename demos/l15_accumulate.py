"""Lesson 15 — a classic mistake: ``grad = …`` instead of ``grad += …`` (a value used twice gets half).

The same passes as lesson 14, in the right order, once with the contributions added up and
once with each one overwriting the last: on lesson 11's parcel the error's gradient comes out
half, and on a = 1; b = a + a; c = b + b, b's gradient is half and a's a quarter.
"""

from __future__ import annotations

from pathlib import Path

from . import plots
from .courier import CHARGE, KG, START_B, START_W, parcel_graph
from .lesson import Lesson, Picture, main
from .mistakes import classic_graph, ordered_backward

IDEA_FROM = ("mistakes",)  # the code shown: the teaching backward pass, with += and with =


def run(out: Path, *, kg: float = KG, charge: float = CHARGE, w: float = START_W, b: float = START_B) -> Lesson:
    """Lesson 15: gradients with += and with = on the parcel's loss and on the classic graph."""
    parcel = parcel_graph(kg, charge, w, b)
    ordered_backward(parcel.loss, accumulate=True)
    added = {"error": parcel.error.grad, "w": parcel.w.grad, "b": parcel.b.grad}
    ordered_backward(parcel.loss, accumulate=False)
    overwritten = {"error": parcel.error.grad, "w": parcel.w.grad, "b": parcel.b.grad}
    classic = classic_graph()
    ordered_backward(classic.c, accumulate=True)
    classic_added = {"b": classic.b.grad, "a": classic.a.grad}
    ordered_backward(classic.c, accumulate=False)
    classic_overwritten = {"b": classic.b.grad, "a": classic.a.grad}

    figure, (parcel_ax, classic_ax) = plots.new_figure(2, width=4.4, height=3.4)
    for ax, right, wrong, title in (
        (parcel_ax, added, overwritten, "lesson 11's parcel: d loss / d …"),
        (classic_ax, classic_added, classic_overwritten, "c = b + b, b = a + a: dc / d …"),
    ):
        names = list(right)
        positions = range(len(names))
        ax.bar([p - 0.2 for p in positions], [right[n] for n in names], 0.4, color=plots.GOOD, label="grad += …")
        ax.bar([p + 0.2 for p in positions], [wrong[n] for n in names], 0.4, color=plots.BAD, label="grad = …")
        ax.axhline(0, color="#555555", lw=0.8)
        ax.set_xticks(list(positions), names)
        ax.set_title(title)
        ax.legend()
    picture = plots.save(figure, Path(out) / "l15_accumulate.png")

    return Lesson(
        number=15,
        module="l15_accumulate",
        title="Mistake 2: = instead of += (a value used twice gets half)",
        text=(
            "A value used twice gets one gradient contribution per use, and its gradient is their sum — lesson "
            f"11's error, used twice in error × error, gets {added['error']:g} = 2 × {added['error'] / 2:g}. Write "
            "child.grad = … instead of child.grad += … and each contribution overwrites the one before: the "
            f"error's gradient comes out {overwritten['error']:g}, half, and so do the gradients of w "
            f"({overwritten['w']:g} instead of {added['w']:g}) and b ({overwritten['b']:g} instead of "
            f"{added['b']:g}). Here training would still move the right way, at half the speed — which is why the "
            "bug hides so well; where the uses pull in different directions, only the last one counts. "
            "On lesson 14's graph it is worse: b's gradient is half "
            f"({classic_overwritten['b']:g} instead of {classic_added['b']:g}) and a, used twice by a value that "
            f"is itself used twice, gets a quarter ({classic_overwritten['a']:g} instead of {classic_added['a']:g})."
        ),
        pictures=[Picture(picture.name, "Green: gradients added up (right). Red: each overwriting the last (wrong).")],
        numbers={
            **{f"added_{name}": value for name, value in added.items()},
            **{f"overwritten_{name}": value for name, value in overwritten.items()},
            **{f"classic_added_{name}": value for name, value in classic_added.items()},
            **{f"classic_overwritten_{name}": value for name, value in classic_overwritten.items()},
        },
    )


if __name__ == "__main__":
    raise SystemExit(main(run))
