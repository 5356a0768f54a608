"""check_op: one call tests an op every way; it passes on every built-in op and fails, with a shrunk
example and a picture, on a broken one (the negative control)."""

import math
import re
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd import Op, ops
from autograd.check import CheckOpError, GradcheckError, check_op
from autograd.strategies import DEFAULT_OPS

BUILTIN = [*DEFAULT_OPS, ops.power(-2.5), ops.power(0.0), ops.weighted_sum]  # every op, more exponents


def test_the_list_holds_every_built_in_op():
    assert {op for op in vars(ops).values() if isinstance(op, Op)} <= set(BUILTIN)


@pytest.mark.parametrize("op", BUILTIN, ids=[op.name for op in BUILTIN])
def test_check_op_passes_on_every_built_in_op(op, tmp_path):
    check_op(op, max_examples=15, picture_dir=tmp_path)
    assert list(tmp_path.iterdir()) == []  # no failure, no picture


# The negative control: softplus with tanh as its derivative instead of sigmoid.
broken_softplus = Op("softplus", forward=lambda x: math.log1p(math.exp(x)), derivatives=lambda x, out: (ops.tanh(x),))


def test_check_op_fails_on_a_broken_op_with_the_shrunk_example_and_a_picture(tmp_path):
    with pytest.raises(CheckOpError) as caught:
        check_op(broken_softplus, picture_dir=tmp_path)
    error = caught.value
    message = str(error)
    # shrunk to the op alone, at 0, as Python source
    assert error.source == "\n".join(
        [
            "def f(x):  # generated at x=0.0",
            "    # softplus: the Op 'softplus' passed in ops=",
            "    t1 = softplus(x)",
            "    return t1",
        ]
    )
    assert error.source in message
    assert isinstance(error.cause, GradcheckError) and "op 'softplus' at node softplus(0.0)" in message
    # the picture: an SVG whose blamed node has the highlight border
    assert error.picture == str(tmp_path / "check_op-softplus.svg")
    assert f"picture (the blamed node highlighted): {error.picture}" in message
    svg = (tmp_path / "check_op-softplus.svg").read_text(encoding="utf-8")
    assert svg.lstrip().startswith(("<?xml", "<svg")) and "softplus" in svg
    nodes = re.findall(r'<g id="[^"]*" class="node (?!legend)[^"]*">.*?</g>', svg, re.DOTALL)
    (marked,) = [node for node in nodes if "#dc2626" in node]  # autograd.viz's highlight colour, on one node
    assert "0.6931" in marked  # softplus(0) = log 2: the node the blamed op made


def test_check_op_finds_a_rule_wrong_only_in_one_operand_position(tmp_path):
    # d/db of a - b written as +1: check_op tries each operand position
    bad_sub = Op("bad_sub", forward=lambda a, b: a - b, derivatives=lambda a, b, out: (1.0, 1.0))
    with pytest.raises(CheckOpError) as caught:
        check_op(bad_sub, picture_dir=tmp_path)
    assert "def f(x, y):" in caught.value.source and "bad_sub" in caught.value.source
    assert {b.index for b in caught.value.cause.blames} == {1}


def test_check_op_catches_a_rule_that_is_only_wrong_when_differentiated_again(tmp_path):
    square = Op("square", forward=lambda x: x * x, derivatives=lambda x, out: (2 * getattr(x, "data", x),))
    with pytest.raises(CheckOpError, match="gradgradcheck") as caught:
        check_op(square, picture_dir=tmp_path)
    assert [b.order for b in caught.value.cause.blames] == [2]


def test_check_op_catches_a_consistently_wrong_pair_with_an_exact_rule(tmp_path):
    cube = Op("cube", forward=lambda x: x**3 + x, derivatives=lambda x, out: (3 * x * x + 1,))
    check_op(cube, max_examples=10, picture_dir=tmp_path)  # finite differences cannot tell
    with pytest.raises(CheckOpError, match="exact oracle"):
        check_op(cube, oracle={cube: lambda x: (x**3, (3 * x**2,))}, picture_dir=tmp_path)


