"""Fitting FSRS parameters to a learner's own review history, with the FSRS reference optimiser.

The optimiser is ``fsrs-rs-python`` (the Rust implementation Anki uses, compiled; no torch), imported only when a
fit is asked for, never re-implemented here. A history becomes the optimiser's training items as its own
examples build them: each card's reviews in time order, a day being the learner's day (rolling over at their
day-start hour), one item per review that comes on a later day than the one before, kept once the card has a
long-term review.

The fit is judged on reviews it has not seen: items are ordered by time, the parameters are fitted on the
earlier part and both they and the defaults are scored (the library's log loss and RMSE over bins) on the later
:data:`HELD_OUT` share. Fitted parameters are better only when both figures are lower.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ketquiz.core.evaluate import ReviewEvent

#: The later share of the history's items held out to score the fit.
HELD_OUT = 0.3
#: Fewer training items than this and the optimiser's fit is noise: the defaults are kept.
MIN_ITEMS = 400
INSTALL = "pip install 'ketquiz[optimize]' (or: pip install fsrs-rs-python)"


class OptimizerMissingError(RuntimeError):
    """The optional optimiser is not installed; the message names the install command."""


@dataclass(frozen=True, slots=True)
class Score:
    log_loss: float
    rmse_bins: float

    def to_dict(self) -> dict[str, float]:
        return {"log_loss": self.log_loss, "rmse_bins": self.rmse_bins}


@dataclass(frozen=True, slots=True)
class Fit:
    """The outcome of :func:`fit_parameters`."""

    reviews: int  # reviews in the history
    items: int  # training items made from them (reviews on a later day than the card's previous review)
    needed: int  # items still missing before a fit is worth making (0 when one was made)
    parameters: tuple[float, ...] | None  # fitted on the earlier part; None when there were too few items
    default: Score | None = None  # the defaults on the held-out later items
    fitted: Score | None = None  # the fitted parameters on the same items

    @property
    def better(self) -> bool:
        """Whether the fitted parameters predict the held-out reviews better on both figures."""
        return (
            self.fitted is not None
            and self.default is not None
            and self.fitted.log_loss < self.default.log_loss
            and self.fitted.rmse_bins < self.default.rmse_bins
        )


def _library() -> Any:
    try:
        import fsrs_rs_python
    except ImportError:
        raise OptimizerMissingError(f"fitting parameters needs the FSRS optimiser: {INSTALL}") from None
    return fsrs_rs_python


def training_items(
    events: Sequence[ReviewEvent], day_of: Callable[[datetime], date]
) -> list[tuple[datetime, Any]]:
    """(time, FSRSItem) for every review on a later day than its card's previous one, in time order."""
    lib = _library()
    by_card: dict[str, list[ReviewEvent]] = defaultdict(list)
    for event in events:
        by_card[event.card].append(event)
    items: list[tuple[datetime, Any]] = []
    for history in by_card.values():
        history.sort(key=lambda e: e.at)
        reviews: list[Any] = []
        last = day_of(history[0].at)
        for event in history:
            day = day_of(event.at)
            delta = (day - last).days
            reviews.append(lib.FSRSReview(int(event.rating), delta))
            if delta > 0:
                items.append((event.at, lib.FSRSItem(list(reviews))))
            last = day
    kept = [(at, item) for at, item in items if item.long_term_review_cnt() > 0]
    kept.sort(key=lambda pair: pair[0])
    return kept


def default_parameters() -> tuple[float, ...]:
    return tuple(float(p) for p in _library().DEFAULT_PARAMETERS)


def fit_parameters(
    events: Sequence[ReviewEvent], day_of: Callable[[datetime], date], current: Sequence[float] | None = None
) -> Fit:
    """Fit parameters on the earlier part of ``events`` and score them and ``current`` (default: FSRS's
    defaults) on the later :data:`HELD_OUT` share."""
    lib = _library()
    items = training_items(events, day_of)
    train_n = len(items) - int(len(items) * HELD_OUT)
    if train_n < MIN_ITEMS:
        needed = -(-MIN_ITEMS // (1 - HELD_OUT)) - len(items)  # items in all, so the earlier part has enough
        return Fit(len(events), len(items), int(max(1, needed)), None)
    train = [item for _at, item in items[:train_n]]
    held = [item for _at, item in items[train_n:]]
    baseline = list(current) if current is not None else list(lib.DEFAULT_PARAMETERS)
    fitted = [float(p) for p in lib.FSRS(baseline).compute_parameters(train)]
    before = lib.FSRS(baseline).evaluate(held)
    after = lib.FSRS(fitted).evaluate(held)
    return Fit(
        reviews=len(events),
        items=len(items),
        needed=0,
        parameters=tuple(fitted),
        default=Score(float(before.log_loss), float(before.rmse_bins)),
        fitted=Score(float(after.log_loss), float(after.rmse_bins)),
    )
