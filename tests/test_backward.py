"""The backward pass: order, accumulation, zero_grad, backward steps, failure safety, higher-order derivatives."""

import gc
import json
import math
import os
import subprocess
import sys
import weakref

import pytest
import sympy as sp

from autograd import DomainError, Value, backward_steps, gradients, topological_order


def reachable(root):
    """Every Value reachable from ``root`` (a plain traversal written here, independent of the engine)."""
    seen, todo = {root}, [root]
    while todo:
        for child in todo.pop().children:
            if child not in seen:
                seen.add(child)
                todo.append(child)
    return seen


@pytest.fixture
def readme_graph(micrograd_readme):
    """micrograd's README expression at a = -4, b = 2; returns (a, b, g)."""
    a, b = Value(-4.0), Value(2.0)
    return a, b, micrograd_readme(a, b)


def test_micrograd_readme_expression(readme_graph):
    a, b, g = readme_graph
    g.backward()
    assert f"{g.data:.4f}" == "24.7041"
    assert f"{a.grad:.4f}" == "138.8338"
    assert f"{b.grad:.4f}" == "645.5773"


# ---- topological order ---------------------------------------------------------------------------------------------


def test_topological_order_of_a_small_graph_by_hand():
    a, b = Value(1.0, "a"), Value(2.0, "b")
    c = a * b
    c.label = "c"
    d = c + a
    d.label = "d"
    # depth-first over children in operand order: d -> c -> a, b; then d's second operand a is already listed
    assert [n.label for n in topological_order(d)] == ["a", "b", "c", "d"]
    assert topological_order(a) == [a]


def test_topological_order_lists_every_reachable_node_once_children_first_root_last(readme_graph):
    _, _, g = readme_graph
    order = topological_order(g)
    assert order[-1] is g
    assert len(order) == len(set(order)) == len(reachable(g))
    position = {node: i for i, node in enumerate(order)}
    for node in order:
        for child in node.children:
            assert position[child] < position[node]


# Builds a labelled graph with plenty of fan-out and prints its order and steps; run here and in fresh processes.
GRAPH_SCRIPT = """
import json
from autograd import Value, backward_steps, topological_order

nodes = [Value(0.5, "x"), Value(-1.5, "y"), Value(2.0, "z")]
makers = [lambda a, b: a * b, lambda a, b: a + b, lambda a, b: a.tanh(), lambda a, b: a - b, lambda a, b: a / (b * b)]
for i in range(60):
    a, b = nodes[(7 * i) % len(nodes)], nodes[(3 * i + 1) % len(nodes)]
    node = makers[i % len(makers)](a, b)
    node.label = f"n{i}"
    for child in node.children:  # b * b inside the division
        if not child.label:
            child.label = f"n{i}.inner"
    nodes.append(node)
root = nodes[-1] * nodes[-2] + nodes[-7]
root.label = "root"
ORDER = [node.label for node in topological_order(root)]
STEPS = [[s.node.label, s.child.label, s.index, s.upstream, s.local, s.contribution, s.total]
         for s in backward_steps(root)]
"""


def _order_and_steps_here():
    namespace = {}
    exec(GRAPH_SCRIPT, namespace)
    return namespace["ORDER"], namespace["STEPS"]


def test_same_graph_gives_the_same_order_and_steps_every_time():
    first = _order_and_steps_here()
    garbage = [Value(float(i)) for i in range(1000)]  # shift memory addresses between the two builds
    second = _order_and_steps_here()
    del garbage
    assert first == second
    assert len(first[0]) > 40 and len(first[1]) > 60


def test_same_graph_gives_the_same_order_and_steps_in_other_processes():
    here = json.loads(json.dumps(_order_and_steps_here()))
    script = GRAPH_SCRIPT + "\nprint(json.dumps([ORDER, STEPS]))\n"
    for hash_seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=hash_seed)
        result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True)
        assert json.loads(result.stdout) == here


