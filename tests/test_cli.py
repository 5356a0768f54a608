"""``stepgrad trace``: players, pictures, GIFs, quizzes, worksheets; options that do nothing are errors."""

import os
import sys

import pytest

from autograd import topological_order
from autograd.cli import parse_expression, parse_values
from tests.cli_support import balanced_sum, one_error_line, readme_section, run

NEURON = "tanh(x1*w1 + x2*w2 + b)"
NEURON_VALUES = ["x1=2", "x2=0", "w1=-3", "w2=1", "b=6.88"]


def test_trace_writes_the_player(tmp_path, capsys):
    target = tmp_path / "neuron.html"
    status, out, err = run(capsys, "trace", NEURON, "--at", *NEURON_VALUES, "-o", str(target))
    assert status == 0, err
    assert out.strip() == f"wrote {target}"
    page = target.read_text(encoding="utf-8")
    assert "<svg" in page
    # the unlabelled sum inside tanh is named after its op: the second addition, add#2
    assert "f = tanh(add#2) = tanh(0.8800) = 0.7064" in page  # tanh(0.88) = 0.70642...


@pytest.mark.parametrize(("fmt", "magic"), [("svg", b"<?xml"), ("png", b"\x89PNG"), ("pdf", b"%PDF-")])
def test_format_writes_one_picture(tmp_path, capsys, fmt, magic):
    target = tmp_path / f"neuron.{fmt}"
    status, _, err = run(capsys, "trace", NEURON, "--at", *NEURON_VALUES, "--format", fmt, "-o", str(target))
    assert status == 0, err
    assert target.read_bytes().startswith(magic)
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_output_suffix_picks_the_picture_format_and_view_backward_annotates_edges(tmp_path, capsys):
    target = tmp_path / "grad.svg"
    status, _, _ = run(capsys, "trace", "x*x", "--at", "x=3", "--view", "backward", "-o", str(target))
    assert status == 0
    svg = target.read_text(encoding="utf-8")
    assert "grad = 3.0000 + 3.0000 = 6.0000" in svg


def test_lr_adds_update_steps_for_the_parameters(tmp_path, capsys):
    target = tmp_path / "steps.html"
    status, _, err = run(capsys, "trace", NEURON, "--at", *NEURON_VALUES, "--lr", "0.5", "-o", str(target))
    assert status == 0, err
    page = target.read_text(encoding="utf-8")
    for name in ("w1", "w2", "b"):
        assert f"update {name}: new = value" in page
    assert "update x1" not in page


def test_digits_sets_the_number_format(tmp_path, capsys):
    target = tmp_path / "g.svg"
    assert run(capsys, "trace", "x/3", "--at", "x=1", "--digits", "2", "-o", str(target))[0] == 0
    assert "data 0.33" in target.read_text(encoding="utf-8")


def test_params_without_lr_is_an_error(tmp_path, capsys):
    status, _, err = run(capsys, "trace", "w*x", "--at", "w=1", "x=2", "--params", "w", "-o", str(tmp_path / "s.html"))
    assert status == 2
    assert "--params needs --lr" in err


def test_unknown_param_name_is_an_error(tmp_path, capsys):
    argv = ["trace", "w*x", "--at", "w=1", "x=2", "--lr", "0.1", "--params", "v", "-o", str(tmp_path / "s.html")]
    status, _, err = run(capsys, *argv)
    assert status == 2
    assert "--params names v" in err


