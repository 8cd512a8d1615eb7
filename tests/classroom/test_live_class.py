"""A whole live class: the teacher's console under Pilot, a real server, two browsers and one `ketquiz join`.

The students' apps are real processes started by the server (one per connection), as in a classroom; every
wait is bounded and everything is stopped at the end.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import functools
import os
import pty
import re
import signal
import struct
import subprocess
import sys
import termios
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import aiohttp
import pytest

pytest.importorskip("textual_serve")

from ketquiz.classroom.live_client import JoinError, Target, relay  # noqa: E402
from ketquiz.classroom.live_quiz import LiveSetup, new_session, resume_session, right_choices  # noqa: E402
from ketquiz.classroom.live_store import LiveSession  # noqa: E402
from ketquiz.classroom.results import load_results  # noqa: E402
from ketquiz.classroom.server import ClassroomServer, ServeOptions, bind  # noqa: E402
from ketquiz.cli import main  # noqa: E402
from ketquiz.commands.common import load_checked_deck  # noqa: E402
from ketquiz.ui.screens.live_student import LiveStudentApp  # noqa: E402
from ketquiz.ui.screens.live_teacher import LiveTeacherApp, Where  # noqa: E402
from tests.screen import screen_lines  # noqa: E402
from tests.waiting import until  # noqa: E402

from .serving import Browser, ws_status  # noqa: E402
from .test_exam_command import DECK, SOURCE  # noqa: E402

CODE = "4711"


class JoinClient:
    """``ketquiz join``'s relay, fed keys from a queue, its screen kept in memory."""

    def __init__(self, target: Target) -> None:
        self.keys: asyncio.Queue[str] = asyncio.Queue()
        self.screen = bytearray()
        self.target = target
        self.task: asyncio.Task[None] | None = None
        self.http: aiohttp.ClientSession | None = None

    async def _keys(self) -> AsyncIterator[str]:
        while True:
            yield await self.keys.get()

    async def start(self) -> None:
        self.http = aiohttp.ClientSession()
        self.task = asyncio.create_task(relay(self.http, self.target, CODE, self._keys(), self.screen.extend))

    async def type(self, text: str) -> None:
        await self.keys.put(text)

    async def read_until(self, needle: str, timeout: float = 30.0) -> bool:
        for _ in range(int(timeout * 10)):
            if needle.encode() in self.screen:
                return True
            await asyncio.sleep(0.1)
        return False

    async def close(self) -> None:
        if self.task is not None:
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self.task
        if self.http is not None:
            await self.http.close()


def _phase(app: LiveTeacherApp) -> tuple[str, int]:
    """The console's phase and question position as it last read them."""
    snap = app.snapshot
    if snap is None:
        return ("", -1)
    return (snap.phase, snap.question.position if snap.question else -1)


def _in_phase(app: LiveTeacherApp, expected: tuple[str, int]) -> bool:
    return _phase(app) == expected


def _reached(app: LiveTeacherApp, phase: str) -> bool:
    return _phase(app)[0] == phase


def _answered(session: LiveSession, position: int, count: int) -> bool:
    return session.answer_count(position) == count


def _letter(n: int) -> str:
    return "ABCDEFGH"[n]


#: Real student processes start on a loaded machine: a state may take this long (seconds) to show.
_until = functools.partial(until, timeout=30.0)

MakeClass = Callable[..., LiveSetup]


@pytest.fixture
def deck_dir(tmp_path: Path) -> Path:
    """The tiny deck and its source, in the folder the test works in."""
    (tmp_path / "s.txt").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "deck.yaml").write_text(DECK, encoding="utf-8")
    return tmp_path


