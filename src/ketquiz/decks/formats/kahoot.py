"""Kahoot's quiz spreadsheet (.xlsx, "Import spreadsheet" in Kahoot's creator), written with openpyxl.

The layout is Kahoot's template's: a title and instructions above, the column headings on row 7, and from row 8
one question a row: number, question (at most 120 characters), answers 1–4 (at most 75 characters each), time
limit (one of 5, 10, 20, 30, 60, 90, 120, 240 seconds) and the correct answer number(s), comma-separated.

Kahoot plays choice questions only, so mcq, multi (several correct numbers) and true/false cards go in; typed,
cloze and basic cards, choice cards with more than four choices, and text over the template's limits are left
out and listed (the command prints each with its reason). Kahoot's sheet has no feedback column, so a second
sheet, "Sources", gives each question's answer, explanation, contested mark and citations for the teacher.
A contested card's question ends with "[contested]".
"""

from __future__ import annotations

import io

from ketquiz.core.model import Card, CardType, Deck
from ketquiz.decks.formats.common import CONTESTED, Export, Skipped, citations, require, xml_safe

QUESTION_MAX = 120
ANSWER_MAX = 75
ANSWERS = 4
TIME_LIMITS = (5, 10, 20, 30, 60, 90, 120, 240)
HEADER_ROW = 7
FIRST_ROW = 8
HEADERS = (
    "",
    "Question - max 120 characters",
    "Answer 1 - max 75 characters",
    "Answer 2 - max 75 characters",
    "Answer 3 - max 75 characters",
    "Answer 4 - max 75 characters",
    "Time limit (sec) – 5, 10, 20, 30, 60, 90, 120, or 240 secs",
    "Correct answer(s) - choose at least one",
)
CONTESTED_MARK = " [contested]"


def fit(card: Card) -> tuple[str, str]:
    """(question text, "") when the card fits Kahoot's template, else ("", why not)."""
    if card.type not in (CardType.MCQ, CardType.MULTI, CardType.TRUEFALSE):
        return "", f"a {card.type.value} card has no choices, and Kahoot's quiz plays choice questions only"
    if len(card.choices) > ANSWERS:
        return "", f"{len(card.choices)} choices; Kahoot's template has room for {ANSWERS}"
    question = " ".join(card.prompt.split()) + (CONTESTED_MARK if card.contested else "")
    if len(question) > QUESTION_MAX:
        return "", f"the question is {len(question)} characters; Kahoot's limit is {QUESTION_MAX}"
    long = [c for c in card.choices if len(c) > ANSWER_MAX]
    if long:
        return "", f"an answer is {len(long[0])} characters; Kahoot's limit is {ANSWER_MAX}"
    return question, ""


def time_limit(question: str) -> int:
    """20 seconds, or 30 for a long question: both on Kahoot's list."""
    return 30 if len(question) > 80 else 20


def _set(ws: object, row: int, col: int, value: str | int) -> None:
    """Write a cell as a plain value: text is never a formula, whatever it starts with."""
    cell = ws.cell(row=row, column=col)  # type: ignore[attr-defined]
    if isinstance(value, str):
        cell.value = xml_safe(value)
        cell.data_type = "s"
    else:
        cell.value = value


def export(deck: Deck) -> Export:
    openpyxl = require("openpyxl", "kahoot")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    _set(ws, 1, 2, f"Quiz template: {deck.title}")
    _set(ws, 2, 2, "Add questions, at least two answer alternatives, time limit and choose correct answers.")
    _set(
        ws,
        3,
        2,
        f"Exported by ketquiz from the deck {deck.id}; each question's sources are on the Sources sheet.",
    )
    for col, heading in enumerate(HEADERS, 1):
        _set(ws, HEADER_ROW, col, heading)
    sources = wb.create_sheet("Sources")
    for col, heading in enumerate(("#", "card", "contested", "answer", "explanation", "sources"), 1):
        _set(sources, 1, col, heading)
    skipped: list[Skipped] = []
    row = FIRST_ROW
    for card in deck.cards:
        question, why = fit(card)
        if why:
            skipped.append(Skipped(card.id, why))
            continue
        number = row - FIRST_ROW + 1
        _set(ws, row, 1, number)
        _set(ws, row, 2, question)
        for i, choice in enumerate(card.choices):
            _set(ws, row, 3 + i, choice)
        _set(ws, row, 7, time_limit(question))
        _set(ws, row, 8, ",".join(str(i + 1) for i in card.correct))
        cites = "\n".join(f"“{quote}” — {title}" for title, quote in citations(card, deck))
        info: tuple[str | int, ...] = (
            number,
            card.id,
            CONTESTED if card.contested else "",
            card.answer,
            card.explanation,
            cites,
        )
        for col, value in enumerate(info, 1):
            _set(sources, number + 1, col, value)
        row += 1
    buf = io.BytesIO()
    wb.save(buf)
    return Export(data=buf.getvalue(), exported=row - FIRST_ROW, skipped=tuple(skipped))
