"""Gradient checks: the engine's derivatives against finite differences, an exact oracle, and ``check_op``.

``gradcheck(f, inputs)`` compares every partial derivative d f / d inputs[i] from the
backward pass with a central difference; ``gradgradcheck`` does the same one level up.
When a check fails, the error says which input, both values, both errors and the
tolerance, and ``blame`` names the culprit: the node whose op's local rule disagrees with
a central difference of that op's own ``forward``. At a kink (relu and abs at 0) the
checks test a subgradient; ``exact`` recomputes f and its gradient in exact arithmetic;
``check_op(op)`` tests a new op in every position with hypothesis (loaded only when called).

    common.py     tolerances, the step of a finite difference, f evaluated at any point
    culprit.py    blame and Blame
    finite.py     gradcheck, gradgradcheck, GradcheckError (kinks, fast mode, the oracle's use)
    oracle.py     exact: the exact oracle, with its own table of each op's value and derivatives
    op_property.py  check_op: one call tests an op every way
"""

from autograd.check.culprit import Blame, blame
from autograd.check.finite import GradcheckError, Mismatch, OracleSkippedWarning, gradcheck, gradgradcheck
from autograd.check.op_property import CheckOpError, check_op
from autograd.check.oracle import Exact, exact

# The public classes are shown (in tracebacks and reprs) as autograd.check.<name>, where users import them.
for _public in (Blame, CheckOpError, Exact, GradcheckError, Mismatch, OracleSkippedWarning):
    _public.__module__ = __name__

__all__ = [
    "Blame",
    "CheckOpError",
    "Exact",
    "GradcheckError",
    "Mismatch",
    "OracleSkippedWarning",
    "blame",
    "check_op",
    "exact",
    "gradcheck",
    "gradgradcheck",
]
