"""Help: every key of the screen underneath and of the app, generated from their ``Binding`` declarations."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from ketquiz.ui.widgets.keybar import KeyBar

_KEY_NAMES = {
    "question_mark": "?",
    "at": "@",
    "minus": "-",
    "asterisk": "*",
    "space": "Space",
    "enter": "Enter",
    "escape": "Esc",
    "tab": "Tab",
    "shift+tab": "Shift+Tab",
    "left": "←",
    "right": "→",
    "up": "↑",
    "down": "↓",
    "slash": "/",
}


def _key_label(keys: str) -> str:
    return " / ".join(_KEY_NAMES.get(k.strip(), k.strip()) for k in keys.split(","))


def _compact(keys: list[str]) -> str:
    """'1 / 2 / … / 9 / a / … / i' as '1–9  a–i': runs of single digits or letters shown as ranges."""
    keys = list(dict.fromkeys(keys))
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if len(run) > 2:
            out.append(f"{run[0]}–{run[-1]}")
        else:
            out.extend(run)
        run.clear()

    for k in keys:
        if len(k) == 1 and k.isalnum() and run and ord(k) == ord(run[-1]) + 1:
            run.append(k)
            continue
        flush()
        if len(k) == 1 and k.isalnum():
            run.append(k)
        else:
            out.append(k)
    flush()
    return " / ".join(out)


def binding_rows(bindings: list[BindingType]) -> list[tuple[str, Text]]:
    """(keys, description) per action, keys that share one merged: the choice keys show as '1–9 / a–i'."""
    rows: dict[str, tuple[list[str], str, str]] = {}
    for b in bindings:
        if not isinstance(b, Binding) or not b.description:
            continue
        action = b.action.split("(")[0]
        pick = action in ("pick", "pick_letter")  # a choice by its number or its letter
        desc = "Choose an answer (multi: toggle it)" if pick else b.description
        group = desc if pick else f"{b.action}:{desc}"
        keys, _, _ = rows.setdefault(group, ([], desc, b.tooltip))
        keys.extend(_key_label(b.key).split(" / "))
    out: list[tuple[str, Text]] = []
    for keys, desc, tooltip in rows.values():
        keys.sort(
            key=lambda k: (k.isupper(), not k.isdigit()) if len(k) == 1 else (False, False)
        )  # 1–9 a–z A–Z
        text = Text(desc)
        if tooltip:
            text.append(f" — {tooltip}", style="dim")
        out.append((_compact(keys), text))
    return out


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close", id="close-help")]

    def __init__(self, under: Screen[object]) -> None:
        super().__init__()
        self.under = under

    def _widget_sections(self) -> list[tuple[str, list[BindingType]]]:
        """Keys of ketquiz's own widgets on the screen underneath (the answer box's Escape), each class once."""
        sections: dict[type, tuple[str, list[BindingType]]] = {}
        for widget in self.under.query("*"):
            cls = type(widget)
            if cls.__module__.startswith("ketquiz.") and "BINDINGS" in vars(cls) and cls not in sections:
                sections[cls] = (getattr(cls, "HELP_TITLE", cls.__name__), list(cls.BINDINGS))
        return list(sections.values())

    def compose(self) -> ComposeResult:
        table = Table(box=None, show_header=False, padding=(0, 2, 0, 0), expand=False)
        table.add_column(style="bold cyan", no_wrap=True)
        table.add_column()
        # Keys a screen offers only sometimes (home's p, when there are problems to list) are left out when the
        # screen would not run them now; the rest are listed whatever the phase, so help teaches every key.
        hidden = {
            action
            for action in getattr(self.under, "HELP_ONLY_WHEN_AVAILABLE", ())
            if self.under.check_action(action, ()) is False
        }
        own = [b for b in type(self.under).BINDINGS if not (isinstance(b, Binding) and b.action in hidden)]
        # The app's keys that do nothing now are left out (the exam's "End exam" once it is over).
        everywhere = [
            b
            for b in self.app.BINDINGS
            if not (isinstance(b, Binding) and self.app.check_action(b.action, ()) is False)
        ]
        # An app without the palette (the exam, the projector) does not offer its key.
        palette = (
            [Binding("ctrl+p", "command_palette", "Command palette")]
            if self.app.ENABLE_COMMAND_PALETTE
            else []
        )
        for title, bindings in (
            (type(self.under).__name__.removesuffix("Screen") or "Screen", own),
            *self._widget_sections(),
            ("Everywhere", [*everywhere, *palette]),
        ):
            table.add_row(Text(title, style="bold underline"), "")
            for keys, desc in binding_rows(bindings):
                table.add_row(Text(keys), desc)
            table.add_row("", "")
        with Vertical(classes="dialog"):
            yield Static("Keys", classes="dialog-title")
            with VerticalScroll():
                yield Static(table, id="help-table")
        yield KeyBar()
