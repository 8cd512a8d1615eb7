"""Source: the passage a card cites, in its context, and the whole document scrolled to it.

Opening it is instant: the passage is cut from the source text already in memory, no lookup or I/O.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea
from textual.widgets.text_area import Selection

from ketquiz.core.citations import line_col
from ketquiz.core.model import Citation, Deck, Source
from ketquiz.ui.literal import clean, literal, passage_in_context
from ketquiz.ui.widgets.keybar import KeyBar


def page_breaks_as_lines(text: str) -> str:
    """A PDF's text with its page breaks (form feeds) shown as line breaks: same length, so offsets hold."""
    return text.replace("\f", "\n")


def provenance(source: Source) -> Text:
    """Where a source came from, under its passage: its address, author and dates, and whether its title is only
    its first heading. Empty for a plain text source with nothing recorded."""
    out = Text()
    details = [
        (label, value)
        for label, value in (
            ("From", source.url),
            ("By", source.author),
            ("Published", source.published),
            ("Retrieved", source.retrieved),
        )
        if value
    ]
    if source.title_from == "heading":
        details.append(("Title", "the document's first heading (it has no title of its own)"))
    for label, value in details:
        out.append(f"\n{label}: ", style="dim bold")
        out.append_text(literal(value, "dim"))
    if details:
        out = Text("\n").append_text(out)
    return out


def source_title(deck: Deck, source_id: str) -> str:
    source = deck.get_source(source_id)
    return source.title if source is not None else source_id


class SourceScreen(ModalScreen[None]):
    """The cited passages of one card (or one disagreement), one at a time."""

    BINDINGS = [
        Binding("c,tab,right", "cycle(1)", "Next citation", id="next-citation"),
        Binding("shift+tab,left", "cycle(-1)", "Previous", id="previous-citation", show=False),
        Binding("o", "open_full", "Whole source", id="open-source"),
        Binding("escape,q,s", "dismiss", "Back", id="close-source"),
    ]
    AUTO_FOCUS = "#source-scroll"

    def __init__(
        self,
        deck: Deck,
        citations: tuple[Citation, ...],
        heading: str = "",
        notes: tuple[str, ...] = (),
        *,
        agreeing: bool = True,
    ) -> None:
        """``notes``: one line per citation shown above its passage (a disagreement's "says"); ``agreeing``:
        the citations back one answer (a card) rather than opposing positions (a disagreement)."""
        super().__init__()
        self.deck = deck
        self.citations = citations
        self.heading = heading
        self.notes = notes
        self.agreeing = agreeing
        self.index = 0

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("", id="source-heading", classes="dialog-title")
            with VerticalScroll(id="source-scroll"):
                yield Static("", id="source-passage")
            yield Static("", id="source-agree")
        yield KeyBar()

    def on_mount(self) -> None:
        self._show()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cycle":
            return len(self.citations) > 1
        return True

    def _show(self) -> None:
        cite = self.citations[self.index]
        heading = Text()
        what = "Citation" if self.agreeing else "Position"
        heading.append(f"{what} {self.index + 1} of {len(self.citations)}: ", style="bold")
        heading.append_text(literal(source_title(self.deck, cite.source), "bold italic"))
        page = self.deck.page_of(cite)
        if page is not None:
            heading.append(f", p. {page}", style="bold")
        self.query_one("#source-heading", Static).update(heading)
        source = self.deck.get_source(cite.source)
        text = page_breaks_as_lines(source.text) if source is not None else ""
        body = Text()
        if self.heading:
            body.append_text(literal(self.heading, "dim"))
            body.append("\n\n")
        if self.index < len(self.notes):
            body.append("Says: ", style="bold")
            body.append_text(literal(self.notes[self.index], "bold"))
            body.append("\n\n")
        body.append_text(passage_in_context(text, cite.start, cite.end))
        if source is not None:
            body.append_text(provenance(source))
        self.query_one("#source-passage", Static).update(body)
        self.query_one("#source-scroll", VerticalScroll).scroll_home(animate=False)
        titles = list(dict.fromkeys(source_title(self.deck, c.source) for c in self.citations))
        agree = Text("Cited from: " if self.agreeing else "Positions from: ", style="bold")
        agree.append_text(literal("; ".join(titles)))
        if len(titles) > 1 and self.agreeing:
            agree.append(f"  — {len(titles)} sources agree", style="green")
        self.query_one("#source-agree", Static).update(agree)

    def action_cycle(self, step: int) -> None:
        self.index = (self.index + step) % len(self.citations)
        self._show()

    def action_open_full(self) -> None:
        cite = self.citations[self.index]
        source = self.deck.get_source(cite.source)
        if source is None:
            self.notify("That source is not in the deck.", severity="error")
            return
        self.app.push_screen(FullSourceScreen(source.title, source.text, cite.start, cite.end))


class FullSourceScreen(ModalScreen[None]):
    """A whole source document, read-only, opened at a passage which is selected (highlighted)."""

    BINDINGS = [
        Binding("escape,q,o", "dismiss", "Back", id="close-full-source"),
        # Before the text area's own Home/End (start and end of a line): in a document one reads, they go to
        # its top and bottom, as in a pager. The cited passage stays selected.
        Binding("home", "scroll_to(False)", "Top", id="source-top", show=False, priority=True),
        Binding("end", "scroll_to(True)", "Bottom", id="source-bottom", show=False, priority=True),
    ]
    AUTO_FOCUS = "#full-source"

    def __init__(self, title: str, text: str, start: int, end: int) -> None:
        super().__init__()
        self.source_heading = title
        self.text = clean(page_breaks_as_lines(text))  # same length: offsets still hold
        self.start = start
        self.end = end

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(literal(self.source_heading, "bold italic"), classes="dialog-title")
            yield TextArea(
                self.text, read_only=True, soft_wrap=True, show_line_numbers=False, id="full-source"
            )
        yield KeyBar()

    def on_mount(self) -> None:
        area = self.query_one("#full-source", TextArea)
        if 0 <= self.start < self.end <= len(self.text):
            a = line_col(self.text, self.start)
            b = line_col(self.text, self.end)
            area.selection = Selection((a[0] - 1, a[1] - 1), (b[0] - 1, b[1] - 1))
            self.call_after_refresh(area.scroll_cursor_visible, center=True, animate=False)

    def action_scroll_to(self, bottom: bool) -> None:
        area = self.query_one("#full-source", TextArea)
        if bottom:
            area.scroll_end(animate=False)
        else:
            area.scroll_home(animate=False)
