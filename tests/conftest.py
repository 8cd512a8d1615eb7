"""Safety net for the whole suite: no test may read or write a learner's real study data."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point KETQUIZ_DATA_DIR, KETQUIZ_CACHE_DIR and the platform's data/config/cache dirs at a temporary folder
    for every test."""
    root = tmp_path_factory.mktemp("ketquiz-home")
    monkeypatch.setenv("KETQUIZ_DATA_DIR", str(root / "data"))
    monkeypatch.setenv("KETQUIZ_CACHE_DIR", str(root / "cache"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(root / "xdg-cache"))
    monkeypatch.setenv("KETQUIZ_NO_CACHE", "")  # set (to "on") so a test that turns it off is undone after
    monkeypatch.setenv("XDG_DATA_HOME", str(root / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(root / "xdg-config"))
    return root / "data"
