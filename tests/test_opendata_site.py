"""Open data in the built site: /daten/, the "Offene Daten" page and its footer link, schema.org
JSON-LD read back from the built HTML with an extractor (extruct) and checked against the
schema.org 30.0 vocabulary, sitemaps with hreflang, and no CSP violation in Chromium."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from xml.etree import ElementTree

import pytest

from conftest import REPO, SITE_URL, soup

pytestmark = pytest.mark.slow
VOCABULARY = REPO.parent / "shared" / "reference" / "schemaorg-30.0" / "schemaorg-current-https.jsonld"
LANGS = ("de", "en", "ar")
OFFERS = ("jobcenter-test", "im-testtraeger", "notruf-test", "rathaus-musterdorf", "sprachcafe-musterdorf")
TOWNS = ("beispielstadt", "musterdorf")


@lru_cache(maxsize=1)
def vocabulary():
    """(classes → their superclasses, properties → their domains, every other term's id)."""
    graph = json.loads(VOCABULARY.read_text(encoding="utf-8"))["@graph"]

    def ids(value) -> set[str]:
        if value is None:
            return set()
        return {v["@id"] for v in (value if isinstance(value, list) else [value])}

    classes, properties, terms = {}, {}, set()
    for node in graph:
        kinds = node["@type"] if isinstance(node["@type"], list) else [node["@type"]]
        terms.add(node["@id"])
        if "rdfs:Class" in kinds:
            classes[node["@id"]] = ids(node.get("rdfs:subClassOf"))
        if "rdf:Property" in kinds:
            properties[node["@id"]] = ids(node.get("schema:domainIncludes"))
    return classes, properties, terms


def ancestors(cls: str) -> set[str]:
    classes, _, _ = vocabulary()
    seen, todo = set(), [cls]
    while todo:
        c = todo.pop()
        if c not in seen:
            seen.add(c)
            todo += classes.get(c, ())
    return seen


def schema_problems(node, where: str = "") -> list[str]:
    """Every @type, property and enumeration value that schema.org 30.0 does not have, or a property
    used on a type outside its domain."""
    classes, properties, terms = vocabulary()
    problems = []
    if isinstance(node, list):
        for i, item in enumerate(node):
            problems += schema_problems(item, f"{where}[{i}]")
        return problems
    if isinstance(node, str):
        if node.startswith("https://schema.org/") and "schema:" + node.removeprefix("https://schema.org/") not in terms:
            problems.append(f"{where}: {node} is not a schema.org term")
        return problems
    if not isinstance(node, dict):
        return problems
    types = node.get("@type", [])
    types = [types] if isinstance(types, str) else types
    for t in types:
        if "schema:" + t not in classes:
            problems.append(f"{where}: type {t} does not exist")
    for key, value in node.items():
        if key.startswith("@"):
            if key == "@graph":
                problems += schema_problems(value, f"{where}.@graph")
            continue
        prop = "schema:" + key
        if prop not in properties:
            problems.append(f"{where}.{key}: property does not exist")
        elif types and not any(properties[prop] & ancestors("schema:" + t) for t in types):
            problems.append(f"{where}.{key}: not a property of {types}")
        problems += schema_problems(value, f"{where}.{key}")
    return problems


def json_ld(path: Path, lang: str, url: str) -> list[dict]:
    import extruct

    data = extruct.extract(path.read_text(encoding="utf-8"), base_url=SITE_URL + f"{lang}/{url}", syntaxes=["json-ld"])
    return data["json-ld"]


def test_the_vocabulary_check_is_strict():
    assert schema_problems({"@type": "Service", "name": "x"}) == []
    assert schema_problems({"@type": "Servise"}) == [": type Servise does not exist"]
    assert schema_problems({"@type": "Service", "openingHoursSpecification": []}) == [
        ".openingHoursSpecification: not a property of ['Service']"]
    assert schema_problems({"@type": "Place", "geo": {"@type": "GeoCoordinates", "lat": 1}}) == [
        ".geo.lat: property does not exist"]
    assert schema_problems({"@type": "OpeningHoursSpecification", "dayOfWeek": ["https://schema.org/Funday"]}) == [
        ".dayOfWeek[0]: https://schema.org/Funday is not a schema.org term"]


@pytest.mark.parametrize("lang", LANGS)
def test_every_offer_and_municipality_page_has_valid_json_ld(built_fixture, lang):
    pages = [(f"angebote/{o}/", "Service") for o in OFFERS] + [(f"gemeinden/{t}/", None) for t in TOWNS]
    for url, kind in pages:
        (data,) = json_ld(built_fixture / lang / url / "index.html", lang, url)
        assert schema_problems(data) == [], url
        if kind:
            assert data["@type"] == kind
            assert data["url"] == SITE_URL + f"{lang}/{url}"


@pytest.mark.parametrize("lang", LANGS)
def test_json_ld_is_the_only_structured_data(built_fixture, lang):
    """No microdata or RDFa beside the JSON-LD: nothing can contradict it (once microdata called every
    offer a GovernmentService with a text address while the JSON-LD said Service with a Place)."""
    import extruct

    for url in [f"angebote/{o}/" for o in OFFERS] + [f"gemeinden/{t}/" for t in TOWNS] + [""]:
        html = (built_fixture / lang / url / "index.html").read_text(encoding="utf-8")
        data = extruct.extract(html, base_url=SITE_URL + f"{lang}/{url}", syntaxes=["microdata", "rdfa", "json-ld"])
        assert data["microdata"] == [], url
        assert not any("schema.org" in json.dumps(item) for item in data["rdfa"]), url
        assert len(data["json-ld"]) == (0 if url == "" else 1), url


def test_an_offer_as_json_ld(built_fixture):
    (data,) = json_ld(built_fixture / "de/angebote/jobcenter-test/index.html", "de", "angebote/jobcenter-test/")
    assert data["name"] == "Jobcenter Testkreis"
    assert data["description"] == "Hilfe bei der Arbeitssuche. Beratung Geld zum Leben"  # plain text, no Markdown
    assert data["provider"] == {"@type": "Organization", "name": "Landratsamt Testkreis"}
    assert data["areaServed"]["name"] == "Testkreis"
    channel = data["availableChannel"]
    assert [x["alternateName"] for x in channel["availableLanguage"]] == ["de", "en", "ar"]
    assert channel["servicePhone"]["telephone"] == ["+4972313080", "+4972313081"]
    place = channel["serviceLocation"]
    assert place["address"] == {"@type": "PostalAddress", "streetAddress": "Teststraße 1", "postalCode": "75177",
                                "addressLocality": "Pforzheim", "addressRegion": "Baden-Württemberg", "addressCountry": "DE"}
    assert place["geo"] == {"@type": "GeoCoordinates", "latitude": 48.8922, "longitude": 8.6946}
    assert place["telephone"] == "+4972313080"
    hours = [(tuple(h["dayOfWeek"]), h["opens"], h["closes"]) for h in place["openingHoursSpecification"]]
    days = lambda *names: tuple(f"https://schema.org/{n}" for n in names)  # noqa: E731
    assert hours == [(days("Monday", "Tuesday", "Wednesday", "Friday"), "08:00", "12:00"), (days("Thursday"), "14:00", "18:00")]


def test_closures_are_valid_from_and_through(built_fixture):
    url = "angebote/sprachcafe-musterdorf/"
    (cafe,) = json_ld(built_fixture / "en" / url / "index.html", "en", url)
    assert sorted(a["identifier"]["value"] for a in cafe["areaServed"]) == ["08236998", "08236999"]
    # no address, no coordinates: the hours are the service's own
    assert cafe["hoursAvailable"] == [
        {"@type": "OpeningHoursSpecification", "dayOfWeek": ["https://schema.org/Wednesday"], "opens": "16:00", "closes": "18:00"},
        {"@type": "OpeningHoursSpecification", "opens": "00:00", "closes": "00:00", "validFrom": "2026-12-21",
         "validThrough": "2027-01-08"},
    ]


def test_a_municipality_as_json_ld(built_fixture):
    (town,) = json_ld(built_fixture / "de/gemeinden/musterdorf/index.html", "de", "gemeinden/musterdorf/")
    place, items = town["@graph"]
    assert place["@type"] == "AdministrativeArea" and place["name"] == "Musterdorf"
    assert place["identifier"] == {"@type": "PropertyValue", "propertyID": "AGS", "value": "08236999"}
    assert place["geo"]["@type"] == "GeoCoordinates" and place["containedInPlace"]["name"] == "Testkreis"
    urls = [i["url"] for i in items["itemListElement"]]
    assert SITE_URL + "de/angebote/sprachcafe-musterdorf/" in urls and SITE_URL + "de/angebote/rathaus-musterdorf/" in urls
    assert [i["position"] for i in items["itemListElement"]] == list(range(1, len(urls) + 1))
    assert all(u.startswith(SITE_URL + "de/angebote/") for u in urls)
    # offers for the whole district are left out (every municipality page would repeat them)
    assert SITE_URL + "de/angebote/jobcenter-test/" not in urls and len(urls) == 2


def test_json_ld_needs_no_csp_hash(built_fixture):
    """A data block, not a script: the page's policy lists no hash for it."""
    import base64
    import hashlib
    import re

    html = (built_fixture / "de/angebote/jobcenter-test/index.html").read_text(encoding="utf-8")
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(block.encode("utf-8")).digest()).decode()
    policy = soup(built_fixture / "de/angebote/jobcenter-test/index.html").find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert "script-src 'self'" in policy and digest not in policy


