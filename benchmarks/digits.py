"""Benchmark 5: lesson 17 — the scalar engine learns scikit-learn's 8×8 digits (issue 12's goal).

Trains the lesson's MLP(64, [16, 10]) with its default settings on the full training split
(1,347 digits, 5 epochs) and reads the 450 test digits; reports wall-clock and CPU time and
the test accuracy. Goal: at least 90 % test accuracy in under a minute on a 2-core machine.
The peer in the same run is scikit-learn's own MLPClassifier (numpy) with the same hidden layer,
batch size, learning rate and epochs, to show what plain-Python scalars cost.
"""

from __future__ import annotations

import time
import warnings
from dataclasses import dataclass

GOAL_SECONDS = 60.0
GOAL_ACCURACY = 0.90


@dataclass
class DigitsResult:
    contender: str
    seconds: float  # wall clock
    cpu_seconds: float
    accuracy: float


def _measure(contender: str, work) -> DigitsResult:
    wall, cpu = time.perf_counter(), time.process_time()
    accuracy = work()
    return DigitsResult(contender, time.perf_counter() - wall, time.process_time() - cpu, accuracy)


def run() -> tuple[list[DigitsResult], str | None]:
    """Both contenders on the same split; ``([], reason)`` when scikit-learn is missing."""
    try:
        from sklearn.exceptions import ConvergenceWarning
        from sklearn.neural_network import MLPClassifier
    except ModuleNotFoundError:
        return [], "scikit-learn is not installed (pip install 'stepgrad[digits]')"
    from demos import l17_digits, lesson

    data = l17_digits.load()
    defaults = lesson.settings(l17_digits.run)  # the lesson's own defaults, so the benchmark measures the lesson
    settings = {name: defaults[name] for name in ("hidden", "epochs", "batch_size", "learning_rate")}

    def stepgrad() -> float:
        _, guesses = l17_digits.train_and_read(data, **settings)
        return sum(g == t for g, t in zip(guesses, data.y_test)) / len(data.y_test)

    def numpy_peer() -> float:
        peer = MLPClassifier(
            hidden_layer_sizes=(settings["hidden"],),
            activation="tanh",
            solver="adam",
            learning_rate_init=settings["learning_rate"],
            batch_size=settings["batch_size"],
            max_iter=settings["epochs"],
            random_state=0,
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)  # 5 epochs on purpose, as the lesson
            peer.fit(data.X_train, data.y_train)
        return float(peer.score(data.X_test, data.y_test))

    contenders = {"stepgrad (lesson 17, scalar Values)": stepgrad, "scikit-learn MLPClassifier (numpy)": numpy_peer}
    return [_measure(name, work) for name, work in contenders.items()], None


def section(targets: list) -> str:
    """The report's section: a table of both contenders and the goal's verdict, appended to ``targets``."""
    from benchmarks.timing import Target

    goal = f"digits: >= {GOAL_ACCURACY:.0%} test accuracy in < {GOAL_SECONDS:.0f} s (lesson 17)"
    results, reason = run()
    if not results:
        targets.append(Target(goal, reason, None))
        return f"## 5. Digits (lesson 17)\n\nskipped: {reason}"
    ours, peer = results
    targets.append(
        Target(
            goal,
            f"{ours.accuracy:.1%} in {ours.seconds:.1f} s",
            ours.accuracy >= GOAL_ACCURACY and ours.seconds < GOAL_SECONDS,
        )
    )
    rows = [
        "| contender | wall clock | CPU | test accuracy | vs numpy |",
        "| --- | --- | --- | --- | --- |",
        *(
            f"| {r.contender} | {r.seconds:.2f} s | {r.cpu_seconds:.2f} s | {r.accuracy:.1%} | "
            f"{r.cpu_seconds / max(peer.cpu_seconds, 1e-9):.0f}× |"
            for r in results
        ),
    ]
    title = "## 5. Digits (lesson 17): MLP(64, [16, 10]), 1,347 training digits, 5 epochs, 450 test digits"
    return "\n".join([title, "", *rows])


if __name__ == "__main__":
    print(section([]))
