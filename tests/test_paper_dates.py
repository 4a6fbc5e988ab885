"""Paper as honest as the screen: printed handouts and plans say when each old offer was last
checked (month and year, in the reader's language), and when the paper was made or printed,
never that its information is current.

The fixture's town hall was last checked in June 2018 and its job centre in May 2024 (both more
than a year before the build day, 28 November 2026); the language café (February 2026), the
integration management and the helpline (January 2026) are fresh.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json

import pytest
from babel.dates import format_date

from conftest import FIXTURE, SITE_URL, TODAY, soup
from generator.loader import load_project
from generator.model import build_directory
from generator.render import render_language

HANDOUT = "gemeinden/musterdorf/merkblatt/index.html"
OLD = {"rathaus-musterdorf": "Juni 2018", "jobcenter-test": "Mai 2024"}
FRESH = {"sprachcafe-musterdorf", "im-testtraeger"}
NOTE_DE = "Wo „Zuletzt geprüft“ steht, sind die Angaben älter als ein Jahr: Bitte rufen Sie vorher an."
NOON = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.timezone.utc)


def checked_by_offer(page) -> dict[str, str | None]:
    """offer id -> its "last checked" line on the handout (None: no such line)."""
    found = {}
    for card in page.select(".ww-print-card"):
        offer = card.select_one("a.ww-print-name")["href"].split("/")[-2]
        line = card.select_one(".ww-print-checked")
        found[offer] = line.get_text(" ", strip=True) if line else None
    return found


def pdf_text(pdf: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)


# -- the built handout --------------------------------------------------------------------------


def test_handout_header_says_when_it_was_made(built_fixture):
    page = soup(built_fixture / "de" / HANDOUT)
    made = page.select_one(".ww-handout-head .ww-handout-made").get_text(" ", strip=True)
    assert made == f"Erstellt am 28. November 2026. Die neueste Fassung in 3 Sprachen: {SITE_URL}de/gemeinden/musterdorf/"
    text = page.get_text(" ")
    assert "Stand:" not in text and "Aktuelle Informationen" not in text
    en = soup(built_fixture / "en" / HANDOUT).select_one(".ww-handout-made").get_text(" ", strip=True)
    assert en.startswith("Made on November 28, 2026. The newest version, in 3 languages:")
    ar = soup(built_fixture / "ar" / HANDOUT).select_one(".ww-handout-made").get_text(" ", strip=True)
    assert ar.startswith("أُعدّت في 28 نوفمبر 2026. أحدث نسخة بـ 3 لغات:")


@pytest.mark.parametrize(("lang", "label", "months"), [
    ("de", "Zuletzt geprüft", OLD),
    ("en", "Last checked", {"rathaus-musterdorf": "June 2018", "jobcenter-test": "May 2024"}),
    ("ar", "آخر تحقق", {"rathaus-musterdorf": "يونيو 2018", "jobcenter-test": "مايو 2024"}),
])
def test_handout_shows_the_last_check_of_old_offers_only(built_fixture, lang, label, months):
    page = soup(built_fixture / lang / HANDOUT)
    found = checked_by_offer(page)
    assert {offer: found[offer] for offer in OLD} == {offer: f"{label}: {month}" for offer, month in months.items()}
    assert all(found[offer] is None for offer in FRESH)
    assert page.select_one(".ww-old-note") is not None
    helpline = page.select_one(".ww-print-phones li")
    assert helpline.select_one(".ww-print-checked") is None  # the fixture's helpline is fresh


def handout_of(today: dt.date, lang: str = "de", verified: dict[str, dt.date] | None = None):
    """The handout as rendered for ``today`` (no MkDocs build), with some offers' ``verified`` changed."""
    directory = build_directory(load_project(FIXTURE), today)
    if verified:
        offers = {i: dataclasses.replace(o, verified=verified.get(i, o.verified)) for i, o in directory.offers.items()}
        directory = dataclasses.replace(directory, offers=offers)
    return soup_of(render_language(directory, lang)["gemeinden/musterdorf/merkblatt/index.md"])


def soup_of(text: str):
    from bs4 import BeautifulSoup

    return BeautifulSoup(text, "html.parser")


def test_an_old_helpline_says_when_it_was_checked():
    page = handout_of(TODAY, verified={"notruf-test": dt.date(2014, 3, 4)})
    helpline = page.select_one(".ww-print-phones li")
    assert helpline.get_text(" ", strip=True) == "Notruf: 112 (Zuletzt geprüft: März 2014)"


def test_a_handout_without_old_offers_has_no_dates_and_no_note():
    page = handout_of(TODAY, verified={"rathaus-musterdorf": dt.date(2026, 11, 1), "jobcenter-test": dt.date(2025, 11, 28)})
    assert set(checked_by_offer(page).values()) == {None}  # 365 days old is not yet more than a year
    assert page.select_one(".ww-old-note") is None
    assert page.select(".ww-print-checked") == []


def test_the_handout_counts_from_the_build_day():
    a_year_later = handout_of(dt.date(2027, 3, 1))  # the café, checked in February 2026, is old by then
    assert checked_by_offer(a_year_later)["sprachcafe-musterdorf"] == "Zuletzt geprüft: Februar 2026"


