"""Benchmark 3: bytes per op node, and whether a dropped graph is freed by reference counting alone.

Two graphs, counted honestly, each measured with ``tracemalloc`` (every byte the graph's
construction allocated and still holds, divided by its op nodes):

``ops between Values``  ``x = x*w + b`` with ``w`` and ``b`` existing Values: each op
                        node is one Value, its float, and its tuple of children.
``constant operands``   ``x = x*1.01 + 0.1``: the numbers become leaf Values too (as in
                        micrograd), so each op node also carries the leaf made for its constant.

Both are measured as built and again after ``backward()`` (which gives every node a
gradient float of its own).
"""

from __future__ import annotations

import gc
import tracemalloc
import weakref
from collections.abc import Callable
from dataclasses import dataclass

N_STEPS = 10_000  # each step of the chains below makes two op nodes


@dataclass
class NodeBytes:
    engine: str
    graph: str
    built: float  # bytes per op node as built
    after_backward: float  # bytes per op node once every node holds its gradient


def _traced_bytes(build: Callable[[], object]) -> tuple[object, int]:
    """What ``build()`` returns, and the bytes it allocated that are still held."""
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        result = build()
        # A full collection also empties CPython's free lists (up to 2,000 freed tuples of each
        # size are kept for reuse): what is left is what the result itself holds.
        gc.collect()
        return result, tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()


def bytes_per_op_node(Value: type, graph: str, n_steps: int = N_STEPS) -> tuple[float, float]:
    """Bytes per op node of an ``n_steps`` chain (``graph`` is "between values" or "constants").

    ``Value`` is any class with micrograd's API (stepgrad's or micrograd's). The chain's
    starting Values are created before measuring, so only the op nodes (and, for
    "constants", the leaves made for the numbers) are counted.
    """
    if graph not in ("between values", "constants"):
        raise ValueError(f"bytes_per_op_node: graph must be 'between values' or 'constants', got {graph!r}")
    start, w, b = Value(1.0), Value(1.01), Value(0.1)
    scale, shift = (w, b) if graph == "between values" else (1.01, 0.1)

    def build() -> object:
        x = start
        for _ in range(n_steps):
            x = x * scale + shift
        return x

    root, built = _traced_bytes(build)
    if not hasattr(root, "operation"):  # micrograd: no fresh-gradient bookkeeping, but recursion
        import sys

        sys.setrecursionlimit(max(sys.getrecursionlimit(), 10 * n_steps))
    _, backward_bytes = _traced_bytes(root.backward)
    op_nodes = 2 * n_steps
    return built / op_nodes, (built + backward_bytes) / op_nodes


def freed_without_gc(Value: type, n_steps: int = 1_000) -> tuple[bool, int]:
    """Build and differentiate a chain with the cycle collector off, then drop it.

    Returns whether a weak reference to a node in the middle died at once (reference
    counting alone freed the graph) and how many unreachable objects ``gc.collect()``
    then had to find (0 when no node was part of a reference cycle).
    """
    was_enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        x = Value(1.0)
        middle = None
        for i in range(n_steps):
            x = x * 1.01 + 0.1
            if i == n_steps // 2:
                middle = weakref.ref(x)
        x.backward()
        del x
        freed = middle() is None
        return freed, gc.collect()
    finally:
        if was_enabled:
            gc.enable()


def run(with_micrograd: bool) -> tuple[list[NodeBytes], dict[str, tuple[bool, int]]]:
    from autograd import Value

    engines: dict[str, type] = {"stepgrad": Value}
    if with_micrograd:
        from micrograd.engine import Value as MicrogradValue

        engines["micrograd"] = MicrogradValue
    sizes = [
        NodeBytes(name, graph, *bytes_per_op_node(cls, graph))
        for name, cls in engines.items()
        for graph in ("between values", "constants")
    ]
    return sizes, {name: freed_without_gc(cls) for name, cls in engines.items()}
