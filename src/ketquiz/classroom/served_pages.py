"""The pages a served ketquiz sends to browsers: the terminal page, the class-code form, the "class is full" page.

The HTML is package data (``classroom/pages/``, shipped by ``pyproject.toml``'s package-data), read through
:mod:`importlib.resources` so an installed wheel finds it as a source checkout does:

- ``app.html``, the page each browser loads to run the app;
- ``message.html``, a short page with a message and, when ``ask_code`` is set, the class-code form.

Only relative URLs: every asset (terminal script, stylesheet, Roboto Mono font) comes from textual-serve's own
``/static`` folder on the teacher's machine, so nothing is fetched from outside and no internet is needed. The
websocket address is worked out in the browser from the address the student typed (a server bound to 0.0.0.0 has
no single address of its own). Every value is filled in by Jinja2 with autoescaping on.
"""

from __future__ import annotations

from importlib.resources import files


def _page(name: str) -> str:
    return (files("ketquiz.classroom") / "pages" / name).read_text(encoding="utf-8")


#: The page each browser loads to run the app (a Jinja2 template).
PAGE = _page("app.html")

#: A short page with a message and, when ``ask_code`` is set, the class-code form (a Jinja2 template).
MESSAGE_PAGE = _page("message.html")
