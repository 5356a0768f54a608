"""A CSV file → training data: inputs X (standardised), targets y, and what kind of task it is.

Read with the standard library's ``csv`` module. The first row names the columns; blank
lines are skipped; every other row must have one field per column. One column is the
target; all the others are inputs and must be numbers. Every problem is a ``DataFileError``
naming the file and the line.

The task follows the target: numbers → regression (mse); text labels → classification
(two labels: binary cross-entropy on one output; more: cross-entropy on one output per
label). A loss given by name overrides it (``hinge`` and ``binary_cross_entropy`` need exactly
two labels, ``cross_entropy`` two or more, ``mse``/``mae`` numbers).

Every input column is standardised, x → (x − mean) / standard deviation, and so is a
regression target, so one learning rate suits data in any units.
"""

from __future__ import annotations

import csv
import io
import math
import os
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from autograd._args import choice, text, type_error
from autograd.cli.errors import DataFileError

REGRESSION_LOSSES = ("mse", "mae")
TWO_LABEL_LOSSES = ("binary_cross_entropy", "hinge")
LOSSES = (*REGRESSION_LOSSES, *TWO_LABEL_LOSSES, "cross_entropy")
MAX_ROWS = 100_000  # a scalar engine in plain Python trains on far fewer
MAX_CLASSES = 100


@dataclass(frozen=True)
class Scaling:
    """How one column was standardised: ``scaled = (raw − mean) / scale``."""

    name: str
    mean: float
    scale: float


@dataclass(frozen=True)
class Dataset:
    """Training data read from a CSV file, ready for ``nn.fit``."""

    path: str
    features: list[str]  # the input columns, in file order
    target: str
    X: list[list[float]]  # standardised inputs, one row per data line
    y: list[float] | list[int]  # standardised numbers, 0/1 or ±1 labels, or class indices
    loss: str
    classes: list[str]  # classification: the label of each class index / of 0 and 1; regression: []
    scalings: list[Scaling]  # the inputs', then (regression) the target's

    @property
    def outputs(self) -> int:
        """How many outputs the model needs: one per class for cross-entropy, else one."""
        return len(self.classes) if self.loss == "cross_entropy" else 1


def read_dataset(
    path: str | os.PathLike[str], target: str, *, loss: str | None = None, delimiter: str = ","
) -> Dataset:
    """Read ``path`` and make the Dataset that predicts column ``target`` (``loss`` None: from the target)."""
    if not isinstance(path, (str, os.PathLike)):
        raise type_error("read_dataset", "path", "a str or os.PathLike file name", path)
    text("read_dataset", "target", target)
    text("read_dataset", "delimiter", delimiter)
    if loss is not None:
        choice("read_dataset", "loss", loss, LOSSES)
    name = os.fspath(path)
    header, rows, lines = _read_rows(name, delimiter)
    if target not in header:
        raise DataFileError(f"{name}: line {lines[0]}: no column named {target!r} (columns: {', '.join(header)})")
    if not rows:
        raise DataFileError(f"{name}: line {lines[0]}: a header and no rows of data; training needs at least 2")
    if len(rows) == 1:
        raise DataFileError(f"{name}: line {lines[1]}: the only row of data; training needs at least 2")
    if len(header) < 2:
        raise DataFileError(f"{name}: line {lines[0]}: {target!r} is the only column; there is no input to learn from")
    features = [column for column in header if column != target]
    positions = [header.index(column) for column in features]
    where = header.index(target)
    raw = [
        [_number(name, line, column, row[i]) for column, i in zip(features, positions)]
        for row, line in zip(rows, lines[1:])
    ]
    X, scalings = _standardised(name, raw, features)
    labels = [row[where].strip() for row in rows]
    loss = loss or _default_loss(name, target, labels, lines[1:])
    if loss in REGRESSION_LOSSES:
        numbers = [_number(name, line, target, label) for label, line in zip(labels, lines[1:])]
        (y,), (target_scaling,) = _standardised_columns(name, [numbers], [target])
        return Dataset(name, features, target, X, y, loss, [], [*scalings, target_scaling])
    classes = _classes(name, target, labels, loss)
    index = {label: i for i, label in enumerate(classes)}
    y = [index[label] for label in labels]
    if loss == "hinge":
        y = [2 * k - 1 for k in y]
    return Dataset(name, features, target, X, y, loss, classes, scalings)


