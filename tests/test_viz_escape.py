"""Hostile labels and op names: they render as typed and never break the DOT, the SVG or the player page."""

import html
from html.parser import HTMLParser
from xml.etree import ElementTree

import pygraphviz
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd import Op, Value
from autograd.viz import draw_dot, render, step_through
from autograd.viz.escape import MAX_LABEL_CHARS, label_text, printable, script_json

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = [
    'say "hi"',
    "close } brace { open",
    "<script>alert(1)</script>",
    "a & b",
    "pipe | bar",
    "line one\nline two",
    "₹ 100 for 1 kg",
    "<b>bold?</b>",
    "]; evil -> graph [",
    "back\\slash",
    "--> <!-- comment",
]


def hostile_graph(label: str) -> Value:
    op = Op(label.replace("\n", " ") or "op", forward=lambda x: x + 1.0, derivatives=lambda x, out: (1.0,))
    x = Value(1.0, label=label)
    y = op(x)
    y.label = label
    return y * Value(2.0, label="two")


def svg_texts(picture: bytes) -> list[str]:
    root = ElementTree.fromstring(picture)  # parses: the SVG is well-formed XML
    assert not list(root.iter(f"{SVG}script")), "a label injected a script element"
    return [text.text or "" for text in root.iter(f"{SVG}text")]


@pytest.mark.parametrize("label", HOSTILE)
def test_hostile_label_keeps_the_dot_structure(label):
    graph = draw_dot(hostile_graph(label), view="backward")
    parsed = pygraphviz.AGraph(string=graph.source)
    # x, the op node and result, the constant "two", the product and its op, and the legend
    assert sorted(parsed.nodes()) == sorted(["v0", "v1", "v1_op", "v2", "v3", "v3_op", "legend"])
    assert len(parsed.edges()) == 5


@pytest.mark.parametrize("label", HOSTILE)
def test_hostile_label_renders_as_typed_in_the_svg(label):
    texts = svg_texts(render(draw_dot(hostile_graph(label)), "svg"))
    for line in label.split("\n"):
        assert texts.count(line) >= 2  # the leaf and the labelled result (and the op name, one line)


def test_op_name_renders_as_typed():
    texts = svg_texts(render(draw_dot(hostile_graph("<script>x</script> & ₹")), "svg"))
    assert texts.count("<script>x</script> & ₹") == 3  # leaf label, result label, op name


def test_label_text_escapes_markup_and_turns_newlines_into_breaks():
    assert label_text('<a href="x">&') == "&lt;a href=&quot;x&quot;&gt;&amp;"
    assert label_text("one\ntwo\r\nthree") == "one<BR/>two<BR/>three"
    assert label_text("₹ {|}") == "₹ {|}"


def test_script_json_cannot_close_the_script_element():
    text = script_json({"caption": "</script><script>alert(1)</script> & <!--"})
    assert "<" not in text and ">" not in text and "&" not in text


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)


@pytest.mark.parametrize("label", HOSTILE)
def test_hostile_label_cannot_inject_into_the_player(label, tmp_path):
    y = hostile_graph(label)
    page = step_through(y, tmp_path / "steps.html", title=label).read_text(encoding="utf-8")
    parser = _Elements()
    parser.feed(page)
    assert parser.tags.count("script") == 2  # the steps (JSON data) and the player's own script
    assert "<script>alert" not in page
    assert "<b>bold" not in page
    assert html.escape(label) in page.split("<svg", 1)[0]  # the title, escaped


def test_unshowable_characters_are_written_as_escapes():
    assert printable("bell\x07 tab\t nul\x00 lone\ud800 ₹") == "bell\\x07 tab  nul\\x00 lone\\ud800 ₹"
    texts = svg_texts(render(draw_dot(Value(1.0, label="a\x01b\x00c")), "svg"))
    assert "a\\x01b\\x00c" in texts


def test_very_long_labels_are_cut_so_graphviz_accepts_them():
    label = "&" * 20_000
    texts = svg_texts(render(draw_dot(Value(1.0, label=label)), "svg"))
    assert "&" * (MAX_LABEL_CHARS - 1) + "…" in texts


def test_player_accepts_unshowable_characters(tmp_path):
    x = Value(1.0, label="lone\ud800 nul\x00")
    page = step_through(x * 2.0, tmp_path / "s.html", title="t\ud800").read_text(encoding="utf-8")
    assert "lone\\ud800 nul\\x00" in page


@settings(max_examples=25)
@given(label=st.text(max_size=60))
def test_any_text_label_keeps_the_dot_structure_and_renders(label):
    y = Value(1.0, label=label) * Value(2.0, label=label)
    y.label = label
    graph = draw_dot(y)
    assert sorted(pygraphviz.AGraph(string=graph.source).nodes()) == ["legend", "v0", "v1", "v2", "v2_op"]
    svg_texts(render(graph, "svg"))  # well-formed XML, no script element


@pytest.mark.parametrize("label", ["cost\\Net", "C:\\Games", "\\G \\E \\T \\H \\L \\l \\r \\n", "two\\\\back", "end\\"])
def test_backslash_escapes_are_shown_exactly_as_typed(label):
    # Graphviz expands \N (node name), \G (graph name), ... inside labels: cost\Net was drawn "costv0et"
    texts = svg_texts(render(draw_dot(Value(1.0, label=label) * 2.0, view="backward"), "svg"))
    assert label in texts


@pytest.mark.parametrize("character", ["\uffff", "\ufffe", "\U0010ffff", "\ufdd0"])
def test_noncharacters_are_written_as_escapes_and_the_label_still_renders(character):
    label = f"a{character}b"
    texts = svg_texts(render(draw_dot(Value(1.0, label=label)), "svg"))
    escaped = f"a{character.encode('unicode_escape').decode('ascii')}b"
    assert escaped in texts  # Graphviz dropped the whole HTML label on U+FFFF
    assert "data 1.0000" in texts


def test_one_label_cut_for_every_view():
    from autograd.viz.description import describe
    from autograd.viz.escape import shorten

    label = "x" * 1_000_000
    assert shorten(label) == "x" * (MAX_LABEL_CHARS - 1) + "…"
    assert shorten("short") == "short"
    assert describe(Value(1.0, label=label)).nodes[0].name == shorten(label)  # what captions and titles use
