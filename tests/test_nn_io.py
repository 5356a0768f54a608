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
        (
            lambda text: text.replace('"nouts": [\n   4,', '"nouts": [\n   5,'),
            "has 21 parameters, but the file holds 17",
        ),
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


def _model_file(tmp_path, **changes):
    """A valid Linear(1) model file with some top-level or architecture entries replaced."""
    document = json.loads(nn.save(nn.Linear(1, seed=0), tmp_path / "m.json").read_text(encoding="utf-8"))
    for key, value in changes.items():
        (document["architecture"] if key in ("nin", "nout", "class") else document)[key] = value
    return document


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a UTF-8 text file"),
        ('{"format": "stepgrad-model"}'.encode("utf-16"), r"not a UTF-8 text file \(it looks like UTF-16\)"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"format": "stepgrad-model", "version": ' + "9" * 401 + "}", "an integer of 401 digits"),
        ('{"format": "stepgrad-model", "version": ' + "9" * 5000 + "}", "an integer of 5000 digits"),
    ],
    ids=["png", "utf-16", "deeply-nested", "401-digits", "5000-digits"],
)
def test_files_that_are_not_model_json_raise_model_file_error(tmp_path, content, message):
    path = tmp_path / "m.json"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    with pytest.raises(nn.ModelFileError, match=message):
        nn.load(path)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"class": []}, r"unknown model class \[\]"),
        ({"version": True}, "model file version True; this stepgrad reads version 1"),
        ({"nin": "1"}, r"cannot be built \(Linear: nin must be an int, got str '1'\)"),
        ({"nin": 10**9, "nout": 1000}, r"has 1,000,000,001,000 parameters, but the file holds 2"),
    ],
    ids=["class-list", "version-true", "nin-str", "huge-architecture"],
)
def test_bad_architectures_raise_model_file_error_before_building(tmp_path, changes, message):
    path = tmp_path / "m.json"
    path.write_text(json.dumps(_model_file(tmp_path, **changes)), encoding="utf-8")
    with pytest.raises(nn.ModelFileError, match=message):
        nn.load(path)


def test_a_tiny_file_claiming_a_huge_model_fails_fast(tmp_path):
    path = tmp_path / "huge.json"
    text = (
        '{"format":"stepgrad-model","version":1,'
        '"architecture":{"class":"Linear","nin":1000000000,"nout":1000},"parameters":{}}'
    )
    path.write_text(text, encoding="utf-8")
    assert len(text) <= 130
    builds = []
    original = nn.Neuron.__init__

    def counting(self, *args, **kwargs):
        builds.append(1)
        original(self, *args, **kwargs)

    nn.Neuron.__init__ = counting
    try:
        with pytest.raises(nn.ModelFileError, match="has 1,000,000,001,000 parameters"):
            nn.load(path)
    finally:
        nn.Neuron.__init__ = original
    assert builds == []  # nothing was built


@pytest.mark.parametrize("where", ["runs/", "existing"])
def test_save_to_a_directory_is_a_clear_error(tmp_path, monkeypatch, where):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "existing").mkdir()
    with pytest.raises(IsADirectoryError, match=where):
        nn.save(nn.Linear(1), where)
    assert sorted(os.listdir(tmp_path)) == ["existing"]  # nothing written
    with pytest.raises(TypeError, match="save: path must be a file path"):
        nn.save(nn.Linear(1), 42)
