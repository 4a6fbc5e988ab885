"""Build the fixture project in all languages and read the HTML like a reader's browser would."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from conftest import SITE_URL, TODAY, make_project, soup
from generator.build import build
from generator.errors import WegweiserError

LANGS = ("de", "en", "ar")
pytestmark = pytest.mark.slow


def page(site: Path, lang: str, url: str):
    return soup(site / lang / url / "index.html")


@pytest.mark.parametrize("lang, direction", [("de", "ltr"), ("en", "ltr"), ("ar", "rtl")])
@pytest.mark.parametrize("url", ["", "gemeinden/musterdorf", "gemeinden/musterdorf/language", "angebote/jobcenter-test", "info/about"])
def test_lang_and_dir_on_every_page_type(built_fixture, lang, direction, url):
    html = page(built_fixture, lang, url)
    assert html.html["lang"] == lang
    assert html.body["dir"] == direction


def test_tap_to_call_and_mail(built_fixture):
    html = page(built_fixture, "ar", "angebote/jobcenter-test")
    calls = [(a["href"], a.find("span", dir="ltr").get_text()) for a in html.select("article a[href^='tel:']")]
    assert calls == [("tel:+4972313080", "07231 308-0"), ("tel:+4972313081", "+49 7231 308-1")]
    assert [a["href"] for a in html.select("a[href^='mailto:']")] == ["mailto:jobcenter@example.org"]
    short = page(built_fixture, "de", "angebote/notruf-test")
    assert [a["href"] for a in short.select("article a[href^='tel:']")] == ["tel:112"]


def test_german_side_by_side_for_the_counter(built_fixture):
    html = page(built_fixture, "ar", "angebote/jobcenter-test")
    counter = html.select_one("section.ww-counter [lang=de]")
    assert counter["dir"] == "ltr"
    assert counter.select_one(".ww-counter-name").get_text() == "Jobcenter Testkreis"
    assert "Teststraße 1" in counter.get_text() and "75177 Pforzheim" in counter.get_text()
    # the translated name is shown too, and the address lines are isolated German text
    assert html.h1.get_text(" ", strip=True).startswith("Jobcenter Testkreis")
    address = html.select_one(".ww-address")
    assert [(s["lang"], s["dir"], s.get_text()) for s in address.select("span[lang]")] == [
        ("de", "ltr", "Teststraße 1"),
        ("de", "ltr", "75177 Pforzheim"),
    ]


def test_fallback_note_per_field(built_fixture):
    html = page(built_fixture, "ar", "angebote/jobcenter-test")
    # name has no Arabic text: German, marked, with the note in Arabic
    name = html.h1.find("span", lang="de")
    assert (name["dir"], name.get_text()) == ("ltr", "Jobcenter Testkreis")
    assert html.h1.select_one("small.ww-untranslated").get_text() == "(لم تتم الترجمة بعد)"
    description = html.select_one(".ww-description")
    assert description.select_one("p.ww-untranslated").get_text() == "لم تتم الترجمة بعد: النص معروض بالألمانية."
    assert description.find("div", lang="de")["dir"] == "ltr"
    # English exists for the description: no note
    en = page(built_fixture, "en", "angebote/jobcenter-test")
    assert en.select(".ww-description .ww-untranslated") == []
    assert en.select_one(".ww-description strong").get_text() == "work"
    # an Arabic name exists for the emergency number: no note
    notruf = page(built_fixture, "ar", "angebote/notruf-test")
    assert notruf.h1.get_text(strip=True) == "رقم الطوارئ"


def test_hand_written_page_without_arabic_version(built_fixture):
    html = page(built_fixture, "ar", "info/about")
    note = html.select_one("article p.ww-untranslated")
    assert note.get_text() == "لم تتم الترجمة بعد: النص معروض بالألمانية."
    german = html.select_one("article div[lang=de]")
    assert german["dir"] == "ltr" and german.strong.get_text() == "Testtext"
    assert page(built_fixture, "en", "info/about").select("p.ww-untranslated") == []


def test_language_switch_targets_stay_on_the_page(built_fixture):
    for lang in LANGS:
        for url in ("", "gemeinden/musterdorf/", "gemeinden/musterdorf/work/", "angebote/jobcenter-test/", "info/help/"):
            base = f"http://site/{lang}/{url}"
            html = soup(built_fixture / lang / url / "index.html")
            targets = {a["hreflang"]: urljoin(base, a["href"]) for a in html.select("a.ww-lang-link")}
            assert targets == {other: f"http://site/{other}/{url}" for other in LANGS}
            for other in LANGS:
                assert (built_fixture / other / url / "index.html").is_file()


def test_every_internal_link_resolves(built_fixture):
    broken = []
    for path in built_fixture.rglob("*.html"):
        rel = path.relative_to(built_fixture).as_posix()
        if path.name == "404.html":
            continue  # its links are absolute from site_url, which a deployment sets (README)
        base = "http://site/" + rel
        for a in soup(path).find_all("a", href=True):
            target = urlsplit(urljoin(base, a["href"]))
            if target.netloc != "site" or target.path.startswith("/search"):
                continue
            file = built_fixture / target.path.lstrip("/")
            if not (file.is_file() or (file / "index.html").is_file()):
                broken.append(f"{rel} -> {a['href']}")
    assert broken == []


def test_municipality_page_lists_own_and_district_offers(built_fixture):
    html = page(built_fixture, "de", "gemeinden/musterdorf")
    sections = {s.h2["id"]: [a.get_text() for a in s.select("a.ww-card-title")] for s in html.select("section") if s.h2}
    assert sections["ww-work"] == ["Rathaus Musterdorf", "Jobcenter Testkreis"]
    assert sections["ww-language"] == ["Sprachcafé Musterdorf"]
    assert sections["ww-town-hall"] == ["Rathaus Musterdorf"]
    assert sections["ww-im"] == ["Integrationsmanagement Testträger"]
    counts = [li.get_text(" ", strip=True) for li in html.select(".ww-topics li")]
    assert counts == ["Deutsch lernen 1 Angebot", "Arbeit 2 Angebote", "Kinder und Familie 0 Angebote", "Beratung 1 Angebot", "Notfall 1 Angebot"]
    # Beispielstadt is served by the Sprachcafé too, but has no town hall
    other = page(built_fixture, "de", "gemeinden/beispielstadt")
    assert [a.get_text() for a in other.select("#ww-language ~ ul a.ww-card-title")] == ["Sprachcafé Musterdorf"]
    assert other.select("#ww-town-hall") == []


def test_arabic_plural_forms_on_the_page(built_fixture):
    html = page(built_fixture, "ar", "gemeinden/musterdorf")
    counts = [li.select_one(".ww-count").get_text() for li in html.select(".ww-topics li")]
    assert counts == ["عرض واحد", "عرضان", "لا توجد عروض", "عرض واحد", "عرض واحد"]


def test_category_view_is_its_own_page(built_fixture):
    html = page(built_fixture, "en", "gemeinden/musterdorf/work")
    assert html.h1.get_text() == "Work: Musterdorf"
    assert [a.get_text() for a in html.select("a.ww-card-title")] == ["Town hall Musterdorf", "Job centre (test)"]
    empty = page(built_fixture, "en", "gemeinden/beispielstadt/childcare")
    assert "There is no offer on this topic" in empty.get_text()
    # the empty view points to integration management instead
    assert [a.get_text() for a in empty.select("#ww-im ~ ul a.ww-card-title")] == ["Integration management (test provider)"]


def test_offer_details(built_fixture):
    html = page(built_fixture, "en", "angebote/jobcenter-test")
    rows = [(tr.th.get_text(), tr.td.get_text(" ", strip=True)) for tr in html.select("table.ww-hours tr")]
    assert rows == [
        ("Monday", "08:00–12:00"), ("Tuesday", "08:00–12:00"), ("Wednesday", "08:00–12:00"),
        ("Thursday", "14:00–18:00"), ("Friday", "08:00–12:00"), ("Saturday", "closed"), ("Sunday", "closed"),
    ]
    details = {dt.get_text(): dt.find_next_sibling("dd").get_text(" ", strip=True) for dt in html.select("dl.ww-details dt")}
    assert details["Languages spoken"] == "German, English, Arabic"
    assert details["Appointment"] == "Appointment recommended"
    assert details["Who it is for"] == "Menschen ohne Arbeit (not yet translated)"
    assert details["Where"] == "for the whole district"
    assert details["By bus and train"] == "Bus 719, Haltestelle Rathaus (not yet translated)"
    assert list(details).index("By bus and train") < list(details).index("Provider")
    assert html.select_one(".ww-verified").get_text(" ", strip=True).startswith("Last checked: May 1, 2024")
    assert html.select_one(".ww-old") is not None  # older than a year on TODAY
    directions = html.find("a", string="Directions")["href"]
    assert directions == "https://www.openstreetmap.org/directions?to=48.8922%2C8.6946#map=17/48.8922/8.6946"
    ar_job = page(built_fixture, "ar", "angebote/jobcenter-test")
    ar_details = {dt.get_text(): dt.find_next_sibling("dd") for dt in ar_job.select("dl.ww-details dt")}
    assert ar_details["بالحافلة والقطار"].get_text(" ", strip=True) == "الحافلة 719، موقف Rathaus"
    assert "بالحافلة والقطار" not in page(built_fixture, "ar", "angebote/rathaus-musterdorf").get_text()  # only where given
    ar = page(built_fixture, "ar", "angebote/rathaus-musterdorf")
    ar_rows = [tr.get_text(" ", strip=True) for tr in ar.select("table.ww-hours tr")][:3]
    assert ar_rows == ["الاثنين 08:00–12:00", "الثلاثاء 08:00–12:00", "الأربعاء nach Vereinbarung"]
    assert ar.select_one("h2#ww-hours .ww-unconfirmed").get_text() == "(غير مؤكد)"


def test_no_third_party_assets(built_fixture):
    for path in built_fixture.rglob("*.html"):
        html = soup(path)
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src")):
            for el in html.find_all(tag):
                url = el.get(attr)
                if tag == "link" and el.get("rel") == ["canonical"] and url.startswith(SITE_URL):
                    continue  # the page's own public address: named, never loaded
                if url:
                    assert not urlsplit(url).netloc, f"{path}: {tag} {url}"
        assert "fonts.googleapis" not in path.read_text(encoding="utf-8")


def test_offers_stay_out_of_the_navigation(built_fixture):
    html = page(built_fixture, "de", "")
    nav_links = [a["href"] for a in html.select("nav.md-nav--primary a.md-nav__link")]
    assert not any("angebote" in href or "gemeinden" in href for href in nav_links)
    assert len(nav_links) <= 6


def test_root_index_picks_a_language(built_fixture):
    html = soup(built_fixture / "index.html")
    links = [(a["href"], a["lang"], a["dir"], a.get_text()) for a in html.select("a[data-lang]")]
    assert links == [("de/", "de", "ltr", "Deutsch"), ("en/", "en", "ltr", "English"), ("ar/", "ar", "rtl", "العربية")]
    assert html.find("script")["src"] == "language-redirect.js"


def test_unchanged_pages_are_not_rewritten(tmp_path):
    root = make_project(tmp_path / "p")
    first = build(root, languages=["de"], today=TODAY)
    second = build(root, languages=["de"], today=TODAY)
    assert first.written > 0
    assert second.written == 0
    assert second.pages_per_language == first.pages_per_language == 29  # with two handouts, the plan, open data and five district-wide topics


def test_invalid_data_leaves_the_site_untouched(tmp_path):
    root = make_project(tmp_path / "p")
    build(root, languages=["de"], today=TODAY)
    before = {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    offer = root / "municipalities/musterdorf/offers/sprachcafe-musterdorf.yml"
    offer.write_text(offer.read_text() + "phone: ['abc']\n")
    with pytest.raises(WegweiserError) as err:
        build(root, languages=["de"], today=TODAY)
    assert err.value.lines() == [
        'municipalities/musterdorf/offers/sprachcafe-musterdorf.yml:12: phone: "abc" ist keine gültige Telefonnummer (Beispiel: "07231 308-0")'
    ]
    after = {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    assert after == before
    assert [p.name for p in root.iterdir() if p.name.startswith(".site")] == []


def test_strict_mode_fails_on_a_broken_link(tmp_path):
    root = make_project(tmp_path / "p")
    build(root, languages=["de"], today=TODAY)
    before = sorted(p.relative_to(root) for p in (root / "site").rglob("*"))
    page_file = root / "content/pages/help.de.md"
    page_file.write_text(page_file.read_text() + "\nSiehe [fehlt](missing.md).\n")
    with pytest.raises(WegweiserError) as err:
        build(root, languages=["de"], today=TODAY)
    message = err.value.message
    assert message.startswith('MkDocs-Build für "de" fehlgeschlagen:')
    assert "'info/help/index.md' contains a link '../missing/index.md'" in message  # every page is <name>/index.md
    assert sorted(p.relative_to(root) for p in (root / "site").rglob("*")) == before


def test_generated_sources_are_plain_markdown_for_any_builder(built_fixture):
    docs = built_fixture.parent / "build" / "docs" / "de"
    text = (docs / "angebote" / "jobcenter-test" / "index.md").read_text(encoding="utf-8")
    assert text.startswith('---\ntitle: "Jobcenter Testkreis"\n')
    assert "{%" not in text and "{{" not in text


DATA_BLOCKS = ("application/json", "application/ld+json")


def test_every_page_has_a_strict_content_security_policy(built_fixture):
    from generator.harden import inline_style_attributes

    for path in built_fixture.rglob("*.html"):
        if path.relative_to(built_fixture).parts[0] == "redaktion":
            continue  # the editing app, no public page: its own policy (tests/test_editor.py)
        text = path.read_text(encoding="utf-8")
        head = soup(path).head
        first = head.find(True)
        assert first.name == "meta" and first["http-equiv"] == "Content-Security-Policy", path
        policy = first["content"]
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert policy.startswith("default-src 'self'; script-src 'self'")
        assert inline_style_attributes(text) == 0, path
        # no code inline at all (Material's helpers come with material-on-use.js, a map's code is
        # its own file): the policy allows scripts from the site only, not one hash
        inline = [s for s in soup(path).find_all("script") if not s.get("src") and s.get("type") not in DATA_BLOCKS]
        assert inline == [] and "script-src 'self';" in policy, path


def test_material_indexes_no_page(built_fixture):
    """Every generated page says search.exclude: Material's search plugin would otherwise parse each
    page for an index nobody reads (the search box is answered from search/wegweiser.json)."""
    docs = built_fixture.parent / "build" / "docs"
    pages = list(docs.rglob("*.md"))
    assert len(pages) > 50
    for path in pages:
        front = path.read_text(encoding="utf-8").split("\n---\n", 1)[0]
        assert "\nsearch:\n  exclude: true\n" in front + "\n", path


def test_translated_title_with_german_body(built_fixture):
    html = page(built_fixture, "ar", "info/help")
    assert html.title.get_text().startswith("مساعدة")
    assert "مساعدة" in [a.get_text(strip=True) for a in html.select("nav.md-nav--primary a.md-nav__link")]
    assert html.select_one("article p.ww-untranslated").get_text() == "لم تتم الترجمة بعد: النص معروض بالألمانية."
    assert html.select_one("article div[lang=de]").get_text(" ", strip=True).startswith("So benutzen Sie die Seite.")


def test_german_place_names_are_isolated_inside_translated_sentences(built_fixture):
    html = page(built_fixture, "ar", "gemeinden/musterdorf")
    lead = html.select_one("p.ww-lead")
    place = lead.find("span", lang="de")
    assert (place["dir"], place.get_text()) == ("ltr", "Musterdorf")
    assert lead.get_text().startswith("عروض في Musterdorf")


def test_links_to_other_sites_open_safely(built_fixture):
    """Also links in hand-written pages, which MkDocs renders."""
    external = []
    for path in built_fixture.rglob("*.html"):
        for a in soup(path).find_all("a", href=True):
            if a["href"].startswith(("http://", "https://", "//")):
                external.append((path.name, a["href"], a.get("rel")))
    assert external
    assert [e for e in external if not {"noopener", "noreferrer"} <= set(e[2] or [])] == []


def test_appointment_only_and_temporary_closures_are_shown_plainly(built_fixture):
    im = page(built_fixture, "de", "angebote/im-testtraeger")
    assert im.select_one(".ww-appointment-note").get_text(" ", strip=True) == (
        "Nur mit Termin . Bitte rufen Sie zuerst an oder schreiben Sie, um einen Termin zu vereinbaren.")
    cafe = page(built_fixture, "ar", "angebote/sprachcafe-musterdorf")
    changes = cafe.select_one(".ww-changes")
    assert changes["role"] == "note"
    closure = changes.select_one("li.ww-closure")
    assert closure.get_text(" ", strip=True).startswith("مغلق: 21 ديسمبر 2026 – 8 يناير 2027")
    assert closure.select_one("[lang=de]").get_text() == "Winterpause"
    # the regular week stays the regular week
    assert [tr.get_text(" ", strip=True) for tr in cafe.select("table.ww-hours tr")][2] == "الأربعاء 16:00–18:00"


def test_the_sites_own_scripts_are_built_without_comments(built_fixture):
    source = (Path(__file__).resolve().parents[1] / "theme/assets/javascripts/wegweiser.js").read_text(encoding="utf-8")
    built = (built_fixture / "ar/assets/javascripts/wegweiser.js").read_text(encoding="utf-8")
    assert len(built) < 0.8 * len(source)
    assert not any(line.startswith(("//", " ")) for line in built.splitlines())
    assert "function openNow(box)" in built


def test_a_build_leaves_nothing_frozen_for_the_garbage_collector(built_fixture):
    """build.model_kept freezes the model during a build; a long-running serve must be able to free it after."""
    import gc

    from generator.build import model_kept

    with model_kept():
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0
