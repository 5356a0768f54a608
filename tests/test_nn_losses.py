"""Losses: values against hand formulas, gradients against calculus, stability, clear errors."""

import math

import pytest

import nn
from autograd import Value


def _values(numbers):
    return [Value(x) for x in numbers]


def _sigmoid(z):
    return 1 / (1 + math.exp(-z))


def test_mse_and_mae_are_means():
    preds = _values([1.0, 2.0, 4.0])
    assert nn.mse(preds, [0.0, 2.0, 1.0]).data == pytest.approx((1 + 0 + 9) / 3)
    assert nn.mae(preds, [0.0, 2.0, 1.0]).data == pytest.approx((1 + 0 + 3) / 3)
    loss = nn.mse(preds, [0.0, 2.0, 1.0])
    loss.backward()
    assert [p.grad for p in preds] == pytest.approx([2 * 1 / 3, 0.0, 2 * 3 / 3])


def test_mse_flattens_multi_output_rows():
    rows = [_values([1.0, 2.0]), _values([0.0, 0.0])]
    assert nn.mse(rows, [[1.0, 0.0], [1.0, 1.0]]).data == pytest.approx((0 + 4 + 1 + 1) / 4)
    with pytest.raises(ValueError, match="mse: sample 0 has prediction"):
        nn.mse(rows, [1.0, 2.0])


def test_hinge_is_micrograds_max_margin_loss():
    scores = _values([2.0, 0.5, -0.5])
    loss = nn.hinge(scores, [1, 1, 1])
    assert loss.data == pytest.approx((0 + 0.5 + 1.5) / 3)
    loss.backward()
    assert [s.grad for s in scores] == pytest.approx([0.0, -1 / 3, -1 / 3])


def test_binary_cross_entropy_matches_the_formula_and_its_gradient():
    for z, y in [(0.7, 1), (-1.3, 1), (2.0, 0), (0.0, 0), (0.0, 1)]:
        logit = Value(z)
        loss = nn.binary_cross_entropy([logit], [y])
        p = _sigmoid(z)
        assert loss.data == pytest.approx(-(y * math.log(p) + (1 - y) * math.log(1 - p)))
        loss.backward()
        assert logit.grad == pytest.approx(p - y)  # also at z = 0, where relu/abs forms get a kink


def test_binary_cross_entropy_is_stable_for_huge_logits():
    for z, y, expected_loss, expected_grad in [
        (1000.0, 1, 0.0, 0.0),
        (1000.0, 0, 1000.0, 1.0),
        (-1000.0, 0, 0.0, 0.0),
        (-1000.0, 1, 1000.0, -1.0),
    ]:
        logit = Value(z)
        loss = nn.binary_cross_entropy([logit], [y])
        loss.backward()
        assert loss.data == pytest.approx(expected_loss, abs=1e-12)
        assert logit.grad == pytest.approx(expected_grad, abs=1e-12)


def test_binary_cross_entropy_second_derivative():
    logit = Value(0.4)
    loss = nn.binary_cross_entropy([logit], [1])
    loss.backward(create_graph=True)
    first = logit.grad
    logit.grad = 0.0
    first.backward()
    assert logit.grad == pytest.approx(_sigmoid(0.4) * (1 - _sigmoid(0.4)))


def test_cross_entropy_matches_softmax_and_is_stable():
    row = _values([1.0, 2.0, 0.5])
    loss = nn.cross_entropy([row], [1])
    exps = [math.exp(v) for v in (1.0, 2.0, 0.5)]
    softmax = [e / sum(exps) for e in exps]
    assert loss.data == pytest.approx(-math.log(softmax[1]))
    loss.backward()
    assert [v.grad for v in row] == pytest.approx([softmax[0], softmax[1] - 1, softmax[2]])
    big = _values([1000.0, 999.0, -1000.0])
    loss = nn.cross_entropy([big], [0])
    loss.backward()
    assert loss.data == pytest.approx(math.log(1 + math.exp(-1)))
    assert all(math.isfinite(v.grad) for v in big)


def test_cross_entropy_is_a_mean_over_rows():
    rows = [_values([0.0, 0.0]), _values([0.0, 0.0])]
    assert nn.cross_entropy(rows, [0, 1]).data == pytest.approx(math.log(2))


def test_l2_is_alpha_times_sum_of_squares():
    params = _values([1.0, -2.0, 3.0])
    assert nn.l2(params, 1e-4).data == pytest.approx(1e-4 * 14)
    with pytest.raises(ValueError, match="l2: alpha must be >= 0, got -1"):
        nn.l2(params, -1)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: nn.mse(_values([1.0, 2.0]), [1.0]), "mse: got 2 predictions but 1 targets"),
        (lambda: nn.mae([], []), "mae: the batch is empty"),
        (lambda: nn.hinge(_values([1.0, 2.0]), [1, 0]), r"hinge: label 1 is 0; expected -1 or 1"),
        (lambda: nn.binary_cross_entropy(_values([1.0]), [-1]), "binary_cross_entropy: label 0 is -1; expected 0 or 1"),
        (lambda: nn.cross_entropy([_values([1.0, 2.0])], [2]), r"cross_entropy: class index 0 is 2; expected 0\.\.1"),
        (lambda: nn.cross_entropy([_values([1.0])], [0]), "cross_entropy: row 0 must be a list of at least 2 logits"),
        (lambda: nn.cross_entropy([_values([1.0, 2.0])], [0.5]), "cross_entropy: class index 0 must be a whole number"),
    ],
)
def test_bad_input_is_a_clear_error(call, message):
    with pytest.raises(ValueError, match=message):
        call()


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: nn.cross_entropy(_values([1.0, 2.0]), [0, 1]), "cross_entropy: row 0 must be a list"),
        (lambda: nn.mse(Value(1.0), [1.0]), "mse: predictions must be a list .*, got Value"),
        (lambda: nn.mae(["a"], [1.0]), "mae: prediction 0 must be a number or a Value, got str 'a'"),
        (lambda: nn.l2([], "0.1"), "l2: alpha must be a real number, got str '0.1'"),
    ],
)
def test_the_wrong_kind_of_input_is_a_type_error(call, message):
    with pytest.raises(TypeError, match=message):
        call()
