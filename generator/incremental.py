"""Incremental updates of a built site: after a change, only the files that depend on it.

``wegweiser serve`` keeps, per language, the rendered sources of every page, the dependency
map made while rendering them (:mod:`generator.depends`: which parts of the model and which
templates each page read), and MkDocs loaded
(:class:`generator.site.PageBuilder`). After a change of data or templates it

1. loads and validates the project (every problem at once; nothing changes on error),
2. compares the old and the new model and finds the pages whose recorded dependencies the
   change touched (the reader's language and page first, see serve.py),
3. renders them again (recording their dependencies anew), turns each page whose source
   changed into HTML with MkDocs and the same post-processing as a full build, writes it into
   the served site,
4. once every language is done, makes the files the languages share as a full build does
   (:func:`generator.build.finish_site`: open data, sitemaps, the service worker).

The result equals a full build file for file (tests/test_incremental.py). What it leaves to a
full build: any change that moves the whole site (``mkdocs.yml``, the theme, the catalogs, the
day, a page that comes or goes, a changed navigation or language config): :meth:`affected` or
:meth:`update` return ``None``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import depends, qr, search, site, writer
from .build import finish_page, finish_site
from .model import Directory
from .render import Renderer

TEMPLATES_DIR = "generator/templates/"


@dataclass
class Language:
    """What one language's incremental updates keep between changes."""

    sources: dict[str, str]  # rendered source path -> content (Markdown, CSS, JSON)
    recorder: depends.Recorder
    builder: site.PageBuilder
    codes: qr.Codes  # the language's QR codes, each made once


@dataclass
class Update:
    """The result of :meth:`Incremental.update` for one language."""

    lang: str
    rendered: list[str] = field(default_factory=list)  # sources rendered again
    written: list[str] = field(default_factory=list)  # site files written (relative to the language's folder)


class Incremental:
    """Keeps the state of the served site's languages and brings them up to date after a change."""

    def __init__(self, root: Path, site_dir: Path, directory: Directory, paths: site.Paths):
        self.root, self.site_dir, self.directory, self.paths = root, site_dir, directory, paths
        self.languages: dict[str, Language] = {}

    def warm(self, lang: str) -> None:
        """Render every source of ``lang`` with the dependency map, and load MkDocs for it.

        The site on disk must be the full build of ``self.directory`` (the pages are not written).
        """
        recorder = depends.Recorder()
        codes = qr.Codes()
        renderer = Renderer(self.directory, lang, codes, recorder=recorder)
        sources = {source: renderer.output(source) for source in renderer.sources()}
        builder = site.PageBuilder(self.paths.config(lang), list(sources))
        self.languages[lang] = Language(sources, recorder, builder, codes)

    def affected(self, new: Directory, changed_files: set[str]) -> dict[str, set[str]] | None:
        """Per warmed language, the sources a change from the current model to ``new`` affects;
        ``None`` when the change needs a full build (see the module's description)."""
        templates = {p.removeprefix(TEMPLATES_DIR) for p in changed_files if p.startswith(TEMPLATES_DIR)}
        others = {p for p in changed_files if not p.startswith(TEMPLATES_DIR)}
        if any(not p.startswith(("municipalities/", "content/")) for p in others):
            return None  # mkdocs.yml, theme, catalogs
        if templates:  # a template may now include others
            depends.template_closure.cache_clear()
        keys = depends.changed_keys(self.directory, new, templates)
        if keys is None:
            return None
        return {lang: state.recorder.affected(keys) for lang, state in self.languages.items()}

    def update(self, new: Directory, lang: str, sources: set[str], first: list[str] = ()) -> Update | None:
        """Render ``sources`` of ``lang`` from ``new`` (``first`` before the others), turn the
        changed ones into HTML and write them into the site. ``None`` when the language cannot be
        updated page by page (its set of pages or its MkDocs config changed): then a full build."""
        state = self.languages[lang]
        renderer = Renderer(new, lang, state.codes, recorder=state.recorder)
        if renderer.sources() != list(state.sources):
            return None
        if not state.builder.fits(site.language_config(new, lang, self.paths), list(state.sources)):
            return None
        result = Update(lang)
        tiles = (new.config.map.tile_origin,)
        for source in sorted(sources, key=lambda s: (s not in first, s)):
            content = renderer.output(source)
            result.rendered.append(source)
            if content == state.sources[source]:
                continue
            if source in state.builder.markdown_sources:
                dest, html = state.builder.html(source, content)
                data = finish_page(html.decode("utf-8"), tiles).encode("utf-8")
            else:  # a file MkDocs copies as it is (plan entries, the categories' stylesheet)
                dest, data = source, content.encode("utf-8")
            state.sources[source] = content
            if writer.write_bytes_if_changed(self.site_dir / lang / dest, data):
                result.written.append(dest)
        return result

    def finish(self, new: Directory, langs: tuple[str, ...]) -> None:
        """After every language is updated: the files the languages share, as a full build makes
        them (open data, sitemaps, the editing app's configuration, the service worker)."""
        for lang in langs:  # the search index is made from the model
            writer.write_if_changed(self.site_dir / lang / search.INDEX, search.index_json(new, lang))
        finish_site(new, langs, self.site_dir)
