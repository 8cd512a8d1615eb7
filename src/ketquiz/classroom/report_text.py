"""The class report as plain text: an aligned table, CSV, or JSON."""

from __future__ import annotations

import csv
import io
import json
import math
import textwrap
from typing import Any

from ketquiz.classroom.analysis import (
    MIN_DISCRIMINATION,
    TOO_EASY_FACILITY,
    TOO_HARD_FACILITY,
    ClassReport,
    ItemStats,
)
from ketquiz.classroom.statistics import DUBIOUS_EFFICIENCY, PaperStats
from ketquiz.core.safetext import spreadsheet_cell

FORMATS = ("table", "csv", "json")
NO_ITEMS = "No complete sittings yet: item figures come from complete sittings only."


def format_minutes(seconds: float) -> str:
    """``m:ss``, to the nearest second, as the report's tables show a sitting's time."""
    s = int(round(seconds))
    return f"{s // 60}:{s % 60:02d}"


def percent(x: float | None) -> str:
    return "—" if x is None else f"{100 * x:.0f}%"


def discrimination_text(item: ItemStats) -> str:
    return "undefined" if item.discrimination is None else f"{item.discrimination:+.2f}"


def signed(x: float | None, places: int = 2) -> str:
    return "—" if x is None else f"{x:+.{places}f}"


def marks(x: float | None) -> str:
    return "—" if x is None else f"{round(x, 2):g}"


#: The test figures in the order Moodle's report lists them: (JSON key, label, how to show it).
TEST_FIGURES: tuple[tuple[str, str, str], ...] = (
    ("mean", "mean", "marks"),
    ("median", "median", "marks"),
    ("sd", "standard deviation", "marks"),
    ("skewness", "skewness", "number"),
    ("kurtosis", "kurtosis", "number"),
    ("cronbach_alpha", "Cronbach's alpha (KR-20)", "percent"),
    ("error_ratio", "error ratio", "percent"),
    ("sem", "standard error (SEM)", "marks"),
)


def paper_figure(t: PaperStats, key: str, kind: str) -> str:
    """One test figure as text: marks out of the paper's maximum, a percentage, or a plain number."""
    value = getattr(t, key)
    if value is None:
        return "undefined"
    if kind == "percent":
        return f"{100 * value:.1f}%"
    if kind == "number":
        return f"{value:+.2f}"
    return f"{marks(value)}" + (f" / {t.max_score:g}" if key in ("mean", "median") and t.max_score else "")


def paper_rows(t: PaperStats) -> list[tuple[str, str]]:
    """Each test figure as (label, value); an undefined one's value says why."""
    rows = []
    for key, label, kind in TEST_FIGURES:
        value = paper_figure(t, key, kind)
        reason = t.undefined.get(key, "")
        if reason:  # the figures built on alpha just point at alpha's reason, given on its own line
            value += (
                " (needs Cronbach's alpha)" if reason.startswith("needs Cronbach's alpha") else f" ({reason})"
            )
        rows.append((label, value))
    return rows


def paper_lines(t: PaperStats, width: int = 78) -> list[str]:
    """The test section: each figure, why an undefined one is undefined, and Moodle's reading of them, wrapped
    at ``width``."""
    out: list[str] = []
    for label, value in paper_rows(t):
        out += textwrap.wrap(f"  {label.ljust(24)} {value}", width, subsequent_indent=" " * 27)
    for line in t.interpretation():
        out += textwrap.wrap(line, width, initial_indent="  ", subsequent_indent="    ")
    return out


#: The plain report fits a terminal this wide (long names, ids and prompts are cut with an ellipsis).
WIDTH = 80


def _table(headers: list[str], rows: list[list[str]], flexible: int = 0, width: int = WIDTH) -> str:
    """An aligned table at most ``width`` columns wide: the ``flexible`` column gives way, cut with an ellipsis."""
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    others = sum(w for i, w in enumerate(widths) if i != flexible) + 2 * (len(widths) - 1)
    widths[flexible] = max(len(headers[flexible]), min(widths[flexible], width - others))

    def line(cells: list[str]) -> str:
        cut = [
            _clip(c, w) if i == flexible else c for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(c.ljust(w) for c, w in zip(cut, widths, strict=True)).rstrip()

    return "\n".join([line(headers), "  ".join("-" * w for w in widths), *(line(r) for r in rows)])


def _clip(text: str, width: int = 48) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def _wrap(text: str, indent: str = "", width: int = WIDTH) -> list[str]:
    return textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=indent + "  ") or [indent]


