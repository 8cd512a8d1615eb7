"""Card ids on the command line: DECK/CARD, or CARD alone when one deck has it, against decks and stored cards."""

from __future__ import annotations

from pathlib import Path

import pytest

from ketquiz.store import open_store
from ketquiz.store.card_ids import CardIdError, resolve_card_ids
from tests.factories import make_deck


def test_ids_resolve_against_the_decks_and_the_stored_cards(tmp_path: Path) -> None:
    alpha, beta = make_deck(3, deck_id="alpha"), make_deck(2, deck_id="beta")
    gone = make_deck(1, deck_id="gone")  # stored once; its deck is not given now
    with open_store(tmp_path, "default") as store:
        store.sync_deck(gone)
        pairs = resolve_card_ids(store, [alpha, beta], ["beta/c1", "c2", "gone/c0", "alpha/c0"])
        with pytest.raises(CardIdError, match=r"several decks \(alpha, beta, gone\)"):
            resolve_card_ids(store, [alpha, beta], ["c0"])  # the stored deck counts too
    # grouped by deck, in the order the decks first appear; c2 alone: only alpha has it
    assert pairs == [("beta", "c1"), ("alpha", "c2"), ("alpha", "c0"), ("gone", "c0")]


@pytest.mark.parametrize(
    ("ids", "message"),
    [
        (["c0"], "card 'c0' is in several decks (alpha, beta): write DECK/c0"),
        (["c9"], "no card 'c9' in these decks"),
        (["alpha/c7"], "no card 'c7' in deck 'alpha'"),
        (["nosuch/c0"], "no card 'c0' in deck 'nosuch'"),
    ],
)
def test_unknown_and_ambiguous_ids_are_refused(tmp_path: Path, ids: list[str], message: str) -> None:
    with open_store(tmp_path, "default") as store, pytest.raises(CardIdError) as refused:
        resolve_card_ids(store, [make_deck(3, deck_id="alpha"), make_deck(2, deck_id="beta")], ids)
    assert str(refused.value) == message
