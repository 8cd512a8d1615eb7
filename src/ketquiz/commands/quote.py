"""`ketquiz quote DECK SOURCE_ID "a few words"`: find a passage and print a citation ready to paste."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from ketquiz.commands.common import error, load_deck_for_authoring, say

if TYPE_CHECKING:
    from ketquiz.authoring.quote_lookup import QuoteMatch
    from ketquiz.core.model import Source

#: Words echoed back in a message are cut to this many characters.
_ECHO_CHARS = 80


def register(sub: argparse._SubParsersAction) -> None:
    from ketquiz.authoring.quote_lookup import MIN_SIMILARITY

    p = sub.add_parser(
        "quote",
        help="find words in a deck's source and print a citation to paste",
        description="Find WORDS in a source of DECK, with the same normalisation as citations (curly quotes, "
        "dashes and no-break spaces match their plain forms). Prints every passage found, in its sentence, "
        "and a citation snippet for the deck file. When the words are not in the source, says so and exits "
        f"with status 1, showing the nearest passage only if it is at least {MIN_SIMILARITY:.0f}%% similar.",
    )
    p.add_argument("deck", type=Path, metavar="DECK", help="the deck file")
    p.add_argument("source", metavar="SOURCE_ID", help="id of one of the deck's sources")
    p.add_argument("words", nargs="+", metavar="WORDS", help="a few words of the passage")
    p.set_defaults(func=run)


def _echo(words: str) -> str:
    flat = " ".join(words.split())
    return repr(flat if len(flat) <= _ECHO_CHARS else flat[: _ECHO_CHARS - 1] + "\u2026")


def run(args: argparse.Namespace) -> int:
    from ketquiz.authoring.quote_lookup import MAX_MATCHES, MIN_SIMILARITY, find_passages

    deck = load_deck_for_authoring(args.deck)
    if deck is None:
        return 1
    source = deck.get_source(args.source)
    if source is None:
        known = ", ".join(s.id for s in deck.sources) or "none"
        return error(f"{args.deck}: no source with id {args.source!r} (sources: {known})")
    if not source.text.strip():
        return error(f"{args.deck}: source {source.id!r} has no text (is {source.file!r} missing or empty?)")
    words = " ".join(args.words)
    if not words.strip():
        return error("give a few words of the passage to look for")
    found = find_passages(source.text, words)
    where = Path(args.deck).parent / source.file
    if not found.exact:
        if not found.matches:
            return error(
                f"not found: {_echo(words)} is not in {where}, and no passage is {MIN_SIMILARITY:.0f}% similar"
            )
        m = found.matches[0]
        say(f"not found: {_echo(words)} is not in {where}; nearest ({m.similarity:.0f}% similar):")
        _say_match(where, source, m, "citation, if this is the passage you meant:")
        return 1
    if found.total_exact > 1:
        shown = min(found.total_exact, MAX_MATCHES)
        say(
            f"{found.total_exact} matches for {_echo(words)}"
            + (f" (first {shown} shown)" if shown < found.total_exact else "")
        )
    for m in found.matches:
        _say_match(where, source, m, "citation:")
    return 0


def _say_match(where: Path, source: Source, m: QuoteMatch, label: str) -> None:
    """A passage found: where (FILE:LINE:COL), the sentence with the words marked, and its citation snippet."""
    from ketquiz.authoring.quote_lookup import citation_snippet, marked_passage, quote_text

    say()
    say(f"{where}:{m.line}:{m.column}")
    say(f"  {marked_passage(source.text, m)}")
    say(f"  {label}")
    say(citation_snippet(source.id, quote_text(source.text, m.sentence)))
