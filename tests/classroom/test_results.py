from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from ketquiz.classroom.results import ExamResult, ItemResult, ResultWriter, load_results, student_slug

from .conftest import START


def _result(student: str = "Ana", score: float = 1.0) -> ExamResult:
    return ExamResult(
        student=student,
        deck_id="test-deck",
        deck_title="Test deck",
        deck_sha256="deadbeef",
        seed=42,
        started_at=START,
        items=(
            ItemResult(
                "q1",
                "mcq",
                "Q?",
                response="A",
                correct=score == 1.0,
                score=score,
                answered=True,
                choices=("A", "B"),
            ),
        ),
    )


def test_round_trip(tmp_path: Path) -> None:
    writer = ResultWriter(tmp_path, "ana_test-deck_20260302T090000Z")
    path = writer.save(_result())
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "ketquiz-result/1"
    assert data["started_at"] == "2026-03-02T09:00:00Z"
    assert data["complete"] is False
    assert ExamResult.from_dict(data) == _result()


def test_never_overwrites_an_existing_file(tmp_path: Path) -> None:
    stem = "ana_test-deck_20260302T090000Z"
    existing = tmp_path / f"{stem}.json"
    existing.write_text("someone else's result", encoding="utf-8")
    first = ResultWriter(tmp_path, stem).save(_result())
    second = ResultWriter(tmp_path, stem).save(_result(score=0.0))
    assert existing.read_text(encoding="utf-8") == "someone else's result"
    assert {first.name, second.name} == {f"{stem}-2.json", f"{stem}-3.json"}
    assert json.loads(first.read_text())["score"] == 1.0
    assert json.loads(second.read_text())["score"] == 0.0


def test_later_saves_replace_only_the_writers_own_file(tmp_path: Path) -> None:
    writer = ResultWriter(tmp_path, "ana")
    p1 = writer.save(_result(score=0.0))
    p2 = writer.save(_result(score=1.0))
    assert p1 == p2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ana.json"]  # no temporary files left behind
    assert json.loads(p2.read_text())["score"] == 1.0


def test_a_failed_save_leaves_the_previous_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    writer = ResultWriter(tmp_path, "ana")
    path = writer.save(_result(score=0.0))
    before = path.read_bytes()

    def boom(src: str, dst: str) -> None:
        raise OSError("disk unplugged")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError, match="disk unplugged"):
        writer.save(_result(score=1.0))
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ana.json"]


def test_writes_go_through_fsync(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[int] = []
    real = os.fsync

    def recording_fsync(fd: int) -> None:
        synced.append(fd)
        real(fd)

    monkeypatch.setattr(os, "fsync", recording_fsync)
    ResultWriter(tmp_path, "ana").save(_result())
    assert synced  # the file (and the folder) are flushed to disk before and after the rename


def test_load_results_skips_malformed_and_foreign_files_naming_them(tmp_path: Path) -> None:
    ResultWriter(tmp_path, "ana").save(_result())
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "other.json").write_text('{"format": "something-else"}', encoding="utf-8")
    bad = _result().to_dict()
    bad["items"][0]["score"] = 5
    (tmp_path / "badscore.json").write_text(json.dumps(bad), encoding="utf-8")
    loaded = load_results(tmp_path)
    assert [p.name for p, _ in loaded.results] == ["ana.json"]
    text = "\n".join(loaded.warnings)
    for name in ("broken.json", "other.json", "badscore.json"):
        assert name in text
    assert "not valid JSON" in text and "score 5.0 is not between" in text


@pytest.mark.parametrize(
    ("name", "slug"),
    [("Ana Silva", "Ana-Silva"), ("José/../x", "José-x"), ("  ", "student"), ("李 明", "李-明")],
)
def test_student_slug(name: str, slug: str) -> None:
    assert student_slug(name) == slug


def test_result_files_are_readable_by_the_teacher(tmp_path: Path) -> None:
    path = ResultWriter(tmp_path, "ana").save(_result())
    if hasattr(os, "fchmod"):
        assert path.stat().st_mode & 0o777 == 0o644
