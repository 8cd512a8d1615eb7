"""The sanitiser's handling of a PDF's page break (a form feed in an extracted source)."""

from __future__ import annotations

from ketquiz.core.safetext import REPLACEMENT, clean

SOURCE = "Green tea keeps about six months when sealed.\f\nAfter that it slowly loses its aroma in the tin.\n"


def test_clean_turns_a_form_feed_into_a_newline_one_for_one() -> None:
    assert clean("one\ftwo\x07") == f"one\ntwo{REPLACEMENT}"
    shown = clean(SOURCE)
    assert len(shown) == len(SOURCE)  # offsets into the source still point at the same passage
    assert REPLACEMENT not in shown and shown.index("After") == SOURCE.index("After")
