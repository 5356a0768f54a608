"""The neuron of lessons 8, 10 and 11, built by hand from Values: o = tanh(x1·w1 + x2·w2 + b).

The numbers are those of Andrej Karpathy's micrograd lecture (b is chosen so that o = √2/2),
so the pictures can be checked against the lecture's.
"""

from __future__ import annotations

from dataclasses import dataclass

from autograd import Value


@dataclass(frozen=True)
class HandNeuron:
    """The leaves and the output of one neuron's graph."""

    x1: Value
    x2: Value
    w1: Value
    w2: Value
    b: Value
    o: Value

    @property
    def parameters(self) -> list[Value]:
        """What training changes: the weights and the bias."""
        return [self.w1, self.w2, self.b]


def hand_neuron() -> HandNeuron:
    """Build o = tanh(x1·w1 + x2·w2 + b) with every intermediate Value labelled."""
    x1, x2 = Value(2.0, label="x1"), Value(0.0, label="x2")
    w1, w2 = Value(-3.0, label="w1"), Value(1.0, label="w2")
    b = Value(6.8813735870195432, label="b")
    x1w1 = x1 * w1
    x1w1.label = "x1·w1"
    x2w2 = x2 * w2
    x2w2.label = "x2·w2"
    weighted = x1w1 + x2w2
    weighted.label = "x1·w1 + x2·w2"
    n = weighted + b
    n.label = "n"
    o = n.tanh()
    o.label = "o"
    return HandNeuron(x1, x2, w1, w2, b, o)
