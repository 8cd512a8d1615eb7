"""The command palette (Ctrl+P): the app's main actions, found by typing part of their name."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from ketquiz.ui.app import KetquizApp


class KetquizCommands(Provider):
    """Study, cram, disagreements, stats, coverage, problems, help."""

    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        app: KetquizApp = self.app  # type: ignore[assignment]

        def start(cram: bool) -> None:
            deck = app.home.selected_deck()
            if deck is None:
                app.notify("No deck is loaded yet.", severity="warning")
                return
            if app.screen is not app.home:
                app.notify("Finish or leave the current screen first (Esc).", severity="warning")
                return
            app.home.action_start(cram)

        return [
            (
                "Study: start a session on the selected deck",
                "Due cards first, then new ones",
                partial(start, False),
            ),
            (
                "Cram: study without touching the schedule",
                "Every card of the chosen topics",
                partial(start, True),
            ),
            (
                "Disagreements: browse where the sources disagree",
                "Each with its passages",
                app.action_disagreements,
            ),
            ("Stats: reviews, forecast, retention", "Charts for the selected deck", app.action_stats),
            (
                "Browse: every card, searched and managed",
                "Suspend, bury, flag, reset; card history",
                app.action_browser,
            ),
            (
                "Coverage: what the deck's sources say that no card asks",
                "Cited passages highlighted",
                app.action_coverage,
            ),
            ("Problems: messages about the decks", "Decks skipped and why", app.home.action_problems),
            ("Help: every key", "Generated from the bindings", app.action_help),
        ]

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
