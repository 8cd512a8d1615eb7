"""How long `ketquiz report` takes on a class of simulated result files.

Writes N result files (default 30 students x 40 questions) into a temporary folder, then times reading,
analysing and rendering them, against a baseline measured in the same run: just reading and parsing the same
JSON files. Prints the figures, the ratio to the baseline, and whether the whole report took under the one
second the classroom issue asks for (in process, and as a whole `ketquiz report` command).

    python benchmarks/bench_report.py [--files 30] [--items 40] [--repeat 5] [--dir DIR] [--one-file 10000 200000]

The one-file cases analyse a single sitting of 10,000 and of 200,000 items (item analysis must grow with the
number of answers, not answers x items), against a baseline of parsing the same sitting's JSON; they also print
the time per answer, which stays flat when the analysis is linear.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from ketquiz.classroom.analysis import analyse
from ketquiz.classroom.report_text import render
from ketquiz.classroom.results import ExamResult, ItemResult, ResultWriter, load_results, result_stem

BUDGET_S = 1.0
CHOICES = ("first option", "second option", "third option", "fourth option")


def simulate(directory: Path, files: int, items: int, seed: int = 2026) -> None:
    """A class whose students differ in ability and whose items differ in difficulty."""
    rng = random.Random(seed)
    difficulty = [rng.uniform(-1.5, 1.5) for _ in range(items)]
    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    for s in range(files):
        ability = rng.gauss(0, 1)
        results = []
        for q in range(items):
            right = rng.random() < 1 / (1 + 2.718281828 ** (difficulty[q] - ability))
            pick = CHOICES[0] if right else rng.choice(CHOICES[1:])
            results.append(
                ItemResult(
                    f"q{q:03d}",
                    "mcq",
                    f"Question {q}",
                    response=pick,
                    correct=right,
                    score=1.0 if right else 0.0,
                    seconds=rng.uniform(5, 60),
                    answered=True,
                    choices=CHOICES,
                    expected=CHOICES[0],
                )
            )
        started = start + timedelta(seconds=s)
        result = ExamResult(
            student=f"Student {s:02d}",
            deck_id="simulated",
            deck_title="Simulated",
            deck_sha256="",
            seed=1,
            started_at=started,
            finished_at=started + timedelta(minutes=rng.uniform(10, 30)),
            time_limit_s=1800,
            complete=True,
            end_reason="finished",
            items=tuple(results),
        )
        ResultWriter(directory, result_stem(result.student, "simulated", started)).save(result)


def one_sitting(items: int, seed: int = 2026) -> ExamResult:
    """One complete sitting of ``items`` mcq items (a generated paper, or a hostile file)."""
    rng = random.Random(seed)
    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    answers = []
    for q in range(items):
        pick = rng.choice(CHOICES)
        right = pick == CHOICES[0]
        answers.append(
            ItemResult(
                f"q{q:06d}",
                "mcq",
                f"Question {q}",
                response=pick,
                correct=right,
                score=1.0 if right else 0.0,
                answered=True,
                choices=CHOICES,
                expected=CHOICES[0],
            )
        )
    return ExamResult(
        student="Student",
        deck_id="simulated",
        deck_title="Simulated",
        deck_sha256="",
        seed=1,
        started_at=start,
        finished_at=start + timedelta(minutes=30),
        complete=True,
        end_reason="finished",
        items=tuple(answers),
    )


def bench_one_file(sizes: list[int], repeat: int) -> None:
    """Analyse and render one sitting of each size; the baseline is parsing that sitting's JSON."""
    per_answer = []
    for n in sizes:
        result = one_sitting(n)
        text = json.dumps(result.to_dict())
        base = time_best(lambda text=text: json.loads(text), repeat)
        rep = time_best(
            lambda result=result: render(analyse([("one.json", result)]), "table"),
            repeat,
        )
        per_answer.append(rep / n)
        print(
            f"one file, {n:>7,} items: parse {base * 1000:9.1f} ms, analyse + table {rep * 1000:9.1f} ms "
            f"(ratio {rep / base if base else float('inf'):.1f}x, {rep / n * 1e6:.1f} µs per answer)"
        )
    if len(per_answer) > 1:
        print(f"time per answer, largest / smallest: {per_answer[-1] / per_answer[0]:.2f} (1 = linear)")


def time_best(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", type=int, default=30)
    ap.add_argument("--items", type=int, default=40)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument(
        "--dir", type=Path, default=None, help="write the simulated files here (default: a temp dir)"
    )
    ap.add_argument(
        "--one-file",
        type=int,
        nargs="*",
        default=[10_000, 200_000],
        metavar="N",
        help="also analyse one sitting of N items, for each N (default: 10000 200000; none to skip)",
    )
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        directory = args.dir or Path(tmp)
        directory.mkdir(parents=True, exist_ok=True)
        simulate(directory, args.files, args.items)

        def baseline() -> None:
            for p in sorted(directory.glob("*.json")):
                json.loads(p.read_text(encoding="utf-8"))

        def report() -> None:
            loaded = load_results(directory)
            assert len(loaded.results) == args.files, loaded.warnings
            rep = analyse([(p.name, r) for p, r in loaded.results])
            for fmt in ("table", "csv", "json"):
                render(rep, fmt)

        def command() -> None:
            subprocess.run(
                [sys.executable, "-m", "ketquiz", "report", str(directory)], check=True, capture_output=True
            )

        base = time_best(baseline, args.repeat)
        full = time_best(report, args.repeat)
        cli = time_best(command, max(1, args.repeat // 2))
    print(f"files: {args.files}, items per file: {args.items}, best of {args.repeat}")
    print(f"baseline (read + parse JSON): {base * 1000:8.2f} ms")
    print(f"report (load, analyse, render table+csv+json): {full * 1000:8.2f} ms")
    print(f"ratio report/baseline: {full / base if base else float('inf'):.1f}x")
    print(f"`ketquiz report DIR` as a command (Python start-up included): {cli * 1000:8.2f} ms")
    if args.one_file:
        bench_one_file(args.one_file, max(1, args.repeat // 2))
    ok = full < BUDGET_S and cli < BUDGET_S
    print(f"under {BUDGET_S:g} s: {'yes' if ok else 'NO'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
