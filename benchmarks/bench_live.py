"""A live class under load: 60 students answer within 2 seconds of a question opening.

    python benchmarks/bench_live.py [--students 60] [--window 2.0]

Each simulated student is a process of its own, as a served student's app is, and does what that app does when
the student presses Enter: one write to the session file. The teacher's console (the real one, headless) polls
the file as it does in class. Printed: how many answers were recorded (all of them expected), and the delay from
the last answer's commit to the console's count showing it (target under 1 s), beside the same delay for one
student measured in this run.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing as mp
import random
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DECK = REPO / "decks" / "ketamine-depression.yaml"


def _student(folder: str, name: str, window: float, seed: int) -> None:
    """Join, wait for the first question to open, answer at a random moment within ``window`` seconds."""
    from ketquiz.classroom.live_store import LiveSession

    rng = random.Random(seed)
    session = LiveSession.open(Path(folder))
    me = session.join(name, datetime.now(UTC))
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        question = session.current()
        if question is not None:
            break
        time.sleep(0.3)  # as often as a student's screen reads the session
    else:
        return
    delay = (question.opened_at + timedelta(seconds=rng.uniform(0, window))) - datetime.now(UTC)
    time.sleep(max(0.0, delay.total_seconds()))
    session.answer(me.id, question.position, 0, False, datetime.now(UTC))
    session.close()


async def _run(students: int, window: float) -> tuple[int, float, float]:
    """(answers recorded, seconds from the last answer to the console showing the count, seconds to open)."""
    from ketquiz.classroom.live_quiz import new_session
    from ketquiz.commands.common import load_checked_deck
    from ketquiz.ui.screens.live_teacher import LiveTeacherApp, Where

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "session"
        setup = new_session(
            folder,
            [DECK],
            load_checked_deck,
            now=datetime.now(UTC),
            seed=1,
            count=3,
            topics=None,
            include_contested=False,
            seconds=30.0,
            code="123456",
        )
        ctx = mp.get_context("spawn")
        procs = [
            ctx.Process(target=_student, args=(str(folder), f"student {n}", window, n))
            for n in range(students)
        ]
        for p in procs:
            p.start()
        app = LiveTeacherApp(
            setup.session, setup.deck, setup.paper, Where("127.0.0.1:1", ("",), "123456"), Path(tmp)
        )
        async with app.run_test(size=(100, 40)) as pilot:
            for _ in range(1200):  # everyone joined (bounded: 2 minutes)
                if len(setup.session.students()) == students:
                    break
                await pilot.pause(0.1)
            await pilot.press("n")
            shown_at = None
            for _ in range(3000):  # bounded: 30 s
                if app.shown_count >= students:
                    shown_at = datetime.now(UTC)
                    break
                await pilot.pause(0.01)
            for p in procs:
                p.join(timeout=30)
            answers = setup.session.answers(position=0)
            last = max((a.answered_at for a in answers), default=datetime.now(UTC))
            question = setup.session.current()
            assert question is not None
            delay = (shown_at - last).total_seconds() if shown_at else float("inf")
            spread = (last - question.opened_at).total_seconds()
        setup.session.close()
        return len(answers), delay, spread


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=60)
    parser.add_argument(
        "--window", type=float, default=2.0, help="seconds within which every student answers"
    )
    args = parser.parse_args()
    one_n, one_delay, _ = asyncio.run(_run(1, args.window))
    n, delay, spread = asyncio.run(_run(args.students, args.window))
    print(f"students: {args.students}, answering within {args.window:g} s of the question opening")
    print(f"answers recorded:                   {n}/{args.students}")
    print(f"last answer came {spread:.2f} s after the question opened")
    print(f"last answer -> console count shown: {delay:.3f} s  (target < 1 s)")
    print(f"same delay for one student:         {one_delay:.3f} s  ({one_n}/1 recorded)")
    if one_delay > 0:
        print(f"ratio (class / one student):        {delay / one_delay:.2f}x")


if __name__ == "__main__":
    main()
