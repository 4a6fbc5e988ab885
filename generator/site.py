"""Stage 7: one MkDocs build per language. The only module that knows MkDocs and Material.

Each language gets a small config file that inherits ``mkdocs.yml`` (``INHERIT``) and sets its
own docs folder, output folder, theme language, search language and navigation. What the build
does to Material's output (its search index trimmed, valid toggles) is here too. The generated
pages are builder-neutral (``<url>index.md`` with front matter, content as escaped HTML); moving
to another builder means replacing this module and ``theme/``.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import WegweiserError
from .localize import Localizer
from .model import Directory
from .render import alternates, menu, source_of

# Languages lunr.js can stem (Material ships lunr-languages for these).
LUNR_LANGUAGES = {"ar", "da", "de", "du", "en", "es", "fi", "fr", "hi", "hu", "it", "ja", "jp", "nl", "no", "pt", "ro", "ru", "sv", "ta", "th", "tr", "vi", "zh"}


def search_config(lang: str) -> dict:
    """Search settings of one language: its own stemming, and German words found from every language.

    Readers look for the words on their letters ("Jobcenter", "Kita"), so every index also
    keeps German tokens: lunr's Arabic trimmer alone would strip Latin letters. Languages lunr
    cannot stem get exact tokens in any script (no English trimmer, which drops non-Latin letters).
    """
    if lang == "de":
        return {"lang": ["de"]}
    if lang in LUNR_LANGUAGES:
        return {"lang": [lang, "de"]}
    return {"lang": ["en"], "pipeline": []}


WATCHED = ("municipalities", "content", "generator/templates", "generator/locales")


@dataclass(frozen=True)
class Paths:
    root: Path  # the project
    work: Path  # generated sources: <work>/docs/<lang>/, <work>/config/<lang>.yml

    def docs(self, lang: str) -> Path:
        return self.work / "docs" / lang

    def config(self, lang: str) -> Path:
        return self.work / "config" / f"{lang}.yml"

    def qr_cache(self, lang: str) -> Path:
        """The QR codes of ``lang``'s last build, by address (generator/qr.py: Codes)."""
        return self.work / "cache" / f"qr-{lang}.json"


def ui_texts(lang: str) -> dict[str, str]:
    """Texts of the theme (``config.extra.wegweiser_ui`` in theme/main.html), in ``lang``.

    The notice on a page the service worker served from its saved copy (no network, or a slow
    one); offline.js fills in the date and time it was saved and, where the browser can say it,
    how long ago.
    """
    gettext = Localizer(lang).gettext
    return {
        "offline_saved": gettext("This is a saved copy of the page from %(date)s. It may be out of date."),
        "offline_saved_age": gettext("This is a saved copy of the page from %(date)s (%(age)s). It may be out of date."),
        "open_data": gettext("Open data"),  # the footer's link to the page of the open data files
    }


def nav(directory: Directory, lang: str) -> list[dict[str, str]]:
    """The sidebar navigation in MkDocs' form: ``{title: source file}``."""
    return [{title: source_of(url)} for title, url in menu(directory, lang)]


def search_files(folder: Path) -> dict[str, str]:
    """What replaces Material's ``search/search_index.json`` in a language's built ``folder``: its
    settings alone, without the documents.

    Material's page script fetches that file on every first visit; the search box is answered by
    our own worker from ``search/wegweiser.json`` (generator/search.py), fetched at the first search.
    """
    index = folder / "search" / "search_index.json"
    if not index.is_file():
        return {}
    data = json.loads(index.read_text(encoding="utf-8"))
    return {"search/search_index.json": json.dumps({"config": data.get("config", {}), "docs": []}, separators=(",", ":"))}


# Material's base.html (outside any block, so main.html cannot override it) writes its drawer and
# search toggles as <input type="checkbox" ... autocomplete="off">. HTML allows autocomplete only
# on text-like inputs, so the Nu Html Checker reports an error on every page. Browsers read the
# attribute as "do not restore this control's state" (Firefox after a reload, Chromium after
# going back), which keeps the drawer or search from reopening by itself. A control's form owner
# with autocomplete="off" has the same effect in both engines (Gecko's GenerateStateKey and
# Blink's form state restore check the form owner), so the toggles join (form="…") one empty,
# hidden form that says autocomplete="off". The inputs stay where they are: Material's CSS
# reaches the rest of the page with sibling selectors (#__drawer:checked ~ …).
TOGGLE = re.compile(r"""<input\s(?=[^>]*\bclass="md-toggle")(?=[^>]*\btype="checkbox")[^>]*>""", re.I)
TOGGLE_AUTOCOMPLETE = re.compile(r'\sautocomplete="off"', re.I)
TOGGLE_FORM_ID = "__ww-toggles"
TOGGLE_FORM = f'<form id="{TOGGLE_FORM_ID}" autocomplete="off" hidden></form>'


def valid_toggles(html: str) -> str:
    """Material's checkbox toggles without ``autocomplete``; an autocomplete="off" form owns them."""
    toggles = [m for m in TOGGLE.finditer(html) if TOGGLE_AUTOCOMPLETE.search(m.group(0))]
    if not toggles:
        return html
    out, last = [html[: toggles[0].start()], TOGGLE_FORM], toggles[0].start()
    for m in toggles:
        tag = TOGGLE_AUTOCOMPLETE.sub("", m.group(0), count=1)
        out += [html[last : m.start()], tag[:-1].rstrip("/ ") + f' form="{TOGGLE_FORM_ID}">']
        last = m.end()
    return "".join(out) + html[last:]


