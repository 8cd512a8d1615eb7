"""The review log as files: the rows ``reviews export`` writes in its three formats, reading a log back, and
keeping the scheduler parameters fitted to it.

The export is one row per answer (deck and card id, UTC time, rating, the card's state before the answer, how
long it took); ``fsrs-csv`` is the same log in py-fsrs' columns, which :func:`read_review_log` reads back for
``reviews evaluate`` and ``reviews optimize``. Every file is read through :func:`ketquiz.safefile.read_regular`
(a FIFO or a device is refused before a byte is read, and no file past :data:`MAX_LOG_BYTES`), and every reason a
file cannot be read is an :class:`UnreadableLog` whose message is fit for the user.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TextIO, TypedDict

if TYPE_CHECKING:
    from ketquiz.core.evaluate import ReviewEvent
    from ketquiz.store.study import StudyStore
    from ketquiz.store.transfer import ImportedReview

#: A review log larger than this is refused (a million reviews take about 60 MB).
MAX_LOG_BYTES = 256 * 1024 * 1024

#: The columns of ``reviews export --format csv`` (and the keys of each JSON item).
EXPORT_COLUMNS = ("deck_id", "card_id", "review_time", "rating", "rating_name", "state_before", "duration_ms")
#: py-fsrs' review-log columns, which ``--format fsrs-csv`` writes and :func:`read_review_log` reads.
FSRS_COLUMNS = ("card_id", "review_rating", "review_time", "review_duration")

#: What ``reviews export --format`` takes.
ExportFormat = Literal["csv", "json", "fsrs-csv"]


class UnreadableLog(Exception):
    """A review-log file that cannot be read; the message says why, fit for the user."""


class ExportRow(TypedDict):
    """One answer as ``reviews export`` writes it."""

    deck_id: str
    card_id: str
    review_time: str  # ISO 8601, UTC
    rating: int
    rating_name: str
    state_before: str | None  # None for answers logged before the state was recorded
    duration_ms: int | None


def export_rows(store: StudyStore, deck_id: str | None = None) -> list[ExportRow]:
    """Every logged answer as an export row, oldest first (optionally of one deck only)."""
    from ketquiz.store.history import review_log

    return [
        {
            "deck_id": r.deck_id,
            "card_id": r.card_id,
            "review_time": r.reviewed_at.isoformat(),
            "rating": int(r.rating),
            "rating_name": r.rating.label,
            "state_before": r.state_before.label if r.state_before is not None else None,
            "duration_ms": r.duration_ms,
        }
        for r in review_log(store, deck_id)
    ]


def write_export(rows: Sequence[ExportRow], fmt: ExportFormat, out: TextIO) -> None:
    """Write ``rows`` to ``out`` as ``csv`` (:data:`EXPORT_COLUMNS`), ``json`` or ``fsrs-csv``
    (:data:`FSRS_COLUMNS`, cards keyed ``deck/card``)."""
    if fmt == "json":
        json.dump(rows, out, indent=2, ensure_ascii=False)
        out.write("\n")
    elif fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=EXPORT_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    else:
        plain = csv.writer(out, lineterminator="\n")
        plain.writerow(FSRS_COLUMNS)
        for r in rows:
            plain.writerow(
                (f"{r['deck_id']}/{r['card_id']}", r["rating"], r["review_time"], r["duration_ms"])
            )


def _read_text(path: Path) -> str:
    """The UTF-8 text of the regular file at ``path`` (at most :data:`MAX_LOG_BYTES`); raises UnreadableLog."""
    from ketquiz.safefile import read_regular

    try:
        return read_regular(path, MAX_LOG_BYTES).decode("utf-8")
    except OSError as exc:
        raise UnreadableLog(f"cannot read {path}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError:
        raise UnreadableLog(f"{path} is not UTF-8 text") from None


def read_review_log(path: Path) -> list[ReviewEvent]:
    """The reviews in the py-fsrs CSV log at ``path``; raises :class:`UnreadableLog` naming the line at fault."""
    from ketquiz.core.evaluate import ReviewLogError, parse_review_csv

    text = _read_text(path)
    try:
        return parse_review_csv(io.StringIO(text, newline=""), str(path))
    except (ReviewLogError, csv.Error) as exc:
        raise UnreadableLog(str(exc)) from exc


def read_review_export(path: Path) -> list[ImportedReview]:
    """The reviews in a file ``reviews export`` wrote (csv or json), for ``reviews import``; raises
    :class:`UnreadableLog` naming the line or item at fault."""
    from ketquiz.store.transfer import ReviewFileError, parse_review_export

    text = _read_text(path)
    try:
        return parse_review_export(text, str(path))
    except (ReviewFileError, csv.Error) as exc:
        raise UnreadableLog(str(exc)) from exc


def adopt_parameters(store: StudyStore, parameters: tuple[float, ...], now: datetime) -> None:
    """Store FSRS ``parameters`` fitted at ``now`` in the profile's settings; new intervals use them."""
    store.set_settings(
        dataclasses.replace(
            store.settings,
            parameters=parameters,
            parameters_fitted_at=now.isoformat(timespec="seconds"),
        )
    )
