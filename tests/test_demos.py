"""Smoke tests of the tour: every lesson runs with small settings and its key numbers say what its text says.

All thirteen lessons run once (module fixture) into one directory, the tour page is written
from their records, and each test checks one lesson's numbers against a value derived here,
independently of the demo code.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest

from demos import l01_equation, l10_forward, lesson, tour
from nn import make_linear

# Small settings for the slow lessons (module name -> keyword arguments); the others run as the tour runs them.
SMALL_SETTINGS: dict[str, dict[str, object]] = {
    "l02_loss": {"n_samples": 30},
    "l03_gradient": {"n_samples": 30},
    "l04_learning_rate": {"n_samples": 20, "epochs": 130},
    "l05_epochs": {"epochs": 20, "overfit_epochs": 100},
    "l06_batches": {"epochs": 1},
    "l09_activation": {"n_samples": 40, "epochs": 20, "resolution": 12},
    "l12_training": {"n_samples": 60, "epochs": 6, "snapshots": (1,), "resolution": 12},
    "l13_inference": {"n_samples": 40, "epochs": 15, "resolution": 12},
}


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


def test_small_settings_name_lessons_of_the_tour():
    assert set(SMALL_SETTINGS) <= {_module_name(run) for run in tour.LESSONS}


def test_courier_fit_lands_near_100_per_kg_and_50_base(lessons):
    numbers = lessons[1].numbers
    assert numbers["w"] == pytest.approx(100, abs=1.0)
    assert numbers["b"] == pytest.approx(50, abs=2.0)


def test_loss_curve_bottoms_out_at_the_true_rate(lessons):
    numbers = lessons[2].numbers
    assert numbers["best_w"] == pytest.approx(100, abs=2.0)  # the curve is sampled every 2 ₹/kg
    assert numbers["current_loss"] > 100 * numbers["best_loss"]


def test_gradient_is_the_slope_of_the_mse(lessons):
    X, charges = make_linear(n_samples=30, seed=0)
    kg = [row[0] for row in X]

    def slope(w: float) -> float:  # d/dw of mean((w·x + 50 − y)²), by hand
        return sum(2 * (w * x + 50 - y) * x for x, y in zip(kg, charges)) / len(kg)

    numbers = lessons[3].numbers
    assert numbers["slope_left"] == pytest.approx(slope(60.0), rel=1e-9)
    assert numbers["slope_right"] == pytest.approx(slope(140.0), rel=1e-9)
    assert numbers["slope_left"] < 0 < numbers["slope_right"]
    assert numbers["step_left"] > 60 and numbers["step_right"] < 140  # both steps head for the bottom


def test_too_large_learning_rate_is_reported_divergent(lessons):
    numbers = lessons[4].numbers
    assert numbers["large_diverged"] == 1.0
    assert numbers["small_diverged"] == 0.0 and numbers["good_diverged"] == 0.0
    assert numbers["small_final_loss"] > numbers["good_final_loss"]
    assert "diverged" in lessons[4].text and "smaller" in lessons[4].text  # fit's report is quoted on the page


def test_oversized_model_overfits(lessons):
    numbers = lessons[5].numbers
    assert numbers["courier_last_loss"] < numbers["courier_first_loss"] / 100
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


def test_network_pictures_are_svg_and_the_mlp_has_its_parameters(lessons, tour_dir):
    numbers = lessons[8].numbers
    assert numbers["parameters"] == (2 * 4 + 4) + (4 * 4 + 4) + (4 * 1 + 1)
    for picture in lessons[8].pictures:
        assert "<svg" in (tour_dir / picture.path).read_text(encoding="utf-8")


def test_linear_only_network_stays_near_chance_on_xor_while_nonlinear_ones_fit(lessons):
    numbers = lessons[9].numbers
    assert numbers["accuracy_linear"] <= 0.7
    assert numbers["accuracy_tanh"] >= 0.9
    assert numbers["accuracy_relu"] >= 0.9


def test_forward_pass_of_the_neuron(lessons, tour_dir):
    assert lessons[10].numbers["output"] == pytest.approx(math.tanh(2 * -3 + 0 * 1 + 6.8813735870195432))
    assert lessons[10].numbers["operations"] == 5  # two products, two sums, tanh
    player = next(p for p in lessons[10].pictures if p.kind == "player")
    assert "<html" in (tour_dir / player.path).read_text(encoding="utf-8").lower()


def test_backward_pass_and_update_of_the_neuron(lessons):
    numbers = lessons[11].numbers
    local = 1 - math.tanh(2 * -3 + 0 * 1 + 6.8813735870195432) ** 2  # tanh' at n
    assert numbers["grad_w1"] == pytest.approx(2.0 * local)  # do/dw1 = x1 · tanh'(n)
    assert numbers["grad_x1"] == pytest.approx(-3.0 * local)  # do/dx1 = w1 · tanh'(n)
    assert numbers["grad_w2"] == pytest.approx(0.0)  # x2 = 0
    assert numbers["grad_b"] == pytest.approx(local)
    assert numbers["updated_w1"] == pytest.approx(-3.0 - 0.1 * 2.0 * local)


def test_training_cycle_learns_the_moons(lessons):
    assert lessons[12].numbers["train_accuracy"] >= 0.8


def test_inference_records_no_graph_and_loaded_model_predicts_the_same(lessons, tour_dir):
    numbers = lessons[13].numbers
    assert numbers["graph_nodes_no_grad"] == 1
    assert numbers["graph_nodes_recorded"] > 50
    assert numbers["predictions_match"] == 1.0
    assert (tour_dir / "l13_model.json").is_file()


def test_tour_page_lists_every_lesson_in_order_and_links_only_existing_local_files(lessons, tour_dir):
    page = (tour_dir / "index.html").read_text(encoding="utf-8")
    sections = [int(n) for n in re.findall(r'<section id="lesson-(\d+)"', page)]
    assert sections == list(range(1, 14))
    links = re.findall(r'(?:src|href)="([^"]*)"', page)
    pictures = [picture.path for record in lessons.values() for picture in record.pictures]
    assert set(pictures) <= set(links)
    for link in links:
        if link.startswith("#"):
            continue
        assert "://" not in link and not link.startswith("/"), link  # relative only: the page opens from disk
        assert (tour_dir / link).is_file(), link


def test_a_lesson_runs_on_its_own_from_the_command_line(tmp_path, capsys):
    assert lesson.main(l10_forward.run, ["--out", str(tmp_path)]) == 0
    printed = capsys.readouterr().out
    assert "Lesson 10: Forward propagation" in printed
    assert str((tmp_path / l10_forward.PLAYER).resolve()) in printed
    assert (tmp_path / "l10_forward.svg").is_file()


def test_lessons_are_deterministic(tmp_path, lessons):
    again = l01_equation.run(tmp_path)
    assert again.numbers == lessons[1].numbers
    assert again.text == lessons[1].text
