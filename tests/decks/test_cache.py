"""The compiled-deck cache: served only while the deck and every source are byte for byte the same; a damaged or
foreign entry is rebuilt with a note; concurrent builders of one entry both finish."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import textwrap
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ketquiz.cli import main
from ketquiz.core.diagnostics import Diagnostic
from ketquiz.core.model import CardsUnreadable, Deck, DeferredCards
from ketquiz.decks import cache
from ketquiz.decks.cache import CacheMode, entry_path, read_entry
from ketquiz.decks.cached_load import Loaded, load_deck_cached
from ketquiz.decks.loader import load_deck

from .conftest import GOOD_DECK, SOURCE_TEXT

HOUR_NS = 3600 * 10**9


def _load(path: Path, mode: CacheMode = CacheMode.USE) -> Loaded:
    loaded = Loaded()
    load_deck_cached(path, mode, loaded)
    return loaded


def _age(*paths: Path, seconds: int = 3600) -> None:
    """Make files look written long ago, so their timestamps are trusted."""
    then = time.time_ns() - seconds * 10**9
    for p in paths:
        os.utime(p, ns=(then, then))


def _header(path: Path) -> dict[str, object]:
    raw = entry_path(path).read_bytes()
    header: dict[str, object] = json.loads(raw[: raw.index(b"\n")])
    return header


def test_check_compiles_and_the_next_load_reads_the_compiled_deck(make_deck: Callable[..., Path]) -> None:
    path = make_deck()
    first = _load(path, CacheMode.REFRESH)
    assert first.parsed == [path] and first.loads[0].ok
    again = _load(path)
    assert again.parsed == [] and again.notes == []
    assert again.loads[0].deck == first.loads[0].deck
    assert again.loads[0].diagnostics == first.loads[0].diagnostics
    # what was located is kept: offsets slice the source back
    card = again.loads[0].deck.cards[0]  # type: ignore[union-attr]
    source = again.loads[0].deck.source(card.citations[0].source)  # type: ignore[union-attr]
    assert source.text[card.citations[0].start : card.citations[0].end]


def test_a_deck_with_errors_is_not_compiled(make_deck: Callable[..., Path]) -> None:
    path = make_deck(GOOD_DECK.replace("topic: mechanism", "topic: nowhere", 1))
    _load(path, CacheMode.REFRESH)
    assert not entry_path(path).exists()
    assert _load(path).parsed == [path]


def test_off_neither_reads_nor_writes(make_deck: Callable[..., Path]) -> None:
    path = make_deck()
    assert _load(path, CacheMode.OFF).parsed == [path]
    assert not entry_path(path).exists()


def test_a_deck_named_another_way_carries_that_name(
    make_deck: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_deck()
    _load(path.resolve(), CacheMode.REFRESH)
    monkeypatch.chdir(path.parent)
    loaded = _load(Path(path.name))
    assert loaded.parsed == []
    assert loaded.loads[0].deck is not None and loaded.loads[0].deck.path == path.name


# --- a changed byte is never served ---------------------------------------------------------------------------

_EDIT = st.tuples(
    st.sampled_from(["deck", "source"]),
    st.sampled_from(["replace", "insert", "delete"]),
    st.floats(0, 1, exclude_max=True),
    st.integers(0, 255),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edit=_EDIT, aged=st.booleans())
def test_a_changed_byte_in_the_deck_or_a_source_is_never_served(
    edit: tuple[str, str, float, int], aged: bool
) -> None:
    which, how, where, value = edit
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "sources").mkdir()
        source = folder / "sources" / "brain.txt"
        source.write_text(SOURCE_TEXT, encoding="utf-8")
        deck = folder / "deck.yaml"
        deck.write_text(textwrap.dedent(GOOD_DECK), encoding="utf-8")
        if aged:  # the fast path: timestamps old enough to be trusted are recorded
            _age(deck, source)
        assert _load(deck, CacheMode.REFRESH).loads[0].ok
        target = deck if which == "deck" else source
        data = bytearray(target.read_bytes())
        at = int(where * len(data))
        if how == "replace":
            data[at] = value if value != data[at] else (value + 1) % 256
        elif how == "insert":
            data.insert(at, value)
        else:
            del data[at]
        target.write_bytes(bytes(data))
        loaded = _load(deck)
        assert loaded.parsed == [deck]  # read from the YAML again, not the compiled copy
        fresh = load_deck(deck)
        assert loaded.loads[0].deck == fresh.deck
        assert loaded.loads[0].diagnostics == fresh.diagnostics


def test_a_recently_written_file_is_hashed_until_old_enough_then_restamped(
    make_deck: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_deck()
    _load(path, CacheMode.REFRESH)
    files = _header(path)["files"]
    assert isinstance(files, list) and all(f["mtime_ns"] == -1 for f in files)  # too recent to trust
    _age(path, path.parent / "sources" / "brain.txt")
    assert _load(path).parsed == []  # same bytes, found by hashing; the entry is re-stamped
    files = _header(path)["files"]
    assert isinstance(files, list) and all(f["mtime_ns"] > 0 for f in files)

    def no_hashing(_: str) -> str:
        raise AssertionError("the fast path should not hash")

    monkeypatch.setattr(cache, "_sha256_file", no_hashing)
    assert _load(path).parsed == []


def test_a_removed_source_is_not_served(make_deck: Callable[..., Path]) -> None:
    path = make_deck()
    _load(path, CacheMode.REFRESH)
    (path.parent / "sources" / "brain.txt").unlink()
    loaded = _load(path)
    assert loaded.parsed == [path] and not loaded.loads[0].ok


# --- damaged and foreign entries ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: b"",
        lambda raw: raw[: len(raw) // 2],
        lambda raw: b"\x00\xff garbage \n more",
        lambda raw: raw.replace(b'"cards":[', b'"cards":7,[', 1),
        lambda raw: raw.replace(b'"type":"mcq"', b'"type":"essay"', 1),
        lambda raw: raw[: raw.index(b"\n")] + b"\n[]",
        lambda raw: raw.replace(b'"files":[', b'"files":"x",[', 1),
    ],
    ids=["empty", "truncated", "binary", "bad-json", "bad-value", "wrong-shape", "bad-header"],
)
def test_a_damaged_entry_is_rebuilt_with_a_note(
    make_deck: Callable[..., Path], damage: Callable[[bytes], bytes]
) -> None:
    path = make_deck()
    good = _load(path, CacheMode.REFRESH).loads[0]
    entry = entry_path(path)
    entry.write_bytes(damage(entry.read_bytes()))
    loaded = _load(path)
    assert loaded.parsed == [path]
    assert len(loaded.notes) == 1 and "damaged" in loaded.notes[0] and "rebuilt" in loaded.notes[0]
    assert loaded.loads[0].deck == good.deck
    again = _load(path)  # rebuilt: served again, no note
    assert again.parsed == [] and again.notes == []


def test_another_decks_entry_is_not_trusted(make_deck: Callable[..., Path], tmp_path: Path) -> None:
    path = make_deck()
    other = make_deck(GOOD_DECK.replace("id: tiny", "id: other", 1), name="other.yaml")
    _load(other, CacheMode.REFRESH)
    entry_path(path).parent.mkdir(parents=True, exist_ok=True)
    entry_path(path).write_bytes(entry_path(other).read_bytes())
    loaded = _load(path)
    assert loaded.parsed == [path] and "another deck" in loaded.notes[0]
    assert loaded.loads[0].deck is not None and loaded.loads[0].deck.id == "tiny"


def test_an_entry_from_other_code_is_rebuilt_quietly(
    make_deck: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_deck()
    _load(path, CacheMode.REFRESH)
    monkeypatch.setattr(cache, "_code_stamp", "another-version")
    loaded = _load(path)
    assert loaded.parsed == [path] and loaded.notes == []
    entry = entry_path(path)
    entry.write_bytes(b'{"format":"ketquiz-deck-cache/0","anything":1}\n{}')
    loaded = _load(path)
    assert loaded.parsed == [path] and loaded.notes == []


def test_a_damaged_entry_through_a_command_is_a_note_not_a_traceback(
    make_deck: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = make_deck()
    assert main(["check", "-q", str(path)]) == 0
    entry_path(path).write_bytes(b"{not json")
    capsys.readouterr()
    assert main(["export", str(path), "--format", "json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["deck"]["id"] == "tiny"
    assert err.startswith("ketquiz: note: the compiled copy of") and "Traceback" not in err


def test_read_entry_without_an_entry_is_none(make_deck: Callable[..., Path]) -> None:
    assert read_entry(make_deck()) is None


# --- commands -------------------------------------------------------------------------------------------------


def test_no_cache_on_every_command(
    make_deck: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = make_deck()
    assert main(["check", "-q", "--no-cache", str(path)]) == 0
    assert not entry_path(path).exists()
    assert main(["due", "--json", "--no-cache", str(path)]) == 0
    assert not entry_path(path).exists()
    from ketquiz.commands.common import resolve_data_dir
    from ketquiz.store import open_store

    open_store(resolve_data_dir(None)).close()  # `due` only reads: the profile the export reads is made here
    assert main(["reviews", "export", "--no-cache", "--format", "json"]) == 0


def test_due_reads_the_compiled_deck(make_deck: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> None:
    path = make_deck()
    assert main(["check", "-q", str(path)]) == 0
    import ketquiz.decks.loader as loader_module

    def no_yaml(_: Path) -> None:
        raise AssertionError("the YAML should not be read")

    monkeypatch.setattr(loader_module, "load_deck", no_yaml)
    assert main(["due", "--json", str(path)]) == 0


def test_cache_clear_and_info(make_deck: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    path = make_deck()
    assert main(["check", "-q", str(path)]) == 0
    capsys.readouterr()
    assert main(["cache", "info"]) == 0
    assert "1 compiled deck," in capsys.readouterr().out
    assert main(["cache", "clear"]) == 0
    assert "removed 1 compiled deck" in capsys.readouterr().out
    assert not entry_path(path).exists()
    assert main(["cache", "clear"]) == 0
    assert "removed 0 compiled decks" in capsys.readouterr().out


def test_the_cache_lives_where_the_environment_says(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KETQUIZ_CACHE_DIR", str(tmp_path / "here"))
    assert cache.cache_dir() == tmp_path / "here"
    monkeypatch.delenv("KETQUIZ_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir().is_relative_to(tmp_path / "xdg")


# --- two builders at once -------------------------------------------------------------------------------------

_BUILDER = """
import sys, time
from pathlib import Path
from ketquiz.decks.cache import CacheMode
from ketquiz.decks.cached_load import load_deck_cached
go = Path(sys.argv[2])
while not go.exists():
    time.sleep(0.001)
