"""Help: every key of the screen underneath and of the app, generated from their ``Binding`` declarations."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Static

_KEY_NAMES = {
    "question_mark": "?",
    "space": "Space",
    "enter": "Enter",
    "escape": "Esc",
    "tab": "Tab",
    "shift+tab": "Shift+Tab",
    "left": "←",
    "right": "→",
}


def _key_label(keys: str) -> str:
    return " / ".join(_KEY_NAMES.get(k.strip(), k.strip()) for k in keys.split(","))


def binding_rows(bindings: list[BindingType]) -> list[tuple[str, str]]:
    """(keys, description) per action, keys that share an action merged: '1 / 2 / 3' for the choice keys."""
    rows: dict[str, tuple[list[str], str]] = {}
    for b in bindings:
        if not isinstance(b, Binding) or not b.description:
            continue
        desc = b.tooltip or b.description
        action = b.action.split("(")[0]
        group = f"{action}:{desc}" if action not in ("pick", "rate") else f"{action}:{b.description}"
        keys, _ = rows.setdefault(group, ([], desc))
        keys.append(_key_label(b.key))
    merged: dict[str, list[str]] = {}
    for keys, desc in rows.values():
        if desc.startswith("Choice "):
            merged.setdefault("Choose an answer (multi: toggle)", []).extend(keys)
        else:
            merged.setdefault(desc, []).extend(keys)
    return [(" / ".join(dict.fromkeys(k)), d) for d, k in merged.items()]


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close", id="close-help")]

    def __init__(self, under: Screen[object]) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        table = Table(box=None, show_header=False, padding=(0, 2, 0, 0), expand=False)
        table.add_column(style="bold cyan", no_wrap=True)
        table.add_column()
        for title, bindings in (
            (type(self.under).__name__.removesuffix("Screen") or "Screen", list(type(self.under).BINDINGS)),
            ("Everywhere", [*self.app.BINDINGS, Binding("ctrl+p", "command_palette", "Command palette")]),
        ):
            table.add_row(Text(title, style="bold underline"), "")
            for keys, desc in binding_rows(bindings):
                table.add_row(Text(keys), Text(desc))
            table.add_row("", "")
        with Vertical(classes="dialog"):
            yield Static("Keys", classes="dialog-title")
            with VerticalScroll():
                yield Static(table, id="help-table")
        yield Footer()
