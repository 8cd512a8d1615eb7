"""ketquiz at 1,000, 10,000 and 100,000 cards: each target beside its floor, both measured in this run.

    python benchmarks/bench_scale.py [--sizes 1000,10000,100000] [--repeat 3]

Every figure is a whole process (imports included), the median of ``--repeat`` runs (one run at 100,000 cards or
more: those are heavy), with its peak RSS. Decks are generated in a temporary folder in the style of the bundled
deck (its cards repeated under new ids, its sources beside them), so 100,000 cards make about 93 MB of YAML.

| target | floor |
|---|---|
| ``ketquiz --version`` <= 1.5x | ``python -c pass`` |
| cold ``check`` (no compiled copy) < 1x | a bare libyaml ``CSafeLoader`` parse of the deck |
| warm ``due --json`` <= 2 s and <= 1.5x | ``json.load`` of the same deck (its ``export --format json``) |
| home screen with decks and counts, warm <= 1.3x | a bare Textual app painting one label (the two launched in turns, median of 11 each) |
| study: start to first card <= 2 s, peak RSS < 400 MB | |
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_tui import BARE_APP, KETQUIZ_APP  # noqa: E402  (the same launch scripts as the TUI benchmark)

REPO = Path(__file__).resolve().parents[1]
BUNDLED = REPO / "decks"
_SCRIPT = Path(sys.executable).with_name("ketquiz")  # the installed command, as a user runs it
KETQUIZ = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "ketquiz"]
HEAVY = 100_000

BARE_PARSE = "import sys, yaml; yaml.load(open(sys.argv[1], encoding='utf-8'), Loader=yaml.CSafeLoader)"
JSON_LOAD = "import json, sys; json.load(open(sys.argv[1], encoding='utf-8'))"

STUDY_APP = """
import resource, sys, time
from pathlib import Path
from ketquiz.ui import startup

startup.pause()  # as `ketquiz study` does before anything else
from ketquiz.ui.app import build_app
from ketquiz.ui.screens.review import ReviewScreen

start = time.time()
app = build_app([Path(p) for p in sys.argv[2:]], Path(sys.argv[1]), seed=1)
marks = {}

def poll():
    if app.catalog is not None and "started" not in marks:
        marks["started"] = 1
        app.start_session(app.catalog.decks[0].id, None, cram=False)
    screen = app.screen
    if isinstance(screen, ReviewScreen) and screen.session.current is not None and "card" not in marks:
        marks["card"] = 0.0
        app.call_after_refresh(lambda: (marks.__setitem__("card", time.time()), app.exit()))

app.call_later(lambda: app.set_interval(0.002, poll))
app.run(headless=True)
print("card", marks.get("card"), flush=True)
print("rss_kb", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, flush=True)
"""


def generate(folder: Path, n_cards: int) -> Path:
    """A deck of ``n_cards`` cards written like the bundled one: its cards again and again under new ids (a
    repeated card keeps its citations, so every quote is found), its topics, disagreements and sources; its own
    deck id."""
    lines = next(BUNDLED.glob("*.yaml")).read_text(encoding="utf-8").splitlines()
    first, last = lines.index("cards:"), lines.index("disagreements:")
    cards: list[list[str]] = []
    for line in lines[first + 1 : last]:
        if line.startswith("  - id: "):
            cards.append([line])
        elif cards and (line.startswith("   ") or not line.strip()):
            cards[-1].append(line)
    out = lines[: first + 1]
    # A deck of its own (not the bundled deck's id): a data folder used for both never mixes their cards.
    at = out.index("id: ketamine-depression")
    out[at] = f"id: bench-{n_cards}-cards"
    for n in range(n_cards):
        card = cards[n % len(cards)]
        copy = n // len(cards)
        out.append(card[0] + (f"-{copy}" if copy else ""))
        out.extend(card[1:])
    out.extend(lines[last:])
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(BUNDLED / "sources", folder / "sources", dirs_exist_ok=True)
    deck = folder / "deck.yaml"
    deck.write_text("\n".join(out) + "\n", encoding="utf-8")
    then = time.time() - 3600  # written "an hour ago", as a deck one studies usually was
    for f in [deck, *(folder / "sources").iterdir()]:
        os.utime(f, (then, then))
    return deck


def run(argv: Sequence[str], env: dict[str, str]) -> tuple[float, int, str]:
    """(seconds, peak RSS in MB, stdout) of one whole process."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True)
    assert proc.stdout is not None
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(argv)}")
    return elapsed, usage.ru_maxrss // 1024, out


def median_run(argv: Sequence[str], env: dict[str, str], repeat: int) -> tuple[float, int]:
    runs = [run(argv, env)[:2] for _ in range(repeat)]
    return statistics.median(t for t, _ in runs), max(m for _, m in runs)


