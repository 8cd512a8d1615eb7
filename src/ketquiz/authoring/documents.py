"""Plain text from the documents authors really have: web pages, PDFs, Markdown notes and text files.

Quotes are checked against plain text, so a document in another format is turned into text once, when it is
added to a deck, and that text is kept beside the deck with the original. Each format goes through the
maintained library for it: HTML through trafilatura (which keeps the article and drops navigation, ads, comment
widgets and cookie banners), PDF through pypdf (one form feed, ``\\f``, between pages, so a citation's page can
be told), Markdown through markdown-it-py (headings, paragraphs and list items as lines; links as their text).

These libraries are heavy and optional (``pip install 'ketquiz[documents]'``); they are imported only when a
document of their kind is read, and their absence is a :class:`MissingExtra` naming the install command.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

#: The form feed between two pages of an extracted PDF.
PAGE_BREAK = "\f"
#: Suffixes read as each kind of document.
KINDS = {
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
}
INSTALL = "pip install 'ketquiz[documents]'"


class DocumentError(ValueError):
    """A document that cannot be turned into text, with the reason."""


class MissingExtra(DocumentError):
    """The library for this kind of document is not installed."""


@dataclass(frozen=True, slots=True)
class Extracted:
    """A document's text and what it says about itself (empty when it does not say)."""

    text: str
    kind: str  # "html", "pdf", "markdown" or "text"
    title: str = ""
    url: str = ""
    author: str = ""
    published: str = ""
    pages: int = 0  # PDFs: how many pages

    @property
    def converted(self) -> bool:
        """Whether the text differs in form from the original (anything but a plain text file)."""
        return self.kind != "text"


def kind_of(path: Path) -> str | None:
    return KINDS.get(path.suffix.lower())


def extract(path: Path, raw: bytes) -> Extracted:
    """The text of the document ``raw`` read from ``path`` (its suffix says its kind)."""
    kind = kind_of(path)
    if kind is None:
        raise DocumentError(
            f"{path.name}: unknown kind of document ({path.suffix or 'no suffix'}); use .html, .htm, .pdf, .md or .txt"
        )
    if kind == "pdf":
        return _pdf(path, raw)
    text = _decode(path, raw)
    if kind == "html":
        return _html(path, text)
    if kind == "markdown":
        return _markdown(text)
    return Extracted(text, "text")


def _decode(path: Path, raw: bytes) -> str:
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise DocumentError(
            f"{path.name}: not UTF-8 text (byte {exc.start}); convert it to UTF-8 first"
        ) from None


def _missing(library: str, what: str) -> MissingExtra:
    return MissingExtra(f"reading {what} needs {library}, which is not installed: {INSTALL}")


def _tidy(text: str) -> str:
    """Lines stripped of trailing spaces, runs of blank lines made one, ending with one newline."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    out = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
    return out + "\n" if out else ""


def _html(path: Path, html: str) -> Extracted:
    try:
        import trafilatura
    except ImportError:
        raise _missing("trafilatura", "web pages") from None
    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=True)
    text = _tidy(getattr(doc, "text", "") or "") if doc is not None else ""
    if not text.strip():
        raise DocumentError(f"{path.name}: no article text found in the page")

    def meta(name: str) -> str:
        return str(getattr(doc, name, "") or "").strip()

    return Extracted(text, "html", meta("title"), meta("url"), meta("author"), meta("date"))


def _pdf(path: Path, raw: bytes) -> Extracted:
    try:
        import io

        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError:
        raise _missing("pypdf", "PDFs") from None
    try:
        reader = PdfReader(io.BytesIO(raw))
        pages = [_tidy(page.extract_text() or "") for page in reader.pages]
        info = reader.metadata
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise DocumentError(f"{path.name}: cannot read the PDF: {exc}") from None
    if not any(p.strip() for p in pages):
        raise DocumentError(f"{path.name}: the PDF has no text to quote (a scan needs OCR first)")
    # A form feed starts each page after the first, on its own line, so no sentence runs across two pages.
    text = (PAGE_BREAK + "\n").join(p if p.endswith("\n") else p + "\n" for p in pages)
    title = str(getattr(info, "title", "") or "").strip() if info else ""
    author = str(getattr(info, "author", "") or "").strip() if info else ""
    return Extracted(text, "pdf", title, "", author, "", len(pages))


def _markdown(source: str) -> Extracted:
    try:
        from markdown_it import MarkdownIt
    except ImportError:
        raise _missing("markdown-it-py", "Markdown") from None
    tokens = MarkdownIt("commonmark").parse(source)
    lines: list[str] = []
    title = ""
    prefix: list[str] = []
    ordered: list[bool] = []
    for i, tok in enumerate(tokens):
        if tok.type in ("bullet_list_open", "ordered_list_open"):
            ordered.append(tok.type == "ordered_list_open")
            prefix.append("- ")
        elif tok.type in ("bullet_list_close", "ordered_list_close"):
            ordered.pop()
            prefix.pop()
        elif tok.type == "list_item_open" and prefix:
            prefix[-1] = f"{tok.info}. " if ordered[-1] and tok.info else "- "
        elif tok.type == "inline":
            parts = []
            for child in tok.children or ():
                if child.type in ("text", "code_inline"):
                    parts.append(child.content)
                elif child.type in ("softbreak", "hardbreak"):
                    parts.append(" ")
            text = " ".join("".join(parts).split())  # a link keeps its text; its address is dropped
            in_item = any(t.type == "list_item_open" for t in tokens[max(0, i - 2) : i])
            if i and tokens[i - 1].type == "heading_open" and not title:
                title = text
            lines.append((prefix[-1] if prefix and in_item else "") + text)
        elif tok.type in ("fence", "code_block"):
            lines.extend(tok.content.rstrip("\n").split("\n"))
    return Extracted(_tidy("\n".join(lines)), "markdown", title)
