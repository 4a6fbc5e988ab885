"""Maps: built with folium, nothing from a tile server before consent, usable without them.

The browser tests build the fixture with its tile URL pointing at a tile server on 127.0.0.1
and watch every request a phone-sized Chromium makes. The map project adds two located offers
to the fixture: one more for Musterdorf (approximate: geocoded to the street) and one that
serves only Beispielstadt, which Musterdorf's map must not show.
"""

from __future__ import annotations

import http.server
import json
import re
import struct
import threading
import zlib
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import expect

from browser_helpers import PageLog, serve_folder
from conftest import REPO, TODAY, make_project, soup
from generator.build import build

pytestmark = pytest.mark.browser
MUSTERDORF = "gemeinden/musterdorf/"
# offers with coordinates that serve Musterdorf (the town hall has an address, no coordinates;
# the food bank has coordinates but serves only Beispielstadt)
LOCATED_FOR_MUSTERDORF = {"jobcenter-test", "im-testtraeger", "arbeitsladen-musterdorf"}
LOCATED_NAMES = ["Arbeitsladen Musterdorf", "Integrationsmanagement Testträger", "Jobcenter Testkreis"]
TOWN_CENTRE = "Ortsmitte Musterdorf"

ARBEITSLADEN = """\
name:
  de: Arbeitsladen Musterdorf
categories: [work]
address:
  street: Werkstraße
  postal_code: "75999"
  city: Musterdorf
coordinates: {lat: 48.95, lon: 8.6}
unconfirmed: [coordinates]
source:
  - title: Testdaten
  - title: "OpenStreetMap-Mitwirkende, gefunden mit Nominatim (Lizenz: ODbL 1.0); ungefähr (Straße, ohne Hausnummer)"
    url: https://www.openstreetmap.org/copyright
    date: 2026-11-01
    fields: [coordinates]
verified: 2026-01-15
"""
TAFEL = """\
name:
  de: Tafel Beispielstadt
categories: [work]
coordinates: {lat: 48.951, lon: 8.801}
source:
  - title: Testdaten
verified: 2026-01-15
"""


def png_tile() -> bytes:
    """A valid 1x1 PNG (Leaflet scales it): tiles without network."""
    raw = b"\x00\xcc\xdd\xee"

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


class TileServer:
    def __init__(self) -> None:
        self.requests: list[str] = []
        tile = png_tile()
        owner = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                owner.requests.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.send_header("Content-Length", str(len(tile)))
                self.end_headers()
                self.wfile.write(tile)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"


@pytest.fixture(scope="module")
def tiles():
    server = TileServer()
    yield server
    server.server.shutdown()


@pytest.fixture(scope="module")
def map_site(tmp_path_factory, tiles):
    root = make_project(tmp_path_factory.mktemp("maps") / "project")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = re.sub(r"tiles: \S+", f"tiles: {tiles.origin}/tiles/{{z}}/{{x}}/{{y}}.png", text, count=1)
    config.write_text(text, encoding="utf-8")
    (root / "municipalities/musterdorf/offers/arbeitsladen-musterdorf.yml").write_text(ARBEITSLADEN, encoding="utf-8")
    (root / "municipalities/beispielstadt/offers").mkdir()
    (root / "municipalities/beispielstadt/offers/tafel-beispielstadt.yml").write_text(TAFEL, encoding="utf-8")
    build(root, today=TODAY)
    with serve_folder(root / "site") as origin:
        yield root / "site", origin


# -- the map's data, as folium wrote it ---------------------------------------------------------

MARKER = re.compile(r"var (marker_\w+) = L\.marker\(\s*\[([-0-9.]+), ([-0-9.]+)\]")
LABEL = re.compile(r"wegweiserLabel\((marker_\w+), (\{.*?\})\);", re.S)
ICON = re.compile(r"var (div_icon_\w+) = L\.divIcon\((\{.*?\})\);", re.S)
SET_ICON = re.compile(r"(marker_\w+)\.setIcon\((div_icon_\w+)\);")


def js_object(text: str) -> dict:
    return json.loads(re.sub(r",\s*\}$", "}", text))  # folium leaves a comma before the brace


