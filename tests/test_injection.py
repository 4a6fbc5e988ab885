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
    "{: onclick=\"alert(1)\" }",
    "{#top .md-banner style=\"display:none\"}",
    "[x]: javascript:alert(1)",
    "[klick]( javascript:alert(1))",
    "[klick](https://www.enzkreis.de@example.net/)",
    "[klick](https://example.net\\@www.enzkreis.de/)",
]
# Accepted by validation (plain text), and still inert on the page.
INERT_TEXT = [
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


# --- hand-written pages are as safe as offers; links that hide their host -------------------

BRACES = "Angaben in geschweiften Klammern sind nicht erlaubt, bitte entfernen"


def test_validation_refuses_attribute_lists_and_hidden_links_in_pages_and_snippets(project):
    (project / "content/pages/about.de.md").write_text(
        "---\ntitle: Über diese Seite\n---\n"
        "Diese Seite ist ein **Testtext**.\n"  # line 4
        '{: onclick="alert(1)" }\n'
        "\n"
        '## Kontakt {: onmouseover="alert(2)" }\n'
        "\n"
        "[Landratsamt](https://www.enzkreis.de@example.net/)\n"
        "[klick][r]\n"
        "\n"
        "[r]: javascript:alert(1)\n",
        encoding="utf-8",
    )
    (project / "content/snippets/home.de.md").write_text("Willkommen! {#start .md-banner}\n", encoding="utf-8")
    problems = [str(p) for p in validate(load_project(project), today=TODAY)]
    assert problems == [
        f'content/pages/about.de.md:5: text: enthält „{{: onclick="alert(1)" }}“; {BRACES}',
        f'content/pages/about.de.md:7: text: enthält „{{: onmouseover="alert(2)" }}“; {BRACES}',
        'content/pages/about.de.md:9: text: Link "https://www.enzkreis.de@example.net/" versteckt die eigentliche '
        "Adresse (example.net); bitte ohne „…@“ angeben",
        'content/pages/about.de.md:12: text: Link "javascript:alert(1)" ist keine erlaubte Adresse '
        "(erlaubt sind nur https:, http:, mailto:, tel:)",
        f"content/snippets/home.de.md:1: text: enthält „{{#start .md-banner}}“; {BRACES}",
    ]


def test_validation_refuses_website_and_source_links_that_hide_their_host(project):
    (project / OFFER).write_text(
        "name:\n  de: Sprachcafé\n"
        "categories: [language]\n"
        "website: https://www.enzkreis.de@example.net/\n"  # line 4
        "source:\n"
        "  - title: Test\n"
        "    url: https://example.net\\@www.enzkreis.de/\n"  # line 7
        "verified: 2026-01-01\n",
        encoding="utf-8",
    )
    problems = [str(p) for p in validate(load_project(project), today=TODAY) if p.file == OFFER]
    assert problems == [
        f'{OFFER}:4: website: "https://www.enzkreis.de@example.net/" versteckt die eigentliche Adresse (example.net); '
        "bitte ohne „…@“ angeben",
        f'{OFFER}:7: source.url: "https://example.net\\@www.enzkreis.de/" ist keine gültige Webadresse '
        "(\\ statt /; Beispiel: https://www.enzkreis.de)",
    ]


# Written into a hand-written page of a project that is built WITHOUT validation: attribute lists
# (with attr_list switched on, as it once was), raw HTML and script links. The build must not emit
# any of it as an attribute.
HOSTILE_PAGE = """---
title: Angriff
---
Absatz mit Attribut
{: onclick="window.pwned=1;alert(1)" }

## Titel {: onmouseover="window.pwned=1" style="position:fixed;top:0" }

*betont*{: onfocus="window.pwned=1" tabindex="1" }

[Link](https://www.example.org){: href="javascript:window.pwned=1" }

[Verweis][r]

[r]: javascript:window.pwned=1

[Leer]( javascript:window.pwned=1)

<p onclick="window.pwned=1" style="color:red">roh</p>

<iframe srcdoc="<script>parent.pwned=1</script>"></iframe>

<a href="jav&#x61;script&colon;window.pwned=1">kodiert</a>

<form action="javascript:window.pwned=1"><button formaction="javascript:window.pwned=1">Senden</button></form>

<svg><a xlink:href="javascript:window.pwned=1"><text>t</text></a><set attributeName="href" to="javascript:window.pwned=1"/></svg>

<div markdown="1" onclick="window.pwned=1">
drin
</div>

Content-Security-Policy: <meta http-equiv="Content-Security-Policy" content="script-src 'unsafe-inline'">
"""
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "to", "data")


