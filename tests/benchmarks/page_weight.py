"""Bytes a phone transfers: first visit of a page (empty cache) and a following page, per language.

Serves a built site gzip-compressed (as any static web host does) on 127.0.0.1 and loads pages
in real Chromium with a phone viewport. The server counts what it sends (headers and bodies),
so everything is included: the page, its assets, and what the search worker loads.

    python tests/benchmarks/page_weight.py [--site site] [--first angebote/ID/] [--next gemeinden/SLUG/]
"""

from __future__ import annotations

import argparse
import functools
import gzip
import hashlib
import http.server
import sys
import threading
from pathlib import Path

COMPRESSIBLE = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip-compressed when the browser accepts it (like nginx with gzip on).

    Every response is logged as (path, bytes sent) in ``server.sent``.
    """

    def setup(self):
        super().setup()
        self._count = 0
        raw = self.wfile

        class Counting:
            def write(inner, data):  # noqa: N805
                self._count += len(data)
                return raw.write(data)

            def __getattr__(inner, name):  # noqa: N805
                return getattr(raw, name)

        self.wfile = Counting()

    def handle_one_request(self):
        self._count = 0
        super().handle_one_request()
        if getattr(self, "path", None) and self._count:
            # the service worker's background download of the offline pack is counted apart
            pack = getattr(self, "headers", None) is not None and self.headers.get("Wegweiser-Offline") == "pack"
            (self.server.pack if pack else self.server.sent).append((self.path, self._count))

    def send_head(self):  # noqa: D102
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()
            path = path / "index.html"
        if path.suffix in COMPRESSIBLE and path.is_file() and "gzip" in self.headers.get("Accept-Encoding", ""):
            data = path.read_bytes()
            # an ETag and "304 Not Modified" for a file the browser already has, like GitHub Pages or nginx
            etag = '"%s"' % hashlib.sha256(data).hexdigest()[:16]
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return None
            body = gzip.compress(data, compresslevel=6)
            self.send_response(200)
            self.send_header("ETag", etag)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return _Bytes(body)
        return super().send_head()

    def end_headers(self):
        self.send_header("Cache-Control", "max-age=600")  # what GitHub Pages sends
        super().end_headers()

    def log_message(self, format, *args):  # noqa: A002
        pass


class _Bytes:
    def __init__(self, data: bytes):
        self.data = data

    def read(self, *_):
        data, self.data = self.data, b""
        return data

    def close(self):
        pass


def serve(site: Path):
    handler = functools.partial(GzipHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.sent = []  # (path, bytes) of every response the page caused
    server.pack = []  # (path, bytes) of the offline pack the service worker fetches in the background
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def transferred(server, page, url: str, settle_ms: int = 1500) -> tuple[int, int]:
    """(bytes the server sent, responses) for loading ``url`` until the network is idle."""
    start = len(server.sent)
    page.goto(url, wait_until="networkidle")
    page.wait_for_timeout(settle_ms)
    sent = server.sent[start:]
    return sum(size for _, size in sent), len(sent)


def measure(site: Path, languages: list[str], first: str, following: str) -> list[tuple[str, int, int, int, int]]:
    from playwright.sync_api import sync_playwright

    server, origin = serve(site)
    rows = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            for lang in languages:
                context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
                page = context.new_page()
                pack_start = len(server.pack)
                first_bytes, requests = transferred(server, page, f"{origin}/{lang}/{first}")
                next_bytes, _ = transferred(server, page, f"{origin}/{lang}/{following}")
                page.wait_for_timeout(5000)  # let the service worker's background pack finish (reported apart)
                pack = sum(size for _, size in server.pack[pack_start:])
                rows.append((lang, first_bytes, requests, next_bytes, pack))
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", default="site", help="built site (default: site/)")
    parser.add_argument("--first", required=True, help="page of the first visit, e.g. angebote/jobcenter-enzkreis/")
    parser.add_argument("--next", dest="following", required=True, help="page visited next, e.g. gemeinden/birkenfeld/")
    args = parser.parse_args(argv)
    site = Path(args.site)
    # a language folder has its own web app manifest (the editing app in redaktion/ has none)
    languages = sorted(p.name for p in site.iterdir() if (p / "index.html").is_file() and (p / "manifest.webmanifest").is_file())
    rows = measure(site, languages, args.first, args.following)
    print(f"first visit: /<lang>/{args.first}   following page: /<lang>/{args.following}   (gzip, empty cache)")
    print(f"{'lang':<6}{'first visit':>14}{'requests':>10}{'following':>12}{'offline pack':>15}")
    for lang, first_bytes, requests, next_bytes, pack in rows:
        print(f"{lang:<6}{first_bytes / 1024:>11.1f} KB{requests:>10}{next_bytes / 1024:>9.1f} KB{pack / 1024:>12.1f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
