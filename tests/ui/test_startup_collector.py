"""The collector paused for start-up (as `ketquiz study` does) is running again once home shows the decks."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from ketquiz.ui import startup
from tests.ui.conftest import loaded, make_app


@pytest.fixture
def collector() -> Iterator[None]:
    was = gc.isenabled()
    yield
    startup.resume()
    if was:
        gc.enable()


async def test_the_collector_paused_for_start_up_runs_again_once_home_is_up(
    data_dir: Path, collector: None
) -> None:
    startup.pause()
    assert not gc.isenabled() and startup.paused()
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await pilot.pause()
        assert gc.isenabled() and not startup.paused()


async def test_an_app_that_cannot_show_its_decks_still_resumes_the_collector(
    tmp_path: Path, collector: None
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("deck: [unclosed\n", encoding="utf-8")
    startup.pause()
    app = make_app(tmp_path / "state", [broken])
    async with app.run_test(size=(80, 24)) as pilot:
        await app.wait_until_loaded()
        await pilot.pause()
    assert gc.isenabled() and not startup.paused()


def test_resume_leaves_a_collector_it_did_not_pause_alone(collector: None) -> None:
    gc.disable()  # paused by someone else (a deck being built, say)
    startup.resume()
    assert not gc.isenabled()
