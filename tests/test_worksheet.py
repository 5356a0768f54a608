"""worksheet: the exercise (blank boxes and tables), the answer key from the engine, print CSS, PDF, bytes."""

import subprocess
import sys
from html.parser import HTMLParser

import pytest

from autograd import backward_steps, topological_order
from autograd.viz.worksheet import worksheet


class Tables(HTMLParser):
    """Every table by class: its rows as lists of cell texts (None for an empty cell); and the tags seen."""

    def __init__(self):
        super().__init__()
        self.tables, self.tags, self._table, self._row, self._cell = {}, [], None, None, None

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "table":
            self._table = self.tables.setdefault(dict(attrs)["class"], [])
        elif tag == "tr" and self._table is not None:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = ""

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._row is not None:
            self._row.append(self._cell or None)
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self._table.append(self._row)
            self._row = None
        elif tag == "table":
            self._table = None


def read(path) -> Tables:
    parser = Tables()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_the_answer_key_equals_backward_steps(tmp_path, lecture_neuron):
    o, params = lecture_neuron()
    sheet = read(worksheet(o, tmp_path / "w.html", params=params))
    key = sheet.tables["backward-key"][1:]  # after the header
    steps = backward_steps(o)
    assert len(key) == len(steps)
    for row, step in zip(key, steps):
        upstream, local, contribution, total = (float(cell) for cell in row[3:])
        assert (upstream, local, contribution, total) == pytest.approx(
            (step.upstream, step.local, step.contribution, step.total), abs=5e-5
        )
    assert key[-1][1] == "w1 ← mul#1" and key[-1][2] == "d/dw1: x1"  # edge and the op's local rule


def test_the_forward_key_holds_every_computed_value(tmp_path, lecture_neuron):
    o, _ = lecture_neuron()
    sheet = read(worksheet(o, tmp_path / "w.html"))
    computed = [value for value in topological_order(o) if value.children]
    key = sheet.tables["forward-key"][1:]
    assert [row[3] for row in key] == [f"{value.data:.4f}" for value in computed]
    assert [row[2] for row in key] == ["x1 * w1", "x2 * w2", "mul#1 + mul#2", "add#1 + b", "tanh(n)"]


def test_the_exercise_leaves_every_answer_blank(tmp_path, lecture_neuron):
    o, _ = lecture_neuron()
    path = worksheet(o, tmp_path / "w.html")
    sheet = read(path)
    assert all(row[3] is None for row in sheet.tables["forward"][1:])
    assert all(row[3:] == [None] * 4 for row in sheet.tables["backward"][1:])
    exercise = path.read_text(encoding="utf-8").split('<section class="answers">')[0]
    assert "0.7071" not in exercise  # neither the picture nor the tables give the output away
    assert "data 2.0000" in exercise  # the inputs are given


def test_the_page_is_printable_self_contained_and_deterministic(tmp_path, lecture_neuron):
    o, _ = lecture_neuron()
    first = worksheet(o, tmp_path / "a.html").read_bytes()
    again, _ = lecture_neuron()
    assert worksheet(again, tmp_path / "b.html").read_bytes() == first
    page = first.decode("utf-8")
    assert "section.answers { break-before: page; page-break-before: always; }" in page
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert "script" not in read(tmp_path / "a.html").tags
    assert "http://" not in page.replace("http://www.w3.org", "")
    assert "https://" not in page


def test_pdf_in_process_with_the_same_bytes_every_time(tmp_path, lecture_neuron):
    pytest.importorskip("matplotlib")
    o, _ = lecture_neuron()
    pdf = worksheet(o, tmp_path / "w.pdf", format="pdf").read_bytes()
    assert pdf.startswith(b"%PDF-")
    assert pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") + pdf.count(b"/Type /Page>") >= 5
    assert b"CreationDate" not in pdf
    code = (
        "import sys; from tests.conftest import _lecture_neuron; from autograd.viz.worksheet import worksheet; "
        "worksheet(_lecture_neuron()[0], sys.argv[1], format='pdf')"
    )
    subprocess.run([sys.executable, "-c", code, str(tmp_path / "other.pdf")], check=True, timeout=120)
    assert (tmp_path / "other.pdf").read_bytes() == pdf


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"format": "docx"}, ValueError, "worksheet: format must be one of 'html', 'pdf'"),
        ({"rankdir": "sideways"}, ValueError, "worksheet: rankdir"),
        ({"max_nodes": 3}, ValueError, "worksheet: the graph has 10 values"),
        ({"title": 3}, TypeError, "worksheet: title must be a str"),
    ],
)
def test_bad_arguments_are_clear_errors(tmp_path, kwargs, error, match, lecture_neuron):
    with pytest.raises(error, match=match):
        worksheet(lecture_neuron()[0], tmp_path / "w.html", **kwargs)
    assert not list(tmp_path.iterdir())


@pytest.mark.browser
def test_chromium_prints_the_answer_key_on_its_own_page(tmp_path, lecture_neuron, browser):
    path = worksheet(lecture_neuron()[0], tmp_path / "w.html")
    page = browser.new_page()
    requests, errors = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(path.as_uri())
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.querySelector('section.answers')).breakBefore") == "page"
    assert page.locator("table.backward tbody tr").count() == len(backward_steps(lecture_neuron()[0]))
    assert page.locator("figure svg g.value").count() == 10
    pdf = page.pdf(format="A4")
    page.close()
    assert requests == [path.as_uri()]
    assert errors == []  # e.g. no Content-Security-Policy violation
    assert pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") + pdf.count(b"/Type /Page>") >= 2
