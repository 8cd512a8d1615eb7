from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ketquiz.classroom.results import ResultWriter
from ketquiz.cli import main

from .test_analysis import MARKS, _sitting

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_report.py"


@pytest.fixture
def results_dir(tmp_path: Path) -> Path:
    for student, marks in MARKS.items():
        ResultWriter(tmp_path, student).save(_sitting(student, marks))
    (tmp_path / "notes.json").write_text("[1, 2]", encoding="utf-8")
    return tmp_path


def test_report_json_with_a_warning_for_a_foreign_file(
    results_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", str(results_dir), "--format", "json"]) == 0
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert [s["student"] for s in data["students"]] == list(MARKS)
    assert {i["card_id"]: i["facility"] for i in data["items"]} == {"a": 0.6, "b": 0.6, "c": 1.0, "d": 0.4}
    assert "notes.json: skipped" in err


def test_report_table(results_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(results_dir)]) == 0
    out = capsys.readouterr().out
    assert "S1" in out and "60%" in out and "+0.65" in out and "too easy" in out
    assert "every student scored the same on this item" in out


def test_report_on_a_missing_or_empty_folder_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", str(tmp_path / "nope")]) == 1
    assert main(["report", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "not a folder" in err and "no ketquiz result files" in err and "Traceback" not in err


def test_benchmark_runs_on_a_class_of_thirty(tmp_path: Path) -> None:
    out = subprocess.run(
        [
            sys.executable,
            str(BENCH),
            "--files",
            "30",
            "--items",
            "10",
            "--repeat",
            "1",
            "--dir",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "files: 30" in out.stdout, out.stderr
    assert len(list(tmp_path.glob("*.json"))) == 30
