"""``stepgrad tour``: the lessons' own write_tour, and one line when they or matplotlib are missing."""

import pathlib
import sys

from tests.cli_support import one_error_line, run


def test_tour_without_the_lessons_installed_says_what_to_install(capsys, monkeypatch, tmp_path):
    from autograd.cli import tour

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(tour, "TOUR_MODULES", ("stepgrad_lessons_not_here.tour",))
    status, out, err = run(capsys, "tour", "-o", "never")
    assert status == 1 and out == ""
    assert 'the lessons are not installed with this stepgrad; pip install "stepgrad[demo]"' in one_error_line(err)
    assert not pathlib.Path("never").exists()


def test_tour_without_matplotlib_says_what_to_install(capsys, monkeypatch, tmp_path):
    for name in [name for name in sys.modules if name == "demos" or name.startswith(("demos.", "matplotlib"))]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # `import matplotlib` now fails as if it were missing
    status, out, err = run(capsys, "tour", "-o", str(tmp_path / "tour"))
    assert status == 1 and out == ""
    assert "matplotlib" in one_error_line(err)
    assert 'pip install "stepgrad[demo]"' in err or "pip install 'stepgrad[demo]'" in err
    assert not (tmp_path / "tour").exists()


def test_tour_into_a_file_is_refused_before_any_lesson_runs(capsys, tmp_path):
    plain = tmp_path / "notes.txt"
    plain.write_text("mine", encoding="utf-8")
    status, out, err = run(capsys, "tour", "-o", str(plain))
    assert status == 2 and out == ""
    assert "it is a file; the tour needs a folder" in one_error_line(err)
    assert plain.read_text(encoding="utf-8") == "mine"


def test_tour_runs_the_lessons_own_write_tour(capsys, monkeypatch, tmp_path):
    # The real tour takes a minute or more (every lesson; demos' tests run it); here: that the command
    # finds the lessons' write_tour, passes -o and --workers, and prints where the page is.
    import demos.tour
    from autograd.cli import tour

    assert tour._tour_writer() is demos.tour.write_tour
    calls = []

    def write_tour(out, *, workers):
        calls.append((out, workers))
        return pathlib.Path(out) / "index.html"

    monkeypatch.setattr(demos.tour, "write_tour", write_tour)
    status, out, err = run(capsys, "tour", "-o", str(tmp_path / "t"), "--workers", "2")
    assert status == 0, err
    assert calls == [(str(tmp_path / "t"), 2)]
    index = tmp_path / "t" / "index.html"
    assert out == f"wrote {index}; open it in a browser: {index.as_uri()}\n"
