"""Finding a few words in a source and turning the passage into a citation an author can paste.

Matching uses the same normalisation as citations (:mod:`ketquiz.core.citations`): curly quotes, dashes,
no-break spaces and line breaks in the source match their plain forms in the words looked up. With no exact match
the nearest passage is offered only when it is at least :data:`MIN_SIMILARITY` % similar, and the command says
plainly that the words were not found.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from ketquiz.core.citations import MIN_QUOTE_WORDS, line_col, locate_quote, nearest_passage, word_count
from ketquiz.core.model import Span
from ketquiz.core.sentences import Sentence, split_sentences

#: At most this many exact matches are reported; the rest are counted.
MAX_MATCHES = 20
#: Below this similarity (0..100: rapidfuzz's partial_ratio of the normalised words against the normalised
#: source) no passage is offered. Measured on the bundled sources, words that are not in a source at all still
#: score 50 to 80 against some passage (partial_ratio rewards any run of shared letters), while a sentence with one
#: word changed or misspelt, or its first words with a typo, scores 90 or more. 85 keeps the second and drops the
#: first; documented in docs/authoring.md.
MIN_SIMILARITY = 85.0


@dataclass(frozen=True, slots=True)
class QuoteMatch:
    """One place the words were found: the passage, the sentence(s) around it and a quote to cite."""

    span: Span  # the passage matched, offsets into the source text
    sentence: Span  # the whole sentence(s) holding the passage
    line: int
    column: int
    similarity: float  # 100.0 for an exact (normalised) match

    @property
    def exact(self) -> bool:
        return self.similarity >= 100.0


@dataclass(frozen=True, slots=True)
class QuoteLookup:
    matches: tuple[QuoteMatch, ...]
    total_exact: int  # every exact match, including those beyond MAX_MATCHES

    @property
    def exact(self) -> bool:
        return self.total_exact > 0


def _enclosing(sentences: list[Sentence], span: Span) -> Span:
    """The sentences the span touches, widened by following sentences until the quote is long enough to cite."""
    touching = [
        i for i, s in enumerate(sentences) if s.start < max(span.end, span.start + 1) and span.start < s.end
    ]
    if not touching:
        return span
    first, last = touching[0], touching[-1]
    return Span(sentences[first].start, sentences[last].end)


def _long_enough(text: str, sentences: list[Sentence], region: Span) -> Span:
    if word_count(text[region.start : region.end]) >= MIN_QUOTE_WORDS:
        return region
    following = [s for s in sentences if s.start >= region.end]
    for s in following:
        region = Span(region.start, s.end)
        if word_count(text[region.start : region.end]) >= MIN_QUOTE_WORDS:
            break
    return region


def _match(text: str, sentences: list[Sentence], span: Span, similarity: float) -> QuoteMatch:
    sentence = _long_enough(text, sentences, _enclosing(sentences, span))
    line, column = line_col(text, span.start)
    return QuoteMatch(span, sentence, line, column, similarity)


def find_passages(source_text: str, words: str) -> QuoteLookup:
    """Every exact match of ``words`` in the source, or else the closest passage (if any is close enough)."""
    sentences = split_sentences(source_text)
    spans = locate_quote(source_text, words)
    if spans:
        shown = tuple(_match(source_text, sentences, s, 100.0) for s in spans[:MAX_MATCHES])
        return QuoteLookup(shown, len(spans))
    span, similarity = nearest_passage(source_text, words)
    if span.end <= span.start or similarity < MIN_SIMILARITY:
        return QuoteLookup((), 0)
    return QuoteLookup((_match(source_text, sentences, span, similarity),), 0)


def quote_text(source_text: str, region: Span) -> str:
    """The passage as a one-line quote: original characters kept, every whitespace run made one space."""
    return " ".join(source_text[region.start : region.end].split())


def citation_snippet(source_id: str, quote: str, indent: int = 6) -> str:
    """A citation entry ready to paste under a card's ``citations:`` (YAML; the quote double-quoted)."""
    pad = " " * indent
    return f"{pad}- source: {source_id}\n{pad}  quote: {json.dumps(quote, ensure_ascii=False)}"


def marked_passage(source_text: str, match: QuoteMatch, left: str = "[", right: str = "]") -> str:
    """The surrounding sentence on one line, with the matched words between ``left`` and ``right``."""
    s, p = match.sentence, match.span
    start, end = min(s.start, p.start), max(s.end, p.end)
    before = source_text[start : p.start]
    inside = source_text[p.start : p.end]
    after = source_text[p.end : end]
    return " ".join(f"{before}{left}{inside}{right}{after}".split())
