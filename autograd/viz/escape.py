"""Escaping user text (labels, op names) for Graphviz HTML-like labels and for HTML pages.

Every piece of text a user typed reaches the picture through one of these functions, so a
label such as ``"}<script>`` or ``a|b`` renders as typed and can never change the structure
of the DOT source, the SVG or the player page. Characters no picture can show (control
characters, lone surrogates, the noncharacters U+FFFE/U+FFFF) are written as their Python
escape, e.g. ``\\x01``, ``\\uffff``. Backslashes reach Graphviz doubled, so ``cost\\Net`` is drawn
as typed (Graphviz would expand ``\\N`` to the node's name). One length limit, ``shorten``,
applies to every view: pictures, captions and page titles.
"""

from __future__ import annotations

import html
import json
import re

MAX_LABEL_CHARS = 300  # longer text is cut ("…"): Graphviz refuses HTML labels over 16 KiB
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)
)
_UNSHOWABLE = re.compile(f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\\ud800-\\udfff{_NONCHARACTERS}]")


def printable(text: str) -> str:
    """``text`` with tabs as spaces and unshowable characters as escapes ("\\x01", "\\ud800"); newlines kept."""
    text = str(text).replace("\t", " ")
    return _UNSHOWABLE.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), text)


def shorten(text: str, limit: int = MAX_LABEL_CHARS) -> str:
    """``text`` cut to ``limit`` characters, the last one an ellipsis ("…") when it was longer."""
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def label_text(text: str) -> str:
    """``text`` as the content of a Graphviz HTML-like label: entities escaped, newlines as ``<BR/>``.

    HTML-like labels (``label=<...>``) need only ``& < > "`` escaped; braces, ``|`` and
    quotes have no meaning inside them, and non-ASCII (₹) is written as UTF-8.
    """
    text = shorten(str(text).replace("\r\n", "\n").replace("\r", "\n"))
    lines = printable(text).replace("\\", "\\\\").split("\n")  # Graphviz reads "\\" as one backslash
    return "<BR/>".join(html.escape(line, quote=True) for line in lines)


def html_text(text: str) -> str:
    """``text`` escaped for HTML element content or a quoted attribute value."""
    return html.escape(printable(text), quote=True)


def script_json(data: object) -> str:
    """``data`` as JSON that is safe inside an HTML ``<script>`` element.

    ``<``, ``>`` and ``&`` become ``\\u003c`` etc., so no string in the data can close the
    script element (``</script>``) or open a comment; JSON.parse reads them back unchanged.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