@pytest.mark.browser
def test_no_csp_violation_in_chromium(new_context, fixture_origin):
    from browser_helpers import PageLog

    context = new_context()
    context.add_init_script("window.__violations = []; document.addEventListener('securitypolicyviolation', "
                            "e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));")
    log = PageLog(context)
    page = context.new_page()
    for url in ("de/angebote/jobcenter-test/", "ar/gemeinden/musterdorf/", "en/offene-daten/"):
        page.goto(f"{fixture_origin}/{url}", wait_until="networkidle")
        assert page.evaluate("window.__violations") == [], url
        assert page.evaluate("JSON.parse(document.querySelector('script[type=\"application/ld+json\"]') ? "
                             "document.querySelector('script[type=\"application/ld+json\"]').textContent : '{}')") is not None
    assert log.errors == []
    # the listener does see a violation: an inline script the policy does not allow
    page.evaluate("() => { const s = document.createElement('script'); s.textContent = 'window.x = 1'; document.body.append(s); }")
    page.wait_for_function("window.__violations.length > 0")


def test_open_data_files_in_the_site(built_fixture, tmp_path):
    from frictionless import Package, system

    data = built_fixture / "daten"
    assert (data / "angebote.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    for lang in LANGS:
        assert (data / "hsds" / lang / "datapackage.json").is_file()
    with system.use_context(trusted=True):
        report = Package(str(data / "hsds" / "de" / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])
    assert "CC BY 4.0" in (data / "LIZENZ.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", LANGS)
def test_the_open_data_page_lists_every_file_with_its_size(built_fixture, lang):
    page = built_fixture / lang / "offene-daten" / "index.html"
    html = soup(page)
    rows = html.select("table.ww-open-data-files tbody tr")
    links = [r.find("a")["href"] for r in rows]
    for link in links:
        target = (page.parent / link).resolve()
        assert target.is_file(), link
    de_files = sorted(p.name for p in (built_fixture / "daten/hsds/de").iterdir())
    named = [r.find("a").get_text() for r in rows]
    assert [n for n in named if n.startswith("hsds/de/")] == [f"hsds/de/{n}" for n in de_files]
    assert {"angebote.csv", "angebote.geojson", "gemeinden.geojson", "integreat-pois.csv", "LIZENZ.txt"} <= set(named)
    assert {"hsds/en/", "hsds/ar/"} <= set(named)
    text = html.get_text(" ")
    assert "Creative Commons Namensnennung 4.0 International (CC BY 4.0)" in text
    assert "ODbL" in text
    services = next(r for r in rows if r.find("a").get_text() == "hsds/de/services.json")
    size = (built_fixture / "daten/hsds/de/services.json").stat().st_size
    assert services.find_all("td")[2].get_text().startswith(str(round(size / 1024)))


@pytest.mark.parametrize("lang", LANGS)
def test_the_footer_links_to_the_open_data_page(built_fixture, lang):
    for url in ("", "angebote/jobcenter-test/", "gemeinden/musterdorf/"):
        page = built_fixture / lang / url / "index.html"
        link = soup(page).select_one("footer a.ww-open-data-link")
        assert link is not None, url
        assert (page.parent / link["href"] / "index.html").resolve() == (built_fixture / lang / "offene-daten/index.html").resolve()
    label = soup(built_fixture / lang / "index.html").select_one("footer a.ww-open-data-link").get_text()
    assert label == {"de": "Offene Daten", "en": "Open data", "ar": "بيانات مفتوحة"}[lang]


def test_sitemaps_with_hreflang(built_fixture):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    index = ElementTree.parse(built_fixture / "sitemap.xml").getroot()
    assert [e.text for e in index.findall("s:sitemap/s:loc", ns)] == [f"{SITE_URL}{lang}/sitemap.xml" for lang in LANGS]
    for lang in LANGS:
        root = ElementTree.parse(built_fixture / lang / "sitemap.xml").getroot()
        urls = root.findall("s:url", ns)
        locs = [u.find("s:loc", ns).text for u in urls]
        assert f"{SITE_URL}{lang}/angebote/jobcenter-test/" in locs and f"{SITE_URL}{lang}/offene-daten/" in locs
        for u in urls:
            loc = u.find("s:loc", ns).text
            path = loc.removeprefix(SITE_URL)
            assert (built_fixture / path / "index.html").is_file(), loc
            alternates = {a.get("hreflang"): a.get("href") for a in u.findall("x:link", ns)}
            rest = path.removeprefix(f"{lang}/")
            assert {k: v for k, v in alternates.items() if k != "x-default"} == {o: f"{SITE_URL}{o}/{rest}" for o in LANGS}
        import gzip

        assert gzip.decompress((built_fixture / lang / "sitemap.xml.gz").read_bytes()) == (built_fixture / lang / "sitemap.xml").read_bytes()
