"""Atomic writes: the whole new file or the old one, never half; parents created; no temporary files left."""

import os
import pathlib
import stat

import pytest

from autograd.files import write_atomic


def test_writes_bytes_and_text_and_returns_the_path(tmp_path):
    picture = write_atomic(tmp_path / "picture.png", b"\x89PNG\x00\xff")
    page = write_atomic(str(tmp_path / "page.html"), "<p>₹100 per kg</p>")
    assert picture == tmp_path / "picture.png" and picture.read_bytes() == b"\x89PNG\x00\xff"
    assert page == tmp_path / "page.html" and page.read_bytes() == "<p>₹100 per kg</p>".encode()
    assert sorted(os.listdir(tmp_path)) == ["page.html", "picture.png"]


def test_creates_missing_parent_directories(tmp_path):
    path = write_atomic(tmp_path / "out" / "lesson" / "index.html", "hello")
    assert path.read_text(encoding="utf-8") == "hello"


def test_replaces_an_existing_file(tmp_path):
    path = tmp_path / "m.json"
    path.write_text("old", encoding="utf-8")
    write_atomic(path, "new")
    assert path.read_text(encoding="utf-8") == "new"
    assert os.listdir(tmp_path) == ["m.json"]


def test_a_new_file_honours_the_umask(tmp_path):
    previous = os.umask(0o022)
    try:
        shared = write_atomic(tmp_path / "shared.svg", b"<svg/>")
        os.umask(0o077)
        private = write_atomic(tmp_path / "private.json", "{}")
    finally:
        os.umask(previous)
    assert stat.S_IMODE(shared.stat().st_mode) == 0o644  # mkstemp alone would give 0o600
    assert stat.S_IMODE(private.stat().st_mode) == 0o600


def test_re_saving_keeps_the_existing_files_mode(tmp_path):
    path = tmp_path / "model.json"
    path.write_text("old", encoding="utf-8")
    path.chmod(0o600)
    write_atomic(path, "new")
    assert path.read_text(encoding="utf-8") == "new"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    path.chmod(0o640)
    write_atomic(path, "newer")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_an_explicit_mode_wins(tmp_path):
    path = tmp_path / "private.json"
    path.write_text("old", encoding="utf-8")
    write_atomic(path, "{}", mode=0o600)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with pytest.raises(ValueError, match=r"write_atomic: mode must be None or permission bits"):
        write_atomic(path, "{}", mode=-1)


def test_a_symlink_is_followed_and_its_target_replaced(tmp_path):
    runs = tmp_path / "runs" / "123"
    runs.mkdir(parents=True)
    model = runs / "model.json"
    model.write_text("old", encoding="utf-8")
    current = tmp_path / "current.json"
    current.symlink_to(pathlib.Path("runs") / "123" / "model.json")  # relative, as `ln -s` makes it
    assert write_atomic(current, "new") == current
    assert current.is_symlink()
    assert model.read_text(encoding="utf-8") == "new"
    assert sorted(os.listdir(tmp_path)) == ["current.json", "runs"]
    assert os.listdir(runs) == ["model.json"]


def test_a_dangling_symlink_creates_its_target(tmp_path):
    link = tmp_path / "latest.svg"
    link.symlink_to(tmp_path / "out" / "graph.svg")
    write_atomic(link, "<svg/>")
    assert link.is_symlink()
    assert (tmp_path / "out" / "graph.svg").read_text(encoding="utf-8") == "<svg/>"


def test_a_symlink_loop_is_a_clear_error_naming_the_path(tmp_path):
    loop = tmp_path / "loop"
    loop.symlink_to(tmp_path / "loop")
    with pytest.raises(OSError, match="loop of symbolic links") as caught:
        write_atomic(loop, "x")
    assert caught.value.filename == str(loop)
    assert loop.is_symlink()


