"""Incremental updates (what ``wegweiser serve`` does after a change) against the reference: a full build.

After changing an offer, a category and a template, the site updated page by page must equal a
full build of the same data file for file, and only the pages that depend on the change may be
rendered again.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import SITE_URL, TODAY, make_project
from generator import depends, render, site
from generator.render import category_url, municipality_url, offer_url, source_of
from generator.build import WORK_DIR, build, load_valid
from generator.incremental import Incremental

pytestmark = pytest.mark.slow

LANGS = ("de", "en", "ar")


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def differences(a: Path, b: Path) -> list[str]:
    left, right = files_of(a), files_of(b)
    return sorted(rel for rel in left.keys() | right.keys() if left.get(rel) != right.get(rel))


@pytest.fixture
def templates(tmp_path, monkeypatch):
    """A copy of the generator's templates that the test may change (the renderer reads it)."""
    copy = tmp_path / "templates"
    shutil.copytree(render.TEMPLATES, copy)
    monkeypatch.setattr(render, "TEMPLATES", copy)
    render._environment.cache_clear()
    depends.template_closure.cache_clear()
    yield copy
    render._environment.cache_clear()
    depends.template_closure.cache_clear()


def update(engine: Incremental, root: Path, changed: set[str]) -> dict[str, list[str]]:
    """What serve does after a change: every language page by page, then the shared files."""
    new = load_valid(root, TODAY, SITE_URL)
    affected = engine.affected(new, changed)
    assert affected is not None, "a change of data or templates is handled page by page"
    rendered = {}
    for lang in LANGS:
        result = engine.update(new, lang, affected[lang])
        assert result is not None
        rendered[lang] = result.rendered
    engine.directory = new  # as serve does once a change is accepted
    engine.finish(new, LANGS)
    return rendered


def test_page_by_page_equals_a_full_build_after_offer_category_and_template_changes(tmp_path, templates):
    root = make_project(tmp_path / "project")
    served = tmp_path / "served"
    build(root, served, today=TODAY, site_url=SITE_URL)
    engine = Incremental(root, served, load_valid(root, TODAY, SITE_URL), site.Paths(root, root / WORK_DIR))
    for lang in LANGS:
        engine.warm(lang)
    reference = tmp_path / "reference"

    # an offer: its page, its plan entry, its towns' pages; not the other offers' pages
    offer = root / "municipalities/musterdorf/offers/sprachcafe-musterdorf.yml"
    offer.write_text(offer.read_text(encoding="utf-8").replace("de: Sprachcafé Musterdorf", "de: Sprachtreff Musterdorf"),
                     encoding="utf-8")
    rendered = update(engine, root, {"municipalities/musterdorf/offers/sprachcafe-musterdorf.yml"})
    assert source_of(offer_url("sprachcafe-musterdorf")) in rendered["de"]
    assert "plan/sprachcafe-musterdorf.json" in rendered["de"]
    assert source_of(municipality_url("musterdorf")) in rendered["de"]
    assert source_of(offer_url("jobcenter-test")) not in rendered["de"]
    assert source_of(offer_url("rathaus-musterdorf")) not in rendered["de"]
    build(root, reference, today=TODAY, site_url=SITE_URL)
    assert "Sprachtreff Musterdorf" in (served / "en/angebote/sprachcafe-musterdorf/index.html").read_text(encoding="utf-8")
    assert differences(served, reference) == []

    # a category's name: every page that shows it (its pages, the towns' lists, the offers in it)
    categories = root / "content/categories.yml"
    categories.write_text(categories.read_text(encoding="utf-8").replace("en: Learning German,", "en: German courses,"),
                          encoding="utf-8")
    rendered = update(engine, root, {"content/categories.yml"})
    assert source_of(category_url("musterdorf", "language")) in rendered["en"]
    build(root, reference, today=TODAY, site_url=SITE_URL)
    assert "German courses" in (served / "en/gemeinden/musterdorf/language/index.html").read_text(encoding="utf-8")
    assert differences(served, reference) == []

    # a template: the pages made with it, and only those
    template = templates / "offer.html.j2"
    template.write_text(template.read_text(encoding="utf-8").replace(
        '<h2 id="ww-sources">', '<p class="ww-test-marker">Vorlage geändert</p>\n<h2 id="ww-sources">'), encoding="utf-8")
    rendered = update(engine, root, {"generator/templates/offer.html.j2"})
    offers = {source_of(offer_url(p.stem)) for p in root.glob("municipalities/*/offers/*.yml")}
    assert set(rendered["de"]) == offers
    build(root, reference, today=TODAY, site_url=SITE_URL)
    assert "Vorlage geändert" in (served / "ar/angebote/jobcenter-test/index.html").read_text(encoding="utf-8")
    assert differences(served, reference) == []


