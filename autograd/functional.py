"""``grad`` and ``value_and_grad``: derivatives of ordinary Python functions, as in HIPS autograd and JAX.

``grad(f)`` is a new function that returns df/dx instead of f(x). It never touches the
``.grad`` of any Value, so ``grad(grad(f))`` gives second derivatives, and so on.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any

from autograd.backward import gradients
from autograd.grad_mode import enable_grad
from autograd.value import Value, as_float

# How many grad calls are differentiating right now in this thread (between entering f and returning).
_running: ContextVar[int] = ContextVar("stepgrad_grad_calls_running", default=0)


@contextlib.contextmanager
def _differentiating() -> Iterator[None]:
    """Count one more running grad call, and record the graph even inside ``no_grad`` (as torch.func.grad)."""
    token = _running.set(_running.get() + 1)
    try:
        with enable_grad():
            yield
    finally:
        _running.reset(token)


def _argnums_tuple(argnums: int | tuple[int, ...]) -> tuple[int, ...]:
    if isinstance(argnums, int) and not isinstance(argnums, bool):
        return (argnums,)
    if isinstance(argnums, tuple) and argnums and all(isinstance(i, int) and not isinstance(i, bool) for i in argnums):
        return argnums
    raise TypeError(f"grad: argnums must be an int or a non-empty tuple of ints, got {argnums!r}")


def value_and_grad(f: Callable[..., Any], argnums: int | tuple[int, ...] = 0) -> Callable[..., tuple[Any, Any]]:
    """Return a function computing ``(f(*args), df/d args[argnums])``.

    ``f`` takes numbers and returns a scalar (a Value or a number), built with Value
    arithmetic and ``autograd.ops``. With an int ``argnums`` the gradient is one number;
    with a tuple, a tuple of numbers. An argument that ``f`` does not depend on has
    gradient 0.0. When called on Values (inside another ``grad``), the results are Values,
    so derivatives compose to any order.
    """
    positions = _argnums_tuple(argnums)

    def value_and_grad_f(*args: Any) -> tuple[Any, Any]:
        for i in positions:
            if not -len(args) <= i < len(args):
                raise IndexError(f"grad: argnums {i} is out of range for {len(args)} positional argument(s)")
        if len({i % len(args) for i in positions}) < len(positions):
            raise ValueError(f"grad: argnums {argnums!r} names the same argument twice")
        args = list(args)
        # Inside an outer grad (its f is running, so our result may depend on its variables, as
        # arguments or through a closure) build a graph (create_graph) the outer grad can differentiate.
        nested = _running.get() > 0 or any(isinstance(args[i], Value) for i in positions)
        inputs = [
            args[i] if isinstance(args[i], Value) else Value(as_float(args[i], "grad", f"argument {i}"))
            for i in positions
        ]
        for i, x in zip(positions, inputs):
            args[i] = x
        with _differentiating():
            result = f(*args)
            if isinstance(result, Value):
                grads = gradients(result, inputs, create_graph=nested)
                value = result if nested else result.data
            elif isinstance(result, (int, float)) and not isinstance(result, bool):
                grads, value = [0.0] * len(inputs), result  # a constant: its slope is 0 everywhere
            else:
                raise TypeError(
                    f"grad: the function must return a scalar (a Value or a number), got {type(result).__name__}"
                )
        return value, (grads[0] if isinstance(argnums, int) else tuple(grads))

    return value_and_grad_f


def grad(f: Callable[..., Any], argnums: int | tuple[int, ...] = 0) -> Callable[..., Any]:
    """Return a function computing the gradient of ``f`` with respect to ``args[argnums]``.

    >>> from autograd import grad
    >>> grad(lambda x: x ** 3)(2.0)
    12.0
    >>> grad(grad(lambda x: x ** 3))(2.0)
    12.0
    """
    value_and_grad_f = value_and_grad(f, argnums)

    def grad_f(*args: Any) -> Any:
        return value_and_grad_f(*args)[1]

    return grad_f
