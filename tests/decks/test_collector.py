"""A deck is built with the cyclic collector paused, and what was built is frozen: the next full collection does
not walk every card again."""

from __future__ import annotations

import gc

from ketquiz.decks.deckfiles import collector_paused


def test_what_a_deck_build_leaves_is_frozen_and_the_collector_resumes() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        kept = [[i] for i in range(1000)]
    assert gc.isenabled()
    assert gc.get_freeze_count() >= len(kept)
    collected = {id(o) for o in gc.get_objects()}  # what a collection walks: not the frozen
    assert all(gc.is_tracked(x) and id(x) not in collected for x in kept)