def test_unwritable_output_is_a_clear_error(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    status, _, err = run(capsys, "trace", "x*2", "--at", "x=1", "-o", str(blocker / "out.html"))
    assert status == 1
    assert err.startswith("stepgrad: error: cannot write")


@pytest.mark.parametrize("lr", ["nan", "inf", "-inf", "fast"])
def test_a_learning_rate_that_is_not_a_finite_number_is_exit_2(capsys, tmp_path, lr):
    status, _, err = run(capsys, "trace", "w*x", "--at", "w=1", "x=2", f"--lr={lr}", "-o", str(tmp_path / "s.html"))
    assert status == 2
    assert "argument --lr: expected a" in err and "Traceback" not in err
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("digits", ["-1", "16", "many"])
def test_digits_out_of_range_is_exit_2(capsys, tmp_path, digits):
    status, _, err = run(capsys, "trace", "x*2", "--at", "x=1", "--digits", digits, "-o", str(tmp_path / "s.svg"))
    assert status == 2 and "expected a whole number from 0 to 15" in err


def test_the_readmes_trace_errors_are_what_the_command_prints(capsys, monkeypatch, tmp_path):
    import shlex

    monkeypatch.chdir(tmp_path)
    shown = [
        (line[2:], following)
        for line, following in zip(readme_section().splitlines(), readme_section().splitlines()[1:])
        if line.startswith("$ stepgrad trace ")
    ]
    assert len(shown) >= 5
    for command, error in shown:
        status, out, err = run(capsys, *shlex.split(command)[1:])
        assert (status, out, err) == (1 if "could not compute" in error else 2, "", error + "\n")
    assert list(tmp_path.iterdir()) == []


def test_max_nodes_is_checked_before_any_layout_and_can_be_raised(tmp_path, capsys):
    expression = balanced_sum(["x*2"] * 300)  # x, 300 constants 2, 300 products, 299 sums
    status, out, err = run(capsys, "trace", expression, "--at", "x=1", "-o", str(tmp_path / "s.html"))
    assert status == 1 and out == ""
    assert "the graph has 900 Values, more than --max-nodes 500" in one_error_line(err)
    assert "Give --max-nodes 900 to draw it anyway" in err
    status, _, err = run(capsys, "trace", "x*2+x", "--at", "x=1", "--max-nodes", "2", "-o", str(tmp_path / "g.svg"))
    assert status == 1 and "the graph has 4 Values, more than --max-nodes 2" in err
    assert not list(tmp_path.iterdir())
    status, _, err = run(capsys, "trace", "x*2+x", "--at", "x=1", "--max-nodes", "4", "-o", str(tmp_path / "g.svg"))
    assert status == 0, err


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--lr", "0.1", "-o", "g.svg"], "--lr does not apply to a picture (--format svg, png or pdf); it is for the"),
        (["--lr", "0.1", "--params", "w", "--format", "png"], "--lr does not apply to a picture"),
        (["--view", "backward"], "--view does not apply to the step-through player (the default); it is for a picture"),
        (["--collapse", "neuron", "-o", "s.html"], "--collapse does not apply to the step-through player"),
        (["--collapse", "neuron", "-o", "s.gif"], "--collapse does not apply to an animated GIF (--format gif)"),
        (["--delay", "0.5"], "--delay does not apply to the step-through player (the default); it is for an animated"),
    ],
)
def test_options_that_would_do_nothing_are_errors(tmp_path, capsys, monkeypatch, options, message):
    monkeypatch.chdir(tmp_path)
    status, _, err = run(capsys, "trace", "w*x", "--at", "w=1", "x=2", *options)
    assert status == 2 and message in one_error_line(err)
    assert not list(tmp_path.iterdir())


def test_format_gif_writes_one_frame_per_step_of_the_player(tmp_path, capsys):
    from PIL import Image

    from autograd.viz import frames

    target = tmp_path / "neuron.gif"
    argv = ["trace", NEURON, "--at", *NEURON_VALUES, "--lr", "0.1", "--delay", "0.5", "-o", str(target)]
    status, out, err = run(capsys, *argv)
    assert status == 0, err
    assert out == f"wrote {target}\n"
    assert os.listdir(tmp_path) == ["neuron.gif"]  # nothing else: the frames were drawn in a scratch folder
    root = parse_expression(NEURON, parse_values(NEURON_VALUES))
    params = [node for node in topological_order(root) if node.label in ("w1", "w2", "b")]
    steps = frames(root, tmp_path / "svg", params=params, lr=0.1)  # the same steps, one file each
    with Image.open(target) as gif:
        assert gif.format == "GIF" and gif.n_frames == len(steps)
        assert gif.info["duration"] == 500
    status, _, err = run(capsys, "trace", "x*2", "--at", "x=1", "--format", "gif", "-o", str(tmp_path / "g.out"))
    assert status == 0, err
    assert (tmp_path / "g.out").read_bytes().startswith(b"GIF8")
    status, _, err = run(capsys, "trace", "x*2", "--at", "x=1", "--delay", "0", "-o", str(tmp_path / "h.gif"))
    assert status == 2 and "argument --delay: expected a number > 0" in err


