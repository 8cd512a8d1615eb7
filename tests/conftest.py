"""Safety net for the whole suite: no test may read or write a learner's real study data."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point KETQUIZ_DATA_DIR and the platform's data/config dirs at a temporary folder for every test."""
    root = tmp_path_factory.mktemp("ketquiz-home")
    monkeypatch.setenv("KETQUIZ_DATA_DIR", str(root / "data"))
    monkeypatch.setenv("XDG_DATA_HOME", str(root / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(root / "xdg-config"))
    return root / "data"