def render_table(report: ClassReport, width: int = WIDTH) -> str:
    """The report for a terminal, no line wider than ``width``; the result files' names are in the CSV and JSON."""
    out = ["Students"]
    out.append(
        _table(
            ["student", "score", "%", "time", "unanswered", "status"],
            [
                [
                    s.student,
                    f"{round(s.score, 2):g}/{s.max_score:g}",
                    f"{s.percent:.0f}",
                    format_minutes(s.seconds),
                    f"{s.unanswered} of {s.questions}",
                    s.status,
                ]
                for s in report.students
            ],
            width=width,
        )
    )
    out.append("")
    out.append(
        f"Test ({report.test.sittings} complete sittings"
        + (f"; {report.incomplete} incomplete left out)" if report.incomplete else ")")
    )
    out += paper_lines(report.test, width - 2)
    out.append("")
    out += _wrap(
        "Items"
        + (
            f" (from complete sittings; {report.incomplete} incomplete left out)" if report.incomplete else ""
        ),
        width=width,
    )
    if not report.items:
        out.append(NO_ITEMS)
    else:
        rows = [
            [
                i.card_id,
                str(i.attempts),
                percent(i.facility),
                percent(i.sd),
                percent(i.random_guess_score),
                "undef." if i.discrimination is None else f"{i.discrimination:+.2f}",
                percent(i.discriminative_efficiency),
                signed(i.alpha_if_deleted),
            ]
            for i in report.items
        ]
        table = _table(
            ["card", "n", "facil.", "sd", "guess", "discr.", "effic.", "α-del"], rows, width=width
        ).split("\n")
        out += table[:2]
        for line, i in zip(table[2:], report.items, strict=True):
            out.append(line)
            out.append("    " + _clip(" · ".join([i.type, *i.flags, i.prompt]), width - 4))
    choice_items = [i for i in report.items if i.options]
    if choice_items:
        out.append("")
        out += _wrap(
            "Options chosen (* = correct; r = option–rest point-biserial; rest = mean rest-of-paper score of "
            "those who chose it / did not)",
            width=width,
        )
        for i in choice_items:
            out.append("  " + _clip(f"{i.card_id}: {i.prompt}", width - 2))
            for o in i.options:
                rests = f"{percent(o.rest_mean_chose)}/{percent(o.rest_mean_not_chose)}"
                head = (
                    f"    {'*' if o.correct else ' '} {o.count:3d} {percent(o.share):>4}  r {signed(o.point_biserial)}"
                    f"  rest {rests:>9}  "
                )
                out.append(head + _clip(o.text, max(8, width - len(head))))
                if o.flags:
                    out.append("        " + _clip(f"[{', '.join(o.flags)}]", width - 8))
            if i.unanswered:
                out.append(f"      {i.unanswered:3d}  (no answer)")
    notes = [i for i in report.items if i.discrimination_note]
    if notes:
        out.append("")
        for i in notes:
            out += _wrap(f"{i.card_id}: discrimination {i.discrimination_note}", "  ", width)
    out.append("")
    out += _wrap(
        f"Flags: too easy = facility ≥ {TOO_EASY_FACILITY:.0%}; too hard = facility < {TOO_HARD_FACILITY:.0%}; "
        f"not discriminating = discrimination < {MIN_DISCRIMINATION:.2f}; "
        f"dubious = discriminative efficiency < {DUBIOUS_EFFICIENCY:.0%} (Moodle); "
        "alpha rises without it = alpha if deleted is above the test's alpha.",
        width=width,
    )
    lines = "\n".join(out).split("\n")
    return "\n".join(_fit(line, width) for line in lines) + "\n"


def _fit(line: str, width: int) -> str:
    """A line longer than ``width`` (a long reason, a long figure) wrapped under its own indentation."""
    if len(line) <= width:
        return line
    indent = line[: len(line) - len(line.lstrip())]
    return "\n".join(_wrap(line.strip(), indent, width))


