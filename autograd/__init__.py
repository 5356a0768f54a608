"""stepgrad's engine: scalar reverse-mode automatic differentiation.

The public face — everything else (pictures, checks, ``nn``) reads the graph through it::

    Value, Op, DomainError                  the graph and how operations are defined
    no_grad, enable_grad, set_grad_enabled, is_grad_enabled
                                            switch graph recording off (inference) or on
    topological_order, backward_steps, BackwardStep, gradients
                                            the backward pass, step by step
    grad, value_and_grad                    derivatives of Python functions
    gradcheck, gradgradcheck, GradcheckError, blame, Blame
                                            derivatives checked against finite differences
"""

from autograd import ops
from autograd.backward import BackwardStep, backward_steps, gradients, topological_order
from autograd.check import Blame, GradcheckError, blame, gradcheck, gradgradcheck
from autograd.errors import DomainError
from autograd.functional import grad, value_and_grad
from autograd.grad_mode import enable_grad, is_grad_enabled, no_grad, set_grad_enabled
from autograd.op import Op
from autograd.value import Value

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
