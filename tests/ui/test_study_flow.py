"""A whole study session driven through the app with the keyboard, checked against what the store recorded."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

from textual.widgets import Static, TextArea

from ketquiz.core.model import CardType
from ketquiz.ui.screens.disagreements import DisagreementListScreen, DisagreementScreen
from ketquiz.ui.screens.home import HomeScreen
from ketquiz.ui.screens.review import ReviewScreen
from ketquiz.ui.screens.source import FullSourceScreen, SourceScreen
from ketquiz.ui.screens.summary import SummaryScreen
from tests.ui.conftest import DECK_DIR, NOW, loaded, make_app, review_log


def _text(screen: object, selector: str) -> str:
    widget = screen.query_one(selector, Static)  # type: ignore[attr-defined]
    return str(widget.render())


def _key_for(review: ReviewScreen, choice_text: str) -> str:
    showing = review.session.current
    assert showing is not None
    return str(showing.position_of(showing.card.choices.index(choice_text)) + 1)


async def test_full_session_records_every_answer(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("s")
        review = app.screen
        assert isinstance(review, ReviewScreen)

        # mcq: pick the right choice by its number in this showing's shuffled order.
        assert review.session.current and review.session.current.card.id == "mech-nmda"
        await pilot.press(_key_for(review, "NMDA receptor"))
        assert "Right" in _text(review, "#card-verdict")
        # The source is one key away, then the whole document at the passage.
        await pilot.press("s")
        assert isinstance(app.screen, SourceScreen)
        passage = app.screen.query_one("#source-passage", Static).render()
        assert "called the N-methyl-D-aspartate (NMDA) receptor." in str(passage)
        await pilot.press("o")
        assert isinstance(app.screen, FullSourceScreen)
        area = app.screen.query_one(TextArea)
        assert area.selected_text.startswith("Ketamine works by blocking")
        await pilot.press("escape", "escape")
        assert app.screen is review
        await pilot.press("enter")  # accept the pre-selected Good

        # multi: toggle the three right ones, submit, then override the grade to Hard.
        assert review.session.current and review.session.current.card.id == "mech-side-effects"
        for choice in ("nausea", "dizziness", "temporary dissociation"):
            await pilot.press(_key_for(review, choice))
        await pilot.press("enter")
        assert "Right" in _text(review, "#card-verdict")
        await pilot.press("2")

        # truefalse: the statement is false.
        assert review.session.current and review.session.current.card.type is CardType.TRUEFALSE
        await pilot.press("f")
        assert "Right" in _text(review, "#card-verdict")
        await pilot.press("enter")

        # typed, answered wrongly and accepted as Again ...
        assert review.session.current and review.session.current.card.id == "mech-bdnf"
        await pilot.press(*"BDFN", "enter")
        assert "Wrong" in _text(review, "#card-verdict")
        await pilot.press("enter")
        assert review_log(data_dir)[-1] == ("mech-bdnf", 1, "BDFN")
        # ... then undone (Ctrl+Z, as the next card's answer field has the focus): the answer leaves the log
        # and the card comes back.
        await pilot.press("ctrl+z")
        assert review.session.current and review.session.current.card.id == "mech-bdnf"
        assert [r[0] for r in review_log(data_dir)] == ["mech-nmda", "mech-side-effects", "mech-glutamate"]
        await pilot.press(*"bdnf", "enter", "enter")

        # cloze, with one typo.
        assert review.session.current and review.session.current.card.type is CardType.CLOZE
        await pilot.press(*"synaptogenesys", "enter")
        assert "Right" in _text(review, "#card-verdict")
        await pilot.press("enter")

        # basic and contested: reveal, open the disagreement, then self-grade.
        assert review.session.current and review.session.current.card.id == "eff-duration"
        await pilot.press("space")
        assert "The sources disagree here" in _text(review, "#card-verdict")
        await pilot.press("d")
        assert isinstance(app.screen, DisagreementScreen)
        body = _text(app.screen, "#disagreement-body")
        assert "Weeks or even months for some people." in body
        assert "a single infusion may provide relief for several days to a week." in body
        await pilot.press("escape")
        await pilot.press("3")

        # Leave mid-session (learning cards would come back): the summary, then home.
        await pilot.press("escape")
        assert isinstance(app.screen, SummaryScreen)
        summary = app.screen.summary
        assert (summary.answered, summary.right, summary.wrong) == (6, 6, 0)
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("q")
    assert review_log(data_dir) == [
        ("mech-nmda", 3, "NMDA receptor"),
        ("mech-side-effects", 2, "nausea; dizziness; temporary dissociation"),
        ("mech-glutamate", 3, "false"),
        ("mech-bdnf", 3, "bdnf"),
        ("eff-synapto", 3, "synaptogenesys"),
        ("eff-duration", 3, None),
    ]


async def test_wrong_choice_preselects_again_and_the_learner_can_override(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await pilot.press("s")
        review = app.screen
        assert isinstance(review, ReviewScreen)
        await pilot.press(_key_for(review, "GABA receptor"))
        assert review.preselected == 1
        assert "Wrong" in _text(review, "#card-verdict")
        await pilot.press("4")
        await pilot.press("ctrl+q")
    assert review_log(data_dir) == [("mech-nmda", 4, "GABA receptor")]


async def test_cram_leaves_the_schedule_alone(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await pilot.press("c")
        review = app.screen
        assert isinstance(review, ReviewScreen) and review.session.cram
        first = review.session.current
        assert first is not None
        await pilot.press("space" if first.card.type is CardType.BASIC else "escape")
        await pilot.press("ctrl+q")
    assert review_log(data_dir) == []


async def test_changed_card_is_flagged_and_progress_survives_a_restart(tmp_path: Path) -> None:
    deck_dir = tmp_path / "deck"
    shutil.copytree(DECK_DIR, deck_dir)
    data_dir = tmp_path / "state"
    app = make_app(data_dir, [deck_dir / "mini.yaml"])
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await pilot.press("s")
        review = app.screen
        assert isinstance(review, ReviewScreen)
        await pilot.press(_key_for(review, "NMDA receptor"), "1")  # Again: due again within minutes
        await pilot.press("ctrl+q")  # quit mid-session
    assert review_log(data_dir) == [("mech-nmda", 1, "NMDA receptor")]
    deck_file = deck_dir / "mini.yaml"
    text = deck_file.read_text(encoding="utf-8")
    deck_file.write_text(
        text.replace("Which receptor does ketamine block?", "Which receptor is blocked?"), "utf-8"
    )
    app = make_app(data_dir, [deck_file], now=NOW + timedelta(minutes=5))  # the Again step has passed
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await pilot.press("s")
        review = app.screen
        assert isinstance(review, ReviewScreen)
        showing = review.session.current
        assert showing is not None and showing.card.id == "mech-nmda" and showing.changed
        assert "changed since you last saw it" in _text(review, "#card-badges")


async def test_disagreement_list_leads_to_each_sides_passage(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await pilot.press("d")
        assert isinstance(app.screen, DisagreementListScreen)
        await pilot.press("enter")
        assert isinstance(app.screen, DisagreementScreen)
        await pilot.press("o")
        source = app.screen
        assert isinstance(source, SourceScreen) and not source.agreeing
        first = _text(source, "#source-passage")
        assert "Says: Several days to a week." in first
        await pilot.press("c")
        second = _text(source, "#source-passage")
        assert "Says: Weeks or even months for some people." in second
        assert "Some people find that they feel better for weeks or even months" in second
        assert "agree" not in _text(source, "#source-agree")


async def test_cramming_one_picked_topic_runs_to_the_summary(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await pilot.press("down", "space")  # one deck: the topics have the focus; pick the second one
        await pilot.press("c")
        review = app.screen
        assert isinstance(review, ReviewScreen) and review.session.topics == {"effects"}
        assert review.session.total == 1
        await pilot.press("space", "3")
        assert isinstance(app.screen, SummaryScreen)
        assert (app.screen.summary.cram, app.screen.summary.answered) == (True, 1)
        assert "Cramming leaves your schedule as it was." in _text(app.screen, "#summary-body")
        await pilot.press("enter")
        assert isinstance(app.screen, HomeScreen)
    assert review_log(data_dir) == []
