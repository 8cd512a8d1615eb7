"""Crash reports: a bug in ketquiz is one line on the terminal and its traceback in a file, never a traceback.

The command line's last net (:func:`ketquiz.cli.main`) and the apps' runner (:func:`ketquiz.ui.running.run_app`)
both save through :func:`save_report`; ``KETQUIZ_DEBUG=1`` leaves tracebacks on the terminal for a developer.
Standard library and platformdirs only, so every layer may use it.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from ketquiz import __version__

#: The exit status of a failure that is ketquiz's fault (sysexits.h's EX_SOFTWARE).
EXIT_INTERNAL = 70


class InternalError(Exception):
    """A bug stopped a command; ``str()`` is the complete line to show (what failed, where its report is)."""


def debugging() -> bool:
    """Whether tracebacks should reach the terminal as they are (``KETQUIZ_DEBUG`` set and not 0)."""
    return os.environ.get("KETQUIZ_DEBUG", "") not in ("", "0")


def crash_dir() -> Path:
    """Where crash reports are kept: ``crashes/`` in the user cache directory."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("ketquiz", appauthor=False)) / "crashes"


def save_report(details: str, argv: list[str]) -> str:
    """Write ``details`` (a traceback) with the version and command line to a new crash report; returns the
    phrase to show: where it is, or why it could not be written (the terminal then gets no more than that)."""
    from ketquiz.safefile import write_new

    report = (
        f"ketquiz {__version__} on Python {sys.version.split()[0]}, {sys.platform}\n"
        f"command line: ketquiz {' '.join(argv)}\n\n{details}"
    )
    try:
        folder = crash_dir()
        folder.mkdir(parents=True, exist_ok=True)
        name = f"crash-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.txt"
        # On a line of its own, so a terminal never wraps the path and it can be copied whole.
        return f"Please report it; the details are in\n  {write_new(folder / name, report)}"
    except OSError as exc:
        return f"Please report it (the details could not be saved: {exc.strerror or exc})."


def internal_error(what: str, details: str, argv: list[str]) -> InternalError:
    """The error to raise (or show) for a bug: ``what`` failed, its ``details`` saved to a crash report."""
    return InternalError(f"internal error: {what}. This is a bug in ketquiz. {save_report(details, argv)}")
