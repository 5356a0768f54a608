"""The ``stepgrad`` command: good expressions write files; bad ones get one clear line, exit 2, no traceback."""

import math
import pathlib
import subprocess
import sys

import pytest

from autograd import backward_steps, topological_order
from autograd.cli import ExpressionError, main, parse_expression, parse_values

NEURON = "tanh(x1*w1 + x2*w2 + b)"
NEURON_VALUES = ["x1=2", "x2=0", "w1=-3", "w2=1", "b=6.88"]


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_trace_writes_the_player(tmp_path, capsys):
    target = tmp_path / "neuron.html"
    status, out, err = run(capsys, "trace", NEURON, "--at", *NEURON_VALUES, "-o", str(target))
    assert status == 0, err
    assert out.strip() == f"wrote {target}"
    page = target.read_text(encoding="utf-8")
    assert "<svg" in page
    # topological order: x1 w1 * x2 w2 * + b + tanh, so the unlabelled sum inside tanh is #8
    assert "f = tanh(#8) = tanh(0.8800) = 0.7064" in page  # tanh(0.88) = 0.70642...


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


def test_parse_expression_builds_the_same_graph_as_python():
    root = parse_expression("-x**2 + exp(x)/y - abs(y)", {"x": 1.5, "y": -2.0})
    expected = -(1.5**2) + math.exp(1.5) / -2.0 - abs(-2.0)
    assert root.data == pytest.approx(expected)
    assert root.label == "f"
    leaves = {node.label: node for node in topological_order(root) if not node.children}
    by_child = {}
    for step in backward_steps(root):
        by_child[step.child] = step.total
    assert by_child[leaves["x"]] == pytest.approx(-2 * 1.5 + math.exp(1.5) / -2.0)


@pytest.mark.parametrize(
    ("expression", "at", "message"),
    [
        ("x +", ["x=1"], "column 4: not a valid expression"),
        ("x + q", ["x=1"], "column 5: unknown name 'q'"),
        ("__import__('os').system('echo hacked')", ["x=1"], "column 1: unknown function '__import__('os').system'"),
        ("x.real", ["x=1"], "column 1: 'x.real' is not allowed"),
        ("x if x else 2", ["x=1"], "is not allowed"),
        ("[x]", ["x=1"], "is not allowed"),
        ("x(2)", ["x=1"], "unknown function 'x'"),
        ("exp", ["x=1"], "'exp' is a function"),
        ("exp(x, x)", ["x=1"], "exp() takes exactly one argument"),
        ("x // 2", ["x=1"], "is not allowed"),
        ("x % 2", ["x=1"], "is not allowed"),
        ("x + 'a'", ["x=1"], "is not allowed"),
        ("x + True", ["x=1"], "is not allowed"),
        ("+x", ["x=1"], "is not allowed"),
        ("log(x - 1)", ["x=1"], "column 1: log(0.0): log needs a positive number"),
        ("é + x", ["x=1"], "column 1: unknown name 'é'"),
        ("x * é2", ["x=1"], "column 5: unknown name 'é2'"),
        ("x * y", ["x=1"], "column 5: unknown name 'y'"),
        ("x", ["x=1", "y=2"], "a value was given for y, which the expression does not use"),
        ("x", ["x"], "--at expects name=value"),
        ("x", ["x=one"], "'one' is not a number"),
        ("x", ["x=1", "x=2"], "gives x twice"),
        ("x", ["x=nan"], "not a finite number"),
        ("exp + x", ["exp=1", "x=1"], "'exp' is a function; it cannot be given a value"),
        ("2 * 3", [], "no variables"),
        ("(" * 300 + "x" + ")" * 300, ["x=1"], "column"),
    ],
)
def test_bad_input_is_one_clear_line_and_exit_status_2(tmp_path, capsys, expression, at, message):
    status, out, err = run(capsys, "trace", expression, "--at", *at, "-o", str(tmp_path / "s.html"))
    assert status == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("stepgrad: error: ")
    assert message in err
    assert "Traceback" not in err
    assert not list(tmp_path.iterdir())


def test_parse_values_and_errors_directly():
    assert parse_values(["a=1", " b = -2.5"]) == {"a": 1.0, "b": -2.5}
    with pytest.raises(ExpressionError, match="name=value"):
        parse_values(["1a=2"])


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


def test_the_console_script_runs_and_never_prints_a_traceback(tmp_path):
    script = pathlib.Path(sys.executable).parent / "stepgrad"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "autograd.cli"]
    good = subprocess.run(
        [*command, "trace", "x*w + b", "--at", "x=1", "w=2", "b=3", "-o", str(tmp_path / "ok.html")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert good.returncode == 0, good.stderr
    assert (tmp_path / "ok.html").exists()
    bad = subprocess.run([*command, "trace", "x*", "--at", "x=1"], capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr
    assert "stepgrad: error: column 3: not a valid expression" in bad.stderr
    usage = subprocess.run([*command], capture_output=True, text=True, timeout=120)
    assert usage.returncode == 2
    assert "Traceback" not in usage.stderr


def test_help_and_usage_errors_return_a_status(capsys):
    assert main(["--help"]) == 0
    assert "trace" in capsys.readouterr().out
    assert main(["trace"]) == 2
    assert "expression" in capsys.readouterr().err