def _read_rows(name: str, delimiter: str) -> tuple[list[str], list[list[str]], list[int]]:
    """The header, the data rows (fields as text) and the line each of them starts on (the header's first)."""
    if len(delimiter) != 1:
        raise DataFileError(f"{name}: the delimiter must be one character, got {delimiter!r}")
    try:
        with open(name, "rb") as file:
            data = file.read()
    except OSError as error:
        raise DataFileError(f"cannot read {name}: {error.strerror or error}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise DataFileError(f"{name}: line {line}: not UTF-8 text (byte 0x{data[error.start]:02x})") from None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    header: list[str] | None = None
    rows, lines = [], []
    start = 1
    try:
        for row in reader:
            line, start = start, reader.line_num + 1
            if not row or all(not field.strip() for field in row):
                continue  # a blank line
            if header is None:
                header = _header(name, line, row)
                lines.append(line)
                continue
            if len(row) != len(header):
                raise DataFileError(
                    f"{name}: line {line}: {len(row)} field(s), but the header (line {lines[0]}) has {len(header)}"
                )
            if len(rows) == MAX_ROWS:
                raise DataFileError(
                    f"{name}: line {line}: more than {MAX_ROWS:,} rows of data; stepgrad trains on fewer"
                )
            rows.append(row)
            lines.append(line)
    except csv.Error as error:
        raise DataFileError(f"{name}: line {reader.line_num}: not valid CSV ({error})") from None
    if header is None:
        raise DataFileError(f"{name}: the file is empty; expected a header row naming the columns, then rows of data")
    return header, rows, lines


def _header(name: str, line: int, row: list[str]) -> list[str]:
    """The column names, each non-empty and different."""
    header = [field.strip() for field in row]
    for i, column in enumerate(header, start=1):
        if not column:
            raise DataFileError(f"{name}: line {line}: column {i} of the header has no name")
    seen: set[str] = set()
    for column in header:
        if column in seen:
            raise DataFileError(f"{name}: line {line}: two columns are named {column!r}")
        seen.add(column)
    return header


def _number(name: str, line: int, column: str, field: str) -> float:
    """The finite number in ``field``, or a DataFileError saying where it is not one."""
    text = field.strip()
    if not text:
        raise DataFileError(f"{name}: line {line}: column {column!r} is empty; every input needs a number")
    try:
        number = float(text)
    except ValueError:
        raise DataFileError(f"{name}: line {line}: column {column!r} is {_shown(text)}, not a number") from None
    if not math.isfinite(number):
        raise DataFileError(f"{name}: line {line}: column {column!r} is {_shown(text)}, not a finite number")
    return number


def _is_number(text: str) -> bool:
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


def _shown(text: str) -> str:
    return repr(text) if len(text) <= 40 else repr(text[:39] + "…")


def _default_loss(name: str, target: str, labels: Sequence[str], lines: Sequence[int]) -> str:
    """mse for a column of numbers, a classification loss for a column of labels; a mix is a mistake."""
    numeric = [_is_number(label) for label in labels]
    if all(numeric):
        return "mse"
    if any(numeric):  # most likely a typo in a column of numbers
        line, label = next((line, label) for line, label, ok in zip(lines, labels, numeric) if not ok)
        raise DataFileError(
            f"{name}: line {line}: column {target!r} is {_shown(label)}, not a number like the others "
            "(to treat every value as a label, give --loss cross_entropy)"
        )
    return "binary_cross_entropy" if len(set(labels)) == 2 else "cross_entropy"


def _classes(name: str, target: str, labels: Sequence[str], loss: str) -> list[str]:
    """The distinct labels in a fixed order (numbers by value, text alphabetically); checked against the loss."""
    distinct = set(labels)
    if "" in distinct:
        raise DataFileError(f"{name}: column {target!r} has an empty label; every row needs one")
    classes = sorted(distinct, key=float) if all(map(_is_number, distinct)) else sorted(distinct)
    if len(classes) > MAX_CLASSES:
        raise DataFileError(f"{name}: column {target!r} has {len(classes):,} different labels; at most {MAX_CLASSES}")
    if len(classes) < 2:
        raise DataFileError(
            f"{name}: column {target!r} has only one label ({classes[0]!r}); classification needs two or more"
        )
    if loss in TWO_LABEL_LOSSES and len(classes) != 2:
        raise DataFileError(
            f"{name}: --loss {loss} needs exactly two labels in column {target!r}, found {len(classes)}; "
            "use --loss cross_entropy"
        )
    return classes


def _standardised(where: str, raw: list[list[float]], names: list[str]) -> tuple[list[list[float]], list[Scaling]]:
    """The rows of ``raw`` with every column standardised, and how."""
    columns, scalings = _standardised_columns(where, [list(column) for column in zip(*raw)], names)
    return [list(row) for row in zip(*columns)], scalings


def _standardised_columns(
    where: str, columns: list[list[float]], names: list[str]
) -> tuple[list[list[float]], list[Scaling]]:
    """Each column shifted to mean 0 and scaled to standard deviation 1 (a constant column: shifted only)."""
    scaled, scalings = [], []
    for column, name in zip(columns, names):
        try:
            mean = statistics.fmean(column)
            scale = statistics.pstdev(column, mean) or 1.0
            scaled.append([(x - mean) / scale for x in column])
        except (OverflowError, ZeroDivisionError):
            raise DataFileError(f"{where}: column {name!r} holds numbers too large to standardise") from None
        scalings.append(Scaling(name, mean, scale))
    return scaled, scalings
