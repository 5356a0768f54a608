"""micrograd compatibility: its demo notebook runs with only the imports changed, and reaches 100%.

The code inside ``test_micrograd_demo_runs_unchanged_and_fits_the_moons`` is micrograd's
demo.ipynb (model, loss, optimization cells) verbatim (formatted by ruff); only the imports differ: ``Value``
from ``autograd``, the model classes from ``nn``, and ``make_moons`` from a stand-in for
scikit-learn's (which is not a dependency) built on ``nn.make_moons``.
"""

import random

import pytest

import nn

np = pytest.importorskip("numpy")


def make_moons(n_samples=100, noise=0.0):
    """Stand-in for sklearn.datasets.make_moons: numpy arrays, labels 0/1."""
    X, y = nn.make_moons(n_samples, noise=noise, seed=1337)
    return np.array(X), np.array(y)


def test_micrograd_demo_runs_unchanged_and_fits_the_moons():
    # ---- imports changed: these lines replace micrograd's (make_moons above replaces sklearn's) ----
    from autograd import Value
    from nn import MLP

    # ---- micrograd demo.ipynb, verbatim from here on ----
    np.random.seed(1337)
    random.seed(1337)

    X, y = make_moons(n_samples=100, noise=0.1)

    y = y * 2 - 1  # make y be -1 or 1

    model = MLP(2, [16, 16, 1])  # 2-layer neural network
    print(model)
    print("number of parameters", len(model.parameters()))

    # loss function
    def loss(batch_size=None):
        # inline DataLoader :)
        if batch_size is None:
            Xb, yb = X, y
        else:
            ri = np.random.permutation(X.shape[0])[:batch_size]
            Xb, yb = X[ri], y[ri]
        inputs = [list(map(Value, xrow)) for xrow in Xb]

        # forward the model to get scores
        scores = list(map(model, inputs))

        # svm "max-margin" loss
        losses = [(1 + -yi * scorei).relu() for yi, scorei in zip(yb, scores)]
        data_loss = sum(losses) * (1.0 / len(losses))
        # L2 regularization
        alpha = 1e-4
        reg_loss = alpha * sum(p * p for p in model.parameters())
        total_loss = data_loss + reg_loss

        # also get accuracy
        accuracy = [(yi > 0) == (scorei.data > 0) for yi, scorei in zip(yb, scores)]
        return total_loss, sum(accuracy) / len(accuracy)

    total_loss, acc = loss()
    print(total_loss, acc)

    # optimization
    for k in range(100):
        # forward
        total_loss, acc = loss()

        # backward
        model.zero_grad()
        total_loss.backward()

        # update (sgd)
        learning_rate = 1.0 - 0.9 * k / 100
        for p in model.parameters():
            p.data -= learning_rate * p.grad

        if k % 1 == 0:
            print(f"step {k} loss {total_loss.data}, accuracy {acc * 100}%")
    # ---- end of the demo ----

    final_loss, final_accuracy = loss()
    assert final_accuracy == 1.0, f"accuracy after 100 steps: {final_accuracy}"
    assert final_loss.data < 0.05


def test_fit_matches_the_demo_loop_step_for_step():
    """fit(loss="hinge", l2=1e-4, lr=linear_decay(1.0, 0.1, 100)) is the demo's loop, step for step."""
    X, y = nn.make_moons(20, noise=0.1, seed=3, labels=(-1, 1))
    by_hand = nn.MLP(2, [8, 8, 1], seed=5)
    by_fit = nn.MLP(2, [8, 8, 1], seed=5)
    for k in range(3):
        scores = [by_hand(row) for row in X]
        total_loss = nn.hinge(scores, y) + nn.l2(by_hand.parameters(), 1e-4)
        by_hand.zero_grad()
        total_loss.backward()
        for p in by_hand.parameters():
            p.data -= (1.0 - 0.9 * k / 100) * p.grad
    nn.fit(by_fit, X, y, loss="hinge", l2=1e-4, lr=nn.linear_decay(1.0, 0.1, 100), epochs=3, shuffle=False)
    for a, b in zip(by_hand.parameters(), by_fit.parameters()):
        assert a.data == pytest.approx(b.data, rel=1e-12, abs=1e-15)


def test_same_weights_give_micrograd_outputs_and_gradients():
    micrograd_nn = pytest.importorskip("micrograd.nn")
    micrograd_engine = pytest.importorskip("micrograd.engine")
    ours = nn.MLP(3, [4, 4, 1], seed=11)
    theirs = micrograd_nn.MLP(3, [4, 4, 1])
    for mine, other in zip(ours.parameters(), theirs.parameters()):
        other.data = mine.data
    x = [0.5, -1.25, 2.0]
    out = ours(x)
    their_out = theirs([micrograd_engine.Value(v) for v in x])
    out.backward()
    their_out.backward()
    assert out.data == pytest.approx(their_out.data, rel=1e-12)
    for mine, other in zip(ours.parameters(), theirs.parameters()):
        assert mine.grad == pytest.approx(other.grad, rel=1e-12, abs=1e-15)
