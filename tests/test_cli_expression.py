"""The expression reader: the whitelist, columns, caps, linear work; what cannot be computed is exit 1."""

import math

import pytest

from autograd import backward_steps, topological_order
from autograd.cli import MAX_LENGTH, ComputeError, ExpressionError, parse_expression, parse_values
from tests.cli_support import balanced_sum, one_error_line, run


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


def test_parse_values_and_errors_directly():
    assert parse_values(["a=1", " b = -2.5"]) == {"a": 1.0, "b": -2.5}
    with pytest.raises(ExpressionError, match="name=value"):
        parse_values(["1a=2"])


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


def test_the_readers_refuse_the_wrong_kind_of_argument():
    with pytest.raises(TypeError, match=r"parse_expression: text must be a str, got bytes b'x'"):
        parse_expression(b"x", {"x": 1.0})
    with pytest.raises(TypeError, match=r"parse_expression: values must be a dict of names to numbers"):
        parse_expression("x", {"x": "1"})
    with pytest.raises(TypeError, match=r"parse_values: assignments must be a list of 'name=value' strings"):
        parse_values("x=1")


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


@pytest.mark.parametrize(
    ("expression", "at", "message"),
    [
        ("log(x)", ["x=-1"], "column 1: could not compute log(x): log(-1.0): log needs a positive number"),
        ("log(x - 1)", ["x=1"], "column 1: could not compute log(x - 1): log(0.0): log needs a positive number"),
        ("x*1e308*10", ["x=1"], "column 1: could not compute x*1e308*10: it is inf"),
        ("exp(x)-exp(x)", ["x=800"], "column 1: could not compute exp(x): it is inf"),
        # the gradient overflows; whether the engine or the reader's own check says so, it is one line, exit 1
        ("relu(x)*1e200*1e200", ["x=-1"], "could not compute the gradient"),
        ("x*1e200*1e200", ["x=1e-200"], "column 1: could not compute the gradient of x: it is inf"),
        ("x*1e200*1e200", ["x=1"], "could not compute x*1e200*1e200: it is inf"),
        ("y + x*1e200*1e200 - x*1e200*1e200", ["x=1e-200", "y=1"], "could not compute the gradient"),
    ],
)
def test_what_cannot_be_computed_is_exit_status_1_and_one_line(tmp_path, capsys, expression, at, message):
    status, out, err = run(capsys, "trace", expression, "--at", *at, "-o", str(tmp_path / "s.html"))
    assert status == 1
    assert out == ""
    assert message in one_error_line(err)
    assert not list(tmp_path.iterdir())


def test_a_second_at_extends_the_first(tmp_path, capsys):
    target = tmp_path / "g.svg"
    status, _, err = run(capsys, "trace", "x*y + b", "--at", "x=2", "--at", "y=3", "b=1", "-o", str(target))
    assert status == 0, err
    assert "data 7.0000" in target.read_text(encoding="utf-8")
    status, _, err = run(capsys, "trace", "x*y", "--at", "x=2", "y=1", "--at", "x=3", "-o", str(target))
    assert status == 2 and "--at gives x twice" in one_error_line(err)
