"""How fast the study app starts and moves on after a grade, next to a bare Textual app measured in this run.

    python benchmarks/bench_tui.py [--cards 10000] [--repeat 5] [--grades 30]

1. Launch to interactive, each in a fresh process (imports included), best of ``--repeat``:
   - a bare Textual app painting one label (the baseline);
   - ketquiz: the home screen painted and taking keys, and the home screen showing the decks with their counts
     (decks listed, study state opened, counts read). With every deck compiled (the warm cache measured here) and
     known to the store, decks and counts are read before the first paint, without their cards, so the two are
     one frame at any size; a deck read from its YAML, or new to the store, follows a first paint that says the
     decks are loading.
   Target: the home screen with decks and counts within 1.3x the bare app.
2. Grade to next card: from pressing a grade key to the next card painted, over ``--grades`` answers in a study
   session (every answer committed to the store on the way). Target: under 50 ms.

Both with the bundled decks (when present) and with a generated deck of ``--cards`` cards.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

BARE_APP = """
import os, sys, time
from textual.app import App
from textual.widgets import Label

marks = {}

class Bare(App):
    def compose(self):
        yield Label("ready")
    def on_mount(self):
        self.call_after_refresh(self.done)
    def done(self):
        marks["painted"] = time.time()
        self.exit()

Bare().run(headless="BENCH_IN_TERMINAL" not in os.environ)
print("painted", marks.get("painted"), flush=True)  # once the terminal is given back
"""

KETQUIZ_APP = """
import os, sys, time
from pathlib import Path
from ketquiz.ui import startup

startup.pause()  # as `ketquiz study` does before anything else
from ketquiz.ui.app import build_app

app = build_app([Path(p) for p in sys.argv[2:]], Path(sys.argv[1]), seed=1)
marks = {}

def painted():
    marks.setdefault("painted", time.time())

def poll():
    if "painted" not in marks and app.screen is app.home and app.home.is_mounted:
        app.call_after_refresh(painted)
    if app.catalog is not None and "decks" not in marks:
        marks["decks"] = 0.0
        app.call_after_refresh(lambda: (marks.__setitem__("decks", time.time()), app.exit()))

app.call_later(lambda: app.set_interval(0.002, poll))
app.run(headless="BENCH_IN_TERMINAL" not in os.environ)
print("painted", marks.get("painted"), flush=True)
print("decks", marks.get("decks"), flush=True)
"""


def _launch(code: str, *args: str) -> dict[str, float]:
    # The terminal's size, as a terminal reports it (see bench_scale.TERMINAL): both apps laid out once for it.
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", COLUMNS="80", LINES="24")
    start = time.time()
    out = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, check=True
    )
    marks = {}
    for line in out.stdout.splitlines():
        name, _, value = line.partition(" ")
        if value and value != "None":
            marks[name] = float(value) - start
    return marks


def launch_times(repeat: int, deck_paths: list[Path], data_dir: Path) -> tuple[float, float, float]:
    bare, painted, decks = [], [], []
    _launch(BARE_APP)  # warm the file cache
    _launch(KETQUIZ_APP, str(data_dir), *map(str, deck_paths))  # ... and create the store once
    for _ in range(repeat):
        bare.append(_launch(BARE_APP)["painted"])
        marks = _launch(KETQUIZ_APP, str(data_dir), *map(str, deck_paths))
        painted.append(marks["painted"])
        decks.append(marks["decks"])
    return min(bare), min(painted), min(decks)


async def grade_latencies(
    deck_paths: list[Path], data_dir: Path, grades: int
) -> tuple[list[float], list[float]]:
    """Per answer: time from the grade to the first paint (which shows the next card) and until the screen
    settles (key bar and the rest redrawn; nothing painted for 250 ms)."""
    from ketquiz.core.model import CardType
    from ketquiz.ui.app import build_app
    from ketquiz.ui.screens.review import ReviewScreen

    app = build_app(deck_paths, data_dir, seed=1)
    paints: list[float] = []
    display = app._display

    def timed_display(screen: Any, renderable: Any) -> None:
        display(screen, renderable)
        paints.append(time.perf_counter())

    app._display = timed_display  # type: ignore[method-assign]
    first: list[float] = []
    settled: list[float] = []
    async with app.run_test(size=(100, 30)) as pilot:
        await app.wait_until_loaded()
        await pilot.pause()
        await pilot.press("s")
        for _ in range(grades):
            screen = app.screen
            if not isinstance(screen, ReviewScreen) or screen.session.current is None:
                break
            kind = screen.session.current.card.type
            keys = {
                CardType.BASIC: ["space"],
                CardType.MCQ: ["1"],
                CardType.MULTI: ["1", "enter"],
                CardType.TRUEFALSE: ["t"],
            }.get(kind, ["x", "enter"])
            await pilot.press(*keys)
            await asyncio.sleep(0.25)
            paints.clear()
            start = time.perf_counter()
            await pilot.press("3")  # commit the answer (Good) and draw the next card
            await asyncio.sleep(0.25)
            if paints:
                first.append(paints[0] - start)
                settled.append(paints[-1] - start)
        await pilot.press("escape")
    return first, settled


def _describe(values: list[float]) -> str:
    p95 = sorted(values)[max(0, round(len(values) * 0.95) - 1)]
    return f"median {statistics.median(values) * 1000:5.1f} ms, p95 {p95 * 1000:5.1f} ms, max {max(values) * 1000:5.1f} ms"


def report(name: str, deck_paths: list[Path], repeat: int, grades: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "state"
        bare, painted, decks = launch_times(repeat, deck_paths, data_dir)
        print(f"\n== {name}")
        print(f"bare Textual app, one label painted : {bare * 1000:7.0f} ms")
        print(
            f"ketquiz home painted, taking keys    : {painted * 1000:7.0f} ms   ratio {painted / bare:.2f}x"
        )
        print(
            f"ketquiz home with decks and counts   : {decks * 1000:7.0f} ms   ratio {decks / bare:.2f}x (target <= 1.3x)"
        )
        first, settled = asyncio.run(grade_latencies(deck_paths, Path(tmp) / "state2", grades))
        if first:
            print(f"grade -> next card painted ({len(first)} answers): {_describe(first)} (target < 50 ms)")
            print(f"grade -> screen settled (key bar too)   : {_describe(settled)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cards", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--grades", type=int, default=30)
    args = ap.parse_args()
    import compileall

    import ketquiz

    # Byte-compiled as an installed copy is, as bench_scale does: the launches run with PYTHONDONTWRITEBYTECODE,
    # and a module edited since its last compile would otherwise be compiled again in every launch.
    compileall.compile_dir(str(Path(ketquiz.__file__).parent), quiet=1)
    bundled = REPO / "decks"
    if any(bundled.glob("*.yaml")):
        report("bundled decks", [bundled], args.repeat, args.grades)
    else:
        print("(no bundled deck yet: skipped)")
    from bench_check import generate  # the same generated deck the check benchmark uses

    with tempfile.TemporaryDirectory() as tmp:
        deck = generate(Path(tmp) / "deck", args.cards)
        report(f"generated deck, {args.cards:,} cards", [deck], args.repeat, args.grades)


if __name__ == "__main__":
    main()
