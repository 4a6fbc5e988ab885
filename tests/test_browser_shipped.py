"""The shipped site in real Chromium: every language finds the German words on readers' letters."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from browser_helpers import PageLog, serve_folder
from conftest import REPO
from generator.build import load_valid

pytestmark = [pytest.mark.browser, pytest.mark.slow]
DIRECTORY = load_valid(REPO)
TERMS = ("Jobcenter", "Landratsamt")


@pytest.fixture(scope="module")
def origin(built_shipped):
    with serve_folder(built_shipped) as url:
        yield url


def offer_ids_named(term: str) -> list[str]:
    return sorted(o.id for o in DIRECTORY.offers.values() if term.casefold() in o.name.values["de"].casefold())


@pytest.mark.parametrize("lang", DIRECTORY.config.languages)
def test_search_in_every_language_finds_german_terms(new_context, origin, lang):
    context = new_context()
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
        hit = ", ".join(f'.md-search-result__item a[href="{origin}/{lang}/angebote/{i}/"]' for i in wanted)
        expect(page.locator(hit).first).to_be_visible()
        page.keyboard.press("Escape")
    assert log.foreign_requests(origin) == []
    assert log.errors == []
