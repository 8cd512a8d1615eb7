from __future__ import annotations

import yaml

from ketquiz.authoring.quote_lookup import citation_snippet, find_passages, marked_passage, quote_text
from ketquiz.core.citations import locate_quote

SOURCE = (
    "Title Line\n"
    "Patients\u2019 \u201crapid relief\u201d came within hours \u2014 sometimes minutes.\u00a0It faded\n"
    "after a week. Another sentence here.\n"
)


def test_exact_match_across_curly_quotes_dashes_and_no_break_spaces() -> None:
    found = find_passages(SOURCE, 'patients\' "rapid relief" came within hours - sometimes')
    # Normalisation does not fold case, so the lower-case "patients" should not match...
    assert not found.exact
    found = find_passages(SOURCE, 'Patients\' "rapid relief" came within hours - sometimes')
    assert found.exact and found.total_exact == 1
    m = found.matches[0]
    assert SOURCE[m.span.start : m.span.end].startswith("Patients\u2019 \u201crapid")
    assert (m.line, m.column) == (2, 1)
    assert quote_text(SOURCE, m.sentence) == (
        "Patients\u2019 \u201crapid relief\u201d came within hours \u2014 sometimes minutes."
    )


def test_match_spanning_a_no_break_space_and_a_line_break() -> None:
    found = find_passages(SOURCE, "minutes. It faded after a week.")
    assert found.exact
    m = found.matches[0]
    assert quote_text(SOURCE, m.sentence).endswith("It faded after a week.")
    assert "[minutes. It faded after a week.]" in marked_passage(SOURCE, m)


def test_every_exact_match_is_reported() -> None:
    text = "One cat sat here. Two cats sat there. A dog sat too."
    found = find_passages(text, "sat")
    assert found.total_exact == 3
    assert [text[m.sentence.start : m.sentence.end] for m in found.matches] == [
        "One cat sat here.",
        "Two cats sat there.",
        "A dog sat too.",
    ]


def test_fuzzy_match_offers_the_closest_passage() -> None:
    found = find_passages(SOURCE, "Another sentance here")
    assert not found.exact
    assert len(found.matches) == 1
    m = found.matches[0]
    assert 85 <= m.similarity < 100
    assert quote_text(SOURCE, m.sentence) == "Another sentence here."


def test_nothing_close_gives_no_match() -> None:
    assert find_passages(SOURCE, "zzzz qqqq xxxx wwww").matches == ()


def test_short_sentence_is_widened_to_a_citable_quote() -> None:
    found = find_passages(SOURCE, "Title Line")
    m = found.matches[0]
    assert quote_text(SOURCE, m.sentence).startswith("Title Line Patients\u2019")


def test_snippet_is_valid_yaml_that_locates_back() -> None:
    m = find_passages(SOURCE, "rapid relief").matches[0]
    quote = quote_text(SOURCE, m.sentence)
    snippet = citation_snippet("src-one", quote)
    parsed = yaml.safe_load("citations:\n" + snippet)
    assert parsed == {"citations": [{"source": "src-one", "quote": quote}]}
    assert locate_quote(SOURCE, parsed["citations"][0]["quote"]) == [m.sentence]


def test_unrelated_words_offer_nothing() -> None:
    # Words that are not in the source still share runs of letters with some passage (partial_ratio ~50-70).
    for words in ("rapid relief in a fortnight", "Patients reported nothing", "week after week"):
        assert find_passages(SOURCE, words).matches == (), words