@pytest.fixture(scope="module", params=["mkdocs.yml", "mkdocs.yml with attr_list"])
def hostile_pages_site(request, tmp_path_factory):
    """The whole build (MkDocs and the last pass over every page), with validation bypassed."""
    import generator.build as build_stage

    root = make_project(tmp_path_factory.mktemp("pages") / "project", languages=("de", "ar"))
    if request.param.endswith("attr_list"):
        config = (root / "mkdocs.yml").read_text(encoding="utf-8")
        (root / "mkdocs.yml").write_text(config.replace("  - md_in_html", "  - attr_list\n  - md_in_html"), encoding="utf-8")
    (root / "content/pages/angriff.de.md").write_text(HOSTILE_PAGE, encoding="utf-8")
    (root / "content/snippets/home.de.md").write_text('Willkommen\n{: onclick="window.pwned=1" }\n', encoding="utf-8")
    assert validate(load_project(root), today=TODAY) != []  # validation would have refused it
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(build_stage, "validate", lambda raw, today=None: [])
        build_stage.build(root, today=TODAY)
    return root / "site", request.param


def public_pages(site):
    """Every page built from content (the editing app under /redaktion/ is copied in after the pass)."""
    return [p for p in site.rglob("*.html") if p.relative_to(site).parts[0] != "redaktion"]


def _normalised(value) -> str:
    value = " ".join(value) if isinstance(value, list) else str(value)
    return "".join(ch for ch in value if ord(ch) > 32).lower()


def test_built_pages_hold_no_handler_style_srcdoc_or_script_link(hostile_pages_site):
    site, _ = hostile_pages_site
    page = BeautifulSoup((site / "de/info/angriff/index.html").read_text(encoding="utf-8"), "html.parser")
    text = page.select_one("article").get_text(" ", strip=True)
    assert "Absatz mit Attribut" in text and "roh" in text and "kodiert" in text  # the page was built
    for path in public_pages(site):
        for tag in BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").find_all(True):
            bad = [a for a in tag.attrs if a.lower().startswith("on") or a.lower() in ("style", "srcdoc")]
            assert bad == [], (path, tag)
            for name in URL_ATTRIBUTES:
                value = _normalised(tag.get(name, ""))
                assert not value.startswith(("javascript:", "vbscript:", "data:")), (path, tag)


def test_attribute_lists_stay_text_unless_attr_list_is_switched_on(hostile_pages_site):
    """The shipped configuration does not read attribute lists; the other variant does, so there
    the last pass alone keeps the handlers out (the test above)."""
    site, config = hostile_pages_site
    page = BeautifulSoup((site / "de/info/angriff/index.html").read_text(encoding="utf-8"), "html.parser")
    text = page.select_one("article").get_text()
    heading = next(h for h in page.select("article h2") if "Titel" in h.get_text())
    if config == "mkdocs.yml":
        assert '{: onclick="window.pwned=1;alert(1)" }' in text
        assert heading.get_text(strip=True).startswith("Titel {: onmouseover=")
    else:
        assert "{:" not in text and heading.get_text(strip=True) == "Titel"
        assert page.select_one("article em")["tabindex"] == "1"  # attr_list did set attributes


def _policies(html: BeautifulSoup) -> list:
    return html.find_all("meta", attrs={"http-equiv": lambda v: v and v.lower() == "content-security-policy"})


def test_every_built_page_has_exactly_one_policy_even_when_content_brings_one(hostile_pages_site):
    site, _ = hostile_pages_site
    for path in public_pages(site):
        html = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        policies = _policies(html)
        assert len(policies) == 1, path
        assert html.head.find(True) is policies[0], path
        assert "unsafe-inline" not in policies[0]["content"]


def test_a_page_that_mentions_the_policy_gets_its_policy(tmp_path):
    """The page's text talks about the Content-Security-Policy; it is still built with one."""
    from generator.build import build

    root = make_project(tmp_path / "project", languages=("de",))
    (root / "content/pages/about.de.md").write_text(
        "---\ntitle: Sicherheit\n---\nDiese Seite schickt eine Content-Security-Policy mit.\n\n"
        "Ohne `Content-Security-Policy` wäre sie weniger sicher.\n",
        encoding="utf-8",
    )
    build(root, today=TODAY)
    html = BeautifulSoup((root / "site/de/info/about/index.html").read_text(encoding="utf-8"), "html.parser")
    assert "schickt eine Content-Security-Policy mit" in html.select_one("article").get_text()
    policies = _policies(html)
    assert len(policies) == 1
    assert html.head.find(True) is policies[0]
    assert policies[0]["content"].startswith("default-src 'self'; script-src 'self'")


