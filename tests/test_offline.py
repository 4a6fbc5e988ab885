"""Offline and install: the manifest and icons, and the service worker in real Chromium.

The worker (site/sw.js, written by the build) keeps visited pages, the language's home and, from
the second page view in a language on, its municipality pages; a page served from a saved copy
says so. The browser tests wait for the worker's "offline-ready" message, which it posts to a
page once it has stored what that page view asked for.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import struct
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from browser_helpers import CHROMIUM, CHROMIUM_ARGS, PHONE, TIMEOUT_MS, serve_folder
from conftest import TODAY, make_project, soup
from generator import offline, site
from generator.build import build
from generator.config import read_config
from generator.loader import Document
from generator.serve import Handler

REPO = Path(__file__).resolve().parents[1]
OFFER = "angebote/jobcenter-test/"
MUNICIPALITIES = ("gemeinden/beispielstadt/", "gemeinden/musterdorf/")
# Every page records the messages of the service worker (the worker posts "offline-ready").
RECORD_MESSAGES = """navigator.serviceWorker && navigator.serviceWorker.addEventListener("message",
    (event) => (window.__wwMessages = window.__wwMessages || []).push(event.data));"""
CACHES = "caches.keys()"
# caches.keys() is asynchronous (wait_for_function would take the promise itself for a true
# value): the same wait, in the page, for as long as any browser step may take
WAIT_FOR_CACHES = f"""async (names) => {{
    for (const end = Date.now() + {TIMEOUT_MS}; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) {{
        if (JSON.stringify(await caches.keys()) === JSON.stringify(names)) return;
    }}
    throw new Error("caches are " + JSON.stringify(await caches.keys()) + ", not " + JSON.stringify(names));
}}"""
CACHED = "(url) => caches.match(url).then((response) => response ? response.headers.get('Wegweiser-Saved') || 'asset' : null)"


def site_config():
    return read_config(Document("mkdocs.yml", yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))))[0]


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", data[16:24])


# 1. Pure functions ------------------------------------------------------------------------------

@pytest.mark.parametrize("lang, direction", [("de", "ltr"), ("en", "ltr"), ("ar", "rtl"), ("fa", "rtl"), ("ps", "rtl"), ("uk", "ltr")])
def test_manifest_of_each_language(lang, direction):
    data = json.loads(offline.manifest(site_config(), lang))
    assert data["name"] == "Wegweiser Enzkreis" and data["short_name"] == "Wegweiser"
    assert (data["lang"], data["dir"]) == (lang, direction)
    assert (data["start_url"], data["scope"], data["display"]) == ("./", "../", "standalone")
    assert data["theme_color"] == offline.THEME_COLOR and data["background_color"]
    assert data["description"] and "%" not in data["description"]
    sizes = {(icon["sizes"], icon.get("purpose", "any")) for icon in data["icons"]}
    assert sizes == {("any", "any"), ("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")}


def test_manifest_description_is_in_the_language():
    descriptions = {lang: json.loads(offline.manifest(site_config(), lang))["description"] for lang in ("de", "en", "ar")}
    assert descriptions["de"].startswith("Hilfe vor Ort")
    assert descriptions["en"].startswith("Local help")
    assert re.search("[\u0600-\u06ff]", descriptions["ar"])


def test_build_version_counts_the_files_the_worker_serves():
    files = [("de/index.html", b"<p>a</p>"), ("de/assets/javascripts/wegweiser.js", b"1"), ("de/sitemap.xml", b"x")]
    version = offline.build_version(files)
    assert re.fullmatch("[0-9a-f]{16}", version)
    assert offline.build_version(list(files)) == version  # the same files, the same version
    assert offline.build_version(files[:2] + [("de/index.html", b"<p>b</p>")]) != version
    assert offline.build_version(files + [("de/manifest.webmanifest", b"{}")]) != version
    # what the worker never serves does not count: sitemaps (dated), source maps, the worker itself
    assert offline.build_version(files[:2] + [("de/sitemap.xml", b"y"), ("x.js.map", b"m"), ("sw.js", b"w")]) == version


def test_service_worker_carries_its_settings():
    worker = offline.service_worker("0123456789abcdef", ("de", "ar"), ["gemeinden/a/", "gemeinden/b/"])
    assert 'const VERSION = "0123456789abcdef";' in worker
    assert 'const LANGUAGES = ["de", "ar"];' in worker
    assert 'const PACK = ["gemeinden/a/", "gemeinden/b/"];' in worker
    assert "const TIMEOUT_MS = 4000;" in worker
    assert '"Wegweiser-Offline": reason' in worker and 'keep(pack, "pack")' in worker
    asset = json.loads(re.search(r"^const ASSET = (.*);$", worker, re.MULTILINE).group(1))  # a RegExp source
    assert all(re.search(asset, f"de/x.{ext}") for ext in offline.ASSET_TYPES)
    assert not re.search(asset, "de/index.html") and not re.search(asset, "de/x.js.map")


def test_notice_texts_come_from_the_build():
    texts = site.ui_texts("ar")
    assert set(texts) == {"offline_saved", "offline_saved_age", "open_data"}  # open_data: the footer's link
    assert "%(date)s" in texts["offline_saved"] and "%(age)s" in texts["offline_saved_age"]


def test_preview_server_types():
    handler = Handler.__new__(Handler)
    assert handler.guess_type("sw.js") == "text/javascript"
    assert handler.guess_type("de/manifest.webmanifest") == "application/manifest+json"


# 2. The built site -----------------------------------------------------------------------------

@pytest.mark.slow
def test_built_site_has_manifests_icons_and_worker(built_fixture):
    for lang, direction in (("de", "ltr"), ("en", "ltr"), ("ar", "rtl")):
        manifest = built_fixture / lang / offline.MANIFEST
        data = json.loads(manifest.read_text(encoding="utf-8"))
        assert (data["lang"], data["dir"]) == (lang, direction)
        for icon in data["icons"]:
            path = manifest.parent / icon["src"]
            assert path.is_file(), path
            if icon["type"] == "image/png":
                assert png_size(path) == tuple(int(n) for n in icon["sizes"].split("x"))
        assert png_size(built_fixture / lang / "assets/images/wegweiser-apple-touch.png") == (180, 180)

        html = soup(built_fixture / lang / OFFER / "index.html")
        assert html.find("link", rel="manifest")["href"] == "../../manifest.webmanifest"
        assert html.find("meta", attrs={"name": "theme-color"})["content"] == offline.THEME_COLOR
        assert html.find("link", rel="apple-touch-icon")["href"] == "../../assets/images/wegweiser-apple-touch.png"
        assert html.find("script", src="../../assets/javascripts/offline.js")
        notice = html.select_one(".ww-offline-notice")
        assert notice.get("role") == "status" and notice.has_attr("hidden")
        assert "%(date)s" in notice["data-text"] and "%(age)s" in notice["data-text-age"]
        policy = html.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
        assert "worker-src 'self'" in policy and "default-src 'self'" in policy  # manifest-src falls back to it
        assert "unsafe-inline" not in policy and not html.select("[style]")

    worker = (built_fixture / offline.WORKER).read_text(encoding="utf-8")
    files = sorted(p.relative_to(built_fixture).as_posix() for p in built_fixture.rglob("*") if p.is_file())
    version = offline.build_version((rel, (built_fixture / rel).read_bytes()) for rel in files if offline.is_versioned(rel))
    assert f'const VERSION = "{version}";' in worker
    assert f"const PACK = {json.dumps(list(MUNICIPALITIES))};" in worker
    assert 'const LANGUAGES = ["de", "en", "ar"];' in worker


# 3. In Chromium ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def origin(built_fixture):
    with serve_folder(built_fixture) as url:
        yield url


def recording(context):
    context.add_init_script(RECORD_MESSAGES)
    return context


def view(page, url: str) -> dict:
    """Open ``url`` and wait until the worker has stored what this page view asks for."""
    page.goto(url)
    page.wait_for_function("() => (window.__wwMessages || []).some((m) => m.type === 'offline-ready')")
    return page.evaluate("window.__wwMessages.find((m) => m.type === 'offline-ready')")


def cut_network(context, page) -> None:
    """No network, and nothing in the browser's HTTP cache: the pages can come only from the worker.

    (The HTTP cache may hold a page as still fresh for a while: the test server sends Last-Modified,
    static hosts send max-age. The browser serves that without a network, and without a notice.)
    """
    context.new_cdp_session(page).send("Network.clearBrowserCache")
    context.set_offline(True)


def offline_notice(page):
    notice = page.locator(".ww-offline-notice")
    expect(notice).to_be_visible()
    assert page.locator('meta[name="wegweiser-offline"]').count() == 1
    return notice.inner_text()


def pack_requests(requests) -> list[str]:
    return [r.url for r in requests if r.headers.get("wegweiser-offline") == "pack"]


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["de", "ar"])
def test_installable(chromium, origin, tmp_path, lang):
    # not in a Playwright context: Chromium never offers to install from an incognito profile
    context = chromium.browser_type.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=CHROMIUM, args=CHROMIUM_ARGS, **PHONE)
    try:
        context.set_default_timeout(TIMEOUT_MS)
        page = context.pages[0] if context.pages else context.new_page()
        page.goto(f"{origin}/{lang}/{OFFER}")
        page.wait_for_function("() => navigator.serviceWorker.controller !== null")  # offline.js registered sw.js
        cdp = context.new_cdp_session(page)
        manifest = cdp.send("Page.getAppManifest")
        assert manifest["url"] == f"{origin}/{lang}/manifest.webmanifest"
        assert manifest["errors"] == []
        assert manifest["manifest"]["startUrl"] == f"{origin}/{lang}/"
        assert manifest["manifest"]["scope"] == f"{origin}/"
        assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
    finally:
        context.close()


@pytest.mark.browser
def test_visited_page_opens_offline_and_says_how_old_it_is(new_context, origin):
    context = recording(new_context(locale="de-DE", timezone_id="Europe/Berlin"))
    page = context.new_page()
    view(page, f"{origin}/de/{OFFER}")
    saved = page.evaluate(CACHED, f"{origin}/de/{OFFER}")
    saved_at = dt.datetime.fromisoformat(saved)  # "…Z": UTC

    cut_network(context, page)
    later = context.new_page()
    later.clock.set_fixed_time(saved_at + dt.timedelta(hours=3))  # read three hours after it was saved
    later.goto(f"{origin}/de/{OFFER}")

    expect(later.locator("h1")).to_contain_text("Jobcenter Testkreis")
    text = offline_notice(later)
    local = saved_at.astimezone(ZoneInfo("Europe/Berlin"))
    months = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"]
    assert f"{local.day}. {months[local.month - 1]} {local.year}" in text
    assert f"{local:%H:%M}" in text
    assert "vor 3 Stunden" in text
    assert "%(" not in text


@pytest.mark.browser
def test_home_opens_offline_after_one_other_page(new_context, origin):
    context = recording(new_context(locale="ar"))
    page = context.new_page()
    message = view(page, f"{origin}/ar/{OFFER}")
    assert message["home"] == f"{origin}/ar/" and message["pack"] == 0  # one page view: no pack yet

    cut_network(context, page)
    page.goto(f"{origin}/ar/")
    expect(page.locator("h1")).to_be_visible()
    text = offline_notice(page)
    assert "%(" not in text and re.search(r"\d", text)
    assert re.search("[\u0600-\u06ff]", text)  # the date and age in Arabic (the sentence is English until translated)


@pytest.mark.browser
def test_municipality_pages_are_kept_from_the_second_page_view(new_context, origin):
    context = recording(new_context())
    requests = []
    context.on("request", lambda request: requests.append(request))
    page = context.new_page()
    view(page, f"{origin}/de/{OFFER}")
    assert pack_requests(requests) == []  # not on the first page view

    message = view(page, f"{origin}/de/info/about/")
    assert message["pack"] == len(MUNICIPALITIES)
    assert sorted(pack_requests(requests)) == [f"{origin}/de/{url}" for url in MUNICIPALITIES]

    cut_network(context, page)
    for url in MUNICIPALITIES:
        page.goto(f"{origin}/de/{url}")
        expect(page.locator("h1")).to_be_visible()
        offline_notice(page)
    with pytest.raises(PlaywrightError):  # another language was never used: nothing of it is kept
        page.goto(f"{origin}/en/{MUNICIPALITIES[0]}")


def save_data(context, page):
    context.new_cdp_session(page).send("Emulation.setDataSaverOverride", {"dataSaverEnabled": True})
    return "navigator.connection.saveData", True, lambda: None


def slow_2g(context, page):
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    # a round trip of 1.5 s is what the browser calls a 2G connection (Network Information API)
    conditions = {"offline": False, "latency": 1500, "downloadThroughput": -1, "uploadThroughput": -1}
    cdp.send("Network.emulateNetworkConditions", conditions)
    return "navigator.connection.effectiveType", "2g", lambda: cdp.send("Network.emulateNetworkConditions", {**conditions, "latency": 0})


@pytest.mark.browser
@pytest.mark.parametrize("sparing", [save_data, slow_2g])
def test_no_offline_pack_with_save_data_or_on_2g(new_context, origin, sparing):
    context = recording(new_context())
    requests = []
    context.on("request", lambda request: requests.append(request))
    page = context.new_page()
    view(page, f"{origin}/de/{OFFER}")
    expression, expected, undo = sparing(context, page)
    for url in ("info/about/", "info/help/"):
        assert view(page, f"{origin}/de/{url}")["pack"] == 0
    assert page.evaluate(expression) == expected
    assert pack_requests(requests) == []

    undo()  # the emulation would hide the cut below
    cut_network(context, page)
    with pytest.raises(PlaywrightError):
        page.goto(f"{origin}/de/{MUNICIPALITIES[0]}")


@pytest.mark.browser
@pytest.mark.slow
def test_a_new_build_replaces_the_worker_and_the_saved_copies(new_context, tmp_path):
    root = make_project(tmp_path / "project")
    build(root, today=TODAY)
    folder = root / "site"
    old_version = re.search(r'VERSION = "(\w+)"', (folder / offline.WORKER).read_text()).group(1)
    with serve_folder(folder) as url:
        context = recording(new_context())
        page = context.new_page()
        view(page, f"{url}/de/{OFFER}")
        view(page, f"{url}/de/{MUNICIPALITIES[1]}")  # the second view: the pack
        assert page.evaluate(CACHES) == [f"wegweiser:/:{old_version}"]

        offer = root / "municipalities/enzkreis/offers/jobcenter-test.yml"
        offer.write_text(offer.read_text(encoding="utf-8").replace("de: Jobcenter Testkreis", "de: Jobcenter Neu"), encoding="utf-8")
        build(root, today=TODAY)  # into the folder the server serves
        new_version = re.search(r'VERSION = "(\w+)"', (folder / offline.WORKER).read_text()).group(1)
        assert new_version != old_version

        page.goto(f"{url}/de/info/about/")  # a navigation: the browser finds the new sw.js
        # it renews the saved copies into its own cache, then deletes the old one
        page.evaluate(WAIT_FOR_CACHES, [f"wegweiser:/:{new_version}"])
        # and controls the page (the old worker's state is "redundant" now)
        page.wait_for_function("() => navigator.serviceWorker.controller && navigator.serviceWorker.controller.state === 'activated'")

        cut_network(context, page)
        page.goto(f"{url}/de/{OFFER}")  # not opened since the build: renewed by the new worker
        expect(page.locator("h1")).to_contain_text("Jobcenter Neu")
        offline_notice(page)
        page.goto(f"{url}/de/{MUNICIPALITIES[0]}")  # the pack is kept too
        offline_notice(page)
