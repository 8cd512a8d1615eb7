"""One bad result file never loses the whole report: each is skipped with its reason, the others are reported."""

from __future__ import annotations

import copy
import json
import os
import random
from pathlib import Path
from typing import Any

import pytest

from ketquiz.classroom.results import MAX_RESULT_BYTES, ExamResult, ResultWriter, load_results
from ketquiz.cli import main

from .test_results import _result


def _doc(result: ExamResult) -> dict[str, Any]:
    """A result file's document as plain JSON data, for the tests to damage."""
    plain: dict[str, Any] = json.loads(json.dumps(result.to_dict()))
    return plain


def _good(directory: Path) -> dict[str, Any]:
    ResultWriter(directory, "good").save(_result("Ana"))
    return _doc(_result("Bea"))


def _write(directory: Path, name: str, data: Any) -> None:
    (directory / name).write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")


def test_hostile_files_are_each_skipped_with_a_reason(tmp_path: Path) -> None:
    base = _good(tmp_path)
    text = json.dumps(base)
    _write(tmp_path, "digits.json", text.replace('"seed": 42', '"seed": ' + "9" * 5001))
    _write(tmp_path, "deep.json", "[" * 100_000 + "]" * 100_000)
    _write(tmp_path, "nan.json", text.replace('"seconds": 0.0', '"seconds": NaN'))
    _write(tmp_path, "huge.json", text.replace('"seconds": 0.0', '"seconds": 1e308'))
    _write(
        tmp_path,
        "inf-score.json",
        text.replace('"score": 1.0, "max_score": 1.0', '"score": 1e999, "max_score": 1e999'),
    )
    _write(tmp_path, "complete-string.json", {**base, "complete": "false"})
    _write(tmp_path, "answered-string.json", {**base, "items": [{**base["items"][0], "answered": "no"}]})
    (tmp_path / "zero.json").symlink_to("/dev/zero")
    os.mkfifo(tmp_path / "x.json")
    (tmp_path / "folder.json").mkdir()
    with open(tmp_path / "big.json", "wb") as fh:
        fh.truncate(MAX_RESULT_BYTES + 1)
    loaded = load_results(tmp_path)
    assert [p.name for p, _ in loaded.results] == ["good.json"]
    reasons = {w.split(":", 1)[0]: w for w in loaded.warnings}
    assert set(reasons) == {
        "digits.json",
        "deep.json",
        "nan.json",
        "huge.json",
        "inf-score.json",
        "complete-string.json",
        "answered-string.json",
        "zero.json",
        "x.json",
        "folder.json",
        "big.json",
    }
    assert "digits" in reasons["digits.json"]
    assert "nested too deeply" in reasons["deep.json"]
    assert "NaN" in reasons["nan.json"]
    assert "seconds must be a number between 0 and" in reasons["huge.json"]
    assert "'complete' must be true or false" in reasons["complete-string.json"]
    assert "not a regular file" in reasons["zero.json"] and "not a regular file" in reasons["x.json"]
    assert "larger than 16 MB" in reasons["big.json"]


def test_the_same_sitting_twice_is_counted_once_and_flagged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = ResultWriter(tmp_path, "ana").save(_result("Ana"))
    (tmp_path / "ana-copy.json").write_bytes(first.read_bytes())
    ResultWriter(tmp_path, "bea").save(_result("Bea"))
    loaded = load_results(tmp_path)
    assert sorted(r.student for _, r in loaded.results) == ["Ana", "Bea"]
    assert any("counted once, the same sitting as" in w for w in loaded.warnings)
    assert main(["report", str(tmp_path), "--format", "json"]) == 0
    out, err = capsys.readouterr()
    assert [s["student"] for s in json.loads(out)["students"]] == ["Ana", "Bea"]
    assert "ana-copy.json: counted once" in err or "ana.json: counted once" in err


def test_of_two_copies_of_a_sitting_the_one_that_went_furthest_is_kept(tmp_path: Path) -> None:
    early = _doc(_result("Ana"))
    early["items"][0].update(answered=False, response=None, score=0.0, correct=False)
    _write(tmp_path, "a-early.json", early)
    _write(tmp_path, "b-late.json", {**_doc(_result("Ana")), "complete": True, "end_reason": "finished"})
    [(path, result)] = load_results(tmp_path).results
    assert path.name == "b-late.json" and result.complete


def test_report_survives_a_directory_of_hostile_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _good(tmp_path)
    (tmp_path / "zero.json").symlink_to("/dev/zero")
    os.mkfifo(tmp_path / "x.json")
    for fmt in ("table", "csv", "json"):
        assert main(["report", str(tmp_path), "--format", fmt]) == 0
    err = capsys.readouterr().err
    assert "zero.json: skipped" in err and "x.json: skipped" in err and "Traceback" not in err


