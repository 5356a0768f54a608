"""Training and inference: outcomes (what gets learned), batching, divergence, early stopping, progress, gc."""

import gc
import io
import math

import pytest

import nn
from autograd import Value


def _least_squares(X, y, bias=True):
    """The best w (and b) for y ≈ w·x + b, in closed form (independent of nn)."""
    xs = [row[0] for row in X]
    if not bias:
        return sum(x * t for x, t in zip(xs, y)) / sum(x * x for x in xs), 0.0
    mean_x, mean_y = sum(xs) / len(xs), sum(y) / len(y)
    w = sum((x - mean_x) * (t - mean_y) for x, t in zip(xs, y)) / sum((x - mean_x) ** 2 for x in xs)
    return w, mean_y - w * mean_x


def test_linear_learns_the_courier_rate_and_base_charge():
    X, y = nn.make_linear(100, seed=0)  # ₹100 per kg + ₹50, noise sd ₹3
    model = nn.Linear(1, seed=0)
    # Full batch, SGD with momentum: the raw kg inputs make plain SGD slow to find the intercept.
    history = nn.fit(model, X, y, loss="mse", optimizer=nn.SGD(model.parameters(), 0.04, momentum=0.8), epochs=200)
    w, b = model.neurons[0].w[0].data, model.neurons[0].b.data
    best_w, best_b = _least_squares(X, y)
    assert w == pytest.approx(best_w, rel=1e-4) and b == pytest.approx(best_b, abs=1e-2)
    assert abs(w - 100) <= 1.0 and abs(b - 50) <= 2.0
    assert history.train_loss[-1] < history.train_loss[0] / 100


def test_linear_without_bias_cannot_learn_the_base_charge():
    X, y = nn.make_linear(100, seed=0)
    model = nn.Linear(1, bias=False, seed=0)
    history = nn.fit(model, X, y, loss="mse", optimizer=nn.SGD(model.parameters(), 0.01, momentum=0.5), epochs=50)
    w = model.neurons[0].w[0].data
    assert w == pytest.approx(_least_squares(X, y, bias=False)[0], rel=1e-4)  # it found its best line...
    assert abs(w - 100) > 5  # ...which is steeper than ₹100/kg, to make up for the missing ₹50
    assert history.train_loss[-1] > 100  # and stays far off (with a bias the loss reaches ~9, the noise)


def test_xor_needs_a_nonlinear_activation():
    X, y = nn.make_xor(40, seed=0, labels=(-1, 1))
    linear = nn.MLP(2, [8, 1], activation="linear", seed=0)
    nn.fit(linear, X, y, loss="hinge", lr=0.3, epochs=100)
    assert nn.accuracy(nn.predict(linear, X), y) <= 0.75  # no straight line splits XOR
    curved = nn.MLP(2, [8, 1], activation="tanh", seed=0)
    nn.fit(curved, X, y, loss="hinge", lr=0.3, epochs=100)
    assert nn.accuracy(nn.predict(curved, X), y) >= 0.95


@pytest.mark.parametrize(("n", "batch_size", "steps"), [(23, 5, 5), (20, 5, 4), (7, 100, 1), (7, None, 1)])
def test_one_update_per_batch(n, batch_size, steps):
    X, y = nn.make_linear(n, seed=1)
    model = nn.Linear(1)
    optimizer = nn.SGD(model.parameters(), 1e-4)
    history = nn.fit(model, X, y, optimizer=optimizer, epochs=3, batch_size=batch_size)
    assert optimizer.steps == 3 * steps == len(history.step_loss) == len(history.step_lr)
    assert history.epochs == 3 and len(history.train_loss) == 3


def test_history_records_schedule_and_metrics():
    X, y = nn.make_moons(30, seed=2, labels=(-1, 1))
    X_val, y_val = nn.make_moons(10, seed=3, labels=(-1, 1))
    model = nn.MLP(2, [4, 1], seed=0)
    history = nn.fit(
        model,
        X,
        y,
        loss="hinge",
        lr=nn.linear_decay(1.0, 0.1, 4),
        epochs=2,
        batch_size=15,
        validation_data=(X_val, y_val),
    )
    assert history.step_lr == pytest.approx([1.0, 0.775, 0.55, 0.325])
    assert set(history.metrics) == {"accuracy", "val_accuracy"}  # accuracy is on by default for classification
    assert len(history.val_loss) == 2 and all(0 <= a <= 1 for a in history.metrics["val_accuracy"])
    assert history.metrics["val_accuracy"][-1] == nn.accuracy(nn.predict(model, X_val), y_val)
    assert history.stop_reason is None and not history.diverged


