"""``nn.timeline``: the page it writes (self-contained, deterministic, one frame per snapshot) and its errors.

What the page does in a browser is tested in tests/test_timeline_browser.py.
"""

import base64
import hashlib
import json
import re
import zlib

import pytest

import nn
from autograd import Value


def _recorded(model, X, y, **fit_args):
    recorder = nn.Recorder(max_snapshots=fit_args.pop("max_snapshots", 500))
    nn.fit(model, X, y, callbacks=[recorder], **fit_args)
    return recorder.recording


@pytest.fixture(scope="module")
def moons():
    X, y = nn.make_moons(30, noise=0.1, seed=0, labels=(-1, 1))
    recording = _recorded(nn.MLP(2, [4, 1], seed=0), X, y, loss="hinge", lr=0.2, epochs=4, batch_size=10)
    return recording, X, y


def _data(page: str) -> dict:
    return json.loads(re.search(r'<script type="application/json" id="timeline-data">(.*?)</script>', page).group(1))


def _parameter_texts(data: dict) -> dict:
    """The page's compressed texts of every snapshot's parameters: {"before": [...], "grad": [...], "after": [...]}."""
    return json.loads(zlib.decompress(base64.b64decode(data["parameterTexts"])))


def _csp(page: str) -> str:
    return re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page).group(1)


def test_the_page_is_one_self_contained_file(moons, tmp_path):
    recording, X, y = moons
    path = nn.timeline(recording, X, y, tmp_path / "training.html", loss="hinge")
    page = path.read_text(encoding="utf-8")
    assert path == tmp_path / "training.html" and page.startswith("<!DOCTYPE html>")
    assert not re.search(r"(src|href)=\"(https?:)?//", page)  # nothing to fetch
    policy = _csp(page)
    assert policy.startswith("default-src 'none'; script-src ")
    script = re.search(r"<script>(.*?)</script>", page, re.DOTALL).group(1)
    style = re.search(r"<style>(.*?)</style>", page, re.DOTALL).group(1)
    for text in (script, style):
        digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
        assert f"'sha256-{digest}'" in policy  # allowed by hash, not by 'unsafe-inline'
    assert "unsafe" not in policy


def test_one_frame_per_snapshot_with_the_recorded_numbers(moons, tmp_path):
    recording, X, y = moons
    data = _data(nn.timeline(recording, X, y, tmp_path / "t.html", loss="hinge").read_text(encoding="utf-8"))
    frames, texts = data["frames"], _parameter_texts(data)
    assert len(frames) == len(recording.snapshots) == len(texts["after"]) == 12
    assert data["names"] == list(recording.parameter_names)
    for k, (frame, snap) in enumerate(zip(frames, recording.snapshots)):
        assert frame["step"] == snap.step and frame["batch"] == list(snap.indices)
        assert frame["loss"].startswith(f"loss {snap.loss:.4g} · lr {snap.lr:.4g}")
        assert texts["before"][k].split(" ") == [f"{v:.4g}" for v in snap.before]
        assert texts["after"][k].split(" ") == [f"{v:.4g}" for v in snap.after]
        assert texts["grad"][k].split(" ") == [f"{v:.4g}" for v in snap.gradients]
        assert frame["plain"] is True  # plain SGD: the page may write w ← w − lr × grad
        assert frame["picture"].startswith("data:image/png;base64,")
        assert len(frame["weights"]) == len(frame["grads"]) == len(snap.after)
    xs = [frame["x"] for frame in frames]
    assert xs == sorted(xs) and len(set(xs)) == len(xs)  # the cursor moves right, step by step
    assert len({frame["picture"] for frame in frames}) == len(frames)  # the boundary moves as training goes


