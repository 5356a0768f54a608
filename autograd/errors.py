"""The error raised when an operation gets an input outside its domain."""

from __future__ import annotations


class DomainError(ValueError):
    """An operation got an input outside its domain (log of 0, division by zero, ...)."""


def domain_error(op: str, expected: str, *operands: float) -> DomainError:
    """Build the error for ``op`` applied to ``operands``, saying what was ``expected``."""
    shown = ", ".join(repr(x) for x in operands)
    return DomainError(f"{op}({shown}): {expected}")
