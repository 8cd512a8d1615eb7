"""The cyclic garbage collector paused while the study app starts, and resumed once its home screen is up.

Starting the app (importing Textual, building the screen, laying it out and painting it) allocates a few hundred
thousand objects and frees almost none in cycles, so the collections their allocation triggers find nothing to
free: about 15 ms of a start-up of 200 on the 2-core machine the benchmarks run on (``benchmarks/bench_tui.py``).
``ketquiz study`` pauses the collector before anything else (:func:`pause`); the app resumes it when the home
screen has painted its decks (:func:`resume`), freezing what start-up built (``gc.freeze``: it lives until the
app ends, and later collections need not walk it), and again on the way out in case start-up never got there.

This module imports nothing from Textual, so pausing comes before Textual is imported.
"""

from __future__ import annotations

import gc

_paused = False


def pause() -> None:
    """Pause the collector, if it is running, until :func:`resume`."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume() -> None:
    """Resume the collector if :func:`pause` paused it (else nothing: it is not ours to start)."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()


def paused() -> bool:
    """Whether :func:`pause` has paused the collector and it has not been resumed."""
    return _paused
