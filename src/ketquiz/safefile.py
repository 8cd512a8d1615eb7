"""Writing files without ever harming one that is already there.

Every file ketquiz writes (result files, exports, new decks and sources) goes through here. A new file is written
to a temporary file created with ``O_CREAT | O_EXCL | O_NOFOLLOW`` under a random name in the target directory,
flushed and fsynced, then put in place by ``link`` (which fails when the name exists, so nothing is overwritten)
or, when replacing was asked for, by ``rename`` (which replaces the name itself, never writing through a link
planted there). Either way no existing path is ever opened for writing, and a reader sees the old file or the
whole new one, never a part.

This module sits beside the layers (stdlib only) so that every layer with files to write can use it.
"""

from __future__ import annotations

import errno
import os
import secrets
from pathlib import Path

__all__ = ["FileExists", "fsync_dir", "write_new", "write_temp"]


class FileExists(FileExistsError):
    """The target exists and replacing it was not asked for."""


def write_temp(directory: Path, data: bytes, prefix: str = ".ketquiz-", mode: int = 0o644) -> Path:
    """A new, fsynced file in ``directory`` holding ``data``, under a random name no one else could have made.

    Raises ``OSError`` (``ENOSPC``, ``EACCES``, ...) and leaves nothing behind when the write fails.
    """
    flags = os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    for _ in range(16):
        path = directory / f"{prefix}{secrets.token_hex(8)}.tmp"
        try:
            fd = os.open(path, flags, mode)
        except FileExistsError:  # pragma: no cover - 64 random bits
            continue
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        except BaseException:
            os.close(fd)
            path.unlink(missing_ok=True)
            raise
        os.close(fd)
        return path
    raise OSError(errno.EEXIST, "could not create a temporary file", str(directory))  # pragma: no cover


def fsync_dir(directory: Path) -> None:
    """Make a rename or link in ``directory`` durable (best effort where directories cannot be opened)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # pragma: no cover - platform dependent
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - platform dependent
        pass
    finally:
        os.close(fd)


def write_new(path: Path, data: bytes | str, *, replace: bool = False) -> Path:
    """Write ``data`` to ``path`` atomically.

    Without ``replace``, an existing ``path`` (a file, a directory, or a symlink, even a dangling one) raises
    :class:`FileExists` and is left untouched. With ``replace``, the name is replaced by the new file; a symlink
    there is replaced, never followed. Returns ``path``.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    directory = path.parent if str(path.parent) else Path(".")
    if not replace and os.path.lexists(path):
        raise FileExists(errno.EEXIST, "already exists", str(path))
    tmp = write_temp(directory, payload)
    try:
        if replace:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path, follow_symlinks=False)
            except FileExistsError:
                raise FileExists(errno.EEXIST, "already exists", str(path)) from None
            tmp.unlink()
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(directory)
    return path
