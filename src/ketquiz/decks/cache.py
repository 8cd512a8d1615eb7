"""Compiled decks: a deck that passed its check, kept as JSON in the user cache directory and read back instead of
its YAML while neither the deck file nor any of its sources has changed.

YAML is the right format for authors and the wrong one to read on every start: a 100,000-card deck takes seconds
to parse and check, and its compiled form a fraction of a second to decode (msgspec decodes straight into the
core model's dataclasses, validating every type on the way, and runs no code from the file).

An entry is one file, ``<sha256 of the deck's resolved path>.json``: a header line (format, a stamp of the code
that wrote it, the deck's path, and for the deck file and every source its size, mtime_ns, inode and sha256),
then the deck. An entry is served only when every file still matches its stamp: same size, and either the same
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
from typing import Any

import msgspec

from ketquiz import __version__
from ketquiz.core.diagnostics import Diagnostic, has_errors
from ketquiz.core.model import Card, Citation, Deck, Disagreement, Position, Source, Topic
from ketquiz.decks.deckfiles import collector_paused
from ketquiz.safefile import write_new

#: The layout of an entry; entries of another format are rebuilt.
CACHE_FORMAT = "ketquiz-deck-cache/1"
#: A file modified this recently when its deck was built is checked by content, not timestamp.
RACY_NS = 2_000_000_000
_SUFFIX = ".json"


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


def read_entry(deck_path: Path, directory: Path | None = None) -> tuple[Deck, list[Diagnostic]] | None | str:
    """The compiled deck and its warnings when the entry is fresh; None when there is none or it is stale; a
    note (str) when the entry was damaged or foreign and has been set aside."""
    entry = entry_path(deck_path, directory)
    try:
        raw = entry.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"cannot read the compiled copy of {deck_path} ({exc.strerror or exc}); reading the YAML instead"
    try:
        header, deck, restamp = _parse_entry(raw, deck_path)
    except _Stale:
        return None
    except _Damaged as exc:
        _discard(entry)
        return f"the compiled copy of {deck_path} was damaged ({exc}); rebuilt it from the YAML"
    name = str(deck_path)
    diagnostics = list(header.diagnostics)
    if name != header.name:  # named another way this time (a relative path from elsewhere): say it that way
        deck = dataclasses.replace(deck, path=name)
        diagnostics = [dataclasses.replace(d, file=name) if d.file == header.name else d for d in diagnostics]
    if restamp:
        _restamp(entry, raw, header)
    return deck, diagnostics


def _parse_entry(raw: bytes, deck_path: Path) -> tuple[Header, Deck, bool]:
    newline = raw.find(b"\n")
    if newline < 0:
        raise _Damaged("no header")
    try:
        header = msgspec.json.decode(raw[:newline], type=Header)
    except msgspec.DecodeError as exc:
        # Another format may have another header: only a matching format line is held to this one's shape.
        if b'"format":"' + CACHE_FORMAT.encode() + b'"' in raw[:newline]:
            raise _Damaged(f"header: {exc}") from None
        try:
            msgspec.json.decode(raw[:newline])
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
    try:
        deck = msgspec.json.decode(memoryview(raw)[newline + 1 :], type=Deck)
    except msgspec.DecodeError as exc:
        raise _Damaged(f"deck: {exc}") from None
    if deck.sha256 != header.files[0].sha256:
        raise _Damaged("the deck does not match its header")
    return header, deck, restamp


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


def _restamp(entry: Path, raw: bytes, header: Header) -> None:
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
    body = raw[raw.find(b"\n") :]
    _write(entry, msgspec.json.encode(fresh) + body)


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
    header = Header(CACHE_FORMAT, code_stamp(), stamps[0].path, str(deck_path), stamps, diagnostics)
    with collector_paused():
        payload = msgspec.json.encode(header) + b"\n" + msgspec.json.encode(_compact(deck))
    return _write(entry_path(deck_path, directory), payload)


def _compact(deck: Deck) -> dict[str, Any]:
    """The deck as plain data for the encoder, without where each thing was written: a checked deck reports no
    more problems, and the locations of 100,000 cards would be tens of megabytes in memory. Plain dicts, not
    copies of the dataclasses: this runs over every card and citation of the deck."""
    out = _fields(deck, _names(Deck))
    out["sources"] = [_fields(s, _names(Source)) for s in deck.sources]
    out["topics"] = [_fields(t, _names(Topic)) for t in deck.topics]
    card_names, citation_names, position_names = _names(Card), _names(Citation), _names(Position)
    cards = []
    for c in deck.cards:
        card = _fields(c, card_names)
        card["content_digest"] = c.content_hash()
        card["citations"] = [_fields(x, citation_names) for x in c.citations]
        cards.append(card)
    out["cards"] = cards
    disagreements = []
    for d in deck.disagreements:
        item = _fields(d, _names(Disagreement))
        item["positions"] = [_fields(p, position_names) for p in d.positions]
        disagreements.append(item)
    out["disagreements"] = disagreements
    return out


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
        ours = entry.name.endswith(_SUFFIX) or (entry.name.startswith(".ketquiz-") and entry.name.endswith(".tmp"))
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
    except FileNotFoundError:
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
