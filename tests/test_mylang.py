"""Issue 10: "In my language" (filter of the lists, the sentence on the offer page) and "Fehler
melden" (a prepared e-mail to the editors and the repository's issue form), on a built site.

The test project is the fixture plus invented offers in Musterdorf with language data: three of
counselling (spoken Arabic; German with interpreters for Arabic and Farsi; German and English) and
a day care centre that speaks German only; an editors' address and a repository address. The
district's integration management (counselling, no language data) is the offer whose languages
we do not know."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import yaml

from conftest import REPO, SITE_URL, TODAY, make_project, soup
from generator.localize import translations

REPORT_EMAIL = "redaktion@example.org"
REPO_URL = "https://github.com/example/wegweiser"
CATEGORY = "gemeinden/musterdorf/counselling/"

OFFERS = {
    "beratung-arabisch": ("Beratung auf Arabisch", "languages: [de, ar]\n"),
    "beratung-dolmetsch": ("Beratung mit Dolmetschen", "languages: [de]\ninterpreting: [ar, fa]\n"),
    "beratung-englisch": ("Beratung auf Englisch", "languages: [de, en]\n"),
    "wohnberatung-deutsch": ("Wohnberatung auf Deutsch", "languages: [de]\n"),
    **{f"kita-{i}": (f"Kita {i}", "languages: [de, ar]\n" if i == 7 else "languages: [de]\n") for i in range(1, 8)},
}
TOPIC = {"beratung": "counselling", "wohnberatung": "housing", "kita": "childcare"}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    from generator.build import build

    root = make_project(tmp_path_factory.mktemp("mylang") / "project")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("  wegweiser:\n", f"  wegweiser:\n    report_email: {REPORT_EMAIL}\n", 1)
    (root / "mkdocs.yml").write_text(f"repo_url: {REPO_URL}\n" + config, encoding="utf-8")
    with (root / "content/categories.yml").open("a", encoding="utf-8") as fh:
        fh.write('- id: housing\n  icon: home\n  color: "#5d4037"\n  name: {de: Wohnen, en: Housing, ar: السكن, ps: استوګنه}\n')
    for offer_id, (name, languages) in OFFERS.items():
        (root / "municipalities/musterdorf/offers" / f"{offer_id}.yml").write_text(
            f"name:\n  de: {name}\ncategories: [{TOPIC[offer_id.split('-')[0]]}]\n{languages}source:\n  - title: Testdaten\nverified: 2026-02-01\n",
            encoding="utf-8")
    build(root, today=TODAY, site_url=SITE_URL)
    return root / "site"


def page(site: Path, lang: str, url: str):
    return soup(site / lang / url / "index.html")


def card_ids(cards) -> list[str]:
    return [card.select_one("a.ww-card-title")["href"].rstrip("/").rsplit("/", 1)[-1] for card in cards]


def gettext(lang: str, message: str) -> str:
    return translations(lang).gettext(message)


# -- the built pages ------------------------------------------------------------------------------


def test_cards_carry_their_languages_and_the_filter_links_its_own_address(site):
    html = page(site, "ar", CATEGORY)
    cards = {cid: card for cid, card in zip(card_ids(html.select("ul.ww-langlist > li")), html.select("ul.ww-langlist > li"))}
    assert cards["beratung-arabisch"]["data-langs"] == "de ar"
    assert cards["beratung-dolmetsch"]["data-langs"] == "de ar fa"  # spoken, then interpreted
    assert cards["beratung-englisch"]["data-langs"] == "de en"
    assert not cards["im-testtraeger"].has_attr("data-langs")
    assert cards["im-testtraeger"].select_one(".ww-nolang").get_text() == gettext("ar", "Languages not known")
    assert not cards["beratung-arabisch"].select(".ww-nolang")
    # the reader's language first (a link of its own, shareable), then every other one it can pick
    nav = html.select_one("nav.ww-mylang")
    assert nav.select_one("p > a.ww-button")["href"] == "#sprache-ar"
    others = [a["href"] for a in nav.select("details a")]
    assert others == ["#sprache-de", "#sprache-en", "#sprache-fa"]  # the site's languages, then the data's
    assert [a["lang"] for a in nav.select("details a")] == ["de", "en", "fa"]
    # each link's target stands before the lists, so the stylesheet can filter them
    targets = [t["id"] for t in html.select(".ww-mylang-t")]
    assert targets == ["sprache-ar", "sprache-de", "sprache-en", "sprache-fa"]
    css = (site / "ar/assets/stylesheets/categories.css").read_text(encoding="utf-8")
    assert "#sprache-fa:target~* .ww-langlist>[data-langs]:not([data-langs~=fa]){display:none}" in css


def test_municipality_page_filters_its_topic_lists_but_not_the_contacts(site):
    html = page(site, "de", "gemeinden/musterdorf/")
    assert html.select_one("nav.ww-mylang p > a.ww-button")["href"] == "#sprache-de"
    assert "beratung-arabisch" in card_ids(html.select("ul.ww-langlist > li"))
    # town hall and integration management stay whatever the filter: they are where help starts
    assert not html.select("section.ww-im ul.ww-langlist, #ww-town-hall ~ ul.ww-langlist")


@pytest.mark.parametrize("offer_id, lang, expected", [
    ("beratung-arabisch", "ar", "%(language)s: spoken here"),
    ("beratung-dolmetsch", "ar", "%(language)s: an interpreter can be arranged"),
    ("beratung-englisch", "ar", "%(language)s: not spoken here, as far as we know"),
    ("beratung-englisch", "en", "%(language)s: spoken here"),
    ("beratung-dolmetsch", "de", "%(language)s: spoken here"),
])
def test_offer_page_says_whether_the_readers_language_is_spoken(site, offer_id, lang, expected):
    names = {"ar": "العربية", "en": "English", "de": "Deutsch"}
    note = page(site, lang, f"angebote/{offer_id}/").select_one("p.ww-language-note").get_text()
    assert note == gettext(lang, expected) % {"language": names[lang]}


def test_offer_page_without_language_data_says_so(site):
    note = page(site, "de", "angebote/im-testtraeger/").select_one("p.ww-language-note").get_text()
    assert note == "Wir wissen nicht, welche Sprachen hier gesprochen werden."
    details = page(site, "en", "angebote/beratung-dolmetsch/").select_one("dl.ww-details").get_text(" ", strip=True)
    assert "Interpreter can be arranged for Arabic, Persian" in details


def mail_parts(link: str) -> tuple[str, str, str]:
    parts = urlsplit(link)
    assert parts.scheme == "mailto" and "+" not in parts.query  # spaces are %20: mail apps show "+" as it is
    query = parse_qs(parts.query, keep_blank_values=True)
    return unquote(parts.path), query["subject"][0], query["body"][0]


def test_report_mail_on_an_offer_page_is_prefilled_in_german(site):
    html = page(site, "ar", "angebote/beratung-arabisch/")
    section = html.select_one("section.ww-report")
    assert section.select_one("h2").get_text() == gettext("ar", "Report a mistake")
    address, subject, body = mail_parts(section.select_one("a.ww-report-mail")["href"])
    assert address == REPORT_EMAIL
    assert subject == "Fehler im Wegweiser: Beratung auf Arabisch (beratung-arabisch)"
    assert body == (
        f"Seite: {SITE_URL}ar/angebote/beratung-arabisch/\r\n"
        "Angebot: Beratung auf Arabisch (Kennung: beratung-arabisch)\r\n"
        "Sprache der Seite: Arabisch (ar)\r\n"
        "Stand der Seite: 28.11.2026\r\n"
        "\r\n"
        "Was ist falsch? Was ist richtig? Woher wissen Sie das?\r\n"
        "\r\n"
        "\r\n"
        "Bitte keine persönlichen Daten (Namen, Fälle, Aufenthaltsstatus).\r\n"
    )
    # the explanation is in the reader's language
    explanation = gettext("ar", "Is something wrong or out of date? Tell the editors. Your e-mail app opens with a message "
                                "in German that names this page; add what is wrong, in any language. Nothing is sent until "
                                "you send it yourself.")
    assert section.select_one("p").get_text() == explanation and explanation.startswith("هل")


def test_report_mail_on_a_municipality_page(site):
    link = page(site, "en", "gemeinden/musterdorf/").select_one("a.ww-report-mail")["href"]
    _, subject, body = mail_parts(link)
    assert subject == "Fehler im Wegweiser: Musterdorf"
    assert body.startswith(f"Seite: {SITE_URL}en/gemeinden/musterdorf/\r\nSprache der Seite: Englisch (en)\r\nStand der Seite: 28.11.2026\r\n")
    assert "Angebot:" not in body


def test_issue_form_link_on_offer_and_municipality_pages(site):
    form = f"{REPO_URL}/issues/new?template=fehler.yml"
    for url in ("angebote/beratung-englisch/", "gemeinden/musterdorf/"):
        link = page(site, "de", url).select_one("section.ww-report a.ww-report-form")
        assert link["href"] == form
        assert link.get_text() == "Mit GitHub-Konto: auf GitHub melden"
    # the link names a form that exists
    assert (REPO / ".github/ISSUE_TEMPLATE" / parse_qs(urlsplit(form).query)["template"][0]).is_file()


def test_without_address_and_repository_there_is_no_report_section(project):
    from generator.loader import load_project
    from generator.model import build_directory
    from generator.render import Renderer, page_specs

    directory = build_directory(load_project(project), TODAY)
    renderer = Renderer(directory, "de")
    spec = next(s for s in page_specs(directory) if s.url == "angebote/jobcenter-test/")
    assert 'class="ww-report' not in renderer.render(spec)
    assert renderer.report_mailto(spec.url, "Jobcenter Testkreis") == ""


def test_report_address_must_be_an_address(project):
    import subprocess
    import sys

    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  wegweiser:\n", "  wegweiser:\n    report_email: redaktion\n", 1),
                      encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "generator.cli", "--root", str(project), "validate"], capture_output=True, text=True)
    assert done.returncode == 1
    line = next(n for n, text in enumerate(config.read_text(encoding="utf-8").splitlines(), 1) if "report_email" in text)
    assert f"mkdocs.yml:{line}: extra.wegweiser.report_email: \"redaktion\" ist keine E-Mail-Adresse (Beispiel: redaktion@example.org)" in done.stdout + done.stderr


def test_issue_form_is_a_valid_github_issue_form():
    form = yaml.safe_load((REPO / ".github/ISSUE_TEMPLATE/fehler.yml").read_text(encoding="utf-8"))
    assert set(form) <= {"name", "description", "title", "labels", "assignees", "body", "projects", "type"}
    assert form["name"] and form["description"]
    ids = [item["id"] for item in form["body"] if "id" in item]
    assert len(ids) == len(set(ids))
    for item in form["body"]:
        assert item["type"] in {"markdown", "textarea", "input", "dropdown", "checkboxes"}
        assert "value" in item["attributes"] if item["type"] == "markdown" else item["attributes"]["label"]
    assert any(item["type"] != "markdown" and item.get("validations", {}).get("required") for item in form["body"])


def test_privacy_page_explains_report_a_mistake_in_every_language():
    """By the words the pages use; a language whose page has no text yet shows the German one."""
    from generator.loader import load_project

    pages = {f.lang: f for f in load_project(REPO).pages if f.id == "datenschutz"}
    assert {"de", "en"} <= set(pages)
    for lang, text in pages.items():
        assert gettext(lang, "Report a mistake") in text.body or not text.body.strip(), lang


# -- in the browser ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def origin(site):
    from browser_helpers import serve_folder

    with serve_folder(site) as address:
        yield address


def visible_ids(browser_page, selector: str) -> list[str]:
    return browser_page.eval_on_selector_all(
        selector,
        "cards => cards.filter(c => c.offsetParent !== null)"
        ".map(c => c.querySelector('a.ww-card-title').getAttribute('href').split('/').filter(Boolean).pop())")


@pytest.mark.browser
def test_filter_without_javascript(new_context, origin):
    from playwright.sync_api import expect

    context = new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(f"{origin}/ar/{CATEGORY}")
    everything = visible_ids(tab, "ul.ww-langlist > li")
    assert set(everything) == {"beratung-arabisch", "beratung-dolmetsch", "beratung-englisch", "im-testtraeger"}
    expect(tab.locator(".ww-mylang-on")).to_be_hidden()
    tab.locator("nav.ww-mylang p > a.ww-button").click()
    assert tab.url.endswith("#sprache-ar")
    assert visible_ids(tab, "ul.ww-langlist > li") == [i for i in everything if i != "beratung-englisch"]
    expect(tab.locator(".ww-mylang-on")).to_be_visible()
    expect(tab.locator("li:not([data-langs]) .ww-nolang")).to_be_visible()
    # the shared link opens filtered; another language from the list; "show all" ends the filter
    tab.goto(f"{origin}/ar/{CATEGORY}#sprache-en")
    assert visible_ids(tab, "ul.ww-langlist > li") == [i for i in everything if i not in ("beratung-arabisch", "beratung-dolmetsch")]
    tab.locator("nav.ww-mylang summary").click()
    tab.locator("nav.ww-mylang details a[href='#sprache-fa']").click()
    assert visible_ids(tab, "ul.ww-langlist > li") == [i for i in everything if i in ("beratung-dolmetsch", "im-testtraeger")]
    tab.locator(".ww-mylang-on a").click()
    assert visible_ids(tab, "ul.ww-langlist > li") == everything


@pytest.mark.browser
def test_filter_with_javascript_groups_offers_without_language_data(new_context, origin):
    from browser_helpers import PageLog
    from playwright.sync_api import expect

    context = new_context()
    log = PageLog(context)
    tab = context.new_page()
    tab.goto(f"{origin}/ar/{CATEGORY}")
    everything = visible_ids(tab, "ul.ww-langlist > li")
    tab.locator("nav.ww-mylang p > a.ww-button").click()
    expect(tab.locator(".ww-nolang-group")).to_have_count(1)
    assert visible_ids(tab, "ul.ww-langlist > li") == ["beratung-arabisch", "beratung-dolmetsch"]
    group = tab.locator(".ww-nolang-group")
    expect(group.locator(".ww-nolang-title")).to_have_text(gettext("ar", "Offers whose languages we do not know"))
    assert visible_ids(tab, ".ww-nolang-group li") == ["im-testtraeger"]
    # the shared link opens the same way in a new tab
    other = context.new_page()
    other.goto(f"{origin}/ar/{CATEGORY}#sprache-ar")
    expect(other.locator(".ww-nolang-group li")).to_have_count(1)
    assert visible_ids(other, "ul.ww-langlist > li") == ["beratung-arabisch", "beratung-dolmetsch"]
    # "show all": every card back in its list, in the order it had
    tab.locator(".ww-mylang-on a").click()
    expect(tab.locator(".ww-nolang-group")).to_have_count(0)
    assert visible_ids(tab, "ul.ww-langlist > li") == everything
    assert not log.errors and not log.foreign_requests(origin)


def test_interpreting_goes_into_the_open_data(site):
    import csv

    with (site / "daten/hsds/de/services.csv").open(encoding="utf-8") as fh:
        rows = {row["name"]: row for row in csv.DictReader(fh)}
    assert rows["Beratung mit Dolmetschen"]["interpretation_services"] == "Dolmetschen möglich für: ar, fa"
    assert rows["Beratung auf Arabisch"]["interpretation_services"] == ""


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["de", "ar"])
@pytest.mark.parametrize("url", [CATEGORY + "#sprache-ar", "gemeinden/musterdorf/#sprache-en", "angebote/beratung-dolmetsch/"])
def test_no_accessibility_violations(new_context, origin, lang, url):
    """axe-core (WCAG 2.1 AA) with the filter on and its group made, and with the report section."""
    from test_accessibility import violations

    tab = new_context(bypass_csp=True).new_page()
    tab.goto(f"{origin}/{lang}/{url}")
    if "#" in url:
        tab.locator(".ww-nolang-group").first.wait_for()
    else:
        tab.locator("section.ww-report").wait_for()
    assert violations(tab) == []


@pytest.mark.slow
def test_no_html_errors_with_the_report_section_and_the_filter(site):
    from test_html_validity import run_vnu

    files = [site / lang / url / "index.html" for lang in ("de", "ar")
             for url in (CATEGORY, "gemeinden/musterdorf/", "angebote/beratung-dolmetsch/")]
    assert all(html.is_file() for html in files)
    assert {path: errors for path, errors in run_vnu(files).items() if errors} == {}


@pytest.mark.browser
def test_a_topic_with_nothing_in_the_chosen_language_is_hidden_with_javascript(new_context, origin):
    from playwright.sync_api import expect

    tab = new_context().new_page()
    tab.goto(f"{origin}/de/gemeinden/musterdorf/#sprache-ar")
    housing = tab.locator("section[aria-labelledby='ww-housing']")
    expect(housing).to_be_hidden()  # only German there
    expect(tab.locator("section[aria-labelledby='ww-counselling']")).to_be_visible()
    expect(tab.locator("section.ww-im")).to_be_visible()  # integration management is never filtered
    # the town page shows six day care centres; the seventh (Arabic) is on the topic page, which the
    # topic's link opens filtered
    childcare = tab.locator("section[aria-labelledby='ww-childcare']")
    expect(childcare).to_be_visible()
    assert visible_ids(tab, "section[aria-labelledby='ww-childcare'] li") == []
    childcare.locator(".ww-more a").click()
    tab.wait_for_url("**/de/gemeinden/musterdorf/childcare/#sprache-ar")
    tab.wait_for_load_state("load")  # its stylesheet, which filters
    assert visible_ids(tab, "ul.ww-langlist > li") == ["kita-7"]
    tab.go_back()
    tab.locator("nav.ww-mylang p > a.ww-button").click()  # German
    expect(housing).to_be_visible()
    assert visible_ids(tab, "section[aria-labelledby='ww-housing'] li") == ["wohnberatung-deutsch"]
    more = childcare.locator(".ww-more a")
    assert more.get_attribute("href").endswith("/de/gemeinden/musterdorf/childcare/#sprache-de")
    tab.locator(".ww-mylang-on a").click()  # show all: the topic's link is plain again
    expect(more).to_have_attribute("href", re.compile(r"/de/gemeinden/musterdorf/childcare/$"))


@pytest.mark.browser
def test_copy_link_keeps_the_filter(new_context, origin):
    tab = new_context(permissions=["clipboard-read", "clipboard-write"]).new_page()
    tab.goto(f"{origin}/ar/gemeinden/musterdorf/")
    tab.locator("nav.ww-mylang p > a.ww-button").click()
    tab.locator("#teilen .ww-share-button").click()
    assert tab.evaluate("navigator.clipboard.readText()") == f"{SITE_URL}ar/gemeinden/musterdorf/#sprache-ar"


@pytest.mark.browser
def test_report_section_sends_nothing_by_itself(new_context, origin):
    """The page only links: no request leaves the site, and the e-mail is a plain link the reader taps."""
    from browser_helpers import PageLog

    context = new_context()
    log = PageLog(context)
    tab = context.new_page()
    tab.goto(f"{origin}/de/angebote/beratung-arabisch/", wait_until="networkidle")
    link = tab.locator("section.ww-report a.ww-report-mail")
    assert link.get_attribute("href").startswith(f"mailto:{REPORT_EMAIL}?subject=")
    assert tab.locator("section.ww-report form, section.ww-report button").count() == 0
    assert not log.foreign_requests(origin) and not log.errors
    assert not [url for url in log.requests if "mailto" in url or "github" in url]


@pytest.mark.browser
def test_print_leaves_out_the_filter_and_the_report_but_says_the_list_is_filtered(new_context, origin):
    from playwright.sync_api import expect

    tab = new_context().new_page()
    tab.emulate_media(media="print")
    tab.goto(f"{origin}/de/gemeinden/musterdorf/#sprache-ar")
    expect(tab.locator("#ww-mylang")).to_be_hidden()
    expect(tab.locator("section.ww-report")).to_be_hidden()
    expect(tab.locator(".ww-mylang-on")).to_be_visible()  # the paper says what it leaves out
    expect(tab.locator(".ww-mylang-on a")).to_be_hidden()
    tab.goto(f"{origin}/de/gemeinden/musterdorf/")
    expect(tab.locator(".ww-mylang-on")).to_be_hidden()
