"""The ``stepgrad`` command: good expressions write files; bad ones get one clear line, exit 2, no traceback."""

import errno
import math
import os
import pathlib
import subprocess
import sys

import pytest

from autograd import backward_steps, topological_order
from autograd.cli import MAX_LENGTH, ComputeError, ExpressionError, main, parse_expression, parse_values

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
    good = console("trace", "x*w + b", "--at", "x=1", "w=2", "b=3", "-o", str(tmp_path / "ok.html"), text=True)
    assert good.returncode == 0, good.stderr
    assert (tmp_path / "ok.html").exists()
    bad = console("trace", "x*", "--at", "x=1", text=True)
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr
    assert "stepgrad: error: column 3: not a valid expression" in bad.stderr
    usage = console(text=True)
    assert usage.returncode == 2
    assert "Traceback" not in usage.stderr


def test_help_and_usage_errors_return_a_status(capsys):
    assert main(["--help"]) == 0
    assert "trace" in capsys.readouterr().out
    assert main(["trace"]) == 2
    assert "expression" in capsys.readouterr().err


def one_error_line(err):
    """The single ``stepgrad: error:`` line of ``err`` (and that there is exactly one line, no traceback)."""
    assert "Traceback" not in err
    assert err.count("\n") == 1 and err.startswith("stepgrad: error: "), err
    return err


@pytest.mark.parametrize(
    ("expression", "at", "message"),
    [
        ("log(x)", ["x=-1"], "column 1: could not compute log(x): log(-1.0): log needs a positive number"),
        ("log(x - 1)", ["x=1"], "column 1: could not compute log(x - 1): log(0.0): log needs a positive number"),
        ("x*1e308*10", ["x=1"], "column 1: could not compute x*1e308*10: it is inf"),
        ("exp(x)-exp(x)", ["x=800"], "column 1: could not compute exp(x): it is inf"),
        ("relu(x)*1e200*1e200", ["x=-1"], "column 1: could not compute the gradient of relu(x): it is inf"),
        ("x*1e200*1e200", ["x=1"], "could not compute x*1e200*1e200: it is inf"),
        ("y + x*1e200*1e200 - x*1e200*1e200", ["x=1e-200", "y=1"], "could not compute the gradient of x: it is "),
    ],
)
def test_what_cannot_be_computed_is_exit_status_1_and_one_line(tmp_path, capsys, expression, at, message):
    status, out, err = run(capsys, "trace", expression, "--at", *at, "-o", str(tmp_path / "s.html"))
    assert status == 1
    assert out == ""
    assert message in one_error_line(err)
    assert not list(tmp_path.iterdir())


def test_parse_expression_raises_compute_error_which_is_an_expression_error():
    with pytest.raises(ComputeError, match="column 1: could not compute log") as caught:
        parse_expression("log(x)", {"x": -1.0})
    assert isinstance(caught.value, ExpressionError) and caught.value.column == 1


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("x*1" + "0" * 400, "column 3: the number 1000"),
        ("x*1" + "0" * 5000, "column 3: the number is too large for a float"),
        ("x + 1e999", "column 5: the number 1e999 is too large for a float"),
        ("x\udcff", "column 2: the byte 0xff is not UTF-8 text"),
        ("x +\n x", "column 4: the expression must be one line"),
        ("x\x00", "column 2: the character U+0000 cannot be part of an expression"),
        ("x" + "+x" * 3000, "nested too deeply or has too many operators in a row"),
        ("-" * 100_000 + "x", f"at most {MAX_LENGTH:,} are read"),
    ],
)
def test_numbers_bytes_and_sizes_the_reader_refuses_get_a_column_and_exit_2(tmp_path, capsys, expression, message):
    status, _, err = run(capsys, "trace", expression, "--at", "x=1", "-o", str(tmp_path / "s.html"))
    assert status == 2
    assert message in one_error_line(err)
    assert not list(tmp_path.iterdir())


def test_leading_spaces_are_allowed_and_columns_count_them(capsys, tmp_path):
    assert parse_expression("  x * 2", {"x": 1.5}).data == 3.0
    status, _, err = run(capsys, "trace", "  x * q", "--at", "x=1", "-o", str(tmp_path / "s.html"))
    assert status == 2 and "column 7: unknown name 'q'" in err


def balanced_sum(names):
    """``((a+b)+(c+d))...``: a long expression whose syntax tree is shallow (ast refuses deep ones)."""
    if len(names) == 1:
        return names[0]
    half = len(names) // 2
    return f"({balanced_sum(names[:half])}+{balanced_sum(names[half:])})"


def test_an_expression_near_the_length_cap_is_read_and_columns_stay_right():
    terms = ["é*x"] * 1650  # multi-byte characters: ast's byte offsets and our character columns differ
    text = balanced_sum(terms)
    assert 9_000 < len(text) <= MAX_LENGTH
    assert parse_expression(text, {"é": 2.0, "x": 3.0}).data == 6.0 * 1650
    with pytest.raises(ExpressionError) as caught:
        parse_expression(text[:-1] + "+q)", {"é": 2.0, "x": 3.0})
    assert caught.value.column == len(text) + 1  # the q, after 1,650 two-byte é's
    assert "unknown name 'q'" in str(caught.value)


