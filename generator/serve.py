"""``wegweiser serve``: build the whole site, serve it on this machine, update it on change.

The browser reloads by itself after a change: HTML responses get a small script that asks
the server (long poll) whether a newer build exists. Nothing of this reaches ``site/`` on disk.
A change with bad data keeps the last good site and prints the problems. After a change only
the pages that depend on it are made again (:mod:`generator.incremental`), the page the reader
has open first; what cannot be updated page by page gets a full build in the background.
"""

from __future__ import annotations

import functools
import http.server
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from . import site as site_mod
from .build import WORK_DIR, build, check_languages, load_valid
from .editor import SITE_DIR as EDITOR_DIR
from .errors import WegweiserError
from .incremental import Incremental
from .render import offer_url, page_specs
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


def changed_files(root: Path, before: dict[Path, float], after: dict[Path, float]) -> set[str]:
    """The watched files (relative to ``root``) that came, went or changed between two snapshots."""
    return {p.relative_to(root).as_posix() for p in before.keys() | after.keys() if before.get(p) != after.get(p)}


class Preview:
    """What ``serve`` makes again after a change, and in which order.

    A change of data or templates goes through :mod:`generator.incremental`: first the page the
    browser last asked for and the edited offers' pages in every language (then the browser
    reloads); the other pages that depend on the change follow language by language, the
    reader's first, and last the files the languages share. Between these steps a newer change
    comes first (what is left joins its work). A change that moves the whole site (``mkdocs.yml``,
    theme, catalogs, pages that come or go), or one made before every language is prepared,
    gets a full build (a ``wegweiser build`` process) in the background; a new change stops it.
    Languages are prepared for page-by-page updates (rendered with their dependency map, MkDocs
    loaded) one at a time in the background after a full build, the reader's language first.
    """

    def __init__(self, root: Path, site: Path, state: BuildState, languages: list[str] | None, site_url: str):
        self.root, self.site, self.state, self.site_url = root, site, state, site_url
        self.languages = languages
        self.reader = ""  # the path of the page the browser last asked for, e.g. /de/angebote/x/
        self.full: subprocess.Popen | None = None
        self.busy = False  # a change is being handled
        self.pending: dict[str, set[str]] = {}  # per language: sources still to render after a change
        self.unfinished = False  # the files the languages share are still to be made
        self.finishing: threading.Thread | None = None  # making them
        self.directory = load_valid(root, site_url=site_url)
        self.langs = check_languages(self.directory, languages)
        self.engine = Incremental(root, site, self.directory, site_mod.Paths(root, root / WORK_DIR))

    @property
    def ready(self) -> bool:
        """Every change done, every language prepared for page-by-page updates, no full build running."""
        return (not self.busy and self.full is None and not self.pending and not self.unfinished
                and not self.finishing_now() and set(self.engine.languages) == set(self.langs))

    def reader_lang(self) -> str:
        lang = self.reader.strip("/").split("/")[0]
        return lang if lang in self.langs else self.langs[0]

    def warm_next(self) -> None:
        """Prepare one more language (the reader's first)."""
        todo = [lang for lang in (self.reader_lang(), *self.langs) if lang not in self.engine.languages]
        if todo:
            self.engine.warm(todo[0])

    def change(self, changed: set[str]) -> None:
        """Handle a change: the reader's page and the edited offers' pages now, the rest queued."""
        started = time.perf_counter()
        self.stop_full_build()
        try:
            new = load_valid(self.root, site_url=self.site_url)
        except WegweiserError as err:
            print("Nicht neu gebaut, die Vorschau zeigt den letzten guten Stand:", file=sys.stderr)
            for line in err.lines():
                print(line, file=sys.stderr)
            return
        affected = self.engine.affected(new, changed) if self.engine.languages else None
        try:
            done = affected is not None and self.update_first(new, affected, started)
        except Exception as err:  # e.g. MkDocs warns about a page: the full build reports it
            print(f"Seitenweise Aktualisierung nicht möglich ({getattr(err, 'message', None) or err}); ganzer Neubau.",
                  file=sys.stderr)
            done = False
        if done and set(self.engine.languages) == set(self.langs):
            for lang, sources in affected.items():  # the rest: language by language (see work)
                self.pending[lang] = self.pending.get(lang, set()) | sources
            self.engine.directory = new
            self.unfinished = True
            return
        # every language is prepared again after the full build
        self.pending, self.unfinished = {}, False
        self.engine = Incremental(self.root, self.site, new, self.engine.paths)
        self.start_full_build()

    def update_first(self, new, affected: dict[str, set[str]], started: float) -> bool:
        """The reader's page and the edited offers' pages in every prepared language; then the browser reloads."""
        lang = self.reader_lang()
        urls = {spec.url: spec.source for spec in page_specs(new)}
        page = self.reader.removesuffix("index.html").strip("/").partition("/")[2]  # "/de/angebote/x/" -> "angebote/x"
        reader = urls.get(page + "/" if page else "")
        edited = [urls[offer_url(i)] for i in new.offers if offer_url(i) in urls and new.offers[i] != self.engine.directory.offers.get(i)]
        first = {s for s in [reader, *edited] if s}
        for current in sorted(affected, key=lambda code: code != lang):
            part = (affected[current] | self.pending.get(current, set())) & first
            if part and self.engine.update(new, current, part) is None:
                return False
            affected[current] -= part
            if current in self.pending:
                self.pending[current] -= part
        self.state.bump()
        print(f"Seite aktualisiert in {time.perf_counter() - started:.1f} s.", file=sys.stderr)
        return True

    def work(self) -> bool:
        """One step of what a change left to do: one language's remaining pages, or at the end the
        files the languages share. Between steps, ``watch`` looks for newer changes. True if it did something."""
        if self.pending:
            lang = min(self.pending, key=lambda code: code != self.reader_lang())
            sources = self.pending.pop(lang)
            started = time.perf_counter()
            try:
                result = self.engine.update(self.engine.directory, lang, sources)
            except Exception as err:
                print(f"Seitenweise Aktualisierung nicht möglich ({getattr(err, 'message', None) or err}); ganzer Neubau.",
                      file=sys.stderr)
                result = None
            if result is None:
                self.pending, self.unfinished = {}, False
                self.engine = Incremental(self.root, self.site, self.engine.directory, self.engine.paths)
                self.start_full_build()
            else:
                print(f"{lang}: {len(result.rendered)} Dateien neu gerendert, {len(result.written)} geschrieben "
                      f"in {time.perf_counter() - started:.1f} s.", file=sys.stderr)
            return True
        if self.unfinished and not self.finishing_now():
            # beside the watcher, so that a newer change need not wait for it; a change meanwhile makes it run again
            self.unfinished = False
            self.finishing = threading.Thread(target=self.finish, args=(self.engine, self.engine.directory), daemon=True)
            self.finishing.start()
            return True
        return False

    def finish(self, engine: Incremental, directory) -> None:
        started = time.perf_counter()
        try:
            engine.finish(directory, self.langs)  # search, open data, sitemaps, service worker
        except Exception as err:  # e.g. a page replaced while the service worker's hash read the files: again
            print(f"Gemeinsame Dateien: {err}; noch einmal.", file=sys.stderr)
            self.unfinished = True
            return
        self.state.bump()
        print(f"Fertig (gemeinsame Dateien in {time.perf_counter() - started:.1f} s).", file=sys.stderr)

    def finishing_now(self) -> bool:
        return self.finishing is not None and self.finishing.is_alive()

    def start_full_build(self) -> None:
        if self.finishing is not None:
            self.finishing.join()  # it writes into the site the build replaces
        command = [sys.executable, "-m", "generator.cli", "--root", str(self.root), "build", "--site", str(self.site),
                   "--site-url", self.site_url]
        for lang in self.languages or ():
            command += ["--lang", lang]
        self.full = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                     start_new_session=True)

    def stop_full_build(self) -> None:
        if self.full is not None and self.full.poll() is None:
            # the build and its MkDocs processes; on SIGINT the build removes its unfinished folder
            os.killpg(self.full.pid, signal.SIGINT)
            try:
                self.full.communicate(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.full.pid, signal.SIGKILL)
                self.full.communicate()
        self.full = None

    def poll_full_build(self) -> None:
        if self.full is None or self.full.poll() is None:
            return
        _, err = self.full.communicate()
        if self.full.returncode == 0:
            print("Ganzer Neubau fertig.", file=sys.stderr)
            self.state.bump()
        else:
            print("Ganzer Neubau fehlgeschlagen:", file=sys.stderr)
            print(err.strip(), file=sys.stderr)
        self.full = None


def watch(preview: Preview, interval: float = 0.2) -> None:
    seen = snapshot(preview.root)
    while True:
        now = snapshot(preview.root)
        if now != seen:
            changed, seen = changed_files(preview.root, seen, now), now
            preview.busy = True
            try:
                preview.change(changed)
            finally:
                preview.busy = False
            continue
        preview.poll_full_build()
        if preview.work():
            continue
        if preview.full is None and not preview.ready:
            preview.warm_next()
            continue
        time.sleep(interval)


class Handler(http.server.SimpleHTTPRequestHandler):
    state: BuildState
    preview: Preview
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
        if self.path == "/__wegweiser/ready":  # for benchmarks: every language prepared for quick updates
            body = b"ready" if self.preview.ready else b"warming"
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
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
            self.preview.reader = self.path.split("?")[0]  # its language and page are updated first
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
    preview = Preview(root, site, state, languages, site_url)
    handler = type("BoundHandler", (Handler,), {"state": state, "preview": preview})
    server = http.server.ThreadingHTTPServer(
        (host or "127.0.0.1", int(port)), functools.partial(handler, directory=str(site))
    )
    threading.Thread(target=watch, args=(preview,), daemon=True).start()
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
        preview.stop_full_build()
        server.server_close()
    return 0
