"""Compiled decks: a deck that passed its check, kept as JSON in the user cache directory and read back instead of
its YAML while neither the deck file nor any of its sources has changed.

YAML is the right format for authors and the wrong one to read on every start: a 100,000-card deck takes seconds
to parse and check, and its compiled form a fraction of a second to decode (msgspec decodes straight into the
core model's dataclasses, validating every type on the way, and runs no code from the file).

An entry is one file, ``<sha256 of the deck's resolved path>.json``: a header line (format, a stamp of the code
that wrote it, the deck's path, and for the deck file and every source its size, mtime_ns, inode and sha256),
then the deck without its cards, then its cards, 2,000 a line (so reading one holds a line of JSON at a time
beside the deck being built, never the whole file: a 100,000-card deck is a 110 MB entry). The study app lists a
deck from its header and first line alone and reads the cards later (``defer_cards``): the header says how many
cards each topic has. An entry is served only when every file still matches its stamp: same size, and either the same
mtime_ns and inode (the fast path) or, failing that, the same sha256. A file modified within
:data:`RACY_NS` of the build is never trusted on its timestamp (a second edit inside the same clock tick would
leave it unchanged); it is hashed on every read until it is old enough, when the entry is re-stamped.

Anything wrong with an entry (unreadable, not JSON, the wrong shape, another deck's) means it is ignored with a
note and rebuilt; an entry from another version of ketquiz is rebuilt silently. Entries are written to a
temporary file and renamed into place, so two processes building the same deck at once both finish, and a
reader sees a whole entry or none.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import time
from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path
from typing import Any, BinaryIO

import msgspec

from ketquiz import __version__
from ketquiz.core.diagnostics import Diagnostic, has_errors
from ketquiz.core.model import (
    Card,
    CardsUnreadable,
    Citation,
    Deck,
    DeferredCards,
    Disagreement,
    Position,
    Source,
    Topic,
)
from ketquiz.decks.deckfiles import collector_paused
from ketquiz.safefile import write_new

#: The layout of an entry; entries of another format are rebuilt.
CACHE_FORMAT = "ketquiz-deck-cache/3"
#: A file modified this recently when its deck was built is checked by content, not timestamp.
RACY_NS = 2_000_000_000
_SUFFIX = ".json"
#: Cards per line of an entry: decoding holds one line's JSON at a time.
_BATCH = 2000
#: A header is far below this (a stamp per source file); a longer first line is not a header.
_MAX_HEADER = 16 * 1024 * 1024
_CARDS = msgspec.json.Decoder(list[Card])


class CacheMode(StrEnum):
    """How a load uses the cache: read it when fresh, always rebuild it (``check``), or leave it alone."""

    USE = "use"
    REFRESH = "refresh"
    OFF = "off"


class FileStamp(msgspec.Struct, frozen=True):
    path: str  # resolved
    size: int
    mtime_ns: int  # -1: modified too close to the build to be trusted; compare by sha256
    ino: int
    sha256: str


class Header(msgspec.Struct, frozen=True):
    format: str
    code: str
    deck: str  # the deck file, resolved
    name: str  # the deck file as it was named when built (diagnostics and Deck.path carry it)
    files: list[FileStamp]
    diagnostics: list[Diagnostic]
    cards: int  # how many cards ...
    batches: int  # ... in how many lines after the deck's
    topic_cards: dict[str, int]  # cards per topic, so a deck can be listed without reading its cards
    body_bytes: int  # bytes after the header line: a truncated or lengthened entry is known before it is read


class _Stale(Exception):
    """The entry is sound but out of date (or from another version): rebuild without a note."""


class _Damaged(Exception):
    """The entry cannot be trusted: rebuild, with a note saying so."""


def cache_dir() -> Path:
    """Where compiled decks live: ``$KETQUIZ_CACHE_DIR``, else ``decks/`` in the user cache directory."""
    env = os.environ.get("KETQUIZ_CACHE_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_cache_dir("ketquiz", appauthor=False)) / "decks"


def cache_enabled() -> bool:
    """False when ``--no-cache`` was given (the CLI sets ``KETQUIZ_NO_CACHE``) or the variable is set."""
    return os.environ.get("KETQUIZ_NO_CACHE", "") in ("", "0")


def entry_path(deck_path: Path, directory: Path | None = None) -> Path:
    """The cache file of the deck at ``deck_path`` (its resolved path, hashed)."""
    key = hashlib.sha256(str(deck_path.resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:32]
    return (directory or cache_dir()) / f"{key}{_SUFFIX}"


_code_stamp: str | None = None


def code_stamp() -> str:
    """A stamp of the code that compiles decks (version, format, and every module of the model and loader):
    a deck compiled by other code, even an edited checkout of the same version, is rebuilt."""
    global _code_stamp
    if _code_stamp is None:
        here = Path(__file__).resolve().parent
        h = hashlib.sha256(f"{CACHE_FORMAT}\0{__version__}".encode())
        for folder in (here, here.parent / "core"):
            for entry in sorted(os.scandir(folder), key=lambda e: e.name):
                if entry.name.endswith(".py"):
                    st = entry.stat()
                    h.update(f"\0{folder.name}/{entry.name}\0{st.st_size}\0{st.st_mtime_ns}".encode())
        _code_stamp = h.hexdigest()[:32]
    return _code_stamp


# --- reading ------------------------------------------------------------------------------------------------


def read_entry(
    deck_path: Path, directory: Path | None = None, *, defer_cards: bool = False
) -> tuple[Deck, list[Diagnostic]] | None | str:
    """The compiled deck and its warnings when the entry is fresh; None when there is none or it is stale; a
    note (str) when the entry was damaged or foreign and has been set aside.

    ``defer_cards``: the deck's cards are :class:`DeferredCards`, read from this entry when first used (the file
    is held open until then: an entry replaced meanwhile is renamed over, so the cards read are this header's).
    If they turn out damaged then, the entry is discarded and :class:`CardsUnreadable` says so."""
    entry = entry_path(deck_path, directory)
    try:
        f = open(entry, "rb")  # noqa: SIM115 - closed below, after the lines are read one by one
    except FileNotFoundError:
        return None
    except OSError as exc:
        return (
            f"cannot read the compiled copy of {deck_path} ({exc.strerror or exc}); reading the YAML instead"
        )
    try:
        header, restamp = _read_header(f, deck_path)
        if defer_cards:
            deck = _read_shell(f, header, entry, deck_path)
        else:
            with f:
                deck = _read_deck(f, header)
    except _Stale:
        f.close()
        return None
    except (_Damaged, OSError) as exc:
        f.close()
        _discard(entry)
        return f"the compiled copy of {deck_path} was damaged ({exc}); rebuilt it from the YAML"
    name = str(deck_path)
    diagnostics = list(header.diagnostics)
    if name != header.name:  # named another way this time (a relative path from elsewhere): say it that way
        deck = _with_digest(dataclasses.replace(deck, path=name), deck.sync_digest)
        diagnostics = [dataclasses.replace(d, file=name) if d.file == header.name else d for d in diagnostics]
    if restamp:
        _restamp(entry, header)
    return deck, diagnostics


def _read_header(f: BinaryIO, deck_path: Path) -> tuple[Header, bool]:
    """The entry's header, if it is this format's, this code's and this deck's, and every file is unchanged;
    with whether any file was known only by hashing it (the entry is then re-stamped)."""
    line = f.readline(_MAX_HEADER)
    if not line.endswith(b"\n"):
        raise _Damaged("no header")
    try:
        header = msgspec.json.decode(line, type=Header)
    except msgspec.DecodeError as exc:
        # Another format may have another header: only a matching format line is held to this one's shape.
        if b'"format":"' + CACHE_FORMAT.encode() + b'"' in line:
            raise _Damaged(f"header: {exc}") from None
        try:
            msgspec.json.decode(line)
        except msgspec.DecodeError:
            raise _Damaged(f"header: {exc}") from None
        raise _Stale from None
    if header.format != CACHE_FORMAT or header.code != code_stamp():
        raise _Stale
    if header.deck != str(deck_path.resolve()):
        raise _Damaged(f"it belongs to another deck, {header.deck}")
    if not header.files or header.files[0].path != header.deck:
        raise _Damaged("it does not list the deck file first")
    restamp = False
    for stamp in header.files:
        fresh, by_content = _still_fresh(stamp)
        if not fresh:
            raise _Stale
        restamp = restamp or by_content
    return header, restamp


def _read_shell(f: BinaryIO, header: Header, entry: Path, deck_path: Path) -> Deck:
    """The deck line, with :class:`DeferredCards` reading the rest of ``f`` (then closing it) when first used."""
    if os.fstat(f.fileno()).st_size != f.tell() + header.body_bytes:
        raise _Damaged("its length is not the one its header gives")
    shell = _read_shell_line(f, header)
    if sum(header.topic_cards.values()) != header.cards:
        raise _Damaged("the deck does not match its header")

    def read() -> list[Card]:
        try:
            with f, collector_paused():
                return _read_cards(f, header)
        except (_Damaged, OSError) as exc:
            _discard(entry)
            raise CardsUnreadable(f"the compiled copy of {deck_path} was damaged ({exc})") from None

    cards = DeferredCards(header.cards, header.topic_cards, read)
    return _with_digest(dataclasses.replace(shell, cards=cards), shell.sync_digest)


def _read_shell_line(f: BinaryIO, header: Header) -> Deck:
    """The deck without its cards (the line after the header), if it is the deck file the header stamps."""
    try:
        shell = msgspec.json.decode(f.readline(), type=Deck)
    except msgspec.DecodeError as exc:
        raise _Damaged(f"deck: {exc}") from None
    if shell.sha256 != header.files[0].sha256:
        raise _Damaged("the deck does not match its header")
    return shell


def _read_cards(f: BinaryIO, header: Header) -> list[Card]:
    """The card lines, from where ``f`` stands to its end."""
    cards: list[Card] = []
    try:
        for _ in range(header.batches):
            cards.extend(_CARDS.decode(f.readline()))
    except msgspec.DecodeError as exc:
        raise _Damaged(f"cards: {exc}") from None
    if f.read(1):
        raise _Damaged("more lines than its header says")
    if len(cards) != header.cards:
        raise _Damaged("the cards do not match its header")
    _share_ids(cards)
    return cards


def _read_deck(f: BinaryIO, header: Header) -> Deck:
    """The deck line (all but the cards), then the cards, a batch a line: only one batch of JSON is in memory
    beside the deck being built, not the whole file."""
    shell = _read_shell_line(f, header)
    cards = _read_cards(f, header)
    return _with_digest(dataclasses.replace(shell, cards=tuple(cards)), shell.sync_digest)


def _with_digest(deck: Deck, digest: str) -> Deck:
    """``deck`` carrying the digest of its cards computed when it was compiled (a copy made with
    ``dataclasses.replace`` starts without it)."""
    if digest:
        object.__setattr__(deck, "sync_digest", digest)
    return deck


def _share_ids(cards: list[Card]) -> None:
    """One string object per topic and source id, as the YAML reader gives, instead of one per card and
    citation (the decoder makes each anew): 20 MB of 100,000 cards. The values are equal, so nothing changes."""
    shared: dict[str, str] = {}
    put = object.__setattr__
    for card in cards:
        put(card, "topic", shared.setdefault(card.topic, card.topic))
        for cite in card.citations:
            put(cite, "source", shared.setdefault(cite.source, cite.source))


def _still_fresh(stamp: FileStamp) -> tuple[bool, bool]:
    """(unchanged, known only by hashing it)."""
    try:
        st = os.stat(stamp.path)
    except OSError:
        return False, False
    if st.st_size != stamp.size:
        return False, False
    if stamp.mtime_ns >= 0 and st.st_mtime_ns == stamp.mtime_ns and st.st_ino == stamp.ino:
        return True, False
    return _sha256_file(stamp.path) == stamp.sha256, True


def _sha256_file(path: str) -> str | None:
    h = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
    except OSError:
        return None
    return h.hexdigest()


def _restamp(entry: Path, header: Header) -> None:
    """Files hashed equal to their stamps: record their timestamps now, if they are old enough to trust."""
    now = time.time_ns()
    files = []
    for stamp in header.files:
        try:
            st = os.stat(stamp.path)
        except OSError:
            return
        if st.st_size != stamp.size or st.st_mtime_ns >= now - RACY_NS:
            return  # changed again, or still too recent: keep hashing
        files.append(msgspec.structs.replace(stamp, mtime_ns=st.st_mtime_ns, ino=st.st_ino))
    fresh = msgspec.structs.replace(header, files=files)
    try:
        raw = entry.read_bytes()
    except OSError:
        return
    _write(entry, msgspec.json.encode(fresh) + raw[raw.find(b"\n") :])


# --- writing ------------------------------------------------------------------------------------------------


def write_entry(
    deck_path: Path,
    deck: Deck,
    diagnostics: Iterable[Diagnostic],
    started_ns: int,
    directory: Path | None = None,
) -> bool:
    """Save a checked deck (it must have no errors). ``started_ns``: ``time.time_ns()`` before its files were
    read, so a file modified since is never trusted by timestamp. False when the cache cannot be written."""
    diagnostics = list(diagnostics)
    if has_errors(diagnostics):
        raise ValueError("only a deck without errors is compiled")
    base = deck_path.parent
    files = [(deck_path.resolve(), deck.sha256)]
    files += [((base / s.file).resolve(), s.sha256) for s in deck.sources if s.sha256]
    stamps = []
    try:
        for path, sha in files:
            st = os.stat(path)
            racy = st.st_mtime_ns >= started_ns - RACY_NS
            stamps.append(FileStamp(str(path), st.st_size, -1 if racy else st.st_mtime_ns, st.st_ino, sha))
    except OSError:
        return False
    n = len(deck.cards)
    batches = (n + _BATCH - 1) // _BATCH
    with collector_paused():
        shell, cards = _compact(deck)
        body = [msgspec.json.encode(shell)]
        body += [msgspec.json.encode(cards[i : i + _BATCH]) for i in range(0, n, _BATCH)]
        body_bytes = sum(len(line) + 1 for line in body)
        header = Header(
            CACHE_FORMAT,
            code_stamp(),
            stamps[0].path,
            str(deck_path),
            stamps,
            diagnostics,
            n,
            batches,
            deck.cards_per_topic(),
            body_bytes,
        )
        payload = b"\n".join([msgspec.json.encode(header), *body]) + b"\n"
    return _write(entry_path(deck_path, directory), payload)


def _compact(deck: Deck) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The deck (without its cards) and its cards as plain data for the encoder, without where each thing was
    written: a checked deck reports no more problems, and the locations of 100,000 cards would be tens of
    megabytes in memory. Plain dicts, not copies of the dataclasses: this runs over every card and citation."""
    out = _fields(deck, _names(Deck))
    out["cards"] = []
    out["sync_digest"] = deck.cards_digest()
    out["sources"] = [_fields(s, _names(Source)) for s in deck.sources]
    out["topics"] = [_fields(t, _names(Topic)) for t in deck.topics]
    card_names, citation_names, position_names = _names(Card), _names(Citation), _names(Position)
    cards = []
    for c in deck.cards:
        card = _fields(c, card_names)
        card["content_digest"] = c.content_hash()
        card["citations"] = [_fields(x, citation_names) for x in c.citations]
        cards.append(card)
    disagreements = []
    for d in deck.disagreements:
        item = _fields(d, _names(Disagreement))
        item["positions"] = [_fields(p, position_names) for p in d.positions]
        disagreements.append(item)
    out["disagreements"] = disagreements
    return out, cards


