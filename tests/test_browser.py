"""The built fixture site in real Chromium on a phone-sized screen.

The site is served from a loopback HTTP server (one per session); one Chromium per session, a
fresh browser context (cookies, localStorage, locale) per test.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from browser_helpers import PageLog, serve_folder

pytestmark = pytest.mark.browser

LANGUAGES = ("de", "en", "ar")
OFFER = "angebote/jobcenter-test/"
PAGES = {
    "home": "",
    "municipality": "gemeinden/musterdorf/",
    "offer": OFFER,
    "info": "info/about/",
    "plan": "plan/?o=jobcenter-test,im-testtraeger",
    "handout": "gemeinden/musterdorf/merkblatt/",
}


@pytest.fixture(scope="session")
def origin(built_fixture) -> str:
    """The built fixture site on http://127.0.0.1:<free port> (no trailing slash)."""
    with serve_folder(built_fixture) as url:
        yield url


@pytest.fixture
def page(new_context) -> Page:
    return new_context(locale="de-DE").new_page()


# 1. Right to left ------------------------------------------------------------------------------

def assert_offer_right_to_left(page, url: str) -> None:
    """The page is mirrored; the phone number and the German address read left to right, in order."""
    page.goto(url)

    assert page.locator("article.ww-offer").evaluate("el => getComputedStyle(el).direction") == "rtl"

    number = page.locator('a[href^="tel:"] > span:not(.ww-button-label)').first
    assert number.evaluate("el => getComputedStyle(el).direction") == "ltr"
    assert number.inner_text() == "07231 308-0"
    # Visual order: in an isolated left-to-right run the first digit sits left of the last.
    first_x, last_x = number.evaluate(
        """el => {
            const text = el.firstChild;
            const box = (start) => {
                const range = document.createRange();
                range.setStart(text, start);
                range.setEnd(text, start + 1);
                return range.getBoundingClientRect();
            };
            const first = box(0), last = box(text.length - 1);
            if (!first.width || !last.width) throw new Error("characters not rendered");
            return [first.left, last.left];
        }"""
    )
    assert first_x < last_x

    german = page.locator("section.ww-counter [lang=de]")
    assert german.count() == 1
    assert german.evaluate("el => getComputedStyle(el).direction") == "ltr"
    text = german.inner_text()
    assert "Teststraße 1" in text and "75177 Pforzheim" in text
    assert text.index("Teststraße 1") < text.index("75177 Pforzheim")


def test_arabic_offer_renders_right_to_left_with_numbers_and_german_address_left_to_right(page, origin):
    assert_offer_right_to_left(page, f"{origin}/ar/{OFFER}")


def test_pashto_offer_renders_right_to_left_with_numbers_and_german_address_left_to_right(page, built_fixture_pashto):
    with serve_folder(built_fixture_pashto) as pashto_origin:
        assert_offer_right_to_left(page, f"{pashto_origin}/ps/{OFFER}")
        assert page.evaluate("document.documentElement.lang") == "ps"
        assert page.evaluate("document.body.dir") == "rtl"


# 2. Nothing from other hosts, no errors --------------------------------------------------------

@pytest.mark.parametrize("kind", PAGES)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_pages_load_only_from_the_site_without_errors(new_context, origin, lang, kind):
    context = new_context(locale="de-DE")
    log = PageLog(context)
    page = context.new_page()
    url = f"{origin}/{lang}/{PAGES[kind]}"

    response = page.goto(url, wait_until="networkidle")

    assert response is not None and response.status == 200
    assert page.url == url
    assert log.requests[0] == url
    # Material's script, its search index and the worker load when the reader opens the search
    with page.expect_request(f"{origin}/{lang}/search/search_index.json"):
        page.locator('label.md-header__button[for="__search"]').click()
    page.locator("input.md-search__input").press_sequentially("Jobcenter")
    page.locator(".md-search-result__item").first.wait_for()
    assert log.foreign_requests(origin) == []
    assert log.errors == []


# 3. The language chooser at the root -----------------------------------------------------------

def test_root_redirects_to_the_browsers_language(new_context, origin):
    page = new_context(locale="ar").new_page()
    page.goto(f"{origin}/")
    page.wait_for_url(f"{origin}/ar/")
    assert page.evaluate("document.documentElement.lang") == "ar"


def test_root_stays_for_a_language_we_do_not_have_and_offers_all(new_context, origin):
    page = new_context(locale="fr-FR").new_page()
    page.goto(f"{origin}/", wait_until="networkidle")
    assert page.evaluate("navigator.languages") == ["fr-FR"]
    # The redirect would happen on DOMContentLoaded, long before the network is idle.
    assert page.url == f"{origin}/"

    links = page.locator("a[data-lang]")
    expect(links).to_have_count(3)
    assert [(a["lang"], a["href"], a["text"]) for a in links.evaluate_all(
        "els => els.map(a => ({lang: a.dataset.lang, href: a.href, text: a.textContent.trim()}))"
    )] == [
        ("de", f"{origin}/de/", "Deutsch"),
        ("en", f"{origin}/en/", "English"),
        ("ar", f"{origin}/ar/", "العربية"),
    ]
    for link in links.all():
        expect(link).to_be_visible()


