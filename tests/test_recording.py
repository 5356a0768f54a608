"""``nn.Recorder``: what it records, that it is bounded and deterministic, and that it changes nothing."""

import itertools
import math
import warnings

import pytest

import nn
from autograd import Value


def _moons_run(callbacks=()):
    X, y = nn.make_moons(40, noise=0.1, seed=0, labels=(-1, 1))
    model = nn.MLP(2, [4, 1], seed=0)
    history = nn.fit(model, X, y, loss="hinge", l2=1e-4, lr=0.1, epochs=6, batch_size=16, callbacks=callbacks)
    return model, history


def _adam_schedule_run(callbacks=()):
    X, y = nn.make_linear(30, seed=1)
    model = nn.Linear(1, seed=0)
    optimizer = nn.Adam(model.parameters(), lr=nn.linear_decay(1.0, 0.1, 20))
    history = nn.fit(
        model, X, y, optimizer=optimizer, epochs=8, batch_size=7, shuffle=True, seed=3, callbacks=callbacks
    )
    return model, history


def _early_stopping_run(callbacks=()):
    X, y = nn.make_moons(60, noise=0.2, seed=1)
    X_train, X_val, y_train, y_val = nn.train_test_split(X, y, test_size=0.25, seed=0)
    model = nn.MLP(2, [3, 1], activation="tanh", seed=2)
    stop = nn.EarlyStopping(patience=2, monitor="val_loss")
    history = nn.fit(
        model,
        X_train,
        y_train,
        loss="binary_cross_entropy",
        optimizer=nn.SGD(model.parameters(), 0.5, momentum=0.9),
        epochs=60,
        validation_data=(X_val, y_val),
        callbacks=[stop, *callbacks],
    )
    return model, history