def test_quiz_writes_step_throughs_quiz_page(tmp_path, capsys):
    from autograd.viz import step_through

    target = tmp_path / "quiz.html"
    status, _, err = run(capsys, "trace", NEURON, "--at", *NEURON_VALUES, "--lr", "0.1", "--quiz", "-o", str(target))
    assert status == 0, err
    root = parse_expression(NEURON, parse_values(NEURON_VALUES))
    params = [node for node in topological_order(root) if node.label in ("w1", "w2", "b")]
    quiz = step_through(root, tmp_path / "library-quiz.html", params=params, lr=0.1, quiz=True)
    plain = step_through(root, tmp_path / "library-plain.html", params=params, lr=0.1)
    assert target.read_bytes() == quiz.read_bytes() != plain.read_bytes()
    status, _, err = run(capsys, "trace", "x*2", "--at", "x=1", "--quiz", "-o", str(tmp_path / "g.svg"))
    assert status == 2 and "--quiz does not apply to a picture" in one_error_line(err)


def test_steps_chooses_the_phases_of_the_player_and_the_gif(tmp_path, capsys):
    from PIL import Image

    from autograd.viz import frames, step_through

    argv = ["trace", NEURON, "--at", *NEURON_VALUES, "--steps", "forward"]
    assert run(capsys, *argv, "-o", str(tmp_path / "f.html"))[0] == 0
    assert run(capsys, *argv, "-o", str(tmp_path / "f.gif"))[0] == 0
    root = parse_expression(NEURON, parse_values(NEURON_VALUES))
    forward = step_through(root, tmp_path / "library.html", view="forward")
    assert (tmp_path / "f.html").read_bytes() == forward.read_bytes()
    with Image.open(tmp_path / "f.gif") as gif:
        assert gif.n_frames == len(frames(root, tmp_path / "svg", view="forward"))
    status, _, err = run(capsys, "trace", NEURON, "--at", *NEURON_VALUES, "--steps", "update")
    assert status == 2 and "--steps update needs --lr" in one_error_line(err)


LOSS = "(w*x + b - y)**2"
LOSS_VALUES = ["w=2", "x=3", "b=1", "y=10"]


def test_worksheet_alone_writes_only_the_worksheet_the_library_writes(tmp_path, capsys):
    from autograd.viz import worksheet

    sheet = tmp_path / "sheet.html"
    status, out, err = run(capsys, "trace", LOSS, "--at", *LOSS_VALUES, "--worksheet", str(sheet))
    assert status == 0, err
    assert out == f"wrote {sheet}\n"
    assert os.listdir(tmp_path) == ["sheet.html"]
    library = worksheet(parse_expression(LOSS, parse_values(LOSS_VALUES)), tmp_path / "library.html")
    assert sheet.read_bytes() == library.read_bytes()


def test_worksheet_beside_the_player_and_as_pdf(tmp_path, capsys):
    player, sheet = tmp_path / "steps.html", tmp_path / "sheet.pdf"
    argv = ["trace", LOSS, "--at", *LOSS_VALUES, "--quiz", "-o", str(player), "--worksheet", str(sheet)]
    status, out, err = run(capsys, *argv)
    assert status == 0, err
    assert out == f"wrote {player} and {sheet}\n"
    assert player.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert sheet.read_bytes().startswith(b"%PDF-")
    status, _, err = run(capsys, "trace", LOSS, "--at", *LOSS_VALUES, "--quiz", "--worksheet", str(sheet))
    assert status == 2 and "--quiz does not apply to a worksheet alone" in one_error_line(err)


def test_a_pdf_worksheet_without_matplotlib_is_one_line(tmp_path, capsys, monkeypatch):
    for name in [name for name in sys.modules if name.startswith("matplotlib")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # as if it were not installed
    status, out, err = run(capsys, "trace", LOSS, "--at", *LOSS_VALUES, "--worksheet", str(tmp_path / "s.pdf"))
    assert status == 1 and out == ""
    assert "matplotlib" in one_error_line(err)
    assert not list(tmp_path.iterdir())
