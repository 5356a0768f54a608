"""The numbers inside Values: what nn reads out of "a Value or a number" and out of a model's output.

``number`` stands in for the engine's own helper for "a Value or a number" until that lands
in ``autograd``; then this module uses it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from autograd import Value


def number(x: Value | float) -> float:
    """``x.data`` for a Value, ``x`` itself for a number."""
    return x.data if isinstance(x, Value) else x


def plain(output: Any) -> Any:
    """A model's output as numbers: a float for one Value, a list of floats for a list of Values."""
    if isinstance(output, Value):
        return output.data
    if isinstance(output, Sequence) and not isinstance(output, str):
        return [number(value) for value in output]
    return output