def test_a_million_op_chain_goes_backward_without_recursion_error():
    # micrograd's recursive topological sort fails at about 1,000 nodes. The cycle collector is paused while
    # building (a million fresh objects would trigger many full collections) and restored afterwards.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        x = Value(3.0)
        y = x
        for _ in range(1_000_000):
            y = -y
        y.backward()
        assert (y.data, y.grad, x.grad) == (3.0, 1.0, 1.0)  # an even number of negations
        del y
    finally:
        if was_enabled:
            gc.enable()


def test_a_dropped_graph_is_freed_by_reference_counting_alone():
    # No node refers back to the node that made it (no closure per node), so there are no cycles to collect.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        x = Value(0.5)
        hidden = (x * 3.0).tanh()
        root = hidden * hidden + x
        root.backward()
        alive = weakref.ref(hidden)
        del hidden, root
        assert alive() is None
    finally:
        if was_enabled:
            gc.enable()


# ---- accumulation, fan-out, zero_grad -----------------------------------------------------------------------------


def test_backward_twice_gives_exactly_twice_the_gradient():
    # micrograd: y = x², z = 3y at x = 2 gives x.grad 12 and then 36 (it compounds); 12 then 24 is right.
    x = Value(2.0)
    y = x**2
    z = 3 * y
    z.backward()
    assert (x.grad, y.grad, z.grad) == (12.0, 3.0, 1.0)
    z.backward()
    assert (x.grad, y.grad, z.grad) == (24.0, 6.0, 2.0)


def test_backward_twice_doubles_every_node_of_a_larger_graph(readme_graph):
    _, _, g = readme_graph
    order = topological_order(g)
    g.backward()
    once = [node.grad for node in order]
    g.backward()
    assert [node.grad for node in order] == [2 * grad for grad in once]
    assert any(grad not in (0.0, 1.0) for grad in once)


def test_gradients_from_two_outputs_add_up():
    x = Value(3.0)
    (x * x).backward()
    (x * 5.0).backward()
    assert x.grad == 2 * 3.0 + 5.0


def test_backward_on_a_leaf():
    x = Value(4.0)
    x.backward()
    assert x.grad == 1.0
    x.backward()
    assert x.grad == 2.0
    assert backward_steps(x) == []


def test_fan_out_accumulates():
    x = Value(1.5)
    f = x * x + x * 3.0 + x + x.tanh()  # x used five times
    f.backward()
    assert x.grad == pytest.approx(2 * 1.5 + 3.0 + 1.0 + (1 - math.tanh(1.5) ** 2), rel=1e-15)


def test_diamond_accumulates():
    x = Value(2.0)
    a = x * 3.0  # 6
    b = a + a  # 12, da = 2
    c = b * a  # b·a = 72; dc/da = b + a·2 = 24, dc/dx = 24·3 = 72
    c.backward()
    assert (c.data, a.grad, b.grad, x.grad) == (72.0, 24.0, 6.0, 72.0)


def test_zero_grad_resets_every_reachable_node_and_nothing_else(readme_graph):
    a, b, g = readme_graph
    outside = Value(5.0)
    (outside * 2).backward()
    g.backward()
    assert a.grad != 0.0 and b.grad != 0.0
    g.zero_grad()
    assert all(node.grad == 0.0 for node in reachable(g))
    assert outside.grad == 2.0


def test_zero_grad_resets_graph_gradients_too():
    x = Value(2.0)
    y = x**3
    y.backward(create_graph=True)
    assert isinstance(x.grad, Value)
    y.zero_grad()
    assert x.grad == 0.0 and y.grad == 0.0


# ---- backward steps --------------------------------------------------------------------------------------------------


def test_backward_steps_of_a_small_graph_by_hand():
    x, y = Value(2.0, "x"), Value(3.0, "y")
    z = x * y  # 6
    w = z + x  # 8
    x.grad = 7.0  # an earlier gradient must neither show in the steps nor change
    steps = backward_steps(w)
    rows = [(s.node, s.child, s.index, s.upstream, s.local, s.contribution, s.total) for s in steps]
    assert rows == [
        # node w = z + x first (reverse topological order), its edges in operand order
        (w, z, 0, 1.0, 1.0, 1.0, 1.0),
        (w, x, 1, 1.0, 1.0, 1.0, 1.0),
        # then z = x * y: local derivatives y and x; x's running total 1 + 3
        (z, x, 0, 1.0, 3.0, 3.0, 4.0),
        (z, y, 1, 1.0, 2.0, 2.0, 2.0),
    ]
    assert [node.grad for node in (x, y, z, w)] == [7.0, 0.0, 0.0, 0.0]


