"""``Page``: a written HTML page that is still the path it was written to, and shows itself in notebooks.

``step_through`` (and nn's training timeline) write one self-contained HTML file and return
a ``Page``: a ``pathlib.Path`` of that file (``str(page)``, ``page.read_text()``,
``os.fspath(page)``, ``open(page)`` all work as before) that Jupyter, JupyterLab, VS Code
and Colab display inline. The notebook shows the page in an ``<iframe srcdoc=…>`` with the
sandbox ``allow-scripts``: the page runs its own script under its own Content-Security-Policy,
in an opaque origin (it cannot reach the notebook), and loads nothing from the network —
exactly as when the file is opened from disk.
"""

from __future__ import annotations

import html
import os
import pathlib
import sys

from autograd import _args
from autograd.files import write_atomic

DEFAULT_HEIGHT = 640  # CSS pixels: the iframe's height in a notebook (an iframe cannot size itself to its page)

_PlatformPath = type(pathlib.Path())  # PosixPath or WindowsPath: pathlib.Path itself cannot be subclassed before 3.12


class Page(_PlatformPath):
    """The path of a written HTML page; in a notebook, the page itself (``_repr_html_``).

    ``Page(path, html, height=640)``: ``html`` is the page's text as written to ``path``,
    ``height`` the height in CSS pixels of its frame in a notebook. Paths derived from a
    page (``page.parent``, ``page.with_suffix(".png")``) are plain paths of the same file
    system; they carry no page.
    """

    _html: str | None = None  # derived paths (Python < 3.12 makes them of this class) have no page
    _height: int = DEFAULT_HEIGHT

    def __new__(cls, path: str | os.PathLike, html: str, *, height: int = DEFAULT_HEIGHT) -> Page:
        return super().__new__(cls, path)

    def __init__(self, path: str | os.PathLike, html: str, *, height: int = DEFAULT_HEIGHT) -> None:
        if sys.version_info >= (3, 12):  # before 3.12, Path.__new__ parses the path and __init__ is object's
            super().__init__(path)
        self._html = _args.text("Page", "html", html)
        self._height = _args.integer("Page", "height", height, minimum=1)

    def with_segments(self, *segments: str | os.PathLike) -> pathlib.Path:
        """Derived paths are plain paths (Python 3.12+ calls this for ``parent``, ``/``, ``with_name``, …)."""
        return pathlib.Path(*segments)

    def __reduce__(self) -> tuple:
        return pathlib.Path, (os.fspath(self),)  # pickled and copied as the plain path

    def __repr__(self) -> str:
        name = "Page" if self._html is not None else type(pathlib.Path()).__name__
        return f"{name}({os.fspath(self)!r})"

    def _repr_html_(self) -> str | None:
        """The page in a sandboxed ``iframe srcdoc`` (scripts allowed; no same origin, no network)."""
        if self._html is None:
            return None
        return (
            f'<iframe srcdoc="{html.escape(self._html, quote=True)}" sandbox="allow-scripts" '
            f'title="{html.escape(self.name, quote=True)}" '
            f'style="width: 100%; height: {self._height}px; border: 1px solid #d1d5db; border-radius: 4px;">'
            "</iframe>"
        )


def checked_path(where: str, path: object) -> pathlib.Path:
    """``path`` as a Path, if it can name a file to write (a str or os.PathLike that is not a folder)."""
    if not isinstance(path, (str, os.PathLike)):
        raise _args.type_error(where, "path", "a file path (str or os.PathLike)", path)
    if pathlib.Path(path).is_dir():
        raise _args.value_error(where, "path", "the path of a file to write, not a folder", os.fspath(path))
    return pathlib.Path(path)


def write_page(path: str | os.PathLike, page: str, *, height: int = DEFAULT_HEIGHT, where: str = "write_page") -> Page:
    """Write the HTML text ``page`` to ``path`` atomically (UTF-8) and return it as a ``Page``.

    ``where`` names the public function writing it, for the error when ``path`` is a folder.
    """
    _args.text("write_page", "page", page)
    written = write_atomic(checked_path(where, path), page.encode("utf-8"))
    return Page(written, page, height=height)
