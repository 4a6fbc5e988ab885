"""Text from data files never becomes markup or script, through the whole pipeline.

Two layers, each tested on its own: validation rejects markup, and rendering makes whatever
text it gets inert, even text that validation never saw (defence in depth). The built pages
are then opened in real Chromium: no dialog opens and no script from data runs.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from browser_helpers import serve_folder
from conftest import TODAY, make_project
from generator import site as site_stage
from generator.build import generate
from generator.loader import load_project
from generator.model import build_directory
from generator.validate import validate
from generator.writer import staged_directory

ATTACKS = [
    "<script>window.pwned=1;alert(1)</script>",
    "<ScRiPt>alert(1)</sCrIpT>",
    "<img src=x onerror=\"window.pwned=1;alert(1)\">",
    "<svg/onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<iframe src=\"data:text/html,<script>alert(1)</script>\"></iframe>",
    "<form action=\"https://evil.example\"><input name=q></form>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;img src=x onerror=alert(1)&#62;",
    "[klick](javascript:alert(1))",
    "[klick](JaVaScRiPt:alert(1))",
    "[klick](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[klick](vbscript:msgbox(1))",
    "[klick](jаvascript:alert(1))",  # Cyrillic а: a homoglyph scheme
    "[klick](ｊavascript:alert(1))",  # full-width j
    "![bild](https://example.org/x.png)",
    "![bild](javascript:alert(1))",
    "<https://example.org>",
    "Telefon 0721\u202e123\u202c",
    "Name\u2066evil\u2069",
    "`<b>` ```",
]
# Accepted by validation (plain text), and still inert on the page.
INERT_TEXT = [
    "{: onclick=\"alert(1)\" }",
    "[x]: javascript:alert(1)",
    ":material-alert: :fontawesome-brands-js:",
    "%3Cscript%3Ealert(1)%3C/script%3E",
    "javascript:alert(1)",
    "| a | b |\n|---|---|",
    "*[HTML]: Hyper",
]
OFFER = "municipalities/musterdorf/offers/sprachcafe-musterdorf.yml"


def offer_with(description: str, name: str = "Sprachcafé") -> str:
    block = "\n".join("    " + line for line in description.splitlines())
    return (
        f"name:\n  de: |-\n    {name}\ndescription:\n  de: |-\n{block}\ncategories: [language]\n"
        "source:\n  - title: Test\nverified: 2026-01-01\n"
    )


@pytest.mark.parametrize("attack", ATTACKS)
def test_validation_rejects_markup_and_tricks(project, attack):
    (project / OFFER).write_text(offer_with(attack), encoding="utf-8")
    problems = [p for p in validate(load_project(project), today=TODAY) if p.file == OFFER]
    assert problems, attack
    assert all(p.field == "description.de" for p in problems)


@pytest.mark.parametrize("text", INERT_TEXT)
def test_harmless_text_is_accepted(project, text):
    (project / OFFER).write_text(offer_with(text), encoding="utf-8")
    assert validate(load_project(project), today=TODAY) == []


@pytest.fixture(scope="module")
def unvalidated_site(tmp_path_factory):
    """Every attack in names and descriptions, rendered and built WITHOUT validation."""
    root = make_project(tmp_path_factory.mktemp("attack") / "project", languages=("de", "ar"))
    offers = root / "municipalities/musterdorf/offers"
    for i, attack in enumerate(ATTACKS + INERT_TEXT):
        (offers / f"angriff-{i}.yml").write_text(offer_with(attack, name=attack.splitlines()[0]), encoding="utf-8")
    directory = build_directory(load_project(root), TODAY)  # no validate(): the renderer alone must hold
    paths = site_stage.Paths(root, root / "build")
    with staged_directory(root / "site") as stage:
        generate(directory, paths, directory.config.languages)
        site_stage.build_languages({lang: paths.config(lang) for lang in directory.config.languages}, stage)
    return root / "site", len(ATTACKS + INERT_TEXT)


def test_rendered_attacks_hold_no_markup(unvalidated_site):
    site, count = unvalidated_site
    for i in range(count):
        for lang in ("de", "ar"):
            html = BeautifulSoup((site / lang / f"angebote/angriff-{i}/index.html").read_text(encoding="utf-8"), "html.parser")
            article = html.select_one("article.ww-offer")
            assert article.find_all(["script", "img", "svg", "iframe", "form", "input", "object", "embed"]) == []
            for tag in article.find_all(True):
                assert not [a for a in tag.attrs if a.lower().startswith("on")], tag
                href = tag.get("href", "")
                assert not href.lower().startswith(("javascript", "data:", "vbscript")), href
                if href.startswith(("http:", "https:")) and tag.name == "a" and "ww-button" not in tag.get("class", []):
                    assert "noopener" in tag.get("rel", [])
            # the payload is visible as text
            first_line = (ATTACKS + INERT_TEXT)[i].splitlines()[0]
            assert first_line.replace("\u202e", "").replace("\u202c", "")[:6] in article.get_text().replace("\u202e", "").replace("\u202c", "")


def test_no_dialog_and_no_script_from_data_runs_in_chromium(unvalidated_site, new_context):
    site, count = unvalidated_site
    dialogs: list[str] = []
    with serve_folder(site) as origin:
        page = new_context().new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for i in range(count):
            for lang in ("de", "ar"):
                page.goto(f"{origin}/{lang}/angebote/angriff-{i}/")
                for link in page.locator("article a").all():
                    link.hover()
                assert page.evaluate("window.pwned === undefined")
        page.goto(f"{origin}/de/gemeinden/musterdorf/")
        assert page.evaluate("window.pwned === undefined")
    assert dialogs == []
