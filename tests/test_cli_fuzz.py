"""Every ``stepgrad`` command line, fuzzed: whatever the argument vector, no traceback and a documented exit status.

``main(argv)`` runs in-process (so hundreds of command lines take seconds) inside a scratch
folder holding a few CSV files, a folder and a plain file, so every output lands there.
"""

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from autograd.cli import main

EXIT_STATUSES = {0, 1, 2}  # 130 (interrupted) cannot happen here
ERROR_LINE = re.compile(r"^stepgrad(?: \w+)?: error: \S")

CSV_FILES = {
    "line.csv": "kg,charge\n1,150\n2,250\n3,350\n4,450\n",
    "labels.csv": "x,y,kind\n0,0,a\n1,0,b\n0,1,b\n1,1,a\n",
    "three.csv": "x,kind\n0,a\n1,b\n2,c\n3,a\n",
    "ragged.csv": "x,y\n1,2\n3\n",
    "words.csv": "x,y\n1,2\nthree,4\n",
    "empty.csv": "",
    "one.csv": "x,y\n1,2\n",
}

expressions = st.recursive(
    st.sampled_from(["x", "w", "b", "1", "2.5", "0", "1e308", "1e999", "-x", "q", "exp", "x\udcff", "é"]),
    lambda inner: st.one_of(
        st.builds(lambda a, op, b: f"({a}{op}{b})", inner, st.sampled_from(["+", "-", "*", "/", "**", "//"]), inner),
        st.builds(
            lambda f, a: f"{f}({a})",
            st.sampled_from(["exp", "log", "tanh", "sigmoid", "relu", "sin", "cos", "sqrt", "abs", "foo"]),
            inner,
        ),
        st.builds(lambda a: f"-{a}", inner),
    ),
    max_leaves=6,
)
WORDS = [
    "--at", "-o", "--output", "--format", "svg", "png", "pdf", "gif", "--delay", "--max-nodes",
    "--view", "forward", "backward", "--steps", "update", "all", "--quiz", "--worksheet", "s.pdf",
    "--collapse", "neuron", "layer", "--lr", "--params", "--digits", "--", "-h", "--help",
    "x=1", "w=-3", "b=0.5", "x=nan", "x=1e999", "x", "w", "=", "-1", "0", "2", "15", "99", "nan", "-inf", "0.1",
    "--target", "charge", "kind", "y", "nope", "--hidden", "8,8", "4", "", "0,3", "--activation", "tanh", "relu",
    "--loss", "mse", "hinge", "cross_entropy", "binary_cross_entropy", "--epochs", "--batch-size", "--seed",
    "--snapshots", "--delimiter", ";", "--optimizer", "adam", "sgd",
    "out.html", "out.svg", "out.png", "out.pdf", "out.gif", "folder", "folder/", "plain/out.html", "new/deep/out.svg",
    *CSV_FILES, "missing.csv", "folder",
]  # fmt: skip
tokens = st.one_of(st.sampled_from(WORDS), expressions, st.text(max_size=6), st.just("\udcff"))
argvs = st.one_of(
    st.builds(
        lambda command, rest: [command, *rest], st.sampled_from(["trace", "fit", "tour"]), st.lists(tokens, max_size=10)
    ),
    st.lists(tokens, max_size=6),
)


@pytest.fixture
def scratch(tmp_path, monkeypatch):
    """A working folder with the CSV files, a folder and a plain file; tour writes a stand-in page."""
    for name, text in CSV_FILES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "folder").mkdir()
    (tmp_path / "plain").write_text("a file, not a folder", encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    from autograd.cli import tour
    from autograd.files import write_atomic

    # The tour itself (every lesson, tens of seconds) is the demos' code and tested there; here only
    # the command's plumbing is fuzzed, so the lessons are replaced by writing one page into the folder.
    def stand_in(out, workers):
        return write_atomic(f"{out}/index.html", "<p>tour</p>")

    monkeypatch.setattr(tour, "_tour_writer", lambda: stand_in)
    return tmp_path


def check(argv, capsys):
    status = main(argv)
    out, err = capsys.readouterr()
    assert status in EXIT_STATUSES, (argv, status, err)
    assert "Traceback" not in err and "Traceback" not in out, (argv, err)
    assert "internal error" not in err, (argv, err)
    if status != 0:
        lines = err.splitlines()
        assert lines and ERROR_LINE.match(lines[-1]), (argv, err)
        assert not out, (argv, out)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(argv=argvs)
def test_any_argument_vector(scratch, capsys, argv):
    check(argv, capsys)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    expression=expressions,
    at=st.lists(st.sampled_from(["x=1", "w=-3", "b=0.5", "x=2", "x=-1", "w=0", "b=1e300", "x=800"]), max_size=4),
    options=st.lists(
        st.sampled_from(
            [
                ["--view", "backward"],
                ["--format", "svg"],
                ["--lr", "0.1"],
                ["--digits", "2"],
                ["-o", "o.svg"],
                ["-o", "o.gif"],
            ]
        ),
        max_size=3,
    ),
)
def test_trace_with_well_formed_parts(scratch, capsys, expression, at, options):
    check(["trace", expression, "--at", *at, *[word for option in options for word in option]], capsys)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=st.sampled_from(sorted(CSV_FILES)),
    target=st.sampled_from(["charge", "kind", "y", "x", "nope"]),
    options=st.lists(
        st.sampled_from(
            [
                ["--hidden", "3"], ["--hidden", ""], ["--loss", "hinge"], ["--loss", "mse"],
                ["--loss", "cross_entropy"],
                ["--batch-size", "3"], ["--batch-size", "100"], ["--optimizer", "adam"], ["--lr", "50"],
                ["--snapshots", "2"], ["--activation", "relu"], ["-o", "folder"], ["-o", "plain/t.html"],
            ]
        ),
        max_size=3,
    ),
)  # fmt: skip
def test_fit_with_well_formed_parts(scratch, capsys, data, target, options):
    argv = ["fit", data, "--target", target, "--epochs", "3", *[word for option in options for word in option]]
    check(argv, capsys)
