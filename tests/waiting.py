"""Waiting for a screen to reach a state, instead of sleeping a fixed time that a loaded machine may overrun."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot


async def until(pilot: Pilot[Any], predicate: Callable[[], bool], timeout: float = 15.0) -> bool:
    """Let the app run until ``predicate()`` holds (True) or ``timeout`` seconds pass (then its last value)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        await pilot.pause(0.05)
    return predicate()