@pytest.fixture
def live_class(deck_dir: Path) -> Iterator[MakeClass]:
    """Makes a new live session over the tiny deck (two minutes a question, the code CODE), as ``ketquiz live``
    does; every session made is closed after the test."""
    made: list[LiveSetup] = []

    def make(leaderboard: bool = False) -> LiveSetup:
        setup = new_session(
            deck_dir / "session",
            [deck_dir / "deck.yaml"],
            load_checked_deck,
            now=datetime.now(UTC),
            seed=3,
            count=None,
            topics=None,
            include_contested=False,
            seconds=120.0,
            code=CODE,
            leaderboard=leaderboard,
        )
        made.append(setup)
        return setup

    yield make
    for setup in made:
        setup.session.close()


async def test_a_whole_live_class(tmp_path: Path, live_class: MakeClass) -> None:
    setup = live_class()
    sock = bind("127.0.0.1", 0)
    port = sock.getsockname()[1]
    server = ClassroomServer(
        ServeOptions(command=setup.student_command(sys.executable), title="Live: Tiny deck", code=CODE)
    )
    stop = server.start_in_thread(sock)
    out = tmp_path / "results"
    where = Where(f"127.0.0.1:{port}", (f"http://127.0.0.1:{port}/",), CODE)
    app = LiveTeacherApp(setup.session, setup.deck, setup.paper, where, out, poll_s=0.1)
    origin = f"http://127.0.0.1:{port}"
    students: list[Browser | JoinClient] = []
    try:
        async with app.run_test(size=(100, 40)) as pilot:
            ws = f"ws://127.0.0.1:{port}/ws/{CODE}"
            assert await ws_status(ws, {"Origin": "http://evil.example"}) == 403  # security as serve
            assert await ws_status(f"ws://127.0.0.1:{port}/ws/0000", {"Origin": origin}) == 403
            for _ in range(2):
                students.append(await Browser.open(ws, origin))
            join = JoinClient(Target.parse(f"127.0.0.1:{port}"))
            await join.start()
            students.append(join)
            for student, name in zip(students, ("Ana", "王芳", "Dmitri"), strict=True):
                assert await student.read_until("Live quiz"), name
                await student.type(name + "\r")
            assert await _until(pilot, lambda: app.snapshot is not None and app.snapshot.students == 3)
            board = str(app.query_one("#live-board").render())
            assert "Ana" in board and "王芳" in board and "Dmitri" in board  # the roster

            for position, item in enumerate(setup.paper.items):
                await pilot.press("n")
                assert await _until(pilot, functools.partial(_in_phase, app, ("open", position)))
                right = min(right_choices(item))
                wrong = next(n for n in range(5) if n not in right_choices(item))
                picks = [right, wrong, right]  # a multi question: one tick each (right alone scores partly)
                for student, pick in zip(students, picks, strict=True):
                    assert await student.read_until(f"question {position + 1} of")
                    await student.type(_letter(pick))
                    await student.type("\r")
                assert await _until(pilot, functools.partial(_answered, setup.session, position, 3))
                if position == 0:  # Ana's page reloads: she rejoins under her name, her answer kept
                    await students[0].close()
                    students[0] = await Browser.open(f"ws://127.0.0.1:{port}/ws/{CODE}", origin)
                    assert await students[0].read_until("Live quiz")
                    await students[0].type("ana\r")
                    assert await students[0].read_until("Your answer is in")
                    assert len(setup.session.students()) == 3
                assert await _until(
                    pilot, lambda: app.shown_count == 3
                )  # the console's count shows all three
                assert "3 answered" in str(app.query_one("#live-status").render())
                await pilot.press("r")
                assert await _until(pilot, lambda: _phase(app)[0] == "revealed")
                board = str(app.query_one("#live-board").render())
                assert f"✓ {_letter(right)}" in board and "Source:" in board
                counts = {m[0]: int(m[1]) for m in re.findall(r"^[✓ ] ([A-H]) +(\d+)", board, re.MULTILINE)}
                assert counts[_letter(right)] == 2 and counts[_letter(wrong)] == 1
                first = students[0]
                assert await first.read_until("Right!")

            await pilot.press("e")
            await pilot.press("y")
            assert await _until(pilot, lambda: bool(app.written))
            assert "Share right" in str(app.query_one("#live-board").render())
    finally:
        for student in students:
            await student.close()
        stop()
    loaded = load_results(out)
    assert len(loaded.results) == 3 and not loaded.warnings
    scores = {r.student: r.score for _, r in loaded.results}
    n = len(setup.paper.items)
    assert scores == {"Ana": n, "王芳": 0, "Dmitri": n}
    assert main(["report", str(out)]) == 0


