"""Search: the index (generator/search.py), the engine (search-engine.js, run by node) and the
search box of the built fixture site in real Chromium (folding, typos, ranking, German names,
offline after the first search)."""

from __future__ import annotations

import json
import re
import subprocess

import pytest
from playwright.sync_api import expect

from browser_helpers import PageLog
from conftest import REPO
from generator import search
from generator.build import load_valid
from generator.translations import export_po

ENGINE = REPO / "theme" / "assets" / "javascripts" / "workers" / "search-engine.js"
SEARCH_TOGGLE = 'label.md-header__button[for="__search"]'
SEARCH_INPUT = "input.md-search__input"

# Runs the real engine in node: the index JSON and the queries on stdin, the results on stdout.
NODE_RUNNER = """
const fs = require("fs");
const input = JSON.parse(fs.readFileSync(0, "utf8"));
global.self = { location: { href: "http://127.0.0.1/de/assets/javascripts/workers/search-engine.js" } };
eval(fs.readFileSync(process.argv[1], "utf8") + "; global.engine = wegweiserSearch; global.fold = foldWord;");
global.fetch = async () => ({ json: async () => input.index });
engine.load().then((index) => {
  const out = { results: input.queries.map((q) => engine.search(index, q)), folded: input.fold.map(fold) };
  process.stdout.write(JSON.stringify(out));
});
"""


def run_engine(index: dict, queries: list[str], fold: list[str] = ()) -> dict:
    data = json.dumps({"index": index, "queries": queries, "fold": list(fold)})
    result = subprocess.run(["node", "-e", NODE_RUNNER, str(ENGINE)], input=data, capture_output=True,
                            text=True, check=True, timeout=60)
    return json.loads(result.stdout)


def locations(results: list) -> list[str]:
    return [group[0]["location"] for group in results]


@pytest.fixture(scope="module")
def fixture_directory(tmp_path_factory):
    from conftest import TODAY, make_project

    return load_valid(make_project(tmp_path_factory.mktemp("search") / "project"), TODAY)


# -- the index --------------------------------------------------------------------------------------

def test_index_holds_topics_with_keywords_in_the_language_and_in_german(fixture_directory):
    en = search.index(fixture_directory, "en")
    childcare = next(t for t in en["topics"] if t[0] == "childcare")
    assert childcare[1:5] == ["Children and family", "Kinder und Familie", "nursery, day care", "Kita, Kindergarten, Krippe"]
    de = search.index(fixture_directory, "de")
    assert next(t for t in de["topics"] if t[0] == "childcare")[3:5] == ["Kita, Kindergarten, Krippe", ""]
    assert [p[0] for p in en["places"]] == [m.slug for m in fixture_directory.municipalities]
    assert en["topic_url"] == "gemeinden/{place}/{topic}/" and en["district_topic_url"] == "themen/{topic}/"


def test_index_has_offers_with_german_name_beside_the_translation_and_pages_by_kind(fixture_directory):
    docs = {d[0]: d for d in search.index(fixture_directory, "en")["docs"]}
    url, kind, title, fallback, german, text, extra, categories = docs["angebote/jobcenter-test/"]
    assert (kind, title, fallback, german) == ("o", "Job centre (test)", False, "Jobcenter Testkreis")
    assert text.startswith("Help with finding work.") and "**" not in text
    assert "Landratsamt Testkreis" in extra and "Pforzheim" in extra
    assert categories == [[c.id for c in fixture_directory.categories].index("work")]
    # an offer without an English name: the German one, marked as such, and no second German name
    assert docs["angebote/sprachcafe-musterdorf/"][2:5] == ["Sprachcafé Musterdorf", True, ""]
    assert docs[""][1] == "p" and docs["info/about/"][1:3] == ["p", "About this site"]
    assert docs["gemeinden/musterdorf/"][1] == "m"


