"""What a terminal shows: an app's screen as text, line by line, as its user sees it (after layout, wrapping and
cutting), so tests can say where a line wraps or what is cut."""

from __future__ import annotations

from typing import Any

from textual.app import App


def screen_lines(app: App[Any]) -> list[str]:
    """The terminal's text, one string per row."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def screen_text(app: App[Any]) -> str:
    return "\n".join(screen_lines(app))
