"""Choosing a built-in by name or passing your own callable: how activations and losses are looked up.

``lookup(ACTIVATIONS, "relu", ...)`` gives the registered function; any callable is returned as
is, so ``activation=my_function`` works wherever ``activation="relu"`` does.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

Function = TypeVar("Function", bound=Callable)


def lookup(registry: Mapping[str, Function], choice: str | Function, *, what: str, callable_form: str) -> Function:
    """``registry[choice]`` for a name, ``choice`` itself for a callable.

    An unknown name raises ValueError listing the names; anything else raises TypeError. Both
    messages start with ``what`` (e.g. "loss") and describe a custom callable as ``callable_form``.
    """
    if isinstance(choice, str):
        if choice not in registry:
            raise ValueError(
                f"{what}: unknown name {choice!r}; expected one of {', '.join(registry)} or {callable_form}"
            )
        return registry[choice]
    if callable(choice):
        return choice
    raise TypeError(f"{what}: expected a name or {callable_form}, got {type(choice).__name__}")
