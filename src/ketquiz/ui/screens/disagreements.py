"""Disagreements: where the sources contradict each other (or themselves), with each side's passage."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ketquiz.core.model import DISAGREEMENT_KINDS, Deck, Disagreement
from ketquiz.ui.literal import literal, passage_in_context
from ketquiz.ui.screens.source import SourceScreen, source_title
from ketquiz.ui.widgets.keybar import KeyBar


def kind_label(d: Disagreement) -> Text:
    """ "Contradiction" or "Tension", and what that means for the learner, in one line."""
    label = Text("Contradiction: " if d.kind == "contradiction" else "Tension: ", style="bold yellow")
    label.append(DISAGREEMENT_KINDS.get(d.kind, ""), style="yellow")
    return label


def render_disagreement(deck: Deck, d: Disagreement) -> Text:
    """The summary, then each position: the source, what it says, and its passage in context."""
    out = Text()
    out.append_text(literal(d.summary, "bold"))
    found = deck.get_topic(d.topic)
    topic = found.title if found is not None else d.topic
    out.append("\nTopic: ", style="dim")
    out.append_text(literal(topic, "dim"))
    out.append("\n")
    out.append_text(kind_label(d))
    if d.self_contradiction:
        out.append("\nOne source contradicts itself here.", style="bold yellow")
    for i, p in enumerate(d.positions, start=1):
        out.append(f"\n\n{i}. ", style="bold")
        out.append_text(literal(source_title(deck, p.source), "bold italic"))
        page = deck.page_of(p.as_citation())
        if page is not None:
            out.append(f", p. {page}", style="bold italic")
        out.append(" says: ", style="bold")
        out.append_text(literal(p.says))
        out.append("\n")
        source = deck.get_source(p.source)
        text = source.text if source is not None else ""
        out.append_text(passage_in_context(text, p.start, p.end, sentences=1))
    return out


class DisagreementScreen(ModalScreen[None]):
    """One or more disagreements (those a card rests on), one at a time."""

    BINDINGS = [
        Binding("n,tab,right", "cycle(1)", "Next", id="next-disagreement"),
        Binding("o", "passages", "Open passages", id="open-passages"),
        Binding("escape,q,d", "dismiss", "Back", id="close-disagreement"),
    ]
    AUTO_FOCUS = "#disagreement-scroll"

    def __init__(self, deck: Deck, disagreements: list[Disagreement]) -> None:
        super().__init__()
        self.deck = deck
        self.disagreements = disagreements
        self.index = 0

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("", id="disagreement-heading", classes="dialog-title")
            with VerticalScroll(id="disagreement-scroll"):
                yield Static("", id="disagreement-body")
        yield KeyBar()

    def on_mount(self) -> None:
        self._show()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cycle":
            return len(self.disagreements) > 1
        return True

    def _show(self) -> None:
        d = self.disagreements[self.index]
        heading = Text("⚠ The sources disagree", style="bold yellow")
        if len(self.disagreements) > 1:
            heading.append(f"  ({self.index + 1} of {len(self.disagreements)})")
        self.query_one("#disagreement-heading", Static).update(heading)
        self.query_one("#disagreement-body", Static).update(render_disagreement(self.deck, d))
        self.query_one("#disagreement-scroll", VerticalScroll).scroll_home(animate=False)

    def action_cycle(self, step: int) -> None:
        self.index = (self.index + step) % len(self.disagreements)
        self._show()

    def action_passages(self) -> None:
        d = self.disagreements[self.index]
        cites = tuple(p.as_citation() for p in d.positions)
        says = tuple(p.says for p in d.positions)
        self.app.push_screen(SourceScreen(self.deck, cites, d.summary, says, agreeing=False))


class DisagreementListScreen(ModalScreen[None]):
    """Every disagreement in a deck; Enter opens one."""

    BINDINGS = [
        # A priority binding, so the key bar shows it over the list's own (hidden) Enter.
        Binding("enter", "open", "Open", id="open-disagreement", priority=True),
        Binding("escape,q", "dismiss", "Back", id="close-disagreements"),
    ]

    def __init__(self, deck: Deck) -> None:
        super().__init__()
        self.deck = deck

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            title = Text("Disagreements in ", style="bold")
            title.append_text(literal(self.deck.title, "bold italic"))
            title.append(f"  ({len(self.deck.disagreements)})")
            yield Static(title, classes="dialog-title")
            if not self.deck.disagreements:
                yield Static("The sources of this deck agree everywhere the deck looks.")
            options: list[Option | None] = []
            for d in self.deck.disagreements:
                if options:
                    options.append(None)  # a separator line
                label = Text(f"[{d.kind}] ", style="yellow")
                label.append_text(literal(d.summary))
                names = ", ".join(source_title(self.deck, s) for s in d.sources)
                label.append("\n")
                label.append_text(literal(names, "dim italic"))
                options.append(Option(label, id=d.id))
            yield OptionList(*options, id="disagreement-list")
        yield KeyBar()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open":
            return bool(self.deck.disagreements)
        return True

    def action_open(self) -> None:
        options = self.query_one("#disagreement-list", OptionList)
        if options.highlighted is not None:
            self._push(options.get_option_at_index(options.highlighted).id)

    @on(OptionList.OptionSelected, "#disagreement-list")
    def _open(self, event: OptionList.OptionSelected) -> None:
        self._push(event.option.id)

    def _push(self, disagreement_id: str | None) -> None:
        d = self.deck.get_disagreement(disagreement_id or "")
        if d is not None:
            self.app.push_screen(DisagreementScreen(self.deck, [d]))
