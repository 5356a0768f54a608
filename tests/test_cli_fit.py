"""``stepgrad fit``: a CSV file in, a training timeline out; every bad file is one line with its line number."""

import pathlib
import re
import statistics

import pytest

from autograd.cli import DataFileError, read_dataset
from tests.cli_support import run


def write(tmp_path, text, name="data.csv"):
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("size,rooms,price\n50,2,100\n60,x,120\n", "data.csv: line 3: column 'rooms' is 'x', not a number"),
        ("size,price\n50,100\n60,120,7\n", "data.csv: line 3: 3 field(s), but the header (line 1) has 2"),
        ("size,price\n50,100\n60\n", "data.csv: line 3: 1 field(s), but the header (line 1) has 2"),
        ("size,cost\n50,100\n60,120\n", "data.csv: line 1: no column named 'price' (columns: size, cost)"),
        ("", "data.csv: the file is empty"),
        ("\n\n  \n", "data.csv: the file is empty"),
        ("size,price\n", "data.csv: line 1: a header and no rows of data; training needs at least 2"),
        ("size,price\n\n50,100\n", "data.csv: line 3: the only row of data; training needs at least 2"),
        (b"size,price\n50,100\n60,\xff\n", "data.csv: line 3: not UTF-8 text (byte 0xff)"),
        ("size,price\n50,100\n,120\n", "data.csv: line 3: column 'size' is empty"),
        ("size,price\n50,100\nnan,120\n", "data.csv: line 3: column 'size' is 'nan', not a finite number"),
        ("size,price\n50,100\n1e999,120\n", "data.csv: line 3: column 'size' is '1e999', not a finite number"),
        ("size,price\n50,100\n60,120\n70,abc\n", "data.csv: line 4: column 'price' is 'abc', not a number like"),
        ("size,price\n50,cheap\n60,cheap\n", "column 'price' has only one label ('cheap')"),
        ("size,size,price\n1,2,3\n4,5,6\n", "data.csv: line 1: two columns are named 'size'"),
        ("size,,price\n1,2,3\n4,5,6\n", "data.csv: line 1: column 2 of the header has no name"),
        ('size,price\n50,100\n"60,120\n', "data.csv: line 3: not valid CSV (unexpected end of data)"),
        ("price\n100\n120\n", "data.csv: line 1: 'price' is the only column; there is no input to learn from"),
        ("\n\nsize,price\n50,100\n\n60,oops\n70,1\n", "data.csv: line 6: column 'price' is 'oops'"),
    ],
)
def test_a_bad_file_is_one_line_with_its_line_number_exit_2_and_nothing_written(tmp_path, capsys, text, message):
    data = write(tmp_path, text)
    page = tmp_path / "training.html"
    status, out, err = run(capsys, "fit", str(data), "--target", "price", "--epochs", "2", "-o", str(page))
    assert status == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("stepgrad: error: "), err
    assert message in err
    assert "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.csv"]


def test_a_missing_file_or_a_folder_is_a_clear_error(tmp_path, capsys):
    status, _, err = run(capsys, "fit", str(tmp_path / "nope.csv"), "--target", "y")
    assert status == 2 and f"cannot read {tmp_path / 'nope.csv'}: No such file or directory" in err
    status, _, err = run(capsys, "fit", str(tmp_path), "--target", "y")
    assert status == 2 and f"cannot read {tmp_path}: Is a directory" in err