def test_backward_steps_agree_with_backward(readme_graph):
    _, _, g = readme_graph
    steps = backward_steps(g)
    assert all(s.contribution == s.upstream * s.local for s in steps)
    last_total = {}
    for s in steps:
        assert s.total == pytest.approx(last_total.get(s.child, 0.0) + s.contribution)
        last_total[s.child] = s.total
    # the upstream of a node is its finished gradient: every edge into it has been applied before it is visited
    for s in steps:
        if s.node is not g:
            assert s.upstream == last_total[s.node]
    g.backward()
    for node, total in last_total.items():
        assert node.grad == total
    assert sum(len(node.children) for node in topological_order(g)) == len(steps)


# ---- a failing backward pass changes nothing ------------------------------------------------------------------------


def test_grads_are_restored_when_backward_raises_midway():
    x, y = Value(0.0), Value(2.0)
    inner = x * y
    root = (inner + x.sqrt()) * 2.0 + y  # sqrt'(0) fails after root's and inner's edges already ran
    x.grad, y.grad, inner.grad = 5.0, -1.0, 0.25
    before = {node: node.grad for node in reachable(root)}
    with pytest.raises(DomainError, match="sqrt"):
        root.backward()
    assert {node: node.grad for node in reachable(root)} == before
    with pytest.raises(DomainError):
        gradients(root, [x, y])
    assert {node: node.grad for node in reachable(root)} == before


# ---- gradients(): no .grad touched ---------------------------------------------------------------------------------


def test_gradients_returns_derivatives_and_touches_no_grad():
    x, y, unused = Value(2.0), Value(-1.0), Value(9.0)
    f = x * x * y + y
    assert gradients(f, [x, y, unused, f]) == [2 * 2.0 * -1.0, 4.0 + 1.0, 0.0, 1.0]
    assert all(node.grad == 0.0 for node in [*reachable(f), unused])


# ---- higher-order derivatives with create_graph=True ---------------------------------------------------------------


def derivatives_by_engine(f, at, order):
    """[f(at), f'(at), ..., f^(order)(at)] by repeated graph-building differentiation."""
    x = Value(at)
    current = f(x)
    results = [current.data]
    for _ in range(order):
        (current,) = gradients(current, [x], create_graph=True) if isinstance(current, Value) else (0.0,)
        results.append(current.data if isinstance(current, Value) else current)
    return results


def derivatives_by_sympy(expression, symbol, at, order):
    return [float(expression.diff(symbol, k).evalf(subs={symbol: at})) for k in range(order + 1)]


def test_second_derivative_of_cube_by_backward_create_graph():
    x = Value(1.5)
    y = x**3
    y.backward(create_graph=True)
    first = x.grad
    assert isinstance(first, Value) and first.data == 3 * 1.5**2
    x.grad = 0.0
    first.backward()
    assert x.grad == 6 * 1.5


def test_third_and_fourth_derivatives_of_cube():
    assert derivatives_by_engine(lambda x: x**3, 2.0, 4) == [8.0, 12.0, 12.0, 6.0, 0.0]