def test_a_fifo_is_written_directly_not_replaced(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # a process reading the FIFO
    try:
        write_atomic(fifo, b"streamed")
        assert os.read(reader, 100) == b"streamed"
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert os.listdir(tmp_path) == ["pipe"]


def test_a_fifo_nobody_reads_is_a_clear_error_not_a_hang(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(OSError, match="a FIFO that no process is reading") as caught:
        write_atomic(fifo, b"data")
    assert caught.value.filename == str(fifo)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert os.listdir(tmp_path) == ["pipe"]


def test_a_symlink_to_a_fifo_writes_into_the_fifo(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "out.html"
    link.symlink_to(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        write_atomic(link, "page")
        assert os.read(reader, 100) == b"page"
    finally:
        os.close(reader)
    assert link.is_symlink() and stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_socket_is_refused(tmp_path):
    import socket

    path = tmp_path / "s.sock"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        with pytest.raises(OSError, match="not a regular file, a FIFO or a character device") as caught:
            write_atomic(path, "x")
        assert caught.value.filename == str(path)
        assert stat.S_ISSOCK(os.lstat(path).st_mode)
    finally:
        server.close()


@pytest.mark.parametrize("name", ["runs/", "runs" + os.sep])
def test_a_path_ending_with_a_separator_is_a_clear_error(tmp_path, monkeypatch, name):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(IsADirectoryError, match="ends with a separator") as caught:
        write_atomic(name, "x")
    assert caught.value.filename == name
    assert str(caught.value).endswith(f": {name!r}")  # the user's path, and nothing after it (no "-> None")
    assert os.listdir(tmp_path) == []


def test_a_directory_is_a_clear_error(tmp_path):
    (tmp_path / "runs").mkdir()
    with pytest.raises(IsADirectoryError, match="is a folder") as caught:
        write_atomic(tmp_path / "runs", "x")
    assert caught.value.filename == str(tmp_path / "runs")
    assert os.listdir(tmp_path / "runs") == []


@pytest.mark.parametrize("length", [242, 250, 255])
def test_a_long_legal_file_name_works(tmp_path, length):
    name = "a" * (length - len(".json")) + ".json"
    path = write_atomic(tmp_path / name, "{}")
    assert path.read_text(encoding="utf-8") == "{}"
    assert os.listdir(tmp_path) == [name]


def test_a_long_name_of_multibyte_characters_works(tmp_path):
    name = "₹" * 85  # 255 bytes of UTF-8
    write_atomic(tmp_path / name, "x")
    assert os.listdir(tmp_path) == [name]


def test_errors_name_the_users_path_not_the_temporary_file(tmp_path, monkeypatch):
    real_open = os.open

    def refuse_temporary_files(name, *args, **kwargs):
        if str(name).endswith(".tmp"):
            raise PermissionError(13, "Permission denied", str(name))
        return real_open(name, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse_temporary_files)
    with pytest.raises(PermissionError) as caught:
        write_atomic(tmp_path / "model.json", "{}")
    assert caught.value.filename == str(tmp_path / "model.json")
    assert ".tmp" not in str(caught.value)
    assert os.listdir(tmp_path) == []


def test_a_name_too_long_for_the_file_system_names_the_users_path(tmp_path):
    name = "a" * 256
    with pytest.raises(OSError, match="File name too long") as caught:
        write_atomic(tmp_path / name, "x")
    assert caught.value.filename == str(tmp_path / name)


def test_an_error_without_errno_still_names_the_path(tmp_path, monkeypatch):
    def crash(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", crash)
    with pytest.raises(OSError, match=r"m\.json: disk full"):
        write_atomic(tmp_path / "m.json", "{}")


def test_a_path_that_is_not_a_file_name_is_refused(tmp_path):
    with pytest.raises(TypeError, match=r"write_atomic: path must be a str or os.PathLike file name, got int 3"):
        write_atomic(3, "x")
    with pytest.raises(TypeError, match=r"write_atomic: path must be a str"):
        write_atomic(b"bytes.txt", "x")
    with pytest.raises(ValueError, match=r"write_atomic: path must be a file name, got ''"):
        write_atomic("", "x")


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_a_failure_leaves_the_old_file_intact_and_no_temporary_file(tmp_path, monkeypatch, failing):
    path = tmp_path / "m.json"
    path.write_bytes(b"old")

    def crash(*args, **kwargs):
        raise OSError(28, "No space left on device", "/tmp/.m.json.123.tmp")

    monkeypatch.setattr(os, failing, crash)
    with pytest.raises(OSError, match="No space left on device") as caught:
        write_atomic(path, b"new contents")
    assert caught.value.filename == str(path)
    assert path.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["m.json"]


def test_a_failure_leaves_no_file_where_there_was_none(tmp_path, monkeypatch):
    def crash(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(tmp_path / "new.json", "{}")
    assert os.listdir(tmp_path) == []


def test_data_that_is_not_bytes_or_text_is_refused_clearly(tmp_path):
    path = tmp_path / "picture.svg"
    path.write_bytes(b"old")
    with pytest.raises(TypeError, match=r"write_atomic: data for .*picture\.svg.* must be bytes or str, got int"):
        write_atomic(path, 42)
    assert path.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["picture.svg"]
