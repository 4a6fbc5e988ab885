"""The data this repository ships: valid, complete for the district, honest, and buildable."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
import yaml

from conftest import REPO, soup
from generator.build import load_valid
from generator.loader import load_project
from generator.validate import validate

FIVE_FIELDS = ("language", "education", "work", "childcare", "health")


@pytest.fixture(scope="module")
def directory():
    return load_valid(REPO)


def test_shipped_data_is_valid():
    assert [str(p) for p in validate(load_project(REPO))] == []


def test_all_28_municipalities(directory):
    assert len(directory.municipalities) == 28
    assert len({m.ags for m in directory.municipalities}) == 28
    assert all(m.ags.startswith("08236") for m in directory.municipalities)
    assert all(m.town_hall for m in directory.municipalities)


def test_every_municipality_reaches_the_five_fields(directory):
    gaps = [
        f"{m.name}: {field}"
        for m in directory.municipalities
        for field in FIVE_FIELDS
        if not directory.offers_for(m.slug, field)
    ]
    assert gaps == []


def test_no_unconfirmed_provider_assignment(directory):
    """No source confirms which provider serves which municipality: the data must not claim it."""
    assert [m.name for m in directory.municipalities if m.integration_management] == []
    names = [directory.offers[i].name.values["de"] for i in directory.district.integration_management]
    assert any("miteinanderleben" in n for n in names) and any("IB" in n or "Internationaler Bund" in n for n in names)


def test_every_offer_has_a_source_and_a_past_verified_date(directory):
    today = dt.date.today()
    for offer in directory.offers.values():
        assert offer.sources, offer.id
        assert offer.verified <= today, offer.id


def test_invented_example_data_stays_in_tests():
    for path in list((REPO / "municipalities").rglob("*.yml")) + list((REPO / "content").rglob("*")):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            for marker in ("example.org", "Musterdorf", "Beispielstadt", "Testkreis"):
                assert marker not in text, f"{path.relative_to(REPO)}: {marker}"


RTL = {"ar", "fa", "ps"}


@pytest.mark.slow
def test_shipped_site_builds_in_every_language(built_shipped, directory):
    site = built_shipped
    folders = {p.name for p in site.iterdir() if p.is_dir()}
    # one folder per language; other top-level folders (open data, the editing app) are no language
    assert set(directory.config.languages) <= folders
    assert [f for f in folders - set(directory.config.languages) if re.fullmatch(r"[a-z]{2,3}", f)] == []
    offer = sorted(directory.offers)[0]
    town = directory.municipalities[0].slug
    for lang in directory.config.languages:
        home = soup(site / lang / "index.html")
        assert len(home.select(".ww-place-list a")) == 28
        for m in directory.municipalities:
            assert (site / lang / "gemeinden" / m.slug / "index.html").is_file()
        assert len(list((site / lang / "angebote").glob("*/index.html"))) >= len(directory.offers)
        for url in ("", f"gemeinden/{town}/", f"gemeinden/{town}/language/", f"angebote/{offer}/", "info/about/", "info/impressum/"):
            page = soup(site / lang / url / "index.html")
            assert page.html["lang"] == lang, (lang, url)
            assert page.body["dir"] == ("rtl" if lang in RTL else "ltr"), (lang, url)
            switch = {a["hreflang"]: a["href"] for a in page.select("a.ww-lang-link")}
            assert sorted(switch) == sorted(directory.config.languages)
            depth = url.count("/") + 1
            assert switch == {other: "../" * depth + f"{other}/{url}" for other in directory.config.languages}


@pytest.mark.slow
def test_every_language_is_labelled_in_its_own_script(built_shipped, directory):
    chooser = soup(built_shipped / "index.html")
    labels = {a["lang"]: a.get_text() for a in chooser.select("a[data-lang]")}
    assert labels == {
        "de": "Deutsch", "en": "English", "ar": "العربية", "fa": "دری / فارسی", "ps": "پښتو",
        "uk": "Українська", "ru": "Русский", "tr": "Türkçe", "ku": "Kurdî (kurmancî)", "ti": "ትግርኛ",
    }


def test_committed_schemas_are_in_step_with_the_model_and_the_data(directory):
    from generator.jsonschema import data_files, header, schemas

    for rel, text in schemas(directory).items():
        assert (REPO / rel).read_text(encoding="utf-8") == text, f"{rel} is out of date: wegweiser schema"
    for kind, rel in data_files(REPO):
        first = (REPO / rel).read_text(encoding="utf-8").partition("\n")[0] + "\n"
        assert first == header(kind, rel.count("/")), rel


def test_helplines_on_the_home_page_are_in_german_index_order(built_shipped):
    """Ä with A and Ö with O, as in a German telephone book, not after Z."""
    names = [a.get_text() for a in soup(built_shipped / "de/index.html").select(".ww-emergency a.ww-card-title")]
    assert "Ärztlicher Bereitschaftsdienst 116 117" in names
    assert names.index("Apotheken-Notdienst finden") < names.index("Ärztlicher Bereitschaftsdienst 116 117") < names.index("Behördennummer 115")
    assert names.index("Notruf 112: Feuerwehr und Rettungsdienst") < names.index("Ökumenisches Frauenhaus Pforzheim und Fachstelle gegen häusliche Gewalt Pforzheim Enzkreis") < names.index("Opfer-Telefon des WEISSER RING 116 006")


# --- Sources the public can trust (issue 13, section 5) -------------------------------------------

# The facts a reader acts on (calls, goes to, opens); each must be named by a source, and by one
# from 2023 or later, or be listed in `unconfirmed` (shown as "nicht bestätigt").
CONTACT_FIELDS = {"phone": "phones", "address": "address", "opening_hours": "opening_hours", "website": "website"}
CURRENT = dt.date(2023, 1, 1)  # about three years before the data's last review (December 2026)


def mirror_hosts() -> list[str]:
    entries = yaml.safe_load((REPO / "content" / "mirror-hosts.yml").read_text(encoding="utf-8"))
    return [e["host"] for e in entries]


def on_host(url: str, hosts) -> str | None:
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    return next((h for h in hosts if host == h or host.endswith("." + h)), None)


def shipped_urls() -> list[tuple[str, str]]:
    """Every http(s) address written anywhere in the shipped data and content: (file, url)."""
    found = []
    for path in sorted(list((REPO / "municipalities").rglob("*.yml")) + list((REPO / "content").rglob("*"))):
        if path.is_file() and path.name != "mirror-hosts.yml":
            for url in re.findall(r"https?://[^\s\"'<>)\]]+", path.read_text(encoding="utf-8")):
                found.append((str(path.relative_to(REPO)), url))
    return found


def test_the_mirror_list_is_a_list_of_bare_host_names_with_a_german_note():
    entries = yaml.safe_load((REPO / "content" / "mirror-hosts.yml").read_text(encoding="utf-8"))
    hosts = [e["host"] for e in entries]
    assert len(hosts) == len(set(hosts))
    for e in entries:
        assert set(e) == {"host", "note"}, e
        assert re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+", e["host"]), e["host"]
        assert e["note"].strip(), e["host"]
    # the hosts the audit found in the shipped data stay on the list
    for host in ("de.wiki.li", "dnhewrhegkli.shop", "expydoc.com", "docslib.org", "defzone.net", "de-academic.com", "wiki.x.io", "nina.az"):
        assert host in hosts, host
    # publishers are not mirrors
    for publisher in ("wikipedia.org", "wikibooks.org", "github.com", "enzkreis.de"):
        assert not on_host(f"https://de.{publisher}/", hosts), publisher


def test_on_host_matches_the_host_and_its_subdomains_only():
    hosts = ["wiki.x.io", "nina.az"]
    assert on_host("https://de.m.wiki.x.io/wiki/Sternenfels", hosts) == "wiki.x.io"
    assert on_host("https://www.wiki-data.de-de.nina.az/Wiernsheim.html", hosts) == "nina.az"
    assert on_host("https://WIKI.X.IO./a", hosts) == "wiki.x.io"
    assert on_host("https://notwiki.x.io/a", hosts) is None
    assert on_host("https://de.wikipedia.org/wiki/Wiki.x.io", hosts) is None


def test_no_shipped_link_points_to_a_mirror_copy(directory):
    hosts = mirror_hosts()
    assert [(f, u) for f, u in shipped_urls() if on_host(u, hosts)] == []
    # the same through the model: sources and websites of offers, municipalities and the district
    urls = [s.url for o in directory.offers.values() for s in o.sources if s.url]
    urls += [o.website for o in directory.offers.values() if o.website]
    urls += [s.url for m in directory.municipalities for s in m.sources if s.url]
    urls += [m.website for m in directory.municipalities if m.website]
    urls += [s.url for s in directory.district.sources if s.url] + [directory.district.website or ""]
    assert len(urls) > 200
    assert [u for u in urls if on_host(u, hosts)] == []


def test_wikipedia_sources_name_the_article_itself(directory):
    """A Wikipedia fact cites the article on wikipedia.org, titled "Wikipedia: Artikel „…“", not a copy."""
    sources = [s for o in directory.offers.values() for s in o.sources]
    sources += [s for m in directory.municipalities for s in m.sources] + list(directory.district.sources)
    for s in sources:
        if s.url and "wikipedia" in s.url:
            host = urlsplit(s.url).hostname
            assert host in {"de.wikipedia.org", "en.wikipedia.org", "de.m.wikipedia.org"}, s.url
        if s.title.startswith("Wikipedia:") or s.title.startswith("Wikipedia (englisch):"):
            assert re.match(r"Wikipedia( \(englisch\))?: Artikel „[^“]+“", s.title), s.title
            assert s.url and urlsplit(s.url).hostname in {"de.wikipedia.org", "en.wikipedia.org"}, s.title
        assert "Kopie auf" not in s.title and "Kopie bei" not in s.title, s.title


def _naming(offer, field):
    return [s for s in offer.sources if field in s.fields]


def test_every_contact_fact_is_named_by_a_source(directory):
    """No phone, address, opening hours or website (a helpline's "24/7" included) without a source naming it."""
    gaps = [
        f"{o.path}: {field}"
        for o in directory.offers.values()
        for field, attr in CONTACT_FIELDS.items()
        if getattr(o, attr) and not _naming(o, field)
    ]
    assert gaps == []


def test_contact_facts_without_a_current_source_are_unconfirmed(directory):
    """Every phone/address/opening hours/website whose sources are all older than 2023 (or undated) is `unconfirmed`.

    The audit found 2014-2020 numbers (vhs Mühlacker, pro familia, WEISSER RING, Mühlacker Tafel, the
    counselling centres, Haus der Familie, Landratsamt) shown as confirmed beside 2018-2019 ones marked.
    """
    missing = [
        f"{o.path}: {field}"
        for o in directory.offers.values()
        for field, attr in CONTACT_FIELDS.items()
        if getattr(o, attr)
        and field not in o.unconfirmed
        and not any(s.date and s.date >= CURRENT for s in _naming(o, field))
    ]
    assert missing == []
    for oid, field in [("vhs-muehlacker", "phone"), ("pro-familia-pforzheim", "phone"), ("weisser-ring-opfertelefon", "phone"),
                       ("muehlacker-tafel", "phone"), ("beratungsstellen-eltern-kinder-jugendliche-enzkreis", "phone"),
                       ("haus-der-familie-straubenhardt", "address"), ("landratsamt-enzkreis", "phone")]:
        assert field in directory.offers[oid].unconfirmed, (oid, field)


def test_verified_claims_no_check_newer_than_the_sources(directory):
    """`verified` is never newer than the newest dated source, nor than a fact the text dates itself ("Stand 2020")."""
    for o in directory.offers.values():
        dated = [s.date for s in o.sources if s.date]
        assert dated and o.verified <= max(dated), o.path
        for year in re.findall(r"\(Stand (\d{4})\)", o.description.values["de"] if o.description else ""):
            assert o.verified <= dt.date(int(year), 12, 31), (o.path, year)
    # the Jobcenter's newest source (2025) confirms only that it belongs to the Landratsamt
    assert directory.offers["jobcenter-enzkreis"].verified <= dt.date(2020, 12, 31)


def test_migration_counselling_serves_only_what_its_sources_say(directory):
    """No source gives an area for the MBE (miteinanderleben) or the JMD (IB): "whole district" is marked unconfirmed.

    The north-east/south-west split of the press release concerns the Integrationsmanagement, and the
    region_proposal of the research table is a guess that must never be published as fact.
    """
    for oid in ("mbe-miteinanderleben", "jmd-ib-pforzheim"):
        offer = directory.offers[oid]
        if not any("serves" in s.fields for s in offer.sources):
            assert offer.serves_all and "serves" in offer.unconfirmed, oid
            assert "sagt keine Quelle" in offer.description.values["de"], oid
            assert "No source says" in offer.description.values["en"], oid


def test_a_source_without_a_street_is_not_cited_for_an_address(directory):
    """Straubenhardt's Destatis record gives only "- Rathaus -, 75334": it does not support "Marktplatz 1"."""
    for o in directory.offers.values():
        for s in o.sources:
            if "keine Straße" in s.title:
                assert "address" not in s.fields, (o.path, s.title)
    straubenhardt = directory.offers["rathaus-straubenhardt"]
    assert "address" in straubenhardt.unconfirmed
    assert all("Destatis" not in s.title for s in _naming(straubenhardt, "address"))


def test_a_street_is_written_as_its_sources_write_it(directory):
    """Niefern-Öschelbronn: Destatis abbreviates "Friedenstr. 11"; the Wikipedia article writes it out."""
    offer = directory.offers["rathaus-niefern-oeschelbronn"]
    assert offer.address.street == "Friedensstraße 11"
    titles = [s.title for s in _naming(offer, "address")]
    assert any("„Friedenstr. 11“" in t for t in titles)
    assert any(t.startswith("Wikipedia: Artikel „Niefern-Öschelbronn“") for t in titles)