def test_the_reader_encodes_the_text_only_when_a_column_is_needed(monkeypatch):
    # Columns used to re-encode the whole text once per syntax node (quadratic: 262 KB took 9.7 s).
    from autograd.cli import expression

    calls = []
    real = expression._Reader._bytes
    monkeypatch.setattr(expression._Reader, "_bytes", lambda self: calls.append(1) or real(self))
    parse_expression(balanced_sum(["x*2"] * 500), {"x": 1.0})
    assert calls == []
    with pytest.raises(ExpressionError):
        parse_expression(balanced_sum(["x*2"] * 500) + "+q", {"x": 1.0})
    assert len(calls) == 1


def test_an_expression_that_starts_with_a_minus_is_accepted(tmp_path, capsys):
    for argv in (
        ["trace", "-x*2", "--at", "x=1", "-o", str(tmp_path / "a.svg")],
        ["trace", "--at", "x=1", "-o", str(tmp_path / "b.svg"), "-x*2"],
        ["trace", "--at", "x=1", "-o", str(tmp_path / "c.svg"), "--", "-x*2"],
        ["trace", "-x", "--at", "x=3", "-o", str(tmp_path / "d.svg")],
    ):
        status, _, err = run(capsys, *argv)
        assert status == 0, err
    assert "data &#45;2.0000" in (tmp_path / "a.svg").read_text(encoding="utf-8")
    assert (tmp_path / "a.svg").read_bytes() == (tmp_path / "b.svg").read_bytes() == (tmp_path / "c.svg").read_bytes()


def test_an_option_like_expression_argparse_cannot_take_mentions_the_double_dash(capsys):
    status, _, err = run(capsys, "trace", "-h*x", "--at", "x=1", "h=2")
    assert status == 2
    assert "after '--': stepgrad trace --at x=1 -- -x*2" in err
    assert "Traceback" not in err
    status, _, err = run(capsys, "trace", "x*2", "-q", "--at", "x=1")
    assert status == 2 and "unrecognized arguments: -q" in err and "'--'" in err


def test_a_second_at_extends_the_first(tmp_path, capsys):
    target = tmp_path / "g.svg"
    status, _, err = run(capsys, "trace", "x*y + b", "--at", "x=2", "--at", "y=3", "b=1", "-o", str(target))
    assert status == 0, err
    assert "data 7.0000" in target.read_text(encoding="utf-8")
    status, _, err = run(capsys, "trace", "x*y", "--at", "x=2", "y=1", "--at", "x=3", "-o", str(target))
    assert status == 2 and "--at gives x twice" in one_error_line(err)


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


def test_bytes_that_are_not_utf8_anywhere_in_argv_give_one_line(tmp_path, capsys):
    # Python hands a command-line byte that is not UTF-8 to main as a lone surrogate ('\xff' → '\udcff').
    status, _, err = run(capsys, "trace", "x", "--at", "x\udcff=1")
    assert status == 2 and "--at expects name=value" in one_error_line(err)
    status, _, err = run(capsys, "trace", "x", "--at", "x=1\udcff")
    assert status == 2 and "is not a number" in one_error_line(err)
    target = tmp_path / "a\udcff.svg"
    status, out, err = run(capsys, "trace", "x*2", "--at", "x=1", "-o", str(target))
    assert status == 0, err
    assert os.fsencode(target) in [os.fsencode(p) for p in tmp_path.iterdir()]
    assert out == f"wrote {tmp_path}/a\\udcff.svg\n"  # escaped, not a crash


class FullStream:
    """A standard output on a full disk (what ``> /dev/full`` gives)."""

    encoding = "utf-8"

    def write(self, text):
        raise OSError(errno.ENOSPC, "No space left on device")

    def flush(self):
        raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_standard_output_is_one_line_and_exit_1(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdout", FullStream())
    status = main(["trace", "x*2", "--at", "x=1", "-o", str(tmp_path / "g.svg")])
    err = capsys.readouterr().err
    assert status == 1
    assert "cannot write to standard output: No space left on device" in one_error_line(err)
    monkeypatch.setattr(sys, "stdout", FullStream())
    assert main(["--help"]) == 1
    assert (
        one_error_line(capsys.readouterr().err)
        == "stepgrad: error: cannot write to standard output: No space left on device\n"
    )


def console(*argv, **kwargs):
    script = pathlib.Path(sys.executable).parent / "stepgrad"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "autograd.cli"]
    kwargs.setdefault("capture_output", True)
    return subprocess.run([*command, *argv], timeout=120, **kwargs)


