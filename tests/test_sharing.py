"""Sharing a page: its address and QR code (made at build time), the same page in the client's
language in two taps, the phone's share sheet or "copy link"."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest

from conftest import SITE_URL, TODAY, make_project, soup
from generator.build import build
from generator.localize import translations


def ui(lang: str, msgid: str) -> str:
    """A UI string as the catalog translates it (and it must be translated)."""
    text = translations(lang).gettext(msgid)
    assert text != msgid or lang == "en", f"{msgid!r} is not translated into {lang}"
    return text

OFFER = "angebote/jobcenter-test/"
MUNICIPALITY = "gemeinden/musterdorf/"


def decode(png: bytes) -> list[str]:
    """What a phone's camera would read: an independent decoder (zxing-cpp) on the rendered pixels."""
    import zxingcpp
    from PIL import Image

    return [result.text for result in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]



@pytest.mark.parametrize("lang", ["de", "ar"])
@pytest.mark.parametrize("url", [OFFER, MUNICIPALITY])
def test_share_section_has_the_address_and_every_other_language(built_fixture, lang, url):
    page = soup(built_fixture / lang / url / "index.html")
    share = page.select_one("section#teilen")
    address = f"{SITE_URL}{lang}/{url}"
    assert share.select_one("a.ww-share-url")["href"] == address
    assert share.select_one("a.ww-share-url").get_text() == address
    assert share.select_one("svg.ww-qr")["role"] == "img"
    assert address in share.select_one("svg.ww-qr")["aria-label"]
    others = {a["hreflang"]: a["href"] for a in share.select(".ww-share-languages a")}
    assert set(others) == {"de", "en", "ar"} - {lang}
    for other, href in others.items():  # relative, to the same page, straight to its share section
        depth = url.count("/") + 1
        assert href == "../" * depth + f"{other}/{url}#teilen"
        assert (built_fixture / lang / url / href.split("#")[0] / "index.html").resolve().is_file()
    # the jump to it, at the top of the page
    assert page.select_one("a.ww-share-jump")["href"] == "#teilen"


def test_without_a_site_address_there_is_no_qr_code_and_the_link_is_the_browsers(tmp_path):
    root = make_project(tmp_path / "p", languages=("de",))
    build(root, today=TODAY)
    page = soup(root / "site/de" / OFFER / "index.html")
    assert page.select("svg.ww-qr") == []
    assert page.select_one(".ww-share-button")["data-url"] == ""
    assert page.select(".ww-share-languages a") == []  # one language: nothing to switch to


def test_a_bad_site_address_is_refused_with_a_message(project):
    result = subprocess.run([sys.executable, "-m", "generator.cli", "--root", str(project), "build", "--site-url", "ftp://x/"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 1  # like every problem an editor can fix
    assert result.stderr.splitlines() == ['site_url "ftp://x/" ist keine Adresse wie https://wegweiser.example.org/']
    assert not (project / "site").exists()


@pytest.mark.browser
@pytest.mark.parametrize("url", [OFFER, MUNICIPALITY])
def test_a_manager_reading_german_gets_the_arabic_link_and_qr_code_in_two_taps(new_context, fixture_origin, url):
    page = new_context().new_page()
    page.goto(f"{fixture_origin}/de/{url}")
    page.locator("a.ww-share-jump").click()  # tap 1: "Share · QR code" in German
    page.locator("#teilen").get_by_role("link", name="العربية").click()  # tap 2: the client's language
    page.wait_for_url(f"{fixture_origin}/ar/{url}#teilen")
    qr = page.locator("#teilen svg.ww-qr")
    assert qr.is_visible()
    assert qr.evaluate("el => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }")
    assert decode(qr.screenshot()) == [f"{SITE_URL}ar/{url}"]
    assert page.locator("#teilen a.ww-share-url").inner_text() == f"{SITE_URL}ar/{url}"


@pytest.mark.browser
def test_copy_link_where_the_phone_has_no_share_sheet(new_context, fixture_origin):
    context = new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.add_init_script("delete Navigator.prototype.share")
    page.goto(f"{fixture_origin}/de/{OFFER}")
    button = page.locator("#teilen .ww-share-button")
    assert button.inner_text() == ui("de", "Copy link")
    button.click()
    assert page.evaluate("navigator.clipboard.readText()") == f"{SITE_URL}de/{OFFER}"
    assert button.inner_text() == ui("de", "Link copied")


@pytest.mark.browser
def test_the_phones_share_sheet_gets_title_and_address(new_context, fixture_origin):
    page = new_context().new_page()
    page.add_init_script("navigator.share = data => { window.shared = data; return Promise.resolve(); }")
    page.goto(f"{fixture_origin}/ar/{OFFER}")
    button = page.locator("#teilen .ww-share-button")
    assert button.inner_text() == ui("ar", "Share")
    button.click()
    shared = page.evaluate("window.shared")
    assert shared == {"title": page.title(), "url": f"{SITE_URL}ar/{OFFER}"}
