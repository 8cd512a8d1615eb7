"""Loading a deck file and its sources into the core model, with every problem found reported at its place."""

from __future__ import annotations

import difflib
import hashlib
import os
import re
from pathlib import Path

from ketquiz.core.diagnostics import Diagnostic
from ketquiz.core.model import (
    DISAGREEMENT_KINDS,
    TITLE_FROM,
    Deck,
    Disagreement,
    Position,
    Source,
    Topic,
)
from ketquiz.core.validate import validate_deck
from ketquiz.decks import fields as F
from ketquiz.decks.cards import read_card, read_lint
from ketquiz.decks.deckfiles import DECK_SUFFIXES, DeckLoad, collector_paused, find_deck_files
from ketquiz.decks.reader import NodeReader
from ketquiz.decks.yamlnodes import MAX_FILE_BYTES, Node, Scalar, YamlError, compose
from ketquiz.safefile import NotARegularFile, read_regular

#: Source documents larger than this are refused.
MAX_SOURCE_BYTES = 16 * 1024 * 1024

__all__ = [
    "DECK_SUFFIXES",
    "MAX_SOURCE_BYTES",
    "DeckLoad",
    "collector_paused",
    "find_deck_files",
    "load_deck",
    "load_decks",
]


def load_decks(paths: list[Path]) -> list[DeckLoad]:
    """Load every deck named or found under the directories named. Missing paths give a failed DeckLoad."""
    files, problems = find_deck_files(paths)
    out = [load_deck(f) for f in files]
    for d in problems:
        out.append(DeckLoad(Path(d.file), None, [d]))
    return out


def load_deck(path: Path) -> DeckLoad:
    """Read, parse and check one deck file; never raises for a bad deck, only reports."""
    with collector_paused():
        return _load_deck(path)


def _load_deck(path: Path) -> DeckLoad:
    name = str(path)
    result = DeckLoad(path, None)
    diags = result.diagnostics
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            diags.append(
                Diagnostic(
                    name,
                    0,
                    0,
                    "error",
                    "too-large",
                    f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}",
                )
            )
            return result
        raw = read_regular(path, MAX_FILE_BYTES)  # never a device or a FIFO: /dev/zero would never end
    except NotARegularFile as exc:
        diags.append(Diagnostic(name, 0, 0, "error", "unreadable", f"cannot read the file: {exc}"))
        return result
    except OSError as exc:
        diags.append(
            Diagnostic(name, 0, 0, "error", "unreadable", f"cannot read the file: {exc.strerror or exc}")
        )
        return result
    text = _decode(raw, name, diags)
    if text is None:
        return result
    try:
        root = compose(text)
    except YamlError as exc:
        diags.append(Diagnostic(name, exc.line, exc.column, "error", exc.code, exc.message))
        return result
    reader = NodeReader(name)
    deck = _build_deck(root, path, reader, hashlib.sha256(raw).hexdigest())
    diags.extend(reader.diagnostics)
    if deck is not None:
        deck, found = validate_deck(deck)
        diags.extend(found)
        result.deck = deck
    diags.sort(key=lambda d: (d.file, d.line, d.column))
    return result


def _decode(raw: bytes, name: str, diags: list[Diagnostic]) -> str | None:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        diags.append(
            Diagnostic(name, line, col, "error", "not-utf8", f"the file is not UTF-8 text (byte {exc.start})")
        )
        return None
    return text.removeprefix("\ufeff")


def _build_deck(root: Node, path: Path, r: NodeReader, sha: str) -> Deck | None:
    got = r.fields(root, F.DECK, "the deck")
    if got is None:
        return None

    def opt_text(key: str, what: str) -> str:
        return (r.text(got[key][1], what) or "") if key in got else ""

    sources = tuple(s for node in _list(r, got, "sources") if (s := _source(node, path, r)) is not None)
    topics = tuple(t for node in _list(r, got, "topics") if (t := _topic(node, r)) is not None)
    cards = tuple(c for node in _list(r, got, "cards") if (c := read_card(node, r)) is not None)
    disagreements = tuple(
        d for node in _list(r, got, "disagreements") if (d := _disagreement(node, r)) is not None
    )
    lint_ignore, lint_reason = read_lint(got["lint"][1], r, "the deck") if "lint" in got else ((), "")
    return Deck(
        id=(r.slug(got["id"][1], "deck id") or "") if "id" in got else "",
        title=opt_text("title", "title"),
        path=str(path),
        description=opt_text("description", "description"),
        notice=opt_text("notice", "notice"),
        sources=sources,
        topics=topics,
        cards=cards,
        disagreements=disagreements,
        sha256=sha,
        lint_ignore=lint_ignore,
        lint_reason=lint_reason,
        lint_loc=r.loc(got["lint"][1]) if "lint" in got else None,
    )


def _list(r: NodeReader, got: dict[str, tuple[Scalar, Node]], key: str) -> list[Node]:
    return r.items(got[key][1], f"'{key}'") if key in got else []


