"""Choosing a built-in by name or passing your own callable: how activations and losses are looked up.

``lookup(ACTIVATIONS, "relu", ...)`` gives the registered function; any callable is returned as
is, so ``activation=my_function`` works wherever ``activation="relu"`` does.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

from autograd import _args

Function = TypeVar("Function", bound=Callable)


def lookup(
    registry: Mapping[str, Function], choice: str | Function, *, where: str, name: str, callable_form: str
) -> Function:
    """``registry[choice]`` for a name, ``choice`` itself for a callable.

    An unknown name raises ValueError listing the names; anything else raises TypeError, both
    worded "<where>: <name> must be …, got …", with a custom callable described as ``callable_form``.
    """
    if isinstance(choice, str):
        if choice not in registry:
            expected = f"one of {', '.join(map(repr, registry))} or {callable_form}"
            raise _args.value_error(where, name, expected, choice)
        return registry[choice]
    if callable(choice):
        return choice
    raise _args.type_error(where, name, f"a name or {callable_form}", choice)
