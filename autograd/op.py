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
from collections.abc import Callable
from itertools import repeat
from operator import attrgetter

from autograd import grad_mode
from autograd.value import Value, as_float

_data = attrgetter("data")  # value.data, as a C-level function for map()


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
                    Read from ``forward``'s signature when not given.
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
            raise TypeError(f"Op: name must be a non-empty string, got {name!r}")
        if not callable(forward) or not callable(derivatives):
            raise TypeError(f"Op {name!r}: forward and derivatives must be callables")
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
        return self.forward(*operands)

    def apply(self, *operands: Value | float) -> Value:
        """Compute the op on ``operands`` (Values or numbers) and return the result as a Value.

        Numbers become leaf Values, so every operand is a node of the graph (as in micrograd).
        Under ``no_grad`` the result is a leaf: no operands are recorded.
        """
        # map() runs these loops in C: a neuron's weighted sum has dozens of operands
        if not all(map(isinstance, operands, repeat(Value))):
            operands = tuple([x if isinstance(x, Value) else Value(as_float(x, self.name)) for x in operands])
        out = self.forward(*map(_data, operands))
        return Value(out, "", operands, self) if grad_mode._enabled else Value(out)


def _arity_of(name: str, forward: Callable[..., float]) -> int | None:
    """How many operands ``forward`` takes: its positional parameters, or None when it takes ``*args``."""
    try:
        parameters = inspect.signature(forward).parameters.values()
    except (TypeError, ValueError):  # some builtins (math.tanh on older Pythons) have no signature
        return 1
    if any(p.kind is p.VAR_POSITIONAL for p in parameters):
        return None
    return sum(p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) and p.default is p.empty for p in parameters)


def apply_unary(op: Op, x: Value) -> Value:
    """``op.apply(x)`` for one Value operand, unrolled: Value's methods (x.tanh(), -x) use it."""
    out = op.forward(x.data)
    return Value(out, "", (x,), op) if grad_mode._enabled else Value(out)


def apply_binary(op: Op, a: Value | float, b: Value | float) -> Value:
    """``op.apply(a, b)`` unrolled for two operands: the operators (+, -, *, /) use it."""
    if not isinstance(a, Value):
        a = Value(as_float(a, op.name))
    if not isinstance(b, Value):
        b = Value(as_float(b, op.name))
    out = op.forward(a.data, b.data)
    return Value(out, "", (a, b), op) if grad_mode._enabled else Value(out)
