"""The properties the speed and memory rest on, locked in without timing anything.

- no reference cycle per node: a dropped graph (every op, higher-order gradients, an nn
  model) is freed by reference counting alone, with the cycle collector off;
- at most 200 bytes per op node, measured with tracemalloc exactly as ``benchmarks.memory`` does;
- the backward pass pauses the cycle collector and always restores it;
- ``ops.weighted_sum``, the fused node behind every neuron, has the derivatives of b + Σ wᵢxᵢ
  and is what ``nn`` builds.
(The million-node chain is in tests/test_backward.py.)
"""

from __future__ import annotations

import gc
import importlib.util
import weakref

import pytest

import nn
from autograd import DomainError, Op, Value, backward_steps, gradcheck, gradgradcheck, gradients, ops, topological_order
from benchmarks.memory import bytes_per_op_node


@pytest.fixture
def collector_off():
    """Run the test with the cycle collector disabled (after a collection), then restore it."""
    was_enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    yield
    if was_enabled:
        gc.enable()


def every_op(x: Value, y: Value) -> Value:
    """One expression that uses every built-in op, each operand a Value or a constant."""
    terms = [
        x + y,
        x - 2.0,
        3.0 * y,
        x / y,
        -x,
        abs(y),
        x**3,
        y**x,
        x.exp(),
        y.log(),
        y.sqrt(),
        x.tanh(),
        x.sigmoid(),
        x.sin(),
        y.cos(),
        x.relu(),
        ops.weighted_sum(x, y, y, x, 0.5),
    ]
    return sum(terms)


def test_a_graph_of_every_op_is_freed_by_reference_counting_alone(collector_off):
    x, y = Value(0.7, "x"), Value(1.3, "y")
    root = every_op(x, y)
    root.backward()
    watched = [weakref.ref(node) for node in topological_order(root) if node not in (x, y)]
    del root
    assert all(ref() is None for ref in watched)
    assert gc.collect() == 0  # nothing was left for the cycle collector to find


def test_graphs_of_higher_order_gradients_are_freed_by_reference_counting_alone(collector_off):
    x, y = Value(0.7, "x"), Value(1.3, "y")
    dx, dy = gradients(every_op(x, y), [x, y], create_graph=True)  # gradients with graphs of their own
    dxx, dxy = gradients(dx + dy, [x, y], create_graph=True)  # and their gradients, one order up
    watched = [weakref.ref(node) for node in topological_order(dxx * dxy) if node is not x and node is not y]
    del dx, dy, dxx, dxy
    assert all(ref() is None for ref in watched)
    assert gc.collect() == 0


def test_a_training_step_of_an_nn_model_leaves_no_cyclic_garbage(collector_off):
    model = nn.MLP(2, [4, 4, 1], seed=0)
    X, y = nn.make_moons(n_samples=8, seed=0, labels=(-1, 1))
    loss = nn.hinge([model(x) for x in X], y) + nn.l2(model.parameters(), 1e-4)
    optimizer = nn.SGD(model.parameters(), lr=0.1)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    watched = weakref.ref(loss.children[0])
    del loss
    assert watched() is None
    assert gc.collect() == 0


def test_an_op_node_between_values_takes_at_most_200_bytes():
    # Measured as the benchmark measures it: a chain x = x*w + b of existing Values, after backward.
    _, after_backward = bytes_per_op_node(Value, "between values", n_steps=2_000)
    assert after_backward <= 200


@pytest.mark.skipif(importlib.util.find_spec("micrograd") is None, reason="micrograd is not installed")
def test_the_byte_count_tells_engines_apart():
    # The same measurement of micrograd's nodes (a dict, a set and a closure each) is far above the bound.
    from micrograd.engine import Value as MicrogradValue

    _, after_backward = bytes_per_op_node(MicrogradValue, "between values", n_steps=200)
    assert after_backward > 400


