"""Coverage: each source of a deck with the passages its cards cite highlighted, and what nothing cites.

The same figures as ``ketquiz coverage``. The text is shown line by line with line numbers, so the numbers in the
command's report can be found here; ``n`` and ``p`` jump between the longest uncited passages.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ketquiz.authoring.coverage import DEFAULT_TOP, DeckCoverage, SourceCoverage, deck_coverage
from ketquiz.core.model import Deck
from ketquiz.ui.literal import clean, literal
from ketquiz.ui.widgets.keybar import KeyBar
from ketquiz.ui.widgets.wrap import hanging, phrases

#: How cited, uncited and ignored text are drawn.
CITED_STYLE = "black on green"
UNCITED_STYLE = ""
IGNORED_STYLE = "dim strike"
LONGEST_STYLE = "bold"  # uncited text inside one of the longest uncited passages


def _kinds(cov: SourceCoverage, top: int) -> list[str]:
    """Per character of the source: "c" cited, "i" ignored, "l" in a longest uncited passage, else " "."""
    kinds = [" "] * len(cov.text)
    for p in cov.longest(top):
        kinds[p.start : p.end] = ["l"] * (p.end - p.start)
    for s in cov.cited:
        kinds[s.start : s.end] = ["c"] * (s.end - s.start)
    for s in cov.ignored:
        kinds[s.start : s.end] = ["i"] * (s.end - s.start)
    return kinds


_STYLES = {"c": CITED_STYLE, "i": IGNORED_STYLE, "l": LONGEST_STYLE, " ": UNCITED_STYLE}


def highlighted_lines(cov: SourceCoverage, top: int = DEFAULT_TOP) -> list[Text]:
    """The source's lines, each a Rich ``Text`` with a line-number gutter and the coverage styles applied."""
    text = clean(cov.text)
    kinds = _kinds(cov, top)
    lines = text.split("\n")
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()  # the newline ending the last line does not start another
    width = len(str(len(lines)))
    out: list[Text] = []
    pos = 0
    for number, line in enumerate(lines, start=1):
        rendered = Text(f"{number:>{width}} ", style="dim")
        i = 0
        while i < len(line):
            j = i
            kind = kinds[pos + i]
            while j < len(line) and kinds[pos + j] == kind:
                j += 1
            rendered.append(line[i:j], style=_STYLES[kind])
            i = j
        out.append(rendered)
        pos += len(line) + 1
    return out


def _hanging(line: Text, gutter: int) -> Table:
    """A numbered line whose wrapped continuation lines stay clear of the line-number gutter."""
    return hanging([(line[:gutter], line[gutter:])])


def _summary(cov: SourceCoverage) -> str:
    return f"{cov.share:>4.0%}  {cov.title}"


def _heading(cov: DeckCoverage) -> Table:
    """The deck's title (cut with an ellipsis when the line is short) and its figures, kept whole."""
    title = Text("Coverage: ", style="bold", no_wrap=True, overflow="ellipsis")
    title.append_text(literal(cov.title, "bold italic"))
    grid = Table.grid(expand=True)
    grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    grid.add_column(no_wrap=True)
    grid.add_row(title, f"  {cov.covered_count}/{cov.sentence_count} sentences cited ({cov.share:.0%})")
    return grid


def _legend() -> RenderableType:
    """What the styles mean, each item whole: on a narrow screen the items go on two rows rather than one of
    them breaking between its words."""
    return phrases(
        Text(" cited ", style=CITED_STYLE),
        Text("longest uncited", style=LONGEST_STYLE),
        Text("other uncited"),
        Text("ignored", style=IGNORED_STYLE),
    )


