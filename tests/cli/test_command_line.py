"""The command line's parsers: each command registers its own name, every command and action takes ``--no-cache``
(listed after its own options), and a command's help is the same whether its parser is built alone (as a run
builds it) or with every other command (as ``ketquiz --help`` does)."""

from __future__ import annotations

import argparse
import contextlib
import io
import re
from pathlib import Path

import pytest

from ketquiz.cli import COMMAND_MODULES, build_parser, main


def _help(parser: argparse.ArgumentParser, argv: list[str]) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit) as done:
        parser.parse_args([*argv, "--help"])
    assert done.value.code == 0
    return out.getvalue()


def _actions(help_text: str) -> list[str]:
    """The sub-commands a command's help lists (each on a line of its own under ACTION, indented four spaces)."""
    positionals = help_text.split("positional arguments:\n", 1)[-1].split("\n\n", 1)[0]
    return (
        re.findall(r"^    ([a-z][a-z-]*)\b", positionals, re.MULTILINE) if "positional" in help_text else []
    )


def _options(help_text: str) -> list[str]:
    """The options a help text lists, in order (each entry's first spelling)."""
    section = help_text.split("options:\n", 1)[1]
    return re.findall(r"^  (-[^\s,]+)", section, re.MULTILINE)


@pytest.mark.parametrize("name", COMMAND_MODULES)
def test_a_command_alone_has_the_help_it_has_among_all(name: str) -> None:
    alone = _help(build_parser(name), [name])
    assert alone.startswith(f"usage: ketquiz {name} ")  # its module registers its own name
    assert alone == _help(build_parser(), [name])


@pytest.mark.parametrize("name", COMMAND_MODULES)
def test_every_command_and_action_takes_no_cache_after_its_own_options(name: str) -> None:
    todo = [[name]]
    seen = 0
    while todo:
        argv = todo.pop()
        text = _help(build_parser(name), argv)
        options = _options(text)
        assert options[-1] == "--no-cache" and options.count("--no-cache") == 1, (argv, options)
        todo += [[*argv, action] for action in _actions(text)]
        seen += 1
    assert seen >= (3 if name in ("reviews", "cache", "sources") else 1)  # the actions were found too


def test_the_top_level_has_no_shared_options(capsys: pytest.CaptureFixture[str]) -> None:
    text = _help(build_parser(), [])
    assert "--version" in _options(text) and "--no-cache" not in text
    for name in COMMAND_MODULES:
        assert f"\n    {name} " in text or f"\n    {name}\n" in text  # listed in ketquiz --help


def test_no_cache_before_or_after_the_action(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["cache", "--no-cache", "info"], ["cache", "info", "--no-cache"]):
        assert main(argv) == 0
        assert "turned off" in capsys.readouterr().out


@pytest.mark.parametrize("first", ["my-deck.yaml", "notes.yml", "{folder}"])
def test_a_deck_or_folder_given_first_is_studied(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, first: str
) -> None:
    """`ketquiz my-deck.yaml` does what `ketquiz study my-deck.yaml` does, instead of 'invalid choice'."""
    from ketquiz.commands import study

    seen: list[argparse.Namespace] = []

    def run(args: argparse.Namespace) -> int:
        seen.append(args)
        return 0

    monkeypatch.setattr(study, "run", run)
    target = first.format(folder=tmp_path)
    assert main([target, "--profile", "ann"]) == 0
    assert [(a.command, [str(p) for p in a.paths], a.profile) for a in seen] == [("study", [target], "ann")]


def test_an_unknown_word_first_is_still_an_unknown_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["chek"])
    assert "invalid choice: 'chek'" in capsys.readouterr().err