def test_the_boundary_is_the_models_own(moons, tmp_path):
    """The heat map's cell colours follow the sign of the model's score at the cell's centre."""
    recording, X, y = moons
    data = _data(nn.timeline(recording, X, y, tmp_path / "t.html", loss="hinge", grid=4).read_text(encoding="utf-8"))
    png = base64.b64decode(data["frames"][-1]["picture"].split(",", 1)[1])
    rows = zlib.decompress(png[png.index(b"IDAT") + 4 : png.index(b"IEND") - 8])
    pixels = [rows[r * 13 + 1 : (r + 1) * 13] for r in range(4)]  # a filter byte, then 4 RGB pixels per row
    model = recording.model
    for p, value in zip(model.parameters(), recording.snapshots[-1].after):
        p.data = value
    x0, x1 = min(r[0] for r in X), max(r[0] for r in X)
    y0, y1 = min(r[1] for r in X), max(r[1] for r in X)
    x0, x1, y0, y1 = x0 - (x1 - x0) * 0.05, x1 + (x1 - x0) * 0.05, y0 - (y1 - y0) * 0.05, y1 + (y1 - y0) * 0.05
    for j in range(4):
        for i in range(4):
            score = model([x0 + (x1 - x0) * (i + 0.5) / 4, y1 - (y1 - y0) * (j + 0.5) / 4]).data
            red, _, blue = pixels[j][3 * i : 3 * i + 3]
            assert (blue > red) == (score > 0), (i, j, score)


def test_the_same_recording_gives_the_same_bytes(moons, tmp_path):
    recording, X, y = moons
    first = nn.timeline(recording, X, y, tmp_path / "a.html", loss="hinge").read_bytes()
    assert nn.timeline(recording, X, y, tmp_path / "b.html", loss="hinge").read_bytes() == first


def test_one_feature_draws_the_models_curve(tmp_path):
    X, y = nn.make_linear(20, seed=0)
    recording = _recorded(nn.Linear(1, seed=0), X, y, lr=0.005, epochs=5)
    page = nn.timeline(recording, X, y, tmp_path / "line.html").read_text(encoding="utf-8")
    frames = _data(page)["frames"]
    assert '<path id="model-curve"' in page and 'id="boundary"' not in page
    assert all(frame["picture"].startswith("M") for frame in frames)
    assert frames[0]["picture"] != frames[-1]["picture"]


class Sum3(nn.Module):
    def __init__(self):
        self.w = [Value(0.1 * (i + 1), label=f"w{i}") for i in range(3)]

    def named_parameters(self):
        return [(f"w{i}", w) for i, w in enumerate(self.w)]

    def forward(self, x):
        return self.w[0] * x[0] + self.w[1] * x[1] + self.w[2] * x[2]


def test_other_shapes_say_why_they_are_not_drawn(tmp_path):
    X = [[i, i % 3, 1.0] for i in range(6)]
    y = [2.0 * i for i in range(6)]
    recording = _recorded(Sum3(), X, y, lr=0.001, epochs=3)
    page = nn.timeline(recording, X, y, tmp_path / "sum.html").read_text(encoding="utf-8")
    assert "The data has 3 features per sample: this panel draws 1 or 2." in page
    assert "The network panel draws nn.Neuron, nn.Layer and nn.MLP models; this is Sum3." in page
    data = _data(page)
    assert len(data["closeups"]) == 3  # a 9-Value graph: a step-through at every recorded step


def test_small_graphs_get_a_step_through_at_every_step_big_ones_at_a_few(moons, tmp_path):
    recording, X, y = moons
    few = _data(nn.timeline(recording, X, y, tmp_path / "a.html", loss="hinge", closeups=3).read_text("utf-8"))
    assert [page["step"] for page in few["closeups"]] == ["1", "7", "12"]  # first, middle, last
    assert [f["closeup"] for f in few["frames"]].count(-1) == len(recording.snapshots) - 3
    X1, y1 = nn.make_linear(10, seed=0)
    small = _recorded(nn.Linear(1, seed=0), X1, y1, lr=0.005, epochs=4)
    every = _data(nn.timeline(small, X1, y1, tmp_path / "b.html", loss="mse").read_text("utf-8"))
    assert [f["closeup"] for f in every["frames"]] == [0, 1, 2, 3]
    page = zlib.decompress(base64.b64decode(every["closeups"][1]["page"])).decode("utf-8")
    assert page.startswith("<!DOCTYPE html>") and "sample #0 at step 2" in page


