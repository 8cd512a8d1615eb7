"""`ketquiz cards`: list and find cards with their state; manage them from the command line, and undo that."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ketquiz.cli import main
from ketquiz.core.scheduling import Rating
from ketquiz.store import open_store
from tests.factories import NOW
from tests.ui.conftest import DECK_FILE

DECK = str(DECK_FILE)


def _cards(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, object]]:
    capsys.readouterr()
    assert main(["cards", DECK, "--json", *args]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert isinstance(rows, list)
    return rows


def _ids(capsys: pytest.CaptureFixture[str], *args: str) -> list[str]:
    return [str(r["card"]) for r in _cards(capsys, *args)]


def test_search_looks_in_prompts_answers_choices_and_quotes(capsys: pytest.CaptureFixture[str]) -> None:
    assert _ids(capsys, "--search", "RECEPTOR BLOCK") == ["mech-nmda"]  # the prompt, any case
    assert "mech-nmda" in _ids(capsys, "--search", "dopamine receptor")  # a wrong choice
    assert "mech-nmda" in _ids(capsys, "--search", "N-methyl-D-aspartate (NMDA)")  # the quoted passage
    assert _ids(capsys, "--search", "no card says this") == []


def test_listing_reads_without_creating_a_profile(capsys: pytest.CaptureFixture[str]) -> None:
    rows = _cards(capsys)
    assert len(rows) == 6 and {r["state"] for r in rows} == {"new"}
    assert rows[0]["id"] == "mini-ketamine/mech-nmda"
    from ketquiz.commands.common import resolve_data_dir

    assert not (resolve_data_dir(None) / "profiles").exists()


def test_suspend_flag_bury_and_undo_from_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cards", "suspend", "mech-nmda", "mini-ketamine/mech-bdnf", "--decks", DECK]) == 0
    assert "suspended: mini-ketamine/mech-nmda, mini-ketamine/mech-bdnf" in capsys.readouterr().out
    assert _ids(capsys, "--state", "suspended") == ["mech-nmda", "mech-bdnf"]
    assert main(["cards", "flag", "purple", "mech-glutamate", "--decks", DECK]) == 0
    assert _ids(capsys, "--flag", "purple") == ["mech-glutamate"]
    assert main(["cards", "bury", "eff-duration", "--decks", DECK]) == 0
    assert _ids(capsys, "--state", "buried") == ["eff-duration"]
    assert main(["cards", "undo"]) == 0  # the bury
    assert "eff-duration" in capsys.readouterr().out
    assert _ids(capsys, "--state", "buried") == []
    assert main(["cards", "undo"]) == 0  # the flag
    assert main(["cards", "undo"]) == 0  # both suspensions: one action, one undo
    assert _ids(capsys, "--state", "suspended") == [] and _ids(capsys, "--flag", "purple") == []
    assert main(["cards", "undo"]) == 0
    assert "nothing to undo" in capsys.readouterr().out


def test_a_suspended_card_leaves_due_and_the_queue(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["due", DECK, "--json"]) == 0
    before = json.loads(capsys.readouterr().out)["decks"][0]["new"]
    assert main(["cards", "suspend", "mech-nmda", "--decks", DECK]) == 0
    capsys.readouterr()
    assert main(["due", DECK, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["decks"][0]["new"] == before - 1


def test_reset_asks_first_and_keeps_the_history(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from ketquiz.commands.common import resolve_data_dir
    from ketquiz.decks import load_deck

    deck = load_deck(DECK_FILE).deck
    assert deck is not None
    with open_store(resolve_data_dir(None)) as store:
        store.sync_deck(deck)
        store.answer(deck.id, "mech-nmda", Rating.GOOD, NOW)
    assert _cards(capsys, "--search", "receptor does")[0]["state"] == "learning"
    assert main(["cards", "reset", "mech-nmda", "--decks", DECK]) == 1  # no terminal to ask: refused
    assert "--yes" in capsys.readouterr().err
    assert main(["cards", "reset", "mech-nmda", "--decks", DECK, "--yes"]) == 0
    row = _cards(capsys, "--search", "receptor does")[0]
    assert row["state"] == "new" and row["reviews"] == 1


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["cards", "suspend", "nosuch"], "no card 'nosuch'"),
        (["cards", "suspend", "mini-ketamine/nosuch"], "no card 'nosuch' in deck 'mini-ketamine'"),
        (["cards", "flag", "mauve", "mech-nmda"], "unknown flag 'mauve'"),
        (["cards", "suspend"], "needs one or more card ids"),
        (
            ["cards", "suspend", "mech-nmda", "decks/mini.yaml"],
            "decks/mini.yaml is not a card id but looks like a deck file",
        ),
        (["cards", "suspend", "mini.yaml"], "mini.yaml is not a card id but looks like a deck file"),
        (["cards", "--flag", "mauve"], "unknown flag"),
    ],
)
def test_mistakes_are_messages(capsys: pytest.CaptureFixture[str], argv: list[str], says: str) -> None:
    assert main([*argv, "--decks", DECK] if argv[1] != "--flag" else argv) == 1
    assert says in capsys.readouterr().err


def test_plain_listing_fits_and_counts(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cards", DECK, "--search", "ketamine"]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines()[0].startswith("id") and "of 6 cards" in err
