"""Home as a learner meets it: focus where the work is, the picked topics named, and counts a session keeps."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList, Static

from ketquiz.ui.screens.home import HomeScreen
from ketquiz.ui.screens.review import ReviewScreen
from tests.deckgen import write_deck
from tests.ui.conftest import DECK_FILE, loaded, make_app


def _notice(home: HomeScreen) -> str:
    return str(home.query_one("#deck-notice", Static).render())


async def test_one_deck_starts_on_the_topics_and_names_what_is_picked(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        topics = home.query_one("#topic-list", OptionList)
        assert topics.has_focus  # one deck: ↓ and Space pick topics at once
        await pilot.press("space", "down", "space")
        assert home.picked_topics("mini-ketamine") == {"mechanism", "effects"}
        assert str(home.query_one("#topic-pane").border_title).startswith("Topics · 2 picked")
        await pilot.press("space")
        assert str(home.query_one("#topic-pane").border_title).startswith("Topics · 1 picked")
        await pilot.press("a")
        assert "none: all" in str(home.query_one("#topic-pane").border_title)


async def test_two_decks_start_on_the_deck_list(tmp_path: Path) -> None:
    other = write_deck(tmp_path / "decks", per_topic=1)
    app = make_app(tmp_path / "state", [DECK_FILE, other])
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        assert app.screen.query_one("#deck-list", OptionList).has_focus


async def test_deck_line_counts_what_the_session_queues(tmp_path: Path) -> None:
    deck_file = write_deck(tmp_path / "decks")  # 40 new cards over two topics; 20 new cards a day
    app = make_app(tmp_path / "state", [deck_file])
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert "new 20  due 0" in _notice(home)
        await pilot.press("space")  # one topic of 20 new cards
        await pilot.pause()
        assert "new 20" in _notice(home)
        await pilot.press("s")
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert review.session.total == 20


async def test_deck_line_follows_the_daily_limit_after_studying(tmp_path: Path) -> None:
    deck_file = write_deck(tmp_path / "decks")
    app = make_app(tmp_path / "state", [deck_file])
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        await pilot.press("s")
        review = app.screen
        assert isinstance(review, ReviewScreen)
        for _ in range(3):
            await pilot.press(*"xyz", "enter", "4")  # wrong, then rated Easy: out of the session
        await pilot.press("escape", "escape")  # out of the answer box, then end the session
        await pilot.pause()
        assert not isinstance(app.screen, (HomeScreen, ReviewScreen))
        # The summary's counts behind it are already today's: 3 of the 20 new cards were introduced.
        assert "new 17" in _notice(home)


async def test_a_long_topic_title_is_cut_with_an_ellipsis_not_wrapped(tmp_path: Path) -> None:
    """At 80 columns every topic is one row: a title longer than the pane ends in "…" and the next topic
    follows on the next line."""
    import shutil

    folder = tmp_path / "decks"
    shutil.copytree(DECK_FILE.parent, folder)
    deck = folder / DECK_FILE.name
    long_title = "Onset and duration of effects, from the first infusion to the weeks after the last one"
    deck.write_text(deck.read_text(encoding="utf-8").replace("Onset and duration [of effects]", long_title))
    app = make_app(tmp_path / "state", [deck])
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        topics = app.screen.query_one("#topic-list", OptionList)
        lines = [topics.render_line(y).text.rstrip() for y in range(4)]
        assert lines[0].endswith("How ketamine works")
        assert "Onset and duration of effects" in lines[1] and lines[1].endswith("…")
        assert lines[2] == ""  # no second line of the title


async def test_a_cut_topic_title_is_shown_whole_under_the_lists(data_dir: Path) -> None:
    """At 60 columns the list cuts both of the test deck's titles: the highlighted one is written out whole on
    the deck's line (markup-like brackets as typed), and follows the highlight."""
    app = make_app(data_dir)
    async with app.run_test(size=(60, 20)) as pilot:
        await loaded(app, pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        topics = home.query_one("#topic-list", OptionList)
        assert topics.has_focus and topics.highlighted == 0
        assert "Topic  How ketamine works" in _notice(home)
        await pilot.press("down")
        await pilot.pause()
        assert "Topic  Onset and duration [of effects]" in _notice(home)
        assert "How ketamine works" not in _notice(home)


async def test_the_topic_line_is_there_at_any_width(data_dir: Path) -> None:
    """The highlighted topic's whole title is under the lists whether or not the list cuts it, so the lines
    under the lists do not change with the width (and the screen is not laid out again once the list's width is
    known)."""
    app = make_app(data_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        wide = _notice(home)
        assert "Topic  How ketamine works" in wide
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        await pilot.pause()
        assert _notice(home) == wide


async def test_a_topics_total_leaves_out_suspended_cards_as_due_does(tmp_path: Path) -> None:
    """Home's Total and `ketquiz due`'s cards are one figure: a suspended card is in neither."""
    from ketquiz.decks import load_deck
    from ketquiz.store import open_store
    from tests.factories import NOW

    deck_file = write_deck(tmp_path / "decks", per_topic=5)
    deck = load_deck(deck_file).deck
    assert deck is not None
    with open_store(tmp_path / "state", "default") as store:
        store.sync_deck(deck)
        store.act(deck.id, ["c0", "c1"], "suspend", NOW)  # both in topic "one"
    app = make_app(tmp_path / "state", [deck_file])
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        topics = app.screen.query_one("#topic-list", OptionList)
        rows = [str(topics.get_option_at_index(i).prompt).split() for i in range(topics.option_count)]
    assert [row[:3] for row in rows] == [["3", "0", "3"], ["5", "0", "5"]]


async def test_a_deck_of_one_card_says_one_card(tmp_path: Path) -> None:
    deck_file = write_deck(tmp_path / "decks", per_topic=1)
    text = deck_file.read_text(encoding="utf-8")
    deck_file.write_text(text[: text.index("  - id: c1\n")], encoding="utf-8")  # c0 alone
    app = make_app(tmp_path / "state", [deck_file])
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert "·  1 card  ·" in _notice(home)
