"""The bundled deck keeps its structural promises.

These tests read the deck the way every other tool does: through ``ketquiz check`` and the JSON that
``ketquiz export`` prints. They do not restate the deck's content, only what must hold of it: the topics and how many
cards each has, citations on every card that slice back to their passages, no quotes from page furniture,
disagreements with sides from different sources (or two passages of one source contradicting itself), source
files identical to the articles they were copied from, and a coverage of the sources that does not slip, with every
long passage left uncited named in the deck's comment on what it leaves out.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from ketquiz.cli import main
from ketquiz.core.citations import normalize_quote

DECKS = Path(__file__).resolve().parent.parent / "decks"
DECK = DECKS / "ketamine-depression.yaml"

TOPICS = {
    "mechanism",
    "onset",
    "duration",
    "side-effects",
    "who-may-benefit",
    "safety",
    "administration",
    "evidence",
}
MIN_CARDS = 80
MIN_PER_TOPIC = 8
MIN_PER_KIND = 8

# sha256 of the four articles as they were published to the project; the copies in decks/sources must not drift.
ORIGINAL_SOURCES = {
    "sources/000_14c27d710feb0352.txt": "c79fd0399d2bc12382090c9a55cc8517455c4fef6bab82d702754725115b11e0",
    "sources/001_47157c39deed62c3.txt": "eba2d2df05665243cc0dcec044bef5e8ad4d4fa90e2eeacb8a7577955d8de033",
    "sources/002_233fb11d820e7e8e.txt": "863cf8d161de06df07ebaacb781a03c41c48f37c236e8fc527a4e28b70446b77",
    "sources/003_e493337b753e3b1d.txt": "ee23068e020b5b52ecd0e8e8b66bf0201774059c7c8f0574b9bc48bce0f2052d",
}

# Words by which a contested card tells the learner that the articles do not agree.
SAYS_CONTESTED = ("sources differ", "contradicts itself")


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def exported() -> dict[str, Any]:
    """The deck as `ketquiz export --format json` prints it, run once for the module (capsys is per test)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["export", str(DECK), "--format", "json"])
    assert code == 0, err.getvalue()
    data: dict[str, Any] = json.loads(out.getvalue())
    return data


@pytest.fixture(scope="module")
def source_texts(exported: dict[str, Any]) -> dict[str, str]:
    return {s["id"]: (DECK.parent / s["file"]).read_text(encoding="utf-8") for s in exported["sources"]}


@pytest.fixture(scope="module")
def raw_deck() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(DECK.read_text(encoding="utf-8"))
    return data


def test_check_of_the_decks_folder_is_clean_even_strict(capsys: pytest.CaptureFixture[str]) -> None:
    """No errors and no warnings: the question lints pass too, and no card silences one."""
    code, out, err = _run(capsys, "check", "--strict", "--json", str(DECKS))
    problems = json.loads(out)
    assert problems == [], err
    assert code == 0
    assert "lint:" not in DECK.read_text(encoding="utf-8")


def test_typed_answers_accept_what_a_knowing_learner_types(exported: dict[str, Any]) -> None:
    from ketquiz.core.grading import grade_text

    cards = {c["id"]: c for c in exported["cards"]}

    def accepted(card_id: str, typed: str) -> bool:
        card = cards[card_id]
        return grade_text([card["answer"], *card.get("accept", [])], typed).correct

    # the articles call it a sedative and pain reliever, and a medicine to numb pain
    for typed in ("sedative", "pain reliever", "painkiller", "an anesthetic"):
        assert accepted("mech-anesthetic", typed), typed
    for typed in ("multiple sessions", "several infusions", "repeated treatments", "several sessions"):
        assert accepted("onset-some-need-more", typed), typed
    assert not accepted("mech-anesthetic", "antidepressant")


def test_disagreements_say_how_strong_they_are(exported: dict[str, Any]) -> None:
    kinds = Counter(d["kind"] for d in exported["disagreements"])
    assert set(kinds) == {"contradiction", "tension"}, kinds
    # the dopamine framing was dropped: both sides can be true
    assert "mechanism-chemicals" not in {d["id"] for d in exported["disagreements"]}


def test_a_source_without_a_title_says_its_title_is_its_first_heading(
    exported: dict[str, Any], source_texts: dict[str, str]
) -> None:
    for s in exported["sources"]:
        lines = [line.strip() for line in source_texts[s["id"]].splitlines() if line.strip()]
        if s["title_from"] == "heading":
            assert s["title"] in lines[1:], s["id"]  # a heading, not the first line
        else:
            assert lines[0] == s["title"], s["id"]
    assert {s["id"]: s["title_from"] for s in exported["sources"]}["efficacy"] == "heading"


def test_deck_file_validates_against_the_published_schema(
    capsys: pytest.CaptureFixture[str], raw_deck: dict[str, Any]
) -> None:
    code, out, _ = _run(capsys, "schema")
    assert code == 0
    jsonschema.Draft202012Validator(json.loads(out)).validate(raw_deck)