# -- fuzz: mutated result files through `report` never raise -----------------------------------------------------

HOSTILE_VALUES: list[Any] = [
    None,
    True,
    "false",
    "",
    "\x1b]0;owned\x07",
    '=HYPERLINK("http://evil.example")',
    -1,
    0,
    10**30,
    1e308,
    -1e308,
    float("nan"),
    float("inf"),
    [],
    {},
    [[[[[]]]]],
    {"a": {"b": {}}},
    "2026-03-02T09:00:00Z",
    "9999-12-31T23:59:59+00:00",
    "0001-01-01T00:00:00Z",
    "not a time",
    "x" * 5000,
]


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _paths(v, (*prefix, i))
    return out


def _mutate(doc: Any, rng: random.Random) -> Any:
    doc = copy.deepcopy(doc)
    for _ in range(rng.randint(1, 4)):
        path = rng.choice(_paths(doc)[1:])
        parent = doc
        for step in path[:-1]:
            parent = parent[step]
        key = path[-1]
        choice = rng.random()
        if choice < 0.15 and isinstance(parent, dict):
            del parent[key]
        elif choice < 0.25 and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[key]))
        else:
            parent[key] = copy.deepcopy(rng.choice(HOSTILE_VALUES))
    return doc


def _sitting_doc(rng: random.Random, n: int) -> dict[str, Any]:
    doc = _doc(_result(f"S{n}", score=rng.choice([0.0, 1.0])))
    doc["complete"] = rng.random() < 0.8
    doc["end_reason"] = rng.choice(["finished", "ended", "time-up", ""])
    doc["started_at"] = f"2026-03-02T09:{n % 60:02d}:00Z"
    return doc


@pytest.mark.parametrize("seed", range(4))
def test_fuzzed_result_files_never_crash_report(
    tmp_path: Path, seed: int, capsys: pytest.CaptureFixture[str]
) -> None:
    rng = random.Random(seed)
    for n in range(60):
        doc = _sitting_doc(rng, n)
        text = json.dumps(_mutate(doc, rng) if n % 6 else doc, allow_nan=True)
        if rng.random() < 0.1:  # byte-level damage too: truncation, a flipped byte
            cut = rng.randrange(len(text))
            text = (
                text[:cut]
                if rng.random() < 0.5
                else text[:cut] + chr(rng.randrange(0, 0x110000 // 64)) + text[cut + 1 :]
            )
        (tmp_path / f"r{n:03d}.json").write_text(text, encoding="utf-8", errors="surrogatepass")
    for fmt in ("table", "csv", "json"):
        code = main(["report", str(tmp_path), "--format", fmt])
        assert code == 0  # every sixth file is untouched, so the report always has something to show
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "\x1b" not in out and "\x1b" not in err


def test_hypothesis_json_values_as_result_files_never_crash(tmp_path: Path) -> None:
    hypothesis = pytest.importorskip("hypothesis")
    from hypothesis import strategies as st

    from ketquiz.classroom.analysis import analyse
    from ketquiz.classroom.report_text import render
    from ketquiz.classroom.results import ResultFormatError, read_result

    base = _doc(_result("Ana"))
    scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
    values = st.recursive(
        scalars,
        lambda kids: st.lists(kids, max_size=3) | st.dictionaries(st.text(max_size=8), kids, max_size=3),
        max_leaves=10,
    )
    keys = st.sampled_from(sorted(base) + ["items.0." + k for k in base["items"][0]])
    path = tmp_path / "h.json"

    @hypothesis.settings(max_examples=150, deadline=None, database=None)
    @hypothesis.given(st.dictionaries(keys, values, max_size=3))
    def check(changes: dict[str, Any]) -> None:
        doc = copy.deepcopy(base)
        for key, value in sorted(changes.items(), key=lambda kv: not kv[0].startswith("items.0.")):
            if key.startswith("items.0."):
                doc["items"][0][key.removeprefix("items.0.")] = value
            else:
                doc[key] = value
        path.write_text(json.dumps(doc, allow_nan=True), encoding="utf-8")
        try:
            result = read_result(path)
        except ResultFormatError:
            seen["refused"] += 1
            return
        seen["read"] += 1
        report = analyse([(path.name, result)])
        for fmt in ("table", "csv", "json"):
            render(report, fmt)

    seen = {"read": 0, "refused": 0}
    check()
    assert seen["read"] and seen["refused"]  # both paths were exercised
