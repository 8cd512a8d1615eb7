"""Whatever an editor leaves in a deck file, loading reports problems; it never raises.

Mutates the good deck at random (fixed seeds, so a failure reproduces): deleted and repeated lines, stray YAML
punctuation, anchors, tags, tabs, no-break spaces and NULs spliced in.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest

from ketquiz.decks import load_deck
from ketquiz.decks.export import to_anki, to_csv, to_json

from .conftest import GOOD_DECK

JUNK = ["", ":", "- ", "[", "]", "{", "}", "&a ", "*a", "!!str ", "!!int ", "!!python/name:os.system ", "null",
        "~", "true", "3", "'", '"', "\t", "  ", "\n", "- id: x", "{{", "}}", "[a, b]", "{a: 1}", "? ", "|", ">",
        "\u00a0", "\x00", "\x1b[2J"]  # fmt: skip


def mutate(rng: random.Random, text: str) -> str:
    lines = text.splitlines()
    for _ in range(rng.randint(1, 4)):
        k = rng.randrange(len(lines))
        op = rng.random()
        if op < 0.25:
            del lines[k]
        elif op < 0.5:
            lines.insert(k, lines[rng.randrange(len(lines))])
        elif op < 0.8:
            line, at = lines[k], rng.randint(0, len(lines[k]))
            lines[k] = line[:at] + rng.choice(JUNK) + line[at + rng.randint(0, 3) :]
        else:
            lines[k] = lines[k].replace(":", rng.choice(JUNK), 1)
    return "\n".join(lines)


@pytest.mark.parametrize("seed", range(4))
def test_mutated_decks_never_raise(make_deck: Callable[..., Path], seed: int) -> None:
    rng = random.Random(seed)
    path = make_deck()
    outcomes = set()
    for _ in range(150):
        path.write_text(mutate(rng, GOOD_DECK), encoding="utf-8")
        load = load_deck(path)
        outcomes.add(load.ok)
        for d in load.diagnostics:
            assert d.message and d.code and d.line >= 0
        if load.ok and load.deck is not None:
            to_json(load.deck), to_csv(load.deck), to_anki(load.deck)
    assert outcomes == {True, False}  # the mutations both break decks and leave some whole
