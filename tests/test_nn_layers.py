"""Neurons, layers, networks: parameters, labels, initialization, micrograd-compatible signatures."""

import math
import random
import statistics

import pytest

import nn
from autograd import Value


def test_neuron_computes_activation_of_weighted_sum():
    neuron = nn.Neuron(2, activation="tanh", seed=1)
    neuron.w[0].data, neuron.w[1].data, neuron.b.data = 0.5, -2.0, 0.25
    out = neuron([1.0, 3.0])
    assert out.data == pytest.approx(math.tanh(0.5 * 1.0 - 2.0 * 3.0 + 0.25))


def test_weighted_sum_with_and_without_bias():
    w = [Value(2.0), Value(3.0)]
    assert nn.weighted_sum(w, [5.0, 7.0], Value(1.0)).data == 2 * 5 + 3 * 7 + 1
    assert nn.weighted_sum(w, [5.0, 7.0]).data == 2 * 5 + 3 * 7


def test_linear_is_w_dot_x_plus_b_and_bias_false_goes_through_origin():
    line = nn.Linear(1)
    line.neurons[0].w[0].data, line.neurons[0].b.data = 100.0, 50.0
    assert line([2.0]).data == 250.0
    assert line(2.0).data == 250.0  # one input may be given as a number
    through_origin = nn.Linear(1, bias=False)
    assert through_origin.num_parameters() == 1
    assert through_origin([0.0]).data == 0.0  # whatever the weight: the line passes through 0


def test_activation_by_name_or_callable():
    for name, expected in [("relu", 0.0), ("tanh", math.tanh(-1.5)), ("sigmoid", 1 / (1 + math.exp(1.5)))]:
        neuron = nn.Neuron(1, activation=name)
        neuron.w[0].data = 1.0
        assert neuron([-1.5]).data == pytest.approx(expected)
    cube = nn.Neuron(1, activation=lambda v: v**3)
    cube.w[0].data = 1.0
    assert cube([2.0]).data == 8.0
    with pytest.raises(ValueError, match=r"Neuron: activation must be one of 'relu', .*, got 'swish'"):
        nn.Neuron(1, activation="swish")
    with pytest.raises(TypeError, match=r"Neuron: activation must be a name or a callable on a Value, got int 3"):
        nn.Neuron(1, activation=3)


def test_softplus_is_stable_and_has_sigmoid_slope():
    assert nn.softplus(Value(1000.0)).data == 1000.0
    assert nn.softplus(Value(-1000.0)).data == 0.0
    x = Value(0.3)
    nn.softplus(x).backward()
    assert x.grad == pytest.approx(1 / (1 + math.exp(-0.3)))


def test_parameters_order_names_and_count():
    model = nn.MLP(3, [4, 2])
    names = [name for name, _ in model.named_parameters()]
    assert names[:5] == ["L1.n0.w0", "L1.n0.w1", "L1.n0.w2", "L1.n0.b", "L1.n1.w0"]
    assert names[-1] == "L2.n1.b"
    assert model.num_parameters() == (3 + 1) * 4 + (4 + 1) * 2 == len(model.parameters())
    assert [p.label for p in model.parameters()] == names
    assert model.parameters() == model.parameters()  # same Values, same order, every call
    assert len(set(names)) == len(names)


def test_neuron_outputs_are_labelled_for_pictures():
    model = nn.MLP(2, [3, 1])
    out = model([1.0, 2.0])
    assert out.label == "L2.n0"
    hidden = [child for node in _all_nodes(out) for child in node.children if child.label.startswith("L1.n")]
    assert {v.label for v in hidden} >= {"L1.n0", "L1.n1", "L1.n2", "L1.n0.w0", "L1.n2.b"}


def test_zero_grad_resets_every_parameter():
    model = nn.MLP(2, [3, 1])
    model([1.0, -1.0]).backward()
    assert any(p.grad != 0 for p in model.parameters())
    model.zero_grad()
    assert all(p.grad == 0.0 for p in model.parameters())


def test_one_output_returns_a_value_several_return_a_list():
    assert isinstance(nn.MLP(2, [3, 1])([1.0, 2.0]), Value)
    outs = nn.MLP(2, [3, 2])([1.0, 2.0])
    assert isinstance(outs, list) and len(outs) == 2 and all(isinstance(v, Value) for v in outs)


def test_one_neuron_hidden_layer_works():
    model = nn.MLP(2, [16, 1, 1])  # micrograd crashes here: its hidden layer returns a bare Value
    out = model([0.5, -0.5])
    assert isinstance(out, Value)
    out.backward()


def test_micrograd_signatures():
    assert nn.Neuron(3, nonlin=True).describe() == nn.Neuron(3, "relu").describe()
    linear_neuron = nn.Neuron(3, nonlin=False)
    assert not linear_neuron.nonlin and nn.Neuron(3).nonlin
    layer = nn.Layer(3, 2, nonlin=False)  # micrograd passes **kwargs on to each Neuron
    assert all(not n.nonlin for n in layer.neurons)
    model = nn.MLP(2, [16, 16, 1])
    assert [layer.neurons[0].nonlin for layer in model.layers] == [True, True, False]
    assert model.num_parameters() == 337  # as printed by micrograd's demo


