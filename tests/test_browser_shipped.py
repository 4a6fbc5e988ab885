"""The shipped site in real Chromium: every language finds the German words on readers' letters."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect, sync_playwright

from browser_helpers import CHROMIUM, CHROMIUM_ARGS, PHONE, PageLog, serve_folder
from conftest import REPO
from generator.build import load_valid

pytestmark = [pytest.mark.browser, pytest.mark.slow]
LANGUAGES = load_valid(REPO).config.languages
TERMS = ("Jobcenter", "Landratsamt")


@pytest.fixture(scope="module")
def shipped(built_shipped):
    with serve_folder(built_shipped) as origin, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield origin, browser
        browser.close()


def offer_ids_named(term: str) -> set[str]:
    d = load_valid(REPO)
    return {o.id for o in d.offers.values() if term.casefold() in o.name.values["de"].casefold()}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_search_in_every_language_finds_german_terms(shipped, lang):
    origin, browser = shipped
    context = browser.new_context(**PHONE)
    log = PageLog(context)
    page = context.new_page()
    page.goto(f"{origin}/{lang}/")
    for term in TERMS:
        wanted = offer_ids_named(term)
        assert wanted, f"no shipped offer named {term}"
        page.locator('label.md-header__button[for="__search"]').click()
        query = page.locator("input.md-search__input")
        query.fill("")
        query.press_sequentially(term)
        hits = page.locator(".md-search-result__item a")
        expect(hits.first).to_be_visible()
        found = {h.get_attribute("href").split("/angebote/")[1].strip("/") for h in hits.all() if "/angebote/" in (h.get_attribute("href") or "")}
        assert found & wanted, (lang, term, found)
        page.keyboard.press("Escape")
    assert log.foreign_requests(origin) == []
    assert log.errors == []
    context.close()