def _drain(fd: int, into: bytearray) -> None:
    with contextlib.suppress(OSError):
        while chunk := os.read(fd, 65536):
            into.extend(chunk)


async def test_killing_the_console_mid_question_loses_no_answer(deck_dir: Path) -> None:
    folder = deck_dir / "session"
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    argv = ["live", "deck.yaml", "--session", "session", "--port", "0", "--code", CODE, "--seconds", "300"]
    console = subprocess.Popen(
        [sys.executable, "-m", "ketquiz", *argv],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        cwd=deck_dir,
        env={**os.environ, "TERM": "xterm-256color"},
        start_new_session=True,
    )
    os.close(slave)
    screen = bytearray()
    reader = threading.Thread(target=_drain, args=(master, screen), daemon=True)
    reader.start()
    try:
        for _ in range(300):  # the console is up (bounded: 30 s)
            if b"Code" in screen and (folder / "session.sqlite3").exists():
                break
            await asyncio.sleep(0.1)
        session = LiveSession.open(folder)
        ana, bo = session.join("Ana", datetime.now(UTC)), session.join("Bo", datetime.now(UTC))
        os.write(master, b"n")  # the teacher opens the first question
        for _ in range(300):
            if session.current() is not None:
                break
            await asyncio.sleep(0.1)
        question = session.current()
        assert question is not None and question.position == 0
        session.answer(ana.id, 0, 0, True, datetime.now(UTC))
        session.answer(bo.id, 0, 1, False, datetime.now(UTC))
        console.send_signal(signal.SIGKILL)  # mid-question
        console.wait(timeout=10)
        session.close()
    finally:
        if console.poll() is None:
            console.kill()
            console.wait(timeout=10)
        os.close(master)
    setup = resume_session(folder, load_checked_deck)
    where = Where("127.0.0.1:1", ("http://127.0.0.1:1/",), setup.code)
    app = LiveTeacherApp(setup.session, setup.deck, setup.paper, where, deck_dir / "results", poll_s=0.1)
    async with app.run_test(size=(100, 40)) as pilot:
        assert await _until(pilot, lambda: app.snapshot is not None)
        assert app.snapshot is not None and (app.snapshot.phase, app.snapshot.answers) == ("open", 2)
        assert "2 answered" in str(app.query_one("#live-status").render())
        await pilot.press("r")
        assert await _until(pilot, lambda: _phase(app)[0] == "revealed")
        await pilot.press("e", "y")
        assert await _until(pilot, lambda: bool(app.written))
    setup.session.close()
    assert sorted(r.student for _, r in load_results(deck_dir / "results").results) == ["Ana", "Bo"]


@pytest.mark.parametrize(
    ("typed", "base"),
    [
        ("192.168.1.20:8000", "http://192.168.1.20:8000/"),
        ("http://192.168.1.20:8000/?code=1", "http://192.168.1.20:8000/"),
        ("[fd00::2]:8000", "http://[fd00::2]:8000/"),
    ],
)
def test_join_takes_the_address_shown(typed: str, base: str) -> None:
    assert str(Target.parse(typed).base) == base


@pytest.mark.parametrize("typed", ["nonsense", "192.168.1.20", "ftp://h:21", ""])
def test_join_refuses_what_is_not_an_address(typed: str) -> None:
    with pytest.raises(JoinError, match="not an address"):
        Target.parse(typed)


