"""A shared (served) ketquiz asks each learner's name and keeps their progress under it."""

from __future__ import annotations

from pathlib import Path

import pytest

from ketquiz.store import list_profiles, open_store, review_log
from ketquiz.ui.app import build_app
from ketquiz.ui.screens.profile import ProfileScreen, profile_name

from .conftest import DECK_FILE, NOW, SEED


@pytest.mark.parametrize(
    ("typed", "profile"),
    [("Ana", "ana"), ("Ana María López", "ana-maria-lopez"), ("  ../../etc ", "etc"), ("Zoë_2", "zoe_2"),
     ("!!!", ""), ("日本", "")],
)
def test_profile_names(typed: str, profile: str) -> None:
    assert profile_name(typed) == profile


async def test_name_asked_before_the_store_opens(data_dir: Path) -> None:
    app = build_app([DECK_FILE], data_dir, now=lambda: NOW, seed=SEED, ask_profile=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen)
        assert app.catalog is None and list_profiles(data_dir) == []
        await pilot.press("enter")  # nothing typed: asked again
        assert isinstance(app.screen, ProfileScreen)
        await pilot.press(*"Ana María", "enter")
        await app.wait_until_loaded()
        await pilot.pause()
        assert app.profile == "ana-maria"
        assert list_profiles(data_dir) == ["ana-maria"]
        await pilot.press("s", "1", "enter")  # answer one card
        await pilot.pause()
    assert app.store is None  # closed on exit
    with open_store(data_dir, "ana-maria", read_only=True) as store:
        assert len(list(review_log(store))) == 1
