"""Option types for argparse: each turns the text of one option into a value or says what was expected."""

from __future__ import annotations

import math
from argparse import ArgumentTypeError
from collections.abc import Callable

MAX_LAYER_SIZE = 1_000  # neurons in one layer: a scalar engine in Python trains far smaller ones


def finite_float(text: str) -> float:
    """A finite number (``--lr 0.05``); "nan", "inf" and non-numbers are refused."""
    try:
        number = float(text)
    except ValueError:
        raise ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not math.isfinite(number):
        raise ArgumentTypeError(f"expected a finite number, got {text!r}")
    return number


def positive_float(text: str) -> float:
    """A finite number > 0 (a learning rate)."""
    number = finite_float(text)
    if not number > 0:
        raise ArgumentTypeError(f"expected a number > 0, got {text!r}")
    return number


def int_between(low: int, high: int) -> Callable[[str], int]:
    """The type of an int option from ``low`` to ``high`` (inclusive)."""

    def parse(text: str) -> int:
        try:
            number = int(text)
        except ValueError:
            raise ArgumentTypeError(f"expected a whole number from {low} to {high}, got {text!r}") from None
        if not low <= number <= high:
            raise ArgumentTypeError(f"expected a whole number from {low} to {high}, got {text!r}")
        return number

    parse.__name__ = f"int from {low} to {high}"  # argparse names the type in some messages
    return parse


def layer_sizes(text: str) -> list[int]:
    """``"8,8"`` → ``[8, 8]``: the sizes of the hidden layers (``""``: none)."""
    if not text.strip():
        return []
    sizes = []
    for part in text.split(","):
        try:
            size = int(part)
        except ValueError:
            raise ArgumentTypeError(f"expected layer sizes like 8,8, got {text!r}") from None
        if not 1 <= size <= MAX_LAYER_SIZE:
            raise ArgumentTypeError(f"each layer size must be from 1 to {MAX_LAYER_SIZE}, got {text!r}")
        sizes.append(size)
    return sizes
