"""A one-line key bar generated from the screen's active bindings, like Textual's Footer but one widget.

The Footer builds a widget per key and restyles them all whenever the bindings change, which costs a visible
fraction of start-up and of every card change; this draws the same information as a single line of text.
Clicking a key runs its action.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import events
from textual.widget import Widget

if TYPE_CHECKING:
    from textual.screen import Screen


class KeyBar(Widget):
    """The keys that work now: from ``screen.active_bindings`` (``show=True`` only), disabled ones dimmed."""

    DEFAULT_CSS = """
    KeyBar {
        height: 1;
        dock: bottom;
        background: $footer-background;
        color: $footer-foreground;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._text = Text()
        self._short = Text()
        self._spans: list[tuple[int, int, str]] = []  # (start, end, action) for clicks

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._rebuild()

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if self.is_attached and screen is self.screen:
            self._rebuild()

    def _rebuild(self) -> None:
        text = Text(no_wrap=True, overflow="ellipsis")
        spans: list[tuple[int, int, str]] = []
        seen: set[tuple[str, str]] = set()
        key_colour = self.app.get_css_variables().get("footer-key-foreground", "")
        key_style = f"bold {key_colour}".strip()
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if not binding.show or (binding.action, binding.description) in seen:
                continue
            seen.add((binding.action, binding.description))
            start = len(text)
            text.append(f" {self.app.get_key_display(binding)} ", style=key_style if enabled else "dim")
            text.append(binding.description, style="" if enabled else "dim")
            text.append(" ")
            spans.append((start, len(text), binding.action))
        if self.app.ENABLE_COMMAND_PALETTE:
            start = len(text)
            text.append(" ^p ", style=key_style)
            self._short = text.copy()  # when the line is full, the palette's key alone
            text.append("palette")
            spans.append((start, len(text), "app.command_palette"))
        else:
            self._short = text
        self._text, self._spans = text, spans
        self.refresh()

    def render(self) -> Text:
        return self._text if self._text.cell_len <= self.size.width else self._short

    async def _on_click(self, event: events.Click) -> None:
        for start, end, action in self._spans:
            if start <= event.x < end:
                await self.screen.run_action(action)
                break
