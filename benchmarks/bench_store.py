"""Study-store benchmark: 100,000 cards and 1,000,000 review rows in one profile.

Prints, each next to a baseline measured in the same run:

* building the due queue vs a bare indexed SELECT of the due cards (target: at most 3x, under 50 ms);
* answering one card (schedule + durable commit) vs bare py-fsrs ``review_card`` + one SQLite UPDATE and commit
  with the same pragmas (target: at most 2x);
* opening the profile (constant time: no whole-file check unless one is due) vs a bare ``sqlite3.connect`` and
  vs the whole-file ``quick_check`` it used to run on every open;
* ``stats`` (30 days and a year) vs the same figures as plain SQL aggregates in a fixed UTC offset (target: at most
  1.5x);
* peak RSS of a fresh process loading the profile (deck in memory, store opened, queue and counts built) vs the
  same process before opening the store (target: under 300 MB).

Run: ``python benchmarks/bench_store.py [--cards N] [--reviews N]``.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import fsrs

from ketquiz.core.model import Card, CardType, Citation, Deck, Topic
from ketquiz.core.scheduling import Rating
from ketquiz.store import open_store, profile_path

NOW = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)
DAY_MS = 86_400_000
DECK_ID = "bench"


def make_deck(n_cards: int) -> Deck:
    cite = (Citation("src", "a passage of the source"),)
    topics = tuple(Topic(f"topic-{i}", f"Topic {i}") for i in range(20))
    cards = tuple(
        Card(f"card-{i}", f"topic-{i % 20}", CardType.TYPED, f"Question {i}?", f"answer {i}", citations=cite)
        for i in range(n_cards)
    )
    return Deck(DECK_ID, "Benchmark", "bench.yaml", topics=topics, cards=cards)


def fill(path: Path, deck: Deck, n_reviews: int, rng: random.Random) -> None:
    """Card states and a review log written straight into the store's tables, in one transaction."""
    now_ms = int(NOW.timestamp() * 1000)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")

    def cards() -> Iterator[tuple[object, ...]]:
        for pos, card in enumerate(deck.cards):
            roll = rng.random()
            if roll < 0.3:  # new
                yield (
                    DECK_ID,
                    card.id,
                    card.topic,
                    card.content_hash(),
                    pos,
                    0,
                    None,
                    None,
                    None,
                    None,
                    None,
                )
                continue
            state, step = (2, None) if roll < 0.995 else (rng.choice((1, 3)), 0)
            stability = rng.uniform(0.5, 300)
            last = now_ms - rng.randrange(1, 200) * DAY_MS
            due = now_ms + rng.randrange(-30 * DAY_MS, 120 * DAY_MS)
            yield (DECK_ID, card.id, card.topic, card.content_hash(), pos, state, step, stability,
                   rng.uniform(1, 10), due, last)  # fmt: skip

    conn.executemany(
        "INSERT INTO cards (deck_id, card_id, topic, content_hash, position, state, step, stability, difficulty, "
        "due, last_review) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        cards(),
    )
    conn.execute("UPDATE cards SET reviewed_hash = content_hash WHERE last_review IS NOT NULL")
    n_cards = len(deck.cards)
    span = 730 * DAY_MS

    def reviews() -> Iterator[tuple[object, ...]]:
        before = json.dumps({"state": 2, "step": None, "stability": 10.0, "difficulty": 5.0, "due": now_ms,
                             "last_review": now_ms - DAY_MS, "reviewed_hash": None})  # fmt: skip
        for i in range(n_reviews):
            at = now_ms - DAY_MS - span + (span * i) // n_reviews  # in time order, up to yesterday
            yield (DECK_ID, f"card-{rng.randrange(n_cards)}", at, rng.choice((1, 3, 3, 3, 4)), 4000, None,
                   2 if i % 10 else 0, before)  # fmt: skip

    conn.executemany(
        "INSERT INTO reviews (deck_id, card_id, reviewed_at, rating, duration_ms, response, state_before, "
        "before_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        reviews(),
    )
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.close()


def timed(fn: Callable[[], object], repeat: int) -> float:
    """Median wall time of ``fn`` in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


RSS_SCRIPT = """
import resource, sys, json
from pathlib import Path
sys.path.insert(0, {bench_dir!r})
from bench_store import make_deck, NOW

def current_kb():
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * resource.getpagesize() // 1024
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

