"""The review screen's keys as Anki users and typists press them: Space twice per card, undo from any card, and
hints that stay true; at 80x24 and 60x20 nothing wraps or is cut."""

from __future__ import annotations

from pathlib import Path

from textual.containers import VerticalScroll
from textual.widgets import Input, TextArea

from ketquiz.core.model import CardType
from ketquiz.ui.app import KetquizApp
from ketquiz.ui.screens.help import HelpScreen
from ketquiz.ui.screens.home import HomeScreen
from ketquiz.ui.screens.review import ReviewScreen
from ketquiz.ui.widgets.fitline import FitLine
from ketquiz.ui.widgets.keybar import KeyBar
from tests.deckgen import write_deck
from tests.ui.conftest import loaded, make_app, review_log
from tests.ui.test_polish import screen_lines


def _bar(review: ReviewScreen, selector: str = "#grade-bar") -> str:
    return str(review.query_one(selector, FitLine).render())


def _keybar(app: KetquizApp) -> str:
    return str(app.screen.query_one(KeyBar).render())


async def _review(app: KetquizApp, pilot: object, key: str = "s") -> ReviewScreen:
    await loaded(app, pilot)
    await pilot.press(key)  # type: ignore[attr-defined]
    review = app.screen
    assert isinstance(review, ReviewScreen)
    return review


async def test_space_twice_per_basic_card_reveals_then_takes_good(tmp_path: Path) -> None:
    data = tmp_path / "state"
    app = make_app(data, [write_deck(tmp_path / "decks", per_topic=2, kind="basic")])
    async with app.run_test(size=(80, 24)) as pilot:
        review = await _review(app, pilot)
        await pilot.press("space")
        assert review.answered and review.preselected == 3
        assert "Space/Enter: Good" in _bar(review)
        await pilot.press("space")
        assert not review.answered and review.session.done == 1
        await pilot.press("enter", "enter")  # Enter works the same, both times
        assert review.session.done == 2
        await pilot.press("space", "1")  # a grade key still overrides the suggestion
    assert [(card, rating) for card, rating, _ in review_log(data)] == [("c0", 3), ("c1", 3), ("c2", 1)]


