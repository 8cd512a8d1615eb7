"""How well the scheduler predicts a learner's recall, measured on their review history.

Each card's reviews are replayed in time order through py-fsrs (without fuzz). Before every review that comes
at least one day after the card's previous review, the predicted probability of recall is compared with what
happened (recalled = any rating but Again). Same-day reviews (learning steps) are replayed but not scored: the
model does not predict them. The metrics are the ones Anki's FSRS "evaluate" reports:

* **log loss**: mean of ``-(y log p + (1 - y) log(1 - p))``;
* **RMSE (bins)**: predictions are grouped into bins by days since the previous review, the review's number in
  the card's history and the card's number of lapses (each on a roughly logarithmic scale, as in the FSRS
  benchmark); within a bin the mean prediction is compared with the mean outcome, and the root mean square of
  those differences is taken, weighted by the number of reviews in each bin.

Pure: no files. :func:`parse_review_csv` reads the text of a review-log CSV in py-fsrs' column format.
"""

from __future__ import annotations

import csv
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import fsrs

from ketquiz.core.scheduling import Rating, new_fsrs_card

CSV_COLUMNS = ("card_id", "review_rating", "review_time", "review_duration")
#: Review times outside this range are refused: scheduling one in the year 9999 would overflow a date.
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(2200, 1, 1, tzinfo=UTC)


class ReviewLogError(ValueError):
    """A review log that cannot be read; the message names the line and what is wrong."""


@dataclass(frozen=True, slots=True)
class ReviewEvent:
    """One answer in a review history."""

    card: str
    rating: Rating
    at: datetime  # UTC
    duration_ms: int | None = None


@dataclass(frozen=True, slots=True)
class Prediction:
    """One scored review: the predicted recall ``p`` and the outcome ``recalled``."""

    card: str
    p: float
    recalled: bool
    elapsed_days: int
    review_number: int  # 1 for the card's first review
    lapses: int  # earlier Again answers that were not same-day


@dataclass(frozen=True, slots=True)
class Evaluation:
    reviews: int
    cards: int
    predicted: int  # reviews scored (a day or more after the previous one)
    log_loss: float
    rmse_bins: float
    mean_predicted: float
    actual_recall: float
    bins: int

    def to_dict(self) -> dict[str, float | int]:
        return {
            "reviews": self.reviews,
            "cards": self.cards,
            "predicted": self.predicted,
            "log_loss": self.log_loss,
            "rmse_bins": self.rmse_bins,
            "mean_predicted": self.mean_predicted,
            "actual_recall": self.actual_recall,
            "bins": self.bins,
        }


def replay(events: Iterable[ReviewEvent], scheduler: fsrs.Scheduler) -> list[Prediction]:
    """Replay every card's reviews in time order and return the scored predictions."""
    by_card: dict[str, list[ReviewEvent]] = defaultdict(list)
    for event in events:
        by_card[event.card].append(event)
    out: list[Prediction] = []
    for card_key, history in by_card.items():
        history.sort(key=lambda e: e.at)
        card = new_fsrs_card()
        lapses = 0
        for number, event in enumerate(history, start=1):
            elapsed = (event.at - card.last_review).days if card.last_review is not None else None
            if elapsed is not None and elapsed >= 1:
                p = float(scheduler.get_card_retrievability(card, event.at))
                out.append(Prediction(card_key, p, event.rating is not Rating.AGAIN, elapsed, number, lapses))
            if event.rating is Rating.AGAIN and elapsed is not None and elapsed >= 1:
                lapses += 1
            card, _ = scheduler.review_card(card, event.rating.to_fsrs(), event.at)
    return out


def _log_bin(x: float, base: float, scale: float, digits: int) -> float:
    return round(scale * base ** math.floor(math.log(x) / math.log(base)), digits)


def bin_key(p: Prediction) -> tuple[float, float, float]:
    """The FSRS benchmark's bin: (days since last review, review number, lapses), each on a log scale."""
    lapse_bin = _log_bin(p.lapses, 1.73, 1.65, 0) if p.lapses else 0.0
    return (_log_bin(p.elapsed_days, 3.62, 2.48, 2), _log_bin(p.review_number, 1.89, 1.99, 0), lapse_bin)