def test_root_remembers_the_chosen_language(new_context, origin):
    # The browser asks for Arabic; the reader picks English, and that wins from then on.
    page = new_context(locale="ar").new_page()
    page.goto(f"{origin}/#choose", wait_until="networkidle")
    assert page.url == f"{origin}/#choose"

    page.get_by_role("link", name="English").click()
    page.wait_for_url(f"{origin}/en/")
    assert page.evaluate("localStorage.getItem('wegweiser-language')") == "en"

    page.goto(f"{origin}/")
    page.wait_for_url(f"{origin}/en/")
    assert page.evaluate("document.documentElement.lang") == "en"


# 4. Switching language on a page ---------------------------------------------------------------

def test_language_links_lead_to_the_same_page_in_the_other_language(page, origin):
    page.goto(f"{origin}/de/{OFFER}")

    links = page.locator("header a.ww-lang-link")
    assert links.evaluate_all("els => els.map(a => [a.lang, a.href])") == [
        ["de", f"{origin}/de/{OFFER}"],
        ["en", f"{origin}/en/{OFFER}"],
        ["ar", f"{origin}/ar/{OFFER}"],
    ]

    page.locator("header .md-select button").click()  # a tap opens the list of languages
    arabic = links.filter(has_text="العربية")
    expect(arabic).to_be_visible()
    arabic.click()

    page.wait_for_url(f"{origin}/ar/{OFFER}")
    assert page.evaluate("document.documentElement.lang") == "ar"
    assert page.evaluate("document.body.dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"


# 5. Search -------------------------------------------------------------------------------------

def test_arabic_search_finds_a_german_name(page, origin):
    page.goto(f"{origin}/ar/")

    page.locator('label.md-header__button[for="__search"]').click()
    query = page.locator("input.md-search__input")
    expect(query).to_be_focused()
    query.press_sequentially("Jobcenter")

    # Material searches as soon as its worker has the index; wait for the results, not a clock.
    hit = page.locator(f'.md-search-result__item a[href="{origin}/ar/{OFFER}"]')
    expect(hit.first).to_be_visible()
    assert "Jobcenter Testkreis" in hit.first.inner_text()


# 6. Tap to call --------------------------------------------------------------------------------

def test_arabic_phone_links_dial_international_numbers(page, origin):
    page.goto(f"{origin}/ar/{OFFER}")

    calls = page.locator('a[href^="tel:"]')
    hrefs = calls.evaluate_all("els => els.map(a => a.getAttribute('href'))")
    assert hrefs, "no tel: links"
    for href in hrefs:
        assert re.fullmatch(r"tel:\+497231308\d", href), href
    # The two numbers of the offer, in its action bar, each linked to the number it shows.
    actions = page.locator('.ww-actions a[href^="tel:"]')
    assert actions.evaluate_all(
        "els => els.map(a => [a.getAttribute('href'), a.querySelector('span[dir=ltr]').innerText])"
    ) == [["tel:+4972313080", "07231 308-0"], ["tel:+4972313081", "+49 7231 308-1"]]
    for link in actions.all():
        expect(link).to_be_visible()


def test_search_index_and_worker_load_only_at_the_first_search(new_context, origin):
    context = new_context()
    log = PageLog(context)
    page = context.new_page()
    page.goto(f"{origin}/de/{OFFER}")
    page.wait_for_load_state("networkidle")
    assert not any(url.endswith("/search/wegweiser.json") for url in log.requests)
    assert not any(url.endswith("/workers/search-engine.js") for url in log.requests)
    assert not any("/workers/search.a7633da7" in url or "/lunr/" in url for url in log.requests)  # Material's, never
    assert not any("/javascripts/bundle." in url for url in log.requests)  # Material's page script: on use
    page.locator('label.md-header__button[for="__search"]').click()
    page.locator("input.md-search__input").press_sequentially("Jobcenter")
    expect(page.locator(f'.md-search-result__item a[href="{origin}/de/{OFFER}"]').first).to_be_visible()
    assert any(url.endswith("/de/search/wegweiser.json") for url in log.requests)
    assert any("/de/assets/javascripts/bundle." in url for url in log.requests)
    assert not any("/workers/search.a7633da7" in url or "/lunr/" in url for url in log.requests)
    assert log.errors == []


@pytest.mark.parametrize("key", ["/", "s"])
def test_material_keys_open_the_search_before_its_script_has_loaded(new_context, origin, key):
    page = new_context().new_page()
    page.goto(f"{origin}/de/{OFFER}", wait_until="networkidle")
    page.keyboard.press(key)
    query = page.locator("input.md-search__input")
    expect(query).to_be_focused()
    assert query.input_value() == ""  # the key opened the search and was not typed
    page.keyboard.type("Jobcenter")
    expect(page.locator(f'.md-search-result__item a[href="{origin}/de/{OFFER}"]').first).to_be_visible()
