"""Start-up: a command imports only what it uses, so `--version` and plain-output commands start fast."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BUNDLED = REPO / "decks"

_PROBE = """
import sys
from ketquiz.cli import main
code = main(sys.argv[1:])
heavy = sorted(m for m in ("textual", "rich", "ketquiz.commands.study", "ketquiz.ui") if m in sys.modules)
print("IMPORTED:" + ",".join(heavy), file=sys.stderr)
raise SystemExit(code)
"""


def _imported(*args: str) -> tuple[int, list[str], str]:
    done = subprocess.run([sys.executable, "-c", _PROBE, *args], capture_output=True, text=True, timeout=120)
    line = next(x for x in done.stderr.splitlines() if x.startswith("IMPORTED:"))
    return done.returncode, [m for m in line.removeprefix("IMPORTED:").split(",") if m], done.stdout


def test_version_imports_no_command() -> None:
    code, heavy, out = _imported("--version")
    assert code == 0
    assert out.startswith("ketquiz ")
    assert heavy == []


@pytest.mark.parametrize("args", [("due", "--json", str(BUNDLED)), ("check", "-q", str(BUNDLED))])
def test_plain_output_commands_import_no_textual(args: tuple[str, ...]) -> None:
    code, heavy, _ = _imported(*args)
    assert code == 0
    assert heavy == []


def test_help_still_lists_every_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ketquiz", "--help"], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0
    for name in ("study", "check", "due", "export", "exam", "coverage"):
        assert name in done.stdout