def map_markers(script: str) -> list[dict]:
    """Every marker in the order drawn: its popup data, position and icon class."""
    icons = {name: js_object(obj)["className"] for name, obj in ICON.findall(script)}
    icon_of = dict(SET_ICON.findall(script))
    labels = {name: js_object(obj) for name, obj in LABEL.findall(script)}
    markers = [{**labels[name], "lat": float(lat), "lon": float(lon), "class": icons[icon_of[name]]}
               for name, lat, lon in MARKER.findall(script)]
    assert len(markers) == script.count("L.marker(")
    return markers


def map_script(page: Path) -> str:
    """The code of the map on the built page in folder ``page``: the file its canvas names, next to it."""
    canvas = soup(page / "index.html").select_one("section.ww-map [data-map]")
    assert canvas["data-map-src"] == "karte.js"
    return (page / canvas["data-map-src"]).read_text(encoding="utf-8")


# -- the built HTML ---------------------------------------------------------------------------

def test_map_section_waits_for_consent(map_site, tiles):
    site, _ = map_site
    html = soup(site / "de" / MUSTERDORF / "index.html")
    consent = html.select_one("section.ww-map .ww-map-consent")
    assert consent["data-tiles"] == f"{tiles.origin}/tiles/{{z}}/{{x}}/{{y}}.png"
    assert "OpenStreetMap" in consent["data-attribution"]
    assert consent.select_one("button.ww-map-show").get_text() == "Karte zeigen"
    canvas = html.select_one("section.ww-map [data-map]")
    assert canvas.has_attr("hidden") and canvas["dir"] == "ltr" and canvas["aria-label"] == "Karte der Angebote"
    # folium wrote the Leaflet code, in a file next to the page that loads after consent; it only
    # registers the map under the canvas' name, to run then
    assert canvas.find_next_sibling("script") is None and "L.marker" not in str(html)
    script = map_script(site / "de" / MUSTERDORF)
    assert script.startswith(f'(window.wegweiserMaps=window.wegweiserMaps||{{}})["{canvas["data-map"]}"]=function(){{')
    assert script.count("L.marker(") == 1 + len(LOCATED_FOR_MUSTERDORF)  # the town centre and the offers
    assert "L.markerClusterGroup" not in script and "tileLayer" not in script  # four markers do not crowd
    assert not canvas.has_attr("data-cluster")
    # popups come from the site's script, as text: the page carries only data, no popup code per marker
    assert script.count("wegweiserLabel(") == 1 + len(LOCATED_FOR_MUSTERDORF)
    assert "createElement" not in script and "innerHTML" not in script
    # nothing on the page itself points at the tile server or a CDN
    for tag in html.find_all(["script", "link", "img"]):
        assert tiles.origin not in (tag.get("src") or tag.get("href") or "")
    legend = [li.get_text(strip=True) for li in html.select(".ww-legend li")]
    assert legend == [TOWN_CENTRE, "Arbeit", "Beratung"]
    assert html.select_one(".ww-legend li.ww-legend-town .ww-swatch-town")  # the town centre's own sign


def test_municipality_map_is_the_town_centre_and_exactly_the_located_offers_serving_it(map_site):
    site, _ = map_site
    town, *offers = map_markers(map_script(site / "de" / MUSTERDORF))
    # the centre from municipality.yml, its own sign, labelled with the town's name, linking nowhere
    assert town == {"name": TOWN_CENTRE, "url": "", "detail": "", "lang": "de", "dir": "ltr",
                    "lat": 48.9, "lon": 8.7, "class": "ww-marker ww-marker-town"}
    assert sorted(o["url"] for o in offers) == sorted(f"../../angebote/{i}/" for i in LOCATED_FOR_MUSTERDORF)
    assert sorted(o["name"] for o in offers) == LOCATED_NAMES
    assert {o["class"] for o in offers} == {"ww-marker"}
    by_name = {o["name"]: o for o in offers}
    assert (by_name["Jobcenter Testkreis"]["lat"], by_name["Jobcenter Testkreis"]["lon"]) == (48.8922, 8.6946)
    assert by_name["Jobcenter Testkreis"]["detail"] == "Arbeit"
    # coordinates only to the street (unconfirmed): the popup says the place is approximate
    assert by_name["Arbeitsladen Musterdorf"]["detail"] == "Arbeit · ungefähre Lage"
    # the other town: its own centre, the district's offers and its own food bank, not Musterdorf's shop
    town, *offers = map_markers(map_script(site / "ar" / "gemeinden/beispielstadt"))
    assert (town["name"], town["lat"], town["lon"], town["lang"], town["dir"]) == ("وسط Beispielstadt", 48.95, 8.8, "ar", "rtl")
    assert sorted(o["url"] for o in offers) == [
        "../../angebote/im-testtraeger/", "../../angebote/jobcenter-test/", "../../angebote/tafel-beispielstadt/"]