def test_a_missing_target_option_is_a_usage_error(tmp_path, capsys):
    data = write(tmp_path, "x,y\n1,2\n3,4\n")
    status, _, err = run(capsys, "fit", str(data))
    assert status == 2 and "the following arguments are required: --target" in err


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--loss", "hinge"], "--loss hinge needs exactly two labels in column 'kind', found 3"),
        (["--loss", "binary_cross_entropy"], "needs exactly two labels"),
        (["--loss", "mse"], "line 2: column 'kind' is 'cat', not a number"),
        (["--hidden", "8,x"], "expected layer sizes like 8,8"),
        (["--hidden", "0"], "each layer size must be from 1 to 1000"),
        (["--lr", "nan"], "argument --lr: expected a finite number"),
        (["--lr", "0"], "argument --lr: expected a number > 0"),
        (["--epochs", "0"], "argument --epochs: expected a whole number from 1 to 100000"),
        (["--delimiter", ";;"], "the delimiter must be one character"),
        (["--activation", "gelu"], "argument --activation: invalid choice"),
    ],
)
def test_bad_options_are_exit_2(tmp_path, capsys, options, message):
    data = write(tmp_path, "x,kind\n1,cat\n2,dog\n3,eel\n")
    status, _, err = run(capsys, "fit", str(data), "--target", "kind", *options, "-o", str(tmp_path / "t.html"))
    assert status == 2
    assert message in err and "Traceback" not in err
    assert not (tmp_path / "t.html").exists()


def test_inputs_and_a_numeric_target_are_standardised(tmp_path):
    data = read_dataset(write(tmp_path, "kg,km,charge\n1,10,150\n2,10,250\n3,10,350\n"), "charge")
    assert data.loss == "mse" and data.classes == [] and data.outputs == 1
    assert data.features == ["kg", "km"]
    kg = [row[0] for row in data.X]
    assert statistics.fmean(kg) == pytest.approx(0.0) and statistics.pstdev(kg) == pytest.approx(1.0)
    assert [row[1] for row in data.X] == [0.0, 0.0, 0.0]  # a constant column is only shifted
    assert data.y == pytest.approx([-1.224744871, 0.0, 1.224744871])
    assert [(s.name, s.mean) for s in data.scalings] == [("kg", 2.0), ("km", 10.0), ("charge", 250.0)]
    assert data.scalings[0].scale == pytest.approx(statistics.pstdev([1, 2, 3]))


def test_labels_pick_classification_and_the_loss_decides_their_encoding(tmp_path):
    path = write(tmp_path, "\ufeffx,kind\n1,dog\n2,cat\n3,dog\n")  # a byte-order mark, as Excel writes
    binary = read_dataset(path, "kind")
    assert binary.features == ["x"]
    assert (binary.loss, binary.classes, binary.y, binary.outputs) == (
        "binary_cross_entropy",
        ["cat", "dog"],
        [1, 0, 1],
        1,
    )
    hinge = read_dataset(path, "kind", loss="hinge")
    assert hinge.y == [1, -1, 1]
    several = read_dataset(write(tmp_path, "x,kind\n1,b\n2,c\n3,a\n", "three.csv"), "kind")
    assert (several.loss, several.classes, several.y, several.outputs) == (
        "cross_entropy",
        ["a", "b", "c"],
        [1, 2, 0],
        3,
    )
    numeric = read_dataset(write(tmp_path, "x,digit\n1,10\n2,9\n3,10\n", "digits.csv"), "digit", loss="cross_entropy")
    assert numeric.classes == ["9", "10"] and numeric.y == [1, 0, 1]  # numbers in numeric order


def test_quoted_fields_blank_lines_and_another_delimiter(tmp_path):
    path = write(tmp_path, 'a;"b;c";y\n1;2;3\n\n"4";"5";"6\n"\n7;8;x\n')
    with pytest.raises(DataFileError, match=r"line 6: column 'y' is 'x', not a number like the others"):
        read_dataset(path, "y", delimiter=";")  # the quoted field "6\n" spans lines 4-5