def test_topics_are_exactly_the_promised_ones(exported: dict[str, Any]) -> None:
    assert {t["id"] for t in exported["topics"]} == TOPICS
    assert all(t["title"].strip() for t in exported["topics"])


def test_card_counts_per_topic_and_in_all(exported: dict[str, Any]) -> None:
    cards = exported["cards"]
    assert len(cards) >= MIN_CARDS
    per_topic = Counter(c["topic"] for c in cards)
    thin = {t: per_topic[t] for t in TOPICS if per_topic[t] < MIN_PER_TOPIC}
    assert not thin, f"topics with fewer than {MIN_PER_TOPIC} cards: {thin}"


def test_card_types_are_all_used(exported: dict[str, Any]) -> None:
    kinds = Counter(c["type"] for c in exported["cards"])
    assert kinds["mcq"] >= MIN_PER_KIND
    assert kinds["typed"] + kinds["cloze"] >= MIN_PER_KIND
    assert kinds["truefalse"] >= MIN_PER_KIND
    assert kinds["multi"] >= MIN_PER_KIND
    assert kinds["basic"] >= 1


def test_card_ids_are_unique_in_the_yaml(raw_deck: dict[str, Any]) -> None:
    ids = [c["id"] for c in raw_deck["cards"]]
    assert len(ids) == len(set(ids))


def test_every_card_is_cited(exported: dict[str, Any]) -> None:
    uncited = [c["id"] for c in exported["cards"] if not c["citations"]]
    assert not uncited


