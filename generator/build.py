"""The whole pipeline: load -> validate -> model -> localize/render -> write -> build per language."""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from . import editor, harden, offline, qr, scripts, search, site, slim, writer
from . import opendata
from .errors import WegweiserError
from .loader import load_project, read_cache
from .model import Directory, build_directory
from .render import each_file, render_root_index
from .validate import validate

WORK_DIR = "build"
PART_FILE = "wegweiser-teil.json"  # in the folder of `wegweiser build --out`: its languages, for `assemble`


@dataclass(frozen=True)
class BuildReport:
    languages: tuple[str, ...]
    pages_per_language: int
    written: int
    seconds: float


def load_valid(root: Path, today: dt.date | None = None, site_url: str | None = None) -> Directory:
    """Load and validate the project; raise every problem at once, or return the model.

    ``site_url`` overrides mkdocs.yml's ``site_url`` (a deployment knows its address).
    """
    raw = load_project(root)
    problems = validate(raw, today)
    if problems:
        raise WegweiserError(problems)
    directory = build_directory(raw, today)
    if site_url:
        directory = dataclasses.replace(directory, config=dataclasses.replace(directory.config, site_url=check_site_url(site_url)))
    return directory


def check_site_url(url: str) -> str:
    """The site's absolute address, ending in "/"; pages, QR codes and plans link to it."""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.netloc or parts.query or parts.fragment:
        raise WegweiserError(message=f"site_url \"{url}\" ist keine Adresse wie https://wegweiser.example.org/")
    return url if url.endswith("/") else url + "/"


def check_languages(directory: Directory, languages: list[str] | None) -> tuple[str, ...]:
    if not languages:
        return directory.config.languages
    unknown = [lang for lang in languages if lang not in directory.config.languages]
    if unknown:
        raise WegweiserError(
            message=f"unbekannte Sprache: {', '.join(unknown)} (Sprachen der Seite: {', '.join(directory.config.languages)})"
        )
    return tuple(languages)


def generate(directory: Directory, paths: site.Paths, languages: tuple[str, ...]) -> int:
    """Render and write every language's Markdown and config; returns how many files changed."""
    written = 0
    for lang in languages:
        codes = qr.Codes.from_cache(read_cache(paths.qr_cache(lang)))  # QR codes by content, across builds
        written += writer.sync_tree(paths.docs(lang), each_file(directory, lang, codes))[0]
        writer.write_cache(paths.qr_cache(lang), codes.to_cache())
        config = site.language_config(directory, lang, paths)
        written += writer.write_if_changed(paths.config(lang), config)
    return written


