"""Card actions from the review screen: suspend and bury take the card out of the session, flags mark it, and
Ctrl+Z takes each back (in order with answers), as the learner expects from Anki."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static

from ketquiz.ui.app import KetquizApp
from ketquiz.ui.screens.help import HelpScreen
from ketquiz.ui.screens.review import ReviewScreen
from tests.deckgen import write_deck
from tests.ui.conftest import loaded, make_app, review_log
from tests.ui.test_polish import screen_lines


def _app(tmp_path: Path) -> tuple[KetquizApp, Path]:
    data = tmp_path / "state"
    return make_app(data, [write_deck(tmp_path / "decks", per_topic=2, kind="basic")]), data


async def _review(app: KetquizApp, pilot: object) -> ReviewScreen:
    await loaded(app, pilot)
    await pilot.press("s")  # type: ignore[attr-defined]
    review = app.screen
    assert isinstance(review, ReviewScreen)
    return review


def _on_screen(review: ReviewScreen) -> str:
    showing = review.session.current
    assert showing is not None
    return showing.card.id


def _stored(review: ReviewScreen, card_id: str) -> tuple[bool, bool, int]:
    """(suspended, buried, flag) as the store has them."""
    store = review.session.store
    assert store is not None
    row = store.stored_cards(review.session.deck.id)[card_id]
    return row.suspended, row.buried_until is not None, row.flag


async def test_suspend_takes_the_card_out_of_the_session_and_undo_brings_it_back(tmp_path: Path) -> None:
    app, _data = _app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        review = await _review(app, pilot)
        assert _on_screen(review) == "c0" and review.session.total == 4
        await pilot.press("at")
        assert _on_screen(review) == "c1"
        assert "c0" not in review.session.queue[review.session.pos :] and review.session.total == 3
        assert _stored(review, "c0") == (True, False, 0)
        await pilot.press("ctrl+z")
        assert _on_screen(review) == "c0" and review.session.total == 4
        assert _stored(review, "c0") == (False, False, 0)


async def test_bury_then_answer_undo_takes_back_the_answer_then_the_bury(tmp_path: Path) -> None:
    app, data = _app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        review = await _review(app, pilot)
        await pilot.press("minus")
        assert _on_screen(review) == "c1" and _stored(review, "c0") == (False, True, 0)
        await pilot.press("space", "space")  # c1: show the answer, take Good
        assert _on_screen(review) == "c2" and [r[0] for r in review_log(data)] == ["c1"]
        await pilot.press("ctrl+z")
        assert _on_screen(review) == "c1" and review_log(data) == []
        assert _stored(review, "c0") == (False, True, 0)  # the answer went first, the bury stays
        await pilot.press("ctrl+z")
        assert _on_screen(review) == "c0" and _stored(review, "c0") == (False, False, 0)
        await pilot.press("ctrl+z")  # nothing left: the session is as it began
        assert _on_screen(review) == "c0" and review.session.done == 0


async def test_flags_mark_the_card_in_place_and_undo_clears_them(tmp_path: Path) -> None:
    app, data = _app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        review = await _review(app, pilot)
        await pilot.press("space")  # the answer is shown; a flag must not take it away
        assert review.answered
        await pilot.press("ctrl+1")
        badges = str(review.query_one("#card-badges", Static).render())
        assert _stored(review, "c0") == (False, False, 1) and "red" in badges
        assert review.answered and _on_screen(review) == "c0"
        await pilot.press("ctrl+1")  # the same flag again clears it
        assert _stored(review, "c0")[2] == 0 and "red" not in str(
            review.query_one("#card-badges", Static).render()
        )
        await pilot.press("ctrl+4")
        assert _stored(review, "c0")[2] == 4 and "blue" in str(
            review.query_one("#card-badges", Static).render()
        )
        await pilot.press("ctrl+z")
        assert _stored(review, "c0")[2] == 0 and review.answered and _on_screen(review) == "c0"
        await pilot.press(
            "asterisk", "asterisk"
        )  # for terminals without Ctrl+digit: the next colour each time
        assert _stored(review, "c0")[2] == 2 and "orange" in str(
            review.query_one("#card-badges", Static).render()
        )
        await pilot.press("space")  # Good, still from the same showing
    assert [r[:2] for r in review_log(data)] == [("c0", 3)]


async def test_help_lists_the_card_actions(tmp_path: Path) -> None:
    app, _data = _app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _review(app, pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.pause()
        shown = "\n".join(screen_lines(app))
        assert "@              Suspend card" in shown and "-              Bury until tomorrow" in shown
        assert "ctrl+1         Flag red" in shown


async def test_action_keys_are_text_in_the_answer_box(tmp_path: Path) -> None:
    data = tmp_path / "state"
    app = make_app(data, [write_deck(tmp_path / "decks", per_topic=2, kind="typed")])
    async with app.run_test(size=(80, 24)) as pilot:
        review = await _review(app, pilot)
        await pilot.press("at", "minus", "asterisk")
        assert review.query_one("#card-input", Input).value == "@-*"
        assert _on_screen(review) == "c0" and _stored(review, "c0") == (False, False, 0)
