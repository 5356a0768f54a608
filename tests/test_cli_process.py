"""The ``stepgrad`` process: no traceback whatever argv, stdout or Ctrl-C does; help, usage, version."""

import os
import subprocess
import sys

from autograd.cli import main
from tests.cli_support import FullStream, console, one_error_line, run


def test_the_console_script_runs_and_never_prints_a_traceback(tmp_path):
    good = console("trace", "x*w + b", "--at", "x=1", "w=2", "b=3", "-o", str(tmp_path / "ok.html"), text=True)
    assert good.returncode == 0, good.stderr
    assert (tmp_path / "ok.html").exists()
    bad = console("trace", "x*", "--at", "x=1", text=True)
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr
    assert "stepgrad: error: column 3: not a valid expression" in bad.stderr
    usage = console(text=True)
    assert usage.returncode == 2
    assert "Traceback" not in usage.stderr


def test_help_and_usage_errors_return_a_status(capsys):
    assert main(["--help"]) == 0
    assert "trace" in capsys.readouterr().out
    assert main(["trace"]) == 2
    assert "expression" in capsys.readouterr().err


def test_bytes_that_are_not_utf8_anywhere_in_argv_give_one_line(tmp_path, capsys):
    # Python hands a command-line byte that is not UTF-8 to main as a lone surrogate ('\xff' → '\udcff').
    status, _, err = run(capsys, "trace", "x", "--at", "x\udcff=1")
    assert status == 2 and "--at expects name=value" in one_error_line(err)
    status, _, err = run(capsys, "trace", "x", "--at", "x=1\udcff")
    assert status == 2 and "is not a number" in one_error_line(err)
    target = tmp_path / "a\udcff.svg"
    status, out, err = run(capsys, "trace", "x*2", "--at", "x=1", "-o", str(target))
    assert status == 0, err
    assert os.fsencode(target) in [os.fsencode(p) for p in tmp_path.iterdir()]
    assert out == f"wrote {tmp_path}/a\\udcff.svg\n"  # escaped, not a crash


def test_a_full_standard_output_is_one_line_and_exit_1(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdout", FullStream())
    status = main(["trace", "x*2", "--at", "x=1", "-o", str(tmp_path / "g.svg")])
    err = capsys.readouterr().err
    assert status == 1
    assert "cannot write to standard output: No space left on device" in one_error_line(err)
    monkeypatch.setattr(sys, "stdout", FullStream())
    assert main(["--help"]) == 1
    assert (
        one_error_line(capsys.readouterr().err)
        == "stepgrad: error: cannot write to standard output: No space left on device\n"
    )


def test_the_console_script_survives_dev_full_and_raw_bytes(tmp_path):
    with open(os.devnull, "wb") as sink:  # /dev/full only as a place to write to: nothing is created or replaced
        full = "/dev/full" if os.path.exists("/dev/full") else None
        if full:
            with open(full, "wb") as stdout:
                argv = ("trace", "x*2", "--at", "x=1", "-o", str(tmp_path / "g.svg"))
                done = console(*argv, capture_output=False, stdout=stdout, stderr=subprocess.PIPE)
            assert done.returncode == 1
            assert b"Traceback" not in done.stderr and b"Exception ignored" not in done.stderr
            assert b"stepgrad: error: cannot write to standard output" in done.stderr
        raw = console(b"trace", b"x\xff", b"--at", b"x=1", stdin=sink)
    assert raw.returncode == 2
    assert b"Traceback" not in raw.stderr
    assert b"column 2: the byte 0xff is not UTF-8 text" in raw.stderr


def test_ctrl_c_is_one_line_and_exit_130(capsys, monkeypatch):
    from autograd.cli import trace

    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setattr(trace, "run", interrupted)
    assert main(["trace", "x", "--at", "x=1"]) == 130
    assert one_error_line(capsys.readouterr().err) == "stepgrad: error: interrupted\n"


def test_a_bug_is_still_one_line_that_says_to_report_it(capsys, monkeypatch):
    from autograd.cli import trace

    def broken(args):
        raise RuntimeError("something stepgrad did not expect")

    monkeypatch.setattr(trace, "run", broken)
    assert main(["trace", "x", "--at", "x=1"]) == 1
    err = one_error_line(capsys.readouterr().err)
    assert "internal error (RuntimeError: something stepgrad did not expect); please report it" in err


def test_version(capsys):
    import importlib.metadata

    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"stepgrad {importlib.metadata.version('stepgrad')}\n"


def test_an_expression_that_starts_with_a_minus_is_accepted(tmp_path, capsys):
    for argv in (
        ["trace", "-x*2", "--at", "x=1", "-o", str(tmp_path / "a.svg")],
        ["trace", "--at", "x=1", "-o", str(tmp_path / "b.svg"), "-x*2"],
        ["trace", "--at", "x=1", "-o", str(tmp_path / "c.svg"), "--", "-x*2"],
        ["trace", "-x", "--at", "x=3", "-o", str(tmp_path / "d.svg")],
    ):
        status, _, err = run(capsys, *argv)
        assert status == 0, err
    assert "data &#45;2.0000" in (tmp_path / "a.svg").read_text(encoding="utf-8")
    assert (tmp_path / "a.svg").read_bytes() == (tmp_path / "b.svg").read_bytes() == (tmp_path / "c.svg").read_bytes()


def test_an_option_like_expression_argparse_cannot_take_mentions_the_double_dash(capsys):
    status, _, err = run(capsys, "trace", "-h*x", "--at", "x=1", "h=2")
    assert status == 2
    assert "after '--': stepgrad trace --at x=1 -- -x*2" in err
    assert "Traceback" not in err
    status, _, err = run(capsys, "trace", "x*2", "-q", "--at", "x=1")
    assert status == 2 and "unrecognized arguments: -q" in err and "'--'" in err
