"""stepgrad's engine: scalar reverse-mode automatic differentiation.

The public face — everything else (pictures, checks, ``nn``) reads the graph through it::

    Value, Op, DomainError                  the graph and how operations are defined
    no_grad, enable_grad, set_grad_enabled, is_grad_enabled
                                            switch graph recording off (inference) or on, per thread
    topological_order, backward_steps, BackwardStep, gradients
                                            the backward pass, step by step
    grad, value_and_grad                    derivatives of Python functions
    gradcheck, gradgradcheck, GradcheckError, blame, Blame
                                            derivatives checked against finite differences

Importing ``autograd`` loads the engine alone; the tooling names (``grad``, ``gradcheck``, ...)
load their modules the first time they are used.
"""

from __future__ import annotations

import importlib
from typing import Any

from autograd import ops
from autograd.backward import BackwardStep, backward_steps, gradients, topological_order
from autograd.errors import DomainError
from autograd.grad_mode import enable_grad, is_grad_enabled, no_grad, set_grad_enabled
from autograd.op import Op
from autograd.value import Value

# Names from the layers above the engine, loaded on first use (module __getattr__, PEP 562).
_TOOLING = {
    "grad": "autograd.functional",
    "value_and_grad": "autograd.functional",
    "gradcheck": "autograd.check",
    "gradgradcheck": "autograd.check",
    "GradcheckError": "autograd.check",
    "blame": "autograd.check",
    "Blame": "autograd.check",
}


def __getattr__(name: str) -> Any:
    if name in _TOOLING:
        value = getattr(importlib.import_module(_TOOLING[name]), name)
        globals()[name] = value  # later lookups find it directly
        return value
    raise AttributeError(f"module 'autograd' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_TOOLING))


__all__ = [
    "BackwardStep",
    "Blame",
    "DomainError",
    "GradcheckError",
    "Op",
    "Value",
    "backward_steps",
    "blame",
    "enable_grad",
    "grad",
    "gradcheck",
    "gradgradcheck",
    "gradients",
    "is_grad_enabled",
    "no_grad",
    "ops",
    "set_grad_enabled",
    "topological_order",
    "value_and_grad",
]
