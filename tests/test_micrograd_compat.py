"""Code written for micrograd runs on stepgrad; gradients agree with micrograd's (and PyTorch's, when installed)."""

import math
import sys

import pytest

from autograd import Value, gradients

# ---- the lecture's graph traversal, written the way micrograd's lecture writes it ----------------------------------


def trace(root):
    """Nodes and (child, parent) edges, recursing over ``_prev`` as a set, the way the lecture does."""
    nodes, edges = set(), set()

    def build(v):
        if v not in nodes:
            nodes.add(v)
            for child in set(v._prev):
                edges.add((child, v))
                build(child)

    build(root)
    return nodes, edges


def draw_dot(root):
    """The lecture's draw_dot: one record per Value, one small node per op, edges child → op → parent."""
    graphviz = pytest.importorskip("graphviz")
    dot = graphviz.Digraph(format="svg", graph_attr={"rankdir": "LR"})
    nodes, edges = trace(root)
    for n in nodes:
        uid = str(id(n))
        dot.node(name=uid, label=f"{{ {n.label} | data {n.data:.4f} | grad {n.grad:.4f} }}", shape="record")
        if n._op:
            dot.node(name=uid + n._op, label=n._op)
            dot.edge(uid + n._op, uid)
    for n1, n2 in edges:
        dot.edge(str(id(n1)), str(id(n2)) + n2._op)
    return dot


def lecture_expression():
    a = Value(2.0, label="a")
    b = Value(-3.0, label="b")
    c = Value(10.0, label="c")
    e = a * b
    e.label = "e"
    d = e + c
    d.label = "d"
    f = Value(-2.0, label="f")
    L = d * f
    L.label = "L"
    return a, b, c, e, d, f, L


def test_lecture_trace_and_draw_dot_run_on_our_values():
    a, b, c, e, d, f, L = lecture_expression()
    L.backward()
    nodes, edges = trace(L)
    assert nodes == {a, b, c, e, d, f, L}
    assert edges == {(a, e), (b, e), (e, d), (c, d), (d, L), (f, L)}
    source = draw_dot(L).source
    # By hand: L = (a·b + c)·f = -8; dL/dd = f = -2, dL/df = d = 4, dL/da = f·b = 6, dL/db = f·a = -4.
    for label, data, grad in [("L", -8, 1), ("d", 4, -2), ("f", -2, 4), ("e", -6, -2), ("c", 10, -2)]:
        assert f"{{ {label} | data {data:.4f} | grad {grad:.4f} }}" in source
    assert "{ a | data 2.0000 | grad 6.0000 }" in source
    assert "{ b | data -3.0000 | grad -4.0000 }" in source
    assert source.count("->") == 3 + len(edges)  # op → result per op node, plus one edge per (child, parent)


def test_lecture_neuron_gradients():
    x1, x2 = Value(2.0, label="x1"), Value(0.0, label="x2")
    w1, w2 = Value(-3.0, label="w1"), Value(1.0, label="w2")
    b = Value(6.8813735870195432, label="b")
    n = x1 * w1 + x2 * w2 + b
    o = n.tanh()
    o.backward()
    assert o.data == pytest.approx(math.sqrt(0.5), rel=1e-12)
    # do/dn = 1 - o² = 0.5; then each weight gets 0.5·input and each input 0.5·weight
    assert [x1.grad, w1.grad, x2.grad, w2.grad, b.grad] == pytest.approx([-1.5, 1.0, 0.5, 0.0, 0.5], rel=1e-12)


def test_set_of_prev_sees_each_operand_once_while_children_keeps_both():
    a = Value(3.0)
    square = a * a
    assert set(square._prev) == {a}
    assert square.children == (a, a)


def test_micrograd_style_training_step_code_runs():
    # micrograd's demo: zero the grads with an int, step with p.data += -lr * p.grad
    w = Value(0.5)
    for _ in range(3):
        w.grad = 0
        loss = (w * 2.0 - 3.0) ** 2
        loss.backward()
        w.data += -0.1 * w.grad
    assert w.data == pytest.approx(1.5 - (1.5 - 0.5) * 0.2**3)  # the error shrinks by (1 - 0.1·8) per step


