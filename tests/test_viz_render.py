"""Rendering in-process: SVG, PNG and PDF with no ``dot`` executable on PATH (pygraphviz's bundled Graphviz)."""

import json
import os
import subprocess
import sys
import textwrap
from xml.etree import ElementTree

import pytest

from autograd import Value
from autograd.viz import draw_dot, render

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

# Runs in a fresh interpreter whose PATH is an empty directory: no `dot` can be found.
NO_DOT_SCRIPT = textwrap.dedent(
    """
    import json, shutil, sys, pathlib
    import graphviz
    from autograd import Value
    from autograd.viz import draw_dot

    out = pathlib.Path(sys.argv[1])
    report = {"dot_on_path": shutil.which("dot")}
    try:  # the stock graphviz object needs the executable: proves the PATH really has no dot
        graphviz.Digraph(graphviz.Digraph().source).pipe(format="svg")
        report["stock_graphviz_renders"] = True
    except graphviz.ExecutableNotFound:
        report["stock_graphviz_renders"] = False
    x = Value(2.0, label="x")
    w = Value(-3.0, label="w")
    graph = draw_dot((x * w).tanh(), view="backward")
    svg = graph.pipe(format="svg")
    png = graph.pipe(format="png")
    pdf = graph.pipe(format="pdf")
    (out / "pipe.svg").write_bytes(svg)
    report["png_head"] = png[:8].hex()
    report["pdf_head"] = pdf[:5].decode("ascii")
    report["svg_text"] = graph.pipe(format="svg", encoding="utf-8")[:5]
    report["rendered"] = graph.render(outfile=str(out / "picture.png"))
    report["rendered_default"] = graph.render(filename="graph.gv", directory=str(out), format="pdf")
    bundle = graph._repr_mimebundle_()
    report["mimebundle"] = sorted(bundle)
    report["mimebundle_svg_starts"] = bundle["image/svg+xml"][:5]
    report["repr_svg_starts"] = graph._repr_svg_()[:5]
    print(json.dumps(report))
    """
)


@pytest.fixture(scope="module")
def no_dot_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("nodot")
    empty_bin = tmp_path_factory.mktemp("emptybin")
    env = {key: value for key, value in os.environ.items() if key != "PATH"}
    env["PATH"] = str(empty_bin)
    result = subprocess.run(
        [sys.executable, "-c", NO_DOT_SCRIPT, str(out)],
        env=env,
        cwd=empty_bin,  # anything written to the working directory would be a bug: checked below
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert not list(empty_bin.iterdir())
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1]), out


def test_subprocess_really_has_no_dot(no_dot_run):
    report, _ = no_dot_run
    assert report["dot_on_path"] is None
    assert report["stock_graphviz_renders"] is False


def test_svg_renders_without_dot_and_parses_as_xml(no_dot_run):
    report, out = no_dot_run
    root = ElementTree.fromstring((out / "pipe.svg").read_bytes())
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "tanh" in texts
    assert "data -6.0000" in texts
    assert report["svg_text"] == "<?xml"


def test_png_and_pdf_render_without_dot(no_dot_run):
    report, _ = no_dot_run
    assert bytes.fromhex(report["png_head"]) == PNG_MAGIC
    assert report["pdf_head"] == "%PDF-"


def test_render_to_files_without_dot(no_dot_run):
    report, out = no_dot_run
    assert report["rendered"] == str(out / "picture.png")
    assert (out / "picture.png").read_bytes().startswith(PNG_MAGIC)
    assert (out / "picture.gv").read_text().startswith("digraph stepgrad {")  # the source, next to it
    assert report["rendered_default"] == str(out / "graph.gv.pdf")
    assert (out / "graph.gv.pdf").read_bytes().startswith(b"%PDF-")
    assert (out / "graph.gv").read_text().startswith("digraph stepgrad {")


def test_jupyter_display_without_dot(no_dot_run):
    report, _ = no_dot_run
    assert report["mimebundle"] == ["image/svg+xml"]
    assert report["mimebundle_svg_starts"] == "<?xml"
    assert report["repr_svg_starts"] == "<?xml"


def test_render_function_accepts_a_graph_or_dot_text_and_writes_atomically(tmp_path):
    graph = draw_dot(Value(1.0, label="one"))
    assert render(graph, "svg") == render(graph.source, "svg")
    target = tmp_path / "sub" / "one.png"
    picture = render(graph, "png", target)
    assert target.read_bytes() == picture
    assert picture.startswith(PNG_MAGIC)
    assert [p.name for p in target.parent.iterdir()] == ["one.png"]  # no temporary file left behind


def test_render_reports_a_bad_format_or_bad_dot_clearly():
    graph = draw_dot(Value(1.0))
    with pytest.raises(ValueError, match="render"):
        render(graph, "no-such-format")
    with pytest.raises(ValueError, match="render"):
        render("digraph { a -> }", "svg")