def test_a_change_that_moves_the_whole_site_is_left_to_a_full_build(tmp_path):
    root = make_project(tmp_path / "project")
    served = tmp_path / "served"
    build(root, served, ["de"], today=TODAY, site_url=SITE_URL)
    engine = Incremental(root, served, load_valid(root, TODAY, SITE_URL), site.Paths(root, root / WORK_DIR))
    engine.warm("de")
    new = load_valid(root, TODAY, SITE_URL)
    assert engine.affected(new, {"mkdocs.yml"}) is None
    assert engine.affected(new, {"theme/main.html"}) is None
    assert engine.affected(new, {"generator/locales/de/LC_MESSAGES/messages.po"}) is None
    assert engine.affected(load_valid(root, TODAY.replace(day=29), SITE_URL), set()) is None  # another day
    # an offer that comes: the set of pages changes, so the language is not updated page by page
    shutil.copy(root / "municipalities/musterdorf/offers/sprachcafe-musterdorf.yml",
                root / "municipalities/musterdorf/offers/sprachcafe-zwei.yml")
    new = load_valid(root, TODAY, SITE_URL)
    affected = engine.affected(new, {"municipalities/musterdorf/offers/sprachcafe-zwei.yml"})
    assert engine.update(new, "de", affected["de"]) is None


def _changed_offer(directory, offer_id: str, **changes):
    import dataclasses

    offer = dataclasses.replace(directory.offers[offer_id], **changes)
    return dataclasses.replace(directory, offers={**directory.offers, offer_id: offer})


def test_the_dependency_map_names_every_page_a_change_alters_and_few_others(tmp_path):
    """Sound: every output that renders differently after the change is among the affected ones.
    Precise: an offer of one town does not touch the other town's pages nor other offers' pages."""
    from generator.model import Text

    root = make_project(tmp_path / "project")
    old = load_valid(root, TODAY, SITE_URL)
    recorder = depends.Recorder()
    before = render.Renderer(old, "de", recorder=recorder).pages()
    rathaus = old.offers["rathaus-musterdorf"]
    changes = [
        _changed_offer(old, "rathaus-musterdorf", name=Text({**rathaus.name.values, "de": "Bürgerbüro Musterdorf"})),
        _changed_offer(old, "rathaus-musterdorf", languages=("de", "fa", "sq")),  # a language no offer had: filters change
    ]
    for new in changes:
        affected = recorder.affected(depends.changed_keys(old, new))
        after = render.Renderer(new, "de").pages()
        altered = {source for source in before if before[source] != after[source]}
        assert altered and altered <= affected
    name_change = recorder.affected(depends.changed_keys(old, changes[0]))
    assert source_of(offer_url("rathaus-musterdorf")) in name_change
    assert not any(s.startswith("gemeinden/beispielstadt/") for s in name_change)
    assert source_of(offer_url("jobcenter-test")) not in name_change
    language_change = recorder.affected(depends.changed_keys(old, changes[1]))
    assert source_of(category_url("beispielstadt", "language")) in language_change  # its language filter
