"""Helpers for the ``stepgrad`` command's tests: run it in-process or as the console script."""

import errno
import pathlib
import subprocess
import sys

from autograd.cli import main


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def one_error_line(err):
    """The single ``stepgrad: error:`` line of ``err`` (and that there is exactly one line, no traceback)."""
    assert "Traceback" not in err
    assert err.count("\n") == 1 and err.startswith("stepgrad: error: "), err
    return err


def balanced_sum(names):
    """``((a+b)+(c+d))...``: a long expression whose syntax tree is shallow (ast refuses deep ones)."""
    if len(names) == 1:
        return names[0]
    half = len(names) // 2
    return f"({balanced_sum(names[:half])}+{balanced_sum(names[half:])})"


class FullStream:
    """A standard output on a full disk (what ``> /dev/full`` gives)."""

    encoding = "utf-8"

    def write(self, text):
        raise OSError(errno.ENOSPC, "No space left on device")

    def flush(self):
        raise OSError(errno.ENOSPC, "No space left on device")


def console(*argv, **kwargs):
    script = pathlib.Path(sys.executable).parent / "stepgrad"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "autograd.cli"]
    kwargs.setdefault("capture_output", True)
    return subprocess.run([*command, *argv], timeout=120, **kwargs)


def readme_section():
    readme = pathlib.Path(__file__).resolve().parent.parent / "README.md"
    text = readme.read_text(encoding="utf-8")
    start = text.index("## The `stepgrad` command")
    return text[start : text.index("\n## ", start + 1)]
