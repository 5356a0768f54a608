"""Saving and loading models as JSON: the architecture and every parameter, never pickle.

The file is versioned and written atomically (``autograd.files.write_atomic``: a temporary
file in the same directory, then ``os.replace``; missing directories are created), so a crash
never leaves half a model behind. Floats are written with ``repr``, so a round trip gives back
exactly the same numbers. Loading a corrupt or truncated file, another format version, or
parameters for another architecture raises ``ModelFileError`` and changes nothing.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import Any

from autograd import _args
from autograd._args import shown
from autograd.files import write_atomic
from nn.errors import ModelFileError
from nn.layers import MLP, Layer, Linear, Neuron
from nn.module import Module

FORMAT = "stepgrad-model"
VERSION = 1
MAX_INT_DIGITS = 18  # a model file's integers are layer sizes and the version
MODEL_CLASSES: dict[str, type[Module]] = {cls.__name__: cls for cls in (Neuron, Layer, Linear, MLP)}


def save(model: Module, path: str | os.PathLike[str]) -> Path:
    """Write ``model`` (architecture + parameters) to ``path`` as JSON; return the path.

    Missing parent directories are created; the file is readable by everyone (mode 0644).
    ``path`` names the file: a directory (or a path ending in "/") is an ``IsADirectoryError``.
    """
    name = type(model).__name__
    if MODEL_CLASSES.get(name) is not type(model):
        raise _args.type_error("save", "model", f"one of {', '.join(MODEL_CLASSES)}", model)
    if not isinstance(path, (str, os.PathLike)):
        raise _args.type_error("save", "path", "a file path (str or pathlib.Path)", path)
    for parameter_name, value in model.state_dict().items():
        if not math.isfinite(value):
            raise ValueError(f"save: parameter {parameter_name!r} is {value}; only finite parameters can be saved")
    document = {
        "format": FORMAT,
        "version": VERSION,
        "architecture": {"class": name, **model.config()},
        "parameters": model.state_dict(),
    }
    return write_atomic(path, json.dumps(document, indent=1, allow_nan=False))


def load(path: str | os.PathLike[str]) -> Module:
    """Rebuild the model saved in ``path``: same class, sizes, activations and exactly the same parameters.

    The number of parameters the architecture implies is compared with the file's before
    anything is built, so a small file cannot make ``load`` build a huge model.
    """
    document = _read(path)
    architecture = dict(document["architecture"])
    name = architecture.pop("class", None)
    cls = MODEL_CLASSES.get(name) if isinstance(name, str) else None
    if cls is None:
        raise ModelFileError(f"{path}: unknown model class {shown(name)}; expected one of {', '.join(MODEL_CLASSES)}")
    try:
        implied = cls.parameter_count(architecture)
    except KeyError as error:
        raise ModelFileError(f"{path}: the architecture lacks {error}") from error
    except (TypeError, ValueError) as error:
        raise ModelFileError(f"{path}: the architecture cannot be built ({error})") from error
    if implied != len(document["parameters"]):
        raise ModelFileError(
            f"{path}: the architecture ({_summary(document['architecture'])}) has {implied:,} parameters, "
            f"but the file holds {len(document['parameters']):,}"
        )
    try:
        model = cls(**architecture)
    except (TypeError, ValueError) as error:
        raise ModelFileError(f"{path}: the architecture cannot be built ({error})") from error
    _load_parameters(model, document, path)
    return model


def load_parameters(model: Module, path: str | os.PathLike[str]) -> None:
    """Set ``model``'s parameters from a model file saved from the same architecture (else ModelFileError)."""
    document = _read(path)
    saved = document["architecture"]
    current = {"class": type(model).__name__, **model.config()}
    if saved != current:
        raise ModelFileError(f"{path}: the file holds a {_summary(saved)}, but the model is a {_summary(current)}")
    _load_parameters(model, document, path)


def _read(path: str | os.PathLike[str]) -> dict[str, Any]:
    data = Path(path).read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        utf16 = " (it looks like UTF-16)" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ""
        raise ModelFileError(f"{path}: not a UTF-8 text file{utf16}; a model file is JSON in UTF-8") from error
    try:
        document = json.loads(text, parse_int=_small_int)
    except (json.JSONDecodeError, ValueError) as error:
        raise ModelFileError(f"{path}: not valid JSON ({error}); the file is corrupt or truncated") from error
    except RecursionError as error:
        raise ModelFileError(f"{path}: the JSON is nested too deeply to be a model file") from error
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ModelFileError(f'{path}: not a stepgrad model file (expected "format": {FORMAT!r})')
    version = document.get("version")
    if type(version) is not int or version != VERSION:
        raise ModelFileError(f"{path}: model file version {shown(version)}; this stepgrad reads version {VERSION}")
    if not isinstance(document.get("architecture"), dict) or not isinstance(document.get("parameters"), dict):
        raise ModelFileError(f'{path}: the file lacks its "architecture" or "parameters" section')
    return document


def _small_int(digits: str) -> int:
    """A JSON integer, refused when it is longer than any size or parameter a model file holds."""
    if len(digits.lstrip("-")) > MAX_INT_DIGITS:
        raise ValueError(f"an integer of {len(digits.lstrip('-'))} digits (at most {MAX_INT_DIGITS} are read)")
    return int(digits)


def _load_parameters(model: Module, document: dict[str, Any], path: str | os.PathLike[str]) -> None:
    try:
        model.load_state_dict(document["parameters"])
    except ModelFileError as error:
        raise ModelFileError(f"{path}: {error}") from error


def _summary(architecture: dict[str, Any]) -> str:
    return ", ".join(f"{key}={value!r}" for key, value in architecture.items())
