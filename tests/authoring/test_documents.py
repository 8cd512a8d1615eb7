"""Sources from real documents: a saved web page, a PDF made here, a Markdown file; extracted, kept, cited by
page, checked for staleness, refreshed, and shown in the study app with their page numbers and addresses."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import jsonschema
import pytest
from fpdf import FPDF

from ketquiz.authoring.documents import PAGE_BREAK, MissingExtra, extract
from ketquiz.cli import main
from ketquiz.core.formats import format_schema
from ketquiz.decks import load_deck

HERE = Path(__file__).parent / "documents"
PAGE = HERE / "tea-article.html"
NOTES = HERE / "notes.md"

PAGE_ONE = [
    "Storing Tea",
    "Tea keeps its flavour longest in a cool, dark and dry place.",
    "An airtight tin protects the leaves from moisture and smells.",
]
PAGE_TWO = [
    "Green tea loses its freshness within about six months of opening.",
    "Black tea keeps well for two years or more when stored properly.",
]


def make_pdf(path: Path, second_page: list[str] = PAGE_TWO) -> Path:
    pdf = FPDF()
    pdf.set_title("Tea Storage")
    pdf.set_author("Ana Ruiz")
    pdf.set_font("Helvetica", size=12)
    for lines in (PAGE_ONE, second_page):
        pdf.add_page()
        pdf.multi_cell(0, 8, "\n".join(lines))
    path.write_bytes(bytes(pdf.output()))
    return path


def test_a_web_page_keeps_the_article_and_drops_the_rest() -> None:
    got = extract(PAGE, PAGE.read_bytes())
    assert got.kind == "html" and got.title == "How Green Tea Is Made"
    assert got.url == "https://leaf.example/articles/how-green-tea-is-made"
    assert got.author == "Mei Tanaka" and got.published == "2024-03-05"
    text = got.text
    for kept in (
        "heated soon after picking",
        "steamed for less than a minute",
        "airtight tin away from light",
    ):
        assert kept in text
    for dropped in (
        "Shop our teapots",
        "ADVERTISEMENT",
        "Deluxe Kettle",
        "Jo says",
        "3 Comments",
        "cookie",
        "Copyright",
    ):
        assert dropped not in text, dropped


def test_a_pdf_keeps_its_page_break(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "storage.pdf")
    got = extract(path, path.read_bytes())
    assert got.kind == "pdf" and got.pages == 2 and got.title == "Tea Storage" and got.author == "Ana Ruiz"
    first, second = got.text.split(PAGE_BREAK)
    assert all(line in first for line in PAGE_ONE) and all(line in second for line in PAGE_TWO)


def test_markdown_becomes_plain_lines() -> None:
    got = extract(NOTES, NOTES.read_bytes())
    assert got.kind == "markdown" and got.title == "Brewing Notes"
    lines = got.text.splitlines()
    assert lines[0] == "Brewing Notes" and "Temperatures" in lines  # headings, without their #
    assert "- Green tea is brewed with water at about 80 degrees." in lines
    assert "1. Steep green tea for two minutes at most." in lines
    assert "See the brewing guide for a longer treatment of the subject." in got.text  # link text, no address
    assert "https://" not in got.text and "*" not in got.text


def test_a_missing_library_names_the_install_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "trafilatura", None)
    with pytest.raises(MissingExtra, match=r"pip install 'ketquiz\[documents\]'"):
        extract(PAGE, PAGE.read_bytes())


def _export(capsys: pytest.CaptureFixture[str], deck: Path) -> dict:
    assert main(["export", str(deck), "--format", "json"]) == 0
    data: dict = json.loads(capsys.readouterr().out)
    return data


CARD_ON_PAGE_TWO = """
  - id: green-tea-freshness
    topic: examples
    type: typed
    prompt: Within about how many months of opening does green tea lose its freshness?
    answer: six
    accept: ["6"]
    citations:
      - source: tea-storage
        quote: Green tea loses its freshness within about six months of opening.
"""


@pytest.fixture
def documents_deck(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """`new` over the web page, a PDF and the Markdown notes, with one card citing the PDF's second page."""
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(PAGE, docs / "tea-article.html")
    shutil.copy(NOTES, docs / "notes.md")
    make_pdf(docs / "storage.pdf")
    target = tmp_path / "tea"
    code = main(
        [
            "new",
            str(target),
            "--source",
            *(str(docs / n) for n in ("tea-article.html", "storage.pdf", "notes.md")),
        ]
    )
    assert code == 0, capsys.readouterr().err
    capsys.readouterr()
    deck = target / "tea.yaml"
    with deck.open("a", encoding="utf-8") as f:
        f.write(CARD_ON_PAGE_TWO)
    return deck