@pytest.mark.parametrize("leaderboard", [False, True])
async def test_names_reach_the_projector_only_with_a_leaderboard(
    tmp_path: Path, live_class: MakeClass, leaderboard: bool
) -> None:
    setup = live_class(leaderboard=leaderboard)
    student = setup.session.join("Zoë Quill", datetime.now(UTC))
    where = Where("127.0.0.1:1", ("http://127.0.0.1:1/",), CODE, local_only=True)
    app = LiveTeacherApp(setup.session, setup.deck, setup.paper, where, tmp_path / "out", poll_s=0.1)
    async with app.run_test(size=(100, 40)) as pilot:
        assert await _until(pilot, lambda: _phase(app)[0] == "lobby")
        lobby = str(app.query_one("#live-board").render())
        assert "Zoë Quill" in lobby and "Only this computer can join" in lobby  # the roster, before the quiz
        await pilot.press("n")
        assert await _until(pilot, functools.partial(_in_phase, app, ("open", 0)))
        setup.session.answer(student.id, 0, min(right_choices(setup.paper.items[0])), True, datetime.now(UTC))
        assert await _until(pilot, lambda: app.shown_count == 1)
        assert "Zoë" not in str(app.query_one("#live-board").render())  # who answered is never shown
        await pilot.press("r")
        assert await _until(pilot, lambda: _phase(app)[0] == "revealed")
        revealed = str(app.query_one("#live-board").render())
        assert ("Leaderboard" in revealed and "Zoë Quill  1 right" in revealed) is leaderboard
        assert ("Zoë" in revealed) is leaderboard
        await pilot.press("n")  # a second console on the session could have opened it: either way no crash


