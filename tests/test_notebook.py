"""What a notebook shows: ``step_through`` returns a Page that is its file's path and displays the player inline."""

import copy
import html
import os
import pathlib
import pickle
import re

import pytest

from autograd import Value
from autograd.viz import step_through
from autograd.viz.notebook import Page, write_page
from tests.notebooks import run_notebook, stderr_of


@pytest.fixture
def written(tmp_path):
    x = Value(2.0, label="x")
    return step_through((x * x).tanh(), tmp_path / "steps.html")


def test_the_page_is_still_the_path_it_wrote(written, tmp_path):
    assert isinstance(written, pathlib.Path)
    assert written == tmp_path / "steps.html"
    assert str(written) == os.fspath(written) == str(tmp_path / "steps.html")
    assert written.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert written.parent == tmp_path and type(written.parent)._repr_html_(written.parent) is None
    assert {written: 1}[tmp_path / "steps.html"] == 1
    assert pickle.loads(pickle.dumps(written)) == written
    assert type(copy.copy(written)) is type(tmp_path)
    assert repr(written) == f"Page({str(tmp_path / 'steps.html')!r})"


def test_the_notebook_shows_the_page_in_a_sandboxed_frame(written):
    shown = written._repr_html_()
    frame = re.fullmatch(
        r'<iframe srcdoc="([^"]*)" sandbox="allow-scripts" title="steps.html" style="[^"]*"></iframe>', shown
    )
    assert frame, shown
    assert html.unescape(frame.group(1)) == written.read_text(encoding="utf-8")  # the page, byte for byte


def test_write_page_checks_its_arguments(tmp_path):
    with pytest.raises(TypeError, match="write_page: page must be a str, got bytes"):
        write_page(tmp_path / "p.html", b"<p>")
    with pytest.raises(ValueError, match="Page: height must be a positive int, got 0"):
        Page(tmp_path / "p.html", "<p>", height=0)
    page = write_page(tmp_path / "p.html", "<p>₹</p>", height=300)
    assert page.read_bytes() == "<p>₹</p>".encode() and "height: 300px" in page._repr_html_()


PLAYER_CELLS = [
    "from autograd import Value\nfrom autograd.viz import step_through",
    "x = Value(2.0, label='x')\nw = Value(-3.0, label='w')\nstep_through((x * w).tanh(), 'steps.html')",
    "import nn\nmodel = nn.MLP(2, [3, 1], seed=0)\n"
    "step_through(model([0.5, -1.0]), 'quiz.html', collapse='neuron', quiz=True)",
]


@pytest.fixture(scope="module")
def notebook(tmp_path_factory):
    """The player cells run in a real kernel: (the folder they ran in, the outputs of each cell)."""
    folder = tmp_path_factory.mktemp("notebook")
    return folder, run_notebook(PLAYER_CELLS, folder)


def test_a_real_notebook_shows_the_player_inline(notebook):
    folder, (_, player, quiz) = notebook
    results = [output for output in player if output["output_type"] == "execute_result"]
    assert len(results) == 1
    shown = results[0]["data"]["text/html"]
    frame = re.match(r'<iframe srcdoc="([^"]*)" sandbox="allow-scripts"', shown)
    assert frame, shown[:200]
    assert html.unescape(frame.group(1)) == (folder / "steps.html").read_text(encoding="utf-8")
    assert results[0]["data"]["text/plain"] == "Page('steps.html')"
    (shown_quiz,) = [output["data"]["text/html"] for output in quiz if output["output_type"] == "execute_result"]
    assert html.unescape(shown_quiz.split('"')[1]) == (folder / "quiz.html").read_text(encoding="utf-8")
    assert '"quiz":true' in (folder / "quiz.html").read_text(encoding="utf-8")


def test_a_real_notebook_cell_that_renders_writes_nothing_to_stderr(notebook):
    """What C libraries write to file descriptor 2 (Graphviz, fontconfig) shows in red under the cell."""
    _, (imports, player, quiz) = notebook
    assert stderr_of(imports) == ""
    for cell in (player, quiz):
        assert stderr_of(cell) == ""
        assert [output["output_type"] for output in cell] == ["execute_result"]  # nothing stray
