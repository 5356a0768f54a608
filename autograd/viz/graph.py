"""``ValueGraph``: a ``graphviz.Digraph`` that renders in-process, with no ``dot`` executable on PATH.

The ``graphviz`` package normally runs the ``dot`` program in a subprocess. ``ValueGraph``
keeps all of ``graphviz.Digraph`` (``.source``, ``.node``, ``.edge``, ``.save``, ...) and
replaces only the three ways it produces a picture — ``pipe``, ``render`` and the Jupyter
display (which goes through ``pipe``) — with ``autograd.viz.render``, the Graphviz engine
bundled in the ``pygraphviz`` wheel.

``use_bundled_graphviz()`` does the same for *every* graphviz object (``Digraph``, ``Graph``,
``Source``) — opt-in, for code that builds its own ``graphviz.Digraph``, such as the
micrograd lecture's ``draw_dot``, on a machine with no ``dot`` program.
"""

from __future__ import annotations

import os
import pathlib

import graphviz

from autograd.files import write_atomic
from autograd.viz.render import render as render_source


class ValueGraph(graphviz.Digraph):
    """A ``graphviz.Digraph`` whose ``pipe``, ``render`` and Jupyter display run Graphviz in-process."""

    def pipe(
        self,
        format: str | None = None,
        renderer: str | None = None,
        formatter: str | None = None,
        neato_no_op: bool | int | None = None,
        quiet: bool = False,
        *,
        engine: str | None = None,
        encoding: str | None = None,
    ) -> bytes | str:
        """Return the picture as bytes (or as text when ``encoding`` is given), like ``graphviz.Digraph.pipe``."""
        picture = render_source(
            self.source, _full_format(format or self.format, renderer, formatter), engine=engine or self.engine
        )
        return picture.decode(encoding) if encoding is not None else picture

    def render(
        self,
        filename: str | os.PathLike | None = None,
        directory: str | os.PathLike | None = None,
        view: bool = False,
        cleanup: bool = False,
        format: str | None = None,
        renderer: str | None = None,
        formatter: str | None = None,
        neato_no_op: bool | int | None = None,
        quiet: bool = False,
        quiet_view: bool = False,
        *,
        outfile: str | os.PathLike | None = None,
        engine: str | None = None,
        raise_if_result_exists: bool = False,
        overwrite_source: bool = False,
    ) -> str:
        """Save the DOT source and the picture next to it; return the picture's path, like ``graphviz``.

        ``outfile="graph.png"`` names the picture (its suffix picks the format); otherwise the
        picture is ``<filename>.<format>``. Both files are written atomically.
        """
        if directory is not None:
            self.directory = os.fspath(directory)
        if outfile is not None:
            picture_path = pathlib.Path(self.directory, outfile)
            format = format or picture_path.suffix.lstrip(".") or self.format
            if filename is None:  # the source goes next to the picture
                filename = pathlib.Path(outfile).with_suffix(".gv")
        format = format or self.format
        if filename is not None:
            self.filename = os.fspath(filename)
        source_path = pathlib.Path(self.filepath)
        if outfile is None:
            picture_path = source_path.with_name(f"{source_path.name}.{format}")
        same_file = picture_path.resolve() == source_path.resolve()
        if same_file and not overwrite_source:
            raise ValueError(
                f"render: outfile {os.fspath(picture_path)!r} must be different from the DOT source file "
                f"(name the picture e.g. {picture_path.with_suffix('.' + format).name!r}, or pass filename=)"
            )
        if raise_if_result_exists and picture_path.exists():
            raise graphviz.FileExistsError(f"output file exists: {os.fspath(picture_path)!r}")
        if not same_file:
            write_atomic(source_path, self.source.encode(self.encoding))
        render_source(
            self.source, _full_format(format, renderer, formatter), picture_path, engine=engine or self.engine
        )
        if cleanup and not same_file:
            source_path.unlink()
        if view or quiet_view:
            self._view(os.fspath(picture_path), format=format, quiet=quiet_view)
        return os.fspath(picture_path)

    def _repr_svg_(self) -> str:
        """The picture as SVG text (for IPython front ends that look for ``_repr_svg_``)."""
        return self.pipe(format="svg", encoding="utf-8")


def _full_format(format: str, renderer: str | None, formatter: str | None) -> str:
    """Graphviz's ``format[:renderer[:formatter]]`` spelling."""
    return ":".join(part for part in (format, renderer, formatter) if part)


_ORIGINALS = {"pipe": graphviz.piping.Pipe.pipe, "render": graphviz.rendering.Render.render}


def use_bundled_graphviz(enabled: bool = True) -> None:
    """Make every ``graphviz`` object render in-process, with no ``dot`` on PATH (``False`` undoes it).

    After this call, ``pipe()``, ``render()``, ``view()`` and the Jupyter display of any
    ``graphviz.Digraph``, ``Graph`` or ``Source`` — including one that code of its own built,
    like the micrograd lecture's ``draw_dot`` — use the Graphviz engine bundled in pygraphviz
    instead of running the ``dot`` program. It changes the ``graphviz`` package for the
    whole process, which is why it is opt-in.
    """
    if not isinstance(enabled, bool):
        raise TypeError(f"use_bundled_graphviz: enabled must be True or False, got {type(enabled).__name__}")
    graphviz.piping.Pipe.pipe = ValueGraph.pipe if enabled else _ORIGINALS["pipe"]
    graphviz.rendering.Render.render = ValueGraph.render if enabled else _ORIGINALS["render"]