@contextmanager
def model_kept() -> Iterator[None]:
    """The loaded model lives through the whole build: Python's cycle collector need not walk it
    again at every full collection (``gc.freeze``: about an eighth of the rendering time at 12,000
    pages). Unfrozen afterwards, so that a long-running ``serve`` can free an old model."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def build(root: Path, site_dir: Path | None = None, languages: list[str] | None = None, jobs: int = 2,
          today: dt.date | None = None, site_url: str | None = None) -> BuildReport:
    """Build the site into ``site_dir`` (default ``<root>/site``), replacing it only on success."""
    started = time.perf_counter()
    root = Path(root).resolve()
    directory = load_valid(root, today, site_url)
    langs = check_languages(directory, languages)
    site_dir = Path(site_dir or root / "site").resolve()
    paths = site.Paths(root, root / WORK_DIR)
    with model_kept(), writer.staged_directory(site_dir) as stage:
        written = build_language_folders(directory, paths, langs, stage, jobs)
        finish_site(directory, langs, stage)
    return BuildReport(langs, count_pages(paths, langs), written, time.perf_counter() - started)


def build_part(root: Path, out: Path, languages: list[str], jobs: int = 2,
               today: dt.date | None = None, site_url: str | None = None) -> BuildReport:
    """``wegweiser build --lang X --out DIR``: only the languages' folders, for :func:`assemble`.

    ``DIR`` holds ``<lang>/`` (built, checked, hardened, exactly as in a whole build) and
    :data:`PART_FILE`, which names the languages and the site address they were built for.
    """
    started = time.perf_counter()
    root = Path(root).resolve()
    directory = load_valid(root, today, site_url)
    langs = check_languages(directory, languages)
    paths = site.Paths(root, root / WORK_DIR)
    with model_kept(), writer.staged_directory(Path(out)) as stage:
        written = build_language_folders(directory, paths, langs, stage, jobs)
        part = {"languages": list(langs), "site_url": directory.config.site_url}
        writer.write_if_changed(stage / PART_FILE, json.dumps(part, indent=1) + "\n")
    return BuildReport(langs, count_pages(paths, langs), written, time.perf_counter() - started)


def assemble(root: Path, parts: list[Path], site_dir: Path | None = None,
             today: dt.date | None = None, site_url: str | None = None) -> BuildReport:
    """``wegweiser assemble DIR… --site site/``: the parts' language folders and everything the
    languages share (language choice, open data, sitemaps, editing app, service worker) as one site,
    the same file for file as a whole build of those languages."""
    started = time.perf_counter()
    root = Path(root).resolve()
    directory = load_valid(root, today, site_url)
    found: dict[str, Path] = {}
    for part in map(Path, parts):
        try:
            info = json.loads((part / PART_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise WegweiserError(message=f"{part}: kein Teil eines Builds (es fehlt {PART_FILE}; gebaut mit wegweiser build --lang X --out {part})") from None
        if info.get("site_url") != directory.config.site_url:
            raise WegweiserError(
                message=f"{part}: für die Adresse {info.get('site_url') or '(keine)'} gebaut, hier gilt {directory.config.site_url or '(keine)'}"
            )
        for lang in info["languages"]:
            if lang in found:
                raise WegweiserError(message=f"Sprache \"{lang}\" steht in zwei Teilen: {found[lang]} und {part}")
            found[lang] = part
    langs = check_languages(directory, [lang for lang in directory.config.languages if lang in found] + sorted(set(found) - set(directory.config.languages)))
    site_dir = Path(site_dir or root / "site").resolve()
    with writer.staged_directory(site_dir) as stage:
        for lang in langs:
            folder = found[lang] / lang
            files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
            writer.copy_files(folder, stage / lang, files)
        finish_site(directory, langs, stage)
    return BuildReport(langs, 0, 0, time.perf_counter() - started)


def build_language_folders(directory: Directory, paths: site.Paths, langs: tuple[str, ...], stage: Path, jobs: int) -> int:
    """Every language's own folder ``stage/<lang>/``, finished; returns how many sources changed."""
    written = generate(directory, paths, langs)
    site.build_languages({lang: paths.config(lang) for lang in langs}, stage, jobs=jobs)
    tiles = (directory.config.map.tile_origin,)
    for lang in langs:
        for rel, content in site.search_files(stage / lang).items():
            writer.write_if_changed(stage / lang / rel, content)
        writer.write_if_changed(stage / lang / search.INDEX, search.index_json(directory, lang))
        writer.write_if_changed(stage / lang / offline.MANIFEST, offline.manifest(directory.config, lang))
        writer.rewrite_html(stage / lang, lambda html: finish_page(html, tiles))
        writer.rewrite_files(stage / lang, scripts.OWN_SCRIPTS, scripts.compact)
    return written


def finish_page(html: str, tiles: tuple[str, ...]) -> str:
    """What the build does to each page MkDocs wrote: valid toggles, no indentation, the Content-Security-Policy."""
    return harden.harden(slim.collapse_indentation(site.valid_toggles(html)), tiles)


def finish_site(directory: Directory, langs: tuple[str, ...], stage: Path) -> None:
    """What the languages share, beside their folders in ``stage``: the language choice, open data
    and sitemaps, the editing app, and last the service worker (a hash over every file it may serve)."""
    for rel, content in render_root_index(directory).items():
        writer.write_if_changed(stage / rel, content)
    for rel, data in opendata.site_files(directory, langs).items():  # /daten/, sitemaps
        writer.write_bytes_if_changed(stage / rel, data)
    tiles = (directory.config.map.tile_origin,)
    for path in stage.glob("*.html"):  # the language choice; the languages' pages are done
        writer.write_if_changed(path, harden.harden(path.read_text(encoding="utf-8"), tiles))
    # the editing app, after the public pages' pass: its page has its own policy; no public page links it
    writer.copy_files(editor.SOURCE, stage / editor.SITE_DIR, editor.app_files(), editor.app_file)
    for rel, content in editor.generated(directory).items():
        writer.write_if_changed(stage / editor.SITE_DIR / rel, content)
    files = sorted(p.relative_to(stage).as_posix() for p in stage.rglob("*") if p.is_file())
    built = ((rel, (stage / rel).read_bytes()) for rel in files if offline.is_versioned(rel))
    worker = offline.service_worker(offline.build_version(built), langs, offline.pack_pages(directory))
    writer.write_if_changed(stage / offline.WORKER, worker)


def count_pages(paths: site.Paths, langs: tuple[str, ...]) -> int:
    return sum(1 for p in paths.docs(langs[0]).rglob("*.md"))
