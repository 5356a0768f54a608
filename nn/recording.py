"""Recording what training did, update by update: ``Recorder`` (a callback) makes a ``Recording``.

``fit(model, X, y, callbacks=[recorder])`` hands the recorder every update (``on_step_end``).
It keeps every step's loss and learning rate, and — for at most ``max_snapshots`` updates
spread evenly over the run, plus the first and the last — a ``Snapshot`` of the parameters
before and after the update, their gradients, and which samples were in the batch. Memory
stays bounded however long training runs: when the snapshots overflow, every second one is
dropped and from then on only every second update is kept (so the kept steps stay evenly
spaced: 1, 1 + k, 1 + 2k, ... for a power of two k).

Recording only reads: it changes no number of the training. ``nn.timeline`` draws a recording.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from autograd import _args
from nn.callbacks import Callback
from nn.module import Module

if TYPE_CHECKING:
    from nn.history import History, StepRecord

DEFAULT_MAX_SNAPSHOTS = 500


@dataclass(frozen=True)
class Snapshot:
    """One recorded update: what it saw, what it changed.

    ``before``, ``gradients`` and ``after`` follow ``Recording.parameter_names``; ``after`` is
    the parameters once the update was made (on a diverging step: the last good ones, which
    ``fit`` put back). ``metrics`` are those known at that point: the last finished epoch's.
    """

    step: int  # 1-based over the whole run
    epoch: int  # 1-based
    batch: int  # 1-based within the epoch
    indices: tuple[int, ...]  # positions in X of the batch's samples
    loss: float  # the batch's loss before the update
    lr: float
    before: tuple[float, ...]
    gradients: tuple[float, ...]
    after: tuple[float, ...]
    metrics: dict[str, float] = field(default_factory=dict)
    diverged: bool = False
    problem: str | None = None


@dataclass
class Recording:
    """What ``Recorder`` saw during one ``fit``: plain numbers, plus a copy of the untrained model.

    Per step (every update): ``step_loss``, ``step_lr``. Per epoch: ``train_loss``,
    ``val_loss``, ``metrics`` and ``epoch_ends`` (the last step of each epoch). A few updates
    in full: ``snapshots``. ``model`` is a copy of the model as it was before training (its
    architecture: ``nn.timeline`` loads each snapshot's parameters into it).
    """

    model: Module | None
    architecture: str
    config: dict[str, Any] | None
    parameter_names: tuple[str, ...]
    max_snapshots: int
    snapshots: list[Snapshot] = field(default_factory=list)
    step_loss: list[float] = field(default_factory=list)
    step_lr: list[float] = field(default_factory=list)
    epoch_ends: list[int] = field(default_factory=list)
    train_loss: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    metrics: dict[str, list[float]] = field(default_factory=dict)
    sample_count: int = 0  # 1 + the largest sample position any batch used
    data_fingerprint: str | None = None  # nn.data.fingerprint of the training data, as fit saw it
    final_parameters: tuple[float, ...] = ()  # the model's when training ended (EarlyStopping may restore)
    diverged: bool = False
    stop_reason: str | None = None

    @property
    def steps(self) -> int:
        """How many updates training made (including a diverging one)."""
        return len(self.step_loss)

    @property
    def epochs(self) -> int:
        """How many epochs finished."""
        return len(self.epoch_ends)

    def __repr__(self) -> str:
        ended = " (diverged)" if self.diverged else ""
        return (
            f"Recording({self.architecture.splitlines()[0]}: {self.steps} steps, {self.epochs} epochs, "
            f"{len(self.snapshots)} snapshots{ended})"
        )


class Recorder(Callback):
    """A callback that records training: ``fit(..., callbacks=[recorder])``, then ``recorder.recording``.

    ``max_snapshots`` bounds how many updates are kept in full (evenly spread, plus the
    first and the last). One recorder records one run: a new ``fit`` starts a new recording.
    """

    def __init__(self, max_snapshots: int = DEFAULT_MAX_SNAPSHOTS) -> None:
        self.max_snapshots = _args.integer("Recorder", "max_snapshots", max_snapshots, minimum=1)
        self._recording: Recording | None = None

    @property
    def recording(self) -> Recording:
        """The recording of the last (or current) ``fit``."""
        if self._recording is None:
            raise ValueError("Recorder: nothing recorded yet; pass the recorder to fit(..., callbacks=[recorder])")
        return self._recording

    def on_train_begin(self, model: Module, history: History) -> None:
        self._stride = 1  # keep the updates 1, 1 + stride, 1 + 2·stride, ...
        self._latest: Snapshot | None = None  # the newest update, kept until it is known not to be the last
        self._metrics: dict[str, float] = {}
        self._recording = Recording(
            model=_template(model),
            architecture=model.describe(),
            config=_config(model),
            parameter_names=tuple(name for name, _ in model.named_parameters()),
            max_snapshots=self.max_snapshots,
            data_fingerprint=history.data_fingerprint,
        )

    def on_step_end(self, step: StepRecord, model: Module, history: History) -> str | None:
        recording = self.recording
        while len(recording.epoch_ends) < step.epoch - 1:  # a new epoch: the ones before it have ended
            recording.epoch_ends.append(recording.steps)
        recording.step_loss.append(step.loss)
        recording.step_lr.append(step.lr)
        recording.sample_count = max(recording.sample_count, max(step.indices, default=-1) + 1)
        self._latest = Snapshot(
            step=step.step,
            epoch=step.epoch,
            batch=step.batch,
            indices=tuple(step.indices),
            loss=step.loss,
            lr=step.lr,
            before=tuple(step.parameters_before),
            gradients=tuple(step.gradients),
            after=tuple(p.data for p in model.parameters()),
            metrics=dict(self._metrics),
            diverged=step.diverged,
            problem=step.problem,
        )
        if (step.step - 1) % self._stride == 0:
            recording.snapshots.append(self._latest)
            self._latest = None
            if len(recording.snapshots) > self.max_snapshots:
                self._stride *= 2
                recording.snapshots[:] = [s for s in recording.snapshots if (s.step - 1) % self._stride == 0]
        return None

    def on_epoch_end(self, epoch: int, model: Module, history: History) -> str | None:
        self._metrics = {"train_loss": history.train_loss[-1]} if history.train_loss else {}
        if history.val_loss:
            self._metrics["val_loss"] = history.val_loss[-1]
        self._metrics.update((name, series[-1]) for name, series in history.metrics.items() if series)
        return None

    def on_train_end(self, model: Module, history: History) -> None:
        recording = self.recording
        if self._latest is not None:  # the last update is always kept
            recording.snapshots.append(self._latest)
            self._latest = None
        while len(recording.epoch_ends) < history.epochs:
            recording.epoch_ends.append(recording.steps)
        recording.train_loss[:] = history.train_loss
        recording.val_loss[:] = history.val_loss
        recording.metrics = {name: list(series) for name, series in history.metrics.items()}
        recording.final_parameters = tuple(p.data for p in model.parameters())
        recording.diverged = history.diverged
        recording.stop_reason = history.stop_reason


def _template(model: Module) -> Module | None:
    """A copy of ``model`` to evaluate recorded parameters in (None if the model cannot be copied)."""
    try:
        return copy.deepcopy(model)
    except Exception:  # a model holding a resource (a file, a lock): the timeline then says why it cannot draw it
        return None


def _config(model: Module) -> dict[str, Any] | None:
    try:
        return model.config()
    except (NotImplementedError, ValueError):  # a custom Module or activation: no constructor arguments to show
        return None