def test_train_loss_is_the_mean_of_the_step_losses_weighted_by_batch_size():
    X, y = nn.make_linear(5, seed=0)
    model = nn.Linear(1)
    history = nn.fit(model, X, y, lr=0.0, epochs=1, batch_size=2)
    sizes = [2, 2, 1]
    expected = sum(loss * size for loss, size in zip(history.step_loss, sizes)) / 5
    assert history.train_loss == [pytest.approx(expected)]


def test_divergence_stops_names_the_step_and_keeps_the_last_good_parameters():
    X, y = nn.make_linear(20, seed=0)
    model = nn.Linear(1, seed=0)
    w0, b0 = model.neurons[0].w[0].data, model.neurons[0].b.data
    # The same full-batch gradient descent in plain floats: find the first step whose loss is not finite.
    w, b, good, expected_step = w0, b0, None, None
    for step in range(1, 1000):
        errors = [w * row[0] + b - t for row, t in zip(X, y)]
        loss = sum(e * e for e in errors) / len(X)
        if not math.isfinite(loss):
            expected_step = step
            break
        good = (w, b)
        w, b = (
            w - 1.0 * sum(2 * e * row[0] for e, row in zip(errors, X)) / len(X),
            b - 1.0 * sum(2 * e for e in errors) / len(X),
        )
    assert expected_step is not None

    with pytest.warns(nn.DivergenceWarning, match="smaller") as warned:
        history = nn.fit(model, X, y, loss="mse", lr=1.0, epochs=1000)
    assert warned[0].filename == __file__  # the warning points at the fit(...) call
    assert history.diverged
    assert f"epoch {expected_step}, step 1 of 1" in history.stop_reason
    assert "learning rate (1) is probably too large" in history.stop_reason
    assert len(history.step_loss) == expected_step - 1 and all(math.isfinite(v) for v in history.step_loss)
    assert (model.neurons[0].w[0].data, model.neurons[0].b.data) == pytest.approx(good, rel=1e-9)
    assert all(math.isfinite(p.data) for p in model.parameters())


def test_a_finite_loss_whose_gradient_overflows_is_caught():
    model = nn.Linear(1, bias=False)
    model.neurons[0].w[0].data = 1e-10
    X, y = [[1e160]], [0.0]  # prediction 1e150: loss 1e300 is finite, its gradient 2·1e150·1e160 is not
    with pytest.warns(nn.DivergenceWarning, match="gradient of L1.n0.w0 became inf"):
        history = nn.fit(model, X, y, lr=0.1, epochs=5)
    assert history.diverged and "epoch 1, step 1" in history.stop_reason
    assert model.neurons[0].w[0].data == 1e-10


def test_early_stopping_stops_after_patience_and_restores_the_best_epoch():
    X = [[x / 10] for x in range(1, 11)]
    y_train = [2 * row[0] for row in X]
    y_val = [-2 * row[0] for row in X]  # the better it fits training, the worse on validation
    model = nn.Linear(1, bias=False, seed=0)
    assert model.neurons[0].w[0].data > -2  # so every training epoch moves w away from -2
    states = []
    history = nn.fit(
        model, X, y_train, lr=0.5, epochs=50, validation_data=(X, y_val),
        callbacks=[lambda epoch, m, h: states.append(m.state_dict()), nn.EarlyStopping(patience=3)],
    )  # fmt: skip
    assert history.epochs == 4  # best at epoch 1, then 3 epochs without improvement
    assert "early stopping at epoch 4" in history.stop_reason and not history.diverged
    assert model.state_dict() == states[0]
    assert history.val_loss == sorted(history.val_loss)


def test_early_stopping_on_a_flat_loss_and_on_a_missing_series():
    X, y = nn.make_linear(10, seed=0)
    history = nn.fit(nn.Linear(1), X, y, lr=0.0, epochs=20, callbacks=[nn.EarlyStopping(2, monitor="train_loss")])
    assert history.epochs == 3
    with pytest.raises(ValueError, match=r"monitor='val_loss'.*validation_data"):
        nn.fit(nn.Linear(1), X, y, lr=0.0, epochs=2, callbacks=[nn.EarlyStopping()])


