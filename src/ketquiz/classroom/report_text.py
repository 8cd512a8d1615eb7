"""The class report as plain text: an aligned table, CSV, or JSON."""

from __future__ import annotations

import csv
import io
import json
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


def format_duration(seconds: float) -> str:
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
    ("cronbach_alpha", "Cronbach's alpha (KR-20 for 0/1 items)", "percent"),
    ("error_ratio", "error ratio", "percent"),
    ("sem", "standard error of measurement", "marks"),
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


def paper_lines(t: PaperStats, width: int | None = 78) -> list[str]:
    """The test section: each figure, why an undefined one is undefined, and Moodle's reading of them
    (interpretation lines wrapped at ``width``, or left whole for a widget that wraps them itself)."""
    rows = [[label, paper_figure(t, key, kind)] for key, label, kind in TEST_FIGURES]
    out = [f"  {label.ljust(38)} {value}" for label, value in rows]
    out += [f"  {key}: {reason}" for key, reason in t.undefined.items()]
    for line in t.interpretation():
        out += textwrap.wrap(line, width, initial_indent="  ", subsequent_indent="    ") if width else [f"  {line}"]
    return out


def _table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    return "\n".join(lines)


def _clip(text: str, width: int = 48) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def render_table(report: ClassReport) -> str:
    out = ["Students"]
    out.append(
        _table(
            ["student", "score", "%", "time", "answered", "status", "file"],
            [
                [
                    s.student,
                    f"{round(s.score, 2):g}/{s.max_score:g}",
                    f"{s.percent:.0f}",
                    format_duration(s.seconds),
                    f"{s.answered}/{s.questions}",
                    "complete" if s.complete else "INCOMPLETE",
                    s.source,
                ]
                for s in report.students
            ],
        )
    )
    out.append("")
    out.append(
        f"Test ({report.test.sittings} complete sittings"
        + (f"; {report.incomplete} incomplete left out)" if report.incomplete else ")")
    )
    out += paper_lines(report.test)
    out.append("")
    out.append(
        "Items"
        + (f" (from complete sittings; {report.incomplete} incomplete left out)" if report.incomplete else "")
    )
    if not report.items:
        out.append(NO_ITEMS)
    else:
        out.append(
            _table(
                ["card", "type", "n", "facility", "sd", "guess", "discr.", "effic.", "α-del", "flags", "prompt"],
                [
                    [
                        i.card_id,
                        i.type,
                        str(i.attempts),
                        percent(i.facility),
                        percent(i.sd),
                        percent(i.random_guess_score),
                        discrimination_text(i),
                        percent(i.discriminative_efficiency),
                        signed(i.alpha_if_deleted),
                        ", ".join(i.flags),
                        _clip(i.prompt),
                    ]
                    for i in report.items
                ],
            )
        )
    choice_items = [i for i in report.items if i.options]
    if choice_items:
        out.append("")
        out.append("Options chosen (* = correct; r = option–rest point-biserial; rest = mean rest-of-paper score)")
        for i in choice_items:
            out.append(f"  {i.card_id}: {_clip(i.prompt, 70)}")
            for o in i.options:
                rests = f"{percent(o.rest_mean_chose)}/{percent(o.rest_mean_not_chose)}"
                line = (
                    f"    {'*' if o.correct else ' '} {o.count:3d} {percent(o.share):>4}  r {signed(o.point_biserial)}"
                    f"  rest {rests:>9}  {_clip(o.text, 40)}"
                )
                out.append(line + (f"  [{', '.join(o.flags)}]" if o.flags else ""))
            if i.unanswered:
                out.append(f"      {i.unanswered:3d}  (no answer)")
    notes = [i for i in report.items if i.discrimination_note]
    if notes:
        out.append("")
        for i in notes:
            out.append(f"  {i.card_id}: discrimination {i.discrimination_note}")
    out.append("")
    out.append(
        f"Flags: too easy = facility ≥ {TOO_EASY_FACILITY:.0%}; too hard = facility < {TOO_HARD_FACILITY:.0%}; "
        f"not discriminating = discrimination < {MIN_DISCRIMINATION:.2f}; "
        f"dubious = discriminative efficiency < {DUBIOUS_EFFICIENCY:.0%} (Moodle); "
        "alpha rises without it = alpha if deleted is above the test's alpha."
    )
    return "\n".join(out) + "\n"