# -- plan entries -------------------------------------------------------------------------------


def test_plan_entries_carry_the_last_check_for_the_device_to_judge(built_fixture):
    def entry(lang, offer):
        return json.loads((built_fixture / lang / "plan" / f"{offer}.json").read_text(encoding="utf-8"))

    assert (entry("de", "rathaus-musterdorf")["verified"], entry("de", "rathaus-musterdorf")["checked"]) == (
        "2018-06-22", "Zuletzt geprüft: Juni 2018")
    assert entry("en", "sprachcafe-musterdorf")["checked"] == "Last checked: February 2026"
    assert entry("ar", "jobcenter-test")["checked"] == "آخر تحقق: مايو 2024"


# -- in Chromium, printed to PDF ----------------------------------------------------------------


@pytest.mark.browser
def test_printed_handout_shows_the_dates(new_context, fixture_origin):
    page = new_context().new_page()
    page.goto(f"{fixture_origin}/de/{HANDOUT.removesuffix('index.html')}")
    page.emulate_media(media="print")
    for offer, month in OLD.items():
        line = page.locator(f".ww-print-card:has(a[href$='/{offer}/']) .ww-print-checked")
        assert line.is_visible() and line.inner_text() == f"Zuletzt geprüft: {month}"
    text = pdf_text(page.pdf(format="A4", print_background=True))
    assert "Erstellt am 28. November 2026. Die neueste Fassung in 3 Sprachen:" in text
    assert "Zuletzt geprüft: Juni 2018" in text and "Zuletzt geprüft: Mai 2024" in text
    assert NOTE_DE in text
    assert "Aktuelle Informationen" not in text and "Stand:" not in text
    assert text.count("Zuletzt geprüft:") == 2  # the two old offers, nothing else


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["de", "en", "ar"])
def test_printed_plan_says_when_it_was_printed_and_when_old_offers_were_checked(new_context, fixture_origin, lang):
    from generator.localize import Localizer

    l10n = Localizer(lang)
    page = new_context().new_page()
    page.clock.set_fixed_time(NOON)
    ids = "rathaus-musterdorf,sprachcafe-musterdorf"
    page.goto(f"{fixture_origin}/{lang}/plan/?o={ids}")
    page.wait_for_selector(f".ww-plan[data-ready='{ids}']")
    checked = l10n.gettext("Last checked: %(date)s") % {"date": l10n.month_year(dt.date(2018, 6, 22))}
    assert page.locator(".ww-plan-entry[data-offer='rathaus-musterdorf'] .ww-print-checked").inner_text() == checked
    assert page.locator(".ww-plan-entry[data-offer='sprachcafe-musterdorf'] .ww-print-checked").count() == 0
    assert page.locator(".ww-plan-old-note").is_visible()
    printed = page.locator(".ww-plan-printed")
    assert printed.is_hidden()  # on paper only
    page.emulate_media(media="print")
    stamp = l10n.gettext("Printed on %(date)s") % {"date": format_date(NOON.date(), "long", locale=lang)}
    assert printed.is_visible() and printed.inner_text() == stamp
    if lang == "de":
        text = pdf_text(page.pdf(format="A4"))
        assert "Gedruckt am 28. November 2026" in text and "Zuletzt geprüft: Juni 2018" in text


@pytest.mark.browser
def test_a_plan_judges_the_age_on_the_day_it_is_shown(new_context, fixture_origin):
    """The café was checked in February 2026: fresh at the build, old when the plan is printed in March 2027."""
    page = new_context().new_page()
    page.clock.set_fixed_time(dt.datetime(2027, 3, 1, 12, 0, tzinfo=dt.timezone.utc))
    page.goto(f"{fixture_origin}/de/plan/?o=sprachcafe-musterdorf")
    page.wait_for_selector(".ww-plan[data-ready='sprachcafe-musterdorf']")
    assert page.locator(".ww-print-checked").inner_text() == "Zuletzt geprüft: Februar 2026"
    page.emulate_media(media="print")
    assert page.locator(".ww-plan-printed").inner_text() == "Gedruckt am 1. März 2027"


@pytest.mark.browser
@pytest.mark.slow
def test_the_print_stamp_in_every_language(new_context, shipped_origin, built_shipped):
    """The plan writes the print date itself, from the CLDR pattern of each language (browsers lack some)."""
    from generator.localize import Localizer

    for lang in ("de", "en", "ar", "fa", "ps", "uk", "ru", "tr", "ku", "ti"):
        l10n = Localizer(lang)
        page = new_context().new_page()
        page.clock.set_fixed_time(NOON)
        page.goto(f"{shipped_origin}/{lang}/plan/?o=rathaus-muehlacker")
        page.wait_for_selector(".ww-plan[data-ready='rathaus-muehlacker']")
        expected = l10n.gettext("Printed on %(date)s") % {"date": l10n.date(NOON.date())}
        assert page.locator(".ww-plan-printed").text_content() == expected, lang
        page.close()
