"""Atomic writes: the whole new file or the old one, never half; parents created; no temporary files left."""

import os
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


def test_file_is_readable_by_everyone_unless_told_otherwise(tmp_path):
    shared = write_atomic(tmp_path / "shared.svg", b"<svg/>")
    private = write_atomic(tmp_path / "private.json", "{}", mode=0o600)
    assert stat.S_IMODE(shared.stat().st_mode) == 0o644  # mkstemp alone would give 0o600
    assert stat.S_IMODE(private.stat().st_mode) == 0o600


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_a_failure_leaves_the_old_file_intact_and_no_temporary_file(tmp_path, monkeypatch, failing):
    path = tmp_path / "m.json"
    path.write_bytes(b"old")

    def crash(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(os, failing, crash)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(path, b"new contents")
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
