"""stepgrad's neural-network library: y = wX + b → neuron → layer → network → loss → gradient → training.

Everything a lesson needs, each piece small enough to read::

    Module                                               the base: parameters, grads, state   (nn.module)
    Neuron, Layer, Linear, MLP, weighted_sum             models                               (nn.layers)
    uniform / xavier / he initial weights, seeded        initialization                       (nn.init)
    relu, tanh, sigmoid, linear, softplus                activations                          (nn.activations)
    mse, mae, hinge, binary_cross_entropy,
    cross_entropy, l2                                    losses                               (nn.losses)
    SGD, Adam                                            optimizers                           (nn.optim)
    constant, step_decay, linear_decay                   learning-rate schedules              (nn.schedules)
    make_linear, make_moons, make_circles, make_xor,
    make_spiral, train_test_split, batches               data                                 (nn.data)
    train_step, fit                                      the training loop                    (nn.train)
    History, StepRecord                                  what training did                    (nn.history)
    Callback, EarlyStopping                              hooks into fit                       (nn.callbacks)
    predict, accuracy                                    inference and metrics                (nn.inference, nn.metrics)
    save, load, load_parameters                          model files (JSON)                   (nn.io)
    Recorder, Recording, Snapshot                        what training did, step by step      (nn.recording)
    timeline                                             a page to scrub through a recording  (nn.timeline)
    ModelFileError, DivergenceWarning                    errors                               (nn.errors)
"""

from nn.activations import linear, relu, sigmoid, softplus, tanh
from nn.callbacks import Callback, EarlyStopping
from nn.data import Batches, batches, make_circles, make_linear, make_moons, make_spiral, make_xor, train_test_split
from nn.errors import DivergenceWarning, ModelFileError
from nn.history import History, StepRecord
from nn.inference import predict
from nn.io import load, load_parameters, save
from nn.layers import MLP, Layer, Linear, Neuron, weighted_sum
from nn.losses import binary_cross_entropy, cross_entropy, hinge, l2, mae, mse
from nn.metrics import accuracy
from nn.module import Module
from nn.optim import SGD, Adam, Optimizer
from nn.recording import Recorder, Recording, Snapshot
from nn.schedules import Schedule, constant, linear_decay, step_decay
from nn.timeline import timeline
from nn.train import fit, train_step

__all__ = [
    "MLP",
    "SGD",
    "Adam",
    "Batches",
    "Callback",
    "DivergenceWarning",
    "EarlyStopping",
    "History",
    "Layer",
    "Linear",
    "ModelFileError",
    "Module",
    "Neuron",
    "Optimizer",
    "Recorder",
    "Recording",
    "Schedule",
    "Snapshot",
    "StepRecord",
    "accuracy",
    "batches",
    "binary_cross_entropy",
    "constant",
    "cross_entropy",
    "fit",
    "hinge",
    "l2",
    "linear",
    "linear_decay",
    "load",
    "load_parameters",
    "mae",
    "make_circles",
    "make_linear",
    "make_moons",
    "make_spiral",
    "make_xor",
    "mse",
    "predict",
    "relu",
    "save",
    "sigmoid",
    "softplus",
    "step_decay",
    "tanh",
    "timeline",
    "train_step",
    "train_test_split",
    "weighted_sum",
]
