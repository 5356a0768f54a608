"""The running example, shared by the lessons: a courier who charges ₹100 per kg plus a ₹50 base charge.

``Scaling``                 kg rescaled to mean 0 and spread 1 (lesson 4 explains why), and back
``noise_floor``             the lowest MSE any straight line reaches on the parcels
``parcel_graph``            one parcel's loss (w·kg + b − charge)², built from labelled Values,
                            with the error used twice (lessons 10 and 11)
``courier_neuron``          the charge as a neuron with two inputs, kg and km (lesson 8)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from autograd import Value

# Lessons 10 and 11: one parcel of 2 kg (true charge ₹250) and a model that has not learned yet.
KG, CHARGE = 2.0, 250.0
START_W, START_B = 60.0, 20.0


@dataclass(frozen=True)
class Scaling:
    """kg → (kg − mean) / spread, so the scaled weights average 0 and spread ±1."""

    mean: float
    spread: float  # the standard deviation

    @classmethod
    def of(cls, kg: Sequence[float]) -> Scaling:
        """The scaling that gives ``kg`` mean 0 and standard deviation 1."""
        mean = sum(kg) / len(kg)
        return cls(mean, math.sqrt(sum((x - mean) ** 2 for x in kg) / len(kg)))

    def rows(self, kg: Sequence[float]) -> list[list[float]]:
        """The scaled weights as model inputs (one row ``[kg']`` per parcel)."""
        return [[(x - self.mean) / self.spread] for x in kg]

    def unscale(self, w: float, b: float) -> tuple[float, float]:
        """A line learned on scaled kg as ₹ per kg and base charge: w'·(kg − m)/s + b' = (w'/s)·kg + (b' − w'·m/s)."""
        return w / self.spread, b - w * self.mean / self.spread


def noise_floor(kg: Sequence[float], charges: Sequence[float]) -> float:
    """The MSE of the best straight line through the parcels (least squares): no training gets below it."""
    scaling = Scaling.of(kg)
    scaled = [row[0] for row in scaling.rows(kg)]
    mean_charge = sum(charges) / len(charges)
    slope = sum(x * y for x, y in zip(scaled, charges)) / len(kg)  # the scaled kg have mean 0 and variance 1
    return sum((y - (slope * x + mean_charge)) ** 2 for x, y in zip(scaled, charges)) / len(kg)


@dataclass(frozen=True)
class ParcelGraph:
    """The Values of one parcel's loss: the leaves, the error (used twice) and the loss."""

    kg: Value
    charge: Value
    w: Value
    b: Value
    error: Value
    loss: Value

    @property
    def parameters(self) -> list[Value]:
        """What training changes: the weight and the bias."""
        return [self.w, self.b]


def parcel_graph(kg: float = KG, charge: float = CHARGE, w: float = START_W, b: float = START_B) -> ParcelGraph:
    """Build loss = (w·kg + b − charge)² with every Value labelled; the square is error × error."""
    # lesson: begin
    kg, charge = Value(kg, label="kg"), Value(charge, label="charge")
    w, b = Value(w, label="w"), Value(b, label="b")
    error = w * kg + b - charge  # the prediction minus the true charge
    loss = error * error  # the square, written so that the error is used twice
    # lesson: end
    predicted = error.children[0]
    product = predicted.children[0]
    for value, label in ((product, "w·kg"), (predicted, "predicted"), (error, "error"), (loss, "loss")):
        value.label = label
    return ParcelGraph(kg, charge, w, b, error, loss)


@dataclass(frozen=True)
class CourierNeuron:
    """A neuron's graph: charge = relu(w1·kg + w2·km + b)."""

    inputs: list[Value]
    weights: list[Value]
    b: Value
    output: Value


def courier_neuron(kg: float, km: float, per_kg: float, per_km: float, base: float) -> CourierNeuron:
    """One neuron with the courier's numbers as its weights: relu(per_kg·kg + per_km·km + base), labelled."""
    inputs = [Value(kg, label="kg"), Value(km, label="km")]
    weights = [Value(per_kg, label="w1"), Value(per_km, label="w2")]
    b = Value(base, label="b")
    terms = []
    for x, w in zip(inputs, weights):
        term = w * x
        term.label = f"{w.label}·{x.label}"
        terms.append(term)
    total = terms[0] + terms[1]
    total.label = "w1·kg + w2·km"
    n = total + b
    n.label = "n"
    output = n.relu()
    output.label = "charge"
    return CourierNeuron(inputs, weights, b, output)
