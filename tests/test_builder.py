"""One seam for the builder: the generated pages are builder-neutral (every page is the index.md
of its own folder, links relative to it), everything MkDocs/Material-specific is in
generator/site.py and theme/, and the theme's template expressions are portable."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from conftest import REPO, soup
from generator.markup import links_from_page_folder

THEME = REPO / "theme"


def test_links_between_hand_written_pages_are_seen_from_the_page_folder():
    text = "Siehe [Hilfe](help.md) und [Kontakt](impressum.md#kontakt).\n\n[mehr]: about.md\n- [x]: <help.md>"
    assert links_from_page_folder(text) == (
        "Siehe [Hilfe](../help/index.md) und [Kontakt](../impressum/index.md#kontakt).\n\n"
        "[mehr]: ../about/index.md\n- [x]: <../help/index.md>"
    )
    untouched = "[Landratsamt](https://www.example.org/help.md) [Mail](mailto:a@example.org) help.md"
    assert links_from_page_folder(untouched) == untouched


def test_theme_templates_use_no_python_string_methods():
    """MiniJinja (Zensical) has no ``.count()``, ``.split()``, …: the theme uses filters instead."""
    method = re.compile(r"\.(count|split|rsplit|startswith|endswith|format|replace|strip|lstrip|rstrip|lower|upper|join|find|index)\(")
    found = [f"{p.relative_to(REPO)}: {m[0]}" for p in sorted(THEME.rglob("*.html"))
             for m in method.finditer(p.read_text(encoding="utf-8"))]
    assert found == []


@pytest.mark.slow
def test_every_generated_page_is_the_index_of_its_own_folder(built_fixture):
    docs = built_fixture.parent / "build" / "docs" / "de"
    sources = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))
    assert "index.md" in sources and "angebote/jobcenter-test/index.md" in sources and "info/help/index.md" in sources
    assert [rel for rel in sources if not rel.endswith("/index.md") and rel != "index.md"] == []
    # the same pages as the built site, one for one
    built = sorted(p.relative_to(built_fixture / "de").as_posix() for p in (built_fixture / "de").rglob("index.html"))
    assert [rel.removesuffix("index.md") for rel in sources] == [rel.removesuffix("index.html") for rel in built]


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["de", "ar"])  # ar: the about page falls back to the German text
def test_links_between_hand_written_pages_reach_them(built_fixture, lang):
    base = f"https://wegweiser.example.org/{lang}/info/about/"
    links = [a["href"] for a in soup(built_fixture / lang / "info" / "about" / "index.html").select("article a[href]")]
    assert "../help/" in links
    target = urlsplit(urljoin(base, "../help/")).path
    assert (built_fixture / target.lstrip("/") / "index.html").is_file()


@pytest.mark.slow
def test_sidebar_lists_home_plan_and_the_hand_written_pages(built_fixture):
    html = soup(built_fixture / "de" / "info" / "help" / "index.html")
    links = [(a.get_text(" ", strip=True), a["href"]) for a in html.select("nav.md-nav--primary > ul > li > a.md-nav__link")]
    assert links == [("Start", "../.."), ("Mein Plan", "../../plan/"), ("Über diese Seite", "../about/"), ("Hilfe", "./")]