s = sp.Symbol("s")
UNARY = [
    ("tanh", Value.tanh, sp.tanh(s), 0.7),
    ("exp", Value.exp, sp.exp(s), 0.7),
    ("log", Value.log, sp.log(s), 1.7),
    ("sigmoid", Value.sigmoid, 1 / (1 + sp.exp(-s)), -0.4),
    ("sin", Value.sin, sp.sin(s), 0.7),
    ("cos", Value.cos, sp.cos(s), 0.7),
    ("sqrt", Value.sqrt, sp.sqrt(s), 1.7),
    ("x ** 3.5", lambda x: x**3.5, s**3.5, 1.3),
    ("x ** -1.5", lambda x: x**-1.5, s**-1.5, 1.3),
    ("x ** 4 negative x", lambda x: x**4, s**4, -1.3),
    ("x ** x", lambda x: x**x, s**s, 1.3),
    ("2 ** x", lambda x: 2.0**x, 2**s, 1.3),
    ("2 / x", lambda x: 2.0 / x, 2 / s, 1.3),
    ("x / 3", lambda x: x / 3.0, s / 3, 1.3),
    ("neg", lambda x: -x, -s, 1.3),
    ("abs", abs, -s, -1.3),
    ("relu", Value.relu, s, 1.3),
    ("tanh(sin(x)) * x", lambda x: x.sin().tanh() * x, sp.tanh(sp.sin(s)) * s, 0.9),
]


@pytest.mark.parametrize(("name", "f", "expression", "at"), UNARY, ids=[c[0] for c in UNARY])
def test_first_second_and_third_derivatives_match_sympy(name, f, expression, at):
    engine = derivatives_by_engine(f, at, 3)
    exact = derivatives_by_sympy(expression, s, at, 3)
    assert engine == pytest.approx(exact, rel=1e-10, abs=1e-12)


a_sym, b_sym = sp.symbols("a b")
BINARY = [
    ("a + b", lambda a, b: a + b, a_sym + b_sym),
    ("a - b", lambda a, b: a - b, a_sym - b_sym),
    ("a * b", lambda a, b: a * b, a_sym * b_sym),
    ("a / b", lambda a, b: a / b, a_sym / b_sym),
    ("a ** b", lambda a, b: a**b, a_sym**b_sym),
]


@pytest.mark.parametrize(("name", "f", "expression"), BINARY, ids=[c[0] for c in BINARY])
def test_hessians_of_binary_ops_match_sympy(name, f, expression):
    at = {a_sym: 1.7, b_sym: -0.6}
    a, b = Value(1.7), Value(-0.6)
    first = gradients(f(a, b), [a, b], create_graph=True)
    for grad, wrt in zip(first, (a_sym, b_sym)):
        assert grad.data == pytest.approx(float(expression.diff(wrt).evalf(subs=at)), rel=1e-12)
        second = gradients(grad, [a, b])
        exact = [float(expression.diff(wrt, other).evalf(subs=at)) for other in (a_sym, b_sym)]
        assert second == pytest.approx(exact, rel=1e-12, abs=1e-15)


# ---- the order is the plain recursive depth-first post-order, whatever the shortcuts ---------------------------------


def recursive_order(root):
    """Post-order depth-first search over children in operand order, written recursively (small graphs only)."""
    order, seen = [], set()

    def visit(node):
        seen.add(node)
        for child in node.children:
            if child not in seen:
                visit(child)
        order.append(node)

    visit(root)
    return order


@pytest.mark.parametrize("seed", range(30))
def test_topological_order_is_the_recursive_depth_first_order(seed):
    import random

    rng = random.Random(seed)
    nodes = [Value(rng.uniform(0.5, 2.0)) for _ in range(4)]
    makers = [lambda a, b: a * b, lambda a, b: a + b, lambda a, b: a.tanh(), lambda a, b: a - b * a]
    for _ in range(60):  # shared operands, repeated operands, leaves and deep chains mixed
        a, b = rng.choice(nodes), rng.choice(nodes[-6:])
        nodes.append(rng.choice(makers)(a, b))
    root = sum(rng.sample(nodes, 8))
    assert topological_order(root) == recursive_order(root)


def test_a_pass_keeps_its_gradients_in_its_own_dictionary():
    from autograd.backward import backward_pass

    x = Value(2.0)
    y = x * x + x
    x.grad = 5.0  # never read: the pass starts from its own zeros
    grads = backward_pass(y)
    assert grads[x] == 5.0 and grads[y] == 1.0  # d(x² + x)/dx = 2x + 1
    assert x.grad == 5.0 and y.grad == 0.0