def _diverging_run(callbacks=()):
    X, y = nn.make_linear(20, seed=0)
    model = nn.Linear(1, seed=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", nn.DivergenceWarning)
        history = nn.fit(model, X, y, lr=1.0, epochs=100, callbacks=callbacks)
    return model, history


RUNS = {"moons": _moons_run, "adam+schedule": _adam_schedule_run, "early stopping": _early_stopping_run}
RUNS["divergence"] = _diverging_run


@pytest.mark.parametrize("run", RUNS.values(), ids=RUNS.keys())
def test_recording_changes_no_number_of_the_training(run):
    plain_model, plain = run()
    recorder = nn.Recorder(max_snapshots=3)
    recorded_model, recorded = run([recorder])
    assert [p.data for p in recorded_model.parameters()] == [p.data for p in plain_model.parameters()]
    assert recorded.step_loss == plain.step_loss
    assert recorded.train_loss == plain.train_loss
    assert recorded.val_loss == plain.val_loss
    assert recorded.metrics == plain.metrics
    assert (recorded.diverged, recorded.stop_reason) == (plain.diverged, plain.stop_reason)
    assert recorder.recording.final_parameters == tuple(p.data for p in plain_model.parameters())


@pytest.mark.parametrize("run", RUNS.values(), ids=RUNS.keys())
def test_the_same_run_gives_the_same_recording(run):
    first, second = nn.Recorder(), nn.Recorder()
    run([first])
    run([second])
    a, b = first.recording, second.recording
    finite = [s for s in a.snapshots if math.isfinite(s.loss)]  # NaN != NaN
    assert finite == [s for s in b.snapshots if math.isfinite(s.loss)]
    assert len(a.snapshots) == len(b.snapshots)
    assert (a.step_lr, a.epoch_ends, a.train_loss, a.metrics) == (b.step_lr, b.epoch_ends, b.train_loss, b.metrics)
    assert a.parameter_names == b.parameter_names and a.architecture == b.architecture


def test_a_snapshot_holds_the_update_in_full():
    recorder = nn.Recorder()
    model, history = _moons_run([recorder])
    recording = recorder.recording
    assert recording.steps == len(history.step_loss) == 18  # 40 samples in batches of 16: 3 updates per epoch
    assert recording.epoch_ends == [3, 6, 9, 12, 15, 18]
    assert [s.step for s in recording.snapshots] == list(range(1, 19))
    assert recording.parameter_names == tuple(name for name, _ in model.named_parameters())
    assert recording.sample_count == 40
    for snap in recording.snapshots:
        assert snap.epoch == (snap.step - 1) // 3 + 1 and snap.batch == (snap.step - 1) % 3 + 1
        assert snap.loss == history.step_loss[snap.step - 1] and snap.lr == 0.1
        for before, grad, after in zip(snap.before, snap.gradients, snap.after):
            assert after == before - 0.1 * grad  # plain SGD: the recorded numbers are the update's own
    for earlier, later in zip(recording.snapshots, recording.snapshots[1:]):
        assert later.before == earlier.after
    for epoch in range(6):  # each epoch's batches use every sample once
        batches = recording.snapshots[3 * epoch : 3 * epoch + 3]
        assert sorted(i for s in batches for i in s.indices) == list(range(40))
        assert [len(s.indices) for s in batches] == [16, 16, 8]
    assert recording.snapshots[0].metrics == {}  # nothing is known before the first epoch ends
    assert recording.snapshots[3].metrics == {
        "train_loss": history.train_loss[0],
        "accuracy": history.metrics["accuracy"][0],
    }
    assert recording.final_parameters == recording.snapshots[-1].after
    assert recording.model is not model and recording.model.parameters()[0].data == recording.snapshots[0].before[0]


def test_snapshots_are_bounded_and_evenly_spread_with_the_first_and_the_last():
    X, y = nn.make_linear(10, seed=0)
    recorder = nn.Recorder(max_snapshots=7)
    nn.fit(nn.Linear(1, seed=0), X, y, lr=0.001, epochs=45, batch_size=5, callbacks=[recorder])  # 90 updates
    steps = [s.step for s in recorder.recording.snapshots]
    assert len(steps) <= 7 + 2 and steps[0] == 1 and steps[-1] == 90
    gaps = {b - a for a, b in itertools.pairwise(steps[:-1])}
    assert len(gaps) == 1, steps  # evenly spread (the last one is kept wherever it falls)
    assert len(recorder.recording.step_loss) == 90  # every step's loss and rate are kept


@pytest.mark.parametrize("steps", [1, 2, 7, 8, 9, 33, 200])
def test_the_bound_holds_for_any_length(steps):
    X, y = nn.make_linear(4, seed=0)
    recorder = nn.Recorder(max_snapshots=8)
    nn.fit(nn.Linear(1, seed=0), X, y, lr=0.001, epochs=steps, callbacks=[recorder])
    kept = [s.step for s in recorder.recording.snapshots]
    assert kept[0] == 1 and kept[-1] == steps and len(kept) <= 10 and kept == sorted(set(kept))


def test_the_diverging_step_is_recorded_and_marked():
    recorder = nn.Recorder(max_snapshots=10)
    model, history = _diverging_run([recorder])
    recording = recorder.recording
    last = recording.snapshots[-1]
    assert history.diverged and recording.diverged and recording.stop_reason == history.stop_reason
    assert last.diverged and last.problem and not any(s.diverged for s in recording.snapshots[:-1])
    assert last.step == recording.steps == len(history.step_loss) + 1  # the diverging step is not in the history
    assert last.after == recording.final_parameters == tuple(p.data for p in model.parameters())  # the last good


def test_early_stopping_restoring_the_best_epoch_is_the_final_state():
    recorder = nn.Recorder()
    model, history = _early_stopping_run([recorder])
    recording = recorder.recording
    assert history.stop_reason.startswith("early stopping") and recording.stop_reason == history.stop_reason
    assert recording.val_loss == history.val_loss and recording.epochs == history.epochs
    assert recording.final_parameters == tuple(p.data for p in model.parameters())
    assert recording.final_parameters != recording.snapshots[-1].after  # the best epoch's parameters came back


class Parabola(nn.Module):
    """A custom module: y = a·x² + c."""

    def __init__(self):
        self.a, self.c = Value(0.5, label="a"), Value(0.0, label="c")

    def named_parameters(self):
        return [("a", self.a), ("c", self.c)]

    def forward(self, x):
        return self.a * x[0] ** 2 + self.c


def test_any_module_and_any_loss_can_be_recorded():
    X = [[x / 4] for x in range(-8, 9)]
    y = [2 * row[0] ** 2 + 1 for row in X]
    recorder = nn.Recorder()
    model = Parabola()
    nn.fit(model, X, y, loss=lambda p, t: nn.mae(p, t), lr=0.05, epochs=5, callbacks=[recorder])
    recording = recorder.recording
    assert recording.parameter_names == ("a", "c") and recording.config is None
    assert recording.steps == 5 and recording.snapshots[-1].after == (model.a.data, model.c.data)
    assert "5 steps" in repr(recording)


def test_a_new_fit_starts_a_new_recording():
    X, y = nn.make_linear(10, seed=0)
    recorder = nn.Recorder()
    nn.fit(nn.Linear(1, seed=0), X, y, lr=0.001, epochs=3, callbacks=[recorder])
    first = recorder.recording
    nn.fit(nn.Linear(1, seed=1), X, y, lr=0.001, epochs=2, callbacks=[recorder])
    assert first.steps == 3 and recorder.recording.steps == 2


def test_recorder_checks_its_arguments():
    with pytest.raises(ValueError, match="Recorder: max_snapshots must be a positive int, got 0"):
        nn.Recorder(max_snapshots=0)
    with pytest.raises(TypeError, match="Recorder: max_snapshots must be an int, got str '5'"):
        nn.Recorder(max_snapshots="5")
    with pytest.raises(ValueError, match="Recorder: nothing recorded yet"):
        nn.Recorder().recording  # noqa: B018
