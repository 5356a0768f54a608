"""Rendering DOT source to SVG, PNG or PDF in-process, with the Graphviz engine bundled in pygraphviz.

No ``dot`` executable is needed: ``pygraphviz.AGraph(string=source).draw(...)`` runs the
Graphviz libraries inside Python. Files are written atomically (``autograd.files.write_atomic``),
so a reader never sees half a picture.
"""

from __future__ import annotations

import contextlib
import io
import os

import graphviz
import pygraphviz

from autograd.files import write_atomic

FORMATS = ("svg", "png", "pdf", "jpg", "jpeg", "gif", "ps", "eps", "dot", "xdot", "plain", "json")


def render(
    graph: graphviz.Digraph | str, format: str = "svg", path: str | os.PathLike | None = None, *, engine: str = "dot"
) -> bytes:
    """Lay out ``graph`` (a graphviz object or DOT source) and return the picture as bytes.

    ``format`` is "svg", "png" or "pdf" (or another of ``FORMATS``, optionally with Graphviz's
    ":renderer" suffix). When ``path`` is given the bytes are also written there atomically.
    """
    source = graph if isinstance(graph, str) else graph.source
    if not isinstance(format, str) or format.split(":", 1)[0] not in FORMATS:
        raise ValueError(f"render: format must be one of {', '.join(FORMATS)}, got {format!r}")
    try:
        with contextlib.redirect_stderr(io.StringIO()):  # pygraphviz's "may take a long time" note
            picture = pygraphviz.AGraph(string=source).draw(format=format, prog=engine)
    except (ValueError, pygraphviz.DotError) as error:
        raise ValueError(f"render: Graphviz could not draw the graph as {format!r} with {engine!r}: {error}") from error
    if path is not None:
        write_atomic(path, picture)
    return picture