def _source(node: Node, deck_path: Path, r: NodeReader) -> Source | None:
    got = r.fields(node, F.SOURCE, "a source")
    if got is None or "id" not in got:
        return None
    sid = r.slug(got["id"][1], "source id") or ""
    title = r.text(got["title"][1], "source title") or sid if "title" in got else sid
    file_rel = r.text(got["file"][1], "source file") if "file" in got else None
    ignore = tuple(t for t, _ in r.text_list(got["ignore"][1], "ignore")) if "ignore" in got else ()
    text, sha = "", ""
    if file_rel is not None:
        loaded = _read_source(deck_path, file_rel, got["file"][1], r)
        if loaded is not None:
            text, sha = loaded
    title_from = _choice(got, "title_from", r, f"title_from of source '{sid}'", TITLE_FROM) or "document"

    def opt(key: str) -> str:
        return (r.text(got[key][1], f"{key} of source '{sid}'") or "") if key in got else ""

    original_sha = opt("sha256").lower()
    if original_sha and not re.fullmatch(r"[0-9a-f]{64}", original_sha):
        r.report(got["sha256"][1], "bad-value", f"sha256 of source '{sid}' must be 64 hexadecimal digits")
    starts = tuple(i + 1 for i, ch in enumerate(text) if ch == "\f") if "\f" in text else ()
    return Source(
        sid,
        title,
        file_rel or "",
        text,
        sha,
        ignore_quotes=ignore,
        title_from=title_from,
        original=opt("original"),
        original_sha256=original_sha,
        url=opt("url"),
        retrieved=opt("retrieved"),
        author=opt("author"),
        published=opt("published"),
        page_starts=starts,
        loc=r.loc(got["id"][1]),
    )


def _choice(
    got: dict[str, tuple[Scalar, Node]], key: str, r: NodeReader, what: str, allowed: tuple[str, ...]
) -> str | None:
    """One of ``allowed`` (an unknown value is reported with the allowed ones), or None when not given."""
    if key not in got:
        return None
    value = r.text(got[key][1], what)
    if value is None or value in allowed:
        return value
    hint = difflib.get_close_matches(value, allowed, n=1)
    r.report(
        got[key][1],
        "bad-value",
        f"{what} is '{value}'; it must be one of: {', '.join(allowed)}"
        + (f" (did you mean '{hint[0]}'?)" if hint else ""),
    )
    return None


def _read_source(deck_path: Path, rel: str, node: Node, r: NodeReader) -> tuple[str, str] | None:
    """The source's text and the sha256 of its bytes, if it is a UTF-8 file inside the deck's folder."""
    if os.path.isabs(rel) or rel.startswith(("/", "\\")) or (len(rel) > 1 and rel[1] == ":"):
        r.report(node, "source-outside", f"source file '{rel}' must be a path relative to the deck file")
        return None
    base = deck_path.parent.resolve()
    target = deck_path.parent / rel
    try:
        resolved = target.resolve()
    except (OSError, RuntimeError) as exc:
        r.report(node, "source-missing", f"cannot resolve source file '{rel}': {exc}")
        return None
    if not resolved.is_relative_to(base):
        how = "a symbolic link out of" if ".." not in Path(rel).parts else "outside"
        r.report(
            node,
            "source-outside",
            f"source file '{rel}' is {how} the deck's folder; keep sources beside the deck",
        )
        return None
    if not resolved.is_file():
        r.report(
            node, "source-missing", f"source file '{rel}' not found (looked in {deck_path.parent / rel})"
        )
        return None
    try:
        size = resolved.stat().st_size
        if size > MAX_SOURCE_BYTES:
            r.report(
                node, "too-large", f"source file '{rel}' is {size:,} bytes; the limit is {MAX_SOURCE_BYTES:,}"
            )
            return None
        raw = read_regular(resolved, MAX_SOURCE_BYTES)
    except OSError as exc:
        r.report(node, "source-missing", f"cannot read source file '{rel}': {exc.strerror or exc}")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        r.report(node, "source-not-utf8", f"source file '{rel}' is not UTF-8 text (byte {exc.start})")
        return None
    if not text.strip():
        # Read, but nothing to cite: every quote into it is reported as not found (core.validate).
        what = "is empty (0 bytes)" if not raw else "holds only blank space"
        r.report(
            node, "source-empty", f"source file '{rel}' {what}; a source must hold the text the cards cite"
        )
    return text, hashlib.sha256(raw).hexdigest()


def _topic(node: Node, r: NodeReader) -> Topic | None:
    got = r.fields(node, F.TOPIC, "a topic")
    if got is None or "id" not in got:
        return None
    tid = r.slug(got["id"][1], "topic id") or ""
    title = (r.text(got["title"][1], "topic title") or tid) if "title" in got else tid
    return Topic(tid, title, r.loc(got["id"][1]))


def _disagreement(node: Node, r: NodeReader) -> Disagreement | None:
    got = r.fields(node, F.DISAGREEMENT, "a disagreement")
    if got is None or "id" not in got:
        return None
    did = r.slug(got["id"][1], "disagreement id") or ""
    positions: list[Position] = []
    for item in r.items(got["positions"][1], "'positions'") if "positions" in got else []:
        pg = r.fields(item, F.POSITION, "a position")
        if pg is None or not {"source", "says", "quote"} <= pg.keys():
            continue
        source, says = r.slug(pg["source"][1], "position source"), r.text(pg["says"][1], "'says'")
        quote = r.text(pg["quote"][1], "quote")
        if source is not None and says is not None and quote is not None:
            positions.append(Position(source, says, quote, loc=r.loc(pg["quote"][1])))
    selfc = (
        (r.boolean(got["self_contradiction"][1], "self_contradiction") or False)
        if "self_contradiction" in got
        else False
    )
    kind = (
        _choice(got, "kind", r, f"kind of disagreement '{did}'", tuple(DISAGREEMENT_KINDS)) or "contradiction"
    )
    return Disagreement(
        id=did,
        topic=(r.text(got["topic"][1], "topic") or "") if "topic" in got else "",
        summary=(r.text(got["summary"][1], "summary") or "") if "summary" in got else "",
        positions=tuple(positions),
        self_contradiction=selfc,
        kind=kind,
        loc=r.loc(got["id"][1]),
    )
