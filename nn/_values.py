"""A model's output as plain numbers: what ``predict``, the metrics and ``fit``'s records keep."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from autograd import Value
from autograd.value import data_of


def plain(output: Any) -> Any:
    """A float for one Value, a list of floats for a list of Values (numbers stay as they are)."""
    if isinstance(output, Value):
        return output.data
    if isinstance(output, Sequence) and not isinstance(output, str):
        return [data_of(value) for value in output]
    return output