def test_wrong_number_of_inputs_is_a_clear_error():
    with pytest.raises(ValueError, match=r"Layer L1: x must have 2 inputs, got 3: \[1\.0, 2\.0, 3\.0\]"):
        nn.MLP(2, [1])([1.0, 2.0, 3.0])
    with pytest.raises(TypeError, match=r"MLP: nouts must be a list of layer sizes like \[16, 16, 1\], got int 3"):
        nn.MLP(2, 3)
    with pytest.raises(ValueError, match="MLP: nouts must be a non-empty list"):
        nn.MLP(2, [])
    with pytest.raises(TypeError, match=r"Layer: nin must be an int, got float 2\.0"):
        nn.Layer(2.0, 3)
    with pytest.raises(ValueError, match="nin must be a positive int"):
        nn.Linear(0)


def test_seeded_init_is_reproducible_and_leaves_global_random_alone():
    random.seed(123)
    expected_next = random.random()
    random.seed(123)
    a = nn.MLP(2, [8, 1], seed=7).state_dict()
    assert random.random() == expected_next  # the global random state was not used
    assert nn.MLP(2, [8, 1], seed=7).state_dict() == a
    assert nn.MLP(2, [8, 1], seed=8).state_dict() != a
    assert nn.MLP(2, [8, 1], rng=random.Random(7)).state_dict() == a
    with pytest.raises(ValueError, match="either seed= or rng="):
        nn.MLP(2, [1], seed=1, rng=random.Random(1))


def test_init_schemes_have_their_spread():
    def weights(init, nin, nout):
        return [p.data for name, p in nn.Layer(nin, nout, init=init, seed=0).named_parameters() if ".w" in name]

    uniform = weights("uniform", 50, 50)
    assert -1 <= min(uniform) < -0.9 and 0.9 < max(uniform) <= 1
    xavier = weights("xavier", 50, 50)
    assert max(abs(w) for w in xavier) <= math.sqrt(6 / 100)
    assert statistics.pstdev(xavier) == pytest.approx(math.sqrt(6 / 100) / math.sqrt(3), rel=0.1)
    he = weights("he", 50, 50)
    assert statistics.pstdev(he) == pytest.approx(math.sqrt(2 / 50), rel=0.1)
    assert all(p.data == 0.0 for name, p in nn.Layer(5, 5, init="he").named_parameters() if name.endswith(".b"))
    with pytest.raises(ValueError, match="Neuron: init must be one of 'uniform', 'xavier', 'he', got 'glorot'"):
        nn.Neuron(2, init="glorot")


def test_repr_shows_the_architecture():
    text = repr(nn.MLP(2, [16, 16, 1], activation="tanh"))
    assert text.splitlines() == [
        "MLP(2 → 16 → 16 → 1, 337 parameters)",
        "  L1: 2 → 16, tanh",
        "  L2: 16 → 16, tanh",
        "  L3: 16 → 1, linear",
    ]
    assert repr(nn.Linear(1, bias=False)) == "Linear(1 → 1, bias=False, 1 parameters)"


def test_state_dict_round_trip_and_mismatch_leaves_model_untouched():
    model = nn.MLP(2, [3, 1], seed=1)
    other = nn.MLP(2, [3, 1], seed=2)
    other.load_state_dict(model.state_dict())
    assert other.state_dict() == model.state_dict()
    before = other.state_dict()
    with pytest.raises(nn.ModelFileError, match=r"unexpected 'L1\.n3\.w0'.*another architecture"):
        other.load_state_dict(nn.MLP(2, [4, 1]).state_dict())
    broken = dict(model.state_dict(), **{"L1.n0.b": float("nan")})
    with pytest.raises(nn.ModelFileError, match=r"'L1\.n0\.b' must be a finite number"):
        other.load_state_dict(broken)
    assert other.state_dict() == before


def _all_nodes(root):
    seen, stack, order = set(), [root], []
    while stack:
        node = stack.pop()
        if node not in seen:
            seen.add(node)
            order.append(node)
            stack.extend(node.children)
    return order


def test_load_state_dict_looks_each_name_up_a_bounded_number_of_times():
    hashes = [0]

    class Name(str):
        def __hash__(self):
            hashes[0] += 1
            return str.__hash__(self)

    class Wide(nn.Module):
        def __init__(self, n):
            self.named = [(Name(f"p{i}"), Value(0.0)) for i in range(n)]

        def named_parameters(self):
            return self.named

    for n in (200, 800):
        model = Wide(n)
        state = {Name(f"p{i}"): float(i) for i in range(n)}
        hashes[0] = 0
        model.load_state_dict(state)
        assert [p.data for p in model.parameters()] == [float(i) for i in range(n)]
        assert hashes[0] <= 10 * n  # linear: a quadratic lookup hashes n² names (640,000 for n = 800)


def test_weighted_sum_refuses_mismatched_lengths():
    w = [Value(1.0), Value(2.0)]
    with pytest.raises(ValueError, match="weighted_sum: got 2 weights and 3 inputs; expected one weight per input"):
        nn.weighted_sum(w, [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="got 2 weights and 1 inputs"):
        nn.weighted_sum(w, [1.0], Value(0.5))
    assert nn.weighted_sum(w, [3.0, 4.0], Value(0.5)).data == 11.5