def test_category_keywords_are_exported_for_translators_like_other_texts(fixture_directory):
    from babel.messages.pofile import read_po
    import io

    entries = {m.context: m.id for m in read_po(io.BytesIO(export_po(fixture_directory, "ps"))) if m.id}
    assert entries["content/categories.yml#childcare.keywords"] == "Kita, Kindergarten, Krippe"


def test_every_shipped_category_has_keywords_in_every_language():
    directory = load_valid(REPO)
    for category in directory.categories:
        assert category.keywords is not None, category.id
        for lang in directory.config.languages:
            words = [w.strip() for w in category.keywords.values.get(lang, "").split(",")]
            assert len(words) >= 4 and all(words), (category.id, lang)


def test_district_wide_topic_page_links_every_municipality_and_lists_district_offers(built_fixture):
    from conftest import soup

    page = soup(built_fixture / "en" / "themen" / "work" / "index.html")
    content = page.select_one("article")
    assert content.h1.get_text(strip=True) == "Work"
    links = [a["href"] for a in content.select(".ww-place-list a")]
    assert links == ["../../gemeinden/beispielstadt/work/", "../../gemeinden/musterdorf/work/"]
    cards = [a["href"] for a in content.select(".ww-cards .ww-card-title")]
    assert cards == ["../../angebote/jobcenter-test/"]  # for the whole district; the town hall serves its town only
    assert content.select_one("#ww-district").get_text() == "Offers for the whole district"


# -- the engine ---------------------------------------------------------------------------------------

def test_umlauts_and_sharp_s_fold_in_index_and_query(fixture_directory):
    out = run_engine(search.index(fixture_directory, "de"), ["Sprachcafe", "Teststrasse", "Testtraeger", "TESTTRÄGER"],
                     fold=["Ausländerbehörde", "Auslaenderbehoerde", "Auslanderbehorde", "Straße", "Strasse",
                           "أطفال", "اطفال", "بېړنۍ", "بیړنی", "Şiddet", "siddet", "жильё", "жилье"])
    folded = out["folded"]
    assert len(set(folded[:3])) == 1 and folded[3] == folded[4]
    assert folded[5] == folded[6] and folded[7] == folded[8] and folded[9] == folded[10] and folded[11] == folded[12]
    sprachcafe, strasse, traeger, upper = (locations(r) for r in out["results"])
    assert sprachcafe[0] == "angebote/sprachcafe-musterdorf/"  # "Sprachcafé"
    assert strasse[0] == "angebote/jobcenter-test/"  # its address, "Teststraße 1"
    assert traeger[0] == upper[0] == "angebote/im-testtraeger/"  # "Integrationsmanagement Testträger"


def test_one_typo_is_forgiven_in_words_of_five_letters_or_more(fixture_directory):
    index = search.index(fixture_directory, "de")
    queries = ["Jobcentr", "Jbocenter", "Jobcentre", "Musterdrof", "Kindergartn", "Jobcntr", "Kiat", "Kita"]
    out = run_engine(index, queries)["results"]
    assert locations(out[0])[0] == locations(out[1])[0] == locations(out[2])[0] == "angebote/jobcenter-test/"
    assert "angebote/rathaus-musterdorf/" in locations(out[3])[:3]
    assert locations(out[4])[0] == "themen/childcare/"
    assert locations(out[5]) == []  # two letters wrong
    assert locations(out[6]) == [] and locations(out[7])  # four letters ("Kita"): no typo allowed


def test_topic_pages_are_found_by_their_keywords_from_every_language(fixture_directory):
    for lang, query in (("de", "Kita"), ("en", "nursery"), ("en", "Kindergarten"), ("ar", "روضة"), ("ar", "Krippe")):
        found = locations(run_engine(search.index(fixture_directory, lang), [query])["results"][0])
        assert found[0] == "themen/childcare/", (lang, query)  # the district-wide topic first
        assert {f"gemeinden/{m.slug}/childcare/" for m in fixture_directory.municipalities} & set(found[1:3]), (lang, query)


