"""A shared (served) ketquiz asks each learner's name and keeps their progress under it."""

from __future__ import annotations

from pathlib import Path

import pytest

from ketquiz.store import list_profiles, open_store, review_log
from ketquiz.store.database import PROFILE_NAME
from ketquiz.ui.app import build_app
from ketquiz.ui.screens.profile import ProfileScreen, profile_name

from .conftest import DECK_FILE, NOW, SEED


@pytest.mark.parametrize(
    ("typed", "slug"),
    [
        ("Ana", "ana"),
        ("Ana María López", "ana-maria-lopez"),
        ("  ../../etc ", "etc"),
        ("Zoë_2", "zoe-2"),
        ("王芳", "learner"),
        ("محمد", "learner"),
        ("Дмитрий", "learner"),
    ],
)
def test_profile_names_in_any_script(typed: str, slug: str) -> None:
    profile = profile_name(typed)
    assert profile.rsplit("-", 1)[0] == slug
    assert PROFILE_NAME.fullmatch(profile)  # a safe file name, whatever was typed


@pytest.mark.parametrize("typed", ["", "   ", "!!!", "\x1b\x07", "— ·"])
def test_a_name_needs_a_letter_or_digit(typed: str) -> None:
    assert profile_name(typed) == ""


def test_same_learner_only_up_to_case_and_spacing() -> None:
    assert profile_name("Ana María") == profile_name("  ana   MARÍA ") == profile_name("Ana Mari\u0301a")
    distinct = ["Ana María", "Ana Maria", "王芳", "王方", "محمد", "محمود", "Дмитрий", "Дмитрии"]
    assert len({profile_name(n) for n in distinct}) == len(distinct)


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
        assert app.profile == profile_name("Ana María")
        assert list_profiles(data_dir) == [app.profile]
        assert "studying as Ana María" in app.sub_title
        await pilot.press("s", "1", "enter")  # answer one card
        await pilot.pause()
    assert app.store is None  # closed on exit
    with open_store(data_dir, profile_name("ana maría"), read_only=True) as store:
        assert len(list(review_log(store))) == 1
