"""Coverage figures checked against a tiny deck counted by hand."""

from __future__ import annotations

import json

from ketquiz.authoring.coverage import coverage_to_dict, deck_coverage, format_coverage
from ketquiz.core.model import Card, CardType, Citation, Deck, Disagreement, Position, Source, Span

# Line 1: title. Line 2: three sentences. Line 3: page furniture. Line 4: two sentences. Line 5: one.
TEXT = (
    "A Tiny Source\n"
    "Alpha is first. Beta comes second. Gamma is third.\n"
    "Share this article on social media\n"
    "Delta is fourth. Epsilon is fifth.\n"
    "Zeta closes the text.\n"
)


def span_of(text: str, passage: str) -> Span:
    start = text.index(passage)
    return Span(start, start + len(passage))


def cite(text: str, passage: str, source: str = "tiny") -> Citation:
    s = span_of(text, passage)
    return Citation(source, passage, s.start, s.end)


def make_deck(citations: list[Citation], positions: tuple[Position, ...] = (), ignore: bool = True) -> Deck:
    furniture = (span_of(TEXT, "Share this article on social media"),) if ignore else ()
    source = Source("tiny", "A Tiny Source", "sources/tiny.txt", TEXT, ignore=furniture)
    cards = tuple(
        Card(f"c{i}", "t", CardType.BASIC, "q?", "a", citations=(c,)) for i, c in enumerate(citations)
    )
    disagreements = (Disagreement("d", "t", "s", positions),) if positions else ()
    return Deck("tiny-deck", "Tiny", "tiny.yaml", sources=(source,), cards=cards, disagreements=disagreements)


def test_hand_counted_figures() -> None:
    # Cited: "Beta comes second." (one sentence) and a passage straddling Delta/Epsilon (two sentences).
    deck = make_deck([cite(TEXT, "comes second"), cite(TEXT, "fourth. Epsilon")])
    cov = deck_coverage(deck).sources[0]
    # Counted sentences: title, alpha, beta, gamma, delta, epsilon, zeta = 7 (the furniture line is ignored).
    assert cov.sentence_count == 7
    assert cov.covered_count == 3
    assert abs(cov.share - 3 / 7) < 1e-9
    # Uncovered runs, each within one line: [title] (1), [alpha] (2), [gamma] (2), [zeta] (5).
    runs = [(p.line, p.end_line, p.sentences, cov.passage_text(p)) for p in cov.uncovered]
    assert runs == [
        (1, 1, 1, "A Tiny Source"),
        (2, 2, 1, "Alpha is first."),
        (2, 2, 1, "Gamma is third."),
        (5, 5, 1, "Zeta closes the text."),
    ]
    # The two longest (21 and 15 characters; alpha and gamma tie at 15, the earlier wins), in source order.
    assert [p.line for p in cov.longest(2)] == [2, 5]
    assert [cov.passage_text(p) for p in cov.longest(2)] == ["Alpha is first.", "Zeta closes the text."]


def test_ignored_passage_splits_uncovered_runs_and_does_not_count() -> None:
    deck = make_deck([cite(TEXT, "Alpha is first.")])
    cov = deck_coverage(deck).sources[0]
    texts = [cov.passage_text(p) for p in cov.uncovered]
    assert "Share this" not in "".join(texts)
    assert texts == [
        "A Tiny Source",
        "Beta comes second. Gamma is third.",
        "Delta is fourth. Epsilon is fifth.",
        "Zeta closes the text.",
    ]
    unignored = deck_coverage(make_deck([cite(TEXT, "Alpha is first.")], ignore=False)).sources[0]
    assert unignored.sentence_count == cov.sentence_count + 1


def test_disagreement_positions_count_as_citations() -> None:
    z = span_of(TEXT, "Zeta closes the text")
    pos = (Position("tiny", "says zeta", "Zeta closes the text", z.start, z.end),)
    cov = deck_coverage(make_deck([], positions=pos)).sources[0]
    assert cov.covered_count == 1
    assert cov.covered[-1] is True


def test_unlocated_citations_are_skipped() -> None:
    deck = make_deck([Citation("tiny", "not in the text at all", -1, -1)])
    assert deck_coverage(deck).covered_count == 0


def test_full_coverage_and_reports() -> None:
    deck = make_deck([cite(TEXT, TEXT.rstrip())], ignore=True)
    cov = deck_coverage(deck)
    assert cov.share == 1.0
    assert cov.sources[0].uncovered == ()
    assert "every sentence is cited" in format_coverage(cov)
    data = json.loads(json.dumps(coverage_to_dict(cov)))
    assert data["sources"][0]["share"] == 1.0
    assert data["sources"][0]["longest_uncovered"] == []


def test_json_and_text_name_the_passages() -> None:
    deck = make_deck([cite(TEXT, "comes second")])
    cov = deck_coverage(deck)
    data = coverage_to_dict(cov, top=1)
    longest = data["sources"][0]["longest_uncovered"]
    assert len(longest) == 1
    entry = longest[0]
    assert TEXT[entry["start"] : entry["end"]] == entry["text"]
    assert entry["line"] == 4 and entry["text"] == "Delta is fourth. Epsilon is fifth."
    report = format_coverage(cov, top=1)
    assert "1/7 sentences" in report and "line 4 (2 sentences, 34 chars)" in report


def test_ignored_passage_inside_a_line_splits_the_passage() -> None:
    text = "Alpha is first. ADVERTISEMENT: buy now. Beta comes second.\n"
    ad = span_of(text, "ADVERTISEMENT: buy now.")
    source = Source("s", "S", "s.txt", text, ignore=(ad,))
    deck = Deck("d", "D", "d.yaml", sources=(source,))
    cov = deck_coverage(deck).sources[0]
    assert cov.sentence_count == 2
    assert [cov.passage_text(p) for p in cov.uncovered] == ["Alpha is first.", "Beta comes second."]


def test_top_zero_lists_nothing_but_never_claims_full_coverage() -> None:
    cov = deck_coverage(make_deck([cite(TEXT, "comes second")]))
    report = format_coverage(cov, top=0)
    assert "every sentence is cited" not in report
    assert "1/7 sentences" in report and "uncited passages (not listed)" in report
    assert coverage_to_dict(cov, top=0)["sources"][0]["longest_uncovered"] == []
