"""Initial weights: seeded and reproducible, never from the global ``random`` state.

``uniform``  uniform(-1, 1), micrograd's choice.
``xavier``   uniform(-a, a) with a = sqrt(6 / (fan_in + fan_out)) (Glorot): suits tanh/sigmoid.
``he``       normal(0, sqrt(2 / fan_in)) (Kaiming): suits relu.
Biases start at 0.
"""

from __future__ import annotations

import math
import random

from autograd import _args

INITS = ("uniform", "xavier", "he")


def make_rng(seed: int | None = None, rng: random.Random | None = None, where: str = "make_rng") -> random.Random:
    """The random generator to draw from: ``rng`` itself, or a new one seeded with ``seed`` (0 if neither)."""
    if rng is not None:
        if seed is not None:
            raise ValueError(f"{where}: pass either seed= or rng=, not both (got seed={seed!r} and an rng)")
        if not isinstance(rng, random.Random):
            raise _args.type_error(where, "rng", "a random.Random", rng)
        return rng
    return random.Random(_args.integer(where, "seed", 0 if seed is None else seed))


def initial_weight(init: str, fan_in: int, fan_out: int, rng: random.Random) -> float:
    """One initial weight for a neuron with ``fan_in`` inputs in a layer of ``fan_out`` neurons."""
    if init == "uniform":
        return rng.uniform(-1.0, 1.0)
    if init == "xavier":
        bound = math.sqrt(6.0 / (fan_in + fan_out))
        return rng.uniform(-bound, bound)
    if init == "he":
        return rng.gauss(0.0, math.sqrt(2.0 / fan_in))
    raise _args.value_error("initial_weight", "init", "one of " + ", ".join(map(repr, INITS)), init)
