"""The glossary of key terms: loaded, validated, modelled, translated, enforced and shown to readers."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from conftest import REPO, TODAY
from generator import glossary
from generator.loader import load_project
from generator.model import build_directory
from generator.translations import content_texts, export_po
from generator.validate import check, validate

GLOSSARY = """\
# Wichtige Wörter des Testkreises
- id: jobcenter
  german: Jobcenter
  find: [Jobcenter, Jobcenters]
  brackets: true
  term:
    de: Jobcenter
    en: Jobcenter
    ar: جوب سنتر
  explanation:
    de: Zahlt Bürgergeld nach der Anerkennung.
    en: Pays Bürgergeld after recognition.
- id: landratsamt
  german: Landratsamt
  brackets: true
  term:
    de: Landratsamt
    en: district office
    ar: مكتب المقاطعة
  forms:
    ar: [مكتب* المقاطع*]
"""


def with_glossary(project: Path, text: str = GLOSSARY) -> Path:
    (project / "content" / "glossary.yml").write_text(text, encoding="utf-8")
    return project


def wegweiser(project, *args, stdin=None):
    return subprocess.run([sys.executable, "-m", "generator.cli", "--root", str(project), *args],
                          input=stdin, capture_output=True, check=False)


# -- the glossary as data ------------------------------------------------------------------------


def test_glossary_is_loaded_and_modelled(project):
    d = build_directory(load_project(with_glossary(project)), TODAY)
    assert [t.id for t in d.glossary] == ["jobcenter", "landratsamt"]
    jobcenter, landratsamt = d.glossary
    assert jobcenter.find == ("Jobcenter", "Jobcenters")
    assert landratsamt.find == ("Landratsamt",)  # default: the German word
    assert jobcenter.rendering("ar") == "جوب سنتر (Jobcenter)"
    assert jobcenter.rendering("en") == "Jobcenter"  # no brackets around the same word
    assert landratsamt.rendering("en") == "district office (Landratsamt)"
    assert landratsamt.forms == {"ar": ("مكتب* المقاطع*",)}
    assert jobcenter.explanation.values == {"de": "Zahlt Bürgergeld nach der Anerkennung.", "en": "Pays Bürgergeld after recognition."}
    assert build_directory(load_project(project.parent / "project"), TODAY).glossary == d.glossary


def test_a_project_without_glossary_has_none(project):
    assert build_directory(load_project(project), TODAY).glossary == ()
    assert glossary.warnings(load_project(project)) == []


def test_glossary_problems_are_reported_in_german(project):
    with_glossary(project, GLOSSARY.replace("    ar: جوب سنتر\n", "").replace("- id: landratsamt", "- id: jobcenter")
                  .replace("  brackets: true\n  term:\n    de: Landratsamt", "  brackets: ja\n  plural: Landratsämter\n  term:\n    de: Landratsamt")
                  .replace("    ar: [مكتب* المقاطع*]", "    xx: [Amt]"))
    assert [str(p) for p in validate(load_project(project), today=TODAY)] == [
        "content/glossary.yml:6: term: der Text in \"ar\" fehlt",
        "content/glossary.yml:12: id: Begriff \"jobcenter\" ist doppelt",
        "content/glossary.yml:14: brackets: muss true oder false sein, ist aber ein Text",
        "content/glossary.yml:15: plural: unbekannter Schlüssel",
        "content/glossary.yml:21: forms.xx: unbekannter Sprachcode \"xx\" (Sprachen der Seite: de, en, ar)",
    ]


def test_glossary_texts_are_translated_and_exported_like_other_texts(project):
    d = build_directory(load_project(with_glossary(project)), TODAY)
    texts = {(file, name): text.values for file, name, text in content_texts(d) if file == "content/glossary.yml"}
    assert texts == {
        ("content/glossary.yml", "jobcenter.term"): {"de": "Jobcenter", "en": "Jobcenter", "ar": "جوب سنتر"},
        ("content/glossary.yml", "jobcenter.explanation"): {"de": "Zahlt Bürgergeld nach der Anerkennung.", "en": "Pays Bürgergeld after recognition."},
        ("content/glossary.yml", "landratsamt.term"): {"de": "Landratsamt", "en": "district office", "ar": "مكتب المقاطعة"},
    }
    po = export_po(d, "ar")
    entries = {m.context: m.id for m in read_po(io.BytesIO(po)) if m.id}
    assert entries["content/glossary.yml#jobcenter.explanation"] == "Zahlt Bürgergeld nach der Anerkennung."
    filled = po.decode().replace(
        'msgctxt "content/glossary.yml#jobcenter.explanation"\nmsgid "Zahlt Bürgergeld nach der Anerkennung."\nmsgstr ""',
        'msgctxt "content/glossary.yml#jobcenter.explanation"\nmsgid "Zahlt Bürgergeld nach der Anerkennung."\nmsgstr "يدفع Bürgergeld بعد الاعتراف."',
    )
    result = wegweiser(project, "translations", "import", "--lang", "ar", stdin=filled.encode())
    assert result.returncode == 0, result.stdout + result.stderr
    text = (project / "content" / "glossary.yml").read_text(encoding="utf-8")
    assert text.startswith("# Wichtige Wörter des Testkreises\n- id: jobcenter\n")
    assert "    en: Pays Bürgergeld after recognition.\n    ar: يدفع Bürgergeld بعد الاعتراف.\n- id: landratsamt\n" in text
    assert build_directory(load_project(project), TODAY).glossary[0].explanation.values["ar"] == "يدفع Bürgergeld بعد الاعتراف."


# -- the check -----------------------------------------------------------------------------------


def test_matching_words_and_forms(project):
    jobcenter, landratsamt = build_directory(load_project(with_glossary(project)), TODAY).glossary
    assert glossary.in_german(jobcenter, "Das Jobcenter hilft.")
    assert glossary.in_german(jobcenter, "Termin beim Jobcenter-Team")
    assert not glossary.in_german(jobcenter, "Jobcentermitarbeiter helfen.")  # another word
    assert glossary.in_language(landratsamt, "ar", "اسأل في مكتب المقاطعة.")
    assert glossary.in_language(landratsamt, "ar", "في مكتبي المقاطعتين")  # * stands for letters
    assert not glossary.in_language(landratsamt, "ar", "إدارة المنطقة (Landratsamt)")  # the German word alone is not the term
    assert glossary.in_language(landratsamt, "en", "Ask the District Office.")  # any case
    assert glossary.missing((jobcenter, landratsamt), "Das Landratsamt und das Jobcenter", "The Jobcenter", "en") == [landratsamt]


def test_validate_prints_glossary_warnings_and_succeeds(project):
    with_glossary(project)
    offer = project / "municipalities/enzkreis/offers/jobcenter-test.yml"
    offer.write_text(offer.read_text(encoding="utf-8").replace(
        "  en: Help with finding **work**.",
        "  en: Help with finding **work**. Ask the district office.\n  ar: مساعدة في البحث عن عمل.").replace(
        "  de: |\n    Hilfe bei der **Arbeitssuche**.", "  de: |\n    Hilfe bei der **Arbeitssuche**. Fragen Sie das Landratsamt."),
        encoding="utf-8")
    result = wegweiser(project, "validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.decode().splitlines() == [
        # the English page is laid out differently from the German one: checked as a whole, at its first line
        "Warnung: content/pages/about.en.md:4: text: Glossar: „Landratsamt“ heißt auf Englisch „district office (Landratsamt)“",
        "Warnung: municipalities/enzkreis/offers/jobcenter-test.yml:3: name.en: Glossar: „Jobcenter“ heißt auf Englisch „Jobcenter“",
        "Warnung: municipalities/enzkreis/offers/jobcenter-test.yml:11: description.ar: Glossar: „Landratsamt“ heißt auf Arabisch „مكتب المقاطعة (Landratsamt)“",
    ]
    assert result.stderr.decode() == "Alle Daten sind in Ordnung; 3 Warnung(en) zum Glossar (content/glossary.yml).\n"
    problems, warnings = check(load_project(project), TODAY)
    assert problems == [] and [w.line for w in warnings] == [4, 3, 11]


def test_problems_come_first_and_warnings_wait_for_valid_data(project):
    with_glossary(project)
    offer = project / "municipalities/enzkreis/offers/jobcenter-test.yml"
    offer.write_text(offer.read_text(encoding="utf-8").replace("categories: [work]", "categories: [arbeit]"), encoding="utf-8")
    result = wegweiser(project, "validate")
    assert result.returncode == 1
    assert result.stdout.decode().splitlines() == [
        "municipalities/enzkreis/offers/jobcenter-test.yml:11: categories: unbekannte Kategorie \"arbeit\"",
    ]
    problems, warnings = check(load_project(project), TODAY)
    assert len(problems) == 1 and warnings == []


def test_pages_are_checked_paragraph_by_paragraph_and_catalogs_by_message(project, tmp_path):
    with_glossary(project)
    pages = project / "content" / "pages"
    (pages / "hilfe.de.md").write_text("---\ntitle: Hilfe\n---\nErster Absatz.\n\nDas Landratsamt hilft.\n", encoding="utf-8")
    (pages / "hilfe.en.md").write_text("---\ntitle: Help\n---\nFirst paragraph.\n\nThe district office helps.\n", encoding="utf-8")
    (pages / "hilfe.ar.md").write_text("---\ntitle: مساعدة\nreviewed: false\n---\nالفقرة الأولى.\n\nإدارة المنطقة تساعد.\n", encoding="utf-8")
    locales = tmp_path / "locales"
    for lang, text in (("de", "Fragen Sie das Jobcenter"), ("en", ""), ("ar", "اسأل مركز العمل")):
        (locales / lang / "LC_MESSAGES").mkdir(parents=True)
        (locales / lang / "LC_MESSAGES" / "messages.po").write_text(
            f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n# a note\nmsgid "Ask the Jobcenter"\nmsgstr "{text}"\n',
            encoding="utf-8")
    found = [str(w) for w in glossary.warnings(load_project(project), locales=locales)]
    po = (locales / "ar" / "LC_MESSAGES" / "messages.po").as_posix()
    assert found == [
        f"{po}:6: msgstr: Glossar: „Jobcenter“ heißt auf Arabisch „جوب سنتر (Jobcenter)“",
        "content/pages/about.en.md:4: text: Glossar: „Landratsamt“ heißt auf Englisch „district office (Landratsamt)“",
        "content/pages/hilfe.ar.md:7: text: Glossar: „Landratsamt“ heißt auf Arabisch „مكتب المقاطعة (Landratsamt)“",
        "municipalities/enzkreis/offers/jobcenter-test.yml:3: name.en: Glossar: „Jobcenter“ heißt auf Englisch „Jobcenter“",
    ]


def test_translations_report_lists_the_glossary_warnings(project):
    with_glossary(project)
    result = wegweiser(project, "translations", "report", "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode().splitlines()[-3:] == [
        "Glossar (content/glossary.yml): 2 Text(e) nennen einen Begriff anders",
        "  content/pages/about.en.md:4: text: Glossar: „Landratsamt“ heißt auf Englisch „district office (Landratsamt)“",
        "  municipalities/enzkreis/offers/jobcenter-test.yml:3: name.en: Glossar: „Jobcenter“ heißt auf Englisch „Jobcenter“",
    ]
    assert "Glossar" not in wegweiser(project, "translations", "report", "--lang", "ar").stdout.decode()


# -- the shipped glossary ------------------------------------------------------------------------

LANGUAGES = ("de", "en", "ar", "fa", "ps", "uk", "ru", "tr", "ku", "ti")


@pytest.fixture(scope="module")
def shipped():
    raw = load_project(REPO)
    return raw, build_directory(raw)


def test_shipped_glossary_names_every_key_term_in_every_language(shipped):
    _, d = shipped
    terms = {t.id: t for t in d.glossary}
    for required in ("integrationsmanagement", "integrationsmanager", "jobcenter", "agentur-fuer-arbeit", "landratsamt",
                     "auslaenderbehoerde", "anschlussunterbringung", "gemeinde", "integrationskurs", "angebot", "tafel"):
        assert set(terms[required].term.values) == set(LANGUAGES), required
    for needs_words in ("anschlussunterbringung", "jobcenter", "agentur-fuer-arbeit", "integrationsmanagement"):
        assert set(terms[needs_words].explanation.values) == set(LANGUAGES), needs_words


def test_jobcenter_and_employment_agency_are_clearly_different_everywhere(shipped):
    _, d = shipped
    terms = {t.id: t for t in d.glossary}
    words = lambda text: {w for w in re.findall(r"\w+", text.casefold()) if len(w) > 2}  # noqa: E731
    for lang in LANGUAGES:
        jobcenter, agentur = terms["jobcenter"].term.values[lang], terms["agentur-fuer-arbeit"].term.values[lang]
        assert not words(jobcenter) & words(agentur), lang
        assert not glossary.in_language(terms["jobcenter"], lang, agentur), lang
        assert not glossary.in_language(terms["agentur-fuer-arbeit"], lang, jobcenter), lang
    # not the home country's labour office, which is the Agentur's role
    assert terms["jobcenter"].term.values["uk"] == "Джобцентр" and terms["jobcenter"].term.values["ru"] == "Джобцентр"
    assert terms["jobcenter"].brackets and terms["agentur-fuer-arbeit"].brackets and terms["landratsamt"].brackets


# -- readers see it ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built_with_glossary(tmp_path_factory):
    from conftest import make_project
    from generator.build import build

    root = with_glossary(make_project(tmp_path_factory.mktemp("glossary") / "project"))
    build(root, languages=["de", "ar"], today=TODAY)
    return root / "site"


@pytest.mark.slow
def test_important_words_page_in_the_readers_language(built_with_glossary):
    from conftest import soup

    page = soup(built_with_glossary / "ar" / "info" / "woerter" / "index.html")
    assert (page.html["lang"], page.body["dir"]) == ("ar", "rtl")
    assert page.h1.get_text() == "كلمات مهمة"
    box = page.select_one(".ww-glossary")
    assert [dt.get_text() for dt in box.select("dt")] == ["جوب سنتر", "مكتب المقاطعة"]
    german = [dd.select_one("span") for dd in box.select("dd.ww-glossary-german")]
    assert [(s.get_text(), s["lang"], s["dir"]) for s in german] == [("Jobcenter", "de", "ltr"), ("Landratsamt", "de", "ltr")]
    assert [dd.get_text(" ", strip=True) for dd in box.select("dd.ww-glossary-german")] == [
        "الكلمة الألمانية: Jobcenter", "الكلمة الألمانية: Landratsamt"]
    # the explanation is not in Arabic yet: German, isolated, and said so
    explanation = box.select("dd:not(.ww-glossary-german)")
    assert len(explanation) == 1
    span = explanation[0].select_one('span[lang="de"]')
    assert (span.get_text(), span["dir"]) == ("Zahlt Bürgergeld nach der Anerkennung.", "ltr")
    assert explanation[0].select_one(".ww-untranslated") is not None

    de = soup(built_with_glossary / "de" / "info" / "woerter" / "index.html")
    assert de.h1.get_text() == "Wichtige Wörter"
    assert [dt.get_text() for dt in de.select(".ww-glossary dt")] == ["Jobcenter", "Landratsamt"]
    assert de.select(".ww-glossary-german") == []  # the German page needs no German word beside it
    assert [dd.get_text() for dd in de.select(".ww-glossary dd")] == ["Zahlt Bürgergeld nach der Anerkennung."]


@pytest.mark.slow
def test_help_page_links_to_important_words(built_with_glossary):
    from conftest import soup

    for lang, label in (("ar", "كلمات مهمة"), ("de", "Wichtige Wörter")):
        help_page = built_with_glossary / lang / "info" / "help" / "index.html"
        link = soup(help_page).select_one(".ww-glossary-link a")
        assert link.get_text() == label
        assert (help_page.parent / link["href"]).resolve() == (built_with_glossary / lang / "info" / "woerter").resolve()


# -- the shipped texts follow the glossary and the review's corrections -----------------------------


def test_shipped_texts_follow_the_glossary(shipped):
    raw, _ = shipped
    assert [str(w) for w in glossary.warnings(raw)] == []


def test_shipped_texts_have_the_reviewed_corrections():
    locales = REPO / "generator" / "locales"

    def msgstr(lang, msgid):
        with (locales / lang / "LC_MESSAGES" / "messages.po").open("rb") as fh:
            return read_po(fh, locale=lang)[msgid].string

    # Turkish: no case suffix that depends on the time (09:00'da, 13:30'da, 10:00'de …)
    for msgid in ("Closed · opens %(day)s at %(time)s", "Closed · opens on %(date)s at %(time)s",
                  "Closed · opens today at %(time)s", "Open now · closes at %(time)s"):
        assert not re.search(r"%\(time\)s'", msgstr("tr", msgid)), msgid
        assert not re.search(r"\bо %\(time\)s", msgstr("uk", msgid)), msgid  # о/об depends on the hour
    assert msgstr("tr", "Open now · closes at %(time)s") == "Şu an açık · kapanış: saat %(time)s"
    assert msgstr("de", "Where") == "Für welche Orte"  # the field lists places, not people
    assert msgstr("ar", "Call") == "اتصل"  # the button: a verb
    for lang in ("en", "ar", "fa", "ps", "uk", "ru", "tr", "ku", "ti"):
        about = (REPO / "content" / "pages" / f"about.{lang}.md").read_text(encoding="utf-8")
        assert "Noch einzutragen" not in about and "Projektarchiv" not in about, lang
    kurmanji = "\n".join(p.read_text(encoding="utf-8") for p in (REPO / "municipalities").glob("*/offers/*.yml"))
    assert " bigerin" not in kurmanji  # "li 112 bigerin" can read "search for 112"
    assert "telefonî **112** bikin" in kurmanji
