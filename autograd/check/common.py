"""What every check shares: tolerances, the step of a finite difference, and ``f`` evaluated at any point."""

from __future__ import annotations

import inspect
import math
import numbers
from collections.abc import Callable, Sequence

from autograd import _args
from autograd.backward import gradients
from autograd.errors import DomainError
from autograd.grad_mode import is_grad_enabled
from autograd.value import Value

UNDEFINED = (ArithmeticError, ValueError)  # what a forward or derivative rule raises outside its domain


# ---- comparing two numbers ------------------------------------------------------------------


def tolerance(reference: float, atol: float, rtol: float) -> float:
    """How far a derivative may be from ``reference``: ``atol + rtol·|reference|``."""
    return atol + rtol * abs(reference)


def close(analytic: float, numerical: float, atol: float, rtol: float) -> bool:
    return abs(analytic - numerical) <= tolerance(numerical, atol, rtol)


# ---- checking the arguments -----------------------------------------------------------------


def check_settings(where: str, eps: float, atol: float, rtol: float) -> None:
    if not is_grad_enabled():
        raise RuntimeError(f"{where}: called inside no_grad(), where no graph is recorded; call it outside no_grad")
    for name, number in (("eps", eps), ("atol", atol), ("rtol", rtol)):
        _args.real(where, name, number)  # TypeError for a non-number, ValueError for NaN and infinity
        if number < 0 or (name == "eps" and number == 0):
            expected = "positive" if name == "eps" else "non-negative"
            raise ValueError(f"{where}: {name} must be a finite {expected} number, got {number!r}")


def step(where: str, what: str, x: float, eps: float) -> float:
    """The finite-difference step for an input at ``x``: ``eps·max(1, |x|)``, so it is never lost to rounding.

    A step of ``eps`` alone vanishes at large inputs (1e12 + 1e-6 == 1e12). A ValueError says so
    when even the scaled step rounds away (``eps`` below about 1e-13, or 1e-300).
    """
    h = eps * max(1.0, abs(x))
    if not (x + h) - (x - h) >= 1.5 * h:  # rounding ate more than a quarter of the window
        needed = 1e3 * math.ulp(x) / max(1.0, abs(x))
        raise ValueError(
            f"{where}: eps={eps!r} is too small for {what} = {x!r}: x ± eps·max(1, |x|) = x ± {h:.3g} rounds to "
            f"(nearly) x, where floats are {math.ulp(x):.3g} apart; use eps >= {needed:.1g}"
        )
    return h


def _point(inputs: object, where: str) -> list[float]:
    """The inputs as floats; TypeError/ValueError for anything that is not a non-empty list of finite numbers."""
    if isinstance(inputs, (Value, numbers.Number, str, bytes)) or not isinstance(inputs, Sequence):
        raise TypeError(
            f"{where}: inputs must be a list or tuple of numbers or Values (one per argument of f), "
            f"got {type(inputs).__name__} {inputs!r}; for a single input write [{inputs!r}]"
        )
    if not inputs:
        raise ValueError(f"{where}: inputs is empty; give at least one number to differentiate with respect to")
    point = []
    for i, x in enumerate(inputs):
        number = x.data if isinstance(x, Value) else x
        if isinstance(number, bool) or not isinstance(number, numbers.Real):
            raise TypeError(f"{where}: input {i} must be a number or a Value, got {type(x).__name__} {x!r}")
        if not math.isfinite(number):
            raise ValueError(f"{where}: input {i} is {number!r}; derivatives can only be checked at finite numbers")
        point.append(float(number))
    return point


def _labels(f: Callable[..., object], inputs: Sequence[object]) -> list[str]:
    """A name for each input: its Value label, else the name of f's parameter, else ""."""
    try:
        parameters = inspect.signature(f).parameters.values()
    except (TypeError, ValueError):  # some builtins and C functions have no signature
        parameters = []
    positional = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    names = [p.name for p in parameters if p.kind in positional]
    labels = []
    for i, x in enumerate(inputs):
        if isinstance(x, Value) and x.label:
            labels.append(x.label)
        else:
            labels.append(names[i] if i < len(names) else "")
    return labels


class Function:
    """``f`` evaluated on fresh leaves at any point, with the errors turned into clear messages."""

    def __init__(self, f: Callable[..., object], inputs: Sequence[object], where: str) -> None:
        if not callable(f):
            raise TypeError(f"{where}: f must be a function of the inputs, got {type(f).__name__} {f!r}")
        self.f = f
        self.where = where
        self.point = _point(inputs, where)
        self.labels = _labels(f, inputs)

    def name(self, i: int) -> str:
        return f"input {i} {self.labels[i]!r}" if self.labels[i] else f"input {i}"

    def shown(self, point: Sequence[float], limit: int | None = None) -> str:
        """The point as ``x=0.5, y=2.0``; with ``limit``, at most that many inputs, then how many more."""
        shown = [f"{label}={x!r}" if label else repr(x) for label, x in zip(self.labels, point)]
        if limit is not None and len(shown) > limit:
            shown = [*shown[:limit], f"… {len(shown) - limit} more"]
        return ", ".join(shown)

    def steps(self, eps: float) -> list[float]:
        """The finite-difference step of every input (see ``step``)."""
        return [step(self.where, self.name(i), x, eps) for i, x in enumerate(self.point)]

    def _build(self, point: Sequence[float]) -> tuple[list[Value], Value]:
        """f's graph at ``point``: fresh input leaves and the output Value (DomainError if not finite)."""
        leaves = [Value(x, label) for x, label in zip(point, self.labels)]
        out = self.f(*leaves)
        if isinstance(out, numbers.Real) and not isinstance(out, bool):
            out = Value(float(out))  # a constant: every derivative is 0
        if not isinstance(out, Value):
            raise TypeError(
                f"{self.where}: f must return a scalar (one Value or number), got {type(out).__name__} {out!r}"
            )
        if not math.isfinite(out.data):
            raise DomainError(f"f({self.shown(point)}) = {out.data!r} is not finite")
        return leaves, out

    def graph(self) -> tuple[list[Value], Value]:
        """f's graph at the point being checked."""
        try:
            return self._build(self.point)
        except UNDEFINED as error:  # DomainError is a ValueError
            raise DomainError(
                f"{self.where}: f has no derivative at ({self.shown(self.point)}): {error}; move the point"
            ) from error

    def nearby(self, i: int, x: float, h: float) -> tuple[list[Value], Value]:
        """f's graph with input i moved to x, one side of a finite-difference window of half-width h."""
        point = list(self.point)
        point[i] = x
        try:
            return self._build(point)
        except UNDEFINED as error:
            raise DomainError(
                f"{self.where}: f is undefined at {self.name(i)} = {x!r}, inside the finite-difference window "
                f"{self.point[i]!r} ± {h:.3g}: {error}; move the point away from the edge of the domain "
                "(or use a smaller eps)"
            ) from error

    def along(self, shift: Sequence[float]) -> tuple[list[Value], Value]:
        """f's graph at the point moved by ``shift`` (every input at once); DomainError outside f's domain."""
        try:
            return self._build([x + d for x, d in zip(self.point, shift)])
        except UNDEFINED as error:
            raise DomainError(f"{self.where}: f is undefined along the direction: {error}") from error

    def derivatives(self, leaves: list[Value], out: Value, create_graph: bool = False) -> list:
        try:
            return gradients(out, leaves, create_graph=create_graph)
        except DomainError as error:
            shown = self.shown([leaf.data for leaf in leaves])
            raise DomainError(f"{self.where}: at ({shown}) {error}; move the point") from error
