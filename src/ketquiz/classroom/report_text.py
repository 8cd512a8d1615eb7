"""The class report as plain text: an aligned table, CSV, or JSON."""

from __future__ import annotations

import csv
import io
import json

from ketquiz.classroom.analysis import (
    MIN_DISCRIMINATION,
    TOO_EASY_FACILITY,
    TOO_HARD_FACILITY,
    ClassReport,
    ItemStats,
)

FORMATS = ("table", "csv", "json")
NO_ITEMS = "No complete sittings yet: item figures come from complete sittings only."


def format_duration(seconds: float) -> str:
    s = int(round(seconds))
    return f"{s // 60}:{s % 60:02d}"


def percent(x: float | None) -> str:
    return "—" if x is None else f"{100 * x:.0f}%"


def discrimination_text(item: ItemStats) -> str:
    return "undefined" if item.discrimination is None else f"{item.discrimination:+.2f}"


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
        "Items"
        + (f" (from complete sittings; {report.incomplete} incomplete left out)" if report.incomplete else "")
    )
    if not report.items:
        out.append(NO_ITEMS)
    else:
        out.append(
            _table(
                ["card", "type", "attempts", "facility", "discrimination", "flags", "prompt"],
                [
                    [
                        i.card_id,
                        i.type,
                        str(i.attempts),
                        percent(i.facility),
                        discrimination_text(i),
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
        out.append("Options chosen (* = correct)")
        for i in choice_items:
            out.append(f"  {i.card_id}: {_clip(i.prompt, 70)}")
            for o in i.options:
                out.append(f"    {'*' if o.correct else ' '} {o.count:3d}  {_clip(o.text, 70)}")
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
        f"not discriminating = discrimination < {MIN_DISCRIMINATION:.2f}."
    )
    return "\n".join(out) + "\n"


def render_csv(report: ClassReport) -> str:
    """One CSV with a ``section`` column: ``student`` rows, then ``item`` rows, then ``option`` rows."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
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
            ]
        )
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
