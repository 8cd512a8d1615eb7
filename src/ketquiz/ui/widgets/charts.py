"""Small text charts: vertical bars for a series of days, horizontal bars for categories."""

from __future__ import annotations

from rich.text import Text

_EIGHTHS = " ▁▂▃▄▅▆▇█"


def column_chart(
    values: list[int], height: int = 5, bar_style: str = "cyan", left: str = "", right: str = "", width: int = 2
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
