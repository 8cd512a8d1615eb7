from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from ketquiz.commands.serve import PAGE, served_command

pytest.importorskip("textual_serve")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_page_loads_nothing_from_outside() -> None:
    assert not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", PAGE, re.IGNORECASE)
    for asset in re.findall(r'(?:href|src|url\()\s*=?\s*"([^"]+)"', PAGE):
        assert asset.startswith("static/"), asset


def test_served_command_runs_this_ketquiz() -> None:
    assert served_command([]).endswith("-m ketquiz study --ask-profile")  # each browser's learner apart
    assert served_command(["study", "--profile", "demo"]).endswith("study --profile demo")
    assert served_command(["exam", "my deck.yaml", "--count", "5"]).endswith("exam 'my deck.yaml' --count 5")


def test_unknown_command_or_missing_deck_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from ketquiz.cli import main

    assert main(["serve", "rm", "-rf"]) == 1
    assert main(["serve", "exam", str(tmp_path / "nope.yaml"), "--count", "3"]) == 1
    assert main(["serve", "present"]) == 1
    (tmp_path / "bad.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    assert main(["serve", "present", str(tmp_path / "bad.yaml")]) == 1
    err = capsys.readouterr().err
    assert "can serve study, exam, present or report" in err
    assert "nope.yaml: no such file or folder" in err and "give the deck" in err
    assert "bad.yaml" in err and "has errors" in err


def test_server_serves_the_offline_page_and_its_assets(tmp_path: Path) -> None:
    from .test_exam_command import DECK, SOURCE

    (tmp_path / "s.txt").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "deck.yaml").write_text(DECK, encoding="utf-8")
    port = _free_port()
    with subprocess.Popen(
        [sys.executable, "-m", "ketquiz", "serve", "--port", str(port), "present", "deck.yaml"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=tmp_path,
    ) as server:
        try:
            base = f"http://127.0.0.1:{port}/"
            page = ""
            for _ in range(100):
                try:
                    with urllib.request.urlopen(base, timeout=2) as r:
                        page = r.read().decode("utf-8")
                    break
                except OSError:
                    time.sleep(0.1)
            assert "textual-terminal" in page
            assert "fonts.googleapis.com" not in page
            for asset in (
                "static/js/textual.js",
                "static/css/xterm.css",
                "static/fonts/RobotoMono-VariableFont_wght.ttf",
            ):
                assert asset in page
                with urllib.request.urlopen(base + asset, timeout=5) as r:
                    assert r.status == 200 and len(r.read()) > 1000
        finally:
            server.terminate()
            server.wait(timeout=10)
