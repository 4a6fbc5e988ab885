"""Print: every page without navigation or buttons; the handout per municipality on few A4 pages."""

from __future__ import annotations

import math

import pytest

from conftest import SITE_URL, soup
from test_plan import pdf_pages
from test_sharing import decode

pytestmark = pytest.mark.browser




@pytest.mark.parametrize("url", ["", "gemeinden/musterdorf/", "gemeinden/musterdorf/language/", "angebote/jobcenter-test/",
                                 "info/about/", "plan/", "gemeinden/musterdorf/merkblatt/"])
def test_every_page_prints_without_navigation_and_buttons(new_context, fixture_origin, url):
    page = new_context().new_page()
    page.goto(f"{fixture_origin}/de/{url}")
    page.emulate_media(media="print")
    for selector in ("header.md-header", ".md-sidebar--primary", "footer.md-footer", ".ww-button", ".ww-map"):
        for node in page.locator(selector).all():
            assert node.is_hidden(), f"{selector} is printed on /de/{url}"
    assert page.locator("h1").is_visible()


def test_printed_offer_writes_external_links_out_and_keeps_its_qr_code(new_context, fixture_origin):
    page = new_context().new_page()
    page.goto(f"{fixture_origin}/de/angebote/sprachcafe-musterdorf/")
    link = page.locator(".ww-description a[href^='http']").first
    assert link.evaluate("a => getComputedStyle(a, '::after').content") == "none"  # on screen
    page.emulate_media(media="print")
    assert link.evaluate("a => getComputedStyle(a, '::after').content") == '" (https://www.example.org/cafe)"'
    assert page.locator("#teilen svg.ww-qr").is_visible()
    assert page.locator("#teilen .ww-share-languages").is_hidden()
    assert pdf_pages(page.pdf(format="A4")) <= 2


def test_the_handout_shows_public_transport_where_an_offer_gives_it(built_fixture):
    from conftest import soup

    handout = soup(built_fixture / "en/gemeinden/musterdorf/merkblatt/index.html")
    facts = {card.select_one(".ww-print-name").get_text(" ", strip=True): [f.get_text(" ", strip=True) for f in card.select(".ww-print-fact")]
             for card in handout.select(".ww-print-card")}
    assert facts["Job centre (test)"] == ["By bus and train: Bus 719, Haltestelle Rathaus (not yet translated)"]
    assert all(v == [] for k, v in facts.items() if k != "Job centre (test)")


def test_the_municipality_links_its_handout(built_fixture):
    page = soup(built_fixture / "ar/gemeinden/musterdorf/index.html")
    assert page.select_one(".ww-page-tools a[href='merkblatt/']") is not None


@pytest.mark.parametrize("lang", ["de", "ar", "uk"])
def test_handout_lists_the_key_offers_with_qr_codes_on_few_a4_pages(new_context, shipped_origin, built_shipped, lang):
    url = f"{shipped_origin}/{lang}/gemeinden/muehlacker/merkblatt/"
    page = new_context().new_page()
    page.goto(url)
    cards = page.locator(".ww-print-card")
    count = cards.count()
    town = built_shipped / lang / "gemeinden/muehlacker"  # the town page shows a few per topic, its topic pages all
    listed = {a["href"].split("/")[-2] for path in [town / "index.html", *town.glob("*/index.html")]
              if path.parent.name != "merkblatt" for a in soup(path).select(".ww-cards a.ww-card-title")}
    handout = {a.get_attribute("href").split("/")[-2] for a in page.locator(".ww-print-card a.ww-print-name").all()}
    helplines = page.locator(".ww-print-phones li").count()
    assert handout and handout | set() <= listed and len(handout) + helplines >= len(listed) - 1
    assert page.locator(".ww-print-card svg.ww-qr").count() == count  # one QR code per offer
    head = page.locator(".ww-handout-head svg.ww-qr")
    assert decode(head.screenshot()) == [f"{SITE_URL}{lang}/gemeinden/muehlacker/"]
    page.emulate_media(media="print")
    pages = pdf_pages(page.pdf(format="A4", print_background=True))
    # two columns of compact cards: about twelve offers per A4 page, and the helplines
    assert pages <= math.ceil(count / 12) + 1, f"{count} offers on {pages} pages"
    print(f"handout Mühlacker ({lang}): {count} offers and {helplines} helplines on {pages} A4 pages")
