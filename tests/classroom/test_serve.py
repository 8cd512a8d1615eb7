"""``ketquiz serve`` as a classroom meets it: a real server on 127.0.0.1 and real websocket clients."""

from __future__ import annotations

import re
import urllib.request
from pathlib import Path

import pytest

pytest.importorskip("textual_serve")

from ketquiz.classroom.network import addresses_to_type, host_is_allowed  # noqa: E402
from ketquiz.classroom.served_pages import PAGE  # noqa: E402
from ketquiz.classroom.server import origin_matches  # noqa: E402
from ketquiz.cli import main  # noqa: E402
from ketquiz.commands.served_args import ServedCommandError, check_served_command  # noqa: E402
from ketquiz.core.learners import learner_profile  # noqa: E402

from .serving import Browser, get, running_server, wait_for, ws_status  # noqa: E402
from .test_exam_command import DECK, SOURCE  # noqa: E402


@pytest.fixture
def class_dir(tmp_path: Path) -> Path:
    (tmp_path / "s.txt").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "deck.yaml").write_text(DECK, encoding="utf-8")
    return tmp_path


def test_page_loads_nothing_from_outside() -> None:
    assert not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", PAGE, re.IGNORECASE)
    for asset in re.findall(r'(?:href|src|url\()\s*=?\s*"([^"]+)"', PAGE):
        assert asset.startswith("static/"), asset


# --- the command line, checked whole before serving ------------------------------------------------------


def test_served_study_asks_each_name_and_keeps_learners_apart(
    class_dir: Path, _isolated_data_dir: Path
) -> None:
    served = check_served_command([])
    assert served.shell().split(" -m ketquiz ")[1].startswith("study --data-dir ")
    assert served.args[-1] == "--ask-profile"
    assert Path(served.args[2]) == (_isolated_data_dir / "served").absolute()  # never the teacher's profiles
    demo = check_served_command(["study", "--profile", "demo"])
    assert demo.args[-2:] == ("--profile", "demo") and "--data-dir" in demo.args