def launch_mark(code: str, args: Sequence[str], env: dict[str, str], mark: str) -> tuple[float, int]:
    """Seconds from launch to the mark the script prints (a wall-clock time), and peak RSS."""
    start = time.time()
    _, rss, out = run([sys.executable, "-c", code, *args], env)
    for line in out.splitlines():
        name, _, value = line.partition(" ")
        if name == mark and value not in ("", "None"):
            return float(value) - start, rss
    raise SystemExit(f"no {mark!r} mark in: {out!r}")


def median_mark(
    code: str, args: Sequence[str], env: dict[str, str], mark: str, repeat: int
) -> tuple[float, int]:
    runs = [launch_mark(code, args, env, mark) for _ in range(repeat)]
    return statistics.median(t for t, _ in runs), max(m for _, m in runs)


def pty_mark(code: str, args: Sequence[str], env: dict[str, str], mark: str) -> tuple[float, int]:
    """:func:`launch_mark` in an 80x24 pseudo-terminal: Textual's real driver, writing every frame to a terminal,
    as a learner runs it. The marks are printed after the app has given the terminal back, so they end its output."""
    import pty
    import re
    import struct
    import termios
    from fcntl import ioctl

    start = time.time()
    pid, fd = pty.fork()
    if pid == 0:  # the child: its terminal 80x24 before anything asks
        ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        os.execve(
            sys.executable,
            [sys.executable, "-c", code, *args],
            {**env, "TERM": "xterm-256color", "BENCH_IN_TERMINAL": "1"},
        )
    chunks = []
    while True:
        try:
            data = os.read(fd, 1 << 16)
        except OSError:  # the child has closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    _, status, usage = os.wait4(pid, 0)
    os.close(fd)
    out = b"".join(chunks).decode("utf-8", "replace")
    found = re.findall(rf"{mark} (\d+\.\d+)", out)
    if os.waitstatus_to_exitcode(status) != 0 or not found:
        raise SystemExit(f"no {mark!r} mark in a pseudo-terminal run: {out[-300:]!r}")
    return float(found[-1]) - start, usage.ru_maxrss // 1024


#: Launches of each app behind a home-screen figure: the two differ by tens of milliseconds on a noisy machine.
HOME_RUNS = 11
#: The terminal size a headless app is told (``COLUMNS``/``LINES``, as a terminal of that size reports). Without
#: them Rich sizes a headless app at its default 80x25 and Textual's driver then at 80x24: every screen is laid out
#: three times over before it settles, a cost a real terminal never has and one that grows with the screen.
TERMINAL = {"COLUMNS": "80", "LINES": "24"}


def home_against_bare(
    args: Sequence[str], env: dict[str, str], bare_env: dict[str, str], *, in_pty: bool = False
) -> tuple[float, int, float, int]:
    """The home screen with decks and counts against the bare app, launched in turns (so drift in the machine's
    load falls on both alike), median of :data:`HOME_RUNS` each; headless in a :data:`TERMINAL`, or in a
    pseudo-terminal."""
    launch = pty_mark if in_pty else launch_mark
    env, bare_env = {**env, **TERMINAL}, {**bare_env, **TERMINAL}
    home, bare = [], []
    for _ in range(HOME_RUNS):
        bare.append(launch(BARE_APP, [], bare_env, "painted"))
        home.append(launch(KETQUIZ_APP, args, env, "decks"))
    t_home, t_bare = statistics.median(t for t, _ in home), statistics.median(t for t, _ in bare)
    rss_home, rss_bare = max(m for _, m in home), max(m for _, m in bare)
    return t_home, rss_home, t_bare, rss_bare


def line(
    label: str, value: float, rss: int, floor_label: str, floor: float, floor_rss: int, target: str
) -> None:
    print(
        f"  {label:<34} {value:8.2f} s {rss:6d} MB | {floor_label:<26} {floor:8.2f} s {floor_rss:6d} MB"
        f" | {value / floor:5.2f}x  ({target})"
    )


