"""The error raised when an operation is undefined at its inputs, and which exceptions mean "undefined here"."""

from __future__ import annotations


class DomainError(ValueError):
    """An operation got an input outside its domain (log of 0, division by zero, inf − inf, ...).

    ``value``: for a gradient that is undefined, the Value whose gradient it is; otherwise None.
    """

    value: object = None


# What a forward or derivative rule raises where it is undefined: ArithmeticError (ZeroDivisionError,
# OverflowError), ValueError (math's "math domain error", and DomainError, which is a ValueError).
UNDEFINED = (ArithmeticError, ValueError)


def domain_error(op: str, expected: str, *operands: float) -> DomainError:
    """Build the error for ``op`` applied to ``operands``, saying what was ``expected``."""
    shown = ", ".join(repr(x) for x in operands)
    return DomainError(f"{op}({shown}): {expected}")
