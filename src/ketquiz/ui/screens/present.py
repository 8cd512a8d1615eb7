"""Projector mode: one question at a time in high contrast, for a teacher leading the class. No scoring.

Keys: → / space / n next, ← / p previous, a reveal the answer and its source passage, d the disagreement notes.
Text size is the terminal's: enlarge the terminal font (or the browser's, under ``ketquiz serve``) for the room.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from ketquiz.classroom.passages import CHOICE_LABELS, card_passages, disagreement_notes, shown_choices
from ketquiz.core.model import Card, Deck
from ketquiz.ui.literal import clean, literal


class PresentScreen(Screen[None]):
    BINDINGS = [
        Binding("right,space,n", "move(1)", "Next", id="present.next"),
        Binding("left,p", "move(-1)", "Back", id="present.previous"),
        Binding("a", "toggle_answer", "Answer", id="present.answer"),
        Binding("d", "toggle_notes", "Disputes", id="present.notes"),
        Binding("q,escape", "app.quit", "Quit", id="present.quit"),
    ]

    def __init__(self, deck: Deck, cards: list[Card]) -> None:
        super().__init__()
        self.deck = deck
        self.cards = cards
        self.index = 0
        self.show_answer = False
        self.show_notes = False

    def compose(self) -> ComposeResult:
        yield Static("", id="present-status")
        with VerticalScroll(id="present-body"):
            yield Static("", id="present-prompt")
            yield Static("", id="present-choices")
            yield Static("", id="present-answer")
            yield Static("", id="present-notes")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_card()

    @property
    def card(self) -> Card:
        return self.cards[self.index]

    def action_move(self, step: int) -> None:
        new = min(max(self.index + step, 0), len(self.cards) - 1)
        if new != self.index:
            self.index = new
            self.show_answer = self.show_notes = False
            self.refresh_card()

    def action_toggle_answer(self) -> None:
        self.show_answer = not self.show_answer
        self.refresh_card()

    def action_toggle_notes(self) -> None:
        self.show_notes = not self.show_notes
        self.refresh_card()

    def refresh_card(self) -> None:
        card = self.card
        contested = " · contested: press d for the sources' positions" if card.contested else ""
        self.query_one("#present-status", Static).update(
            literal(f" {self.deck.title} · {self.index + 1}/{len(self.cards)}{contested} ")
        )
        self.query_one("#present-prompt", Static).update(literal(card.prompt))
        choices = Text()
        if card.type.has_choices:
            for n, choice in enumerate(shown_choices(card)):
                right = self.show_answer and _is_right(card, n)
                choices.append(f" {CHOICE_LABELS[n]}  ", style="bold reverse" if right else "bold")
                choices.append(clean(f" {choice}\n"), style="bold" if right else "")
        self.query_one("#present-choices", Static).update(choices)
        answer = Text()
        if self.show_answer:
            answer.append("Answer: ", style="bold")
            answer.append(clean(card.answer) + "\n")
            if card.explanation:
                answer.append(clean(card.explanation) + "\n", style="italic")
            for p in card_passages(self.deck, card):
                answer.append(clean(f"\n{p.source_title}\n"), style="bold underline")
                answer.append(clean(f"“{p.text}”\n"))
        self.query_one("#present-answer", Static).update(answer)
        notes = Text()
        if self.show_notes:
            found = disagreement_notes(self.deck, card)
            notes.append(
                clean("\n\n".join(found))
                if found
                else "No disagreement between sources is recorded for this card."
            )
        self.query_one("#present-notes", Static).update(notes)


def _is_right(card: Card, index: int) -> bool:
    return index in card.correct
