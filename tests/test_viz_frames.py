"""frames: animated GIFs, captions in every frame, a clean folder, checked arguments, size checked first."""

import re
import sys
from xml.etree import ElementTree

import pytest
from PIL import Image

from autograd import Value, backward_steps, topological_order
from autograd.viz import GraphTooLargeError, frames

SVG = "{http://www.w3.org/2000/svg}"


def test_gif_has_one_frame_per_step_and_the_given_delay(tmp_path, lecture_neuron):
    o, params = lecture_neuron()
    [path] = frames(o, tmp_path, format="gif", params=params, lr=0.1, delay=0.25)
    assert path == tmp_path / "steps.gif"
    steps = len(topological_order(o)) + 1 + len(backward_steps(o)) + len(params)
    with Image.open(path) as gif:
        assert gif.format == "GIF"
        assert gif.n_frames == steps
        assert gif.info["duration"] == 250
        assert gif.info["loop"] == 0
    assert [p.name for p in tmp_path.iterdir()] == ["steps.gif"]


def test_gif_bytes_are_deterministic(tmp_path, lecture_neuron):
    first = frames(lecture_neuron()[0], tmp_path / "a", format="gif", view="forward")[0].read_bytes()
    second = frames(lecture_neuron()[0], tmp_path / "b", format="gif", view="forward")[0].read_bytes()
    assert first == second


def texts(path):
    return [t.text for t in ElementTree.fromstring(path.read_bytes()).iter(f"{SVG}text")]


def test_every_frame_carries_its_caption(tmp_path, lecture_neuron):
    o, _ = lecture_neuron()
    paths = frames(o, tmp_path, view="backward")
    seed = " ".join(t for t in texts(paths[0]) if t)
    assert "Backward pass: start at the output" in seed
    last = texts(paths[-1])
    assert any(t and t.startswith("grad(") and "+=" in t for t in last)  # the arithmetic of the step
    no_caption = frames(o, tmp_path / "plain", view="backward", captions=False)
    assert not any("Backward pass" in (t or "") for t in texts(no_caption[0]))


def test_frames_into_a_used_folder_leave_no_stale_frame_and_keep_other_files(tmp_path, lecture_neuron):
    o, params = lecture_neuron()
    frames(o, tmp_path, params=params, lr=0.1)  # all phases: 24 frames
    (tmp_path / "notes.txt").write_text("mine")
    (tmp_path / "step-1-mine.svg").write_text("not a frame name frames writes")
    paths = frames(o, tmp_path, view="forward")
    frame_names = sorted(p.name for p in tmp_path.iterdir() if re.fullmatch(r"step-\d{3}-\w+\.svg", p.name))
    assert frame_names == sorted(p.name for p in paths)
    assert (tmp_path / "notes.txt").read_text() == "mine"
    assert (tmp_path / "step-1-mine.svg").exists()


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"format": None}, TypeError, "frames: format must be one of"),
        ({"format": "svg:evil"}, ValueError, "frames: format must be one of 'svg', 'png', 'pdf', 'gif'"),
        ({"format": "bmp"}, ValueError, "format"),
        ({"rankdir": "LR; evil"}, ValueError, "rankdir"),
        ({"max_nodes": "a"}, TypeError, "frames: max_nodes must be an int"),
        ({"delay": 0}, ValueError, "frames: delay must be > 0"),
        ({"delay": "1"}, TypeError, "delay"),
        ({"captions": "yes"}, TypeError, "captions"),
        ({"lr": float("nan")}, ValueError, "frames: lr must be a number, not NaN"),
        ({"lr": float("inf")}, ValueError, "frames: lr must be a finite number"),
    ],
)
def test_frames_check_their_arguments(tmp_path, kwargs, error, match, lecture_neuron):
    with pytest.raises(error, match=match):
        frames(lecture_neuron()[0], tmp_path, **kwargs)
    assert not list(tmp_path.iterdir())


def test_size_is_checked_before_any_step_is_built(tmp_path, monkeypatch):
    frames_module = sys.modules["autograd.viz.frames"]  # the package exports a function of the same name

    def no_steps(*args, **kwargs):
        raise AssertionError("steps were built before the size check")

    monkeypatch.setattr(frames_module, "build_steps", no_steps)
    y = Value(0.5, label="x")
    for _ in range(300):
        y = y * 1.0
    with pytest.raises(GraphTooLargeError, match=r"frames: the graph has 601 values.*max_nodes=500"):
        frames(y, tmp_path)


def test_a_failed_run_keeps_the_frames_of_the_last_good_one(tmp_path, lecture_neuron, monkeypatch):
    o, _ = lecture_neuron()
    before = {p.name: p.read_bytes() for p in frames(o, tmp_path, view="forward")}
    painter = sys.modules["autograd.viz.frames"]._FramePainter

    def broken(self, k):
        raise RuntimeError("interrupted while drawing")

    monkeypatch.setattr(painter, "paint", broken)
    with pytest.raises(RuntimeError, match="interrupted"):
        frames(o, tmp_path, view="backward")
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