def test_fit_trains_and_writes_the_timeline(tmp_path, capsys):
    rows = "\n".join(f"{kg},{100 * kg + 50}" for kg in (1, 2, 3, 4, 5, 6))
    data = write(tmp_path, f"kg,charge\n{rows}\n")
    page = tmp_path / "training.html"
    status, out, err = run(
        capsys,
        "fit",
        str(data),
        "--target",
        "charge",
        "--hidden",
        "4",
        "--epochs",
        "30",
        "--lr",
        "0.1",
        "-o",
        str(page),
    )
    assert status == 0, err
    assert out.startswith(f"trained MLP(1 → 4 → 1) on 6 rows of {data} (regression, mse, standardised inputs)")
    assert out.endswith(f"wrote {page}\n")
    first, last = (float(x) for x in re.search(r"mean loss (\S+) → ([\d.e+-]+)", out).groups())
    assert last < first
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") or html.lower().startswith("<!doctype html>")


def test_fit_classifies_labels(tmp_path, capsys):
    rows = "\n".join(f"{x},{y},{'in' if x * x + y * y < 2 else 'out'}" for x in range(-2, 3) for y in range(-2, 3))
    data = write(tmp_path, f"x,y,where\n{rows}\n")
    page = tmp_path / "t.html"
    status, out, err = run(capsys, "fit", str(data), "--target", "where", "--epochs", "20", "-o", str(page))
    assert status == 0, err
    assert "(classification into 2 labels: in, out, binary_cross_entropy, standardised inputs)" in out
    assert "accuracy" in out
    assert page.exists()


def test_fit_is_deterministic(tmp_path, capsys):
    rows = "\n".join(f"{x},{x % 3}" for x in range(12))
    data = write(tmp_path, f"x,y\n{rows}\n")
    pages = []
    for name in ("a.html", "b.html"):
        status, _, err = run(capsys, "fit", str(data), "--target", "y", "--epochs", "5", "-o", str(tmp_path / name))
        assert status == 0, err
        pages.append((tmp_path / name).read_bytes())
    assert pages[0] == pages[1]


def test_divergence_writes_the_page_that_shows_it_and_exits_1(tmp_path, capsys):
    rows = "\n".join(f"{x},{3 * x}" for x in range(10))
    data = write(tmp_path, f"x,y\n{rows}\n")
    page = tmp_path / "t.html"
    status, out, err = run(capsys, "fit", str(data), "--target", "y", "--lr", "1e6", "--epochs", "50", "-o", str(page))
    assert status == 1
    assert out == ""
    assert "training diverged" in err and f"The page {page} shows the steps up to it." in err
    assert err.count("\n") == 1
    assert page.exists()


HOUSES = {  # a file for each error line the README shows
    "line 7: column 'rooms' is 'three', not a number": "size,rooms,age,price\n" + "1,2,3,4\n" * 5 + "1,three,3,4\n",
    "line 9: 3 field(s), but the header (line 1) has 4": "size,rooms,age,price\n" + "1,2,3,4\n" * 7 + "1,2,3\n",
    "line 1: no column named 'price' (columns: size, rooms, cost)": "size,rooms,cost\n1,2,3\n4,5,6\n",
    "the file is empty; expected a header row naming the columns, then rows of data": "",
    "line 2: the only row of data; training needs at least 2": "size,price\n1,2\n",
}


def test_the_readmes_fit_errors_are_what_the_command_prints(tmp_path, capsys, monkeypatch):
    readme = (pathlib.Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for message, text in HOUSES.items():
        line = f"stepgrad: error: houses.csv: {message}"
        assert f"\n{line}\n" in readme
        write(tmp_path, text, "houses.csv")
        assert run(capsys, "fit", "houses.csv", "--target", "price") == (2, "", line + "\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["houses.csv"]


def test_read_dataset_refuses_the_wrong_kind_of_argument(tmp_path):
    path = write(tmp_path, "x,y\n1,2\n3,4\n")
    with pytest.raises(TypeError, match=r"read_dataset: path must be a str or os.PathLike file name, got int 3"):
        read_dataset(3, "y")
    with pytest.raises(TypeError, match=r"read_dataset: target must be a str"):
        read_dataset(path, 1)
    with pytest.raises(ValueError, match=r"read_dataset: loss must be one of 'mse'"):
        read_dataset(path, "y", loss="l1")
