"""How long `ketquiz check` takes on a generated 10,000-card deck, next to a bare libyaml safe-load of it.

    python benchmarks/bench_check.py [--cards 10000] [--repeat 3]

Prints both times and their ratio (target: check at most 3x the bare parse). Both are measured in this run on
this machine, so the ratio holds on a noisy one. The deck cites real passages of the bundled sources.
"""

from __future__ import annotations

import argparse
import random
import shutil
import tempfile
import time
from pathlib import Path

import yaml

from ketquiz.core.citations import locate_quote
from ketquiz.decks import load_deck

REPO = Path(__file__).resolve().parents[1]
SOURCES = REPO / "decks" / "sources"
TYPES = ("mcq", "multi", "truefalse", "typed", "cloze", "basic")


def _sentences(text: str) -> list[str]:
    out = []
    for line in text.splitlines():
        for part in line.split(". "):
            words = part.split()
            if 6 <= len(words) <= 40 and '"' not in part and ":" not in part and "{" not in part:
                out.append(" ".join(words))
    return out


def _quote(q: str) -> str:
    return "'" + q.replace("'", "''") + "'"


def generate(folder: Path, n_cards: int, seed: int = 1) -> Path:
    """Write a deck of ``n_cards`` cards over the bundled sources into ``folder``; return the deck file."""
    rng = random.Random(seed)
    (folder / "sources").mkdir(parents=True, exist_ok=True)
    pool: list[tuple[str, str]] = []
    lines = ["id: bench", "title: Benchmark deck", "notice: Generated for benchmarks.", "sources:"]
    for i, f in enumerate(sorted(SOURCES.glob("*.txt"))):
        shutil.copy(f, folder / "sources" / f.name)
        text = f.read_text(encoding="utf-8")
        lines += [f"  - id: s{i}", f"    title: Source {i}", f"    file: sources/{f.name}"]
        pool += [(f"s{i}", s) for s in _sentences(text) if locate_quote(text, s)]
    lines += ["topics:"] + [f"  - id: t{i}\n    title: Topic {i}" for i in range(8)] + ["cards:"]
    for n in range(n_cards):
        kind = TYPES[n % len(TYPES)]
        src, quote = rng.choice(pool)
        words = quote.split()
        card = [f"  - id: c{n}", f"    topic: t{n % 8}", f"    type: {kind}"]
        if kind == "cloze":
            k = rng.randrange(len(words))
            blank = " ".join(words[:k] + ["{{" + words[k].strip(".,;()") + "}}"] + words[k + 1 :])
            card.append(f"    text: {_quote(blank)}")
        else:
            card.append(f"    prompt: {_quote('Question ' + str(n) + ' about ' + ' '.join(words[:5]) + '?')}")
        if kind in ("mcq", "multi"):
            card.append("    choices: [alpha one, beta two, gamma three, delta four]")
            card.append("    answer: beta two" if kind == "mcq" else "    answers: [alpha one, delta four]")
        elif kind == "truefalse":
            card.append(f"    answer: {'true' if n % 2 else 'false'}")
        elif kind in ("typed", "basic"):
            card.append(f"    answer: {_quote(words[-1])}")
        card += ["    citations:", f"      - source: {src}", f"        quote: {_quote(quote)}"]
        lines += card
    path = folder / "bench.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def best_of(repeat: int, fn: object) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--cards", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = generate(Path(tmp), args.cards)
        size = path.stat().st_size
        load = load_deck(path)
        errors = [d for d in load.diagnostics if d.is_error]
        assert not errors, errors[:3]

        def bare() -> None:
            yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)

        t_bare = best_of(args.repeat, bare)
        t_check = best_of(args.repeat, lambda: load_deck(path))
        print(f"deck: {args.cards:,} cards, {size / 1e6:.1f} MB")
        print(f"bare libyaml safe-load: {t_bare * 1000:8.0f} ms")
        print(f"ketquiz check (load + validate + locate quotes): {t_check * 1000:8.0f} ms")
        print(f"ratio check / bare parse: {t_check / t_bare:.2f}x (target <= 3x)")


if __name__ == "__main__":
    main()
