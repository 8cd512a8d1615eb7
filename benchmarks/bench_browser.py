"""Card-browser benchmark: filtering 100,000 cards as the learner types, beside a bare SQLite ``LIKE`` query.

Prints, each next to a floor measured in the same run:

* building the browser's index (every card with its state, search text case-folded once) from a profile;
* one keystroke: filtering every card by the search so far (median over a typed query, a letter at a time),
  beside a bare ``SELECT ... WHERE text LIKE '%...%'`` over the same rows in SQLite (target: under 50 ms);
* drawing the first rows of the result into the browser's table (at most ``MAX_ROWS``), through Textual.

Run: ``python benchmarks/bench_browser.py [--cards N]``.
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from ketquiz.core.model import Card, CardType, Citation, Deck, Topic
from ketquiz.store import open_store
from ketquiz.store.browse import CardFilter, CardIndex, card_views

QUERY = "ketamine nasal spray dose"
WORDS = (
    "ketamine",
    "depression",
    "receptor",
    "glutamate",
    "infusion",
    "nasal",
    "spray",
    "dose",
    "relief",
    "mood",
)


def make_deck(n: int) -> Deck:
    topics = tuple(Topic(f"topic-{i}", f"Topic {i}") for i in range(20))
    cards = tuple(
        Card(
            f"card-{i}",
            f"topic-{i % 20}",
            CardType.TYPED,
            f"Question {i}: what does the article say about {WORDS[i % 10]} and {WORDS[(i * 7) % 10]}?",
            f"answer {i} {WORDS[(i * 3) % 10]}",
            citations=(
                Citation("src", f"a passage on {WORDS[(i * 5) % 10]} {WORDS[(i * 9) % 10]} number {i}"),
            ),
        )
        for i in range(n)
    )
    return Deck("bench", "Benchmark", "bench.yaml", topics=topics, cards=cards)


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


async def table_fill_ms(index: CardIndex) -> tuple[float, float]:
    """Time to draw one filtered result into the real browser table (Textual, headless)."""
    from textual.app import App

    from ketquiz.ui.screens.browser import BrowserScreen

    screen = BrowserScreen.__new__(BrowserScreen)
    times: list[float] = []

    class Bench(App[None]):
        def on_mount(self) -> None:
            BrowserScreen.__init__(screen, [], None, __import__("datetime").datetime.now().astimezone())
            screen.index = index
            self.push_screen(screen)

    app = Bench()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for i in range(1, len(QUERY) + 1):
            screen.filter = CardFilter(search=QUERY[:i])
            start = time.perf_counter()
            screen.refresh_table()
            times.append(time.perf_counter() - start)
    return median_ms(times), max(times) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=100_000)
    args = parser.parse_args()
    deck = make_deck(args.cards)
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp), "bench")
        store.sync_deck(deck)
        now = __import__("datetime").datetime.now().astimezone()
        start = time.perf_counter()
        index = CardIndex(card_views(store, [deck], now))
        build_ms = (time.perf_counter() - start) * 1000
        store.close()

    bare = sqlite3.connect(":memory:")
    bare.execute("CREATE TABLE cards (id TEXT, text TEXT)")
    bare.executemany(
        "INSERT INTO cards VALUES (?, ?)",
        ((c.id, "\n".join([c.prompt, c.answer, *(q.quote for q in c.citations)])) for c in deck.cards),
    )
    like, ours = [], []
    for i in range(1, len(QUERY) + 1):
        typed = QUERY[:i]
        t0 = time.perf_counter()
        bare.execute("SELECT id FROM cards WHERE text LIKE ?", (f"%{typed}%",)).fetchall()
        like.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        index.filter(CardFilter(search=typed))
        ours.append(time.perf_counter() - t0)
    fill, worst_fill = asyncio.run(table_fill_ms(index))
    full = []
    for typed in (
        "k",
        "ke",
        "nasal",
        "receptor mood",
    ):  # a first letter or a backspace: every card is scanned
        fresh = CardIndex(index.views)
        t0 = time.perf_counter()
        fresh.filter(CardFilter(search=typed))
        full.append(time.perf_counter() - t0)
    print(f"{args.cards:,} cards; the query {QUERY!r} typed a letter at a time ({len(QUERY)} keystrokes)")
    print(f"  build the index once (store read, search text):  {build_ms:8.0f} ms")
    print(f"  bare SQLite LIKE over the same text:             {median_ms(like):8.1f} ms per keystroke")
    print(f"  browser filter:                                  {median_ms(ours):8.1f} ms per keystroke   "
          f"ratio {median_ms(ours) / median_ms(like):.2f}x")  # fmt: skip
    print(f"  filter + drawing the table (Textual):            {median_ms(ours) + fill:8.1f} ms per keystroke   "
          "(target < 50 ms)")  # fmt: skip
    print(f"  worst keystroke (a full scan, {len(index.views):,} cards, + the fullest table): "
          f"{max(full) * 1000 + worst_fill:6.1f} ms   (bare LIKE {max(like) * 1000:.1f} ms)")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