async def test_space_accepts_the_suggested_grade_of_an_answered_card(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        review = await _review(app, pilot)
        showing = review.session.current
        assert showing is not None and showing.card.type is CardType.MCQ
        await pilot.press(str(showing.position_of(showing.card.correct[0]) + 1), "space")
    assert review_log(data_dir) == [("mech-nmda", 3, "NMDA receptor")]


async def test_ctrl_z_undoes_from_every_card_and_the_key_bar_says_so(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        review = await _review(app, pilot)
        assert "^z Undo" in _keybar(app)  # the one rule, shown from the first card
        await pilot.press("1", "4")  # mcq answered; on to the multi card
        assert "^z Undo" in _keybar(app)
        await pilot.press("ctrl+z")
        assert review.session.done == 0 and review_log(data_dir) == []
        await pilot.press("1", "4", "1", "enter", "4", "t", "4")  # mcq, multi, true/false: a typed card next
        showing = review.session.current
        assert showing is not None and showing.card.type is CardType.TYPED
        field = review.query_one("#card-input", Input)
        assert field.has_focus and "^z Undo" in _keybar(app)
        await pilot.press("u")  # in the box, u is a letter ...
        assert field.value == "u" and review.session.done == 3
        await pilot.press("ctrl+z")  # ... and Ctrl+Z undoes
        assert review.session.done == 2
        assert [r[0] for r in review_log(data_dir)] == ["mech-nmda", "mech-side-effects"]
        await pilot.press("t", "4")  # back on the typed card: step out of the box, then u undoes too
        await pilot.press("escape", "u")
        assert review.session.done == 2 and app.screen is review


async def test_after_undo_the_hint_is_the_shown_cards_and_no_toast_covers_the_card(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        review = await _review(app, pilot)
        await pilot.press(
            "1", "4", "1", "enter", "4"
        )  # mcq, then the multi card: the true/false card is next
        await pilot.press("t", "4")  # and now the typed card, whose box has the focus
        await pilot.press("ctrl+z")  # back to the true/false card: its own hint, not the box's
        assert "t: true · f: false" in _bar(review) and "Tab" not in _bar(review)
        assert "Took back" in _bar(review)
        await pilot.press("ctrl+z")  # and to the multi card
        assert "toggle a choice" in _bar(review) and "Tab" not in _bar(review)
        await pilot.pause()
        assert not app._notifications  # said in the hint line: no toast over the card's border
        border = screen_lines(app)[-3]
        assert border.startswith("╰") and border.endswith("╯") and set(border[1:-1]) == {"─"}


async def test_cram_grade_bar_stays_on_one_line_at_80_columns(tmp_path: Path) -> None:
    app = make_app(tmp_path / "state", [write_deck(tmp_path / "decks", per_topic=1, kind="basic")])
    async with app.run_test(size=(80, 24)) as pilot:
        review = await _review(app, pilot, "c")
        await pilot.press("space")
        await pilot.pause()
        bar = review.query_one("#grade-bar", FitLine)
        assert bar.size.height == 1
        shown = _bar(review)
        assert "cram" in shown and "Good" in shown and not shown.endswith("…")
        assert all(len(line) <= 80 for line in screen_lines(app))


async def test_counters_and_key_bar_read_at_60_by_20(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(60, 20)) as pilot:
        review = await _review(app, pilot)
        await pilot.press("1")
        await pilot.pause()
        keys = _keybar(app)
        assert all(word in keys for word in ("Accept", "Source", "Undo", "End", "Help")) and "…" not in keys
        grades = _bar(review)
        assert all(name in grades for name in ("Again", "Hard", "Good", "Easy")) and "…" not in grades
        await pilot.press("1")
        await pilot.pause()
        counts = _bar(review, "#session-counts")
        assert "✔ 0" in counts and "✘ 1" in counts and "…" not in counts
        lines = screen_lines(app)
        assert any("✘ 1" in line for line in lines) and any("Undo" in line for line in lines)


async def test_help_lists_problems_only_when_there_are_some(data_dir: Path, tmp_path: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.pause()
        assert not any("Problems" in line for line in screen_lines(app))
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: broken\ntitle: [unclosed\n", encoding="utf-8")
    app = make_app(data_dir, [broken, *app.deck_paths])
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("question_mark")
        await pilot.pause()
        assert any("Problems" in line for line in screen_lines(app))


async def test_home_and_end_scroll_the_source_views(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(60, 14)) as pilot:
        await _review(app, pilot)
        await pilot.press("1", "s")  # the cited passage, longer than this small window
        await pilot.pause()
        scroll = app.screen.query_one("#source-scroll", VerticalScroll)
        assert scroll.max_scroll_y > 0
        await pilot.press("end")
        assert scroll.scroll_y == scroll.max_scroll_y
        await pilot.press("home")
        assert scroll.scroll_y == 0
        await pilot.press("o")  # the whole document, opened at the passage
        await pilot.pause()
        area = app.screen.query_one(TextArea)
        selected = area.selected_text
        assert 0 < area.scroll_y < area.max_scroll_y
        await pilot.press("end")
        await pilot.pause()
        assert area.scroll_y == area.max_scroll_y
        await pilot.press("home")
        await pilot.pause()
        assert area.scroll_y == 0 and area.selected_text == selected  # the passage stays marked


async def test_stats_charts_fit_60_columns(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(60, 20)) as pilot:
        await loaded(app, pilot)
        await pilot.press("t")
        await pilot.pause()
        lines = screen_lines(app)
        # Each chart's axis labels sit on one line under it: nothing wrapped.
        assert any("-29d" in line and "today" in line for line in lines)
        axis = next(line for line in lines if "└" in line)
        assert axis.rstrip(" │▁▂▃▄▅▆▇█").endswith("─")