def test_no_dialog_and_no_script_from_a_hostile_page_runs_in_chromium(hostile_pages_site, new_context):
    site, _ = hostile_pages_site
    dialogs: list[str] = []
    with serve_folder(site) as origin:
        page = new_context().new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for url in ("/de/info/angriff/", "/ar/info/angriff/", "/de/"):
            page.goto(origin + url)
            elements = page.locator("article :is(p, h2, em, div, iframe, svg, form, button)").all()
            assert len(elements) > 10
            for element in elements:  # events on the element itself: no link is followed
                for event in ("mouseover", "focus", "click"):
                    element.dispatch_event(event)
            assert page.evaluate("window.pwned === undefined")
    assert dialogs == []


# --- the last pass over every page, on its own ----------------------------------------------


@pytest.mark.parametrize(
    "html, expected",
    [
        ('<p onclick="alert(1)">x</p>', "<p>x</p>"),
        ('<h2 id="t" ONMOUSEOVER=alert(1)>T</h2>', '<h2 id="t">T</h2>'),
        ('<a href="x"onclick="y">k</a>', '<a href="x">k</a>'),
        ('<a onclick="y"title=t>k</a>', "<a title=t>k</a>"),
        ('<a title=">" onclick=x>k</a>', '<a title=">">k</a>'),
        ('<a b"c onclick=x>k</a>', '<a b"c>k</a>'),
        ("<svg/onload=alert(1)>", "<svg/>"),
        ('<a href=" java\tscript:alert(1)">k</a>', "<a>k</a>"),
        ('<a href="jav&#x61;script&colon;alert(1)">k</a>', "<a>k</a>"),
        ("<a href='VBScript:msgbox(1)'>k</a>", "<a>k</a>"),
        ('<iframe src="data:text/html,x" srcdoc="<b>x</b>"></iframe>', "<iframe></iframe>"),
        ('<p style="display:none">x</p>', "<p>x</p>"),
        ('<svg><set attributeName="href" to="javascript:alert(1)"/></svg>', '<svg><set attributeName="href"/></svg>'),
        ('<script>var a = "<p onclick=x>";</script><p onclick=y>', '<script>var a = "<p onclick=x>";</script><p>'),
    ],
)
def test_unsafe_attributes_are_removed(html, expected):
    from generator.harden import strip_unsafe_attributes

    assert strip_unsafe_attributes(html) == expected


@pytest.mark.parametrize(
    "html",
    [
        '<a href="https://www.enzkreis.de/?q=javascript:1" rel="noopener">ok</a>',
        '<a href="tel:+497231308" dir="ltr">07231 308</a>',
        "<a href='mailto:info@enzkreis.de'>m</a>",
        '<img src="data:image/png;base64,AAAA" alt="">',
        '<p class="online" data-on="1" hidden>ok</p>',
        '<a href="https&#58;//www.enzkreis.de">escaped</a>',
    ],
)
def test_ordinary_attributes_stay_byte_for_byte(html):
    from generator.harden import strip_unsafe_attributes

    assert strip_unsafe_attributes(html) == html


def test_attributes_passed_without_a_closer_look_are_never_unsafe():
    """The quick check lets most tags through in one match; none it lets through may hold an unsafe attribute."""
    import random

    from generator import harden

    rng = random.Random(5)
    names = ["href", "src", "onclick", "ONload", "style", "Style", "srcdoc", "to", "values", "class", "data-on",
             "xlink:href", "title", "on", "styles", "formaction", "ping"]
    values = ['"x"', "'y'", "javascript:alert(1)", '"&#106;avascript:x"', '"java\tscript:x"', '"data:text/html,x"',
              '"https://a.b/"', '"../a/"', '""', '">"', '"&colon;"', '"javascript&#58;x"', '"x:y"']
    separators = [" ", "  ", "\n", "/", " / ", "\t", ""]
    passed = 0
    for _ in range(20000):
        attrs = "".join(rng.choice(separators) + rng.choice(names) + ("=" + rng.choice(values) if rng.random() < 0.8 else "")
                        for _ in range(rng.randint(1, 4)))
        if harden._SAFE_ATTRIBUTES.fullmatch(attrs):
            passed += 1
            assert not any(harden._unsafe("a", a["name"].lower(), a["value"]) for a in harden.ATTRIBUTE.finditer(attrs)), attrs
    assert passed > 500  # the quick check was exercised (about 800 of these)


def test_with_policy_keeps_exactly_one_policy_at_the_top_of_head():
    from generator.harden import harden

    page = (
        "<!doctype html><html><head><title>x</title><script>go()</script></head><body>"
        "<p>Content-Security-Policy</p>"
        "<meta http-equiv=\"content-security-policy\" content=\"script-src 'unsafe-inline'\"></body></html>"
    )
    once = harden(page)
    html = BeautifulSoup(once, "html.parser")
    policies = _policies(html)
    assert len(policies) == 1
    assert html.head.find(True) is policies[0]
    assert "'unsafe-inline'" not in policies[0]["content"] and "'sha256-" in policies[0]["content"]
    assert harden(once) == once  # a second pass changes nothing