def test_the_diverging_step_is_marked(tmp_path):
    X, y = nn.make_linear(20, seed=0)
    with pytest.warns(nn.DivergenceWarning):
        recording = _recorded(nn.Linear(1, seed=0), X, y, lr=1.0, epochs=100)
    page = nn.timeline(recording, X, y, tmp_path / "d.html").read_text(encoding="utf-8")
    last = _data(page)["frames"][-1]
    assert last["diverged"] and last["status"].startswith("diverged: ")
    assert "✕ diverged" in page


def test_bad_input_is_a_clear_error(moons, tmp_path):
    recording, X, y = moons
    with pytest.raises(TypeError, match=r"timeline: recording must be an nn.Recording .*, got History"):
        nn.timeline(nn.fit(nn.Linear(1, seed=0), [[1.0]], [1.0], epochs=1), X, y, tmp_path / "t.html")
    with pytest.raises(ValueError, match="timeline: X must be the data the recording was trained on: training used 30"):
        nn.timeline(recording, X[:20], y[:20], tmp_path / "t.html")
    with pytest.raises(ValueError, match="timeline: X and y must have the same length, got 30 rows and 29 targets"):
        nn.timeline(recording, X, y[:29], tmp_path / "t.html")
    with pytest.raises(ValueError, match="timeline: X, y must be the data the recording was trained on"):
        nn.timeline(recording, [[1.0, 2.0]] * 30, y, tmp_path / "t.html", loss="hinge")
    with pytest.raises(ValueError, match="the 30 samples have the right count but not the same numbers"):
        nn.timeline(recording, [*X[:-1], [9.0, 9.0]], y, tmp_path / "t.html")  # one row changed, no loss= given
    with pytest.raises(ValueError, match="not the same numbers"):
        nn.timeline(recording, X, [*y[:5], -y[5], *y[6:]], tmp_path / "t.html")  # one label flipped
    with pytest.raises(ValueError, match="timeline: path must be a file to write, got the directory"):
        nn.timeline(recording, X, y, tmp_path)
    with pytest.raises(TypeError, match=r"timeline: X\[3\] must be a list of numbers, got str 'ab'"):
        nn.timeline(recording, [*X[:3], "ab", *X[4:]], y, tmp_path / "t.html")
    with pytest.raises(ValueError, match=r"timeline: sample must be a position in X \(0 to 29\), got 30"):
        nn.timeline(recording, X, y, tmp_path / "t.html", sample=30)
    with pytest.raises(ValueError, match="timeline: number_format must be a format like"):
        nn.timeline(recording, X, y, tmp_path / "t.html", number_format="{:q}")
    assert not (tmp_path / "t.html").exists()  # nothing is written on error


@pytest.mark.parametrize(
    "model",
    [nn.MLP(2, [3, 2], activation="tanh", seed=1), nn.MLP(2, [3, 1], activation=lambda v: v.relu() + 0.1 * v, seed=1)],
    ids=["built-in activations: the graph is replayed", "custom activation: the model is called again"],
)
def test_the_model_is_evaluated_exactly_at_every_snapshot(model):
    from nn.timeline import _View

    points = [[0.1 * i, -0.2 * i] for i in range(7)]
    view = _View(None, model, [], [], str)
    evaluate = view.evaluator(points)
    for shift in (0.0, 0.5, -1.25):
        parameters = [0.3 * k - 1 + shift for k in range(model.num_parameters())]
        for p, value in zip(model.parameters(), parameters):
            p.data = value
        expected = [nn.predict(model, [point])[0] for point in points]
        for p in model.parameters():
            p.data = 0.0
        assert evaluate(parameters) == expected