def test_a_port_in_use_leaves_no_session_behind(deck_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with bind("127.0.0.1", 0) as taken:
        port = taken.getsockname()[1]
        argv = ["live", str(deck_dir / "deck.yaml"), "--port", str(port), "--session", str(deck_dir / "s")]
        assert main(argv) == 1
    assert "cannot listen" in capsys.readouterr().err
    assert not (deck_dir / "s").exists()


async def test_a_student_rejoins_with_a_hostile_name_and_answers(live_class: MakeClass) -> None:
    setup = live_class()
    name = "[/b] Zoë\x1b]0;owned\x07"
    first = setup.session.join(name, datetime.now(UTC))
    setup.session.open_question(0, datetime.now(UTC), 120)
    item = setup.paper.items[0]
    right = min(right_choices(item))
    app = LiveStudentApp(setup.session, setup.deck, setup.paper, poll_s=0.1)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(
            *"[/B] zoë]0;owned", "enter"
        )  # the same learner, rejoining: markup in a name is text
        assert await _until(pilot, lambda: app.student is not None)
        assert app.student is not None and app.student.id == first.id and app.student.rejoined
        await pilot.press("enter")  # nothing chosen yet: asked to choose
        assert "Choose an answer first" in str(app.query_one("#live-body").render())
        await pilot.press(_letter(right).lower(), "enter")
        assert await _until(pilot, lambda: setup.session.answer_count(0) == 1)
        status = screen_lines(app)[0]
        assert "\x1b" not in status and "Zoë" in status
    answers = setup.session.answers(student_id=first.id)
    assert [(a.response, a.correct) for a in answers] == [(right, True)]


async def test_a_long_name_is_cut_on_a_narrow_screen_and_the_countdown_kept_whole(
    live_class: MakeClass,
) -> None:
    setup = live_class()
    setup.session.open_question(0, datetime.now(UTC), 120)
    app = LiveStudentApp(setup.session, setup.deck, setup.paper, poll_s=0.1)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        await pilot.press(*"Bartholomew Featherstonehaugh-Whitcombe", "enter")
        assert await _until(pilot, lambda: app.snapshot is not None)
        await pilot.pause()
        lines = screen_lines(app)
    assert re.match(r" Bartholomew.*… · question 1 of \d+ · \d+ s left", lines[0])
    assert not lines[1].strip()  # nothing of the status wrapped onto a second line


async def test_the_summary_is_drawn_again_when_the_console_is_resized(
    tmp_path: Path, live_class: MakeClass
) -> None:
    setup = live_class()
    setup.session.end(datetime.now(UTC))
    where = Where("127.0.0.1:1", ("http://127.0.0.1:1/",), CODE)
    app = LiveTeacherApp(setup.session, setup.deck, setup.paper, where, tmp_path / "out", poll_s=0.1)
    async with app.run_test(size=(60, 30)) as pilot:
        assert await _until(pilot, lambda: _phase(app)[0] == "ended")
        prompt = max((item.card.prompt for item in setup.paper.items), key=len)
        assert len(prompt) > 60 - 24  # longer than the summary has room for at 60 columns
        assert prompt not in str(app.query_one("#live-board").render())
        await pilot.resize_terminal(120, 30)
        assert await _until(pilot, lambda: prompt in str(app.query_one("#live-board").render()))


async def test_every_key_of_the_console_reads_whole_at_60_columns(
    tmp_path: Path, live_class: MakeClass
) -> None:
    """The teacher's key bar at 60x20, in every phase: each key the console offers then, its words whole."""
    setup = live_class()
    setup.session.join("Ana", datetime.now(UTC))
    where = Where("127.0.0.1:1", ("http://127.0.0.1:1/",), CODE)
    app = LiveTeacherApp(setup.session, setup.deck, setup.paper, where, tmp_path / "out", poll_s=0.1)
    keys = {
        "lobby": ("n Next question", "e End quiz", "q Quit (resume later)"),
        "open": ("r Reveal", "e End quiz", "q Quit (resume later)"),
        "revealed": ("n Next question", "e End quiz", "q Quit (resume later)"),
        "ended": ("w Write result files", "q Quit (resume later)"),
    }
    async with app.run_test(size=(60, 20)) as pilot:
        for phase, press in (("lobby", ""), ("open", "n"), ("revealed", "r"), ("ended", "")):
            if press:
                await pilot.press(press)
            if phase == "ended":
                setup.session.end(datetime.now(UTC))  # ended by another console: no result file written yet
            assert await _until(pilot, functools.partial(_reached, app, phase))
            await pilot.pause()
            bar = screen_lines(app)[-1]
            assert all(key in bar for key in keys[phase]), (phase, bar)
            assert "…" not in bar


async def test_the_consoles_hints_read_whole_at_60_columns(tmp_path: Path, live_class: MakeClass) -> None:
    """The status line's "r: reveal now" and the end dialog's "y: end · n: go on" are never split over two lines
    (at 60 columns they split after "r:" and "y: end ·"): where a hint does not fit after the last word, it starts
    a line of its own; where it fits, as at 80 columns, it follows on the same line."""
    setup = live_class()
    setup.session.join("Ana", datetime.now(UTC))
    where = Where("127.0.0.1:1", ("http://127.0.0.1:1/",), CODE)
    app = LiveTeacherApp(setup.session, setup.deck, setup.paper, where, tmp_path / "out", poll_s=0.1)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("n")
        assert await _until(pilot, functools.partial(_reached, app, "open"))
        await pilot.pause()
        lines = screen_lines(app)
        assert any("r: reveal now" in line for line in lines), lines
        assert not any(line.rstrip().endswith(("r:", "·")) for line in lines), lines
        await pilot.press("e")
        await pilot.pause()
        lines = screen_lines(app)
        assert any("y: end · n: go on" in line for line in lines), lines
        await pilot.press("n")
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert await _until(
            pilot, lambda: any(" answered · " in ln and "r: reveal now" in ln for ln in screen_lines(app))
        )