def test_gc_is_off_during_training_and_restored_after():
    X, y = nn.make_linear(4, seed=0)
    seen = []

    def record(epoch, model, history):
        seen.append(gc.isenabled())

    assert gc.isenabled()
    nn.fit(nn.Linear(1), X, y, lr=0.0, epochs=2, callbacks=[record])
    assert seen == [False, False] and gc.isenabled()

    def fail(epoch, model, history):
        raise RuntimeError("stop")

    with pytest.raises(RuntimeError):
        nn.fit(nn.Linear(1), X, y, lr=0.0, epochs=2, callbacks=[fail])
    assert gc.isenabled()  # restored also when training fails
    gc.disable()
    try:
        nn.fit(nn.Linear(1), X, y, lr=0.0, epochs=1)
        assert not gc.isenabled()  # it was off before, so it stays off
    finally:
        gc.enable()


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_bar_only_on_a_terminal_or_when_asked(monkeypatch, capsys):
    pytest.importorskip("tqdm")
    X, y = nn.make_linear(4, seed=0)
    nn.fit(nn.Linear(1), X, y, lr=0.0, epochs=3)
    assert capsys.readouterr().err == ""  # tests are not a terminal: no bar
    nn.fit(nn.Linear(1), X, y, lr=0.0, epochs=3, progress=True)
    assert "3/3" in capsys.readouterr().err

    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    monkeypatch.delenv("CI", raising=False)
    nn.fit(nn.Linear(1), X, y, lr=0.0, epochs=3)
    assert "3/3" in terminal.getvalue()
    monkeypatch.setenv("CI", "true")
    terminal.truncate(0)
    nn.fit(nn.Linear(1), X, y, lr=0.0, epochs=3)
    nn.fit(nn.Linear(1), X, y, lr=0.0, epochs=3, progress=False)
    assert terminal.getvalue().strip("\x00") == ""


def test_fit_rejects_bad_arguments():
    X, y = nn.make_linear(4, seed=0)
    model = nn.Linear(1)
    with pytest.raises(ValueError, match="both optimizer= and lr="):
        nn.fit(model, X, y, optimizer=nn.SGD(model.parameters(), 0.1), lr=0.1)
    with pytest.raises(ValueError, match="epochs must be a positive int"):
        nn.fit(model, X, y, epochs=0)
    with pytest.raises(ValueError, match="fit: X has 4 samples but y has 3"):
        nn.fit(model, X, y[:3])
    with pytest.raises(ValueError, match="fit: validation_data X has 4 samples but validation_data y has 2"):
        nn.fit(model, X, y, validation_data=(X, y[:2]))
    with pytest.raises(TypeError, match=r"fit: validation_data must be a pair \(X_val, y_val\), got list"):
        nn.fit(model, X, y, validation_data=[X])
    with pytest.raises(
        ValueError, match=r"fit: loss must be one of 'mse', .* or a callable loss\(preds, targets\), got 'hinges'"
    ):
        nn.fit(model, X, y, loss="hinges")


def test_predict_returns_floats_and_records_no_graph():
    model = nn.MLP(2, [3, 2], seed=0)
    outputs = []

    class Recording(nn.Module):
        def named_parameters(self):
            return model.named_parameters()

        def forward(self, x):
            out = model(x)
            outputs.extend(out)
            return out

    predictions = nn.predict(Recording(), [[1.0, 2.0], [0.5, -1.0]])
    assert all(type(v) is float for row in predictions for v in row) and len(predictions) == 2
    assert outputs and all(out.children == () for out in outputs)  # no graph behind the outputs
    with_graph = model([1.0, 2.0])
    assert predictions[0] == [v.data for v in with_graph] and with_graph[0].children != ()
    single = nn.predict(nn.Linear(1), [[1.0], [2.0]])
    assert all(type(v) is float for v in single)


def test_fit_accepts_a_callable_loss_and_metric():
    X, y = nn.make_linear(6, seed=0)

    def squared_error_sum(preds, targets):
        return sum(((p - t) ** 2 for p, t in zip(preds, targets)), Value(0.0))

    def largest_error(outputs, targets):
        return max(abs(o - t) for o, t in zip(outputs, targets))

    history = nn.fit(nn.Linear(1), X, y, loss=squared_error_sum, lr=0.0, epochs=1, metrics=[largest_error])
    assert history.metrics["largest_error"][0] > 0


