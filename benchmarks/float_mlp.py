"""The practical limit: the benchmark's training step written by hand with plain Python floats.

Same network (relu hidden layers, linear output), same loss (mean hinge + alpha·Σp²), same
SGD update as the engines — but the forward and backward passes are spelled out for this
one network, with no graph at all. A pure-Python autograd engine cannot beat this; the
benchmark reports how far from it each engine is.
"""

from __future__ import annotations

from operator import mul

# A layer is (weights, biases): weights[j] holds neuron j's weights, one per input.
Layer = tuple[list[list[float]], list[float]]


class FloatMLP:
    """An MLP on plain floats whose ``step`` does forward, backward and an SGD update by hand."""

    def __init__(self, layers: list[Layer]) -> None:
        self.layers = layers

    def forward(self, x: list[float]) -> tuple[float, list[list[float]], list[list[float]]]:
        """The score for one sample, plus each layer's inputs and pre-activations (for backward)."""
        inputs, sums = [], []
        activations = x
        last = len(self.layers) - 1
        for index, (weights, biases) in enumerate(self.layers):
            pre = [sum(map(mul, w, activations), b) for w, b in zip(weights, biases)]
            inputs.append(activations)
            sums.append(pre)
            activations = pre if index == last else [s if s > 0 else 0.0 for s in pre]  # relu
        return activations[0], inputs, sums

    def step(self, X: list[list[float]], y: list[float], alpha: float, lr: float) -> float:
        """One full-batch training step; returns the loss before the update."""
        grad_w = [[[0.0] * len(w) for w in weights] for weights, _ in self.layers]
        grad_b = [[0.0] * len(biases) for _, biases in self.layers]
        n = len(X)
        data_loss = 0.0
        for x, label in zip(X, y):
            score, inputs, sums = self.forward(x)
            margin = 1.0 - label * score
            if margin <= 0:  # hinge: max(0, margin) is flat here, no gradient flows
                continue
            data_loss += margin
            upstream = [-label / n]  # d(loss)/d(score) for this sample
            for index in reversed(range(len(self.layers))):
                weights, _ = self.layers[index]
                if index < len(self.layers) - 1:  # through the relu: slope 1 where the sum was > 0
                    upstream = [u if s > 0 else 0.0 for u, s in zip(upstream, sums[index])]
                layer_input = inputs[index]
                for j, u in enumerate(upstream):
                    if u:
                        gw = grad_w[index][j]
                        for i, a in enumerate(layer_input):
                            gw[i] += u * a
                        grad_b[index][j] += u
                if index:  # d(loss)/d(input i) = Σ_j upstream_j · w_ji
                    upstream = [sum(map(mul, upstream, column)) for column in zip(*weights)]
        reg_loss = 0.0
        for (weights, biases), gws, gbs in zip(self.layers, grad_w, grad_b):
            for w, gw in zip(weights, gws):
                for i, wi in enumerate(w):
                    reg_loss += wi * wi
                    w[i] = wi - lr * (gw[i] + 2 * alpha * wi)
            for j, b in enumerate(biases):
                reg_loss += b * b
                biases[j] = b - lr * (gbs[j] + 2 * alpha * b)
        return data_loss / n + alpha * reg_loss
