"""Review: one card at a time — answer, see the verdict and the source, grade, move on.

The screen has two phases per card: *asking* (choice keys, the typed-answer input, Space or Enter to reveal)
and *answered* (grades 1–4 with their intervals, Space or Enter for the suggested grade, the source, the
disagreement). Which keys work in which phase is decided in :meth:`ReviewScreen.check_action`, so the footer and
the help screen always show what works now. As in Anki, Space twice per card is enough on a card graded by the
learner: once to see the answer, once to take Good.

Undo has one rule: Ctrl+Z takes back the last answer or card action from any card, typing or not, and the key bar
always says so; ``u`` does the same whenever the answer box does not have the keyboard (it would be a letter there).

Card actions use Anki's keys, none of which is an answer key: ``@`` suspends the card and ``-`` buries it until
tomorrow (either way it leaves the session), Ctrl+1 to Ctrl+4 flag it red, orange, green or blue (the same again
clears the flag), and ``*`` steps through those colours for terminals that do not pass Ctrl+digit on (tmux and
many others send nothing for it). Like ``u``, ``@``, ``-`` and ``*`` are text while the answer box has the keyboard.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.geometry import Region
from textual.screen import Screen
from textual.widgets import Input, ProgressBar, Static

from ketquiz.core.model import CardType
from ketquiz.store import StoreError
from ketquiz.store.session import Response, StudySession, response_text
from ketquiz.ui.literal import literal
from ketquiz.ui.widgets.answer_input import AnswerInput
from ketquiz.ui.widgets.card_view import LETTERS, answer_hint, render_choices, render_grades, render_verdict
from ketquiz.ui.widgets.fitline import FitLine
from ketquiz.ui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from ketquiz.core.grading import GradeResult

#: The grade a self-graded (basic) card suggests once its answer is shown.
_GOOD = 3
_CHOICE_TYPES = (CardType.MCQ, CardType.MULTI, CardType.TRUEFALSE)
_PLACEHOLDERS = {
    CardType.TYPED: "Type your answer, then Enter",
    CardType.CLOZE: "Type the missing word(s), then Enter",
}
#: The flags Ctrl+1..4 set, Anki's first four colours.
_FLAGS = ("red", "orange", "green", "blue")
_FLAG_STYLES = {1: "white on red", 2: "black on dark_orange", 3: "black on green", 4: "white on blue"}
#: Lines of the verdict kept in view after answering: the rule, a disagreement warning, right or wrong and the
#: expected answer.
_VERDICT_HEAD = 6


_ACTION_DONE = {"suspend": "Suspended", "bury": "Buried until tomorrow", "flag": "Flag changed"}


class ReviewScreen(Screen[StudySession]):
    """Study the cards of a session; dismisses with the session when it ends or the learner leaves."""

    BINDINGS = [
        # Accept first, so the key bar names Enter for it (Space works the same).
        Binding("enter,space", "accept", "Accept grade", id="accept", tooltip="Take the suggested grade"),
        Binding("space,enter", "reveal", "Show answer", id="reveal"),
        # t and f before the letter choices (f is one of them), so the key bar lists True before False.
        Binding("t", "truefalse(True)", "True", id="answer-true"),
        Binding("f", "truefalse(False)", "False", id="answer-false"),
        *(Binding(str(i + 1), f"pick({i})", f"Choice {i + 1}", show=False) for i in range(9)),
        *(Binding(letter, f"pick({i})", f"Choice {letter}", show=False) for i, letter in enumerate(LETTERS)),
        Binding("enter", "submit", "Submit", id="submit", tooltip="Submit the chosen answers (multi)"),
        *(
            Binding(str(i), f"rate({i})", f"Grade: {name}", show=False)
            for i, name in enumerate(("Again", "Hard", "Good", "Easy"), 1)
        ),
        Binding("s", "source", "Source", id="source", tooltip="The cited passage in its context"),
        Binding("d", "disagreement", "Disagreement", id="disagreement", tooltip="Who says what, on a contested card"),
        Binding("ctrl+z,u", "undo", "Undo", id="undo", tooltip="Take back the last answer (u too, when not typing)"),
        Binding("at", "card_action('suspend')", "Suspend card", id="suspend", show=False,
                tooltip="Suspend this card: it leaves the session until you unsuspend it (in the browser)"),
        Binding("minus", "card_action('bury')", "Bury until tomorrow", id="bury", show=False,
                tooltip="Put this card aside until tomorrow: it leaves the session"),
        *(
            Binding(f"ctrl+{i}", f"flag({i})", f"Flag {name}", id=f"flag-{name}", show=False,
                    tooltip=f"Flag this card {name} (again: clear the flag)")
            for i, name in enumerate(_FLAGS, 1)
        ),
        Binding("asterisk", "cycle_flag", "Next flag colour", id="flag-cycle", show=False,
                tooltip="For terminals that do not pass Ctrl+digit on: none, red, orange, green, blue, none"),
        Binding("escape,q", "end", "End", id="end-session", tooltip="End the session; every answer is saved"),
    ]  # fmt: skip

    def __init__(self, session: StudySession) -> None:
        super().__init__()
        self.session = session
        self.result: GradeResult | None = None
        self.answered = False
        self.picked: set[int] = set()
        self.response: Response = None
        self.typed: str | None = None
        self.preselected: int | None = None
        self._intervals: dict[int, Any] | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="review-top"):
            yield Static("", id="card-topic")
            yield Static("", id="card-badges")
        with Horizontal(id="review-progress"):
            yield ProgressBar(total=max(1, self.session.total), show_eta=False, id="session-progress")
            yield FitLine(id="session-counts")
        with VerticalScroll(id="card-scroll"):
            yield Static("", id="card-prompt")
            yield Static("", id="card-choices")
            yield AnswerInput(id="card-input")
            yield Static("", id="card-verdict")
        yield FitLine(id="grade-bar")
        yield KeyBar()

    def on_mount(self) -> None:
        self._show_card()

    # --- drawing ------------------------------------------------------------------------------------

    def _show_card(self) -> None:
        showing = self.session.current
        if showing is None:
            self.dismiss(self.session)
            return
        card = showing.card
        self.result, self.answered, self.picked = None, False, set()
        self.response, self.typed, self.preselected, self._intervals = None, None, None, None
        deck = self.session.deck
        found = deck.get_topic(card.topic)
        topic = found.title if found is not None else card.topic
        mode = (
            "Cram · " if self.session.cram else "Chosen cards · " if self.session.card_ids is not None else ""
        )
        self.query_one("#card-topic", Static).update(Text(mode, style="bold") + literal(topic, "bold"))
        self._show_badges()
        self._show_progress()
        prompt = Text()
        if card.type is CardType.TRUEFALSE:
            prompt.append("True or false?\n", style="dim")
        elif card.type is CardType.MULTI:
            prompt.append("Choose every correct answer, then Enter.\n", style="dim")
        prompt.append_text(literal(card.prompt, "bold"))
        self.query_one("#card-prompt", Static).update(prompt)
        choices = self.query_one("#card-choices", Static)
        choices.display = card.type in _CHOICE_TYPES
        if choices.display:
            choices.update(render_choices(showing, self.picked, None))
        field = self.query_one("#card-input", Input)
        field.display = card.type in (CardType.TYPED, CardType.CLOZE)
        field.placeholder = _PLACEHOLDERS.get(card.type, "")
        field.value = ""
        field.disabled = False
        verdict = self.query_one("#card-verdict", Static)
        verdict.update("")
        verdict.display = False
        self.query_one("#grade-bar", FitLine).update(*answer_hint(showing))
        scroll = self.query_one("#card-scroll", VerticalScroll)
        scroll.scroll_home(animate=False)
        if field.display:
            field.focus()
        else:
            scroll.focus()
        self.refresh_bindings()

    def _show_badges(self) -> None:
        showing = self.session.current
        assert showing is not None
        badges = Text(justify="right")
        flag = self.session.flag_of_current()
        if 1 <= flag <= len(_FLAGS):
            badges.append(f" ⚑ {_FLAGS[flag - 1]} ", style=_FLAG_STYLES[flag])
        elif flag:
            badges.append(" ⚑ flagged ", style="reverse")
        if showing.changed:
            badges.append(" changed since you last saw it ", style="black on yellow")
        if showing.card.contested:
            badges.append(" contested ", style="black on dark_orange")
        self.query_one("#card-badges", Static).update(badges)

    def _show_progress(self) -> None:
        s = self.session
        bar = self.query_one("#session-progress", ProgressBar)
        bar.update(total=max(1, s.total), progress=s.done)
        tally = Text.assemble((f"✔ {s.right}", "green"), "  ", (f"✘ {s.wrong}", "red"))
        full = Text.assemble(f"{s.done} done  {s.remaining} left  ", tally)
        short = Text.assemble(f"{s.done}/{s.total}  ", tally)
        self.query_one("#session-counts", FitLine).update(full, short)

    def _show_answer(self, result: GradeResult | None) -> None:
        showing = self.session.current
        assert showing is not None
        self.result = result
        self.answered = True
        card = showing.card
        if card.type in _CHOICE_TYPES:
            given = self._given_indices()
            self.query_one("#card-choices", Static).update(render_choices(showing, self.picked, given))
        field = self.query_one("#card-input", Input)
        if field.display:
            field.disabled = True
        verdict = self.query_one("#card-verdict", Static)
        verdict.update(
            render_verdict(self.session.deck, showing, result, self.typed, basic_answer=result is None)
        )
        verdict.display = True
        # A self-graded card suggests Good, as Anki does: Space or Enter takes it.
        self.preselected = int(result.rating) if result is not None else int(_GOOD)
        intervals = self.session.intervals()
        self._intervals = {int(k): v for k, v in intervals.items()} if intervals is not None else None
        self.query_one("#grade-bar", FitLine).update(*render_grades(self._intervals, self.preselected))
        scroll = self.query_one("#card-scroll", VerticalScroll)
        scroll.focus()
        self.call_after_refresh(self._bring_verdict_into_view)
        self.refresh_bindings()

    def _bring_verdict_into_view(self) -> None:
        """Scroll just far enough to show the verdict's first lines, so the question stays on screen when
        there is room for both (scrolling to the whole verdict pushed the question out at 80x24)."""
        verdict = self.query_one("#card-verdict", Static)
        region = verdict.virtual_region
        head = Region(region.x, region.y, region.width, min(region.height, _VERDICT_HEAD))
        self.query_one("#card-scroll", VerticalScroll).scroll_to_region(head, animate=False)

    def _given_indices(self) -> frozenset[int]:
        r = self.response
        if isinstance(r, bool):
            return frozenset({0 if r else 1})
        if isinstance(r, int):
            return frozenset({r})
        if isinstance(r, frozenset):
            return r
        return frozenset()

    # --- which keys work now ------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        showing = self.session.current
        if showing is None:
            return action == "end"
        kind = showing.card.type
        asking = not self.answered
        if action == "pick":
            index = parameters[0] if parameters else -1
            choice_kind = kind in _CHOICE_TYPES
            return asking and choice_kind and isinstance(index, int) and index < len(showing.order)
        if action == "truefalse":
            return asking and kind is CardType.TRUEFALSE
        if action == "reveal":
            return asking and kind is CardType.BASIC
        if action == "submit":
            return asking and kind is CardType.MULTI
        if action == "rate":
            return self.answered
        if action == "accept":
            return self.answered and self.preselected is not None
        if action == "source":
            return self.answered and bool(showing.card.citations)
        if action == "disagreement":
            return self.answered and showing.card.contested
        if action == "undo":
            return self.session.can_undo or None
        if action in ("card_action", "flag", "cycle_flag"):
            return self.session.store is not None
        return True

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if event.widget.id == "card-input" and not self.answered and self.session.current is not None:
            self.query_one("#grade-bar", FitLine).update(*answer_hint(self.session.current))

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        # Only when the learner stepped out of a box still in use: the box also loses the focus when the next
        # card (or, after undo, the previous one) has no box, and that card's own hint must stay.
        showing = self.session.current
        typing = showing is not None and showing.card.type in (CardType.TYPED, CardType.CLOZE)
        if event.widget.id == "card-input" and typing and not self.answered and self.is_attached:
            self.query_one("#grade-bar", FitLine).update(
                Text("Tab: back to your answer · Esc again: end the session", style="dim"),
                Text("Tab: back to the box · Esc: end", style="dim"),
            )

    # --- answering ----------------------------------------------------------------------------------

    def action_pick(self, position: int) -> None:
        showing = self.session.current
        assert showing is not None
        if showing.card.type is CardType.TRUEFALSE:
            self.action_truefalse(position == 0)
            return
        if showing.card.type is CardType.MULTI:
            self.picked.symmetric_difference_update({position})
            self.query_one("#card-choices", Static).update(render_choices(showing, self.picked, None))
            return
        self.picked = {position}
        self._answer(showing.choice_at(position))

    def action_truefalse(self, value: bool) -> None:
        self.picked = {0 if value else 1}
        self._answer(value)

    def action_submit(self) -> None:
        showing = self.session.current
        assert showing is not None
        if not self.picked:
            self.notify("Pick at least one choice (number keys), then Enter.", severity="warning")
            return
        self._answer(frozenset(showing.choice_at(p) for p in self.picked))

    @on(Input.Submitted, "#card-input")
    def _typed(self, event: Input.Submitted) -> None:
        if self.answered or self.session.current is None:
            return
        self.typed = event.value
        self._answer(event.value)

    def action_reveal(self) -> None:
        self._show_answer(None)

    def _answer(self, response: Response) -> None:
        self.response = response
        self._show_answer(self.session.grade(response))

    def action_rate(self, value: int) -> None:
        from ketquiz.core.scheduling import Rating

        showing = self.session.current
        assert showing is not None
        correct = self.result.correct if self.result is not None else value != Rating.AGAIN
        try:
            self.session.commit(Rating(value), correct, response_text(showing.card, self.response))
        except StoreError as exc:  # the store's errors carry a message for the learner
            self.notify(f"Your answer was not saved: {exc}", title="Study state", severity="error", timeout=8)
            return
        if self.session.leech_notice:
            self.notify(self.session.leech_notice, title="Leech", severity="warning", timeout=8)
        self._show_card()

    def action_accept(self) -> None:
        if self.preselected is not None:
            self.action_rate(self.preselected)

    def action_undo(self) -> None:
        acted = self.session.undo_takes_action
        try:
            card_id = self.session.undo()
        except StoreError as exc:
            self.notify(f"Could not undo: {exc}", severity="error")
            return
        if card_id is None:
            self.notify("Nothing to undo in this session.")
            return
        if acted is not None:
            if acted.action == "flag":
                self._show_badges()  # the card stays as it is on screen, answered or not
                self._show_progress()
            else:
                self._show_card()
            self.refresh_bindings()
            self.notify(f"Undone: {_ACTION_DONE[acted.action].lower()}.", timeout=3)
            return
        self._show_card()
        # Said where the grades go rather than in a toast, which would cover the card's border.
        hints = answer_hint(self.session.current) if self.session.current is not None else [Text()]
        took = Text("↶ Took back your last answer · ", style="bold")
        self.query_one("#grade-bar", FitLine).update(
            *(took + h for h in hints), Text("↶ Answer taken back", style="bold")
        )

    # --- managing the card ----------------------------------------------------------------------------

    def action_card_action(self, action: str) -> None:
        """Suspend or bury the card on screen: it leaves the session and the next card comes up."""
        self._act(action)

    def action_flag(self, flag: int) -> None:
        """Set flag ``flag`` on the card on screen, or clear it when the card has that flag already."""
        self._act("flag", 0 if self.session.flag_of_current() == flag else flag)

    def action_cycle_flag(self) -> None:
        """The next flag colour after the card's own (blue goes back to none), as the browser's ``f`` does."""
        self._act("flag", (self.session.flag_of_current() + 1) % (len(_FLAGS) + 1))

    def _act(self, action: str, flag: int = 0) -> None:
        if self.session.current is None:
            return
        try:
            self.session.act(action, flag)
        except StoreError as exc:
            self.notify(f"Not done: {exc}", severity="error")
            return
        said = (
            _ACTION_DONE[action]
            if action != "flag"
            else (f"Flagged {_FLAGS[flag - 1]}" if flag else "Flag cleared")
        )
        self.notify(f"{said}. Ctrl+Z undoes it.", timeout=3)
        if action == "flag":
            self._show_badges()
            self.refresh_bindings()
        else:
            self._show_card()  # the next card, or the end of the session

    # --- looking things up --------------------------------------------------------------------------

    def action_source(self) -> None:
        from ketquiz.ui.screens.source import SourceScreen

        showing = self.session.current
        if showing is not None and showing.card.citations:
            self.app.push_screen(SourceScreen(self.session.deck, showing.card.citations, showing.card.prompt))

    def action_disagreement(self) -> None:
        from ketquiz.ui.screens.disagreements import DisagreementScreen

        showing = self.session.current
        if showing is None or not showing.card.contested:
            return
        deck = self.session.deck
        found = [d for did in showing.card.disagreements if (d := deck.get_disagreement(did)) is not None]
        if found:
            self.app.push_screen(DisagreementScreen(deck, found))

    def action_end(self) -> None:
        self.dismiss(self.session)
