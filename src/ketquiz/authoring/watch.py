"""Re-checking decks on every save and printing only what changed.

Polling (file size and modification time) keeps this dependency-free and works the same on every platform and
on network drives; decks and their sources are small, so a check every half second costs little.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from pathlib import Path

from ketquiz.core.diagnostics import Diagnostic

#: Seconds between looks at the files.
DEFAULT_INTERVAL = 0.5
#: A folder tree with more files than this is not walked on every poll: only deck files and sources/ are.
MAX_TREE_FILES = 2000

Snapshot = dict[str, tuple[int, int]]
_Key = tuple[str, str, str, str]


def _tree(root: Path) -> list[Path]:
    out: list[Path] = []
    for p in root.rglob("*"):
        if any(part.startswith(".") for part in p.relative_to(root).parts):
            continue
        if p.is_file():
            out.append(p)
            if len(out) > MAX_TREE_FILES:
                return [x for x in root.rglob("*.y*ml") if x.is_file()] + [
                    x for x in (root / "sources").rglob("*") if x.is_file()
                ]
    return out


def watched_files(paths: Iterable[Path]) -> list[Path]:
    """The files whose change means re-checking: everything under each directory given, and for a deck file,
    the file and everything under its folder (where its sources live)."""
    found: dict[Path, None] = {}
    for p in paths:
        root = p if p.is_dir() else p.parent
        if p.is_file():
            found[p] = None
        if root.is_dir():
            found.update(dict.fromkeys(_tree(root)))
    return list(found)


def snapshot(paths: Iterable[Path]) -> Snapshot:
    """Size and modification time of every watched file (a file that vanished is simply absent)."""
    out: Snapshot = {}
    for f in watched_files(paths):
        try:
            st = f.stat()
        except OSError:
            continue
        out[str(f)] = (st.st_mtime_ns, st.st_size)
    return out


def _key(d: Diagnostic) -> _Key:
    # Line and column are left out: a problem that only moved because lines were added above it is not news.
    return (d.file, d.severity, d.code, d.message)


def diff_diagnostics(
    before: Sequence[Diagnostic], after: Sequence[Diagnostic]
) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """(new problems, fixed problems) between two checks, each in file/line order."""
    old, new = Counter(map(_key, before)), Counter(map(_key, after))
    added_keys, fixed_keys = new - old, old - new
    added: list[Diagnostic] = []
    for d in after:
        if added_keys[_key(d)] > 0:
            added_keys[_key(d)] -= 1
            added.append(d)
    fixed: list[Diagnostic] = []
    for d in before:
        if fixed_keys[_key(d)] > 0:
            fixed_keys[_key(d)] -= 1
            fixed.append(d)
    return added, fixed


def tally(diagnostics: Sequence[Diagnostic]) -> str:
    errors = sum(1 for d in diagnostics if d.is_error)
    warnings = len(diagnostics) - errors
    if not diagnostics:
        return "clean"
    return f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}"


def watch(
    paths: Sequence[Path],
    run_check: Callable[[], list[Diagnostic]],
    interval: float = DEFAULT_INTERVAL,
    *,
    out: Callable[[str], None] = print,
    sleep: Callable[[float], None] = time.sleep,
    max_checks: int | None = None,
    clock: Callable[[], datetime] = datetime.now,
) -> int:
    """Check now and print every problem; then, whenever a watched file changes, check again and print only
    the problems that appeared and those that were fixed, with a one-line tally.

    Runs until interrupted (Ctrl-C) or, for tests, until ``max_checks`` checks have run. Returns the exit code
    of the last check: 1 when it found an error, else 0.
    """
    current = run_check()
    for d in current:
        out(d.format())
    out(f"{tally(current)}; watching {len(watched_files(paths))} files (Ctrl-C to stop)")
    checks = 1
    seen = snapshot(paths)
    try:
        while max_checks is None or checks < max_checks:
            sleep(interval)
            now = snapshot(paths)
            if now == seen:
                continue
            changed = sorted(set(now) ^ set(seen) | {f for f in now if f in seen and now[f] != seen[f]})
            seen = now
            previous, current = current, run_check()
            checks += 1
            added, fixed = diff_diagnostics(previous, current)
            names = ", ".join(Path(f).name for f in changed[:3]) + (" ..." if len(changed) > 3 else "")
            out(f"[{clock():%H:%M:%S}] {names} changed")
            for d in fixed:
                out(f"fixed: {d.format()}")
            for d in added:
                out(d.format())
            if not added and not fixed:
                out("no change in problems")
            out(tally(current))
    except KeyboardInterrupt:
        out("stopped watching")
    return 1 if any(d.is_error for d in current) else 0
