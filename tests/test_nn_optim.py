"""Optimizers and learning-rate schedules: the update rules, step by step, against hand arithmetic."""

import math

import pytest

import nn
from autograd import Value


def test_sgd_is_micrograds_update():
    p = Value(1.0)
    p.grad = 0.5
    optimizer = nn.SGD([p], lr=0.1)
    optimizer.step()
    assert p.data == pytest.approx(1.0 - 0.1 * 0.5)
    optimizer.zero_grad()
    assert p.grad == 0.0


def test_sgd_momentum_and_weight_decay():
    p = Value(2.0)
    optimizer = nn.SGD([p], lr=0.1, momentum=0.9, weight_decay=0.01)
    velocity, data = 0.0, 2.0
    for grad in (1.0, -0.5, 0.25):
        p.grad = grad
        optimizer.step()
        velocity = 0.9 * velocity + grad + 0.01 * data
        data -= 0.1 * velocity
        assert p.data == pytest.approx(data)


def test_adam_first_step_moves_each_parameter_by_about_lr():
    params = [Value(1.0), Value(1.0)]
    params[0].grad, params[1].grad = 1000.0, 0.001
    nn.Adam(params, lr=0.01).step()
    assert params[0].data == pytest.approx(0.99) and params[1].data == pytest.approx(0.99, abs=1e-4)


def test_adam_minimizes_a_quadratic():
    x = Value(5.0)
    optimizer = nn.Adam([x], lr=0.1)
    for _ in range(300):
        optimizer.zero_grad()
        loss = (x - 3.0) ** 2
        loss.backward()
        optimizer.step()
    assert x.data == pytest.approx(3.0, abs=1e-2)


def test_schedules():
    assert [nn.constant(0.1)(k) for k in (0, 50)] == [0.1, 0.1]
    assert [nn.step_decay(1.0, 10, 0.5)(k) for k in (0, 9, 10, 25)] == [1.0, 1.0, 0.5, 0.25]
    demo = nn.linear_decay(1.0, 0.1, 100)
    assert [demo(k) for k in range(100)] == pytest.approx([1.0 - 0.9 * k / 100 for k in range(100)])  # micrograd
    assert demo(100) == pytest.approx(0.1) and demo(500) == pytest.approx(0.1)
    assert repr(demo) == "linear_decay(1.0, 0.1, 100)"


def test_optimizer_follows_its_schedule_or_any_callable():
    p = Value(0.0)
    optimizer = nn.SGD([p], lr=lambda step: 1.0 / (step + 1))
    rates = []
    for _ in range(3):
        rates.append(optimizer.lr)
        p.grad = 1.0
        optimizer.step()
    assert rates == [1.0, 0.5, 1 / 3] and p.data == pytest.approx(-(1 + 0.5 + 1 / 3))


def test_bad_arguments_are_clear_errors():
    with pytest.raises(ValueError, match="SGD: got no parameters"):
        nn.SGD([], 0.1)
    with pytest.raises(ValueError, match=r"SGD: momentum must be in \[0, 1\), got 1"):
        nn.SGD([Value(0.0)], 0.1, momentum=1)
    with pytest.raises(ValueError, match="linear_decay: steps must be a positive int"):
        nn.linear_decay(1.0, 0.1, 0)
    with pytest.raises(ValueError, match="constant: lr must be a number, not NaN, got nan"):
        nn.constant(math.nan)
    bad = nn.SGD([Value(0.0)], lr=lambda step: -1.0)
    with pytest.raises(ValueError, match=r"SGD: the schedule.s lr at step 0 must be >= 0, got -1\.0"):
        bad.step()


def test_a_parameter_listed_twice_moves_once():
    v = Value(1.0)
    v.grad = 1.0
    optimizer = nn.SGD([v, v], lr=0.1)
    optimizer.step()
    assert v.data == pytest.approx(0.9) and optimizer.params == [v]
    w = Value(1.0)
    w.grad = 1.0
    nn.Adam([w, v, w], lr=0.1).step()
    assert w.data == pytest.approx(0.9)  # Adam's first step is lr in each parameter, once


def test_adam_refuses_eps_zero_and_bad_kinds():
    with pytest.raises(ValueError, match=r"Adam: eps must be > 0, got 0"):
        nn.Adam([Value(0.0)], eps=0)
    with pytest.raises(TypeError, match=r"Adam: betas must be a pair \(beta1, beta2\), got str"):
        nn.Adam([Value(0.0)], betas="no")
    with pytest.raises(TypeError, match=r"SGD: every parameter must be a Value, got float 1\.5"):
        nn.SGD([1.5], lr=0.1)
    with pytest.raises(TypeError, match=r"SGD: momentum must be a real number, got str"):
        nn.SGD([Value(0.0)], lr=0.1, momentum="0.9")


@pytest.mark.parametrize("make", [lambda ps: nn.SGD(ps, 0.1, momentum=0.5, weight_decay=0.01), lambda ps: nn.Adam(ps)])
def test_a_step_after_create_graph_uses_the_gradient_number(make):
    w = Value(3.0)
    (w * w).backward(create_graph=True)  # w.grad is the Value 2w, with a graph of its own
    assert isinstance(w.grad, Value)
    plain = Value(3.0)
    plain.grad = 6.0
    make([w]).step()
    make([plain]).step()
    assert type(w.data) is float and w.data == plain.data
