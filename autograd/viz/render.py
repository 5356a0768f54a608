"""Rendering DOT source to SVG, PNG or PDF in-process, with the Graphviz engine bundled in pygraphviz.

No ``dot`` executable is needed: ``pygraphviz.AGraph(string=source).draw(...)`` runs the
Graphviz libraries inside Python. Files are written atomically (``autograd.files.write_atomic``),
so a reader never sees half a picture. The same graph gives the same bytes in every process:
cairo's PDF creation date is the one varying field, and it is fixed to 1970-01-01.

Fonts: on Linux the wheel bundles an older fontconfig than the system's; left to start itself,
it scans the system's folder of sample configuration files and warns, on every render, about
elements it does not know (Debian's "reset-dirs"). Before the first render, ``use_package_fonts``
makes the package's ``fonts.conf`` (the system's configuration, included as it is, plus fallback
folders and aliases) the bundled library's current configuration, so that start-up never runs —
unless the user chose a configuration with ``FONTCONFIG_FILE``, or pygraphviz uses a system Graphviz.
"""

from __future__ import annotations

import contextlib
import ctypes
import io
import os
import pathlib
import re
import sys
from collections.abc import Iterator
from importlib import resources

import graphviz
import pygraphviz

from autograd._args import type_error, value_error
from autograd.files import write_atomic

FORMATS = ("svg", "png", "pdf", "jpg", "jpeg", "gif", "ps", "eps", "dot", "xdot", "plain", "json")
RENDERERS = ("cairo", "core", "gd")  # Graphviz's "format:renderer[:formatter]" parts the bundled engine has
ENGINES = ("dot", "neato", "fdp", "sfdp", "circo", "twopi", "osage", "patchwork", "nop", "nop2")
_PDF_DATE = re.compile(rb"/CreationDate \(D:\d{14}Z\)")
_FIXED_PDF_DATE = b"/CreationDate (D:19700101000000Z)"  # same length: the PDF's byte offsets stay right


def checked_format(where: str, format: object) -> str:
    """``format`` if it is one of FORMATS, optionally with a known renderer ("png:cairo"); else an error."""
    if not isinstance(format, str):
        raise type_error(where, "format", "a str such as 'svg', 'png' or 'pdf'", format)
    kind, *rest = format.split(":")
    if kind not in FORMATS or len(rest) > 2 or any(part not in RENDERERS for part in rest):
        raise value_error(where, "format", f"one of {', '.join(FORMATS)} (optionally ':cairo', ':gd', ':core')", format)
    return format


def bundled_fontconfig() -> pathlib.Path | None:
    """The fontconfig library inside the pygraphviz wheel (Linux wheels bundle one), or None."""
    libs = pathlib.Path(pygraphviz.__file__).resolve().parent.parent / "pygraphviz.libs"
    found = sorted(libs.glob("libfontconfig*.so*")) if libs.is_dir() else []
    return found[0] if found else None


def use_package_fonts() -> bool:
    """Make the bundled fontconfig read the package's ``fonts.conf``; True when it did.

    Runs once, before anything draws text: a current configuration set here means the
    library never loads the system's (which it would warn about). Leaves everything as it
    is when ``FONTCONFIG_FILE`` is set, off Linux, or with a system Graphviz.
    """
    library = bundled_fontconfig() if sys.platform.startswith("linux") else None
    if library is None or os.environ.get("FONTCONFIG_FILE"):
        return False
    try:
        fc = ctypes.CDLL(os.fspath(library))  # the same library the Graphviz plugins load, by its soname
    except OSError:
        return False
    fc.FcConfigCreate.restype = ctypes.c_void_p
    fc.FcConfigParseAndLoad.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
    fc.FcConfigSetCurrent.argtypes = [ctypes.c_void_p]
    fc.FcConfigDestroy.argtypes = [ctypes.c_void_p]
    config = fc.FcConfigCreate()
    with resources.as_file(resources.files("autograd.viz").joinpath("fonts.conf")) as path:
        loaded = config and fc.FcConfigParseAndLoad(config, os.fsencode(path), 1)
    if not loaded or not fc.FcConfigSetCurrent(config):  # SetCurrent also builds the font list
        if config:
            fc.FcConfigDestroy(config)
        return False
    return True


@contextlib.contextmanager
def rendering() -> Iterator[None]:
    """Around in-process Graphviz work: pygraphviz's own notes ("may take a long time") kept off stderr."""
    with contextlib.redirect_stderr(io.StringIO()):
        yield


def reproducible(picture: bytes, format: str) -> bytes:
    """``picture`` with cairo's PDF creation date fixed, so the same graph gives the same bytes."""
    return _PDF_DATE.sub(_FIXED_PDF_DATE, picture, count=1) if format.startswith("pdf") else picture


def render(
    graph: graphviz.Graph | graphviz.Digraph | str,
    format: str = "svg",
    path: str | os.PathLike | None = None,
    *,
    engine: str = "dot",
) -> bytes:
    """Lay out ``graph`` (a graphviz object or DOT source) and return the picture as bytes.

    ``format`` is "svg", "png" or "pdf" (or another of ``FORMATS``, optionally with Graphviz's
    ":renderer" suffix). When ``path`` is given the bytes are also written there atomically.
    """
    if isinstance(graph, str):
        source = graph
    elif isinstance(graph, (graphviz.Graph, graphviz.Digraph)):
        source = graph.source
    else:
        raise type_error("render", "graph", "a graphviz.Digraph, graphviz.Graph or DOT source text", graph)
    checked_format("render", format)
    if engine not in ENGINES:
        raise value_error("render", "engine", f"one of {', '.join(ENGINES)}", engine)
    try:
        with rendering():
            picture = pygraphviz.AGraph(string=source).draw(format=format, prog=engine)
    except (ValueError, pygraphviz.DotError) as error:
        raise ValueError(f"render: Graphviz could not draw the graph as {format!r} with {engine!r}: {error}") from error
    picture = reproducible(picture, format)
    if path is not None:
        write_atomic(path, picture)
    return picture


PACKAGE_FONTS = use_package_fonts()  # before the first render: see the module docstring
