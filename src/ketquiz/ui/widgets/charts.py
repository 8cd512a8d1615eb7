"""Small text charts: vertical bars for a series of days, horizontal bars for categories, a year's calendar."""

from __future__ import annotations

from datetime import date, timedelta

from rich.text import Text

_EIGHTHS = " ▁▂▃▄▅▆▇█"


def column_chart(
    values: list[int],
    height: int = 5,
    bar_style: str = "cyan",
    left: str = "",
    right: str = "",
    width: int = 2,
) -> Text:
    """One column (``width`` cells) per value, ``height`` rows tall, the maximum on the axis, labels under the
    ends."""
    top = max(values, default=0)
    label_w = len(str(top))
    out = Text()
    for row in range(height, 0, -1):
        axis = str(top) if row == height else ("0" if row == 1 and top == 0 else "")
        out.append(f"{axis:>{label_w}} │", style="dim")
        for v in values:
            filled = v / top * height if top else 0.0
            eighths = round((filled - (row - 1)) * 8)
            out.append(_EIGHTHS[max(0, min(8, eighths))] * width, style=bar_style)
        out.append("\n")
    out.append(" " * label_w + " └" + "─" * (len(values) * width) + "\n", style="dim")
    gap = max(1, len(values) * width - len(left) - len(right))
    out.append(" " * (label_w + 2) + left + " " * gap + right, style="dim")
    return out


def bar_rows(items: list[tuple[str, int]], width: int = 40, styles: dict[str, str] | None = None) -> Text:
    """One horizontal bar per (label, value), scaled to the largest value."""
    top = max((v for _, v in items), default=0)
    label_w = max((len(k) for k, _ in items), default=0)
    num_w = len(str(top))
    out = Text()
    for i, (label, value) in enumerate(items):
        if i:
            out.append("\n")
        out.append(f"{label:<{label_w}} {value:>{num_w}} ")
        n = round(value / top * width) if top else 0
        out.append("█" * n, style=(styles or {}).get(label, "cyan"))
    return out


#: A day's cell in the heatmap by how busy it was: none, then quarters of the busiest day.
_HEAT = "·░▒▓█"
_WEEKDAYS = ("Mon", "", "Wed", "", "Fri", "", "")


def heatmap(values: list[int], start: date, width: int = 80, style: str = "green") -> Text:
    """A GitHub-style calendar: a column per week (Monday at the top), a row per weekday, one cell per day of
    ``values`` (the day ``start`` first); busier days are denser blocks. Month names sit above the week each month
    begins in. When ``width`` is too narrow for every week, the oldest weeks are left out, never wrapped."""
    first_monday = start - timedelta(days=start.weekday())
    weeks = (len(values) + start.weekday() + 6) // 7
    label_w = 4
    shown = max(1, min(weeks, width - label_w))
    skip = weeks - shown
    top = max(values, default=0)
    grid = [[" "] * shown for _ in range(7)]
    for i, v in enumerate(values):
        offset = (start - first_monday).days + i
        col = offset // 7 - skip
        if col < 0:
            continue
        level = 0 if not v or not top else 1 + min(3, (4 * v - 1) // top)
        grid[offset % 7][col] = _HEAT[level]
    out = Text()
    months = [" "] * shown
    sundays = [first_monday + timedelta(weeks=col + skip, days=6) for col in range(shown)]
    starts = [col for col in range(1, shown) if sundays[col].month != sundays[col - 1].month]
    if (
        not starts or starts[0] >= 4
    ):  # the first, partial month is named only when its name does not crowd the next
        starts.insert(0, 0)
    for col in starts:
        if col + 3 <= shown and all(c == " " for c in months[max(0, col - 1) : col + 3]):
            months[col : col + 3] = list(sundays[col].strftime("%b"))
    out.append(" " * label_w + "".join(months).rstrip() + "\n", style="dim")
    for row in range(7):
        out.append(f"{_WEEKDAYS[row]:<{label_w}}", style="dim")
        for cell in grid[row]:
            out.append(cell, style="dim" if cell in " ·" else style)
        if row < 6:
            out.append("\n")
    return out
