"""``ketquiz join HOST:PORT``: a live class in a terminal on any computer in the room.

The student's app runs on the teacher's computer, exactly as for a browser (textual-serve starts one per
connection); this client is the terminal end of that connection instead of a browser's: it sends what the
student types and draws what the app sends. So a terminal student and a browser student see the same app, with
the same checks (the class code, the session cap), and nothing about the class runs on the student's computer.

What the teacher's computer sends is drawn as it comes: it is a Textual app's screen (cursor moves, colours),
and the student trusts the teacher's computer as they would a web page from it.
"""

from __future__ import annotations

import asyncio
import codecs
import contextlib
import json
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

import aiohttp
from yarl import URL

#: Written when the connection ends, whatever the app left behind: main screen back, cursor shown, mouse off.
RESTORE = "\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?2004l\x1b[?1049l\x1b[?25h"


class JoinError(Exception):
    """The class cannot be joined; the message says why, for the student."""


@dataclass(frozen=True)
class Target:
    base: URL  # http://host:port/

    @classmethod
    def parse(cls, address: str) -> Target:
        """``HOST:PORT`` (or a URL the teacher's screen shows) as the server's base URL."""
        text = address.strip()
        if "://" not in text:
            text = f"http://{text}"
        try:
            url = URL(text)
        except ValueError:
            raise JoinError(
                f"{address!r} is not an address: give HOST:PORT, e.g. 192.168.1.20:8000"
            ) from None
        if url.scheme not in ("http", "https") or not url.host or url.explicit_port is None:
            raise JoinError(f"{address!r} is not an address: give HOST:PORT, e.g. 192.168.1.20:8000")
        return cls(url.with_path("/").with_query(None).with_fragment(None))

    def websocket(self, code: str | None, width: int, height: int) -> URL:
        scheme = "wss" if self.base.scheme == "https" else "ws"
        path = "/ws" if code is None else f"/ws/{code}"
        return self.base.with_scheme(scheme).with_path(path).with_query({"width": width, "height": height})


def _unreachable(target: Target, exc: aiohttp.ClientError) -> JoinError:
    reason = getattr(exc, "strerror", None) or type(exc).__name__
    return JoinError(
        f"cannot reach {target.base} ({reason}): is the live class running, and is this computer on its network?"
    )


async def check_code(http: aiohttp.ClientSession, target: Target, code: str | None) -> bool:
    """Whether the class accepts ``code`` (True also when it needs none); raises JoinError when it can't be joined."""
    url = target.base if code is None else target.base.with_query({"code": code})
    try:
        async with http.get(url) as response:
            status = response.status
    except aiohttp.ClientError as exc:
        raise _unreachable(target, exc) from exc
    if status == 200:
        return True
    if status == 401:
        return False
    if status == 503:
        raise JoinError("the class is full: ask your teacher")
    if status == 403:
        raise JoinError("the class refused this computer (too many wrong codes?): ask your teacher")
    raise JoinError(f"{target.base} answered {status}: is it a ketquiz class?")


async def relay(
    http: aiohttp.ClientSession,
    target: Target,
    code: str | None,
    keys: AsyncIterator[str],
    write: Callable[[bytes], None],
    size: tuple[int, int] = (80, 24),
    resizes: AsyncIterator[tuple[int, int]] | None = None,
) -> None:
    """Connect to the class and pass ``keys`` to the app and its screen to ``write`` until either side ends."""
    try:
        ws = await http.ws_connect(target.websocket(code, *size), heartbeat=15)
    except aiohttp.WSServerHandshakeError as exc:
        raise JoinError(
            "the class is full" if exc.status == 503 else f"the class refused the connection ({exc.status})"
        ) from exc
    except aiohttp.ClientError as exc:
        raise _unreachable(target, exc) from exc

    async def send_keys() -> None:
        await ws.send_str(json.dumps(["resize", {"width": size[0], "height": size[1]}]))
        async for text in keys:
            await ws.send_str(json.dumps(["stdin", text]))

    async def send_resizes() -> None:
        if resizes is None:
            return
        async for width, height in resizes:
            await ws.send_str(json.dumps(["resize", {"width": width, "height": height}]))

    senders = [asyncio.create_task(send_keys()), asyncio.create_task(send_resizes())]
    try:
        async for message in ws:
            if message.type == aiohttp.WSMsgType.BINARY:
                write(message.data)
            elif message.type == aiohttp.WSMsgType.ERROR:
                break
    finally:
        for task in senders:
            task.cancel()
        for task in senders:
            with contextlib.suppress(asyncio.CancelledError, ConnectionError, RuntimeError):
                await task
        await ws.close()


def decode_keys() -> codecs.IncrementalDecoder:
    """A decoder for raw terminal input (a multi-byte character may arrive in two reads)."""
    return codecs.getincrementaldecoder("utf-8")(errors="replace")


async def _terminal_keys(fd: int) -> AsyncIterator[str]:
    """What the student types, read raw from ``fd`` as it comes."""
    import os

    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[bytes] = asyncio.Queue()
    loop.add_reader(fd, lambda: queue.put_nowait(os.read(fd, 1024)))
    decoder = decode_keys()
    try:
        while True:
            data = await queue.get()
            if not data:
                return
            text = decoder.decode(data)
            if text:
                yield text
    finally:
        loop.remove_reader(fd)


async def _terminal_resizes() -> AsyncIterator[tuple[int, int]]:
    import shutil
    import signal

    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[None] = asyncio.Queue()
    loop.add_signal_handler(signal.SIGWINCH, lambda: queue.put_nowait(None))
    try:
        while True:
            await queue.get()
            size = shutil.get_terminal_size()
            yield size.columns, size.lines
    finally:
        loop.remove_signal_handler(signal.SIGWINCH)


async def join_in_terminal(target: Target, code: str | None, ask_code: Callable[[], str]) -> None:
    """Join from this terminal: ask the code if the class needs one, then relay until the app ends."""
    import shutil
    import sys
    import termios
    import tty

    async with aiohttp.ClientSession() as http:
        for _ in range(5):
            if await check_code(http, target, code):
                break
            if code is not None:
                print("That is not the class code.", file=sys.stderr)
            code = ask_code().strip()
        else:
            raise JoinError("too many wrong codes")
        fd = sys.stdin.fileno()
        saved = termios.tcgetattr(fd)
        out = sys.stdout.buffer

        def write(data: bytes) -> None:
            out.write(data)
            out.flush()

        size = shutil.get_terminal_size()
        tty.setraw(fd)
        try:
            await relay(
                http, target, code, _terminal_keys(fd), write, (size.columns, size.lines), _terminal_resizes()
            )
        finally:
            termios.tcsetattr(fd, termios.TCSADRAIN, saved)
            write(RESTORE.encode())