@pytest.mark.parametrize("enabled", [True, False])
def test_backward_restores_the_cycle_collector_as_it_found_it(enabled):
    was_enabled = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        x = Value(2.0)
        (x * x).backward()
        assert gc.isenabled() is enabled
        backward_steps(x * x)
        assert gc.isenabled() is enabled
        with pytest.raises(DomainError):
            Value(0.0).sqrt().backward()  # sqrt'(0) = 0.5/0 does not exist
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was_enabled else gc.disable)()


def test_backward_pauses_the_cycle_collector_while_it_runs():
    seen = []
    probe = Op("probe", forward=lambda a: a, derivatives=lambda a, out: (seen.append(gc.isenabled()) or 1.0,))
    probe(Value(1.0)).backward()
    assert seen == [False]
    assert gc.isenabled()


# ---- the fused weighted sum -----------------------------------------------------------------------------------------


def test_weighted_sum_computes_b_plus_the_dot_product():
    assert ops.weighted_sum(2.0, -3.0, 0.5, 4.0) == 2.0 * 0.5 + -3.0 * 4.0
    assert ops.weighted_sum(2.0, -3.0, 0.5, 4.0, 10.0) == 10.0 + 2.0 * 0.5 + -3.0 * 4.0
    assert ops.weighted_sum(Value(2.0), 0.5).data == 1.0


def test_weighted_sum_derivatives_are_the_other_factor_and_one_for_the_bias():
    w0, w1, x0, x1, b = (Value(v) for v in (2.0, -3.0, 0.5, 4.0, 10.0))
    out = ops.weighted_sum(w0, w1, x0, x1, b)
    assert gradients(out, [w0, w1, x0, x1, b]) == [0.5, 4.0, 2.0, -3.0, 1.0]
    assert [step.index for step in backward_steps(out)] == [0, 1, 2, 3, 4]


def test_weighted_sum_agrees_with_finite_differences_to_second_order():
    def f(w0, w1, x0, x1, b):
        return ops.weighted_sum(w0, w1, x0, x1, b) * ops.weighted_sum(w0, x1)  # products make curvature

    inputs = [0.3, -1.2, 0.8, 2.0, -0.4]
    assert gradcheck(f, inputs)
    assert gradgradcheck(f, inputs)


def test_an_nn_neuron_is_one_weighted_sum_node():
    neuron = nn.Neuron(3, "tanh", seed=0)
    out = neuron([1.0, 2.0, 3.0])
    (total,) = out.children
    assert total.operation is ops.weighted_sum
    assert total.children[:3] == tuple(neuron.w) and total.children[-1] is neuron.b
    expected = sum((w.data * x for w, x in zip(neuron.w, [1.0, 2.0, 3.0])), neuron.b.data)
    assert total.data == pytest.approx(expected, rel=1e-12)


# ---- weighted_sum_of: which operand is which, lengths checked ------------------------------------------------------


def test_weighted_sum_of_refuses_mismatched_lengths():
    w = [Value(1.0), Value(2.0)]
    with pytest.raises(ValueError, match=r"^weighted_sum_of: .*got 2 weight\(s\) and 3 input\(s\)"):
        ops.weighted_sum_of(w, [1.0, 2.0, 3.0])  # the flat op would read the third input as a bias
    with pytest.raises(ValueError, match=r"got 2 weight\(s\) and 1 input\(s\)"):
        ops.weighted_sum_of(w, [1.0], Value(0.5))


def test_weighted_sum_of_is_the_fused_node_with_and_without_bias():
    w0, w1, b = Value(2.0), Value(-3.0), Value(10.0)
    with_bias = ops.weighted_sum_of([w0, w1], [0.5, 4.0], b)
    assert with_bias.operation is ops.weighted_sum and len(with_bias.children) == 5
    assert with_bias.data == 10.0 + 2.0 * 0.5 + -3.0 * 4.0
    with_bias.backward()
    assert (w0.grad, w1.grad, b.grad) == (0.5, 4.0, 1.0)
    assert ops.weighted_sum_of([w0, w1], [0.5, 4.0]).data == 2.0 * 0.5 + -3.0 * 4.0
    assert ops.weighted_sum_of([2.0], [3.0], 1.0) == 7.0 and ops.weighted_sum_of([], []) == 0.0
