"""`ketquiz reviews optimize`: FSRS parameters fitted with the reference optimiser, judged on held-out reviews."""

from __future__ import annotations

import json
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from ketquiz.cli import main
from ketquiz.core.scheduling import Rating, SchedulerSettings
from ketquiz.store import open_store
from tests.factories import NOW, make_deck

PUBLIC_LOG = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "fsrs-review-log.csv"
needs_log = pytest.mark.skipif(not PUBLIC_LOG.exists(), reason="public review log not present")
pytest.importorskip("fsrs_rs_python")


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, object]:
    capsys.readouterr()
    assert main(list(argv)) == 0
    data = json.loads(capsys.readouterr().out)
    assert isinstance(data, dict)
    return data


@needs_log
def test_fitted_parameters_beat_the_defaults_on_later_reviews(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = _json(capsys, "reviews", "optimize", str(PUBLIC_LOG), "--json", "--data-dir", str(tmp_path))
    assert out["reviews"] == 12_580
    params = out["parameters"]
    assert isinstance(params, list) and len(params) == 21 and params != list(SchedulerSettings().parameters)
    held = out["held_out"]
    assert isinstance(held, dict)
    assert held["optimized"]["log_loss"] < held["default"]["log_loss"]
    assert held["optimized"]["rmse_bins"] < held["default"]["rmse_bins"]
    assert out["better"] is True and out["applied"] is False


@needs_log
def test_apply_stores_better_parameters_and_settings_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["--data-dir", str(tmp_path)]
    out = _json(capsys, "reviews", "optimize", str(PUBLIC_LOG), "--json", "--apply", *base)
    assert out["applied"] is True
    with open_store(tmp_path, "default") as store:
        assert list(store.settings.parameters) == out["parameters"]
        assert store.settings.parameters_fitted_at is not None
        deck = make_deck(2)
        store.sync_deck(deck)
        store.answer(deck.id, "c0", Rating.GOOD, NOW)  # the fitted parameters schedule
    assert main(["settings", *base]) == 0
    assert "fitted to this profile's reviews" in capsys.readouterr().out


def _few_reviews(data_dir: Path) -> None:
    deck = make_deck(4)
    with open_store(data_dir, "default") as store:
        store.sync_deck(deck)
        for day in range(5):
            for card in ("c0", "c1", "c2", "c3"):
                store.answer(deck.id, card, Rating.GOOD, NOW + timedelta(days=day * 3))


def test_twenty_reviews_keep_the_defaults_and_say_how_many_more(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _few_reviews(tmp_path)
    base = ["--data-dir", str(tmp_path)]
    out = _json(capsys, "reviews", "optimize", "--json", "--apply", *base)
    assert out["reviews"] == 20 and out["held_out"] is None and out["applied"] is False
    assert out["parameters"] == list(SchedulerSettings().parameters)
    needed = out["needed_items"]
    assert isinstance(needed, int) and needed > 500
    assert main(["reviews", "optimize", *base]) == 0
    assert f"needs about {needed} more" in capsys.readouterr().out
    with open_store(tmp_path, "default") as store:
        assert store.settings.parameters_fitted_at is None


def test_without_the_optimiser_installed_it_says_how_to_get_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _few_reviews(tmp_path)
    monkeypatch.setitem(sys.modules, "fsrs_rs_python", None)
    assert main(["reviews", "optimize", "--data-dir", str(tmp_path)]) == 1
    assert "pip install 'ketquiz[optimize]'" in capsys.readouterr().err
