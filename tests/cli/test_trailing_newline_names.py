"""Profile names are checked against the whole name: Python's ``$`` also matches before a final newline, so
``"mini\\n"`` once passed and made a profile file with a newline in its name."""

from __future__ import annotations

from pathlib import Path

import pytest

from ketquiz.cli import main
from ketquiz.store import StoreError, open_store, profile_path


@pytest.mark.parametrize("name", ["mini\n", "mini\r\n", "a/b", "..x"])
def test_a_profile_name_with_a_trailing_newline_is_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(StoreError, match="invalid profile name"):
        profile_path(tmp_path, name)
    with pytest.raises(StoreError):
        open_store(tmp_path, name)
    assert not (tmp_path / "profiles").exists() or not any((tmp_path / "profiles").iterdir())


def test_commands_refuse_it_and_make_no_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for args in (["settings", "--new-per-day", "5"], ["due"], ["stats"]):
        assert main([*args, "--profile", "mini\n", "--data-dir", str(tmp_path)]) == 1
        assert "invalid profile name" in capsys.readouterr().err
    assert [p for p in tmp_path.rglob("*") if "\n" in p.name] == []
