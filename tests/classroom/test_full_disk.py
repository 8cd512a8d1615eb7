"""A full disk never costs an answer and is never reported as a save.

The same promises are checked twice: on a real full filesystem (a small tmpfs mounted for the test, when the
machine lets us mount one) and with an injected ``OSError(ENOSPC)`` everywhere else.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from textual.widgets import Static

from ketquiz.classroom import results as results_module
from ketquiz.classroom.paper import build_paper
from ketquiz.classroom.session import ExamSession
from ketquiz.cli import main
from ketquiz.core.model import Deck
from ketquiz.ui.apps import ExamApp
from ketquiz.ui.screens.exam import ExamEndScreen, QuestionScreen

from .conftest import START
from .test_exam_command import deck_file  # noqa: F401  (fixture)
from .test_session import _right_answer


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 256 KiB tmpfs: a real filesystem that fills up. Skipped where mounting is not permitted."""
    if sys.platform != "linux" or os.geteuid() != 0:
        pytest.skip("mounting a small filesystem needs root on Linux")
    mnt = tmp_path / "disk"
    mnt.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mnt)], capture_output=True, check=False
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True, check=False)


def fill(disk: Path) -> Path:
    """Fill ``disk`` to the last byte; returns the filler file (delete it to free the space)."""
    filler = disk / "filler"
    fd = os.open(filler, os.O_CREAT | os.O_WRONLY | os.O_APPEND, 0o644)
    try:
        for size in (65536, 4096, 1):
            try:
                while True:
                    os.write(fd, b"\0" * size)
            except OSError as exc:
                assert exc.errno == errno.ENOSPC
    finally:
        os.close(fd)
    return filler


def _answered(path: Path) -> int:
    return sum(i["answered"] for i in json.loads(path.read_text(encoding="utf-8"))["items"])


def _sit(deck: Deck, out: Path, rescue: Path) -> ExamSession:
    s = ExamSession(deck, build_paper(deck, seed=11), "Ana", out, started_at=START, rescue_dir=rescue)
    s.start()
    return s


def _answer(s: ExamSession, n: int) -> None:
    s.answer(n, _right_answer(s.paper.items[n].card), START + timedelta(seconds=10 * (n + 1)))


def test_real_full_disk_keeps_answers_in_a_rescue_copy_and_retries(
    deck: Deck, small_disk: Path, tmp_path: Path
) -> None:
    rescue = tmp_path / "data" / "exam-rescue"
    s = _sit(deck, small_disk / "results", rescue)
    assert s.saved and s.path is not None
    _answer(s, 0)
    filler = fill(small_disk)
    _answer(s, 1)
    assert not s.saved and s.save_error == os.strerror(errno.ENOSPC)
    assert _answered(s.path) == 1  # the result file is the last whole version, never a torn one
    assert s.rescue_path is not None and _answered(s.rescue_path) == 2
    assert str(s.rescue_path) in s.save_problem and "NOT SAVED" in s.save_problem
    assert s.items[1].answered  # and in memory
    filler.unlink()  # the teacher frees space: the next answer saves everything
    _answer(s, 2)
    assert s.saved and _answered(s.path) == 3 and s.save_problem == ""
    assert not list(rescue.iterdir())  # the stale rescue copy is gone