def _passages(exported: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Every quoted passage in the deck, card citations and disagreement positions alike, with where it is used."""
    found = [(f"card {c['id']}", q) for c in exported["cards"] for q in c["citations"]]
    found += [(f"disagreement {d['id']}", p) for d in exported["disagreements"] for p in d["positions"]]
    return found


def test_every_quote_is_located_in_its_source(exported: dict[str, Any], source_texts: dict[str, str]) -> None:
    for where, q in _passages(exported):
        text = source_texts[q["source"]]
        assert 0 <= q["start"] < q["end"] <= len(text), f"{where}: quote not located"
        assert normalize_quote(text[q["start"] : q["end"]]) == normalize_quote(q["quote"]), where


def test_no_quote_comes_from_page_furniture(
    exported: dict[str, Any], source_texts: dict[str, str], raw_deck: dict[str, Any]
) -> None:
    furniture: dict[str, list[tuple[int, int]]] = {}
    for s in raw_deck["sources"]:
        spans = []
        text = source_texts[s["id"]]
        for passage in s.get("ignore", []):
            start = text.find(passage)
            assert start >= 0, f"ignored passage {passage!r} is not in source {s['id']}"
            spans.append((start, start + len(passage)))
        furniture[s["id"]] = spans
    # the page furniture the articles were published with: comment widgets, cookie banner, the clinic's advert
    assert len(furniture["feel-like"]) >= 3 and len(furniture["understanding"]) >= 2
    for where, q in _passages(exported):
        for start, end in furniture[q["source"]]:
            assert q["end"] <= start or q["start"] >= end, f"{where} quotes page furniture of {q['source']}"


def test_sources_are_the_original_articles(exported: dict[str, Any]) -> None:
    files = {s["file"]: s["sha256"] for s in exported["sources"]}
    assert set(files) == set(ORIGINAL_SOURCES)
    for rel, digest in ORIGINAL_SOURCES.items():
        assert hashlib.sha256((DECK.parent / rel).read_bytes()).hexdigest() == digest, rel
        assert files[rel] == digest, rel


def test_sources_have_titles_rather_than_first_lines(
    exported: dict[str, Any], source_texts: dict[str, str]
) -> None:
    for s in exported["sources"]:
        title = s["title"]
        first_line = source_texts[s["id"]].splitlines()[0]
        assert title.strip() and len(title) <= 100, s["id"]
        # a first line that runs to a paragraph is a summary, not a title
        assert title == first_line or len(first_line) > 100 or first_line not in title, s["id"]
    titles = [s["title"] for s in exported["sources"]]
    assert len(set(titles)) == len(titles)


def test_every_disagreement_has_sides_from_different_sources(exported: dict[str, Any]) -> None:
    disagreements = exported["disagreements"]
    assert disagreements
    raw = {d["id"]: d for d in yaml.safe_load(DECK.read_text(encoding="utf-8"))["disagreements"]}
    for d in disagreements:
        positions = d["positions"]
        assert len(positions) >= 2, d["id"]
        sources = {p["source"] for p in positions}
        if raw[d["id"]].get("self_contradiction", False):
            assert len(sources) == 1, f"{d['id']} is marked as one source contradicting itself"
            spans = {(p["start"], p["end"]) for p in positions}
            assert len(spans) >= 2, f"{d['id']}: a self-contradiction needs two different passages"
        else:
            assert len(sources) >= 2, f"{d['id']}: positions all come from one source"
        assert all(p["says"].strip() for p in positions), d["id"]


def test_at_least_one_source_contradicts_itself(raw_deck: dict[str, Any]) -> None:
    assert any(d.get("self_contradiction") for d in raw_deck["disagreements"])


def test_every_disagreement_is_taught_by_a_card(exported: dict[str, Any]) -> None:
    linked = {d for c in exported["cards"] for d in c["disagreements"]}
    assert {d["id"] for d in exported["disagreements"]} <= linked


def test_contested_cards_say_the_sources_differ(raw_deck: dict[str, Any]) -> None:
    for card in raw_deck["cards"]:
        if not card.get("disagreements"):
            continue
        said = f"{card.get('answer', '')} {card.get('explanation', '')}".lower()
        assert any(words in said for words in SAYS_CONTESTED), (
            f"card {card['id']} does not say the sources differ"
        )


def test_contested_basic_cards_answer_that_the_sources_differ(raw_deck: dict[str, Any]) -> None:
    """A recall card on a contested point must not give one side as the answer."""
    for card in raw_deck["cards"]:
        if card.get("disagreements") and card["type"] == "basic":
            assert "sources differ" in str(card["answer"]).lower(), card["id"]


def test_a_contested_card_cites_each_side_it_names(exported: dict[str, Any]) -> None:
    """Cards on a disagreement cite passages from at least two of its positions' sources or passages."""
    by_id = {d["id"]: d for d in exported["disagreements"]}
    for card in exported["cards"]:
        if card["type"] != "basic":
            continue
        for did in card["disagreements"]:
            sides = {(p["source"], p["start"], p["end"]) for p in by_id[did]["positions"]}
            cited = {(q["source"], q["start"], q["end"]) for q in card["citations"]}
            overlapping = {
                s for s in sides for q in cited if s[0] == q[0] and not (q[2] <= s[1] or q[1] >= s[2])
            }
            assert len(overlapping) >= 2, f"card {card['id']} cites fewer than two sides of {did}"


def test_notice_says_study_aid_and_not_medical_advice(raw_deck: dict[str, Any]) -> None:
    notice = " ".join(str(raw_deck["notice"]).lower().split())
    assert "study aid" in notice
    assert "not medical advice" in notice
    assert "four web articles" in notice


def test_cards_that_say_the_sources_differ_link_the_disagreement(raw_deck: dict[str, Any]) -> None:
    """The converse of the test above: a card telling the learner the articles disagree shows them where."""
    for card in raw_deck["cards"]:
        said = f"{card.get('answer', '')} {card.get('explanation', '')}".lower()
        if any(words in said for words in SAYS_CONTESTED):
            assert card.get("disagreements"), (
                f"card {card['id']} says the sources differ but links no disagreement"
            )


# What the deck leaves out must be a choice: the share it cites may not slip back, and every long uncited passage
# is named, by source id and line, in the comment above `sources:` that says why it is left out.
MIN_COVERAGE = 0.65
LONG_PASSAGE_SENTENCES = 2
LONG_PASSAGE_CHARS = 150


def _left_out_notes() -> dict[str, set[int]]:
    """Line numbers the deck's "Left uncited on purpose" comment names, per source id (ranges like 3-6 expanded)."""
    lines = DECK.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("# Left uncited on purpose"))
    entries: list[str] = []
    for line in lines[start + 1 :]:
        if not line.startswith("#"):
            break
        if re.match(r"#   \S", line):
            entries.append(line[4:])
        elif entries:
            entries[-1] += " " + line[1:].strip()
    named: dict[str, set[int]] = {}
    for entry in entries:
        source, _, rest = entry.partition(" ")
        for first, last in re.findall(r"\b(\d+)(?:-(\d+))?\b", rest):
            named.setdefault(source, set()).update(range(int(first), int(last or first) + 1))
    return named


def test_coverage_does_not_slip_and_long_uncited_passages_are_explained(
    capsys: pytest.CaptureFixture[str], raw_deck: dict[str, Any]
) -> None:
    code, out, err = _run(capsys, "coverage", "--json", "--top", "1000", str(DECK))
    assert code == 0, err
    report = json.loads(out)
    assert report["share"] >= MIN_COVERAGE, f"coverage fell to {report['share']:.0%}"
    named = _left_out_notes()
    assert set(named) <= {s["id"] for s in raw_deck["sources"]}, (
        "the left-out comment names an unknown source"
    )
    unexplained = [
        f"{s['id']} line {p['line']}: {p['text'][:60]}"
        for s in report["sources"]
        for p in s["longest_uncovered"]
        if (p["sentences"] >= LONG_PASSAGE_SENTENCES or p["chars"] >= LONG_PASSAGE_CHARS)
        and p["line"] not in named.get(s["id"], set())
    ]
    assert not unexplained, "long uncited passages neither cited nor explained:\n" + "\n".join(unexplained)
