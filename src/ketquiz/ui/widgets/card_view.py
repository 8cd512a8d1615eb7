"""How a card, its choices and the verdict on an answer are drawn: plain functions returning Rich ``Text``.

Every piece of deck text passes through :func:`ketquiz.ui.literal.literal`, so it is shown exactly as written.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from rich.text import Text

from ketquiz.core.model import CardType, Deck
from ketquiz.core.scheduling import format_interval
from ketquiz.store.session import Showing
from ketquiz.ui.literal import literal

if TYPE_CHECKING:
    from ketquiz.core.grading import GradeResult

LETTERS = "abcdefghi"
RATING_NAMES = ("Again", "Hard", "Good", "Easy")


def choice_key(position: int, card_type: CardType) -> str:
    if card_type is CardType.TRUEFALSE:
        return "t" if position == 0 else "f"
    return str(position + 1)


def render_choices(showing: Showing, picked: set[int], answered: frozenset[int] | None) -> Text:
    """The choices in this showing's order. ``picked``: display positions toggled (multi) or chosen.

    After answering (``answered`` = the learner's choice indices), correct choices get a tick and wrong picks
    a cross.
    """
    card = showing.card
    out = Text()
    for pos, index in enumerate(showing.order):
        if pos:
            out.append("\n")
        key = choice_key(pos, card.type)
        if card.type is CardType.MULTI:
            box = "[x]" if pos in picked else "[ ]"
            out.append(f" {key} {box} ", style="bold")
        else:
            out.append(f" {key}  ", style="bold")
        style = ""
        mark = "  "
        if answered is not None:
            if index in card.correct:
                style, mark = "bold green", "✔ "
            elif index in answered:
                style, mark = "red strike", "✘ "
            else:
                style = "dim"
        out.append(mark, style=style)
        out.append_text(literal(card.choices[index], style))
    return out


def render_verdict(
    deck: Deck, showing: Showing, result: GradeResult | None, typed: str | None, *, basic_answer: bool = False
) -> Text:
    """Right or wrong, the expected answer, the difference for typed answers, the explanation and source."""
    card = showing.card
    out = Text()
    if card.contested:
        # The card only links a disagreement: it may be about the card's own answer or a point next to it, so
        # say no more than that the sources disagree somewhere here.
        out.append("⚠ The sources disagree here", style="bold yellow")
        out.append(" — press d to see who says what.\n\n", style="yellow")
    if basic_answer or result is None:
        out.append("Answer: ", style="bold")
        out.append_text(literal(card.answer))
    else:
        if result.correct:
            out.append("✔ Right", style="bold green")
        elif result.score > 0:
            out.append(f"◐ Partly right ({result.score:.0%})", style="bold yellow")
        else:
            out.append("✘ Wrong", style="bold red")
        if result.note:
            out.append("  ")
            out.append_text(literal(result.note, "italic"))
        out.append("\nExpected: ", style="bold")
        out.append_text(literal(result.expected))
        if typed is not None and typed.strip().casefold() != result.expected.strip().casefold():
            out.append("\nYou wrote: ", style="bold")
            out.append_text(literal(typed) if typed else Text("(nothing)", style="dim"))
            if result.diff and not result.correct:
                out.append("\nDifference: ", style="bold")
                out.append_text(render_diff(result))
    if card.explanation:
        out.append("\n\n")
        out.append_text(literal(card.explanation))
    if card.citations:
        cite = card.citations[0]
        source = deck.get_source(cite.source)
        title = source.title if source is not None else cite.source
        out.append("\n\nSource: ", style="bold")
        quote = cite.quote if len(cite.quote) <= 160 else cite.quote[:157] + "…"
        out.append_text(literal(f"“{quote}”"))
        out.append(" — ")
        out.append_text(literal(title, "italic"))
        more = len(card.citations) - 1
        citations = f"; {more} more citation{'s' if more > 1 else ''}" if more else ""
        out.append(f"  (s: passage{citations})", style="dim")
    return out


def render_grades(intervals: dict[int, timedelta] | None, preselected: int | None) -> list[Text]:
    """The grade bar, longest first then shorter (for narrow terminals): key, name and, in a study session,
    the interval each grade would give; then what Space and Enter take, and in cram mode that the schedule is
    untouched."""
    variants = []
    for gap, names, space_word, cram_note in (
        ("  ", True, "Space/Enter:", "cram: schedule untouched"),
        ("  ", True, "Space/Enter:", "cram"),
        (" ", True, "⏎", "cram"),
        (" ", False, "⏎", ""),
    ):
        out = Text()
        for value, name in enumerate(RATING_NAMES, start=1):
            label = f"{value} {name}" if names else f"{value}"
            if intervals is not None and value in intervals:
                label += f" {format_interval(intervals[value])}"
            out.append(f" {label} ", style="reverse bold" if value == preselected else "")
            out.append(gap)
        tail = []
        if preselected is not None:
            tail.append(f"{space_word} {RATING_NAMES[preselected - 1]}")
        if intervals is None and cram_note:
            tail.append(cram_note)
        out.append(" · ".join(tail), style="dim")
        out.rstrip()
        variants.append(out)
    return variants


_DIFF_STYLES = {"same": "", "extra": "bold red strike", "missing": "bold green underline"}


def render_diff(result: GradeResult) -> Text:
    """The learner's text with what they added struck through in red and what is missing underlined in green."""
    if not result.diff_parts:
        return literal(result.diff or "")
    out = Text()
    for kind, part in result.diff_parts:
        out.append_text(literal(part, _DIFF_STYLES.get(kind, "")))
    out.append("  (struck: not in the answer; underlined: missing)", style="dim")
    return out


def answer_hint(showing: Showing) -> list[Text]:
    """What to press to answer this card, shown where the grades will appear (longest first, then shorter)."""
    kind = showing.card.type
    n = len(showing.order)
    long = {
        CardType.BASIC: "Recall the answer, then Space or Enter to see it",
        CardType.MCQ: f"Press 1–{n} (or a–{LETTERS[n - 1]}) to answer" if n else "",
        CardType.MULTI: f"1–{n} toggle a choice · Enter submits" if n else "",
        CardType.TRUEFALSE: "t: true · f: false",
        CardType.TYPED: "Type your answer, then Enter",
        CardType.CLOZE: "Type the missing word(s), then Enter",
    }
    short = {
        CardType.BASIC: "Space: show the answer",
        CardType.MCQ: f"1–{n}: answer" if n else "",
        CardType.MULTI: f"1–{n} toggle · Enter" if n else "",
        CardType.CLOZE: "Type the word(s), then Enter",
    }
    text = long.get(kind, "")
    return [Text(text, style="dim"), Text(short.get(kind, text), style="dim")]
