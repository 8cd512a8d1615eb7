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

    #: Shorter words for a narrow terminal (otherwise a description's first word is used).
    SHORT = {"Disagreement": "Disagree", "Disagreements": "Disagree", "Leave the answer box": "Leave box",
             "Whole source": "Whole text", "Next citation": "Next"}  # fmt: skip

    def __init__(self) -> None:
        super().__init__()
        self._variants: list[tuple[Text, list[tuple[int, int, str]]]] = [(Text(), [])]
        self._spans: list[tuple[int, int, str]] = []  # (start, end, action) of the line drawn, for clicks
        self._stale = True  # the bindings changed since the line was built: build it again when next drawn

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if self.is_attached and screen is self.screen:
            # Built when next drawn, not now: bindings change several times while a screen starts (focus moves,
            # actions become available), and only the last of them is ever seen.
            self._stale = True
            self.refresh()

    def _rebuild(self) -> None:
        """The line in decreasing lengths: full words and the palette's name, then its key alone, then short
        words, then short words without the palette key. The widest that fits is drawn (shorten, don't cut)."""
        key_colour = self.app.get_css_variables().get("footer-key-foreground", "")
        key_style = f"bold {key_colour}".strip()
        shown: list[tuple[str, str, str, bool]] = []  # (key, description, action, enabled)
        seen: set[tuple[str, str]] = set()
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if not binding.show or (binding.action, binding.description) in seen:
                continue
            seen.add((binding.action, binding.description))
            shown.append((self.app.get_key_display(binding), binding.description, binding.action, enabled))
        palette = self.app.ENABLE_COMMAND_PALETTE
        variants = []
        for short, palette_word in ((False, "palette"), (False, ""), (True, ""), (True, None)):
            text = Text(no_wrap=True, overflow="ellipsis")
            spans: list[tuple[int, int, str]] = []
            for key, description, action, enabled in shown:
                words = (
                    self.SHORT.get(description, description.split()[0])
                    if short and description
                    else description
                )
                start = len(text)
                text.append(f" {key} ", style=key_style if enabled else "dim")
                text.append(words, style="" if enabled else "dim")
                if not short:
                    text.append(" ")
                spans.append((start, len(text), action))
            if palette and palette_word is not None:
                start = len(text)
                text.append(" ^p ", style=key_style)
                text.append(palette_word)
                spans.append((start, len(text), "app.command_palette"))
            variants.append((text, spans))
        self._variants = variants

    def render(self) -> Text:
        if self._stale:
            self._stale = False
            self._rebuild()
        width = self.size.width
        for text, spans in self._variants:
            if text.cell_len <= width:
                self._spans = spans
                return text
        text, self._spans = self._variants[-1]
        return text

    async def _on_click(self, event: events.Click) -> None:
        for start, end, action in self._spans:
            if start <= event.x < end:
                await self.screen.run_action(action)
                break
