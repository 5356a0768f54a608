"""One grammar for bad input: every public function checks its arguments with these helpers.

The rule: ``TypeError`` for the wrong kind of thing, ``ValueError`` for a bad value of the
right kind. The wording: ``"<function>: <parameter> must be <what>, got <what it was>"``.
This module imports nothing of the engine, so every layer (engine, viz, checks, nn, cli)
can use it.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable
from typing import Any


def shown(value: object, limit: int = 80) -> str:
    """``repr(value)``, cut to ``limit`` characters so a huge argument cannot flood a message."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def got(value: object) -> str:
    """How a message names what it got: its type and (short) repr, e.g. ``str 'a'``."""
    return f"{type(value).__name__} {shown(value)}"


def type_error(where: str, name: str, expected: str, value: object) -> TypeError:
    """The TypeError ``"<where>: <name> must be <expected>, got <type> <value>"``."""
    return TypeError(f"{where}: {name} must be {expected}, got {got(value)}")


def value_error(where: str, name: str, expected: str, value: object) -> ValueError:
    """The ValueError ``"<where>: <name> must be <expected>, got <value>"``."""
    return ValueError(f"{where}: {name} must be {expected}, got {shown(value)}")


def is_real(value: object) -> bool:
    """True for real numbers (int, float, numpy scalars); False for bool-like strings, Values, complex."""
    return isinstance(value, numbers.Real) and not hasattr(value, "children")


def integer(where: str, name: str, value: object, *, minimum: int | None = None) -> int:
    """``value`` as an int (bool refused), at least ``minimum`` when given."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise type_error(where, name, "an int", value)
    value = int(value)
    if minimum is not None and value < minimum:
        expected = "a positive int" if minimum == 1 else f"an int >= {minimum}"
        raise value_error(where, name, expected, value)
    return value


def real(
    where: str,
    name: str,
    value: object,
    *,
    finite: bool = True,
    positive: bool = False,
    non_negative: bool = False,
) -> float:
    """``value`` as a float: a real number (not bool), finite unless ``finite=False``, > 0 or >= 0 if asked."""
    if isinstance(value, bool) or not is_real(value):
        raise type_error(where, name, "a real number", value)
    number = float(value)
    if math.isnan(number):
        raise value_error(where, name, "a number, not NaN", value)
    if finite and math.isinf(number):
        raise value_error(where, name, "a finite number", value)
    if positive and not number > 0:
        raise value_error(where, name, "> 0", value)
    if non_negative and not number >= 0:
        raise value_error(where, name, ">= 0", value)
    return number


def choice(where: str, name: str, value: object, choices: Iterable[Any]) -> Any:
    """``value`` if it is one of ``choices`` (compared by equality); a ValueError listing them otherwise."""
    options = tuple(choices)
    if isinstance(value, str) and value in options:
        return value
    if not isinstance(value, str) and all(isinstance(option, str) for option in options):
        raise type_error(where, name, "one of " + ", ".join(map(repr, options)), value)
    if value not in options:
        raise value_error(where, name, "one of " + ", ".join(map(repr, options)), value)
    return value


def text(where: str, name: str, value: object, *, empty: bool = True) -> str:
    """``value`` if it is a str (non-empty unless ``empty=True``)."""
    if not isinstance(value, str):
        raise type_error(where, name, "a str", value)
    if not empty and not value:
        raise value_error(where, name, "a non-empty str", value)
    return value
