"""``Op``: how every operation is defined — a forward rule and its local derivatives, written once.

The built-in operations in ``autograd.ops`` and any operation a user adds are made
the same way::

    softplus = Op(
        "softplus",
        forward=lambda x: math.log1p(math.exp(x)),
        derivatives=lambda x, out: (sigmoid(x),),
    )

``forward`` takes plain floats and returns a float. ``derivatives`` takes the same
inputs plus the output and returns one local derivative d(out)/d(input) per input.
Write the derivatives with arithmetic and with other ops (``sigmoid`` above), never
with ``math`` directly: then the one rule serves both the ordinary backward pass
(called with floats) and ``backward(create_graph=True)`` (called with Values, so the
derivative itself becomes a graph that can be differentiated again).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from itertools import repeat

from autograd._args import got, integer, type_error
from autograd.errors import DomainError
from autograd.grad_mode import is_grad_enabled
from autograd.value import Value, as_float, data_of, is_number, leaf, node


class Op:
    """A primitive operation on scalars.

    ``name``        shown in graphs and error messages ("+", "tanh", ...).
    ``forward``     ``forward(*inputs) -> float`` on plain floats; raises DomainError
                    outside the op's domain.
    ``derivatives`` ``derivatives(*inputs, out) -> tuple`` with d(out)/d(input_i) for each
                    input, written so it works on floats and on Values alike.
    ``domain``      optional ``domain(*inputs) -> bool``: False where the op is undefined
                    (used by hypothesis strategies to generate valid inputs).
    ``arity``       how many operands it takes; None for any number (``weighted_sum``).
                    Read from ``forward``'s signature when not given; a call with another
                    number of operands is a TypeError naming the op.
    ``kinks``       for a one-operand op, the inputs where its slope jumps (relu and abs: 0.0);
                    gradient checks test the subgradient there, strategies keep away from them.
    ``exponent``    for ``x ** n`` with a fixed ``n``: that ``n``; otherwise None.
    ``rules``       optional text of each local derivative, one per operand, for captions:
                    ``{a}``, ``{b}`` (or ``{x}`` for one operand) and ``{out}`` stand for the
                    numbers, e.g. tanh's ``("1 − {out}²",)`` and ``*``'s ``("{b}", "{a}")``.

    Calling an Op on plain numbers returns a number; calling it with at least one
    Value returns a new Value that records the op and its operands.
    """

    __slots__ = ("name", "forward", "derivatives", "domain", "arity", "kinks", "exponent", "rules")

    def __init__(
        self,
        name: str,
        forward: Callable[..., float],
        derivatives: Callable[..., tuple],
        domain: Callable[..., bool] | None = None,
        *,
        arity: int | str | None = "from forward",
        kinks: tuple[float, ...] = (),
        exponent: float | None = None,
        rules: tuple[str, ...] | None = None,
    ) -> None:
        if not isinstance(name, str) or not name:
            raise type_error("Op", "name", "a non-empty str", name)
        for role, rule in (("forward", forward), ("derivatives", derivatives)):
            if not callable(rule):
                raise type_error(f"Op {name!r}", role, "a callable", rule)
        if arity is not None and arity != "from forward":
            arity = integer(f"Op {name!r}", "arity", arity, minimum=0)
        self.name = name
        self.forward = forward
        self.derivatives = derivatives
        self.domain = domain
        self.arity = _arity_of(name, forward) if arity == "from forward" else arity
        self.kinks = tuple(kinks)
        self.exponent = exponent
        self.rules = None if rules is None else tuple(rules)
        if self.rules is not None and self.arity is not None and len(self.rules) != self.arity:
            raise ValueError(f"Op {name!r}: rules must give one text per operand ({self.arity}), got {len(self.rules)}")

    def __repr__(self) -> str:
        return f"Op({self.name!r})"

    def __call__(self, *operands: Value | float) -> Value | float:
        for x in operands:
            if isinstance(x, Value):
                return self.apply(*operands)
        # all plain numbers: a plain number back, checked as a Value's result would be
        if self.arity is not None and len(operands) != self.arity:
            raise _count_error(self, operands)
        out = self.forward(*operands)
        if type(out) is not float or out != out or any(x != x for x in operands):
            out = _checked_result(self, out, operands)
        return out

    def apply(self, *operands: Value | float) -> Value:
        """Compute the op on ``operands`` (Values or numbers) and return the result as a Value.

        Numbers become leaf Values, so every operand is a node of the graph (as in micrograd).
        Under ``no_grad`` the result is a leaf: no operands are recorded.
        """
        # optimisation: map() runs these loops in C; a neuron's weighted sum has dozens of operands
        if not all(map(isinstance, operands, repeat(Value))):
            operands = tuple([x if isinstance(x, Value) else leaf(as_float(x, self.name, "operand")) for x in operands])
        if self.arity is not None and len(operands) != self.arity:  # guard: e.g. softplus(x, y)
            raise _count_error(self, operands)
        out = self.forward(*[x.data for x in operands])
        if type(out) is not float or out != out:  # guard: an int, a NaN, or no number at all
            out = _checked_result(self, out, [x.data for x in operands])
        return node(out, operands, self) if is_grad_enabled() else leaf(out)


def _arity_of(name: str, forward: Callable[..., float]) -> int | None:
    """How many operands ``forward`` takes: its positional parameters, or None when it takes ``*args``.

    None too for a builtin without a signature (``math.hypot``): then ``forward`` itself decides.
    """
    try:
        parameters = inspect.signature(forward).parameters.values()
    except (TypeError, ValueError):
        return None
    if any(p.kind is p.VAR_POSITIONAL for p in parameters):
        return None
    return sum(p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) and p.default is p.empty for p in parameters)


def apply_unary(op: Op, x: Value) -> Value:
    """``op.apply(x)`` for one Value operand, unrolled: Value's methods (x.tanh(), -x) use it."""
    out = op.forward(x.data)
    if type(out) is not float or out != out:
        out = _checked_result(op, out, (x.data,))
    return node(out, (x,), op) if is_grad_enabled() else leaf(out)


