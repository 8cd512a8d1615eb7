from __future__ import annotations

import pytest

from ketquiz.core.model import Span
from ketquiz.core.sentences import split_sentences


def texts(text: str, ignore: tuple[Span, ...] = ()) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text, ignore)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One two. Three four! Five six?", ["One two.", "Three four!", "Five six?"]),
        ("A heading\nA paragraph here. And more.", ["A heading", "A paragraph here.", "And more."]),
        ("Dr. Smith said so. It works.", ["Dr. Smith said so.", "It works."]),
        ("It lasts 3.5 days. Then e.g. less.", ["It lasts 3.5 days.", "Then e.g. less."]),
        ('He said "stop." Then left.', ['He said "stop."', "Then left."]),
        ("ends. lower case goes on.", ["ends. lower case goes on."]),
        (
            "The U.S. Food and Drug Administration approved it. J. Smith agreed.",
            ["The U.S. Food and Drug Administration approved it.", "J. Smith agreed."],
        ),
        ("Take plan B. Then stop.", ["Take plan B. Then stop."]),  # a lone capital reads as an initial
        ("  \n---\n\nReal text.  \n", ["Real text."]),
        ("", []),
    ],
)
def test_split(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


def test_line_numbers_follow_the_text() -> None:
    text = "Title\n\nFirst sentence. Second one\ncontinues? No.\nLast"
    got = [(text[s.start : s.end], s.line, s.end_line) for s in split_sentences(text)]
    assert got == [
        ("Title", 1, 1),
        ("First sentence.", 3, 3),
        ("Second one", 3, 3),
        ("continues?", 4, 4),
        ("No.", 4, 4),
        ("Last", 5, 5),
    ]


def test_ignored_spans_are_cut_out() -> None:
    text = "Keep this. Advertisement Buy now. Keep that."
    ad = text.index("Advertisement")
    ignore = (Span(ad, text.index("Keep that")),)
    assert texts(text, ignore) == ["Keep this.", "Keep that."]


def test_ignored_span_inside_a_sentence_splits_it() -> None:
    text = "The effect lasts [ad] for days."
    ad = text.index("[ad]")
    assert texts(text, (Span(ad, ad + 4),)) == ["The effect lasts", "for days."]


def test_offsets_slice_back_with_unicode() -> None:
    text = "Ketamine\u2019s effect \u2014 quick.\u00a0It fades."
    got = split_sentences(text)
    assert [text[s.start : s.end] for s in got] == ["Ketamine\u2019s effect \u2014 quick.", "It fades."]
