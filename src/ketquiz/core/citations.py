"""Finding an author's quote in a source document.

A quote matches when it equals a contiguous passage of the source after both are normalised (see
:func:`normalize`). Matches are reported as offsets into the *original* text, so ``text[start:end]`` is the
passage as the source has it, original characters included.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ketquiz.core.model import Span
from ketquiz.core.sentences import Sentence, split_sentences

#: Quotes with fewer words than this are refused as too vague to pin down a passage.
MIN_QUOTE_WORDS = 4
#: :func:`nearest_passage` compares at most this many characters of a quote (its cost grows with the product of
#: the quote's and the source's lengths).
NEAREST_MAX_CHARS = 400

_CHAR_MAP = {
    # curly and low quotes -> straight
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
    # dashes and minus -> hyphen
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Normalized:
    """Normalised text with, for each of its characters, the span of original text it came from."""

    text: str
    starts: tuple[int, ...]  # starts[i]: index in the original of the cluster that produced text[i]
    ends: tuple[int, ...]  # ends[i]: index just past that cluster

    def span(self, nstart: int, nend: int) -> Span:
        """The original span behind the normalised slice ``text[nstart:nend]`` (``nend > nstart``)."""
        return Span(self.starts[nstart], self.ends[nend - 1])


_TRANSLATE = str.maketrans(_CHAR_MAP)
_WORDS = re.compile(r"\S+")


def normalize_quote(quote: str) -> str:
    """The normalised form of ``quote`` (see :func:`normalize`), without offsets.

    Whole-string operations in C rather than a loop over characters: a deck of 100,000 cards normalises a
    quarter of a million quotes, and only the sources need the map back to original offsets.
    """
    if quote.isascii():  # NFKC and the map leave ASCII as it is
        return " ".join(quote.split())
    return " ".join(unicodedata.normalize("NFKC", quote).translate(_TRANSLATE).split())


def _segments(text: str, by_words: bool) -> list[tuple[int, int]]:
    """(start, end) runs that NFKC can normalise one at a time: a base character with its combining marks, or,
    when ``by_words``, whole runs between whitespace (for the rare scripts whose base characters compose)."""
    out: list[tuple[int, int]] = []
    i, n = 0, len(text)
    if by_words:
        for m in _WORDS.finditer(text):
            out.append(m.span())
        return out
    combining = unicodedata.combining
    while i < n:
        j = i + 1
        while j < n and combining(text[j]):
            j += 1
        out.append((i, j))
        i = j
    return out


def normalize(text: str) -> Normalized:
    """NFKC, curly quotes to straight, dashes to hyphens, whitespace runs to one space, ends stripped.

    ``result.text`` always equals :func:`normalize_quote` of ``text``, so a quote is found exactly when its
    normalised form is a substring of the source's. Each character maps back to the span of original text it
    came from: one character, or a base character with its combining marks (or, where NFKC composes across
    those, the whole word).
    """
    expected = normalize_quote(text)
    if text.isascii():
        return _build(text, [(i, i + 1) for i in range(len(text))], nfkc=False)
    for by_words in (False, True):
        built = _build(text, _segments(text, by_words), nfkc=True)
        if built.text == expected:
            return built
    # Composition across whitespace does not happen in NFKC; this is a guard, not a path taken.
    whole = Normalized(expected, (0,) * len(expected), (len(text),) * len(expected))  # pragma: no cover
    return whole  # pragma: no cover


def _build(text: str, pieces: list[tuple[int, int]], *, nfkc: bool) -> Normalized:
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pending_space = False
    norm = unicodedata.normalize
    prev_end = 0
    for a, b in pieces:
        if a > prev_end and chars:  # whitespace skipped between word segments
            pending_space = True
        prev_end = b
        chunk = norm("NFKC", text[a:b]) if nfkc else text[a:b]
        for ch in chunk.translate(_TRANSLATE):
            if ch.isspace():
                if chars:
                    pending_space = True
                continue
            if pending_space:
                chars.append(" ")
                starts.append(a)
                ends.append(a)
                pending_space = False
            chars.append(ch)
            starts.append(a)
            ends.append(b)
    return Normalized("".join(chars), tuple(starts), tuple(ends))


@lru_cache(maxsize=64)
def _normalized_source(text: str) -> Normalized:
    return normalize(text)


def word_count(quote: str) -> int:
    return len(normalize_quote(quote).split())


def locate_quote(source_text: str, quote: str) -> list[Span]:
    """Every place ``quote`` occurs in ``source_text`` after normalisation, as spans of the original text."""
    return locate_normalized(source_text, normalize_quote(quote))


def locate_normalized(source_text: str, needle: str) -> list[Span]:
    """:func:`locate_quote` for a quote already normalised (by :func:`normalize_quote`)."""
    if not needle:
        return []
    hay = _normalized_source(source_text)
    spans: list[Span] = []
    pos = hay.text.find(needle)
    while pos >= 0:
        spans.append(hay.span(pos, pos + len(needle)))
        pos = hay.text.find(needle, pos + 1)
    return spans


def nearest_passage(source_text: str, quote: str) -> tuple[Span, float]:
    """The passage of ``source_text`` closest to ``quote`` and its similarity, 0 (nothing alike) to 100.

    Used to tell an author where a misquoted passage most probably is. Only the first :data:`NEAREST_MAX_CHARS`
    characters of the quote are compared: the alignment costs the product of both lengths (a 10,000-character
    query took seconds), and a passage's first sentence or two is enough to find where it is.
    """
    from rapidfuzz import fuzz

    needle = normalize_quote(quote)[:NEAREST_MAX_CHARS].rstrip()
    hay = _normalized_source(source_text)
    if not needle or not hay.text:
        return Span(0, 0), 0.0
    found = fuzz.partial_ratio_alignment(needle, hay.text)
    if found is None or found.dest_end <= found.dest_start:
        return Span(0, 0), 0.0
    start, end = found.dest_start, found.dest_end
    # Widen to whole words so the passage reads naturally.
    text = hay.text
    while start > 0 and text[start - 1] != " ":
        start -= 1
    while end < len(text) and text[end] != " ":
        end += 1
    score = float(found.score)
    if len(normalize_quote(quote)) > len(needle):
        score = min(score, 99.0)  # only the start was compared: the whole quote was not found as it is
    return hay.span(start, end), score


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` in ``text``."""
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


@lru_cache(maxsize=16)
def _sentences(text: str) -> tuple[Sentence, ...]:
    return tuple(split_sentences(text))


def sentence_around(text: str, span: Span, extra: int = 1) -> Span:
    """The span of the sentence(s) holding ``span``, widened by ``extra`` sentences on each side.

    Sentences are those of :func:`ketquiz.core.sentences.split_sentences`, the same that coverage counts.
    """
    sentences = _sentences(text)
    touching = [i for i, s in enumerate(sentences) if s.start < span.end and span.start < s.end]
    if not touching:
        return span
    first = max(0, touching[0] - extra)
    last = min(len(sentences) - 1, touching[-1] + extra)
    return Span(min(sentences[first].start, span.start), max(sentences[last].end, span.end))