def test_every_shipped_municipality_has_its_map_with_its_sourced_centre():
    """The shipped data: no offer needs coordinates for a town's map; each one that has them is on it."""
    import yaml

    from generator.build import load_valid
    from generator.render import render_language

    directory = load_valid(REPO)
    pages = render_language(directory, "de")
    assert len(directory.municipalities) == 28
    for town in directory.municipalities:
        canvas = BeautifulSoup(pages[f"gemeinden/{town.slug}/index.md"], "html.parser").select_one("[data-map]")
        assert canvas["data-map-src"] == "karte.js"
        centre, *offers = map_markers(pages[f"gemeinden/{town.slug}/karte.js"])
        assert (centre["name"], centre["lat"], centre["lon"], centre["class"]) == (
            f"Ortsmitte {town.name}", town.coordinates.lat, town.coordinates.lon, "ww-marker ww-marker-town")
        located = {o.id for o in directory.offers.values() if o.coordinates and o.serves_municipality(town.slug)}
        assert {o["url"].split("/")[-2] for o in offers} == located, town.slug
        assert len(offers) == len(located)
        # the centre is sourced: a source entry of municipality.yml names the coordinates
        data = yaml.safe_load((REPO / "municipalities" / town.slug / "municipality.yml").read_text(encoding="utf-8"))
        assert any("coordinates" in (entry.get("fields") or []) for entry in data["source"]), town.slug


def test_policy_allows_images_from_the_tile_server_only(map_site, tiles):
    site, _ = map_site
    meta = soup(site / "ar" / MUSTERDORF / "index.html").find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert f"img-src 'self' data: {tiles.origin};" in meta["content"]


def test_places_as_a_list_with_addresses_directions_and_distances(map_site):
    site, _ = map_site
    html = soup(site / "de" / MUSTERDORF / "index.html")
    card = next(li for li in html.select("#ww-work ~ ul li.ww-card") if "Jobcenter" in li.get_text())
    assert (card["data-lat"], card["data-lon"]) == ("48.8922", "8.6946")
    assert card.select_one(".ww-card-place").get_text(" ", strip=True) == "Teststraße 1, 75177 Pforzheim (1 km, Pforzheim)"
    directions = card.select_one("a.ww-directions")
    assert directions["href"].startswith("https://www.openstreetmap.org/directions?to=48.8922%2C8.6946")
    assert directions["data-geo"] == "geo:48.8922,8.6946?q=48.8922,8.6946"
    assert card.select(".ww-unconfirmed") == []
    # coordinates only to the street: the directions lead there, and say that the place is approximate
    shop = next(li for li in html.select("#ww-work ~ ul li.ww-card") if "Arbeitsladen" in li.get_text())
    assert shop.select_one("a.ww-directions").find_next_sibling("small").get_text() == "(ungefähre Lage)"
    offer = soup(site / "ar" / "angebote/arbeitsladen-musterdorf" / "index.html")
    assert offer.select_one("a.ww-directions").find_next_sibling("small").get_text() == "(موقع تقريبي)"
    # an offer without coordinates has no map, but a search link for its address
    town_hall = soup(site / "de" / "angebote/rathaus-musterdorf" / "index.html")
    assert town_hall.select("section.ww-map") == []
    assert town_hall.select_one("a.ww-directions")["href"] == (
        "https://www.openstreetmap.org/search?query=Marktplatz%201%2C%2075999%20Musterdorf")


def test_overview_map_of_the_district(map_site):
    site, _ = map_site
    script = map_script(site / "en")
    assert script.count("L.marker(") == 2  # the fixture's two municipalities
    assert '"url": "gemeinden/musterdorf/"' in script


# -- in Chromium --------------------------------------------------------------------------------

def open_page(new_context, origin, url, **options):
    context = new_context(**options)
    log = PageLog(context)
    page = context.new_page()
    page.goto(f"{origin}/{url}")
    page.wait_for_load_state("networkidle")
    return context, page, log


