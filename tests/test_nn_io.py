"""Model files: exact JSON round trips, atomic writes, and clear errors that leave models untouched."""

import json
import os
import stat

import pytest

import nn


def _trained_model():
    model = nn.MLP(2, [5, 3, 1], activation="tanh", output_activation="sigmoid", init="xavier", seed=4)
    X, y = nn.make_moons(20, seed=0)
    nn.fit(model, X, y, lr=0.3, epochs=2)  # parameters with many digits
    return model


@pytest.mark.parametrize(
    "model",
    [_trained_model(), nn.Linear(3, 2, bias=False, seed=1), nn.Layer(2, 3, "relu", seed=2), nn.Neuron(4, "tanh")],
    ids=["MLP", "Linear", "Layer", "Neuron"],
)
def test_save_load_round_trips_exactly(tmp_path, model):
    path = nn.save(model, tmp_path / "model.json")
    loaded = nn.load(path)
    assert type(loaded) is type(model) and repr(loaded) == repr(model)
    assert loaded.state_dict() == model.state_dict()  # bit for bit: floats are written with repr
    x = [0.3, -0.7, 1.1, 0.2][: model.nin]
    assert nn.predict(loaded, [x]) == nn.predict(model, [x])


def test_file_is_versioned_json_with_the_architecture(tmp_path):
    path = nn.save(nn.MLP(2, [4, 1], init="he"), tmp_path / "m.json")
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["format"] == "stepgrad-model" and document["version"] == 1
    assert document["architecture"] == {
        "class": "MLP",
        "nin": 2,
        "nouts": [4, 1],
        "activation": "relu",
        "output_activation": "linear",
        "bias": True,
        "init": "he",
    }
    assert len(document["parameters"]) == 17


def test_save_is_atomic(tmp_path, monkeypatch):
    path = tmp_path / "m.json"
    nn.save(nn.Linear(1, seed=1), path)
    before = path.read_bytes()

    def crash(*args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="disk full"):
        nn.save(nn.Linear(1, seed=2), path)
    assert path.read_bytes() == before  # the old file is intact
    assert os.listdir(tmp_path) == ["m.json"]  # and no temporary file is left behind


def test_save_creates_missing_directories_and_a_file_others_can_read(tmp_path):
    model = nn.Linear(2, seed=3)
    path = nn.save(model, tmp_path / "runs" / "today" / "model.json")
    assert path == tmp_path / "runs" / "today" / "model.json"
    assert nn.load(path).state_dict() == model.state_dict()
    assert stat.S_IMODE(path.stat().st_mode) == 0o644  # not private to the owner, like a bare mkstemp file


@pytest.mark.parametrize(
    ("mangle", "message"),
    [
        (lambda text: text[: len(text) // 2], "not valid JSON.*corrupt or truncated"),
        (lambda text: text.replace('"version": 1', '"version": 2'), "version 2; this stepgrad reads version 1"),
        (lambda text: "[1, 2]", "not a stepgrad model file"),
        (lambda text: text.replace('"L1.n0.w0"', '"L1.n0.w9"'), "missing 'L1.n0.w0'"),
        (lambda text: text.replace('"nouts": [\n   4,', '"nouts": [\n   5,'), "missing 'L1.n4.w0'"),
        (lambda text: text.replace('"class": "MLP"', '"class": "Pickle"'), "unknown model class"),
    ],
)
def test_bad_files_raise_model_file_error(tmp_path, mangle, message):
    path = nn.save(nn.MLP(2, [4, 1]), tmp_path / "m.json")
    path.write_text(mangle(path.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(nn.ModelFileError, match=message):
        nn.load(path)


def test_load_parameters_checks_the_architecture_and_leaves_the_model_untouched(tmp_path):
    source = nn.MLP(2, [4, 1], seed=1)
    path = nn.save(source, tmp_path / "m.json")
    target = nn.MLP(2, [4, 1], seed=2)
    nn.load_parameters(target, path)
    assert target.state_dict() == source.state_dict()
    other = nn.MLP(2, [4, 2], seed=3)
    before = other.state_dict()
    with pytest.raises(nn.ModelFileError, match=r"the file holds a class='MLP', nin=2, nouts=\[4, 1\]"):
        nn.load_parameters(other, path)
    assert other.state_dict() == before
    path.write_text(path.read_text(encoding="utf-8")[:-20], encoding="utf-8")
    with pytest.raises(nn.ModelFileError):
        nn.load_parameters(target, path)


def test_unsaveable_models_are_refused(tmp_path):
    with pytest.raises(ValueError, match="custom activation"):
        nn.save(nn.MLP(2, [3, 1], activation=lambda v: v * v), tmp_path / "m.json")
    model = nn.Linear(1)
    model.parameters()[0].data = float("inf")
    with pytest.raises(ValueError, match="only finite parameters"):
        nn.save(model, tmp_path / "m.json")
    assert not (tmp_path / "m.json").exists()