def test_each_batch_graph_is_dropped_before_the_next_is_built():
    import weakref

    X, y = nn.make_linear(12, seed=0)
    previous = []
    alive_at_next_batch = []

    def tracked_mse(preds, targets):
        if previous:
            alive_at_next_batch.append(previous[-1]() is not None)
        loss = nn.mse(preds, targets)
        previous.append(weakref.ref(loss))
        return loss

    nn.fit(nn.Linear(1), X, y, loss=tracked_mse, lr=1e-4, epochs=2, batch_size=4)
    assert alive_at_next_batch == [False] * 5  # 6 batches in all; each earlier graph was already freed


def test_numpy_arrays_train_like_lists():
    np = pytest.importorskip("numpy")
    X, y = nn.make_moons(20, seed=0, labels=(-1, 1))
    from_lists = nn.fit(nn.MLP(2, [4, 1]), X, y, loss="hinge", lr=0.1, epochs=2, batch_size=5)
    from_arrays = nn.fit(nn.MLP(2, [4, 1]), np.array(X), np.array(y), loss="hinge", lr=0.1, epochs=2, batch_size=5)
    assert from_arrays == from_lists
    assert all(type(a) is float for a in from_arrays.metrics["accuracy"])


def test_early_stopping_knows_accuracy_should_rise_and_losses_fall():
    X, y = nn.make_linear(4, seed=0)
    rising, falling = iter(range(100)), iter(range(100, 0, -1))

    def fake_accuracy(outputs, targets):
        return next(rising) / 100

    def errors(outputs, targets):
        return next(falling)

    for metric, name in [(fake_accuracy, "fake_accuracy"), (errors, "errors")]:
        history = nn.fit(
            nn.Linear(1), X, y, lr=0.0, epochs=6, metrics=[metric], callbacks=[nn.EarlyStopping(1, monitor=name)]
        )
        assert history.epochs == 6 and history.stop_reason is None  # it improved every epoch


def test_fit_inside_no_grad_still_learns():
    from autograd import is_grad_enabled, no_grad

    X, y = nn.make_linear(20, seed=0)
    free = nn.fit(nn.Linear(1, seed=0), X, y, lr=1e-3, epochs=5)
    with no_grad():
        inside = nn.fit(nn.Linear(1, seed=0), X, y, lr=1e-3, epochs=5)
        assert not is_grad_enabled()  # switched back off afterwards
    assert inside == free and inside.train_loss[-1] < inside.train_loss[0]


def test_a_loss_that_reaches_no_parameter_is_an_error():
    X, y = nn.make_linear(6, seed=0)

    class Frozen(nn.Linear):
        def forward(self, x):
            return Value(super().forward(x).data)  # cut off from the parameters

    model = Frozen(1, seed=0)
    start = model.state_dict()
    with pytest.raises(ValueError, match=r"fit: the loss \(.*\) does not depend on any of the model's 2 parameters"):
        nn.fit(model, X, y, optimizer=nn.SGD(model.parameters(), 0.1, weight_decay=0.5), epochs=2)
    assert model.state_dict() == start  # and nothing was changed
    with pytest.raises(ValueError, match="does not depend on any"):
        nn.fit(nn.Linear(1), X, y, loss=lambda preds, targets: Value(1.0), epochs=1)


def test_the_default_metric_follows_the_loss_function_not_its_name():
    X, y = nn.make_moons(20, seed=0, labels=(-1, 1))
    by_name = nn.fit(nn.MLP(2, [4, 1], seed=0), X, y, loss="hinge", lr=0.1, epochs=2)
    by_function = nn.fit(nn.MLP(2, [4, 1], seed=0), X, y, loss=nn.hinge, lr=0.1, epochs=2)
    assert "accuracy" in by_name.metrics and by_function == by_name
    X01, y01 = nn.make_moons(20, seed=0)
    mse_by_function = nn.fit(nn.MLP(2, [4, 1], seed=0), X01, y01, loss=nn.mse, lr=0.1, epochs=2, metrics=["accuracy"])
    mse_by_name = nn.fit(nn.MLP(2, [4, 1], seed=0), X01, y01, loss="mse", lr=0.1, epochs=2, metrics=["accuracy"])
    assert mse_by_function == mse_by_name  # the same 0.5 threshold between 0/1 targets


