"""Projector mode: one question at a time in high contrast, for a teacher leading the class. No scoring.

Keys: → / space / n next, ← / p previous, a reveal the answer and its source passage, d the disagreement notes.
Text size is the terminal's: enlarge the terminal font (or the browser's, under ``ketquiz serve``) for the room.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from ketquiz.classroom.passages import CHOICE_LABELS, card_passages, disagreement_notes, shown_choices
from ketquiz.core.model import Card, Deck
from ketquiz.ui.literal import clean, literal
from ketquiz.ui.widgets.fitline import FitLine
from ketquiz.ui.widgets.keybar import KeyBar
from ketquiz.ui.widgets.wrap import hanging


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
        yield FitLine(id="present-status")
        with VerticalScroll(id="present-body"):
            yield Static("", id="present-prompt")
            yield Static("", id="present-choices")
            yield Static("", id="present-answer")
            yield Static("", id="present-notes")
        yield KeyBar()

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
        self.query_one("#present-status", FitLine).update(
            *status_variants(self.deck.title, self.index, len(self.cards), card.contested)
        )
        self.query_one("#present-prompt", Static).update(literal(card.prompt))
        rows = []
        if card.type.has_choices:
            for n, choice in enumerate(shown_choices(card)):
                right = self.show_answer and _is_right(card, n)
                label = Text(f" {CHOICE_LABELS[n]}  ", style="bold reverse" if right else "bold")
                rows.append((label, literal(choice, style="bold" if right else "")))
        choices = self.query_one("#present-choices", Static)
        choices.update(hanging(rows, gap=1))
        choices.display = bool(rows)  # a card without choices leaves no gap above the answer
        answer = Text()
        if self.show_answer:
            answer.append("Answer: ", style="bold")
            answer.append(clean(card.answer) + "\n")
            if card.explanation:
                answer.append(clean(card.explanation) + "\n", style="italic")
            for p in card_passages(self.deck, card):
                answer.append(clean(f"\n{p.source_title}\n"), style="bold underline")
                answer.append(clean(f"“{p.text}”\n"))
        shown = self.query_one("#present-answer", Static)
        shown.update(answer)
        shown.display = self.show_answer
        notes: RenderableType = Text()
        if self.show_notes:
            found = disagreement_notes(self.deck, card)
            notes = (
                notes_layout(found)
                if found
                else Text("No disagreement between sources is recorded for this card.")
            )
        shown = self.query_one("#present-notes", Static)
        shown.update(notes)
        shown.display = self.show_notes


def status_variants(title: str, index: int, count: int, contested: bool) -> list[Text]:
    """The status line, longest first: on a narrow screen the hint shortens, then the deck's title is cut (the
    card's number and a contested card's mark stay)."""
    where = f"{index + 1}/{count}"
    if not contested:
        return [literal(f" {title} · {where} "), literal(f" {where} · {title} ")]
    return [
        literal(f" {title} · {where} · contested: press d for the sources' positions "),
        literal(f" {title} · {where} · contested: press d "),
        literal(f" {where} · contested: press d · {title} "),
    ]


def notes_layout(notes: list[str]) -> Group:
    """Each disagreement's summary, then its sources' positions as bullets whose wrapped lines hang clear of
    the bullet."""
    parts: list[RenderableType] = []
    for n, note in enumerate(notes):
        summary, *positions = note.split("\n")
        if n:
            parts.append(Text())
        parts.append(literal(summary))
        bullets = [line.removeprefix("• ") for line in positions]
        parts.append(hanging(((Text("•"), literal(b)) for b in bullets), gap=1))
    return Group(*parts)


def _is_right(card: Card, index: int) -> bool:
    return index in card.correct
