from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ketquiz.classroom.session import ExamSession
from ketquiz.cli import main
from ketquiz.ui.apps import ExamApp

SOURCE = (
    "Ketamine works by blocking a specific type of receptor in the brain called the NMDA receptor. "
    "Some patients feel better within a few hours of a dose.\n"
)
DECK = """\
id: tiny
title: Tiny deck
sources:
  - id: s
    title: A source
    file: s.txt
topics:
  - id: t
    title: A topic
cards:
  - id: c1
    topic: t
    type: mcq
    prompt: Which receptor does ketamine block?
    choices: [NMDA receptor, GABA receptor]
    answer: NMDA receptor
    citations:
      - source: s
        quote: Ketamine works by blocking a specific type of receptor in the brain called the NMDA receptor.
  - id: c2
    topic: t
    type: truefalse
    prompt: Some patients feel better within a few hours of a dose.
    answer: true
    citations:
      - source: s
        quote: Some patients feel better within a few hours of a dose.
"""


@pytest.fixture
def deck_file(tmp_path: Path) -> Path:
    (tmp_path / "s.txt").write_text(SOURCE, encoding="utf-8")
    path = tmp_path / "tiny.yaml"
    path.write_text(DECK, encoding="utf-8")
    return path


def test_exam_command_saves_a_result_with_its_options(
    deck_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    seen: dict[str, object] = {}

    def sit(app: ExamApp) -> None:  # stands in for the terminal: answer the first question right, then stop
        seen.update(
            student=app.student, limit=app.time_limit_s, feedback=app.feedback, n=len(app.paper.items)
        )
        app.session = ExamSession(
            app.deck,
            app.paper,
            app.student or "",
            app.out_dir,
            started_at=datetime.now(UTC),
            time_limit_s=app.time_limit_s,
        )
        app.session.start()
        card = app.paper.items[0].card
        app.session.answer(0, card.correct[0] if card.type.value == "mcq" else True, datetime.now(UTC))
        app.session.finish(datetime.now(UTC))

    monkeypatch.setattr(ExamApp, "run", sit)
    out = tmp_path / "results"
    code = main(
        [
            "exam",
            str(deck_file),
            "--student",
            "Ana",
            "--count",
            "2",
            "--seed",
            "77",
            "--time-limit",
            "1.5",
            "--out",
            str(out),
            "--feedback",
            "none",
        ]
    )
    assert code == 0
    assert seen == {"student": "Ana", "limit": 90, "feedback": "none", "n": 2}
    [file] = out.glob("*.json")
    data = json.loads(file.read_text(encoding="utf-8"))
    assert data["seed"] == 77 and data["deck"]["id"] == "tiny" and data["score"] == 1
    assert f"saved to {file}" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--topics", "nope"], "unknown topic(s) nope"),
        (["--count", "0"], "--count must be at least 1"),
        (["--time-limit", "0"], "--time-limit must be a positive number"),
        (["--student", "  "], "--student is empty"),
    ],
)
def test_exam_command_bad_options_are_clear_errors(
    deck_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    assert main(["exam", str(deck_file), "--out", str(tmp_path / "r"), *extra]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_exam_command_missing_deck_and_unwritable_out(
    deck_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["exam", str(tmp_path / "missing.yaml")]) == 1
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    assert main(["exam", str(deck_file), "--out", str(blocker / "sub")]) == 1
    err = capsys.readouterr().err
    assert "missing.yaml: no such deck file" in err and "cannot write results to" in err


def test_present_command_refuses_unknown_topics(deck_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["present", str(deck_file), "--topics", "zzz"]) == 1
    assert "unknown topic(s) zzz" in capsys.readouterr().err


def test_exam_out_never_writes_through_a_planted_symlink(
    deck_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The old probe file name, and every name a result might take, planted as links to a precious file."""
    precious = tmp_path / "precious.txt"
    precious.write_text("do not truncate me", encoding="utf-8")
    out = tmp_path / "results"
    out.mkdir()
    (out / ".ketquiz-write-test").symlink_to(precious)
    started = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    (out / "Ana_tiny_20260302T090000Z.json").symlink_to(precious)

    def sit(app: ExamApp) -> None:
        app.session = ExamSession(app.deck, app.paper, "Ana", app.out_dir, started_at=started)
        app.session.start()
        app.session.finish(started)

    monkeypatch.setattr(ExamApp, "run", sit)
    assert main(["exam", str(deck_file), "--student", "Ana", "--out", str(out)]) == 0
    assert precious.read_text(encoding="utf-8") == "do not truncate me"
    assert (out / "Ana_tiny_20260302T090000Z-2.json").is_file()
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == [".ketquiz-write-test"]


def test_a_bug_that_stops_the_exam_app_keeps_the_answers_and_says_so(
    deck_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The app stops on a bug mid-exam (Textual writes its traceback to the app's error console): the answers
    given are saved as an incomplete result, and the command then reports the bug (exit 70, a crash report)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("KETQUIZ_DEBUG", raising=False)

    def sit_then_crash(app: ExamApp) -> None:
        app.session = ExamSession(
            app.deck, app.paper, "Ana", app.out_dir, started_at=datetime.now(UTC), time_limit_s=None
        )
        app.session.start()
        card = app.paper.items[0].card
        app.session.answer(0, card.correct[0] if card.type.value == "mcq" else True, datetime.now(UTC))
        app.error_console.print("Traceback (most recent call last):\nZeroDivisionError: boom")

    monkeypatch.setattr(ExamApp, "run", sit_then_crash)
    out = tmp_path / "results"
    assert main(["exam", str(deck_file), "--student", "Ana", "--count", "2", "--out", str(out)]) == 70
    [file] = out.glob("*.json")
    data = json.loads(file.read_text(encoding="utf-8"))
    assert data["complete"] is False and data["score"] == 1
    captured = capsys.readouterr()
    assert f"saved to {file}" in captured.out
    assert "internal error" in captured.err and "ZeroDivisionError: boom" in captured.err
    assert "Traceback" not in captured.err
    assert list((tmp_path / "cache" / "ketquiz" / "crashes").glob("crash-*.txt"))