def _num(x: float | int | None) -> str:
    return "" if x is None else f"{x:.4f}" if isinstance(x, float) else str(x)


#: The CSV tables ``report --format csv`` writes, one meaning per column: ``--students`` (the default),
#: ``--items``, ``--options``, ``--test``.
CSV_TABLES = ("students", "items", "options", "test")


def _csv_rows(report: ClassReport, table: str) -> list[list[str]]:
    if table == "items":
        return [
            [
                "deck", "card_id", "type", "prompt", "attempts", "unanswered", "facility", "sd",
                "random_guess_score", "discrimination", "discriminative_efficiency", "alpha_if_deleted", "flags",
                "undefined",
            ],
            *(
                [
                    i.deck_id, i.card_id, i.type, i.prompt, str(i.attempts), str(i.unanswered), _num(i.facility),
                    _num(i.sd), _num(i.random_guess_score), _num(i.discrimination),
                    _num(i.discriminative_efficiency), _num(i.alpha_if_deleted), "; ".join(i.flags),
                    "; ".join(f"{k}: {v}" for k, v in i.undefined.items()),
                ]
                for i in report.items
            ),
        ]  # fmt: skip
    if table == "options":
        return [
            [
                "deck", "card_id", "option", "correct", "count", "share", "point_biserial", "rest_mean_chose",
                "rest_mean_not_chose", "flags",
            ],
            *(
                [
                    i.deck_id, i.card_id, o.text, "yes" if o.correct else "no", str(o.count), _num(o.share),
                    _num(o.point_biserial), _num(o.rest_mean_chose), _num(o.rest_mean_not_chose),
                    "; ".join(o.flags),
                ]
                for i in report.items
                for o in i.options
            ),
        ]  # fmt: skip
    if table == "test":
        t = report.test
        return [
            ["figure", "value", "undefined"],
            *([key, _num(getattr(t, key)), t.undefined.get(key, "")] for key, _, _ in (("sittings", "", ""), *TEST_FIGURES)),
        ]  # fmt: skip
    return [
        [
            "student", "file", "deck", "score", "max_score", "percent", "seconds", "status", "answered",
            "unanswered", "questions",
        ],
        *(
            [
                s.student, s.source, s.deck_id, f"{s.score:g}", f"{s.max_score:g}", f"{s.percent:.2f}",
                f"{s.seconds:.1f}", s.status, str(s.answered), str(s.unanswered), str(s.questions),
            ]
            for s in report.students
        ),
    ]  # fmt: skip


def render_csv(report: ClassReport, table: str = "students") -> str:
    """One of :data:`CSV_TABLES` as CSV with a header row; every column means one thing. Text cells are inert in
    a spreadsheet (see :class:`_SafeWriter`)."""
    if table not in CSV_TABLES:
        raise ValueError(f"unknown CSV table {table!r}; expected one of {', '.join(CSV_TABLES)}")
    buf = io.StringIO()
    w = _SafeWriter(csv.writer(buf, lineterminator="\n"))
    for row in _csv_rows(report, table):
        w.writerow(row)
    return buf.getvalue()


class _SafeWriter:
    """A CSV writer whose every text cell is inert in a spreadsheet (see :func:`spreadsheet_cell`): a student's
    name or an option's text starting with ``=``, ``+``, ``-`` or ``@`` is text, never a formula. Numbers (which
    ketquiz writes itself) are left as numbers, a minus sign included."""

    def __init__(self, writer: Any) -> None:
        self.writer = writer

    def writerow(self, row: list[str]) -> None:
        self.writer.writerow([cell if _is_number(cell) else spreadsheet_cell(cell) for cell in row])


def _is_number(cell: str) -> bool:
    try:
        value = float(cell)
    except ValueError:
        return False
    return cell.strip() == cell and math.isfinite(value) and "_" not in cell


def render_json(report: ClassReport) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"


def render(report: ClassReport, fmt: str, table: str = "students") -> str:
    """The report as ``table`` text, ``json``, or ``csv`` (one of :data:`CSV_TABLES`)."""
    if fmt == "csv":
        return render_csv(report, table)
    if fmt == "json":
        return render_json(report)
    return render_table(report)
