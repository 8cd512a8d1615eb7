"""A one-line key bar generated from the screen's active bindings, like Textual's Footer but one widget.

The Footer builds a widget per key and restyles them all whenever the bindings change, which costs a visible
fraction of start-up and of every card change; this draws the same information as a single line of text.
Clicking a key runs its action.

On a terminal too narrow for even the shortest wording, keys are left out from the end of the line, whole, never
the help key or the key that leaves the screen: the help screen lists every key, so none is lost.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from rich.text import Text
from textual import events
from textual.widget import Widget

if TYPE_CHECKING:
    from textual.screen import Screen

#: Actions that leave a screen (or the app): the key bar keeps their key on the narrowest terminal.
LEAVING_ACTIONS = frozenset({"back", "dismiss", "quit", "pop_screen", "leave"})
#: Keys that leave a screen whatever their action is called (a dialog's "n,escape" for No, the exam's Ctrl+Q).
LEAVING_KEYS = frozenset({"escape", "q", "ctrl+q"})


class Entry(NamedTuple):
    """One key as the bar shows it, with every key bound to its action (``escape`` and ``q`` for Back)."""

    key: str
    description: str
    action: str
    enabled: bool
    keys: set[str]


def is_essential(action: str, keys: set[str]) -> bool:
    """Whether a key must stay on the bar however narrow: the help key (a learner must always see how to find
    every other key) and the key that leaves the screen (Esc, Close, Quit)."""
    if "help" in action:  # app.help, app.push_screen('report-help')
        return True
    name = action.removeprefix("app.").split("(")[0]
    return name in LEAVING_ACTIONS or bool(keys & LEAVING_KEYS)


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
        self._entries: list[Entry] = []
        self._key_style = ""
        #: Lines with keys left out, by width: built only when no variant fits (never on a wide terminal).
        self._fitted: dict[int, tuple[Text, list[tuple[int, int, str]]]] = {}
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
        self._key_style = f"bold {key_colour}".strip()
        entries: dict[tuple[str, str], Entry] = {}
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if not binding.show:
                continue
            known = entries.get((binding.action, binding.description))
            if known is not None:
                known.keys.add(binding.key)
                continue
            entries[(binding.action, binding.description)] = Entry(
                self.app.get_key_display(binding), binding.description, binding.action, enabled, {binding.key}
            )
        self._entries = list(entries.values())
        self._fitted = {}
        self._variants = [
            self._line(self._entries, short, palette_word)
            for short, palette_word in ((False, "palette"), (False, ""), (True, ""), (True, None))
        ]

    def _line(
        self, entries: list[Entry], short: bool, palette_word: str | None
    ) -> tuple[Text, list[tuple[int, int, str]]]:
        """One variant of the line: full or short words, with the palette's word, its key alone, or neither."""
        key_style = self._key_style
        text = Text(no_wrap=True, overflow="ellipsis")
        spans: list[tuple[int, int, str]] = []
        for key, description, action, enabled, _keys in entries:
            words = (
                self.SHORT.get(description, description.split()[0]) if short and description else description
            )
            start = len(text)
            text.append(f" {key} ", style=key_style if enabled else "dim")
            text.append(words, style="" if enabled else "dim")
            if not short:
                text.append(" ")
            spans.append((start, len(text), action))
        if self.app.ENABLE_COMMAND_PALETTE and palette_word is not None:
            start = len(text)
            text.append(" ^p ", style=key_style)
            text.append(palette_word)
            spans.append((start, len(text), "app.command_palette"))
        return text, spans

    def _fit(self, width: int) -> tuple[Text, list[tuple[int, int, str]]]:
        """Short words, with keys left out from the end of the line until it fits: first any but help and the
        way out, then (on a terminal too narrow even for those) those too, whole keys, never part of a word."""
        fitted = self._fitted.get(width)
        if fitted is None:
            kept = list(self._entries)
            for essential in (False, True):
                for entry in reversed(list(kept)):
                    if self._line(kept, short=True, palette_word=None)[0].cell_len <= width:
                        break
                    if is_essential(entry.action, entry.keys) is essential:
                        kept.remove(entry)
            fitted = self._fitted[width] = self._line(kept, short=True, palette_word=None)
        return fitted

    def render(self) -> Text:
        if self._stale:
            self._stale = False
            self._rebuild()
        width = self.size.width
        for text, spans in self._variants:
            if text.cell_len <= width:
                self._spans = spans
                return text
        text, self._spans = self._fit(width)
        return text

    async def _on_click(self, event: events.Click) -> None:
        for start, end, action in self._spans:
            if start <= event.x < end:
                await self.screen.run_action(action)
                break
