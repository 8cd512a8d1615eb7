"""Splitting a source document into sentences, keeping where each one is.

A sentence ends at ``.``, ``!`` or ``?`` (optionally followed by closing quotes or brackets) when whitespace and
then something other than a lower-case letter follow, or at a line break: the bundled sources and most pasted web
text put one paragraph, heading or list item on each line. Common abbreviations ("Dr.", "e.g.") do not end a
sentence. Passages the author marks as ignored are cut out first, so they act as sentence boundaries.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ketquiz.core.model import Span

_ENDERS = ".!?"
_CLOSERS = "\"'\u201d\u2019)]"
_ABBREVIATIONS = frozenset(
    {
        "dr",
        "mr",
        "mrs",
        "ms",
        "prof",
        "st",
        "vs",
        "etc",
        "e.g",
        "i.e",
        "approx",
        "fig",
        "no",
        "vol",
        "jr",
        "sr",
    }
)


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of a source: ``text[start:end]``, on 1-based lines ``line`` to ``end_line``."""

    start: int
    end: int
    line: int
    end_line: int

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)

    def overlaps(self, span: Span) -> bool:
        return span.start < self.end and self.start < span.end


def _is_abbreviation(text: str, dot: int) -> bool:
    """Whether the ``.`` at ``dot`` closes a known abbreviation or a single initial ("J. Smith")."""
    i = dot
    while i > 0 and (text[i - 1].isalpha() or text[i - 1] == "."):
        i -= 1
    word = text[i:dot].lower()
    if word in _ABBREVIATIONS:
        return True
    parts = word.split(".")
    # "J." (an initial) or "U.S." (letters with dots); a lone lower-case letter may end a sentence ("plan a.").
    return all(len(p) == 1 and p.isalpha() for p in parts) and (len(parts) > 1 or text[i].isupper())


def _ends_sentence(text: str, i: int) -> int:
    """If a sentence ends with the mark at ``i``, the index just past it (closers included); else -1."""
    ch = text[i]
    if ch not in _ENDERS:
        return -1
    j = i + 1
    n = len(text)
    while j < n and text[j] in _CLOSERS:
        j += 1
    if j < n and not text[j].isspace():
        return -1  # "3.5", "ketamine.com"
    k = j
    while k < n and text[k] in " \t\u00a0":
        k += 1
    if k < n and text[k].islower():
        return -1
    if ch == "." and _is_abbreviation(text, i):
        return -1
    return j


def _raw_sentences(text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
    """(start, end) of each sentence in ``text[start:end]``, whitespace trimmed, empty ones dropped."""
    seg_start = start
    i = start
    while i < end:
        ch = text[i]
        if ch == "\n":
            yield seg_start, i
            seg_start = i + 1
        else:
            stop = _ends_sentence(text, i)
            if 0 <= stop <= end:
                yield seg_start, stop
                seg_start = stop
                i = stop
                continue
        i += 1
    yield seg_start, end


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _gaps(length: int, ignore: Iterable[Span]) -> list[tuple[int, int]]:
    """The stretches of ``[0, length)`` left once the ignored spans are cut out."""
    out: list[tuple[int, int]] = []
    pos = 0
    for span in sorted(ignore, key=lambda s: (s.start, s.end)):
        if span.start > pos:
            out.append((pos, min(span.start, length)))
        pos = max(pos, span.end)
    if pos < length:
        out.append((pos, length))
    return out


def split_sentences(text: str, ignore: Iterable[Span] = ()) -> list[Sentence]:
    """The sentences of ``text`` in order, leaving out ignored spans and pieces with no letter or digit."""
    line_starts = [0]
    line_starts.extend(i + 1 for i, ch in enumerate(text) if ch == "\n")
    out: list[Sentence] = []
    line_index = 0
    for gap_start, gap_end in _gaps(len(text), ignore):
        for a, b in _raw_sentences(text, gap_start, gap_end):
            a, b = _trim(text, a, b)
            if a >= b or not any(c.isalnum() for c in text[a:b]):
                continue
            while line_index + 1 < len(line_starts) and line_starts[line_index + 1] <= a:
                line_index += 1
            end_line = line_index
            while end_line + 1 < len(line_starts) and line_starts[end_line + 1] < b:
                end_line += 1
            out.append(Sentence(a, b, line_index + 1, end_line + 1))
    return out