def test_validation_loss_log_scale_and_the_learning_rate(tmp_path):
    X, y = nn.make_linear(40, seed=0)
    X_train, X_val, y_train, y_val = nn.train_test_split(X, y, test_size=0.25, seed=0)
    schedule = nn.step_decay(0.01, step_size=3, gamma=0.5)
    recording = _recorded(nn.Linear(1, seed=0), X_train, y_train, lr=schedule, epochs=6, validation_data=(X_val, y_val))
    page = nn.timeline(recording, X_train, y_train, tmp_path / "v.html", loss="mse").read_text(encoding="utf-8")
    assert recording.step_loss[0] / min(recording.step_loss) > 100 and "loss (log scale)" in page
    assert page.count('<circle class="val"') == 6 and "● validation loss per epoch" in page
    assert "learning rate 0.01 → 0.005" in page
    assert [f["lr"] for f in _data(page)["frames"]] == ["0.01", "0.01", "0.01", "0.005", "0.005", "0.005"]


def test_momentum_and_adam_are_not_written_as_lr_times_grad(tmp_path):
    X, y = nn.make_linear(10, seed=0)
    for make in (lambda m: nn.Adam(m.parameters(), lr=0.5), lambda m: nn.SGD(m.parameters(), 0.001, momentum=0.9)):
        model = nn.Linear(1, seed=0)
        recording = _recorded(model, X, y, optimizer=make(model), epochs=3)
        frames = _data(nn.timeline(recording, X, y, tmp_path / "a.html").read_text(encoding="utf-8"))["frames"]
        assert [f["plain"] for f in frames][1:] == [False, False]  # the first momentum step is plain SGD


def test_several_classes_shade_the_winning_class(tmp_path):
    X, y = nn.make_spiral(30, seed=0, labels=(0, 1, 2))
    model = nn.MLP(2, [6, 3], seed=0)
    recording = _recorded(model, X, y, loss="cross_entropy", lr=0.1, epochs=2)
    page = nn.timeline(recording, X, y, tmp_path / "c.html", loss="cross_entropy", closeups=1)
    data = _data(page.read_text(encoding="utf-8"))
    assert data["frames"][-1]["picture"].startswith("data:image/png;base64,") and len(data["closeups"]) == 1
    assert {f'class="class{label}' for label in set(y)} <= set(re.findall(r'class="class\d', page.read_text("utf-8")))


def test_a_run_whose_numbers_overflow_still_gets_its_page(tmp_path):
    """At lr=1e6 the tanh network's numbers grow until a gradient overflows: the page shows what could be drawn."""
    X = [[(x - 4.5) / 2.87] for x in range(10)]
    y = [(3 * x - 13.5) / 8.6 for x in range(10)]
    with pytest.warns(nn.DivergenceWarning):
        recording = _recorded(nn.MLP(1, [8, 1], activation="tanh", seed=0), X, y, lr=1e6, epochs=50)
    page = nn.timeline(recording, X, y, tmp_path / "big.html", loss="mse").read_text(encoding="utf-8")
    data = _data(page)
    assert data["frames"][-1]["diverged"] and data["frames"][-1]["closeup"] == -1
    assert data["closeups"] and "✕ diverged" in page


def test_an_update_too_small_for_the_format_is_written_with_the_digits_that_show_it():
    from nn.timeline import update_texts

    fmt = "{:.4g}".format
    assert update_texts(fmt, -0.99691, -0.99688) == ("-0.99691", "-0.99688")  # {:.4g} shows both as -0.9969
    assert update_texts(fmt, 0.5, 0.25) == ("0.5", "0.25")  # a visible change keeps the page's format
    assert update_texts(fmt, 1.0, 1.0) == ("1", "1")  # no change: nothing to show
    before, after = update_texts(fmt, 1.0, 1.0 + 2**-52)  # the smallest step a float can take still shows
    assert before != after


def test_the_same_numbers_as_ints_or_floats_are_the_same_data():
    from nn.data import fingerprint

    assert fingerprint([[1, 2]], [1]) == fingerprint([[1.0, 2.0]], [1.0])
    assert fingerprint([[1.0, 2.0]], [1.0]) != fingerprint([[1.0, 2.0000001]], [1.0])
    assert fingerprint([[1.0]], [[0.0, 1.0]]) != fingerprint([[1.0]], [[1.0, 0.0]])