def test_check_op_reports_any_error_a_broken_rule_raises_and_draws_the_op(tmp_path):
    # a rule that gives no number for inputs above 1: whatever the engine raises is the report
    sloppy = Op("sloppy", forward=lambda x: 2.0 * x, derivatives=lambda x, out: (None if x > 1 else 2.0,))
    with pytest.raises(CheckOpError) as caught:
        check_op(sloppy, picture_dir=tmp_path)
    error = caught.value
    assert not isinstance(error.cause, GradcheckError)
    assert f"{type(error.cause).__name__}: " in str(error)
    assert "x=1." in error.source  # shrunk to just above 1
    assert "picture (the 'sloppy' nodes highlighted)" in str(error) and error.picture is not None


def test_check_op_checks_the_subgradient_at_each_declared_kink(tmp_path):
    relu2 = Op(
        "relu2",
        forward=lambda x: x if x > 0 else 0.0,
        derivatives=lambda x, out: (1.0 if x > 0 else 2.0 if x == 0 else 0.0,),  # 2 at the kink: wrong
        kinks=(0.0,),
    )
    with pytest.raises(CheckOpError) as caught:
        check_op(relu2, picture_dir=tmp_path)
    assert "def f(x):  # generated at x=0.0" in caught.value.source
    assert [b.kind for b in caught.value.cause.blames] == ["subgradient"]


def test_check_op_respects_declared_kinks(tmp_path):
    leaky = Op(
        "leaky_relu",
        forward=lambda x: x if x > 0 else 0.1 * x,
        derivatives=lambda x, out: (1.0 if x > 0 else 0.1,),
        kinks=(0.0,),
    )
    check_op(leaky, max_examples=20, picture_dir=tmp_path)


# check_op as a hypothesis property inside the user's own test
@settings(max_examples=15, database=None)
@given(st.data())
def test_check_op_as_a_property_of_a_correct_op(data):
    check_op(ops.tanh, data=data)


def test_check_op_as_a_property_shrinks_and_draws_the_final_example(tmp_path):
    @settings(max_examples=30, database=None)
    @given(st.data())
    def property_of_the_broken_op(data):
        check_op(broken_softplus, data=data, picture_dir=tmp_path)

    with pytest.raises(CheckOpError) as caught:
        property_of_the_broken_op()
    assert "    t1 = softplus(x)\n    return t1" in caught.value.source
    assert (tmp_path / "check_op-softplus.svg").exists()


def test_check_op_rejects_bad_arguments():
    with pytest.raises(TypeError, match=r"check_op: op must be an autograd\.Op, got builtin_function_or_method"):
        check_op(math.sin)
    with pytest.raises(ValueError, match="check_op: max_examples must be a positive int"):
        check_op(ops.tanh, max_examples=0)
    with pytest.raises(TypeError, match=r"check_op: data must be hypothesis's st\.data\(\) object"):
        check_op(ops.tanh, data=[1.0])
    with pytest.raises(TypeError, match="check_op: picture_dir must be a path"):
        check_op(ops.tanh, picture_dir=3)


def test_importing_the_checks_loads_neither_hypothesis_nor_the_pictures():
    code = (
        "import sys, autograd.check; "
        "sys.exit(any(m in sys.modules for m in ('hypothesis', 'autograd.viz', 'autograd.strategies', 'graphviz')))"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_check_op_puts_its_default_picture_in_a_private_folder_of_its_own(tmp_path, monkeypatch):
    from autograd.check import op_property

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # where tempfile makes folders, for this test
    op_property._private_picture_dir.cache_clear()
    try:
        with pytest.raises(CheckOpError) as caught:
            check_op(broken_softplus, max_examples=5)
    finally:
        op_property._private_picture_dir.cache_clear()
    picture = Path(caught.value.picture)
    assert picture.name == "check_op-softplus.svg" and picture.is_file()
    folder = picture.parent
    assert folder.parent == tmp_path and folder.name.startswith("stepgrad-check_op-")  # not a fixed shared name
    assert folder.name != "stepgrad-check_op"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700  # mkdtemp: this user only