def _figures(cov: SourceCoverage) -> Group:
    """The source's title and file, then its figures, each figure kept whole."""
    title = literal(cov.title, "bold italic")
    title.append(f"  ({cov.file})", style="dim")
    return Group(
        title,
        phrases(
            Text(f"{cov.covered_count}/{cov.sentence_count} sentences cited ({cov.share:.0%}),"),
            Text(f"{cov.char_share:.0%} of the text;"),
            Text(f"{len(cov.uncovered)} uncited passages"),
            gap=1,
        ),
    )


class CoverageScreen(Screen[None]):
    """A deck's sources, one at a time, with what its cards cite highlighted."""

    BINDINGS = [
        Binding(
            "n",
            "jump(1)",
            "Next gap",
            id="coverage-next-gap",
            tooltip="The next of the longest uncited passages",
        ),
        Binding("p", "jump(-1)", "Previous gap", id="coverage-previous-gap"),
        Binding("escape,q", "back", "Back", id="coverage-back"),
    ]

    def __init__(self, deck: Deck, top: int = DEFAULT_TOP) -> None:
        super().__init__()
        self.deck = deck
        self.top = top
        self.coverage: DeckCoverage = deck_coverage(deck)
        self.source_index = 0
        self.gap_index = -1

    def compose(self) -> ComposeResult:
        cov = self.coverage
        yield Static(_heading(cov), id="coverage-heading")
        with Horizontal(id="coverage-body"):
            yield OptionList(
                *(Option(literal(_summary(s)), id=f"src-{i}") for i, s in enumerate(cov.sources)),
                id="coverage-sources",
            )
            with Vertical(id="coverage-main"):
                yield Static("", id="coverage-figures")
                yield VerticalScroll(id="coverage-text")
                yield Static(_legend(), id="coverage-legend")
        yield KeyBar()

    async def on_mount(self) -> None:
        if self.coverage.sources:
            self.query_one("#coverage-sources", OptionList).highlighted = 0
        await self.show_source(0)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "jump":
            return bool(self.coverage.sources) and bool(self.current.uncovered)
        return True

    @property
    def current(self) -> SourceCoverage:
        return self.coverage.sources[self.source_index]

    async def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_index != self.source_index:
            await self.show_source(event.option_index)

    async def show_source(self, index: int) -> None:
        """Show source ``index`` of the deck, scrolled to its top."""
        figures = self.query_one("#coverage-figures", Static)
        scroll = self.query_one("#coverage-text", VerticalScroll)
        await scroll.remove_children()
        if not self.coverage.sources:
            figures.update(Text("This deck has no sources.", style="italic"))
            return
        self.source_index = index
        self.gap_index = -1
        cov = self.current
        figures.update(_figures(cov))
        lines = highlighted_lines(cov, self.top)
        gutter = len(str(len(lines))) + 1
        await scroll.mount_all(
            Static(_hanging(line, gutter), classes="coverage-line", id=f"coverage-line-{index}-{n}")
            for n, line in enumerate(lines, start=1)
        )
        scroll.scroll_home(animate=False)
        self.refresh_bindings()

    def action_back(self) -> None:
        """Close the screen; when nothing but the app's blank default screen is beneath it (``ketquiz coverage
        --tui``), quit."""
        stack = self.app.screen_stack
        if len(stack) > 1 and stack[-2].id != "_default":
            self.dismiss()
        else:
            self.app.exit()

    def action_jump(self, step: int) -> None:
        """Scroll to the next (or previous) of the longest uncited passages, in source order."""
        gaps = self.current.longest(self.top)
        if not gaps:
            return
        self.gap_index = (self.gap_index + step) % len(gaps)
        gap = gaps[self.gap_index]
        line = self.query_one(f"#coverage-line-{self.source_index}-{gap.line}", Static)
        self.query_one("#coverage-text", VerticalScroll).scroll_to_widget(line, top=True, animate=False)
        self.notify(
            f"Uncited passage {self.gap_index + 1} of {len(gaps)}: line {gap.line}, {gap.sentences} sentence{'s' if gap.sentences != 1 else ''}",
            timeout=2,
        )