def language_config(directory: Directory, lang: str, paths: Paths) -> str:
    """The per-language MkDocs config, as YAML text."""
    site_url = directory.config.site_url
    config: dict = {
        "INHERIT": os.path.relpath(paths.root / "mkdocs.yml", paths.config(lang).parent),
        "docs_dir": str(paths.docs(lang)),
        "theme": {"language": lang, "custom_dir": str(paths.root / "theme")},
        "plugins": [{"search": search_config(lang)}],
        "nav": nav(directory, lang),
        "extra": {"alternate": alternates(directory), "wegweiser_ui": ui_texts(lang)},
    }
    if site_url:
        config["site_url"] = f"{site_url}{lang}/"
    return "# Generated by `wegweiser build`; edit mkdocs.yml instead.\n" + yaml.safe_dump(
        config, allow_unicode=True, sort_keys=False
    )


def _mkdocs(args: list[str], env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **(env_extra or {}))
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", *args], capture_output=True, text=True, env=env, check=False
    )


def build_language(config_file: Path, lang: str, site_dir: Path) -> None:
    """Build one language in strict mode; a warning (broken link, missing page) fails it.

    Not ``--quiet``: MkDocs would then not count the warnings that strict mode turns into errors.
    """
    result = _mkdocs(["build", "--strict", "--config-file", str(config_file), "--site-dir", str(site_dir)])
    if result.returncode != 0:
        output = (result.stderr + result.stdout).splitlines()
        lines = [line for line in output if line.strip() and not line.startswith("INFO")]
        detail = "\n".join(f"  {line}" for line in lines[-20:])
        raise WegweiserError(message=f"MkDocs-Build für \"{lang}\" fehlgeschlagen:\n{detail}")


def build_languages(configs: dict[str, Path], site_dir: Path, jobs: int = 2) -> None:
    """Build every language into ``site_dir/<lang>``, ``jobs`` at a time; report every failed language."""
    errors: list[str] = []
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = {lang: pool.submit(build_language, path, lang, site_dir / lang) for lang, path in configs.items()}
        for lang, future in futures.items():
            try:
                future.result()
            except WegweiserError as err:
                errors.append(err.message or str(err))
    if errors:
        raise WegweiserError(message="\n".join(errors))


class PageBuilder:
    """MkDocs kept loaded for one language, to turn single pages into HTML as its build does.

    Used by ``wegweiser serve`` after a change: the configuration, the theme, the list of files
    and the navigation are read once (as ``mkdocs build`` reads them); then each changed page
    goes through the same steps as in a build (plugins, Markdown, the theme's template), in
    memory. It serves only while the language's config file and the set of pages stay the
    same (:meth:`fits`); the site-wide files (search index, sitemap) come from a full build.
    """

    def __init__(self, config_file: Path, sources: list[str]):
        import logging

        from mkdocs.config import load_config
        from mkdocs.structure.files import get_files, set_exclusions
        from mkdocs.structure.nav import get_navigation
        from mkdocs.structure.pages import Page

        self.config_text = Path(config_file).read_text(encoding="utf-8")
        self.sources = frozenset(sources)
        logging.getLogger("mkdocs").setLevel(logging.WARNING)
        config = load_config(config_file=str(config_file))
        config.plugins.on_startup(command="build", dirty=False)
        config = config.plugins.on_config(config)
        config.plugins.on_pre_build(config=config)
        files = get_files(config)
        env = config.theme.get_env()
        files.add_files_from_theme(env, config)
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        nav = config.plugins.on_nav(get_navigation(files, config), config=config, files=files)
        for file in files.documentation_pages():
            if file.page is None:
                Page(None, file, config)
        self.env = config.plugins.on_env(env, config=config, files=files)
        self.config, self.files, self.nav = config, files, nav
        self.doc_files = files.documentation_pages()
        self.markdown_sources = {f.src_uri for f in self.doc_files}

    def fits(self, config_text: str, sources: list[str]) -> bool:
        return config_text == self.config_text and frozenset(sources) == self.sources

    def search_index(self):
        """Material's search plugin's index (``entries``: what it collects from each page)."""
        return next(p.search_index for p in self.config.plugins.values() if hasattr(p, "search_index"))

    def html(self, source: str, markdown: str) -> tuple[str, bytes]:
        """(path in the language's site folder, HTML) of the page made from ``markdown``."""
        import logging

        from mkdocs import utils
        from mkdocs.commands.build import _populate_page, get_context

        file = self.files.get_file_from_path(source)
        file.content_string = markdown
        page, config = file.page, self.config
        warnings = utils.CountHandler()
        warnings.setLevel(logging.WARNING)
        logging.getLogger("mkdocs").addHandler(warnings)
        try:
            _populate_page(page, config, self.files)
            config._current_page = page
            page.active = True
            context = get_context(self.nav, self.doc_files, config, page)
            template = self.env.get_template(page.meta.get("template", "main.html"))
            self.search_index().entries = []  # Material's index is not used (see search_files); don't let it grow
            context = config.plugins.on_page_context(context, page=page, config=config, nav=self.nav)
            output = config.plugins.on_post_page(template.render(context), page=page, config=config)
        finally:
            page.active = False
            config._current_page = None
            logging.getLogger("mkdocs").removeHandler(warnings)
        if warnings.get_counts():
            raise WegweiserError(message=f"MkDocs meldet Warnungen zu {source}")
        return file.dest_uri, output.encode("utf-8", errors="xmlcharrefreplace")
