"""Running an app from a command: a bug inside it becomes one line and a crash report, not a traceback.

Textual prints an unhandled exception's traceback to the terminal when the app stops (through the app's
``error_console``). :func:`run_app` gives the app an error console that writes to memory instead; if anything was
written there, the app stopped on a bug, and :class:`ketquiz.crash.InternalError` carries the line to show (the
command line's last net prints it and exits 70) with the traceback saved in a crash report.
"""

from __future__ import annotations

import io
import sys
from typing import Any

from rich.console import Console
from textual.app import App

from ketquiz.crash import debugging, internal_error


def run_app(app: App[Any], **run_options: Any) -> Any:
    """``app.run(**run_options)``, with a bug inside the app raised as :class:`~ketquiz.crash.InternalError`
    once the terminal is restored. Returns what ``app.run()`` returns."""
    if debugging():
        return app.run(**run_options)
    captured = io.StringIO()
    app.error_console = Console(file=captured, markup=False, highlight=False, width=120, color_system=None)
    result = app.run(**run_options)
    details = captured.getvalue()
    if details.strip():
        last = next((line.strip() for line in reversed(details.splitlines()) if line.strip()), "")
        raise internal_error(f"the app stopped on an error ({last[:200]})", details, sys.argv[1:])
    return result