def _num(x: float | int | None) -> str:
    return "" if x is None else f"{x:.4f}" if isinstance(x, float) else str(x)


class _SafeWriter:
    """A CSV writer whose every cell is inert in a spreadsheet (see :func:`spreadsheet_cell`): a student's name
    or an option's text starting with ``=``, ``+``, ``-`` or ``@`` is text, never a formula. Numbers are written
    by ketquiz itself and never start with those signs except a minus, which is then kept as a number."""

    def __init__(self, writer: Any) -> None:
        self.writer = writer

    def writerow(self, row: list[str]) -> None:
        self.writer.writerow([cell if _is_number(cell) else spreadsheet_cell(cell) for cell in row])


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return cell.strip() == cell and cell.lower() not in ("nan", "inf", "-inf", "+inf", "infinity", "-infinity")


def render_csv(report: ClassReport) -> str:
    """One CSV with a ``section`` column: ``student`` rows, ``test`` rows (figure name, ``value``), ``item`` rows,
    then ``option`` rows. Columns a section does not use are empty."""
    buf = io.StringIO()
    w = _SafeWriter(csv.writer(buf, lineterminator="\n"))
    w.writerow(
        [
            "section",
            "student_or_card",
            "file_or_type",
            "score",
            "max_score",
            "percent_or_facility",
            "seconds_or_discrimination",
            "complete_or_attempts",
            "flags_or_option",
            "count",
            "correct",
            "value",
            "sd",
            "random_guess_score",
            "discriminative_efficiency",
            "alpha_if_deleted",
            "share",
            "point_biserial",
            "rest_mean_chose",
            "rest_mean_not_chose",
            "undefined",
        ]
    )
    for s in report.students:
        w.writerow(
            [
                "student",
                s.student,
                s.source,
                f"{s.score:g}",
                f"{s.max_score:g}",
                f"{s.percent:.2f}",
                f"{s.seconds:.1f}",
                "yes" if s.complete else "no",
                "",
                "",
                "",
                *([""] * 10),
            ]
        )
    t = report.test
    for key, _label, _kind in (("sittings", "", ""), *TEST_FIGURES):
        value = getattr(t, key)
        w.writerow(["test", key, *([""] * 9), _num(value), *([""] * 8), t.undefined.get(key, "")])
    for i in report.items:
        w.writerow(
            [
                "item",
                i.card_id,
                i.type,
                "",
                "",
                "" if i.facility is None else f"{i.facility:.4f}",
                "" if i.discrimination is None else f"{i.discrimination:.4f}",
                str(i.attempts),
                "; ".join(i.flags),
                "",
                "",
                "",
                _num(i.sd),
                _num(i.random_guess_score),
                _num(i.discriminative_efficiency),
                _num(i.alpha_if_deleted),
                "",
                "",
                "",
                "",
                "; ".join(f"{k}: {v}" for k, v in i.undefined.items()),
            ]
        )
    for i in report.items:
        for o in i.options:
            w.writerow(
                [
                    "option",
                    i.card_id,
                    i.type,
                    "",
                    "",
                    "",
                    "",
                    "",
                    o.text,
                    str(o.count),
                    "yes" if o.correct else "no",
                    "",
                    "",
                    "",
                    "",
                    "",
                    _num(o.share),
                    _num(o.point_biserial),
                    _num(o.rest_mean_chose),
                    _num(o.rest_mean_not_chose),
                    "; ".join(o.flags),
                ]
            )
    return buf.getvalue()


def render_json(report: ClassReport) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"


def render(report: ClassReport, fmt: str) -> str:
    if fmt == "csv":
        return render_csv(report)
    if fmt == "json":
        return render_json(report)
    return render_table(report)
