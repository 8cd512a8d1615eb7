"""Moving study history between computers: merging a review log written by ``ketquiz reviews export``.

A learner who studies on a laptop and on a lab computer exports the log on one and imports it on the other.
Nothing is lost or doubled: a review already in the profile (same deck, card, time to the millisecond and
rating) is skipped, so importing twice changes nothing; every card the import touches is re-scheduled by
replaying its whole history in time order, so it ends as if all of it had been studied in one place. Reviews of
cards this profile does not know (a deck it never opened, a card since removed) are kept, with their replayed
state on a card row that waits, out of the queue, until a deck brings that card back; the report names them.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import fsrs

from ketquiz.core.evaluate import EARLIEST, LATEST, parse_time
from ketquiz.core.scheduling import CardState, Rating, new_fsrs_card
from ketquiz.store.cards import MANAGED_COLUMNS
from ketquiz.store.study import StudyStore, from_ms, to_ms


class ReviewFileError(ValueError):
    """A review log that cannot be imported; the message names the file, the line (or item) and the problem."""


@dataclass(frozen=True, slots=True)
class ImportedReview:
    deck_id: str
    card_id: str
    at: datetime  # UTC
    rating: Rating
    duration_ms: int | None = None


@dataclass
class ImportReport:
    """What an import did."""

    read: int = 0  # reviews in the file
    added: int = 0  # new to this profile
    skipped: int = 0  # already present (or twice in the file)
    rescheduled: int = 0  # cards whose history was replayed
    unknown: dict[str, int] = field(
        default_factory=dict
    )  # "deck/card" this profile has no card for -> reviews


def _review(item: dict[str, object], where: str) -> ImportedReview:
    deck, card = str(item.get("deck_id") or "").strip(), str(item.get("card_id") or "").strip()
    if not deck or not card:
        raise ReviewFileError(f"{where}: deck_id and card_id are required")
    try:
        rating = Rating(int(str(item.get("rating"))))
    except ValueError:
        raise ReviewFileError(f"{where}: rating must be 1, 2, 3 or 4, got {item.get('rating')!r}") from None
    try:
        at = parse_time(str(item.get("review_time")))
    except (ValueError, OverflowError):
        raise ReviewFileError(f"{where}: review_time is not an ISO 8601 time") from None
    if not EARLIEST <= at < LATEST:
        raise ReviewFileError(
            f"{where}: review_time {at:%Y-%m-%d} is outside {EARLIEST.year}-{LATEST.year - 1}"
        )
    raw = item.get("duration_ms")
    duration: int | None = None
    if raw not in (None, ""):
        try:
            duration = int(float(str(raw)))
        except (ValueError, OverflowError):
            raise ReviewFileError(f"{where}: duration_ms must be a number of milliseconds") from None
        if not 0 <= duration < 10**10:
            raise ReviewFileError(f"{where}: duration_ms {duration} is out of range")
    return ImportedReview(deck, card, at, rating, duration)


def parse_review_export(text: str, name: str) -> list[ImportedReview]:
    """The reviews in a file ``ketquiz reviews export`` wrote, as CSV or JSON (told apart by the first character).

    Raises :class:`ReviewFileError` naming the line (CSV) or item (JSON) of the first bad review.
    """
    if text.lstrip().startswith("["):
        try:
            items = json.loads(text)
        except (json.JSONDecodeError, RecursionError) as exc:
            raise ReviewFileError(f"{name}: not valid JSON ({exc})") from None
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise ReviewFileError(
                f"{name}: expected a list of reviews, as `ketquiz reviews export --format json`"
            )
        return [_review(item, f"{name}: review {n}") for n, item in enumerate(items, start=1)]
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = {"deck_id", "card_id", "review_time", "rating"} - set(reader.fieldnames or ())
    if missing:
        raise ReviewFileError(
            f"{name}:1: missing column(s) {', '.join(sorted(missing))}; expected a file written by "
            "`ketquiz reviews export` (csv or json)"
        )
    out = []
    for row in reader:
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue
        out.append(_review(dict(row), f"{name}:{reader.line_num}"))
    return out


def import_reviews(store: StudyStore, reviews: Sequence[ImportedReview]) -> ImportReport:
    """Merge ``reviews`` into ``store`` in one transaction and re-schedule every card they touch."""
    report = ImportReport(read=len(reviews))
    with store.transaction() as c:
        known = {(d, k) for d, k in c.execute("SELECT deck_id, card_id FROM cards WHERE active = 1")}
        touched: set[tuple[str, str]] = set()
        for r in reviews:
            at = to_ms(r.at)
            present = c.execute(
                "SELECT 1 FROM reviews WHERE deck_id = ? AND reviewed_at = ? AND card_id = ? AND rating = ? LIMIT 1",
                (r.deck_id, at, r.card_id, int(r.rating)),
            ).fetchone()
            if present:
                report.skipped += 1
                continue
            c.execute(
                "INSERT INTO reviews (deck_id, card_id, reviewed_at, rating, duration_ms) VALUES (?, ?, ?, ?, ?)",
                (r.deck_id, r.card_id, at, int(r.rating), r.duration_ms),
            )
            report.added += 1
            touched.add((r.deck_id, r.card_id))
            if (r.deck_id, r.card_id) not in known:
                key = f"{r.deck_id}/{r.card_id}"
                report.unknown[key] = report.unknown.get(key, 0) + 1
        for deck_id, card_id in sorted(touched):
            _replay(store, deck_id, card_id)
        report.rescheduled = len(touched)
    return report


def _replay(store: StudyStore, deck_id: str, card_id: str) -> None:
    """Re-schedule one card from its whole logged history, in time order (within the open transaction)."""
    c = store.conn
    scheduler = store.scheduler
    history: Iterable[tuple[int, int, int]] = c.execute(
        "SELECT id, reviewed_at, rating FROM reviews WHERE deck_id = ? AND card_id = ? ORDER BY reviewed_at, id",
        (deck_id, card_id),
    ).fetchall()
    row = c.execute(
        f"SELECT {', '.join(MANAGED_COLUMNS)} FROM cards WHERE deck_id = ? AND card_id = ?",
        (deck_id, card_id),
    ).fetchone()
    if row is None:  # a card no deck has brought yet: kept out of the queue until one does
        c.execute("INSERT INTO cards (deck_id, card_id, active) VALUES (?, ?, 0)", (deck_id, card_id))
        row = c.execute(
            f"SELECT {', '.join(MANAGED_COLUMNS)} FROM cards WHERE deck_id = ? AND card_id = ?",
            (deck_id, card_id),
        ).fetchone()
    kept = dict(zip(MANAGED_COLUMNS, row, strict=True))  # suspended, buried, flag and leech stay as they are
    card: fsrs.Card = new_fsrs_card()
    state = CardState.NEW
    lapses = 0
    current: dict[str, object] = {**kept, "state": 0, "step": None, "stability": None, "difficulty": None,
                                  "due": None, "last_review": None, "lapses": 0}  # fmt: skip
    for review_id, at_ms, rating_value in history:
        rating = Rating(rating_value)
        at = from_ms(at_ms)
        c.execute(
            "UPDATE reviews SET state_before = ?, before_json = ? WHERE id = ?",
            (int(state), json.dumps(current), review_id),
        )
        if state == CardState.REVIEW and rating == Rating.AGAIN:
            lapses += 1
        card, _log = scheduler.review_card(card, rating.to_fsrs(), at)
        state = CardState(int(card.state))
        current = {**current, "state": int(card.state), "step": card.step, "stability": card.stability,
                   "difficulty": card.difficulty, "due": to_ms(card.due), "last_review": at_ms, "lapses": lapses}  # fmt: skip
    current["reviewed_hash"] = c.execute(
        "SELECT content_hash FROM cards WHERE deck_id = ? AND card_id = ?", (deck_id, card_id)
    ).fetchone()[0]
    cols = ("state", "step", "stability", "difficulty", "due", "last_review", "lapses", "reviewed_hash")
    c.execute(
        f"UPDATE cards SET {', '.join(f'{col} = ?' for col in cols)} WHERE deck_id = ? AND card_id = ?",
        (*(current[col] for col in cols), deck_id, card_id),
    )
