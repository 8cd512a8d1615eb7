"""The pages a served ketquiz sends to browsers: the terminal page, the class-code form, the "class is full" page.

Only relative URLs: every asset (terminal script, stylesheet, Roboto Mono font) comes from textual-serve's own
``/static`` folder on the teacher's machine, so nothing is fetched from outside and no internet is needed. The
websocket address is worked out in the browser from the address the student typed (a server bound to 0.0.0.0 has
no single address of its own). Every value is filled in by Jinja2 with autoescaping on.
"""

from __future__ import annotations

#: The page each browser loads to run the app.
PAGE = """<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>{{ application.name }}</title>
    <link rel="stylesheet" href="static/css/xterm.css" />
    <style>
      @font-face {
        font-family: "Roboto Mono";
        src: url("static/fonts/RobotoMono-VariableFont_wght.ttf") format("truetype");
        font-weight: 100 700;
        font-style: normal;
      }
      @font-face {
        font-family: "Roboto Mono";
        src: url("static/fonts/RobotoMono-Italic-VariableFont_wght.ttf") format("truetype");
        font-weight: 100 700;
        font-style: italic;
      }
      body { background: #0c181f; margin: 0; }
      .dialog-container {
        position: absolute; width: 100vw; height: 100vh; display: flex;
        align-items: center; justify-content: center; z-index: 10;
      }
      .intro {
        width: 640px; min-height: 160px; font-size: 18px; z-index: 20;
        font-family: "Roboto Mono", menlo, monospace; text-align: center;
        color: rgba(255, 255, 255, 0.95); background-color: #12232d;
        display: flex; flex-direction: column; align-items: center; justify-content: center; margin: 32px;
      }
      body.-first-byte .intro-dialog { display: none; }
      body .textual-terminal { opacity: 0; transition: opacity 0.3s ease-out; }
      body.-first-byte .textual-terminal { opacity: 1; }
      button {
        padding: 16px 32px; background-color: #1f6f8b; color: #fff; border: none;
        font-family: "Roboto Mono", menlo, monospace; font-size: 16px; margin: 16px; cursor: pointer;
      }
      .closed-dialog { display: none; }
      body.-closed .closed-dialog { display: flex; }
      #start { display: none; }
      #start.-delay { display: block; }
    </style>
    <script src="static/js/textual.js"></script>
    <script>
      function getStartUrl() {
        const url = new URL(window.location.href);
        url.searchParams.delete("delay");
        return url.pathname + url.search;
      }
      function refresh() { window.location.href = getStartUrl(); }
    </script>
  </head>
  <body>
    <div class="dialog-container intro-dialog">
      <div class="intro">
        <div>{{ application.name }}</div>
        <div>connecting…</div>
        <button type="button" onclick="refresh()" id="start">Start</button>
      </div>
    </div>
    <div class="dialog-container closed-dialog">
      <div class="intro">
        <div>{{ application.name }}</div>
        <div>Disconnected: the app ended, the teacher stopped the server, or the class is full.</div>
        <button type="button" onclick="refresh()">Start again</button>
      </div>
    </div>
    <div id="terminal" class="textual-terminal" data-font-size="{{ font_size }}" data-ws-path="{{ ws_path }}"></div>
    <script>
      (function () {
        const terminal = document.getElementById("terminal");
        const ws = new URL(terminal.dataset.wsPath, window.location.href);
        ws.protocol = window.location.protocol === "https:" ? "wss:" : "ws:";
        ws.search = "";
        terminal.dataset.sessionWebsocketUrl = ws.href;
      })();
    </script>
  </body>
</html>
"""

#: A short page with a message and, when ``ask_code`` is set, the class-code form.
MESSAGE_PAGE = """<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>{{ title }}</title>
    <style>
      body { background: #0c181f; color: rgba(255, 255, 255, 0.95); margin: 0;
             font-family: menlo, "DejaVu Sans Mono", monospace; }
      main { max-width: 640px; margin: 10vh auto; padding: 32px; background: #12232d; text-align: center; }
      h1 { font-size: 22px; font-weight: normal; }
      p { font-size: 17px; line-height: 1.5; }
      .error { color: #ff8a80; }
      input, button { font: inherit; font-size: 20px; padding: 10px 16px; margin: 8px; }
      input { width: 10em; text-align: center; letter-spacing: 0.2em; }
      button { background: #1f6f8b; color: #fff; border: none; cursor: pointer; }
    </style>
  </head>
  <body>
    <main>
      <h1>{{ title }}</h1>
      {% if error %}<p class="error">{{ error }}</p>{% endif %}
      <p>{{ message }}</p>
      {% if ask_code %}
      <form method="get" action="">
        <input name="code" autocomplete="off" autofocus inputmode="numeric" aria-label="class code" />
        <button type="submit">Join</button>
      </form>
      {% endif %}
    </main>
  </body>
</html>
"""