def apply_binary(op: Op, a: Value | float, b: Value | float) -> Value:
    """``op.apply(a, b)`` unrolled for two operands: the operators (+, -, *, /) use it."""
    if not isinstance(a, Value):
        a = leaf(as_float(a, op.name, "operand"))
    if not isinstance(b, Value):
        b = leaf(as_float(b, op.name, "operand"))
    out = op.forward(a.data, b.data)
    if type(out) is not float or out != out:
        out = _checked_result(op, out, (a.data, b.data))
    return node(out, (a, b), op) if is_grad_enabled() else leaf(out)


# ---- guards: what a forward rule returned, when it is not a plain float --------------------------------------------


def _checked_result(op: Op, out: object, numbers: Sequence[float]) -> float:
    """``out`` as a float; a clear error naming ``op`` when it is no number, or NaN."""
    if out is None:
        raise TypeError(f"Op {op.name!r}: forward returned None; it must return a float (is a `return` missing?)")
    if isinstance(out, Value):
        raise TypeError(
            f"Op {op.name!r}: forward returned a Value; forward computes on plain floats "
            "(use math and float arithmetic there: the graph is built by the Op)"
        )
    if not is_number(out):
        raise TypeError(f"Op {op.name!r}: forward must return a float, got {got(out)}")
    if any(x != x for x in numbers):
        raise DomainError(f"{op.name}({_shown_all(numbers)}): an operand is NaN (not a number)")
    if out != out:
        raise DomainError(
            f"{op.name}({_shown_all(numbers)}): the result is undefined here (NaN, as for inf − inf or inf × 0)"
        )
    return as_float(out, f"Op {op.name!r}", "forward's result")  # an int, a numpy number: a float


def _count_error(op: Op, operands: Sequence[object]) -> TypeError:
    """The TypeError for ``op`` called with the wrong number of operands."""
    shown = _shown_all([data_of(x) for x in operands])
    return TypeError(f"Op {op.name!r}: takes {op.arity} operand(s), got {len(operands)}: ({shown})")


def _shown_all(numbers: Sequence[object]) -> str:
    return ", ".join(repr(x) for x in numbers)