def test_injected_enospc_keeps_answers_in_a_rescue_copy(
    deck: Deck, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, rescue = tmp_path / "results", tmp_path / "rescue"
    s = _sit(deck, out, rescue)
    real = results_module.write_temp

    def full(directory: Path, data: bytes, prefix: str = ".ketquiz-", mode: int = 0o644) -> Path:
        if directory == out:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(directory, data, prefix, mode)

    monkeypatch.setattr(results_module, "write_temp", full)
    _answer(s, 0)
    s.finish(START + timedelta(minutes=1))
    assert not s.saved and s.path is not None and _answered(s.path) == 0
    assert s.rescue_path is not None and json.loads(s.rescue_path.read_text("utf-8"))["complete"] is True
    assert "Saving is retried" not in s.save_problem  # the sitting is over: nothing left to retry


def test_nowhere_to_save_says_keep_the_window_open(
    deck: Deck, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    s = _sit(deck, tmp_path / "results", tmp_path / "rescue")

    def full(*args: object, **kwargs: object) -> Path:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(results_module, "write_temp", full)
    _answer(s, 0)
    assert not s.saved and s.rescue_path is None
    assert "do not close it" in s.save_problem


async def test_the_screen_warns_student_and_teacher_until_the_save_works(
    deck: Deck, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, rescue = tmp_path / "results", tmp_path / "rescue"
    app = ExamApp(deck, build_paper(deck, seed=9, count=3), out_dir=out, student="Ana", rescue_dir=rescue)
    real = results_module.write_temp
    failing = {"on": True}

    def full(directory: Path, data: bytes, prefix: str = ".ketquiz-", mode: int = 0o644) -> Path:
        if failing["on"] and directory == out:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(directory, data, prefix, mode)

    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        monkeypatch.setattr(results_module, "write_temp", full)
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        warning = screen.query_one("#exam-save-warning", Static)
        assert not warning.display
        await pilot.press("enter")  # skip: nothing to save
        card = screen.session.paper.items[screen.current].card
        await pilot.press(*_keys(card))
        await pilot.pause()
        assert warning.display and "NOT SAVED" in str(warning.render())
        assert warning.region.height > 0 and warning.region.bottom <= 24  # on screen, not scrolled away
        assert any("Not saved" in str(n.message) for n in app._notifications)
        failing["on"] = False
        card = screen.session.paper.items[screen.current].card
        await pilot.press(*_keys(card))
        await pilot.pause()
        assert not warning.display
        failing["on"] = True
        card = screen.session.paper.items[screen.current].card
        await pilot.press(*_keys(card))  # the skipped one, last: the exam ends unsaved
        await pilot.pause()
        assert isinstance(app.screen, ExamEndScreen)
        shown = "\n".join(str(w.render()) for w in app.screen.query(Static))
        assert "NOT SAVED" in shown and "Saved to" not in shown


def _keys(card: object) -> list[str]:
    from .test_exam_ui import _keys_for_right_answer

    return _keys_for_right_answer(card)


def test_exam_command_with_the_disk_full_at_the_start(
    deck_file: Path,  # noqa: F811
    small_disk: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    fill(small_disk)
    code = main(["exam", str(deck_file), "--student", "Ana", "--out", str(small_disk / "r")])
    err = capsys.readouterr().err
    assert code == 1
    assert "cannot write results to" in err and "No space left on device" in err and "Traceback" not in err


def test_exam_command_with_injected_enospc_at_the_start(
    deck_file: Path,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def full(*args: object, **kwargs: object) -> Path:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(results_module, "write_temp", full)
    ran: list[bool] = []
    monkeypatch.setattr(ExamApp, "run", lambda app: ran.append(True))
    assert main(["exam", str(deck_file), "--student", "Ana", "--out", str(tmp_path / "r")]) == 1
    err = capsys.readouterr().err
    assert "No space left on device" in err and not ran


def test_exam_command_never_claims_a_save_it_did_not_make(
    deck_file: Path,  # noqa: F811
    small_disk: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("KETQUIZ_DATA_DIR", str(tmp_path / "data"))

    def sit(app: ExamApp) -> None:  # the terminal: the disk fills after the start, then one answer, then quit
        app.begin("Ana")
        session = app.session
        assert session is not None and session.saved
        fill(small_disk)
        card = app.paper.items[0].card
        session.answer(0, _right_answer(card), datetime.now(UTC))
        session.finish(datetime.now(UTC))

    monkeypatch.setattr(ExamApp, "push_screen", lambda self, *a, **k: None)
    monkeypatch.setattr(ExamApp, "run", sit)
    code = main(["exam", str(deck_file), "--student", "Ana", "--seed", "5", "--out", str(small_disk / "r")])
    captured = capsys.readouterr()
    assert code == 1
    assert "saved to" not in captured.out and "NOT SAVED" in captured.err
    [rescued] = (tmp_path / "data" / "exam-rescue").iterdir()
    assert str(rescued) in captured.err
    data = json.loads(rescued.read_text(encoding="utf-8"))
    assert data["complete"] is True and sum(i["answered"] for i in data["items"]) == 1


def test_exam_command_prints_the_result_when_no_disk_will_take_it(
    deck_file: Path,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def sit(app: ExamApp) -> None:
        app.begin("Ana")
        session = app.session
        assert session is not None

        def full(*args: object, **kwargs: object) -> Path:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        monkeypatch.setattr(results_module, "write_temp", full)
        session.answer(0, _right_answer(app.paper.items[0].card), datetime.now(UTC))
        session.finish(datetime.now(UTC))

    monkeypatch.setattr(ExamApp, "push_screen", lambda self, *a, **k: None)
    monkeypatch.setattr(ExamApp, "run", sit)
    assert main(["exam", str(deck_file), "--student", "Ana", "--out", str(tmp_path / "r")]) == 1
    captured = capsys.readouterr()
    printed = json.loads(captured.out)
    assert printed["format"] == "ketquiz-result/1" and printed["complete"] is True
    assert sum(i["answered"] for i in printed["items"]) == 1
    assert "NOT SAVED" in captured.err and "No copy could be written anywhere" in captured.err
