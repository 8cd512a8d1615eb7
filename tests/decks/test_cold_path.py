"""The cold path (reading YAML): the collector is paused while a deck is built, and put back as it was."""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path

import pytest

from ketquiz.decks import load_deck
from ketquiz.decks import loader as loader_module


@pytest.mark.parametrize("enabled_before", [True, False])
def test_collector_paused_during_the_build_and_restored(
    make_deck: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, enabled_before: bool
) -> None:
    seen: list[bool] = []
    real = loader_module.validate_deck

    def spy(deck):
        seen.append(gc.isenabled())
        return real(deck)

    monkeypatch.setattr(loader_module, "validate_deck", spy)
    path = make_deck()
    (gc.enable if enabled_before else gc.disable)()
    try:
        result = load_deck(path)
        after = gc.isenabled()
    finally:
        gc.enable()
    assert result.ok
    assert seen == [False]
    assert after is enabled_before