from ketquiz.store import open_store
start = current_kb()
deck = make_deck({n_cards})
with_deck = current_kb()
store = open_store(Path({data_dir!r}), "bench")
store.sync_deck(deck)
queue = store.build_queue(deck, None, NOW)
counts = store.counts(deck, NOW)
loaded = current_kb()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"start_kb": start, "deck_kb": with_deck, "loaded_kb": loaded, "peak_kb": peak}}))
"""


def sql_stats_floor(conn: sqlite3.Connection, days: int) -> object:
    """The figures ``stats`` shows (with its year heatmap, retention by topic, leeches and suspended cards), as
    plain SQL aggregates with a fixed UTC day: the floor stats is held to."""
    now_ms = int(NOW.timestamp() * 1000)
    since = now_ms - days * DAY_MS
    return (
        conn.execute(
            "SELECT reviewed_at / ? AS d, COUNT(*) FROM reviews WHERE reviewed_at >= ? GROUP BY d",
            (DAY_MS, since),
        ).fetchall(),
        conn.execute("SELECT SUM(rating > 1), COUNT(*) FROM reviews WHERE state_before = 2").fetchone(),
        conn.execute("SELECT state, COUNT(*) FROM cards WHERE active = 1 GROUP BY state").fetchall(),
        conn.execute(
            "SELECT MAX(due, ?) / ? AS d, COUNT(*) FROM cards WHERE active = 1 AND state != 0 AND due < ? GROUP BY d",
            (now_ms, DAY_MS, now_ms + days * DAY_MS),
        ).fetchall(),
        conn.execute("SELECT deck_id, COUNT(*) FROM reviews GROUP BY deck_id").fetchall(),
        conn.execute(  # the year heatmap
            "SELECT reviewed_at / ? AS d, COUNT(*) FROM reviews WHERE reviewed_at >= ? GROUP BY d",
            (DAY_MS, now_ms - 365 * DAY_MS),
        ).fetchall(),
        conn.execute(
            "SELECT c.topic, SUM(r.rating > 1), COUNT(*) FROM reviews r JOIN cards c ON c.deck_id = r.deck_id "
            "AND c.card_id = r.card_id WHERE r.state_before = 2 GROUP BY c.topic"
        ).fetchall(),
        conn.execute("SELECT SUM(leech), SUM(suspended) FROM cards WHERE active = 1").fetchone(),
    )


def stats_section(store: object) -> None:
    from ketquiz.store import StudyStore, stats

    assert isinstance(store, StudyStore)
    print("\nstats (reviews per day, retention, cards by state, forecast, per deck)")
    for days in (30, 365):
        floor_ms = timed(lambda d=days: sql_stats_floor(store.conn, d), 5)  # type: ignore[misc]
        stats_ms = timed(lambda d=days: stats(store, NOW, days=d), 5)  # type: ignore[misc]
        print(f"  {days:>3} days: SQL aggregates {floor_ms:8.1f} ms   stats {stats_ms:8.1f} ms   "
              f"ratio {stats_ms / floor_ms:.2f}x (target <= 1.5x)")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--reviews", type=int, default=1_000_000)
    args = parser.parse_args()
    rng = random.Random(20260302)
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        t0 = time.perf_counter()
        deck = make_deck(args.cards)
        open_store(data_dir, "bench").close()  # creates the schema
        path = profile_path(data_dir, "bench")
        fill(path, deck, args.reviews, rng)
        print(f"generated {args.cards:,} cards and {args.reviews:,} reviews in {time.perf_counter() - t0:.1f} s "
              f"({path.stat().st_size / 1e6:.0f} MB)")  # fmt: skip

        open_store(data_dir, "bench").close()  # the first open after filling runs its daily check
        open_ms = timed(lambda: open_store(data_dir, "bench").close(), 20)
        connect_ms = timed(lambda: sqlite3.connect(path).close(), 20)

        def quick_check() -> None:
            conn = sqlite3.connect(path)
            conn.execute("PRAGMA quick_check").fetchall()
            conn.close()

        check_ms = timed(quick_check, 3)
        print("\nopen the profile")
        print(f"  bare sqlite3.connect:               {connect_ms:8.2f} ms")
        print(f"  open_store:                         {open_ms:8.2f} ms   ({open_ms - connect_ms:.2f} ms above the "
              "floor; constant in the file's size)")  # fmt: skip
        print(f"  whole-file quick_check (once a day, after an unclean shutdown, doctor): {check_ms:8.0f} ms")
        store = open_store(data_dir, "bench")
        stats_section(store)
        t0 = time.perf_counter()
        store.sync_deck(deck)
        print(
            f"sync_deck of {args.cards:,} cards (once per app start): {(time.perf_counter() - t0) * 1000:.0f} ms"
        )

        # --- due queue ------------------------------------------------------------------------------------
        now_ms = int(NOW.timestamp() * 1000)
        end_ms = now_ms + DAY_MS
        limit = store.settings.reviews_per_day

        def bare_select() -> object:
            return store.conn.execute(
                "SELECT card_id FROM cards WHERE deck_id = ? AND active = 1 AND state = 2 AND due < ? "
                "ORDER BY due LIMIT ?",
                (DECK_ID, end_ms, limit),
            ).fetchall()

        queue = store.build_queue(deck, None, NOW)
        bare_ms = timed(bare_select, 50)
        queue_ms = timed(lambda: store.build_queue(deck, None, NOW), 50)
        counts_ms = timed(lambda: store.counts(deck, NOW), 10)
        print(f"\ndue queue ({len(queue.cards)} cards: {queue.counts})")
        print(f"  bare indexed SELECT of due reviews: {bare_ms:8.2f} ms")
        print(f"  build_queue:                        {queue_ms:8.2f} ms   ratio {queue_ms / bare_ms:.1f}x "
              f"(target <= 3x, < 50 ms)")  # fmt: skip
        print(f"  counts per topic (home screen):     {counts_ms:8.2f} ms")

        # --- answering ------------------------------------------------------------------------------------
        # The two are interleaved, answer by answer, so that disk and machine noise falls on both alike.
        n_answers = 300
        sample = rng.sample(range(len(deck.cards)), n_answers)
        bare = sqlite3.connect(path, isolation_level=None)
        bare.execute("PRAGMA journal_mode=WAL")
        bare.execute("PRAGMA synchronous=FULL")
        scheduler = store.settings.scheduler()
        plain = fsrs.Card(card_id=1, state=fsrs.State.Review, stability=20.0, difficulty=5.0,
                          due=NOW - timedelta(days=1), last_review=NOW - timedelta(days=20))  # fmt: skip
        store_times, bare_times = [], []
        for n, index in enumerate(sample):
            start = time.perf_counter()
            store.answer(DECK_ID, deck.cards[index].id, Rating.GOOD, NOW, 3000)
            store_times.append(time.perf_counter() - start)
            start = time.perf_counter()
            new_card, _ = scheduler.review_card(plain, fsrs.Rating.Good, NOW)
            bare.execute("BEGIN IMMEDIATE")
            row_id = sample[(n + 1) % n_answers] + 1  # a different random card row than the one just answered
            bare.execute(
                "UPDATE cards SET due = ? WHERE id = ?", (int(new_card.due.timestamp() * 1000), row_id)
            )
            bare.execute("COMMIT")
            bare_times.append(time.perf_counter() - start)
        answer_ms = statistics.median(store_times) * 1000
        bare_answer_ms = statistics.median(bare_times) * 1000
        bare.close()
        print("\nanswer one card")
        print(f"  bare review_card + one commit:      {bare_answer_ms:8.2f} ms")
        print(f"  store.answer:                       {answer_ms:8.2f} ms   ratio {answer_ms / bare_answer_ms:.1f}x "
              "(target <= 2x)")  # fmt: skip
        store.close()

        # --- memory ---------------------------------------------------------------------------------------
        script = RSS_SCRIPT.format(
            bench_dir=str(Path(__file__).resolve().parent), n_cards=args.cards, data_dir=str(data_dir)
        )
        out = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, check=True
        ).stdout
        rss = json.loads(out)
        print("\npeak memory (RSS) of a fresh process loading the profile")
        print(f"  interpreter + ketquiz imported:       {rss['start_kb'] / 1024:8.0f} MB")
        print(f"  + deck of {args.cards:,} cards in memory: {rss['deck_kb'] / 1024:8.0f} MB")
        print(f"  + store opened, synced, queue built:  {rss['loaded_kb'] / 1024:8.0f} MB   "
              f"store's share {(rss['loaded_kb'] - rss['deck_kb']) / 1024:.0f} MB")  # fmt: skip
        print(f"  peak RSS (ru_maxrss):                 {rss['peak_kb'] / 1024:8.0f} MB   (target < 300 MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