for _ in range(8):
    result = load_deck_cached(Path(sys.argv[1]), CacheMode.REFRESH)
    assert result.ok, result.diagnostics
    result = load_deck_cached(Path(sys.argv[1]), CacheMode.USE)
    assert result.ok, result.diagnostics
print("ok")
"""


def test_two_processes_building_the_same_entry_both_work(
    make_deck: Callable[..., Path], tmp_path: Path
) -> None:
    path = make_deck()
    go = tmp_path / "go"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _BUILDER, str(path), str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    go.write_text("")
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    assert all(out.strip() == "ok" and err == "" for out, err in outs)
    loaded = _load(path)
    assert loaded.parsed == [] and loaded.notes == []
    assert not [p for p in entry_path(path).parent.iterdir() if p.name.endswith(".tmp")]


def test_content_hashes_travel_with_the_compiled_deck_and_never_go_stale(
    make_deck: Callable[..., Path],
) -> None:
    import dataclasses

    path = make_deck()
    built = _load(path, CacheMode.REFRESH).loads[0].deck
    served = _load(path).loads[0].deck
    assert built is not None and served is not None
    assert [c.content_digest for c in served.cards] == [c.content_hash() for c in built.cards]
    changed = dataclasses.replace(served.cards[0], prompt="Another question?")
    assert changed.content_hash() != served.cards[0].content_hash()


def test_cards_are_stored_a_batch_a_line_and_a_missing_line_is_damage(
    make_deck: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "_BATCH", 1)  # one card a line
    path = make_deck()
    built = _load(path, CacheMode.REFRESH).loads[0].deck
    assert built is not None and len(built.cards) >= 2
    lines = entry_path(path).read_bytes().splitlines(keepends=True)
    assert len(lines) == 2 + len(built.cards)  # header, deck, a line per card
    assert _load(path).loads[0].deck == built
    entry_path(path).write_bytes(b"".join(lines[:-1]))  # the last card's line lost
    loaded = _load(path)
    assert loaded.parsed == [path] and "damaged" in loaded.notes[0]
    assert loaded.loads[0].deck == built


def test_a_cache_location_that_is_not_a_folder_costs_time_not_correctness(
    make_deck: Callable[..., Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("KETQUIZ_CACHE_DIR", str(blocker))
    path = make_deck()
    assert main(["check", "-q", str(path)]) == 0  # compiling fails quietly
    assert main(["export", str(path), "--format", "json"]) == 0
    assert main(["cache", "info"]) == 0
    assert main(["cache", "clear"]) == 1
    out, err = capsys.readouterr()
    assert "0 compiled decks" in out and "Traceback" not in err
    assert "cannot clear" in err


# --- deferred cards (the study app lists decks before reading their cards) ----------------------------------


def _deferred(path: Path) -> tuple[Deck, list[Diagnostic]]:
    found = read_entry(path, defer_cards=True)
    assert isinstance(found, tuple), found
    return found


def test_a_deferred_deck_is_listed_from_its_header_and_reads_the_same_cards_later(
    make_deck: Callable[..., Path],
) -> None:
    path = make_deck()
    built = _load(path, CacheMode.REFRESH).loads[0].deck
    assert built is not None
    deck, diagnostics = _deferred(path)
    assert isinstance(deck.cards, DeferredCards) and not deck.cards.loaded
    # What the home screen shows needs no card: how many, per topic, and the digest the store syncs by.
    assert len(deck.cards) == len(built.cards)
    assert deck.cards_per_topic() == dict(Counter(c.topic for c in built.cards))
    assert deck.cards_digest() == built.cards_digest()
    assert not deck.cards.loaded
    # Then the cards, the same ones, read once.
    assert deck == built
    assert deck.cards.loaded and deck.get_card(built.cards[0].id) == built.cards[0]
    assert diagnostics == _load(path).loads[0].diagnostics


def test_a_deferred_entry_of_the_wrong_length_is_damage_at_once(make_deck: Callable[..., Path]) -> None:
    path = make_deck()
    _load(path, CacheMode.REFRESH)
    entry = entry_path(path)
    entry.write_bytes(entry.read_bytes()[:-10])  # the last card line cut short: known before any card is read
    found = read_entry(path, defer_cards=True)
    assert isinstance(found, str) and "damaged" in found
    assert not entry.exists()  # set aside, to be rebuilt


def test_deferred_cards_found_damaged_when_read_say_so_and_discard_the_entry(
    make_deck: Callable[..., Path],
) -> None:
    path = make_deck()
    _load(path, CacheMode.REFRESH)
    entry = entry_path(path)
    raw = entry.read_bytes()
    last = raw.rindex(b'"prompt":"')  # same length, so only decoding the cards can tell
    entry.write_bytes(raw[:last] + b'"prompt":9' + raw[last + len(b'"prompt":9') :])
    deck, _ = _deferred(path)
    assert isinstance(deck.cards, DeferredCards)
    with pytest.raises(CardsUnreadable, match="damaged"):
        deck.cards.load()
    assert not entry.exists()
    with pytest.raises(CardsUnreadable, match="damaged"):  # and the same on every later use
        list(deck.cards)
    again = _load(path)  # the next load reads the YAML, and compiles it again
    assert again.parsed == [path] and again.loads[0].ok


def test_an_entry_replaced_after_a_deck_was_listed_still_gives_that_decks_cards(
    make_deck: Callable[..., Path],
) -> None:
    path = make_deck()
    built = _load(path, CacheMode.REFRESH).loads[0].deck
    assert built is not None
    deck, _ = _deferred(path)
    # The deck is edited and compiled again (say by `ketquiz check` in another terminal) before its cards are read.
    edited = path.read_text(encoding="utf-8").replace(
        "Which receptor does ketamine block?", "Which receptor?"
    )
    path.write_text(edited, encoding="utf-8")
    rebuilt = _load(path, CacheMode.REFRESH).loads[0].deck
    assert rebuilt is not None and rebuilt.cards != built.cards
    assert deck.cards == built.cards  # the cards of the entry it was listed from (renamed over, still open)
