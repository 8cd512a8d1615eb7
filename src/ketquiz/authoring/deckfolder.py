"""A new deck folder, all or nothing: staged beside its destination, checked, then renamed into place.

``ketquiz new`` must leave either a complete deck folder that passes ``check`` or nothing at all. So every file is
written (through :mod:`ketquiz.safefile`) into a hidden staging folder in the destination's parent, the caller
checks the staged deck, and only then is the staging folder renamed to the destination, one atomic step (onto
an empty folder, too). On any failure the staging folder is removed, and missing parent folders created for it
are removed again.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from ketquiz.safefile import fsync_dir, write_new


class FolderError(OSError):
    """The deck folder could not be put in place; nothing was left behind."""


def _missing_parents(folder: Path) -> list[Path]:
    """The ancestors of ``folder`` that do not exist yet, nearest first."""
    missing: list[Path] = []
    parent = folder.parent
    while not parent.exists() and parent != parent.parent:
        missing.append(parent)
        parent = parent.parent
    return missing


def stage(target: Path, files: dict[str, bytes]) -> tuple[Path, list[Path]]:
    """Write ``files`` (paths relative to the deck folder) into a new staging folder beside ``target``.

    Returns the staging folder and the parent folders created for it (for :func:`discard`). Raises ``OSError``
    with nothing left behind when a write fails.
    """
    created = _missing_parents(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.ketquiz-new-", dir=target.parent))
    try:
        for rel, data in files.items():
            path = staging / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            write_new(path, data)
    except BaseException:
        discard(staging, created)
        raise
    return staging, created


def discard(staging: Path, created: list[Path]) -> None:
    """Remove a staging folder and the parents made for it (if they are still empty)."""
    shutil.rmtree(staging, ignore_errors=True)
    for parent in created:
        try:
            parent.rmdir()
        except OSError:
            break


def commit(staging: Path, target: Path, created: list[Path]) -> None:
    """Rename the staging folder to ``target`` (which may be an empty folder). Raises :class:`FolderError`, with
    the staging folder removed, when ``target`` has meanwhile become something else."""
    try:
        os.rename(staging, target)
    except OSError as exc:
        discard(staging, created)
        raise FolderError(exc.errno, exc.strerror or str(exc), str(target)) from None
    fsync_dir(target.parent)
