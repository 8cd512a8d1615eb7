"""Start-up: a command imports only what it uses, so `--version` and plain-output commands start fast."""

from __future__ import annotations

import json
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
watched = ("textual", "rich", "ketquiz.commands.study", "ketquiz.ui", "fsrs", "yaml", "ketquiz.decks.loader",
           "ketquiz.core.validate", "ketquiz.core.lint", "rapidfuzz")
heavy = sorted(m for m in watched if m in sys.modules)
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


#: What reading a deck from its YAML imports; a deck read from its compiled copy needs none of it.
YAML_PATH = ["ketquiz.decks.loader", "ketquiz.core.lint", "ketquiz.core.validate", "rapidfuzz", "yaml"]


@pytest.mark.parametrize("args", [("due", "--json", str(BUNDLED)), ("check", "-q", str(BUNDLED))])
def test_plain_output_commands_import_no_textual_and_no_fsrs(args: tuple[str, ...]) -> None:
    """Nothing is scheduled, so neither the TUI nor the scheduler is imported (the deck is read from its YAML
    the first time: no compiled copy yet)."""
    code, heavy, _ = _imported(*args)
    assert code == 0
    assert [m for m in heavy if m not in YAML_PATH] == []


@pytest.mark.parametrize(
    "args",
    [
        ("due", "--json", str(BUNDLED)),
        ("due", str(BUNDLED)),
        ("coverage", "--json", str(BUNDLED / "ketamine-depression.yaml")),
        (
            "export",
            str(BUNDLED / "ketamine-depression.yaml"),
            "--format",
            "json",
            "--output",
            "{tmp}/deck.json",
        ),
    ],
)
def test_a_warm_cache_reads_no_yaml(args: tuple[str, ...], tmp_path: Path) -> None:
    """Once ``check`` has compiled the decks, reading them imports neither YAML nor the checks, nor fsrs."""
    assert (
        subprocess.run([sys.executable, "-m", "ketquiz", "check", "-q", str(BUNDLED)], timeout=120).returncode
        == 0
    )
    code, heavy, _ = _imported(*(a.replace("{tmp}", str(tmp_path)) for a in args))
    assert code == 0
    assert [
        m for m in heavy if m != "rich"
    ] == []  # the plain table of `due` is fitted with rich's cell widths


def test_help_still_lists_every_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ketquiz", "--help"], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0
    for name in ("study", "check", "due", "export", "exam", "coverage"):
        assert name in done.stdout


def test_stats_summary_imports_no_fsrs_and_its_json_still_has_the_parameters(tmp_path: Path) -> None:
    """Statistics schedule nothing: the summary reads the daily rules without the FSRS parameters (whose defaults
    come from fsrs); ``--json`` lists every setting, parameters included."""
    from ketquiz.store import open_store

    with open_store(tmp_path, "default"):
        pass  # a profile that keeps no settings, as most do
    code, heavy, out = _imported("stats", "--data-dir", str(tmp_path))
    assert code == 0 and "20 new and 200 reviews a day" in out
    assert "fsrs" not in heavy
    code, heavy, out = _imported("stats", "--json", "--data-dir", str(tmp_path))
    assert code == 0 and "fsrs" in heavy
    assert len(json.loads(out)["settings"]["parameters"]) == 21
