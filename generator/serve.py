"""``wegweiser serve``: build the whole site, serve it on this machine, rebuild on change.

The browser reloads by itself after a rebuild: HTML responses get a small script that asks
the server (long poll) whether a newer build exists. Nothing of this reaches ``site/`` on disk.
A build with bad data keeps the last good site and prints the problems.
"""

from __future__ import annotations

import functools
import http.server
import sys
import threading
import time
from pathlib import Path

from .build import WORK_DIR, build
from .editor import SITE_DIR as EDITOR_DIR
from .errors import WegweiserError
from .site import WATCHED

RELOAD_JS = b"""(function(){var v=null;function poll(){fetch('/__wegweiser/build?v='+(v||''))
.then(function(r){return r.text()}).then(function(t){if(v!==null&&t!==v){location.reload();return}v=t;setTimeout(poll,300)})
.catch(function(){setTimeout(poll,2000)})}poll()})();"""
# An external script: the pages' Content-Security-Policy allows the site's own scripts only.
RELOAD_SCRIPT = b'<script src="/__wegweiser/reload.js"></script>'


class BuildState:
    def __init__(self) -> None:
        self.version = 0
        self.changed = threading.Condition()

    def bump(self) -> None:
        with self.changed:
            self.version += 1
            self.changed.notify_all()

    def wait_newer(self, seen: str, timeout: float = 25.0) -> int:
        with self.changed:
            self.changed.wait_for(lambda: str(self.version) != seen, timeout=timeout)
            return self.version


def snapshot(root: Path) -> dict[Path, float]:
    """Modification times of every watched file (data, texts, templates, catalogs, theme)."""
    times: dict[Path, float] = {}
    for folder in (*WATCHED, "theme"):
        for path in (root / folder).rglob("*"):
            if path.is_file():
                times[path] = path.stat().st_mtime
    config = root / "mkdocs.yml"
    if config.exists():
        times[config] = config.stat().st_mtime
    return times


def rebuild(root: Path, site: Path, state: BuildState, languages: list[str] | None, site_url: str | None = None) -> None:
    try:
        report = build(root, site, languages, site_url=site_url)
        print(f"Neu gebaut in {report.seconds:.1f} s.", file=sys.stderr)
        state.bump()
    except WegweiserError as err:
        print("Nicht neu gebaut, die Vorschau zeigt den letzten guten Stand:", file=sys.stderr)
        for line in err.lines():
            print(line, file=sys.stderr)


def watch(root: Path, site: Path, state: BuildState, languages: list[str] | None, interval: float = 1.0,
          site_url: str | None = None) -> None:
    seen = snapshot(root)
    while True:
        time.sleep(interval)
        now = snapshot(root)
        if now != seen:
            seen = now
            rebuild(root, site, state, languages, site_url)


class Handler(http.server.SimpleHTTPRequestHandler):
    state: BuildState
    # whatever the system's MIME list says: browsers register sw.js only as JavaScript
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".webmanifest": "application/manifest+json",
        ".yml": "text/yaml",  # the editing app's config.yml
    }

    def do_GET(self) -> None:  # noqa: N802 (http.server naming)
        if self.path == "/__wegweiser/reload.js":
            self.send_response(200)
            self.send_header("Content-Type", "text/javascript")
            self.send_header("Content-Length", str(len(RELOAD_JS)))
            self.end_headers()
            self.wfile.write(RELOAD_JS)
            return
        if self.path.startswith("/__wegweiser/build"):
            seen = self.path.partition("v=")[2]
            body = str(self.state.wait_newer(seen) if seen else self.state.version).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)
            return
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        # the editing app (/redaktion/) is not reloaded: a save there changes data and rebuilds the site
        if path.suffix == ".html" and path.is_file() and not self.path.startswith(f"/{EDITOR_DIR}/"):
            data = path.read_bytes().replace(b"</body>", RELOAD_SCRIPT + b"</body>", 1)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(data)
            return
        super().do_GET()

    def log_message(self, format: str, *args) -> None:  # quiet
        pass


def serve(root: Path, address: str, languages: list[str] | None = None) -> int:
    root = Path(root).resolve()
    site = root / WORK_DIR / "preview"
    state = BuildState()
    host, _, port = address.rpartition(":")
    # links, QR codes and plans in the preview point to the preview (a deployment sets its own address)
    site_url = f"http://{host or '127.0.0.1'}:{port}/"
    report = build(root, site, languages, site_url=site_url)
    handler = type("BoundHandler", (Handler,), {"state": state})
    server = http.server.ThreadingHTTPServer(
        (host or "127.0.0.1", int(port)), functools.partial(handler, directory=str(site))
    )
    threading.Thread(target=watch, args=(root, site, state, languages), kwargs={"site_url": site_url}, daemon=True).start()
    print(
        f"Gebaut in {report.seconds:.1f} s. Vorschau: http://{host or '127.0.0.1'}:{port}/ "
        "(lädt neu, wenn sich Daten, Texte oder Vorlagen ändern; Ende mit Strg+C)",
        file=sys.stderr,
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