def score(predictions: Sequence[Prediction], reviews: int = 0, cards: int = 0) -> Evaluation:
    """Log loss and RMSE (bins) of ``predictions``; NaN metrics when there is nothing to score."""
    n = len(predictions)
    if n == 0:
        nan = float("nan")
        return Evaluation(reviews, cards, 0, nan, nan, nan, nan, 0)
    eps = 1e-9
    loss = 0.0
    bins: dict[tuple[float, float, float], list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for pred in predictions:
        p = min(max(pred.p, eps), 1 - eps)
        y = 1.0 if pred.recalled else 0.0
        loss -= y * math.log(p) + (1 - y) * math.log(1 - p)
        acc = bins[bin_key(pred)]
        acc[0] += pred.p
        acc[1] += y
        acc[2] += 1
    squared = sum(c * (sp / c - sy / c) ** 2 for sp, sy, c in bins.values())
    return Evaluation(
        reviews=reviews,
        cards=cards,
        predicted=n,
        log_loss=loss / n,
        rmse_bins=math.sqrt(squared / n),
        mean_predicted=sum(p.p for p in predictions) / n,
        actual_recall=sum(p.recalled for p in predictions) / n,
        bins=len(bins),
    )


def evaluate(events: Sequence[ReviewEvent], scheduler: fsrs.Scheduler) -> Evaluation:
    """Replay ``events`` through ``scheduler`` (use one without fuzz) and score its predictions."""
    predictions = replay(events, scheduler)
    return score(predictions, reviews=len(events), cards=len({e.card for e in events}))


def parse_time(text: str) -> datetime:
    """An ISO 8601 time as UTC; a time without a zone is taken as UTC, as py-fsrs' logs write it."""
    moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def parse_review_csv(lines: Iterable[str], name: str = "<review log>") -> list[ReviewEvent]:
    """Read a review-log CSV with columns ``card_id,review_rating,review_time,review_duration``.

    Raises :class:`ReviewLogError` naming the file and line of the first bad row.
    """
    reader = csv.reader(lines)
    header = next(reader, None)
    if header is None:
        raise ReviewLogError(f"{name}: the file is empty")
    columns = [h.strip() for h in header]
    missing = [c for c in CSV_COLUMNS[:3] if c not in columns]
    if missing:
        raise ReviewLogError(
            f"{name}:1: missing column(s) {', '.join(missing)}; expected a header {','.join(CSV_COLUMNS)}"
        )
    idx = {c: columns.index(c) for c in CSV_COLUMNS if c in columns}
    events: list[ReviewEvent] = []
    for row in reader:
        if not row or all(not cell.strip() for cell in row):
            continue
        line = reader.line_num
        try:
            rating = Rating(int(row[idx["review_rating"]]))
        except (ValueError, IndexError):
            raise ReviewLogError(f"{name}:{line}: review_rating must be 1, 2, 3 or 4") from None
        try:
            at = parse_time(row[idx["review_time"]])
        except (ValueError, IndexError, OverflowError):
            raise ReviewLogError(f"{name}:{line}: review_time is not an ISO 8601 time") from None
        if not EARLIEST <= at < LATEST:
            raise ReviewLogError(
                f"{name}:{line}: review_time {at:%Y-%m-%d} is outside {EARLIEST.year}-{LATEST.year - 1}; "
                "a review log holds past study"
            )
        duration: int | None = None
        if (
            "review_duration" in idx
            and len(row) > idx["review_duration"]
            and row[idx["review_duration"]].strip()
        ):
            try:
                duration = int(float(row[idx["review_duration"]]))
            except ValueError:
                raise ReviewLogError(
                    f"{name}:{line}: review_duration must be a number of milliseconds"
                ) from None
        events.append(ReviewEvent(row[idx["card_id"]].strip(), rating, at, duration))
    return events


__all__ = [
    "CSV_COLUMNS",
    "Evaluation",
    "Prediction",
    "ReviewEvent",
    "ReviewLogError",
    "bin_key",
    "evaluate",
    "parse_review_csv",
    "parse_time",
    "replay",
    "score",
]
