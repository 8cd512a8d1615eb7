"""Locating quotes: normalisation, offsets that slice back to the original passage, near misses."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ketquiz.core.citations import (
    locate_quote,
    nearest_passage,
    normalize,
    normalize_quote,
    sentence_around,
    word_count,
)
from ketquiz.core.model import Span

from .conftest import SOURCE_TEXT


@pytest.mark.parametrize(
    ("text", "quote", "passage"),
    [
        # straight quotes and a hyphen in the quote; curly quotes, em dash, no-break space, double space in the source
        (
            SOURCE_TEXT,
            'relief "within hours" - sometimes within a day',
            "relief \u201cwithin hours\u201d \u2014 sometimes\u00a0within  a day",
        ),
        # a quote broken over lines, as YAML folding or an editor leaves it
        (
            SOURCE_TEXT,
            "Ketamine works by\n   blocking the NMDA receptor",
            "Ketamine works by blocking the NMDA receptor",
        ),
        # curly apostrophes and an en dash in the quote match straight ones and a hyphen in the source
        ("It's a one-off thing, they said.", "It\u2019s a one\u2013off thing", "It's a one-off thing"),
        # a line break in the source between two words
        ("first line ends\nand the next begins", "line ends and the next", "line ends\nand the next"),
    ],
)
def test_quote_located_and_offsets_slice_back(text: str, quote: str, passage: str) -> None:
    spans = locate_quote(text, quote)
    assert [text[s.start : s.end] for s in spans] == [passage]


def test_nfkc_and_combining_marks() -> None:
    text = "The caf\u0065\u0301 uses the \ufb01ne ligature for \u2460 thing."
    spans = locate_quote(text, "The caf\u00e9 uses the fine ligature")
    assert [text[s.start : s.end] for s in spans] == ["The caf\u0065\u0301 uses the \ufb01ne ligature"]


def test_every_occurrence_is_found() -> None:
    text = "one two three four. one two three four."
    assert locate_quote(text, "one two three four") == [Span(0, 18), Span(20, 38)]


def test_not_found_and_empty() -> None:
    assert locate_quote(SOURCE_TEXT, "ketamine is a vitamin found in carrots") == []
    assert locate_quote(SOURCE_TEXT, "   ") == []


def test_normalize_maps_back() -> None:
    n = normalize("a\u00a0\u00a0b\u2014c")
    assert n.text == "a b-c"
    assert len(n.starts) == len(n.text) == len(n.ends)


def test_nearest_passage_names_the_typo() -> None:
    span, score = nearest_passage(SOURCE_TEXT, "Side effects can include nausea, dizzines and dissociation")
    assert 85 < score < 100
    assert SOURCE_TEXT[span.start : span.end].startswith("Side effects can include nausea, dizziness")


def test_word_count_and_sentence_context() -> None:
    assert word_count("  within  hours ") == 2
    span = locate_quote(SOURCE_TEXT, "changes glutamate signalling")[0]
    ctx = sentence_around(SOURCE_TEXT, span, extra=0)
    assert SOURCE_TEXT[ctx.start : ctx.end] == (
        "Ketamine works by blocking the NMDA receptor, which changes glutamate signalling."
    )


def test_composition_across_base_characters_is_found() -> None:
    # Hangul conjoining jamo compose under NFKC although neither is a combining mark: the source is normalised
    # the same way as the quote, so the syllable written either way is found, with offsets over the jamo.
    text = "before \u1100\u1161 after and more words"
    spans = locate_quote(text, "before \uac00 after")
    assert [text[s.start : s.end] for s in spans] == ["before \u1100\u1161 after"]


_TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(
            list(" \t\n\u00a0\u2003abcXYZ-'\"\u2019\u201c\u2014\u0301\u0308\ufb01\u2460\u1100\u1161\u11a8")
        ),
        st.characters(codec="utf-8"),
    ),
    max_size=40,
)


@given(_TEXT)
def test_offset_map_agrees_with_the_fast_quote_form(text: str) -> None:
    n = normalize(text)
    assert n.text == normalize_quote(text)
    assert len(n.starts) == len(n.text) == len(n.ends)
    assert all(0 <= a <= b <= len(text) for a, b in zip(n.starts, n.ends, strict=True))


@given(_TEXT, st.integers(0, 40), st.integers(1, 40))
def test_a_slice_of_a_source_is_found_where_it_was_taken(text: str, at: int, length: int) -> None:
    # Cut at whitespace so the slice is whole words; whatever is quoted from the source is found in it.
    words = text.split()
    quote = " ".join(words[at % (len(words) or 1) :][:length])
    if normalize_quote(quote):
        spans = locate_quote(text, quote)
        assert spans
        assert all(normalize_quote(text[s.start : s.end]) == normalize_quote(quote) for s in spans)