def test_fit_refuses_an_optimizer_made_for_another_model():
    X, y = nn.make_linear(6, seed=0)
    other = nn.Linear(1)
    with pytest.raises(ValueError, match=r"fit: the optimizer holds none of the 2 parameters of Linear"):
        nn.fit(nn.Linear(1), X, y, optimizer=nn.SGD(other.parameters(), 0.1))
    with pytest.raises(TypeError, match=r"fit: optimizer must be an nn.Optimizer .*, got str"):
        nn.fit(nn.Linear(1), X, y, optimizer="sgd")


def test_ctrl_c_keeps_the_last_complete_step_records_why_and_reraises():
    X, y = nn.make_linear(12, seed=0)
    model = nn.MLP(1, [3, 1], seed=0)
    after_steps, seen = [], {}

    class Interrupted(nn.SGD):
        def update(self, lr):
            if self.steps == 2:  # the third update: move one parameter, then Ctrl-C
                self.params[0].data += 1.0
                raise KeyboardInterrupt
            super().update(lr)

    class Keep(nn.Callback):
        def on_step_end(self, step, model, history):
            after_steps.append(model.state_dict())

        def on_train_end(self, model, history):
            seen["reason"] = history.stop_reason

    with pytest.raises(KeyboardInterrupt):
        nn.fit(model, X, y, optimizer=Interrupted(model.parameters(), 1e-4), epochs=3, batch_size=4, callbacks=[Keep()])
    assert len(after_steps) == 2 and model.state_dict() == after_steps[-1]
    assert "interrupted (KeyboardInterrupt) after 2 complete steps" in seen["reason"]


@pytest.mark.parametrize(
    ("X", "y", "message"),
    [
        ([[1.0], [2.0], [3.0], [math.nan]], [1.0, 2.0, 3.0, 4.0], r"fit: X\[3\]\[0\] is nan"),
        ([[1.0], [2.0]], [1.0, math.inf], r"fit: y\[1\] is inf"),
    ],
)
def test_fit_checks_the_data_for_nan_and_inf_before_training(X, y, message):
    with pytest.raises(ValueError, match=message):
        nn.fit(nn.Linear(1), X, y, epochs=1)
    with pytest.raises(ValueError, match=message.replace("fit: ", "fit: validation_data ")):
        nn.fit(nn.Linear(1), [[0.0]], [0.0], epochs=1, validation_data=(X, y))


def test_a_validation_loss_that_is_not_finite_is_a_warning():
    X, y = nn.make_linear(6, seed=0)
    with pytest.warns(RuntimeWarning, match=r"fit: the validation loss after epoch 1 is inf") as warned:
        history = nn.fit(
            nn.Linear(1, seed=0), X, y, loss="mae", lr=0.0, epochs=1, validation_data=([[1e308]] * 3, [0.0] * 3)
        )
    assert history.val_loss == [math.inf] and warned[0].filename == __file__


def test_train_step_is_forward_loss_zero_grad_backward_update():
    X, y = nn.make_linear(8, seed=2)
    by_hand, stepped = nn.Linear(1, seed=0), nn.Linear(1, seed=0)
    hand_optimizer, optimizer = nn.SGD(by_hand.parameters(), 1e-3), nn.SGD(stepped.parameters(), 1e-3)
    for _ in range(3):
        loss = nn.mse([by_hand(x) for x in X], y)
        hand_optimizer.zero_grad()
        loss.backward()
        hand_optimizer.step()
        returned = nn.train_step(stepped, X, y, nn.mse, optimizer)
        assert returned.data == loss.data  # the loss before the update
        assert [p.grad for p in stepped.parameters()] == [p.grad for p in by_hand.parameters()]  # no leftovers
    assert stepped.state_dict() == by_hand.state_dict()
    with pytest.raises(TypeError, match=r"train_step: the loss must be a Value, got float 1\.5"):
        nn.train_step(stepped, X, y, lambda preds, targets: 1.5, optimizer)


