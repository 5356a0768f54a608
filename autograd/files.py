"""Atomic file writes: a reader sees the old file or the whole new one, never half of it.

Every file stepgrad writes (pictures, step-through pages, model files, the tour page) goes
through ``write_atomic``: the data goes to a temporary file in the same directory, is flushed
to disk, and then ``os.replace`` swaps it in, which is atomic on the same file system.
"""

from __future__ import annotations

import os
import pathlib
import tempfile


def write_atomic(path: str | os.PathLike[str], data: bytes | str, *, mode: int = 0o644) -> pathlib.Path:
    """Write ``data`` (bytes, or str written as UTF-8) to ``path`` atomically; return the path.

    The parent directory is created if needed. The file gets permissions ``mode`` (default
    readable by everyone: ``mkstemp`` alone would leave it private to its owner). If anything
    fails, the temporary file is removed and an existing file at ``path`` is left as it was.
    """
    if not isinstance(data, (bytes, bytearray, str)):
        raise TypeError(f"write_atomic: data for {os.fspath(path)!r} must be bytes or str, got {type(data).__name__}")
    target = pathlib.Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    target.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(payload)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        pathlib.Path(temporary).unlink(missing_ok=True)
        raise
    return target
