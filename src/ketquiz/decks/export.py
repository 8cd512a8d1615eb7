"""A checked deck in other forms: JSON (``ketquiz-deck/1``), CSV (a row a card) and Anki's text import."""

from __future__ import annotations

import csv
import html
import io

from ketquiz.core.model import Card, CardType, Deck
from ketquiz.core.safetext import FORMULA_STARTS, json_text, spreadsheet_cell

__all__ = ["FORMATS", "FORMULA_STARTS", "export", "spreadsheet_cell", "to_anki", "to_csv", "to_json"]

FORMATS = ("json", "csv", "anki")


def to_json(deck: Deck) -> str:
    """The ``ketquiz-deck/1`` document; control characters escaped (see :func:`ketquiz.core.safetext.json_text`)."""
    return json_text(deck.to_dict()) + "\n"


def to_csv(deck: Deck) -> str:
    """A row a card. Deck text is data: no cell can start a formula when the file is opened in a spreadsheet.

    ``sources`` lists the cited source ids; ``urls`` and ``pages`` follow the same order, separated by ``;`` too, so
    the n-th entry of each is about the n-th source: its URL (empty when it has none) and the pages its citations
    start on, joined by ``,`` (empty for a source without pages), as the JSON and Anki exports carry them.
    """
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["id", "topic", "type", "prompt", "answer", "sources", "urls", "pages"])
    for c in deck.cards:
        pages: dict[str, list[int]] = {}
        for x in c.citations:
            cited = pages.setdefault(x.source, [])
            page = deck.page_of(x)
            if page is not None and page not in cited:
                cited.append(page)
        sources = ";".join(pages)
        urls = ";".join(deck.source(s).url or "" for s in pages)
        page_cell = (
            ";".join(",".join(str(n) for n in ns) for ns in pages.values()) if any(pages.values()) else ""
        )
        row = (c.id, c.topic, c.type.value, c.prompt, c.answer, sources, urls, page_cell)
        w.writerow([spreadsheet_cell(v) for v in row])
    return buf.getvalue()


def _anki_front(card: Card) -> str:
    front = html.escape(card.prompt)
    if card.type in (CardType.MCQ, CardType.MULTI):
        items = "".join(f"<li>{html.escape(ch)}</li>" for ch in card.choices)
        hint = "Choose one." if card.type is CardType.MCQ else "Choose all that apply."
        front += f'<br><i>{hint}</i><ol type="A">{items}</ol>'
    elif card.type is CardType.TRUEFALSE:
        front += "<br><i>True or false?</i>"
    return front


def _anki_back(card: Card, deck: Deck) -> str:
    back = f"<b>{html.escape(card.answer)}</b>"
    if card.contested:
        back += "<br><i>The sources disagree on this point:</i>"
        for did in card.disagreements:
            d = deck.disagreement(did)
            back += (
                "<ul>"
                + "".join(
                    f"<li>{html.escape(deck.source(p.source).title)}: {html.escape(p.says)}</li>"
                    for p in d.positions
                )
                + "</ul>"
            )
    if card.explanation:
        back += f"<br>{html.escape(card.explanation)}"
    for c in card.citations:
        source = deck.source(c.source)
        where = html.escape(source.title)
        page = deck.page_of(c)
        if page is not None:
            where += f", p. {page}"
        if source.url:
            where += f' (<a href="{html.escape(source.url, quote=True)}">{html.escape(source.url)}</a>)'
        back += f"<br><blockquote>“{html.escape(c.quote)}”<br>— {where}</blockquote>"
    return back


def to_anki(deck: Deck) -> str:
    """Tab-separated notes with the header lines Anki's "Import File" reads (Basic note type: Front, Back, Tags)."""
    buf = io.StringIO()
    buf.write("#separator:tab\n#html:true\n#notetype:Basic\n")
    buf.write(f"#deck:{deck.title}\n#tags column:3\n")
    for c in deck.cards:
        tags = " ".join([f"ketquiz::{deck.id}", f"topic::{c.topic}", f"type::{c.type.value}", *c.tags])
        fields = [_anki_front(c), _anki_back(c, deck), tags]
        buf.write("\t".join(f.replace("\t", " ").replace("\n", "<br>") for f in fields) + "\n")
    return buf.getvalue()


def export(deck: Deck, fmt: str) -> str:
    if fmt == "json":
        return to_json(deck)
    if fmt == "csv":
        return to_csv(deck)
    if fmt == "anki":
        return to_anki(deck)
    raise ValueError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")