# ---- against the micrograd package -------------------------------------------------------------------------------

# Expressions using only what micrograd has (+ - * / ** number, relu), each a function of (a, b).
EXPRESSIONS = {
    "readme": None,  # micrograd's README expression: the micrograd_readme fixture (tests/conftest.py)
    "polynomial": lambda a, b: a * b + b**3 - a / b + 2 * a,
    "relu mix": lambda a, b: (a * b).relu() + (a - b).relu() * a + (b - a).relu(),
    "fan-out": lambda a, b: (a + b) * (a + b) * a - 1 / (b * b + 1),
    "reflected": lambda a, b: 3 - a + 2 / b - 4 * b + (2 + a) ** 2,
}


@pytest.mark.parametrize("name", list(EXPRESSIONS))
@pytest.mark.parametrize(("a0", "b0"), [(-4.0, 2.0), (1.5, -0.5), (0.7, 3.0)])
def test_gradients_agree_with_micrograd(name, a0, b0, micrograd_readme):
    engine = pytest.importorskip("micrograd.engine")
    f = EXPRESSIONS[name] or micrograd_readme
    theirs_a, theirs_b = engine.Value(a0), engine.Value(b0)
    theirs = f(theirs_a, theirs_b)
    theirs.backward()
    ours_a, ours_b = Value(a0), Value(b0)
    ours = f(ours_a, ours_b)
    ours.backward()
    assert ours.data == pytest.approx(theirs.data, rel=1e-12)
    assert [ours_a.grad, ours_b.grad] == pytest.approx([theirs_a.grad, theirs_b.grad], rel=1e-12, abs=1e-12)


def test_micrograd_compounds_on_a_second_backward_and_we_do_not():
    engine = pytest.importorskip("micrograd.engine")
    theirs_x = engine.Value(2.0)
    theirs_z = 3 * theirs_x**2
    theirs_z.backward()
    theirs_first = theirs_x.grad
    theirs_z.backward()
    x = Value(2.0)
    z = 3 * x**2
    z.backward()
    first = x.grad
    z.backward()
    assert theirs_first == first == 12.0
    assert theirs_x.grad == 36.0  # micrograd: the second pass re-adds the first pass's intermediate grads
    assert x.grad == 24.0  # exactly twice


def test_micrograd_hits_the_recursion_limit_on_a_deep_chain_and_we_do_not():
    engine = pytest.importorskip("micrograd.engine")
    theirs = engine.Value(1.0)
    ours_x = ours = Value(1.0)
    for _ in range(sys.getrecursionlimit() + 500):  # micrograd's topological sort recurses once per node
        theirs = theirs + 1.0
        ours = ours + 1.0
    with pytest.raises(RecursionError):
        theirs.backward()
    ours.backward()
    assert ours_x.grad == 1.0


# ---- against PyTorch, when it is installed ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "ours", "torch_rule", "at"),
    [
        ("tanh", Value.tanh, "tanh", 0.7),
        ("sigmoid", Value.sigmoid, "sigmoid", -0.4),
        ("exp", Value.exp, "exp", 0.7),
        ("log", Value.log, "log", 1.7),
        ("sin", Value.sin, "sin", 0.7),
        ("cos", Value.cos, "cos", 0.7),
        ("sqrt", Value.sqrt, "sqrt", 1.7),
    ],
)
def test_first_and_second_derivatives_agree_with_torch(name, ours, torch_rule, at):
    torch = pytest.importorskip("torch")
    t = torch.tensor(at, dtype=torch.float64, requires_grad=True)
    (first,) = torch.autograd.grad(getattr(torch, torch_rule)(t), t, create_graph=True)
    (second,) = torch.autograd.grad(first, t)
    x = Value(at)
    (our_first,) = gradients(ours(x), [x], create_graph=True)
    (our_second,) = gradients(our_first, [x])
    assert our_first.data == pytest.approx(first.item(), rel=1e-12)
    assert our_second == pytest.approx(second.item(), rel=1e-12)
