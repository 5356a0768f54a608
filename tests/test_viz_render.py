"""Rendering in-process: SVG, PNG and PDF with no ``dot`` executable on PATH (pygraphviz's bundled Graphviz)."""

import json
import os
import subprocess
import sys
import textwrap
import time
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


@pytest.mark.parametrize(("format", "error"), [("svg:evil", ValueError), ("png:cairo:evil", ValueError),
                                               (None, TypeError), (3, TypeError), ("", ValueError)])  # fmt: skip
def test_render_checks_the_format_before_graphviz_sees_it(format, error):
    with pytest.raises(error, match="render: format must be"):
        render(draw_dot(Value(1.0)), format)


def test_render_accepts_a_known_renderer_and_refuses_other_objects():
    assert render(draw_dot(Value(1.0)), "png:cairo").startswith(PNG_MAGIC)
    with pytest.raises(TypeError, match=r"render: graph must be a graphviz\.Digraph"):
        render(42, "svg")


def test_render_to_a_gv_outfile_does_not_overwrite_the_dot_source(tmp_path):
    graph = draw_dot(Value(1.0, label="one"))
    source = tmp_path / "graph.gv"
    source.write_text("my own DOT source")
    with pytest.raises(ValueError, match="must be different from the DOT source file"):
        graph.render(outfile=source, format="svg")
    assert source.read_text() == "my own DOT source"


def run_python(code: str, *args: str, env_extra: dict | None = None, path_without_dot=None):
    env = {key: value for key, value in os.environ.items() if not key.startswith("FONTCONFIG")}
    if path_without_dot is not None:
        env["PATH"] = str(path_without_dot)
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code), *args], env=env, capture_output=True,
                          timeout=120)  # fmt: skip


RENDER_EVERYTHING = """
    import sys
    from autograd import Value
    from autograd.viz import draw_dot, frames, render
    x = Value(2.0, label="x")
    y = (x * Value(-3.0, label="w")).tanh()
    graph = draw_dot(y, view="backward")
    for format in ("svg", "png", "pdf"):
        render(graph, format)
    frames(y, sys.argv[1], format="png", view="forward")
    sys.stdout.buffer.write(render(graph, "pdf"))
"""


def test_a_render_writes_nothing_to_stderr(tmp_path):
    # Debian's fontconfig files once made the bundled fontconfig warn on fd 2 at every render
    result = run_python(RENDER_EVERYTHING, str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stderr == b""


def test_pdf_bytes_are_the_same_in_every_process(tmp_path):
    first = run_python(RENDER_EVERYTHING, str(tmp_path))
    time.sleep(1.1)  # cairo writes the creation time, to the second
    second = run_python(RENDER_EVERYTHING, str(tmp_path))
    assert first.stdout.startswith(b"%PDF-")
    assert first.stdout == second.stdout


LECTURE = """
    import json, sys
    import graphviz
    from graphviz import Digraph
    from autograd import Value
    from autograd.viz import use_bundled_graphviz

    # micrograd's lecture, unchanged
    def trace(root):
        nodes, edges = set(), set()
        def build(v):
            if v not in nodes:
                nodes.add(v)
                for child in v._prev:
                    edges.add((child, v))
                    build(child)
        build(root)
        return nodes, edges

    def draw_dot(root):
        dot = Digraph(format='svg', graph_attr={'rankdir': 'LR'})
        nodes, edges = trace(root)
        for n in nodes:
            uid = str(id(n))
            dot.node(name = uid, label = "{ %s | data %.4f | grad %.4f }" % (n.label, n.data, n.grad), shape='record')
            if n._op:
                dot.node(name = uid + n._op, label = n._op)
                dot.edge(uid + n._op, uid)
        for n1, n2 in edges:
            dot.edge(str(id(n1)), str(id(n2)) + n2._op)
        return dot

    a = Value(2.0, label='a'); b = Value(-3.0, label='b'); c = Value(10.0, label='c')
    e = a*b; e.label = 'e'
    d = e + c; d.label = 'd'
    report = {}
    try:
        draw_dot(d)._repr_mimebundle_()
        report["before"] = "rendered"
    except graphviz.ExecutableNotFound:
        report["before"] = "ExecutableNotFound"
    use_bundled_graphviz()
    dot = draw_dot(d)
    report["svg"] = dot._repr_mimebundle_()["image/svg+xml"][:5]
    report["png"] = dot.pipe(format="png")[:8].hex()
    report["file"] = dot.render(outfile=sys.argv[1] + "/lecture.png")
    report["source"] = graphviz.Source(dot.source).pipe(format="svg", encoding="utf-8")[:5]
    use_bundled_graphviz(False)
    try:
        draw_dot(d).pipe()
        report["after"] = "rendered"
    except graphviz.ExecutableNotFound:
        report["after"] = "ExecutableNotFound"
    print(json.dumps(report))
"""


def test_the_lectures_own_draw_dot_renders_in_process_when_asked(tmp_path):
    empty = tmp_path / "bin"
    empty.mkdir()
    result = run_python(LECTURE, str(tmp_path), path_without_dot=empty)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["before"] == "ExecutableNotFound"  # no dot on PATH: the lecture's code needs the opt-in
    assert report["svg"] == "<?xml"
    assert bytes.fromhex(report["png"]) == PNG_MAGIC
    assert (tmp_path / "lecture.png").read_bytes().startswith(PNG_MAGIC)
    assert report["source"] == "<?xml"
    assert report["after"] == "ExecutableNotFound"  # use_bundled_graphviz(False) undoes it
    assert result.stderr == b""
