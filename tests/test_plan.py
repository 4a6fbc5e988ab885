""""My plan": a list of offers that is a link, in any language, printable on one A4 page."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from browser_helpers import RECORD_SHIFTS, PageLog, painted
from conftest import SITE_URL
from test_sharing import ui

LANGUAGES = ("de", "en", "ar", "fa", "ps", "uk", "ru", "tr", "ku", "ti")
# a typical client's plan, from the shipped data: district offices, integration management, local courses
PLAN = ["jobcenter-enzkreis", "auslaenderbehoerde-enzkreis", "integrationsmanagement-miteinanderleben",
        "vhs-muehlacker", "rathaus-muehlacker", "agentur-fuer-arbeit-pforzheim"]


def entry(site, lang, offer_id):
    return json.loads((site / lang / "plan" / f"{offer_id}.json").read_text(encoding="utf-8"))


def test_every_offer_has_a_plan_entry_in_every_language(built_fixture):
    for lang in ("de", "en", "ar"):
        ids = {p.stem for p in (built_fixture / lang / "plan").glob("*.json")}
        assert ids == {p.stem for p in (built_fixture / "de" / "angebote").iterdir() if p.is_dir()}
    job = entry(built_fixture, "ar", "jobcenter-test")
    assert job["german"] == "Jobcenter Testkreis"
    assert job["place"] == "Teststraße 1, 75177 Pforzheim"
    assert job["phones"][0] == ["07231 308-0", "tel:+4972313080"]
    assert job["link"] == "../angebote/jobcenter-test/"
    assert job["address"] == f"{SITE_URL}ar/angebote/jobcenter-test/"
    assert job["qr"]["size"] > 20 and job["qr"]["path"].startswith("M")
    assert job["facts"] == [["بالحافلة والقطار", "الحافلة 719، موقف Rathaus", "ar", "rtl", ""]]
    assert entry(built_fixture, "en", "jobcenter-test")["facts"] == [["By bus and train", "Bus 719, Haltestelle Rathaus", "de", "ltr", ""]]
    cafe = entry(built_fixture, "de", "sprachcafe-musterdorf")
    assert cafe["hours"] == [["Mi.", "16:00–18:00", ""]]
    assert cafe["changes"] == [["Geschlossen: 21. Dezember 2026 – 8. Januar 2027", "Winterpause"]]


@pytest.mark.browser
def test_collect_offers_then_the_plan_is_a_link(new_context, fixture_origin):
    context = new_context()
    log = PageLog(context)
    page = context.new_page()
    for offer in ("jobcenter-test", "im-testtraeger"):
        page.goto(f"{fixture_origin}/de/angebote/{offer}/")
        toggle = page.locator(".ww-plan-toggle")
        assert toggle.get_attribute("aria-pressed") == "false"
        toggle.click()
        assert toggle.get_attribute("aria-pressed") == "true"
    assert page.locator(".ww-plan-count").inner_text() == "2"
    page.locator("a.ww-plan-link").click()
    page.wait_for_url(f"{fixture_origin}/de/plan/?o=jobcenter-test,im-testtraeger")
    page.wait_for_selector(".ww-plan[data-ready='jobcenter-test,im-testtraeger']")
    names = page.locator(".ww-plan-list .ww-print-name").all_inner_texts()
    assert names == ["Jobcenter Testkreis", "Integrationsmanagement Testträger"]
    # removing one changes the link
    page.locator(".ww-plan-entry[data-offer='jobcenter-test'] .ww-plan-remove").click()
    page.wait_for_url(f"{fixture_origin}/de/plan/?o=im-testtraeger")
    assert page.locator(".ww-plan-entry").count() == 1
    assert log.errors == [] and log.foreign_requests(fixture_origin) == []


@pytest.mark.browser
def test_a_plan_link_shows_the_same_offers_on_another_phone(new_context, fixture_origin):
    page = new_context().new_page()  # a new device: nothing stored
    page.goto(f"{fixture_origin}/ar/plan/?o=im-testtraeger,jobcenter-test")
    page.wait_for_selector(".ww-plan[data-ready='im-testtraeger,jobcenter-test']")
    first = page.locator(".ww-plan-entry").first
    assert first.locator(".ww-card-de [lang=de]").inner_text() == "Integrationsmanagement Testträger"
    assert first.locator("a[href^='tel:']").get_attribute("dir") == "ltr"
    job = page.locator(".ww-plan-entry[data-offer='jobcenter-test']")
    assert job.locator(".ww-print-fact").inner_text() == "بالحافلة والقطار: الحافلة 719، موقف Rathaus"
    assert first.locator(".ww-print-fact").count() == 0  # the field is shown only where an offer has it
    assert page.evaluate("localStorage.getItem('wegweiser-plan')") == "im-testtraeger,jobcenter-test"


@pytest.mark.browser
def test_unknown_and_malformed_ids_in_a_plan_link(new_context, fixture_origin):
    context = new_context()
    log = PageLog(context)
    page = context.new_page()
    page.goto(f"{fixture_origin}/de/plan/?o=gibt-es-nicht,<img src=x onerror=alert(1)>,jobcenter-test")
    page.wait_for_selector(".ww-plan[data-ready='gibt-es-nicht,jobcenter-test']")
    assert page.locator(".ww-plan-missing p").inner_text() == ui("de", "This offer is no longer in the directory: %(id)s") % {"id": "gibt-es-nicht"}
    assert page.locator(".ww-plan img").count() == 0
    assert [e for e in log.errors if "404" not in e] == []  # the missing entry's 404, nothing else


@pytest.mark.browser
def test_an_empty_plan_says_how_to_fill_it(new_context, fixture_origin):
    page = new_context().new_page()
    page.goto(f"{fixture_origin}/en/plan/")
    assert page.locator(".ww-plan-empty").is_visible()
    assert page.locator(".ww-plan-actions").is_hidden()


@pytest.mark.browser
def test_the_plan_link_round_trips_through_every_language(new_context, shipped_origin, built_shipped):
    page = new_context().new_page()
    ids = ",".join(PLAN)
    page.goto(f"{shipped_origin}/de/plan/?o={ids}")
    for lang in LANGUAGES[1:] + ("de",):
        # the plan's own language links carry the plan along, like the header's language chooser
        page.locator(f"a.ww-plan-language[hreflang={lang}]").click()
        page.wait_for_url(f"{shipped_origin}/{lang}/plan/?o={ids}")
        page.wait_for_selector(f".ww-plan[data-ready='{ids}']")
        assert page.evaluate("document.documentElement.lang") == lang
        assert page.locator(".ww-plan-entry").count() == len(PLAN)
        for offer_id, node in zip(PLAN, page.locator(".ww-plan-entry").all()):
            data = entry(built_shipped, lang, offer_id)
            assert node.get_attribute("data-offer") == offer_id
            assert node.locator(".ww-print-name").inner_text() == data["name"]
            if lang != "de":
                assert node.locator(".ww-card-de").inner_text() == data["german"]
            if data["phones"]:
                assert node.locator("a[href^='tel:']").first.get_attribute("href") == data["phones"][0][1]
            if data["place"]:
                assert data["place"] in node.inner_text()
            hours = node.locator(".ww-print-hours").all_inner_texts()
            assert len(hours) == len(data["hours"])
            for (days, spans, _), shown in zip(data["hours"], hours):
                assert shown.startswith(f"{days} {spans}".strip())
            assert node.locator(".ww-print-name").get_attribute("href") == f"../angebote/{offer_id}/"
            assert node.locator(".ww-plan-url").text_content() == f"{SITE_URL}{lang}/angebote/{offer_id}/"
        assert page.locator("a.ww-lang-link").first.get_attribute("href").endswith(f"/plan/?o={ids}")


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_plan_prints_on_one_a4_page(new_context, shipped_origin, lang):
    from test_sharing import decode

    page = new_context().new_page()
    page.add_init_script("window.print = () => { window.printed = true; }")  # no dialog in a test
    ids = ",".join(PLAN)
    page.goto(f"{shipped_origin}/{lang}/plan/?o={ids}")
    page.wait_for_selector(f".ww-plan[data-ready='{ids}']")
    page.locator(".ww-plan-print").click()
    page.wait_for_function("() => window.printed === true")
    page.emulate_media(media="print")
    assert page.locator(".ww-plan-entry svg.ww-qr").count() == len(PLAN)
    assert page.locator(".ww-plan-address").inner_text() == page.url
    # the plan's own code on the paper: the client opens the whole plan on the phone
    assert decode(page.locator(".ww-plan-print-qr svg").screenshot()) == [page.url]
    assert page.locator("header.md-header").is_hidden() and page.locator(".ww-plan-remove").first.is_hidden()
    assert pdf_pages(page.pdf(format="A4", print_background=True)) == 1


@pytest.mark.browser
def test_the_plans_own_qr_code_is_drawn_on_the_device_when_asked_for(new_context, fixture_origin):
    from test_sharing import decode

    context = new_context()
    log = PageLog(context)
    page = context.new_page()
    page.goto(f"{fixture_origin}/ar/plan/?o=jobcenter-test,sprachcafe-musterdorf")
    page.wait_for_selector(".ww-plan[data-ready]")
    assert not any("qrcode-generator" in url for url in log.requests)  # loaded only when asked for
    page.locator(".ww-plan-qr-button").click()
    qr = page.locator(".ww-plan-qr svg.ww-qr")
    assert decode(qr.screenshot()) == [f"{fixture_origin}/ar/plan/?o=jobcenter-test,sprachcafe-musterdorf"]
    assert page.locator(".ww-plan-qr-button").get_attribute("aria-expanded") == "true"
    # the code follows the plan
    page.locator(".ww-plan-entry[data-offer='jobcenter-test'] .ww-plan-remove").click()
    page.wait_for_url(f"{fixture_origin}/ar/plan/?o=sprachcafe-musterdorf")
    expect(page.locator(".ww-plan-qr figcaption")).to_have_text(f"{fixture_origin}/ar/plan/?o=sprachcafe-musterdorf")
    assert decode(qr.screenshot()) == [f"{fixture_origin}/ar/plan/?o=sprachcafe-musterdorf"]
    assert log.errors == [] and log.foreign_requests(fixture_origin) == []


@pytest.mark.browser
def test_offers_go_into_the_plan_straight_from_a_municipalitys_list(new_context, fixture_origin):
    page = new_context().new_page()
    page.goto(f"{fixture_origin}/de/gemeinden/musterdorf/")
    cafe = page.locator("li.ww-card", has=page.locator("a.ww-card-title", has_text="Sprachcafé Musterdorf"))
    cafe.locator(".ww-plan-toggle").click()
    expect(cafe.locator(".ww-plan-toggle")).to_have_attribute("aria-pressed", "true")
    assert cafe.locator(".ww-plan-toggle").inner_text() == ui("de", "In my plan ✓")
    page.goto(f"{fixture_origin}/de/plan/")
    page.wait_for_url(f"{fixture_origin}/de/plan/?o=sprachcafe-musterdorf")
    page.wait_for_selector(".ww-plan[data-ready='sprachcafe-musterdorf']")


@pytest.mark.browser
def test_nothing_moves_when_the_plans_offers_arrive(new_context, fixture_origin):
    # the offers' data is held back until the page has been painted, as on a slow network
    page = new_context().new_page()
    held = []
    page.route("**/plan/*.json", lambda route: held.append(route))
    page.add_init_script(RECORD_SHIFTS)
    page.goto(f"{fixture_origin}/de/plan/?o=jobcenter-test,im-testtraeger", wait_until="load")
    painted(page)
    while len(held) < 2:
        page.wait_for_timeout(50)  # until both requests were made; not a measurement
    for route in held:
        route.continue_()
    page.wait_for_selector(".ww-plan[data-ready='jobcenter-test,im-testtraeger']")
    painted(page)
    assert sum(page.evaluate("window.__shifts")) < 0.01
    assert page.locator(".ww-plan-actions").is_visible()


@pytest.mark.browser
@pytest.mark.parametrize("path", ["de/angebote/jobcenter-test/", "de/gemeinden/musterdorf/", "ar/gemeinden/musterdorf/work/"])
def test_nothing_moves_when_the_scripts_arrive_after_the_first_paint(new_context, fixture_origin, path):
    """On a slow network the page is painted before its scripts run: the plan buttons (on the page
    and on every card), the read-aloud box and the search button keep their places from the start."""
    page = new_context().new_page()
    held = []
    page.route("**/assets/javascripts/*.js", lambda route: held.append(route))
    page.add_init_script(RECORD_SHIFTS)
    page.goto(f"{fixture_origin}/{path}", wait_until="commit")
    while not held:  # the first script asked for (the others wait behind it); not a measurement
        page.wait_for_timeout(50)
    painted(page)
    for route in held:
        route.continue_()
    page.unroute("**/assets/javascripts/*.js")
    expect(page.locator(".ww-plan-toggle").first).to_be_visible()
    expect(page.locator(".ww-voice")).to_be_visible(timeout=60_000)  # voices from speech-dispatcher
    painted(page)
    assert page.evaluate("window.__shifts") == []
