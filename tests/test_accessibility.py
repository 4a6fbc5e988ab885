"""WCAG 2.1 AA (BITV 2.0) with axe-core in real Chromium: every page type, left to right and right to left."""

from __future__ import annotations

from pathlib import Path

import pytest


pytestmark = pytest.mark.browser
AXE = Path(__file__).parent / "node_tools" / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def violations(page) -> list[str]:
    # the pages' Content-Security-Policy forbids injected scripts; the test context bypasses it
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
    return [f"{v['id']}: {v['nodes'][0]['target']} {v['help']}" for v in result["violations"]]



@pytest.mark.parametrize("lang", ["de", "ar"])
@pytest.mark.parametrize("url", ["", "gemeinden/musterdorf/", "gemeinden/musterdorf/work/", "themen/work/", "angebote/jobcenter-test/", "info/about/",
                                 "gemeinden/musterdorf/merkblatt/", "plan/?o=jobcenter-test,sprachcafe-musterdorf,gibt-es-nicht"])
def test_no_violations(new_context, fixture_origin, lang, url):
    page = new_context(bypass_csp=True).new_page()
    page.goto(f"{fixture_origin}/{lang}/{url}")
    if url.startswith("plan/"):
        page.wait_for_selector(".ww-plan[data-ready]")
    assert violations(page) == []


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_no_violations_with_the_map_shown(new_context, fixture_origin, lang):
    page = new_context(bypass_csp=True).new_page()
    page.route("**/*.png", lambda route: route.fulfill(status=204))  # no tile server needed here
    page.goto(f"{fixture_origin}/{lang}/gemeinden/musterdorf/")
    page.locator(".ww-map-show").click()
    page.locator(".leaflet-marker-icon").first.wait_for()
    assert violations(page) == []


def test_language_chooser_has_no_violations(new_context, fixture_origin):
    page = new_context(bypass_csp=True).new_page()
    page.goto(f"{fixture_origin}/#choose")
    assert violations(page) == []


@pytest.mark.slow
@pytest.mark.parametrize("url", ["", "gemeinden/muehlacker/", "angebote/jobcenter-enzkreis/", "gemeinden/muehlacker/merkblatt/",
                                 "plan/?o=jobcenter-enzkreis,vhs-muehlacker", "#map"])
def test_shipped_ukrainian_pages_have_no_violations(new_context, shipped_origin, url):
    page = new_context(bypass_csp=True).new_page()
    page.route("**/*.png", lambda route: route.fulfill(status=204))  # no tile server needed here
    page.goto(f"{shipped_origin}/uk/{url}")
    if url.startswith("plan/"):
        page.wait_for_selector(".ww-plan[data-ready]")
    if url == "#map":  # the home page's map of the district, shown
        page.locator(".ww-map-show").click()
        page.locator(".leaflet-marker-icon").first.wait_for()
    assert violations(page) == []
