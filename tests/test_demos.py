"""Smoke tests of the tour: every lesson runs with small settings and its key numbers say what its text says.

All lessons run once (module fixture) into one directory, the tour page is written from their
records, and each test checks one lesson's numbers against a value derived here, by hand or
with another tool, independently of the demo code.
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest

from demos import (
    l01_equation,
    l10_forward,
    l11_backward,
    l12_training,
    l13_inference,
    l16_zero_grad,
    l17_digits,
    lesson,
    tour,
)
from nn import MLP, load, make_linear, make_moons, predict, save

ROOT = Path(__file__).resolve().parents[1]

# Small settings for the slow lessons (module name -> keyword arguments); the others run as the tour runs them.
SMALL_SETTINGS: dict[str, dict[str, object]] = {
    "l02_loss": {"n_samples": 30},
    "l03_gradient": {"n_samples": 30},
    "l04_learning_rate": {"n_samples": 20, "epochs": 120, "timeline_updates": 8},
    "l05_epochs": {"epochs": 20, "overfit_epochs": 100, "timeline_updates": 8},
    "l06_batches": {"epochs": 1, "timeline_updates": 8},
    "l09_activation": {"n_samples": 40, "epochs": 20, "resolution": 12},
    "l12_training": {"n_samples": 60, "epochs": 8, "snapshots": (1,), "resolution": 12, "timeline_updates": 8},
    "l13_inference": {"n_new": 40, "resolution": 12},
    "l17_digits": {"n_train": 200, "n_test": 60, "epochs": 3, "shown": 8},
}
DIGITS = SMALL_SETTINGS["l17_digits"]


def _module_name(run: Callable[..., lesson.Lesson]) -> str:
    return run.__module__.rpartition(".")[2]


SMALL_LESSONS = tuple(partial(run, **SMALL_SETTINGS.get(_module_name(run), {})) for run in tour.LESSONS)


@pytest.fixture(scope="module")
def tour_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("tour")


@pytest.fixture(scope="module")
def lessons(tour_dir: Path) -> dict[int, lesson.Lesson]:
    records = tour.run_lessons(tour_dir, SMALL_LESSONS, workers=1)
    tour.write_page(tour_dir, records)
    return {record.number: record for record in records}


def least_squares(kg: list[float], charges: list[float]) -> tuple[float, float, float]:
    """w, b and the MSE of the best line, from the normal equations (by hand, not the demo's code)."""
    n = len(kg)
    sx, sy = sum(kg), sum(charges)
    sxx, sxy = sum(x * x for x in kg), sum(x * y for x, y in zip(kg, charges))
    w = (n * sxy - sx * sy) / (n * sxx - sx * sx)
    b = (sy - w * sx) / n
    return w, b, sum((y - w * x - b) ** 2 for x, y in zip(kg, charges)) / n


def parcels(n_samples: int) -> tuple[list[float], list[float]]:
    X, charges = make_linear(n_samples=n_samples, seed=0)
    return [row[0] for row in X], charges


def test_small_settings_name_lessons_of_the_tour():
    assert set(SMALL_SETTINGS) <= {_module_name(run) for run in tour.LESSONS}
    for name, chosen in SMALL_SETTINGS.items():  # every small setting is a real setting of that lesson
        run = next(run for run in tour.LESSONS if _module_name(run) == name)
        assert set(chosen) <= set(lesson.settings(run)), name


def test_courier_fit_lands_near_100_per_kg_and_50_base(lessons):
    numbers = lessons[1].numbers
    assert numbers["w"] == pytest.approx(100, abs=1.0)
    assert numbers["b"] == pytest.approx(50, abs=2.0)


def test_loss_curve_bottoms_out_at_the_true_rate(lessons):
    numbers = lessons[2].numbers
    assert numbers["best_w"] == pytest.approx(100, abs=2.0)  # the curve is sampled every 2 ₹/kg
    assert numbers["current_loss"] > 100 * numbers["best_loss"]


def test_gradient_is_the_slope_of_the_mse(lessons):
    kg, charges = parcels(30)

    def slope(w: float) -> float:  # d/dw of mean((w·x + 50 − y)²), by hand
        return sum(2 * (w * x + 50 - y) * x for x, y in zip(kg, charges)) / len(kg)

    numbers = lessons[3].numbers
    assert numbers["slope_left"] == pytest.approx(slope(60.0), rel=1e-9)
    assert numbers["slope_right"] == pytest.approx(slope(140.0), rel=1e-9)
    assert numbers["slope_left"] < 0 < numbers["slope_right"]
    assert numbers["step_left"] > 60 and numbers["step_right"] < 140  # both steps head for the bottom


def test_learning_rates_diverge_crawl_and_reach_the_noise_floor(lessons):
    numbers = lessons[4].numbers
    kg, charges = parcels(20)
    w, b, floor = least_squares(kg, charges)
    assert numbers["noise_floor"] == pytest.approx(floor, rel=1e-9)
    assert numbers["large_diverged"] == 1.0 and numbers["small_diverged"] == 0.0 and numbers["good_diverged"] == 0.0
    assert "diverged" in lessons[4].text and "smaller" in lessons[4].text  # fit's report is quoted on the page
    assert numbers["good_final_loss"] == pytest.approx(floor, rel=0.01)  # reasonable: down to the noise floor
    assert (numbers["good_w"], numbers["good_b"]) == pytest.approx((w, b), abs=0.05)
    # too small: far from the floor and still falling at the end, not flat
    assert numbers["small_final_loss"] > 100 * floor
    assert numbers["small_loss_at_half"] > 1.5 * numbers["small_final_loss"]


def test_the_knee_w_settles_fast_while_b_crawls(lessons):
    numbers = lessons[4].numbers
    kg, charges = parcels(20)
    w, b, floor = least_squares(kg, charges)
    assert numbers["steepness_ratio"] == pytest.approx(sum(x * x for x in kg) / len(kg), rel=1e-9)
    assert numbers["knee_epoch"] < 40  # w settles within a few dozen epochs ...
    assert abs(numbers["knee_b"] - b) > 5  # ... while b is still far from its best value at the end
    assert abs(numbers["knee_w"] - w) / w < abs(numbers["knee_b"] - b) / b / 5  # w is much closer to its own
    assert numbers["knee_final_loss"] > 2 * floor


def test_epochs_reach_the_noise_floor_and_an_oversized_model_overfits(lessons):
    numbers = lessons[5].numbers
    _, _, floor = least_squares(*parcels(50))
    assert numbers["noise_floor"] == pytest.approx(floor, rel=1e-9)
    assert numbers["courier_last_loss"] < 1.1 * floor
    assert 1 <= numbers["epoch_near_floor"] <= 20
    assert numbers["best_epoch"] < 100
    assert numbers["final_val_loss"] > 1.2 * numbers["best_val_loss"]  # validation got worse after its best epoch
    assert numbers["final_train_loss"] < numbers["best_val_loss"] / 10  # while the training points were memorised


def test_batches_give_ceil_n_over_batch_size_updates_per_epoch(lessons):
    numbers = lessons[6].numbers
    assert numbers["updates_per_epoch_100"] == 10
    assert numbers["updates_per_epoch_1"] == 1000
    assert numbers["updates_per_epoch_1000"] == 1
    assert numbers["final_loss_1"] < numbers["final_loss_100"] < numbers["final_loss_1000"]  # per epoch


def test_without_bias_the_line_cannot_fit_the_base_charge(lessons):
    numbers = lessons[7].numbers
    assert numbers["b"] == pytest.approx(50, abs=2.0)
    assert numbers["w_without_bias"] > 103  # it tilts up to make up for the missing ₹50
    assert numbers["loss_without_bias"] > 5 * numbers["loss_with_bias"]


def test_the_courier_neuron_and_the_network_pictures(lessons, tour_dir):
    numbers = lessons[8].numbers
    assert numbers["neuron_output"] == max(0.0, 100 * 2 + 5 * 3 + 50)
    assert numbers["parameters"] == (2 * 4 + 4) + (4 * 4 + 4) + (4 * 1 + 1)
    for picture in lessons[8].pictures:
        assert "<svg" in (tour_dir / picture.path).read_text(encoding="utf-8")
    assert (tour_dir / "l08_neuron.svg").read_bytes() != (tour_dir / "l10_forward.svg").read_bytes()
    assert "6.8813" not in lessons[8].text


def _player_steps(path: Path) -> list[dict]:
    page = path.read_text(encoding="utf-8")
    data = re.search(r'<script type="application/json"[^>]*>(.*?)</script>', page, re.S)
    assert data, "the player embeds its steps as JSON"
    return json.loads(data.group(1))["steps"]


def test_forward_pass_of_the_parcels_loss_and_a_forward_only_player(lessons, tour_dir):
    numbers = lessons[10].numbers
    error = 60 * 2 + 20 - 250  # w·kg + b − charge, by hand
    assert numbers["error"] == error
    assert numbers["loss"] == error**2 == 12100
    assert numbers["operations"] == 4  # w·kg, + b, − charge, error × error
    phases = {step["phase"] for step in _player_steps(tour_dir / l10_forward.PLAYER)}
    assert phases == {"forward"}
    assert {step["phase"] for step in _player_steps(tour_dir / l11_backward.PLAYER)} == {
        "forward",
        "backward",
        "update",
    }


def test_backward_from_the_loss_adds_the_two_uses_of_the_error_then_the_update_lowers_the_loss(lessons):
    numbers = lessons[11].numbers
    kg, charge, w, b, lr = 2.0, 250.0, 60.0, 20.0, 0.05
    error = w * kg + b - charge
    assert numbers["contribution_1"] == numbers["contribution_2"] == error  # d(e·e)/de, one operand at a time
    assert numbers["grad_error"] == 2 * error
    assert numbers["grad_w"] == 2 * error * kg
    assert numbers["grad_b"] == 2 * error
    new_w, new_b = w - lr * 2 * error * kg, b - lr * 2 * error
    assert (numbers["updated_w"], numbers["updated_b"]) == pytest.approx((new_w, new_b))
    assert numbers["loss_after"] == pytest.approx((new_w * kg + new_b - charge) ** 2)
    assert numbers["loss_after"] < numbers["loss_before"]
    assert "-110 + -110 = -220" in lessons[11].text


def test_linear_only_network_stays_near_chance_on_xor_while_nonlinear_ones_fit(lessons):
    numbers = lessons[9].numbers
    assert numbers["accuracy_linear"] <= 0.7
    assert numbers["accuracy_tanh"] >= 0.9
    assert numbers["accuracy_relu"] >= 0.9


def test_training_cycle_by_hand_is_what_fit_does_and_learns_the_moons(lessons, tour_dir):
    numbers = lessons[12].numbers
    assert numbers["same_as_fit"] == 1.0
    assert numbers["train_accuracy"] >= 0.8
    assert (tour_dir / l12_training.MODEL_FILE).is_file()


def test_inference_uses_lesson_12s_model_and_records_no_graph(lessons, tour_dir):
    numbers = lessons[13].numbers
    assert numbers["graph_nodes_no_grad"] == 1
    assert numbers["graph_nodes_recorded"] > 50
    assert numbers["predictions_match"] == 1.0
    model = load(tour_dir / l12_training.MODEL_FILE)
    X, labels = make_moons(n_samples=40, noise=0.1, seed=1, labels=(-1, 1))
    right = sum((score > 0) == (label > 0) for score, label in zip(predict(model, X), labels))
    assert numbers["new_accuracy"] == right / len(X)


def test_inference_trains_nothing_it_reads_whatever_model_lesson_12_left(tmp_path):
    untrained = MLP(2, [3, 1], seed=5)  # not what lesson 12 would train: lesson 13 must use it as it is
    save(untrained, tmp_path / l12_training.MODEL_FILE)
    numbers = l13_inference.run(tmp_path, n_new=30, resolution=8).numbers
    X, labels = make_moons(n_samples=30, noise=0.1, seed=1, labels=(-1, 1))
    right = sum((score > 0) == (label > 0) for score, label in zip(predict(untrained, X), labels))
    assert numbers["new_accuracy"] == right / len(X)
    assert load(tmp_path / l12_training.MODEL_FILE).state_dict() == untrained.state_dict()  # left as it was


def test_naive_recursion_visits_c_b_a_a_b_a_a_and_doubles_the_gradient(lessons):
    numbers = lessons[14].numbers
    # By hand: c pushes 1 + 1 to b (b.grad = 2); b is visited once per use, and each visit pushes 2 + 2 to a.
    assert numbers["naive_visits"] == 7 and numbers["naive_grad"] == 2 * (2 + 2)
    assert "c, b, a, a, b, a, a" in lessons[14].text
    sympy = pytest.importorskip("sympy")
    a = sympy.Symbol("a")
    b = a + a
    true_grad = float(sympy.diff(b + b, a))
    assert numbers["ordered_grad"] == numbers["engine_grad"] == true_grad == 4
    assert numbers["ordered_visits"] == 3 and "c, b, a, once each" in lessons[14].text


def test_assignment_instead_of_accumulation_halves_a_value_used_twice(lessons):
    numbers = lessons[15].numbers
    error = 60 * 2 + 20 - 250
    assert numbers["added_error"] == 2 * error
    assert numbers["overwritten_error"] == error  # half
    assert numbers["overwritten_w"] == numbers["added_w"] / 2
    assert (numbers["classic_added_b"], numbers["classic_overwritten_b"]) == (2, 1)
    assert (numbers["classic_added_a"], numbers["classic_overwritten_a"]) == (4, 1)


def test_forgetting_zero_grad_multiplies_exactly_while_micrograd_compounds(lessons):
    numbers = lessons[16].numbers
    assert [numbers[f"forgot_{n}"] for n in (1, 2, 3)] == [4, 8, 12]  # exactly 1×, 2×, 3× dc/da
    assert [numbers[f"zeroed_{n}"] for n in (1, 2, 3)] == [4, 4, 4]
    pytest.importorskip("micrograd")
    # micrograd keeps the inner gradients: per call b.grad += 2, then a.grad += 2·b.grad (b = a + a).
    b_grad = a_grad = 0.0
    expected = []
    for _ in range(3):
        b_grad += 2
        a_grad += 2 * b_grad
        expected.append(a_grad)
    assert [numbers[f"micrograd_{n}"] for n in (1, 2, 3)] == expected == [4, 12, 24]


def test_digits_accuracy_on_a_small_subset_matches_the_saved_model(lessons, tour_dir):
    sklearn_datasets = pytest.importorskip("sklearn.datasets")
    from nn import train_test_split

    numbers = lessons[17].numbers
    digits = sklearn_datasets.load_digits()
    X = [[pixel / 16 for pixel in row] for row in digits.data.tolist()]
    _, X_test, _, y_test = train_test_split(X, [int(t) for t in digits.target], test_size=0.25, seed=0)
    X_test, y_test = X_test[: DIGITS["n_test"]], y_test[: DIGITS["n_test"]]
    model = load(tour_dir / l17_digits.MODEL_FILE)
    right = sum(scores.index(max(scores)) == label for scores, label in zip(predict(model, X_test), y_test))
    assert numbers["test_digits"] == DIGITS["n_test"] and numbers["train_digits"] == DIGITS["n_train"]
    assert numbers["right"] == right
    assert numbers["test_accuracy"] == right / DIGITS["n_test"]
    assert numbers["test_accuracy"] >= 0.6  # 200 digits, 3 epochs: far above chance (0.1)
    assert numbers["seconds"] > 0 and f"{numbers['seconds']:.1f} s" in lessons[17].text


def test_digits_without_scikit_learn_say_what_to_install(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "sklearn", None)  # import sklearn now fails as if it were not installed
    monkeypatch.setitem(sys.modules, "sklearn.datasets", None)
    with pytest.raises(lesson.MissingDependency, match=r"pip install 'stepgrad\[digits\]'"):
        l17_digits.run(tmp_path)
    assert lesson.main(l17_digits.run, ["--out", str(tmp_path)]) == 2
    assert "scikit-learn" in capsys.readouterr().err
    (record,) = tour.run_lessons(tmp_path, [l17_digits.run])
    assert record.number == 17 and not record.pictures and "pip install" in record.text
    assert 'class="missing"' in tour.page_html([record])


def test_every_lesson_shows_code_taken_from_its_own_source(lessons):
    for record in lessons.values():
        code = lesson.idea(record.module)
        assert code.strip(), record.module
        sources = ROOT.joinpath("demos").glob("*.py")
        text = "\n".join(textwrap.dedent(source.read_text(encoding="utf-8")) for source in sources)
        for line in code.splitlines():
            assert line.strip() in text, (record.module, line)
    assert "loss.backward()" in lesson.idea("l11_backward")
    assert "optimizer.step()" in lesson.idea("l12_training")
    assert "with no_grad():" in lesson.idea("l13_inference")
    assert "loss = error * error" in lesson.idea("l10_forward")  # from courier.py, named in IDEA_FROM


def test_unbalanced_lesson_markers_are_an_error(tmp_path, monkeypatch):
    package = tmp_path / "broken_lessons"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "open.py").write_text("x = 1\n# lesson: begin\ny = 2\n", encoding="utf-8")
    (package / "stray.py").write_text("x = 1\n# lesson: end\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ValueError, match="never closed"):
        lesson.idea("broken_lessons.open")
    with pytest.raises(ValueError, match="line 2: '# lesson: end' without"):
        lesson.idea("broken_lessons.stray")


def test_tour_page_lists_every_lesson_in_order_and_links_only_existing_local_files(lessons, tour_dir):
    page = (tour_dir / "index.html").read_text(encoding="utf-8")
    sections = [int(n) for n in re.findall(r'<section id="lesson-(\d+)"', page)]
    assert sections == list(range(1, len(tour.LESSONS) + 1))
    links = re.findall(r'(?:src|href)="([^"]*)"', page)
    pictures = [picture.path for record in lessons.values() for picture in record.pictures]
    assert set(pictures) <= set(links)
    for link in links:
        if link.startswith("#"):
            continue
        assert "://" not in link and not link.startswith("/"), link  # relative only: the page opens from disk
        assert (tour_dir / link).is_file(), link
    assert page.count("<pre><code") == len(tour.LESSONS)
    assert "Run it yourself: <code>.venv/bin/python -m demos.l01_equation</code>" in page
    assert "python -m demos.l01_equation</code>" not in page.replace(".venv/bin/python -m demos", "")
    assert "click it, then" in page  # the keyboard hint says the player needs a click first


def test_a_lesson_runs_on_its_own_from_the_command_line(tmp_path, capsys):
    assert lesson.main(l10_forward.run, ["--out", str(tmp_path)]) == 0
    printed = capsys.readouterr().out
    assert "Lesson 10: Forward propagation" in printed
    assert "loss = error * error" in printed  # the code of the idea is printed too
    assert str((tmp_path / l10_forward.PLAYER).resolve()) in printed
    assert (tmp_path / "l10_forward.svg").is_file()


def test_teacher_settings_are_command_line_options(tmp_path, capsys):
    assert lesson.main(l11_backward.run, ["--out", str(tmp_path), "--learning-rate", "0.1", "--w", "50"]) == 0
    printed = capsys.readouterr().out
    error = 50 * 2 + 20 - 250
    assert f"updated_w = {50 - 0.1 * 2 * error * 2:g}" in printed
    assert lesson.main(l10_forward.run, ["--out", str(tmp_path)]) == 0
    assert '"quiz":true' not in (tmp_path / l10_forward.PLAYER).read_text(encoding="utf-8")
    assert lesson.main(l10_forward.run, ["--out", str(tmp_path), "--quiz"]) == 0  # a bool setting: --quiz/--no-quiz
    assert '"quiz":true' in (tmp_path / l10_forward.PLAYER).read_text(encoding="utf-8")
    capsys.readouterr()
    with pytest.raises(SystemExit) as stopped:
        lesson.main(l16_zero_grad.run, ["--out", str(tmp_path), "--calls", "1"])
    assert stopped.value.code == 2
    assert "calls must be an int >= 2, got 1" in capsys.readouterr().err


def test_tuple_settings_read_comma_separated_values():
    assert lesson.settings(tour.l06_batches.run)["batch_sizes"] == (1, 100, 1000)
    read = lesson._option_type((1, 100))
    assert read("2, 20,200") == (2, 20, 200)


def test_write_tour_checks_its_arguments(tmp_path):
    with pytest.raises(ValueError, match="write_tour: workers must be a positive int, got 0"):
        tour.write_tour(tmp_path, workers=0)
    a_file = tmp_path / "file"
    a_file.write_text("", encoding="utf-8")
    with pytest.raises(ValueError, match="out_dir must be a directory"):
        tour.write_tour(a_file)


def test_the_lessons_work_under_the_stepgrad_namespace_as_in_the_wheel(tmp_path):
    # The wheel maps demos/ to stepgrad/demos/ (pyproject: force-include): the lessons import each other
    # relatively, so they must run as stepgrad.demos.* with no top-level "demos" package (an editable install
    # puts a checkout, with its demos/, on sys.path: the script drops such entries).
    site = tmp_path / "site"
    for package in ("autograd", "nn"):
        shutil.copytree(ROOT / package, site / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "demos", site / "stepgrad" / "demos", ignore=shutil.ignore_patterns("__pycache__"))
    script = (
        "import os, sys; sys.path[:] = [p for p in sys.path if not os.path.isdir(os.path.join(p or '.', 'demos'))];"
        "sys.path.insert(0, sys.argv[1]);"
        "import importlib.util; assert importlib.util.find_spec('demos') is None;"
        "from stepgrad.demos import tour, l15_accumulate;"
        "print(tour.RUN_COMMAND); print(l15_accumulate.run(sys.argv[2]).numbers['overwritten_error'])"
    )
    environment = {name: value for name, value in os.environ.items() if name != "PYTHONPATH"}
    done = subprocess.run(
        [sys.executable, "-c", script, str(site), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=environment,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["python -m stepgrad.demos", "-110.0"]
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"demos" = "stepgrad/demos"' in pyproject


def test_lessons_are_deterministic(tmp_path, lessons):
    again = l01_equation.run(tmp_path)
    assert again.numbers == lessons[1].numbers
    assert again.text == lessons[1].text


def test_lessons_4_5_6_and_12_link_a_timeline_of_their_run(lessons, tour_dir):
    page = (tour_dir / "index.html").read_text(encoding="utf-8")
    for number in (4, 5, 6, 12):
        (timeline,) = [picture for picture in lessons[number].pictures if picture.kind == "page"]
        assert timeline.path == f"l{number:02d}_timeline.html"
        written = (tour_dir / timeline.path).read_text(encoding="utf-8")
        assert "Content-Security-Policy" in written
        assert f'<iframe class="page" src="{timeline.path}"' in page and f'<a href="{timeline.path}">' in page


def test_lesson_numbers_are_finite(lessons):
    for record in lessons.values():
        for name, value in record.numbers.items():
            assert math.isfinite(value), (record.number, name)
