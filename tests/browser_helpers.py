"""Helpers for the browser tests: a loopback HTTP server for a built site, and Chromium."""

from __future__ import annotations

import functools
import http.server
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    # the voices of Debian's speech-dispatcher with espeak-ng (installed by ./run test): "read aloud"
    "--enable-speech-dispatcher",
]
# A phone: the size of an iPhone 12-15 in CSS pixels, touch, the mobile viewport meta honoured.
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
}


TIMEOUT_MS = 15_000  # the longest any single wait may take; a slow CI machine, not a sleep
# An init script: every layout shift of the page, in window.__shifts (a list of their values).
RECORD_SHIFTS = """
    window.__shifts = [];
    new PerformanceObserver(list => list.getEntries().forEach(e => window.__shifts.push(e.value)))
      .observe({type: "layout-shift", buffered: true});
"""


def painted(page) -> None:
    """Returns once the page has drawn two more frames (what changed before is on screen)."""
    page.wait_for_function("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files without logging each request to stderr."""

    def log_message(self, format, *args):  # noqa: A002 - the signature of the base class
        pass


@contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Serve `folder` on 127.0.0.1 at a free port, in a thread. Yields the origin, no trailing slash."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host}:{port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


class PageLog:
    """Every request URL, console error and uncaught exception of a browser context's pages."""

    def __init__(self, context) -> None:
        self.requests: list[str] = []
        self.errors: list[str] = []
        context.on("request", lambda request: self.requests.append(request.url))
        context.on("page", self._watch)

    def _watch(self, page) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))

    def _console(self, message) -> None:
        if message.type == "error":
            self.errors.append(f"console error: {message.text} at {message.location}")

    def foreign_requests(self, origin: str) -> list[str]:
        return [url for url in self.requests if not url.startswith(origin + "/")]
