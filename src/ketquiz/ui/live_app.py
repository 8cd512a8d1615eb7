"""What the live class's two apps share: the teacher's console (:mod:`ketquiz.ui.screens.live_teacher`) and a
student's screen (:mod:`ketquiz.ui.screens.live_student`).

Both follow one session file by polling it, with the same deck, paper, clock and stylesheet, and both draw a
question's parts the same way: the countdown, a choice with the right ones ticked once revealed, and each cited
passage under its source's title. Keeping those here keeps the projector and the students' screens in step.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import ClassVar, TypedDict, Unpack

from rich.text import Text
from textual.app import App

from ketquiz.classroom.live_store import LiveSession
from ketquiz.classroom.paper import Paper
from ketquiz.classroom.passages import CHOICE_LABELS, card_passages
from ketquiz.core.model import Card, Deck
from ketquiz.ui.apps import utc_now
from ketquiz.ui.literal import literal

#: The live class's stylesheet (its apps use it alone, not the study app's).
LIVE_STYLESHEET = Path(__file__).resolve().parent / "live.tcss"


class Following(TypedDict, total=False):
    """How a live app follows its session; each app takes these as keyword arguments (tests pass a fixed clock
    and a short interval)."""

    #: The time now (aware, UTC).
    clock: Callable[[], datetime]
    #: Seconds between two reads of the session; the app's ``POLL_S`` when left out.
    poll_s: float


class LiveApp(App[None]):
    """One app following a live session: what it shows is whatever the session file says now, read every
    ``poll_s`` seconds, so a reload or a dropped connection comes back to the same place."""

    CSS_PATH = LIVE_STYLESHEET
    TITLE = "ketquiz live"
    #: How often the app reads the session (seconds), unless the caller says otherwise.
    POLL_S: ClassVar[float] = 0.3

    def __init__(
        self, session: LiveSession, deck: Deck, paper: Paper, **following: Unpack[Following]
    ) -> None:
        super().__init__()
        self.session = session
        self.deck = deck
        self.paper = paper
        self.clock = following.get("clock", utc_now)
        self.poll_s = following.get("poll_s", self.POLL_S)

    def follow(self, scroll: str, read: Callable[[], None]) -> None:
        """Give the scrolling body the keys (↑ ↓ PgUp PgDn scroll a long passage), then ``read`` the session now
        and every ``poll_s`` seconds."""
        self.query_one(scroll).focus()
        read()
        self.set_interval(self.poll_s, read)


def countdown(left: int, style: str = "") -> Text:
    """`` · N s left``, in yellow for the last five seconds."""
    return Text(f" · {left} s left", style="bold yellow" if left <= 5 else style)


def choice_line(n: int, choice: str, *, ticked: bool, style: str = "") -> Text:
    """``✓ A. choice`` (ticked: a right choice, once revealed) or ``  A. choice``, ending its line."""
    text = Text(f"{'✓' if ticked else ' '} {CHOICE_LABELS[n]}. ", style=style)
    text.append_text(literal(choice, style=style))
    text.append("\n")
    return text


def passages_text(deck: Deck, card: Card) -> Text:
    """Each passage the card cites, after a blank line: ``Source: title``, then the passage in quotes ending its
    line. Starts at the beginning of a line."""
    text = Text()
    for passage in card_passages(deck, card):
        text.append("\nSource: ", style="dim")
        text.append_text(literal(passage.source_title, style="italic"))
        text.append("\n“")
        text.append_text(literal(passage.text))
        text.append("”\n")
    return text