def test_no_request_before_consent_then_tiles_from_the_configured_server(map_site, tiles, new_context):
    _, origin = map_site
    before = len(tiles.requests)
    context, page, log = open_page(new_context, origin, f"ar/{MUSTERDORF}")
    assert log.foreign_requests(origin) == []
    assert len(tiles.requests) == before
    assert not any("/vendor/leaflet" in r for r in log.requests)  # Leaflet itself waits too
    assert not any(r.endswith("/karte.js") for r in log.requests)  # and the map's own code
    page.locator(".ww-map-show").click()
    expect(page.locator(".leaflet-tile-loaded").first).to_be_attached()
    assert f"{origin}/ar/{MUSTERDORF}karte.js" in log.requests
    assert len(tiles.requests) > before
    assert all(r.startswith(tiles.origin + "/tiles/") for r in log.foreign_requests(origin))
    assert log.errors == []


def test_markers_are_the_town_centre_and_the_located_offers_and_link_to_them(map_site, tiles, new_context):
    _, origin = map_site
    _, page, log = open_page(new_context, origin, f"ar/{MUSTERDORF}")
    before = len(tiles.requests)
    assert page.locator(".leaflet-marker-icon").count() == 0 and log.foreign_requests(origin) == []
    page.locator(".ww-map-show").click()
    markers = page.locator(".leaflet-marker-icon")
    expect(markers).to_have_count(1 + len(LOCATED_FOR_MUSTERDORF))
    expect(page.locator(".leaflet-tile-loaded").first).to_be_attached()
    assert len(tiles.requests) > before
    names = sorted(m.get_attribute("title") for m in markers.all())
    assert names == sorted(LOCATED_NAMES + ["وسط Musterdorf"])
    # the town centre: its own sign, visible on the map, a popup with its name and no link
    town = page.locator(".leaflet-marker-icon.ww-marker-town")
    expect(town).to_have_count(1)
    expect(town).to_be_visible()
    assert town.get_attribute("title") == "وسط Musterdorf"
    # drawn by the style sheet: a square with a dark frame, unlike the round pins of the offers
    frame = town.evaluate("e => { const s = getComputedStyle(e); return [s.borderTopColor, s.borderTopWidth, s.borderRadius] }")
    assert frame == ["rgb(27, 27, 27)", "3px", "2px"]
    box = town.bounding_box()
    assert (round(box["width"]), round(box["height"])) == (22, 22)
    assert page.locator(".leaflet-marker-icon:not(.ww-marker-town) svg circle").count() == len(LOCATED_FOR_MUSTERDORF)
    swatch = page.locator(".ww-legend .ww-swatch-town")
    assert swatch.evaluate("e => getComputedStyle(e).borderTopColor") == "rgb(27, 27, 27)"
    town.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".leaflet-popup .ww-popup strong")).to_have_text("وسط Musterdorf")
    assert page.locator(".leaflet-popup .ww-popup a").count() == 0
    page.keyboard.press("Escape")
    # keyboard: every marker is focusable and named; Enter opens its popup
    jobcenter = page.locator('.leaflet-marker-icon[title="Jobcenter Testkreis"]')
    assert jobcenter.get_attribute("tabindex") == "0" and jobcenter.get_attribute("role") == "button"
    jobcenter.focus()
    page.keyboard.press("Enter")
    link = page.locator(".leaflet-popup .ww-popup a")
    expect(link).to_have_text("Jobcenter Testkreis")
    assert link.evaluate("a => a.href") == f"{origin}/ar/angebote/jobcenter-test/"
    link.evaluate("a => a.click()")  # the popup may still be panning into view: activate, don't aim
    page.wait_for_url(f"{origin}/ar/angebote/jobcenter-test/")
    assert page.evaluate("document.documentElement.lang") == "ar"
    assert log.errors == []


def test_controls_are_mirrored_on_right_to_left_pages(map_site, new_context):
    _, origin = map_site
    for lang, corner in (("ar", "right"), ("de", "left")):
        _, page, _ = open_page(new_context, origin, f"{lang}/{MUSTERDORF}")
        page.locator(".ww-map-show").click()
        expect(page.locator(f".leaflet-top.leaflet-{corner} .leaflet-control-zoom")).to_be_visible()