def bench_size(n: int, repeat: int, tmp: Path, base_env: dict[str, str]) -> None:
    reps = 1 if n >= HEAVY else repeat
    folder = tmp / f"deck-{n}"
    # In a child process: Linux reports a child's peak RSS as at least its parent's at the fork, so this process
    # stays small (a 100,000-card deck built here would add 400 MB to every figure).
    subprocess.run([sys.executable, __file__, "--generate", str(folder), str(n)], check=True)
    deck = folder / "deck.yaml"
    env = dict(base_env, KETQUIZ_CACHE_DIR=str(tmp / f"cache-{n}"), KETQUIZ_DATA_DIR=str(tmp / f"data-{n}"))
    print(f"\n== {n:,} cards ({deck.stat().st_size / 1e6:.1f} MB of YAML), median of {reps}")

    bare, bare_rss = median_run([sys.executable, "-c", BARE_PARSE, str(deck)], env, reps)
    cold = []
    for _ in range(reps):
        shutil.rmtree(tmp / f"cache-{n}", ignore_errors=True)
        cold.append(run([*KETQUIZ, "check", "-q", str(deck)], env)[:2])
    t_cold, rss_cold = statistics.median(t for t, _ in cold), max(m for _, m in cold)
    line(
        "check, cold (no compiled copy)",
        t_cold,
        rss_cold,
        "bare CSafeLoader parse",
        bare,
        bare_rss,
        "target < 1x",
    )

    exported = folder / "deck.json"
    run([*KETQUIZ, "export", str(deck), "--format", "json", "--output", str(exported)], env)
    t_json, json_rss = median_run([sys.executable, "-c", JSON_LOAD, str(exported)], env, reps)
    # A later day: the learner has studied, so the store exists and knows every card.
    launch_mark(KETQUIZ_APP, [str(tmp / f"data-{n}"), str(deck)], env, "decks")
    t_due, due_rss = median_run([*KETQUIZ, "due", "--json", str(deck)], env, reps)
    line(
        "due --json, warm",
        t_due,
        due_rss,
        "json.load of the deck",
        t_json,
        json_rss,
        "target <= 2 s and 1.5x",
    )

    t_home, home_rss, t_bare_app, bare_app_rss = home_against_bare(
        [str(tmp / f"data-{n}"), str(deck)], env, env
    )
    line(
        "home with decks and counts, warm",
        t_home,
        home_rss,
        "bare Textual app",
        t_bare_app,
        bare_app_rss,
        "target <= 1.3x",
    )

    t_card, card_rss = median_mark(STUDY_APP, [str(tmp / f"data-{n}"), str(deck)], env, "card", reps)
    print(
        f"  {'study: launch to first card, warm':<34} {t_card:8.2f} s {card_rss:6d} MB | (target <= 2 s, < 400 MB)"
    )


def bench_startup(repeat: int, env: dict[str, str], tmp: Path) -> None:
    reps = max(repeat, 9)
    t_pass, pass_rss = median_run([sys.executable, "-c", "pass"], env, reps)
    t_version, version_rss = median_run([*KETQUIZ, "--version"], env, reps)
    print(f"\n== start-up, median of {reps}")
    line("ketquiz --version", t_version, version_rss, "python -c pass", t_pass, pass_rss, "target <= 1.5x")
    home_env = dict(
        env, KETQUIZ_CACHE_DIR=str(tmp / "cache-bundled"), KETQUIZ_DATA_DIR=str(tmp / "data-bundled")
    )
    run([*KETQUIZ, "check", "-q", str(BUNDLED)], home_env)
    launch_mark(
        KETQUIZ_APP, [str(tmp / "data-bundled"), str(BUNDLED)], home_env, "decks"
    )  # store made, synced
    t_home, home_rss, t_bare_app, bare_app_rss = home_against_bare(
        [str(tmp / "data-bundled"), str(BUNDLED)], home_env, env
    )
    line(
        "home, bundled deck, warm",
        t_home,
        home_rss,
        "bare Textual app",
        t_bare_app,
        bare_app_rss,
        "target <= 1.3x",
    )
    t_home, home_rss, t_bare_app, bare_app_rss = home_against_bare(
        [str(tmp / "data-bundled"), str(BUNDLED)], home_env, env, in_pty=True
    )
    line(
        "  the same in a pseudo-terminal",
        t_home,
        home_rss,
        "bare app, pseudo-terminal",
        t_bare_app,
        bare_app_rss,
        "a learner's terminal",
    )


def precompile() -> None:
    """Byte-compile ketquiz as an installed copy is (pip compiles what it installs), so no figure includes
    compiling its modules: a source checkout under PYTHONDONTWRITEBYTECODE would otherwise compile them on every
    run, while Textual and the other dependencies come precompiled."""
    import compileall

    import ketquiz

    compileall.compile_dir(str(Path(ketquiz.__file__).parent), quiet=1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000,100000", help="card counts, comma-separated")
    ap.add_argument("--repeat", type=int, default=3, help="runs per figure below 100,000 cards (median)")
    ap.add_argument("--generate", nargs=2, metavar=("DIR", "CARDS"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.generate:
        generate(Path(args.generate[0]), int(args.generate[1]))
        return
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    env.pop("KETQUIZ_NO_CACHE", None)
    precompile()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as tmp:
        bench_startup(args.repeat, env, Path(tmp))
        for n in sizes:
            bench_size(n, args.repeat, Path(tmp), env)


if __name__ == "__main__":
    main()
