"""Deck text shown literally; broken decks reported with their places; screens that survive any size."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from ketquiz.core.model import Card, CardType, Citation, Deck, Source
from ketquiz.decks import load_deck
from ketquiz.store.session import Showing
from ketquiz.ui.literal import REPLACEMENT, clean, literal, passage_in_context
from ketquiz.ui.screens.home import HomeScreen
from ketquiz.ui.screens.problems import ProblemsScreen
from ketquiz.ui.screens.review import ReviewScreen
from ketquiz.ui.widgets.card_view import render_choices, render_verdict
from tests.ui.conftest import DECK_FILE, loaded, make_app


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("[b]not bold[/b]", "[b]not bold[/b]"),
        ("\x1b[31mred\x1b[0m", f"{REPLACEMENT}[31mred{REPLACEMENT}[0m"),
        ("bell\x07 and DEL\x7f", f"bell{REPLACEMENT} and DEL{REPLACEMENT}"),
        ("tab\tand\nnewline stay", "tab\tand\nnewline stay"),
        ("\x9b2J C1 CSI", f"{REPLACEMENT}2J C1 CSI"),
    ],
)
def test_clean_replaces_controls_one_for_one(raw: str, shown: str) -> None:
    assert clean(raw) == shown
    assert len(clean(raw)) == len(raw)
    assert literal(raw).plain == shown


def test_markup_like_deck_text_is_not_markup() -> None:
    card = Card(
        id="c",
        topic="t",
        type=CardType.MCQ,
        prompt="[bold]Q[/bold]",
        answer="[red]A[/red]",
        choices=("[red]A[/red]", "[link=x]B[/link]"),
        correct=(0,),
        explanation="see [i]this[/i]\x1b]8;;http://x\x1b\\",
        citations=(Citation("s", "[quote] here", 0, 5),),
    )
    deck = Deck(
        id="d", title="D", path="d.yaml", sources=(Source("s", "[Title]", "s.txt", text="[abc] more"),)
    )
    showing = Showing(card, (1, 0))
    choices = render_choices(showing, set(), frozenset({1})).plain
    assert "[red]A[/red]" in choices and "[link=x]B[/link]" in choices
    verdict = render_verdict(deck, showing, None, None, basic_answer=True).plain
    assert "[red]A[/red]" in verdict and "[i]this[/i]" in verdict and "[Title]" in verdict
    assert "\x1b" not in verdict


def test_passage_in_context_highlights_exactly_the_quote() -> None:
    text = "First sentence here. The quoted words sit here. Last one follows. Far away."
    start = text.index("quoted words")
    end = start + len("quoted words")
    rendered = passage_in_context(text, start, end, sentences=1)
    assert "First sentence here." in rendered.plain and "Last one follows." in rendered.plain
    assert "Far away" not in rendered.plain
    highlighted = [rendered.plain[s.start : s.end] for s in rendered.spans if "reverse" in str(s.style)]
    assert highlighted == ["quoted words"]


def test_unlocated_passage_says_so() -> None:
    assert "not located" in passage_in_context("abc", -1, -1).plain


async def test_broken_deck_is_skipped_and_its_messages_shown(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: broken\ntitle: Broken\ncards:\n  - id: x\n    type: nonsense\n", encoding="utf-8")
    app = make_app(tmp_path / "state", [DECK_FILE, broken])
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        assert app.catalog is not None and [d.id for d in app.catalog.decks] == ["mini-ketamine"]
        status = str(app.home.query_one("#home-status", Static).render())
        assert "Skipped 1 deck with errors (broken.yaml; " in status and "(s)" not in status
        await pilot.press("p")
        assert isinstance(app.screen, ProblemsScreen)
        shown = str(app.screen.query_one("#problems-body", Static).render())
        problems = [d.format() for d in load_deck(broken).diagnostics]
        assert problems and all(p in shown for p in problems)
        assert f"{broken}:5:11: error:" in shown


async def test_only_broken_decks_show_the_messages_instead_of_starting(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: broken\ntitle: [unclosed\n", encoding="utf-8")
    app = make_app(tmp_path / "state", [broken])
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        notice = str(app.home.query_one("#deck-notice", Static).render())
        assert "No deck could be loaded" in notice
        (problem,) = load_deck(broken).diagnostics  # what `ketquiz check` prints
        assert f"{broken}:2:8: error: YAML syntax error" in problem.format()  # where the [ opened
        assert problem.format() in notice
        await pilot.press("s")  # nothing to start: stays home, no crash
        assert isinstance(app.screen, HomeScreen)


async def test_unusable_data_dir_still_allows_cramming(tmp_path: Path) -> None:
    blocker = tmp_path / "state"
    blocker.write_text("a file where the data directory should be", encoding="utf-8")
    app = make_app(blocker)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        assert app.store is None
        assert "Study state unavailable" in str(app.home.query_one("#home-status", Static).render())
        await pilot.press("s")
        assert isinstance(app.screen, HomeScreen)  # studying needs the store ...
        await pilot.press("c")
        assert isinstance(app.screen, ReviewScreen)  # ... cramming does not
    assert blocker.read_text(encoding="utf-8").startswith("a file where")


@pytest.mark.parametrize("size", [(40, 12), (200, 60), (80, 24)])
async def test_resizing_mid_review_never_crashes(tmp_path: Path, size: tuple[int, int]) -> None:
    app = make_app(tmp_path / "state")
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await pilot.press("s", "1")
        await pilot.resize_terminal(*size)
        await pilot.pause()
        await pilot.press("s")
        await pilot.resize_terminal(30, 8)
        await pilot.pause()
        await pilot.press("escape", "3")
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.session.done == 1


@pytest.mark.parametrize(
    ("n_citations", "hint"), [(1, "(s: passage)"), (2, "1 more citation)"), (4, "3 more citations)")]
)
def test_the_verdict_counts_the_other_citations_in_words(n_citations: int, hint: str) -> None:
    card = Card(
        id="c",
        topic="t",
        type=CardType.BASIC,
        prompt="Q",
        answer="A",
        citations=tuple(Citation("s", "quoted words here", 0, 5) for _ in range(n_citations)),
    )
    deck = Deck(
        id="d", title="D", path="d.yaml", sources=(Source("s", "S", "s.txt", text="quoted words here"),)
    )
    verdict = render_verdict(deck, Showing(card, ()), None, None, basic_answer=True).plain
    assert verdict.rstrip().endswith(hint)