def test_the_console_script_survives_dev_full_and_raw_bytes(tmp_path):
    with open(os.devnull, "wb") as sink:  # /dev/full only as a place to write to: nothing is created or replaced
        full = "/dev/full" if os.path.exists("/dev/full") else None
        if full:
            with open(full, "wb") as stdout:
                argv = ("trace", "x*2", "--at", "x=1", "-o", str(tmp_path / "g.svg"))
                done = console(*argv, capture_output=False, stdout=stdout, stderr=subprocess.PIPE)
            assert done.returncode == 1
            assert b"Traceback" not in done.stderr and b"Exception ignored" not in done.stderr
            assert b"stepgrad: error: cannot write to standard output" in done.stderr
        raw = console(b"trace", b"x\xff", b"--at", b"x=1", stdin=sink)
    assert raw.returncode == 2
    assert b"Traceback" not in raw.stderr
    assert b"column 2: the byte 0xff is not UTF-8 text" in raw.stderr


def readme_section():
    readme = pathlib.Path(__file__).resolve().parent.parent / "README.md"
    text = readme.read_text(encoding="utf-8")
    start = text.index("## The `stepgrad` command")
    return text[start : text.index("\n## ", start + 1)]


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


def test_tour_without_the_lessons_installed_says_what_to_install(capsys, monkeypatch, tmp_path):
    from autograd.cli import tour

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(tour, "TOUR_MODULES", ("stepgrad_lessons_not_here.tour",))
    status, out, err = run(capsys, "tour", "-o", "never")
    assert status == 1 and out == ""
    assert 'the lessons are not installed with this stepgrad; pip install "stepgrad[demo]"' in one_error_line(err)
    assert not pathlib.Path("never").exists()


def test_tour_without_matplotlib_says_what_to_install(capsys, monkeypatch, tmp_path):
    for name in [name for name in sys.modules if name == "demos" or name.startswith(("demos.", "matplotlib"))]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # `import matplotlib` now fails as if it were missing
    status, out, err = run(capsys, "tour", "-o", str(tmp_path / "tour"))
    assert status == 1 and out == ""
    assert "matplotlib" in one_error_line(err)
    assert 'pip install "stepgrad[demo]"' in err or "pip install 'stepgrad[demo]'" in err
    assert not (tmp_path / "tour").exists()


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


def test_tour_into_a_file_is_refused_before_any_lesson_runs(capsys, tmp_path):
    plain = tmp_path / "notes.txt"
    plain.write_text("mine", encoding="utf-8")
    status, out, err = run(capsys, "tour", "-o", str(plain))
    assert status == 2 and out == ""
    assert "it is a file; the tour needs a folder" in one_error_line(err)
    assert plain.read_text(encoding="utf-8") == "mine"


def test_ctrl_c_is_one_line_and_exit_130(capsys, monkeypatch):
    from autograd.cli import trace

    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setattr(trace, "run", interrupted)
    assert main(["trace", "x", "--at", "x=1"]) == 130
    assert one_error_line(capsys.readouterr().err) == "stepgrad: error: interrupted\n"


def test_a_bug_is_still_one_line_that_says_to_report_it(capsys, monkeypatch):
    from autograd.cli import trace

    def broken(args):
        raise RuntimeError("something stepgrad did not expect")

    monkeypatch.setattr(trace, "run", broken)
    assert main(["trace", "x", "--at", "x=1"]) == 1
    err = one_error_line(capsys.readouterr().err)
    assert "internal error (RuntimeError: something stepgrad did not expect); please report it" in err


def test_tour_runs_the_lessons_own_write_tour(capsys, monkeypatch, tmp_path):
    # The real tour takes a minute or more (every lesson; demos' tests run it); here: that the command
    # finds the lessons' write_tour, passes -o and --workers, and prints where the page is.
    import demos.tour
    from autograd.cli import tour

    assert tour._tour_writer() is demos.tour.write_tour
    calls = []

    def write_tour(out, *, workers):
        calls.append((out, workers))
        return pathlib.Path(out) / "index.html"

    monkeypatch.setattr(demos.tour, "write_tour", write_tour)
    status, out, err = run(capsys, "tour", "-o", str(tmp_path / "t"), "--workers", "2")
    assert status == 0, err
    assert calls == [(str(tmp_path / "t"), 2)]
    index = tmp_path / "t" / "index.html"
    assert out == f"wrote {index}; open it in a browser: {index.as_uri()}\n"


def test_the_readers_refuse_the_wrong_kind_of_argument():
    with pytest.raises(TypeError, match=r"parse_expression: text must be a str, got bytes b'x'"):
        parse_expression(b"x", {"x": 1.0})
    with pytest.raises(TypeError, match=r"parse_expression: values must be a dict of names to numbers"):
        parse_expression("x", {"x": "1"})
    with pytest.raises(TypeError, match=r"parse_values: assignments must be a list of 'name=value' strings"):
        parse_values("x=1")


def test_version(capsys):
    import importlib.metadata

    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"stepgrad {importlib.metadata.version('stepgrad')}\n"