def test_new_over_a_page_a_pdf_and_markdown_end_to_end(
    documents_deck: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = documents_deck.parent
    names = sorted(p.name for p in (folder / "sources").iterdir())
    assert names == [
        "notes.md",
        "notes.txt",
        "storage.pdf",
        "storage.txt",
        "tea-article.html",
        "tea-article.txt",
    ]
    assert main(["check", "--strict", str(documents_deck)]) == 0, capsys.readouterr().out
    capsys.readouterr()
    data = _export(capsys, documents_deck)
    sources = {s["id"]: s for s in data["sources"]}
    assert set(sources) == {"how-green-tea-is-made", "tea-storage", "brewing-notes"}
    page = sources["how-green-tea-is-made"]
    assert (
        page["url"] == "https://leaf.example/articles/how-green-tea-is-made"
        and page["author"] == "Mei Tanaka"
    )
    assert page["original"] == "sources/tea-article.html" and len(page["original_sha256"]) == 64
    assert sources["brewing-notes"]["title_from"] == "heading" and sources["tea-storage"]["pages"] == 2
    card = next(c for c in data["cards"] if c["id"] == "green-tea-freshness")
    assert card["citations"][0]["page"] == 2
    for c in data["cards"]:
        for cite in c["citations"]:
            assert ("page" in cite) == (cite["source"] == "tea-storage")
    jsonschema.Draft202012Validator(format_schema("ketquiz-deck/1")).validate(data)


def test_check_warns_when_an_original_changed_and_refresh_reports_lost_quotes(
    documents_deck: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = documents_deck.parent
    make_pdf(folder / "sources" / "storage.pdf", [PAGE_TWO[1], "Green tea stays fresh for a year."])
    assert main(["check", "--json", str(documents_deck)]) == 0
    found = json.loads(capsys.readouterr().out)
    assert [(d["code"], d["severity"]) for d in found] == [("source-stale", "warning")]
    assert "sources refresh" in found[0]["message"]
    assert main(["check", "--strict", str(documents_deck)]) == 1
    capsys.readouterr()

    assert main(["sources", "refresh", str(documents_deck)]) == 1
    out, err = capsys.readouterr()
    assert "re-extracted tea-storage" in out
    assert "Green tea loses its freshness" in out and "quote not found" in out
    assert "1 quote no longer matches" in err
    assert "Green tea stays fresh for a year." in (folder / "sources" / "storage.txt").read_text(
        encoding="utf-8"
    )
    # the original's new digest is recorded: only the lost quote is left to fix
    assert main(["check", "--json", str(documents_deck)]) == 1
    assert [d["code"] for d in json.loads(capsys.readouterr().out)] == ["quote-not-found"]
    assert main(["sources", "refresh", str(documents_deck)]) == 0
    assert "up to date" in capsys.readouterr().out


def test_refresh_changes_nothing_when_a_later_original_cannot_be_extracted(
    documents_deck: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The PDF (second source) changed and the Markdown notes (third) no longer decode: every original is
    extracted before anything is written, so the PDF's text stays as the deck's digest says it is."""
    folder = documents_deck.parent
    before = {p.name: p.read_bytes() for p in (folder / "sources").iterdir()} | {
        "deck": documents_deck.read_bytes()
    }
    make_pdf(folder / "sources" / "storage.pdf", [PAGE_TWO[1], "Green tea stays fresh for a year."])
    (folder / "sources" / "notes.md").write_bytes(b"# Notes\n\xff\xfe not UTF-8\n")
    assert main(["sources", "refresh", str(documents_deck)]) == 1
    assert "nothing was changed" in capsys.readouterr().err
    assert (folder / "sources" / "storage.txt").read_bytes() == before["storage.txt"]
    assert documents_deck.read_bytes() == before["deck"]


def test_refresh_on_a_full_disk_says_so(
    documents_deck: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(path: Path, data: bytes | str, replace: bool = False) -> Path:
        raise OSError(28, "No space left on device")

    make_pdf(
        documents_deck.parent / "sources" / "storage.pdf", [PAGE_TWO[1], "Green tea stays fresh for a year."]
    )
    monkeypatch.setattr("ketquiz.authoring.deck_sources.write_new", full)
    assert main(["sources", "refresh", str(documents_deck)]) == 1
    out, err = capsys.readouterr()
    assert "No space left on device" in err and "can be run again" in err and "re-extracted" not in out


def test_sources_add_a_document_to_a_deck(
    documents_deck: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    extra = tmp_path / "Second Page.html"
    extra.write_text(
        PAGE.read_text(encoding="utf-8").replace("How Green Tea Is Made", "How Oolong Is Made"),
        encoding="utf-8",
    )
    argv = ["sources", "add", str(documents_deck), str(extra), "--id", "oolong", "--retrieved", "2024-04-01"]
    assert main(argv) == 0, capsys.readouterr().err
    assert "added source 'oolong'" in capsys.readouterr().out
    deck = load_deck(documents_deck)
    assert deck.ok and deck.deck is not None
    added = deck.deck.source("oolong")
    assert added.title == "How Oolong Is Made" and added.retrieved == "2024-04-01"
    assert added.original == "sources/second-page.html" and added.file == "sources/second-page.txt"
    assert main(["check", "--strict", str(documents_deck)]) == 0
    capsys.readouterr()
    before = documents_deck.read_bytes()
    assert main(argv) == 1  # the id is taken now
    assert "already has a source 'oolong'" in capsys.readouterr().err
    assert documents_deck.read_bytes() == before


async def test_the_study_app_shows_the_page_and_the_address(documents_deck: Path, tmp_path: Path) -> None:
    from ketquiz.ui.screens.source import SourceScreen

    from ..ui.conftest import loaded, make_app

    deck = load_deck(documents_deck).deck
    assert deck is not None
    app = make_app(tmp_path / "data", [documents_deck])
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        card = deck.card("green-tea-freshness")
        app.push_screen(SourceScreen(deck, card.citations))
        await pilot.pause()
        shown = app.screen.query_one("#source-heading").render()
        assert "Tea Storage, p. 2" in str(shown)
        page_card = next(c for c in deck.cards if c.citations[0].source == "how-green-tea-is-made")
        app.push_screen(SourceScreen(deck, page_card.citations))
        await pilot.pause()
        body = str(app.screen.query_one("#source-passage").render())
        assert "https://leaf.example/articles/how-green-tea-is-made" in body and "Mei Tanaka" in body


def test_the_anki_export_names_the_page_and_the_address(
    documents_deck: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", str(documents_deck), "--format", "anki"]) == 0
    out = capsys.readouterr().out
    assert "— Tea Storage, p. 2" in out
    assert 'href="https://leaf.example/articles/how-green-tea-is-made"' in out


def test_new_without_the_documents_extra_says_how_to_install_it_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pypdf", None)
    pdf = make_pdf(tmp_path / "storage.pdf")
    assert main(["new", str(tmp_path / "deck"), "--source", str(pdf)]) == 1
    err = capsys.readouterr().err
    assert "pip install 'ketquiz[documents]'" in err and "nothing was written" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["storage.pdf"]


def test_a_disagreement_names_the_page_of_a_pdf_position() -> None:
    from ketquiz.core.model import Deck, Disagreement, Position, Source, Topic
    from ketquiz.ui.screens.disagreements import render_disagreement

    pdf_text = "\n".join(PAGE_ONE) + "\n" + PAGE_BREAK + "\n" + "\n".join(PAGE_TWO) + "\n"
    other_text = "Green tea stays fresh for a whole year in a sealed tin.\n"
    quote = PAGE_TWO[0]
    start = pdf_text.index(quote)
    deck = Deck(
        "d",
        "D",
        "d.yaml",
        sources=(
            Source("pdf", "Tea Storage", "a.txt", pdf_text, page_starts=(pdf_text.index(PAGE_BREAK) + 1,)),
            Source("web", "Tea Blog", "b.txt", other_text),
        ),
        topics=(Topic("t", "T"),),
        disagreements=(
            Disagreement(
                "fresh",
                "t",
                "How long green tea stays fresh.",
                (
                    Position("pdf", "About six months.", quote, start, start + len(quote)),
                    Position("web", "A year.", other_text.strip(), 0, len(other_text.strip())),
                ),
            ),
        ),
    )
    shown = render_disagreement(deck, deck.disagreements[0]).plain
    assert "Tea Storage, p. 2 says: About six months." in shown
    assert "Tea Blog says: A year." in shown
    assert "\ufffd" not in shown  # the page break is not shown as a replaced control character