def _names(cls: type) -> tuple[str, ...]:
    """The fields a compiled deck keeps: all but locations (``loc``, ``field_locs``, ``*_loc``)."""
    return tuple(
        f.name
        for f in dataclasses.fields(cls)
        if f.init and f.name not in ("loc", "field_locs") and not f.name.endswith("_loc")
    )


def _fields(obj: object, names: tuple[str, ...]) -> dict[str, Any]:
    return {n: getattr(obj, n) for n in names}


def _write(entry: Path, payload: bytes) -> bool:
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        write_new(entry, payload, replace=True)
    except OSError:
        return False  # a cache that cannot be written only costs time
    return True


def _discard(entry: Path) -> None:
    with contextlib.suppress(OSError):
        entry.unlink()


def clear(directory: Path | None = None) -> tuple[int, int]:
    """Remove every compiled deck; (entries removed, bytes freed). Only ketquiz's own files are touched."""
    folder = directory or cache_dir()
    count = freed = 0
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:
        return 0, 0
    for entry in entries:
        ours = entry.name.endswith(_SUFFIX) or (
            entry.name.startswith(".ketquiz-") and entry.name.endswith(".tmp")
        )
        if not ours or not entry.is_file(follow_symlinks=False):
            continue
        try:
            size = entry.stat(follow_symlinks=False).st_size
            os.unlink(entry.path)
        except OSError:
            continue
        count += entry.name.endswith(_SUFFIX)
        freed += size
    return count, freed


def usage(directory: Path | None = None) -> tuple[int, int]:
    """(compiled decks, bytes) in the cache."""
    folder = directory or cache_dir()
    try:
        sizes = [e.stat().st_size for e in os.scandir(folder) if e.name.endswith(_SUFFIX) and e.is_file()]
    except OSError:  # no cache yet, or not a folder: nothing compiled there
        return 0, 0
    return len(sizes), sum(sizes)


__all__ = [
    "CACHE_FORMAT",
    "CacheMode",
    "cache_dir",
    "cache_enabled",
    "clear",
    "entry_path",
    "read_entry",
    "usage",
    "write_entry",
]
