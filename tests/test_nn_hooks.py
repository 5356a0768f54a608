"""Callback hooks into fit: on_step_end's StepRecord (what each update did), on_train_end, stopping from a step."""

import math

import pytest

import nn


class StepLog(nn.Callback):
    """Keeps every StepRecord with the model's parameters as the hook saw them (after the update)."""

    def __init__(self, stop_at=None):
        self.records, self.after, self.ends, self.stop_at = [], [], 0, stop_at

    def on_step_end(self, step, model, history):
        self.records.append(step)
        self.after.append(tuple(p.data for p in model.parameters()))
        return "enough steps" if step.step == self.stop_at else None

    def on_train_end(self, model, history):
        self.ends += 1


def test_every_update_is_reported_with_its_batch_loss_lr_parameters_and_gradients():
    X, y = nn.make_linear(10, seed=0)
    model = nn.Linear(1, seed=0)
    initial = tuple(p.data for p in model.parameters())
    log = StepLog()
    schedule = nn.linear_decay(1e-3, 1e-4, 6)
    history = nn.fit(model, X, y, lr=schedule, epochs=2, batch_size=4, seed=3, callbacks=[log])

    records = log.records
    assert [(r.step, r.epoch, r.batch) for r in records] == [
        (1, 1, 1),
        (2, 1, 2),
        (3, 1, 3),
        (4, 2, 1),
        (5, 2, 2),
        (6, 2, 3),
    ]
    assert [r.loss for r in records] == history.step_loss and [r.lr for r in records] == history.step_lr
    assert [r.lr for r in records] == [schedule(k) for k in range(6)]
    assert not any(r.diverged for r in records) and all(r.problem is None for r in records)
    # the parameters before each step are the ones after the previous step (or the initial ones)
    assert [r.parameters_before for r in records] == [initial, *log.after[:-1]]
    # plain SGD: after = before - lr * gradient, exactly
    for record, after in zip(records, log.after):
        assert after == tuple(b - record.lr * g for b, g in zip(record.parameters_before, record.gradients))
    # each epoch's indices cover X once, in batches of 4, 4, 2
    for epoch in (1, 2):
        indices = [r.indices for r in records if r.epoch == epoch]
        assert [len(i) for i in indices] == [4, 4, 2] and sorted(sum(indices, ())) == list(range(10))
    assert records[0].indices != records[3].indices  # reshuffled each epoch
    assert log.ends == 1


def test_indices_name_the_samples_the_model_saw_and_the_loss_they_gave():
    X, y = nn.make_linear(9, seed=1)
    seen = []

    class Watched(nn.Linear):
        def forward(self, x):
            seen.append(x)
            return super().forward(x)

    log = StepLog()
    model = Watched(1, seed=0)
    nn.fit(model, X, y, lr=1e-4, epochs=2, batch_size=3, callbacks=[log])
    assert seen == [X[i] for r in log.records for i in r.indices]
    first = log.records[0]
    start = nn.Linear(1, seed=0)  # same seed: the model's starting parameters
    expected = nn.mse([start(X[i]) for i in first.indices], [y[i] for i in first.indices])
    assert first.loss == expected.data
    assert isinstance(first, nn.StepRecord) and isinstance(first.indices, tuple)
    with pytest.raises(AttributeError):
        first.loss = 0.0  # frozen


def test_a_string_from_on_step_end_stops_training_after_that_step():
    X, y = nn.make_linear(8, seed=0)
    log = StepLog(stop_at=3)
    history = nn.fit(nn.Linear(1), X, y, lr=1e-4, epochs=5, batch_size=2, callbacks=[log])
    assert history.stop_reason == "enough steps" and len(history.step_loss) == 3 and len(log.records) == 3
    assert history.epochs == 0 and log.ends == 1


def test_the_diverging_step_is_reported_marked_and_the_train_end_hook_runs():
    X, y = nn.make_linear(20, seed=0)
    log = StepLog()
    model = nn.Linear(1, seed=0)
    with pytest.warns(nn.DivergenceWarning):
        history = nn.fit(model, X, y, loss="mse", lr=1.0, epochs=1000, callbacks=[log])
    *good, last = log.records
    assert last.diverged and last.problem and last.problem in history.stop_reason
    assert last.step == len(history.step_loss) + 1 and not any(r.diverged for r in good)
    assert not math.isfinite(last.loss)
    # the hook sees the restored parameters: those of the last step with a finite loss
    assert log.after[-1] == good[-1].parameters_before == tuple(p.data for p in model.parameters())
    assert log.ends == 1


def test_train_end_runs_once_on_early_stopping_and_on_a_failing_callback():
    X, y = nn.make_linear(6, seed=0)
    log = StepLog()
    nn.fit(nn.Linear(1), X, y, lr=0.0, epochs=10, callbacks=[log, nn.EarlyStopping(2, monitor="train_loss")])
    assert log.ends == 1

    def fail(epoch, model, history):
        raise RuntimeError("boom")

    log = StepLog()
    with pytest.raises(RuntimeError, match="boom"):
        nn.fit(nn.Linear(1), X, y, lr=0.0, epochs=3, callbacks=[log, fail])
    assert log.ends == 1


def test_plain_function_callbacks_still_run_after_every_epoch():
    X, y = nn.make_linear(6, seed=0)
    epochs = []
    nn.fit(nn.Linear(1), X, y, lr=0.0, epochs=3, batch_size=2, callbacks=[lambda e, m, h: epochs.append(e)])
    assert epochs == [1, 2, 3]


def test_batches_indexed_is_the_same_epoch_as_iterating():
    X, y = [[float(i)] for i in range(7)], list(range(7))
    indexed = [(i, xs, ys) for i, xs, ys in nn.batches(X, y, 3, seed=5).indexed()]
    plain = list(nn.batches(X, y, 3, seed=5))
    assert [(xs, ys) for _, xs, ys in indexed] == plain
    assert all(xs == [X[i] for i in idx] and ys == [y[i] for i in idx] for idx, xs, ys in indexed)
