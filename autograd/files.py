"""Atomic file writes: a reader sees the old file or the whole new one, never half of it.

Every file stepgrad writes (pictures, step-through pages, model files, the tour page) goes
through ``write_atomic``: the data goes to a temporary file in the same directory, is flushed
to disk, and then ``os.replace`` swaps it in, which is atomic on the same file system.

What is at the path decides what "replace" means:

- nothing: a new file, with the permissions the umask allows (like ``open(path, "w")``);
- a regular file: replaced, keeping its permission bits (a ``chmod 600`` file stays private);
- a symbolic link: followed; its target is replaced atomically, the link stays a link;
- a FIFO or a character device (``/dev/null``, ``/dev/stdout``): written directly — there is
  no file to swap, and replacing ``/dev/null`` with a regular file would break the machine;
- a directory, or a path ending with a separator: an ``IsADirectoryError``;
- anything else (a socket, a block device): refused with an ``OSError``.

Every error names the path the caller gave, never the temporary file.
"""

from __future__ import annotations

import errno
import os
import pathlib
import secrets
import stat

from autograd._args import type_error, value_error

NAME_MAX = 255  # bytes in one file name on Linux, macOS and Windows file systems
_TOKEN_BYTES = 6  # the random part of a temporary name: 12 hex digits
_NEW_FILE_MODE = 0o666  # the kernel takes the umask off, as for any new file
_ATTEMPTS = 100


def write_atomic(path: str | os.PathLike[str], data: bytes | str, *, mode: int | None = None) -> pathlib.Path:
    """Write ``data`` (bytes, or str written as UTF-8) to ``path`` atomically; return ``path`` as a Path.

    Missing parent directories are created. ``mode`` (None: keep an existing file's permission
    bits; a new file gets ``0o666`` minus the umask) sets the permission bits explicitly. If
    anything fails, the temporary file is removed and what was at ``path`` is left as it was.
    """
    if not isinstance(data, (bytes, bytearray, str)):
        where = f"write_atomic: data for {os.fspath(path)!r}" if isinstance(path, (str, os.PathLike)) else "data"
        raise TypeError(f"{where} must be bytes or str, got {type(data).__name__}")
    if not isinstance(path, (str, os.PathLike)) or not isinstance(os.fspath(path), str):
        raise type_error("write_atomic", "path", "a str or os.PathLike file name", path)
    if mode is not None and (isinstance(mode, bool) or not isinstance(mode, int) or not 0 <= mode <= 0o7777):
        raise value_error("write_atomic", "mode", "None or permission bits like 0o644", mode)
    given = os.fspath(path)
    if not given:
        raise value_error("write_atomic", "path", "a file name", given)
    payload = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    try:
        _write(given, payload, mode)
    except OSError as error:
        if error.errno is None:  # raised without an errno: its message is all there is
            error.args = (f"{given}: {error}",)
            raise
        raise OSError(error.errno, error.strerror, given) from None  # the user's path, not the temporary file's
    return pathlib.Path(path)


def _write(given: str, payload: bytes, mode: int | None) -> None:
    """Put ``payload`` at ``given`` (see the module docstring for what each kind of path gets)."""
    if given.endswith((os.sep, os.altsep or os.sep)):
        raise OSError(errno.EISDIR, "names a folder (it ends with a separator); give a file name")
    target = pathlib.Path(os.path.realpath(given))  # follows every symbolic link, also a dangling one
    try:
        status = os.stat(target)
    except FileNotFoundError:
        status = None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise OSError(errno.ELOOP, "is a loop of symbolic links") from None
        raise
    if status is not None and not stat.S_ISREG(status.st_mode):
        _write_in_place(target, status.st_mode, payload)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    keep = stat.S_IMODE(status.st_mode) if status is not None else None
    _replace(target, payload, mode if mode is not None else keep)


def _write_in_place(target: pathlib.Path, file_mode: int, payload: bytes) -> None:
    """Write straight into a FIFO or a character device; refuse directories and other special files."""
    if stat.S_ISDIR(file_mode):
        raise OSError(errno.EISDIR, "is a folder; give a file name")
    if not (stat.S_ISFIFO(file_mode) or stat.S_ISCHR(file_mode)):
        raise OSError(errno.EINVAL, "is not a regular file, a FIFO or a character device; stepgrad does not write it")
    try:  # non-blocking open: a FIFO no process reads is an error, not a hang
        descriptor = os.open(target, os.O_WRONLY | os.O_NONBLOCK)
    except OSError as error:
        if error.errno == errno.ENXIO:
            raise OSError(errno.ENXIO, "is a FIFO that no process is reading") from None
        raise
    os.set_blocking(descriptor, True)
    with open(descriptor, "wb") as file:
        file.write(payload)


def _replace(target: pathlib.Path, payload: bytes, mode: int | None) -> None:
    """Write a temporary file beside ``target``, flush it to disk, then rename it over ``target``."""
    descriptor, temporary = _create_temporary(target)
    try:
        with open(descriptor, "wb") as file:
            file.write(payload)
            file.flush()
            if mode is not None:
                os.chmod(file.fileno(), mode)
            os.fsync(file.fileno())
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _create_temporary(target: pathlib.Path) -> tuple[int, pathlib.Path]:
    """A new, empty file ``.<name>.<random>.tmp`` beside ``target``, its name at most NAME_MAX bytes.

    Created with ``os.open(..., 0o666)`` rather than ``tempfile.mkstemp`` (which fixes 0o600)
    so the kernel applies the umask exactly as it does to any new file.
    """
    room = NAME_MAX - len(".") - len(".") - 2 * _TOKEN_BYTES - len(".tmp")
    stem = os.fsencode(target.name)[:room].decode("utf-8", errors="ignore") if room > 0 else ""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(_ATTEMPTS):
        temporary = target.with_name(f".{stem}.{secrets.token_hex(_TOKEN_BYTES)}.tmp")
        try:
            return os.open(temporary, flags, _NEW_FILE_MODE), temporary
        except FileExistsError:
            continue
    raise OSError(errno.EEXIST, f"no free temporary file name after {_ATTEMPTS} attempts")