def test_offer_and_topic_pages_come_before_other_pages(fixture_directory):
    index = search.index(fixture_directory, "de")
    # "Seite": the title of "Über diese Seite" (a strong match), inside "Webseite" of an offer's text (weak)
    results = run_engine(index, ["Seite"])["results"][0]
    found = locations(results)
    assert found.index("angebote/sprachcafe-musterdorf/") < found.index("info/about/")
    scores = [group[0]["score"] for group in results]  # Material's Enter opens the highest score: the first
    assert scores == sorted(scores, reverse=True) and len(set(scores)) == len(scores)
    # a page matching more of the words still comes first
    found = locations(run_engine(index, ["Seite Testtext"])["results"][0])
    assert found[0] == "info/about/"


def test_results_show_the_german_name_beside_the_translation(fixture_directory):
    result = run_engine(search.index(fixture_directory, "en"), ["Jobcenter"])["results"][0][0][0]
    assert result["location"] == "angebote/jobcenter-test/"
    assert result["title"] == ('Job centre (test) <span class="ww-search-german" lang="de" dir="ltr" translate="no">'
                               "<mark>Jobcenter</mark> Testkreis</span>")
    assert result["terms"] == {"jobcenter": True}
    fallback = run_engine(search.index(fixture_directory, "en"), ["Sprachcafe"])["results"][0][0][0]
    assert fallback["title"] == '<span lang="de" dir="ltr"><mark>Sprachcafé</mark> Musterdorf</span>'


def test_result_texts_are_escaped(fixture_directory):
    index = search.index(fixture_directory, "de")
    index["docs"].append(["angebote/x/", "o", "<img src=x onerror=alert(1)> Probe", False, "", "<script>Probe</script>", "", []])
    result = run_engine(index, ["Probe"])["results"][0][0][0]
    assert "<img" not in result["title"] and "&lt;img" in result["title"]
    assert "<script>" not in result["text"] and "&lt;script&gt;" in result["text"]


# -- the search box in Chromium ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def origin(built_fixture):
    from browser_helpers import serve_folder

    with serve_folder(built_fixture) as url:
        yield url


def ask(page, query: str):
    box = page.locator(SEARCH_INPUT)
    if not box.is_visible():
        page.locator(SEARCH_TOGGLE).click()
    box.fill(query)
    box.press("End")  # Material reads the box on keyup


@pytest.mark.browser
def test_search_box_folds_umlauts_and_shows_the_german_name(new_context, origin):
    context = new_context()
    log = PageLog(context)
    page = context.new_page()
    page.goto(f"{origin}/en/")
    ask(page, "Testtraeger")
    first = page.locator("li.md-search-result__item").first
    expect(first.locator("a")).to_have_attribute("href", f"{origin}/en/angebote/im-testtraeger/")
    german = first.locator("h1 [lang=de]")
    expect(german).to_have_text("Integrationsmanagement Testträger")
    assert log.foreign_requests(origin) == [] and log.errors == []


@pytest.mark.browser
def test_engine_and_index_load_at_the_first_search_and_stay_for_offline_search(new_context, origin):
    context = new_context()
    log = PageLog(context)
    page = context.new_page()
    page.goto(f"{origin}/de/")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")  # offline.js registered sw.js
    page.goto(f"{origin}/de/angebote/jobcenter-test/", wait_until="networkidle")
    assert not any(u.endswith(("/search-engine.js", "/wegweiser.json")) for u in log.requests)
    ask(page, "Kita")
    expect(page.locator("li.md-search-result__item a").first).to_have_attribute(
        "href", f"{origin}/de/themen/childcare/")
    assert any(u.endswith("/de/search/wegweiser.json") for u in log.requests)
    assert any(u.endswith("/de/assets/javascripts/workers/search-engine.js") for u in log.requests)
    # offline: a new page view (from the saved copy) searches with the kept engine and index
    context.set_offline(True)
    page.goto(f"{origin}/de/")
    ask(page, "Jobcentr")
    expect(page.locator("li.md-search-result__item a").first).to_have_attribute(
        "href", f"{origin}/de/angebote/jobcenter-test/")
    assert log.foreign_requests(origin) == []