def test_consent_is_remembered_and_can_be_withdrawn(map_site, tiles, new_context):
    _, origin = map_site
    context, page, _ = open_page(new_context, origin, f"de/{MUSTERDORF}")
    page.locator(".ww-map-show").click()
    expect(page.locator(".leaflet-tile-loaded").first).to_be_attached()
    # another page on the same device: the map comes without asking again
    count = len(tiles.requests)
    page.goto(f"{origin}/de/angebote/jobcenter-test/")
    expect(page.locator(".leaflet-tile-loaded").first).to_be_attached()
    assert len(tiles.requests) > count
    page.locator(".ww-map-forget button").click()
    count = len(tiles.requests)
    page.goto(f"{origin}/de/{MUSTERDORF}")
    page.wait_for_load_state("networkidle")
    assert len(tiles.requests) == count
    expect(page.locator(".ww-map-show")).to_be_visible()


def test_without_javascript_the_places_are_a_list(map_site, new_context):
    _, origin = map_site
    _, page, _ = open_page(new_context, origin, f"de/{MUSTERDORF}", java_script_enabled=False)
    expect(page.locator("[data-map]")).to_be_hidden()
    expect(page.locator("#ww-work ~ ul a.ww-directions").first).to_be_visible()
    expect(page.get_by_text("Teststraße 1, 75177 Pforzheim")).to_be_visible()


def test_near_me_sorts_on_the_phone_and_sends_nothing(map_site, new_context):
    _, origin = map_site
    # standing right at the integration management office, south-east of the job centre
    context, page, log = open_page(new_context, origin, f"de/{MUSTERDORF}", geolocation={"latitude": 48.879, "longitude": 8.713},
                                   permissions=["geolocation"])
    work = page.locator("#ww-work ~ ul.ww-cards").first
    # as built: the town's own offers first, by name, then the district's
    assert work.locator("a.ww-card-title").all_inner_texts() == [
        "Arbeitsladen Musterdorf", "Rathaus Musterdorf", "Jobcenter Testkreis"]
    requests_before = list(log.requests)
    page.locator(".ww-near-me button").click()
    expect(page.locator(".ww-near-me-status")).to_have_text("✓")
    # nearest first: the job centre (about 2 km), the shop (about 11 km), then the town hall (no coordinates)
    assert work.locator("a.ww-card-title").all_inner_texts() == [
        "Jobcenter Testkreis", "Arbeitsladen Musterdorf", "Rathaus Musterdorf"]
    assert log.requests == requests_before  # the position never leaves the phone


def test_municipality_page_with_its_map_weighs_at_most_120_kb(map_site, tiles, new_context):
    """First visit, empty cache, gzip as any host serves it, map shown, tiles excluded.

    The page and its map only: the service worker's own downloads are counted in test_budgets.
    """
    import sys

    sys.path.insert(0, str(Path(__file__).parent / "benchmarks"))
    from page_weight import serve as serve_gzip

    site, _ = map_site
    server, origin = serve_gzip(site)
    try:
        context = new_context(service_workers="block")
        log = PageLog(context)
        page = context.new_page()
        page.goto(f"{origin}/de/{MUSTERDORF}", wait_until="networkidle")
        page.wait_for_timeout(500)
        before_consent = sum(size for _, size in server.sent)
        assert log.foreign_requests(origin) == []
        page.locator(".ww-map-show").click()
        expect(page.locator(".leaflet-tile-loaded").first).to_be_attached()
        page.wait_for_load_state("networkidle")
        total = sum(size for _, size in server.sent)  # tiles come from the tile server, not counted here
        print(f"\nmunicipality page, first visit: {before_consent / 1024:.1f} KB before the map, "
              f"{total / 1024:.1f} KB with the map (gzip, tiles excluded)")
        assert total <= 120 * 1024
    finally:
        server.shutdown()


def test_directions_open_the_phones_map_app_on_android(map_site, new_context):
    _, origin = map_site
    android = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Mobile Safari/537.36"
    _, page, _ = open_page(new_context, origin, "de/angebote/jobcenter-test/", user_agent=android)
    assert page.locator("a.ww-directions").first.get_attribute("href") == "geo:48.8922,8.6946?q=48.8922,8.6946"
    _, other, _ = open_page(new_context, origin, "de/angebote/jobcenter-test/")
    assert other.locator("a.ww-directions").first.get_attribute("href").startswith("https://www.openstreetmap.org/directions")
