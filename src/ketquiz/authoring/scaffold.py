"""A new deck folder from a few source documents: the deck file, written for a person to read and edit.

:func:`draft_deck` is pure: source texts in, deck YAML out. The deck has one example card of each type, each
citing a real sentence of one of the sources (every source gets at least one), so it passes ``ketquiz check`` as
created and shows the author the format by example. Everything an author must change is commented.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from ketquiz.authoring.examples import Basis, example_cards, longest_words, yaml_string
from ketquiz.authoring.quote_lookup import quote_text
from ketquiz.core.citations import MIN_QUOTE_WORDS, word_count
from ketquiz.core.sentences import Sentence, split_sentences

#: The file ``new`` writes the JSON Schema to, beside the deck file.
SCHEMA_FILE = "ketquiz-deck.schema.json"
_MAX_ID_LEN = 30
_MAX_TITLE_LEN = 120


class ScaffoldError(ValueError):
    """A source a deck cannot be made from, with the reason."""


@dataclass(frozen=True, slots=True)
class SourceDraft:
    """A source as it will sit in the new deck: its id, title, path relative to the deck file and text."""

    id: str
    title: str
    file: str
    text: str
    title_from: str = "document"
    original: str = ""  # the document the text was extracted from, when it is not plain text
    original_sha256: str = ""
    url: str = ""
    retrieved: str = ""
    author: str = ""
    published: str = ""

    def entry_lines(self, indent: str = "  ") -> list[str]:
        """The source's entry under ``sources:``, as YAML lines."""
        pad = indent + "  "
        lines = [f"{indent}- id: {self.id}", f"{pad}title: {yaml_string(self.title)}"]
        if self.title_from != "document":
            lines.append(
                f"{pad}title_from: {self.title_from}   # the document has no title; this is its first heading"
            )
        lines.append(f"{pad}file: {yaml_string(self.file)}")
        if self.original:
            lines += [f"{pad}original: {yaml_string(self.original)}", f"{pad}sha256: {self.original_sha256}"]
        for key in ("url", "retrieved", "author", "published"):
            if getattr(self, key):
                lines.append(f"{pad}{key}: {yaml_string(getattr(self, key))}")
        return lines


def slugify(text: str, max_len: int = _MAX_ID_LEN) -> str:
    """A deck-format slug from free text: ASCII lower-case words joined by hyphens, cut at a word boundary."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = ""
    for w in words:
        candidate = f"{slug}-{w}" if slug else w
        if len(candidate) > max_len:
            break
        slug = candidate
    return slug or (words[0][:max_len] if words else "")


def first_line(text: str) -> str:
    """The first line with any letter or digit in it, whitespace collapsed, cut to a readable length."""
    for line in text.splitlines():
        flat = " ".join(line.split())
        if any(c.isalnum() for c in flat):
            return flat if len(flat) <= _MAX_TITLE_LEN else flat[: _MAX_TITLE_LEN - 1].rstrip() + "\u2026"
    return ""


def unique(candidate: str, taken: set[str], fallback: str) -> str:
    base = candidate or fallback
    name, n = base, 2
    while name in taken:
        name = f"{base}-{n}"
        n += 1
    taken.add(name)
    return name


def pick_sentences(text: str, name: str) -> list[Sentence]:
    """Sentences to build example cards on: plain, full sentences after the title line, in source order; if
    there are none, the first sentence long enough to cite."""
    sentences = split_sentences(text)
    citable = [s for s in sentences if word_count(text[s.start : s.end]) >= MIN_QUOTE_WORDS]
    if not citable:
        raise ScaffoldError(f"{name}: no sentence of {MIN_QUOTE_WORDS} or more words to cite")

    def plain(s: Sentence) -> bool:
        words = word_count(text[s.start : s.end])
        return s.line > 1 and 6 <= words <= 40 and text[s.end - 1] == "." and bool(_content_words(text, s))

    return [s for s in citable if plain(s)] or citable[:1]


def _content_words(text: str, s: Sentence) -> list[str]:
    """Distinct words of a sentence worth blanking out: letters only, 5 or more of them, longest first."""
    return longest_words(text[s.start : s.end])


def draft_deck(
    deck_id: str, title: str, sources: Sequence[SourceDraft], schema_file: str | None = SCHEMA_FILE
) -> str:
    """The YAML text of a new deck over ``sources``. Raises :class:`ScaffoldError` for a source with nothing to cite."""
    if not sources:
        raise ScaffoldError("a deck needs at least one source")
    choices = [
        [Basis(s, quote_text(s.text, x.span)) for x in pick_sentences(s.text, s.file)] for s in sources
    ]
    header = [
        f"# {title}: a ketquiz deck.",
        "#   ketquiz check FILE                      check every card and citation",
        '#   ketquiz quote FILE SOURCE_ID "words"    find a passage and get a citation to paste',
        "#   ketquiz coverage FILE                   see which passages of the sources no card cites",
        "#   ketquiz check --watch FILE              re-check on every save",
    ]
    if schema_file:
        header += [
            f"# Editors with a YAML language server validate this file against {schema_file}",
            f"# (refresh it with: ketquiz schema > {schema_file}).",
            f"# yaml-language-server: $schema={schema_file}",
        ]
    lines = [
        *header,
        "",
        f"id: {deck_id}                # stable: study progress is keyed on it",
        f"title: {yaml_string(title)}",
        f"description: {yaml_string(f'What {len(sources)} document(s) say. Describe the deck here.')}",
        "notice: >-",
        "  A study aid built from the documents in sources/. It is not professional or medical advice:",
        "  read the sources themselves.",
        "",
        "sources:",
        "  # id: what citations name; title: the document's own, or its first line. Change either freely.",
    ]
    for s in sources:
        lines += [
            *s.entry_lines(),
            "    # ignore:                 # page furniture (ads, share buttons) left out of coverage",
            '    #   - "Share this article"',
        ]
    lines += [
        "",
        "topics:",
        "  - id: examples",
        "    title: Example cards",
        "",
        "# One example card of each type, each citing a sentence of a source. Replace them with your own.",
        "cards:",
        *example_cards(choices),
        "# disagreements: where sources contradict each other. Each position quotes its source.",
        "# disagreements:",
        "#   - id: how-long-it-lasts",
        "#     topic: examples",
        "#     summary: How long the effect lasts.",
        "#     positions:",
        "#       - source: first-source-id",
        "#         says: It lasts a day.",
        '#         quote: "the passage of the first source saying so"',
        "#       - source: second-source-id",
        "#         says: It lasts weeks.",
        '#         quote: "the passage of the second source saying so"',
        "",
    ]
    return "\n".join(lines)
