"""`ketquiz settings`: a profile's limits and steps are shown, changed, validated and then used."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from ketquiz.cli import main
from ketquiz.commands.settings import format_steps, parse_steps
from ketquiz.store import open_store


@pytest.mark.parametrize(
    ("text", "steps"),
    [
        ("1m 10m", (timedelta(minutes=1), timedelta(minutes=10))),
        ("30s,1h", (timedelta(seconds=30), timedelta(hours=1))),
        ("1.5m", (timedelta(seconds=90),)),
        ("", ()),
    ],
)
def test_steps_round_trip(text: str, steps: tuple[timedelta, ...]) -> None:
    assert parse_steps(text) == steps
    if steps:
        assert parse_steps(format_steps(steps)) == steps


@pytest.mark.parametrize("bad", ["5", "5 min", "m", "-1m"])
def test_bad_steps_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="is not a step"):
        parse_steps(bad)


def test_defaults_shown_without_creating_a_profile(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["settings", "--data-dir", str(tmp_path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["new_per_day"] == 20
    assert not (tmp_path / "profiles").exists() or not any((tmp_path / "profiles").iterdir())


def test_changes_are_saved_per_profile(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["settings", "--data-dir", str(tmp_path), "--profile", "ana"]
    assert main([*args, "--new-per-day", "5", "--retention", "0.85", "--learning-steps", "30s 5m"]) == 0
    capsys.readouterr()
    with open_store(tmp_path, "ana") as store:
        s = store.settings
    assert (s.new_per_day, s.desired_retention) == (5, 0.85)
    assert s.learning_steps == (timedelta(seconds=30), timedelta(minutes=5))
    assert main(["settings", "--data-dir", str(tmp_path), "--profile", "ben", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["new_per_day"] == 20  # another learner keeps the defaults


@pytest.mark.parametrize(
    ("flag", "value", "says"),
    [
        ("--retention", "1.5", "--retention"),
        ("--day-starts", "25", "--day-starts"),
        ("--learning-steps", "soon", "not a step"),
        ("--new-per-day", "1" * 31, "--new-per-day must be a whole number from 0 to 9999"),
        ("--reviews-per-day", "10000", "--reviews-per-day"),
        ("--max-interval", "9" * 31, "--max-interval must be a whole number from 1 to 36500"),
        ("--learning-steps", "99999999d", "--learning-steps must each be between 1 second and 365 days"),
        ("--relearning-steps", "9" * 400 + "d", "far too long a step"),
        ("--retention", "nan", "--retention"),
    ],
)
def test_invalid_values_are_refused_and_nothing_saved(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], flag: str, value: str, says: str
) -> None:
    assert main(["settings", "--data-dir", str(tmp_path), "--new-per-day", "7"]) == 0
    assert main(["settings", "--data-dir", str(tmp_path), flag, value]) == 1
    assert says in capsys.readouterr().err
    with open_store(tmp_path, "default") as store:
        assert store.settings.new_per_day == 7


def test_a_stored_value_out_of_range_is_a_message_not_an_overflow(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Settings saved before they were bounded (31 digits, a step of 99,999,999 days) stop with a message."""
    with open_store(tmp_path, "default") as store:
        store.conn.execute(
            "INSERT INTO settings (key, value) VALUES ('scheduler', ?)",
            (json.dumps({"maximum_interval_days": int("9" * 31), "learning_steps": [99999999 * 86400.0]}),),
        )
    assert main(["stats", "--data-dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "scheduling settings saved in" in err and "maximum_interval_days" in err


async def test_the_study_app_says_saved_settings_are_out_of_range(tmp_path: Path) -> None:
    from tests.ui.conftest import loaded, make_app

    with open_store(tmp_path, "default") as store:
        store.conn.execute(
            "INSERT INTO settings (key, value) VALUES ('scheduler', ?)",
            (json.dumps({"new_per_day": 10**30}),),
        )
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        assert "new_per_day must be a whole number from 0 to 9999" in app.store_error