def test_divergence_at_the_first_step_keeps_the_starting_parameters_and_says_so():
    model = nn.Linear(1, bias=False)
    model.neurons[0].w[0].data = 1.0
    X, y = [[1e150]], [0.0]  # loss 1e300 and gradient 2e300 are finite; the update with lr 1e10 is not
    with pytest.warns(nn.DivergenceWarning, match="the update made parameter L1.n0.w0 -inf") as warned:
        history = nn.fit(model, X, y, lr=1e10, epochs=3)
    assert "The starting parameters were kept" in history.stop_reason and "last good step" not in history.stop_reason
    assert model.neurons[0].w[0].data == 1.0 and len(warned) == 1


def test_a_step_that_cannot_be_computed_is_divergence_and_keeps_the_last_finite_parameters():
    model = nn.Linear(1, seed=0)
    start = model.state_dict()

    def with_log(preds, targets):  # log of the predictions: undefined once an update makes one negative
        return nn.mse(preds, targets) + sum((p.log() * 0.0 for p in preds), Value(0.0))

    with pytest.warns(nn.DivergenceWarning, match=r"step 2 overall\): computing the step failed \(log\(-"):
        history = nn.fit(model, [[1.0], [2.0]], [-5.0, -10.0], loss=with_log, lr=0.1, epochs=5)
    assert "The starting parameters were kept" in history.stop_reason and model.state_dict() == start
    X, y = nn.make_linear(20, seed=0)
    with pytest.warns(nn.DivergenceWarning):
        history = nn.fit(nn.Linear(1, seed=0), X, y, lr=1.0, epochs=100)
    assert "The parameters before step 77 (the last with a finite loss and gradients) were kept" in history.stop_reason


def test_fit_record_true_puts_the_recording_on_the_history():
    X, y = nn.make_linear(12, seed=0)
    history = nn.fit(nn.Linear(1, seed=0), X, y, lr=0.01, epochs=4, batch_size=6, record=True)
    recording = history.recording
    assert isinstance(recording, nn.Recording)
    assert recording.steps == 8 and recording.step_loss == history.step_loss
    assert [s.step for s in recording.snapshots] == list(range(1, 9))


def test_fit_record_takes_a_recorder_of_your_own_and_records_it_once():
    X, y = nn.make_linear(12, seed=0)
    recorder = nn.Recorder(max_snapshots=2)
    history = nn.fit(nn.Linear(1, seed=0), X, y, lr=0.01, epochs=10, record=recorder, callbacks=[recorder])
    assert history.recording is recorder.recording
    assert history.recording.step_loss == history.step_loss  # not recorded twice
    assert len(history.recording.snapshots) < 10


def test_fit_without_record_has_no_recording_and_a_bad_record_is_a_type_error():
    X, y = nn.make_linear(6, seed=0)
    assert nn.fit(nn.Linear(1, seed=0), X, y, epochs=1).recording is None
    with pytest.raises(TypeError, match=r"fit: record must be True, False or an nn.Recorder, got str 'yes'"):
        nn.fit(nn.Linear(1, seed=0), X, y, epochs=1, record="yes")


def test_history_says_what_fit_minimizes_from_the_first_hook_on():
    X, y = nn.make_moons(10, seed=0, labels=(-1, 1))
    seen = []

    class Look(nn.Callback):
        def on_train_begin(self, model, history):
            seen.append((history.loss, history.l2))

        def on_step_end(self, step, model, history):
            predictions = [model(x) for x in X]  # the parameters after the update: recompute the next loss
            seen.append(history.loss(predictions, y).data + history.l2 * sum(p.data**2 for p in model.parameters()))

    history = nn.fit(nn.MLP(2, [3, 1], seed=0), X, y, loss="hinge", l2=1e-3, epochs=3, callbacks=[Look()])
    assert seen[0] == (nn.hinge, 1e-3)
    # the loss a callback recomputes after step k is the loss fit reports before step k + 1
    assert seen[1:3] == pytest.approx(history.step_loss[1:3], rel=1e-12)


def test_a_nan_in_the_validation_data_is_called_validation_data():
    X, y = nn.make_linear(6, seed=0)
    with pytest.raises(
        ValueError, match=r"validation_data X\[0\]\[0\] is nan; expected finite numbers in the validation data"
    ):
        nn.fit(nn.Linear(1, seed=0), X, y, epochs=1, validation_data=([[math.nan]], [1.0]))