def test_options_after_the_deck_or_before_it(class_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(class_dir)
    before = check_served_command(["exam", "--count", "1", "deck.yaml"])
    after = check_served_command(["exam", "deck.yaml", "--count", "1"])
    assert before.args == ("exam", "--count", "1", "deck.yaml") and after.args[1:] == (
        "deck.yaml",
        "--count",
        "1",
    )
    assert before.title == after.title == "Exam: Tiny deck"  # the browser page names the exam


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["exam", "deck.yaml", "--count", "abc"], "invalid int value: 'abc'"),
        (["exam", "deck.yaml", "--topics", "nope"], "nope"),
        (["exam", "deck.yaml", "--time-limit", "inf"], "--time-limit must be"),
        (["exam", "deck.yaml", "--student", "Bob"], "same name"),
        (["study", "--profile", "../x"], "invalid profile name"),
        (["study", "nowhere"], "nowhere: no such file"),
        (["exam", "nope.yaml"], "nope.yaml: no such file"),
        (["present"], "required"),
        (["rm", "-rf"], "can serve study, exam, present or report"),
    ],
)
def test_bad_served_commands_are_refused_before_serving(
    argv: list[str],
    message: str,
    class_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(class_dir)
    with pytest.raises(ServedCommandError) as refused:
        check_served_command(argv)
    assert message in str(refused.value) + capsys.readouterr().err
    assert main(["serve", "--port", "0", *argv]) == 1  # refused at start: no server runs


def test_bad_deck_is_refused(class_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (class_dir / "bad.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    assert main(["serve", "present", str(class_dir / "bad.yaml")]) == 1
    assert "has errors" in capsys.readouterr().err


@pytest.mark.parametrize("option", [["--max-sessions", "0"], ["--code", "12"], ["--port", "70000"]])
def test_bad_server_options_are_refused(option: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["serve", *option, "study"])
    assert "error: argument" in capsys.readouterr().err


# --- the checks, as functions ---------------------------------------------------------------------------------


def test_origin_must_be_the_served_address() -> None:
    assert origin_matches("http://127.0.0.1:8000", "127.0.0.1:8000")
    assert origin_matches(None, "127.0.0.1:8000")  # not a browser: no web page can omit it
    for origin in (
        "http://evil.example",
        "http://127.0.0.1:9999",
        "null",
        "file://",
        "http://127.0.0.1:8000.evil",
    ):
        assert not origin_matches(origin, "127.0.0.1:8000"), origin


def test_only_this_machines_names_are_answered() -> None:
    assert host_is_allowed("192.168.1.20", frozenset()) and host_is_allowed("[::1]", frozenset())
    assert host_is_allowed("localhost", frozenset())
    assert not host_is_allowed("evil.example", frozenset())  # a DNS-rebinding page
    assert host_is_allowed("quiz.school.lan", frozenset({"quiz.school.lan"}))


def test_addresses_to_type_are_real_ones() -> None:
    urls = addresses_to_type("0.0.0.0", 8000)
    assert urls and all("0.0.0.0" not in u for u in urls)
    assert addresses_to_type("127.0.0.1", 8123) == ["http://127.0.0.1:8123/"]


# --- a real server, real websockets ------------------------------------------------------------------------


async def test_a_foreign_page_cannot_open_the_websocket(class_dir: Path) -> None:
    with running_server(["serve", "--port", "0", "present", "deck.yaml"], class_dir) as server:
        assert "Tiny deck" in server.banner and "At most 60" in server.banner
        ws = server.base.replace("http", "ws") + "ws"
        assert await ws_status(ws, {"Origin": "http://evil.example"}) == 403
        assert await ws_status(ws, {"Origin": f"http://{server.authority}.evil.example"}) == 403
        assert await ws_status(ws, {"Host": "evil.example", "Origin": "http://evil.example"}) == 403
        status, _ = await get(server.base, {"Host": f"evil.example:{server.authority.split(':')[1]}"})
        assert status == 403  # DNS rebinding: a foreign name is refused even for the page
        assert await ws_status(ws, {"Origin": f"http://{server.authority}"}) == 101
        status, page = await get(server.base)
        assert status == 200 and "<title>Tiny deck</title>" in page
        for asset in ("static/js/textual.js", "static/fonts/RobotoMono-VariableFont_wght.ttf"):
            with urllib.request.urlopen(server.base + asset, timeout=5) as r:
                assert r.status == 200 and len(r.read()) > 1000
    assert not any("GET /" in line for line in server.output)  # no per-request log in the teacher's terminal


async def test_verbose_brings_the_request_log_back(class_dir: Path) -> None:
    with running_server(["serve", "--port", "0", "--verbose", "present", "deck.yaml"], class_dir) as server:
        assert (await get(server.base))[0] == 200
        assert await wait_for(lambda: any("GET /" in line for line in server.output), timeout=10)


async def test_class_code_and_session_cap(class_dir: Path) -> None:
    argv = ["serve", "--port", "0", "--code", "4711", "--max-sessions", "1", "present", "deck.yaml"]
    with running_server(argv, class_dir) as server:
        assert "Class code: 4711" in server.banner
        status, page = await get(server.base)
        assert status == 401 and 'name="code"' in page
        status, page = await get(server.base + "?code=1234")
        assert status == 401 and "not the class code" in page
        status, page = await get(server.base + "?code=4711")
        assert status == 200 and 'data-ws-path="ws/4711"' in page
        origin = {"Origin": f"http://{server.authority}"}
        ws = server.base.replace("http", "ws")
        assert await ws_status(ws + "ws", origin) == 403
        assert await ws_status(ws + "ws/1234", origin) == 403
        first = await Browser.open(ws + "ws/4711", origin["Origin"])
        try:
            assert await first.read_until("Tiny deck")
            status, page = await get(server.base + "?code=4711")
            assert status == 503 and "The class is full" in page
            assert await ws_status(ws + "ws/4711", origin) == 503
        finally:
            await first.close()
        assert await wait_for(lambda: True)
        ok = False
        for _ in range(50):  # the slot frees once the app has stopped
            if (await get(server.base + "?code=4711"))[0] == 200:
                ok = True
                break
            await wait_for(lambda: False, timeout=0.2)
        assert ok


async def test_served_study_never_reaches_the_teachers_profiles(
    class_dir: Path, _isolated_data_dir: Path
) -> None:
    teacher = _isolated_data_dir / "profiles"
    served = _isolated_data_dir / "served" / "profiles"
    with running_server(["serve", "--port", "0", "study", "deck.yaml"], class_dir) as server:
        origin = f"http://{server.authority}"
        names = ["default", "王芳", "محمد", "Дмитрий", "Ana María", "ana maría", "Ana Maria"]
        for name in names:
            browser = await Browser.open(server.base.replace("http", "ws") + "ws", origin)
            try:
                assert await browser.read_until("Who is studying?")
                await browser.type(name + "\r")
                expected = served / f"{learner_profile(name)}.sqlite3"
                assert await wait_for(expected.exists), name
            finally:
                await browser.close()
    assert not teacher.exists()  # typing 'default' never touched the teacher's own profile
    files = sorted(p.name for p in served.glob("*.sqlite3"))
    # 'Ana María' and 'ana maría' are one learner; 'Ana Maria' (no accent) is another, as the docs say.
    assert len(files) == len(names) - 1
    assert any(f.startswith("default-") for f in files) and sum(f.startswith("learner-") for f in files) == 3
