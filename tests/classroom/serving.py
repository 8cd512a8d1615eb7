"""A real classroom server in a subprocess on 127.0.0.1 (an OS-chosen port) and a websocket client for it.

Every wait is bounded, and the server is stopped when the test leaves the ``with`` block, whatever happened.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp

STARTUP_TIMEOUT_S = 30.0


@dataclass
class Running:
    process: subprocess.Popen[str]
    base: str  # http://127.0.0.1:PORT/
    banner: str
    output: list[str]  # what the server printed after its banner (read all along, so it never blocks)

    @property
    def authority(self) -> str:
        return self.base.removeprefix("http://").rstrip("/")


@contextlib.contextmanager
def running_server(argv: list[str], cwd: Path) -> Iterator[Running]:
    """``ketquiz ARGV`` (which must print its URL), until the block ends."""
    process = subprocess.Popen(
        [sys.executable, "-m", "ketquiz", *argv],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        banner = ""
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        assert process.stdout is not None
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            banner += line
            if "Ctrl+C" in line:
                break
        found = re.search(r"http://127\.0\.0\.1:\d+/", banner)
        assert found, f"the server did not start: {banner}"
        output: list[str] = []
        stream = process.stdout
        reader = threading.Thread(target=lambda: output.extend(iter(stream.readline, "")), daemon=True)
        reader.start()
        yield Running(process, found.group(), banner, output)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        if process.stdout is not None:
            with contextlib.suppress(Exception):
                process.stdout.close()


async def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
    async with aiohttp.ClientSession() as http, http.get(url, headers=headers or {}) as response:
        return response.status, await response.text()


async def ws_status(url: str, headers: dict[str, str] | None = None) -> int:
    """The HTTP status a websocket handshake gets (101 when it is accepted; the socket is closed at once)."""
    async with aiohttp.ClientSession() as http:
        try:
            ws = await http.ws_connect(url, headers=headers or {})
        except aiohttp.WSServerHandshakeError as exc:
            return exc.status
        await ws.close()
        return 101


class Browser:
    """One browser tab's websocket: sends what a student types, collects the screen's bytes."""

    def __init__(self, http: aiohttp.ClientSession, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.http = http
        self.ws = ws
        self.screen = b""

    @classmethod
    async def open(cls, url: str, origin: str | None, size: tuple[int, int] = (100, 30)) -> Browser:
        http = aiohttp.ClientSession()
        headers = {"Origin": origin} if origin else {}
        try:
            ws = await http.ws_connect(f"{url}?width={size[0]}&height={size[1]}", headers=headers)
        except BaseException:
            await http.close()
            raise
        browser = cls(http, ws)
        await ws.send_str(json.dumps(["resize", {"width": size[0], "height": size[1]}]))
        return browser

    async def type(self, text: str) -> None:
        await self.ws.send_str(json.dumps(["stdin", text]))

    async def read_until(self, needle: str, timeout: float = 20.0) -> bool:
        """Read the app's output until ``needle`` has appeared in it (True) or ``timeout`` passed (False)."""
        deadline = time.monotonic() + timeout
        while needle.encode() not in self.screen:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            try:
                message = await self.ws.receive(timeout=left)
            except TimeoutError:
                return False
            if message.type == aiohttp.WSMsgType.BINARY:
                self.screen += message.data
            elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
                return needle.encode() in self.screen
        return True

    async def close(self) -> None:
        await self.ws.close()
        await self.http.close()


async def wait_for(predicate: Any, timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        await asyncio.sleep(0.1)
    return bool(predicate())
