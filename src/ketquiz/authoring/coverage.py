"""What a deck leaves out of its sources.

Each source is split into sentences (:mod:`ketquiz.core.sentences`). A sentence is *covered* when any card
citation or disagreement position on that source overlaps it. Passages the author marks as ``ignore`` (page
furniture) are cut out before splitting, so they count neither way. The share is by sentence: covered sentences
over all counted sentences; the share by characters is given beside it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ketquiz.core.model import Deck, Source, Span
from ketquiz.core.sentences import Sentence, split_sentences

#: How many of the longest uncovered passages a report lists per source by default.
DEFAULT_TOP = 5


@dataclass(frozen=True, slots=True)
class UncitedPassage:
    """A run of consecutive uncovered sentences within one paragraph: ``text[start:end]``, on lines ``line`` to
    ``end_line`` (one line unless the paragraph itself is wrapped)."""

    start: int
    end: int
    line: int
    end_line: int
    sentences: int

    @property
    def chars(self) -> int:
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class SourceCoverage:
    """Coverage of one source: its sentences, which are covered, and the uncovered runs in source order."""

    source_id: str
    title: str
    file: str
    text: str
    sentences: tuple[Sentence, ...]
    covered: tuple[bool, ...]  # one flag per sentence
    cited: tuple[Span, ...]  # every cited span on this source, sorted
    ignored: tuple[Span, ...]
    uncovered: tuple[UncitedPassage, ...]

    @property
    def sentence_count(self) -> int:
        return len(self.sentences)

    @property
    def covered_count(self) -> int:
        return sum(self.covered)

    @property
    def share(self) -> float:
        """Covered sentences over counted sentences, 0..1; 0 for a source with nothing to count (an empty source
        is not "fully cited")."""
        return self.covered_count / self.sentence_count if self.sentences else 0.0

    @property
    def total_chars(self) -> int:
        return sum(s.end - s.start for s in self.sentences)

    @property
    def covered_chars(self) -> int:
        return sum(s.end - s.start for s, c in zip(self.sentences, self.covered, strict=True) if c)

    @property
    def char_share(self) -> float:
        total = self.total_chars
        return self.covered_chars / total if total else 0.0

    def longest(self, top: int = DEFAULT_TOP) -> list[UncitedPassage]:
        """The ``top`` longest uncovered passages (by characters), listed in source order."""
        ranked = sorted(self.uncovered, key=lambda p: (-p.chars, p.start))[: max(top, 0)]
        return sorted(ranked, key=lambda p: p.start)

    def passage_text(self, passage: UncitedPassage | Span) -> str:
        return self.text[passage.start : passage.end]


@dataclass(frozen=True, slots=True)
class DeckCoverage:
    deck_id: str
    title: str
    sources: tuple[SourceCoverage, ...]

    @property
    def sentence_count(self) -> int:
        return sum(s.sentence_count for s in self.sources)

    @property
    def covered_count(self) -> int:
        return sum(s.covered_count for s in self.sources)

    @property
    def share(self) -> float:
        total = self.sentence_count
        return self.covered_count / total if total else 0.0


def _overlaps_any(span: Span, spans: Iterable[Span]) -> bool:
    return any(s.start < span.end and span.start < s.end for s in spans)


def _merge_uncovered(
    text: str, sentences: list[Sentence], covered: list[bool], ignored: list[Span]
) -> list[UncitedPassage]:
    """Join consecutive uncovered sentences of one paragraph (line) into passages; a covered sentence, a line
    break or an ignored span ends a passage, so each names a stretch an author can read and cite."""
    out: list[UncitedPassage] = []
    run: list[Sentence] = []

    def flush() -> None:
        if run:
            out.append(UncitedPassage(run[0].start, run[-1].end, run[0].line, run[-1].end_line, len(run)))
            run.clear()

    for sentence, is_covered in zip(sentences, covered, strict=True):
        if is_covered:
            flush()
            continue
        gap = Span(run[-1].end, sentence.start) if run else None
        if gap and ("\n" in text[gap.start : gap.end] or _overlaps_any(gap, ignored)):
            flush()
        run.append(sentence)
    flush()
    return out


def source_coverage(source: Source, cited: Iterable[Span]) -> SourceCoverage:
    """Coverage of ``source`` given the spans cited on it (unlocated spans, start < 0, are skipped)."""
    spans = sorted({s for s in cited if 0 <= s.start < s.end}, key=lambda s: (s.start, s.end))
    ignored = sorted(source.ignore, key=lambda s: (s.start, s.end))
    sentences = split_sentences(source.text, ignored)
    covered = _covered_flags(sentences, spans)
    return SourceCoverage(
        source_id=source.id,
        title=source.title,
        file=source.file,
        text=source.text,
        sentences=tuple(sentences),
        covered=tuple(covered),
        cited=tuple(spans),
        ignored=tuple(ignored),
        uncovered=tuple(_merge_uncovered(source.text, sentences, covered, ignored)),
    )


def _covered_flags(sentences: list[Sentence], spans: list[Span]) -> list[bool]:
    """One sweep over both sorted lists: a sentence is covered when some span starting before its end ends
    after its start, i.e. when the furthest end among spans started so far passes its start."""
    flags: list[bool] = []
    j = 0
    furthest_end = -1
    for sentence in sentences:
        while j < len(spans) and spans[j].start < sentence.end:
            furthest_end = max(furthest_end, spans[j].end)
            j += 1
        flags.append(furthest_end > sentence.start)
    return flags


def cited_spans(deck: Deck) -> dict[str, list[Span]]:
    """Source id -> every located span a card citation or a disagreement position points at."""
    out: dict[str, list[Span]] = {s.id: [] for s in deck.sources}
    for card in deck.cards:
        for c in card.citations:
            if c.located and c.source in out:
                out[c.source].append(Span(c.start, c.end))
    for d in deck.disagreements:
        for p in d.positions:
            if p.start >= 0 and p.source in out:
                out[p.source].append(Span(p.start, p.end))
    return out


def deck_coverage(deck: Deck) -> DeckCoverage:
    spans = cited_spans(deck)
    return DeckCoverage(deck.id, deck.title, tuple(source_coverage(s, spans[s.id]) for s in deck.sources))


def coverage_to_dict(cov: DeckCoverage, top: int = DEFAULT_TOP) -> dict[str, Any]:
    """The ``--json`` form: per source the figures and the longest uncovered passages with their text."""
    return {
        "deck": {"id": cov.deck_id, "title": cov.title},
        "sentences": cov.sentence_count,
        "covered": cov.covered_count,
        "share": round(cov.share, 4),
        "sources": [
            {
                "id": s.source_id,
                "title": s.title,
                "file": s.file,
                "sentences": s.sentence_count,
                "covered": s.covered_count,
                "share": round(s.share, 4),
                "chars": s.total_chars,
                "covered_chars": s.covered_chars,
                "char_share": round(s.char_share, 4),
                "uncovered_passages": len(s.uncovered),
                "longest_uncovered": [
                    {
                        "line": p.line,
                        "end_line": p.end_line,
                        "start": p.start,
                        "end": p.end,
                        "sentences": p.sentences,
                        "chars": p.chars,
                        "text": s.passage_text(p),
                    }
                    for p in s.longest(top)
                ],
            }
            for s in cov.sources
        ],
    }


def _preview(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "\u2026"


def format_coverage(cov: DeckCoverage, top: int = DEFAULT_TOP, width: int = 100) -> str:
    """The plain-text report ``ketquiz coverage`` prints."""
    lines = [
        f"{cov.title} ({cov.deck_id}): {cov.covered_count}/{cov.sentence_count} sentences cited "
        f"({cov.share:.0%})"
    ]
    for s in cov.sources:
        lines.append("")
        lines.append(
            f"{s.source_id}  {s.file}: {s.covered_count}/{s.sentence_count} sentences ({s.share:.0%}), "
            f"{s.char_share:.0%} of the text"
        )
        if not s.sentences:
            lines.append(
                "  nothing to cite: "
                + ("the source is empty" if not s.text.strip() else "every passage is ignored")
            )
            continue
        if not s.uncovered:
            lines.append("  every sentence is cited")
            continue
        longest = s.longest(top)
        if not longest:  # --top 0: the figures only
            n = len(s.uncovered)
            lines.append(f"  {n} uncited passage{'s' if n != 1 else ''} (not listed)")
            continue
        lines.append(f"  longest uncited passages ({len(longest)} of {len(s.uncovered)}), in source order:")
        for p in longest:
            where = f"line {p.line}" if p.line == p.end_line else f"lines {p.line}-{p.end_line}"
            lines.append(
                f"  {where} ({p.sentences} sentence{'s' if p.sentences != 1 else ''}, {p.chars} chars)"
            )
            lines.append(f"    {_preview(s.passage_text(p), width)}")
    return "\n".join(lines)
