"""Writing files without ever harming one that is already there.

Every file ketquiz writes (result files, exports, new decks and sources) goes through here. A new file is written
to a temporary file created with ``O_CREAT | O_EXCL | O_NOFOLLOW`` under a random name in the target directory,
flushed and fsynced, then put in place by ``link`` (which fails when the name exists, so nothing is overwritten)
or, when replacing was asked for, by ``rename`` (which replaces the name itself, never writing through a link
planted there). Either way no existing path is ever opened for writing, and a reader sees the old file or the
whole new one, never a part.

Reading a file a user names (a review log, a result file) goes through :func:`read_regular`: only a regular file
under a size limit is read, so ``/dev/zero``, a FIFO or a symlink to either never hangs or exhausts ketquiz.

This module sits beside the layers (stdlib only) so that every layer with files to write can use it.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from pathlib import Path
from typing import Literal

__all__ = ["FileExists", "NotARegularFile", "fsync_dir", "read_regular", "write_new", "write_temp"]


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


class NotARegularFile(OSError):
    """The path is a device, a FIFO, a directory or a file over the size limit; ``str()`` says which.

    ``reason`` says it for a caller with its own wording: "directory", "special" (a device, pipe or socket) or
    "too-large" (over the limit, or grown past it while being read).
    """

    def __init__(self, message: str, reason: Literal["directory", "special", "too-large"]) -> None:
        super().__init__(message)
        self.reason = reason


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at ``path``, refusing anything else before reading a byte.

    Opened with ``O_NONBLOCK`` so a FIFO cannot hang the open, checked with ``fstat`` on the open descriptor (no
    race with a swapped path), and read to at most ``limit`` bytes. Raises :class:`NotARegularFile` or the
    ``OSError`` of the open.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            if stat.S_ISDIR(info.st_mode):
                raise NotARegularFile(f"{path} is a directory, not a regular file", "directory")
            raise NotARegularFile(f"{path} is a device, pipe or socket, not a regular file", "special")
        if info.st_size > limit:
            raise NotARegularFile(
                f"{path} is {info.st_size:,} bytes; at most {limit:,} are read", "too-large"
            )
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise NotARegularFile(f"{path} grew past {limit:,} bytes while being read", "too-large")
        return b"".join(chunks)
    finally:
        os.close(fd)
