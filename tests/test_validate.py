"""Every kind of bad input gets one exact message naming file, line and field."""

from __future__ import annotations

import pytest

from conftest import TODAY
from generator.loader import load_project
from generator.validate import validate

OFFER = "municipalities/musterdorf/offers/test-angebot.yml"
GOOD = """\
name:
  de: Testangebot
categories: [language]
source:
  - title: Test
verified: 2026-01-01
"""


def problems_for(project, text, path=OFFER):
    (project / path).write_text(text, encoding="utf-8")
    return [str(p) for p in validate(load_project(project), today=TODAY)]


def test_fixture_is_valid(project):
    assert validate(load_project(project), today=TODAY) == []


def test_good_offer_is_valid(project):
    assert problems_for(project, GOOD) == []


@pytest.mark.parametrize(
    "extra, expected",
    [
        ("phone: ['07231 abc']\n", "7: phone: \"07231 abc\" ist keine gültige Telefonnummer (Beispiel: \"07231 308-0\")"),
        ("phone: '07231 308-0'\n", "7: phone: muss eine Liste sein, z. B. [\"07231 308-0\"]"),
        ("phone: [7231308]\n", "7: phone: Telefonnummer in Anführungszeichen schreiben, z. B. \"7231308\" (sonst fällt die führende 0 weg)"),
        ("phone: ['7231 308']\n", "7: phone: \"7231 308\": die Vorwahl fehlt (Beispiel: \"07231 308-0\")"),
        ("phone: ['07231\u202e308']\n", "7: phone: enthält ein Steuerzeichen für die Schreibrichtung (U+202E); bitte entfernen"),
        ("email: info@@example\n", "7: email: \"info@@example\" ist keine gültige E-Mail-Adresse"),
        ("website: javascript:alert(1)\n", "7: website: \"javascript:alert(1)\" ist keine erlaubte Adresse (erlaubt sind nur https:, http:)"),
        ("website: https://exa mple.org\n", "7: website: \"https://exa mple.org\" ist keine gültige Adresse (Leer- oder Steuerzeichen)"),
        ("website: https://localhost\n", "7: website: \"https://localhost\" ist keine gültige Webadresse (Beispiel: https://www.enzkreis.de)"),
        ("coordinates: {lat: 8.7, lon: 48.9}\n", "7: coordinates: 8.7, 48.9 liegt weit außerhalb des Kreises (lat und lon vertauscht?)"),
        ("coordinates: {lat: '48.9', lon: 8.7}\n", "7: coordinates.lat: muss eine Zahl sein, ist aber ein Text"),
        ("opening_hours: Mo-Fr 9-12\n", "7: opening_hours: \"Mo-Fr 9-12\" ist keine gültige Öffnungszeit im OpenStreetMap-Format (Beispiel: \"Mo-Fr 08:00-12:00; Th 14:00-18:00\"; Parser: expected EOI, any_rule_separator, rules_modifier, timespan, or holiday)"),
        ("languages: [de, xx]\n", "7: languages: unbekannter Sprachcode \"xx\" (ISO 639, z. B. de, en, ar, fa, uk)"),
        ("cost: gratis\n", "7: cost: \"gratis\" ist nicht erlaubt (erlaubt: free, fee, reduced, varies)"),
        ("serves: [musterdorff]\n", "7: serves: unbekannte Gemeinde \"musterdorff\"; meinten Sie \"musterdorf\"?"),
        ("serves: alle\n", "7: serves: muss \"enzkreis\" oder eine Liste von Gemeinden sein"),
        ("unconfirmed: [adress]\n", "7: unconfirmed: unbekanntes Feld \"adress\"; meinten Sie \"address\"?"),
        ("phon: ['0721 1']\n", "7: phon: unbekannter Schlüssel; meinten Sie \"phone\"?"),
        ("fax: ['0721 1']\n", "7: fax: unbekannter Schlüssel"),
        ("address: {street: Weg 1, postal_code: '75177'}\n", "7: address.city: Pflichtfeld fehlt"),
        ("provider: <b>Amt</b>\n", "7: provider: enthält HTML; erlaubt ist nur Text mit einfachem Markdown"),
        ("audience: Alle\n", "7: audience: muss je Sprache angegeben werden, z. B. \"audience: {de: ...}\""),
        ("audience: {en: All}\n", "7: audience: der deutsche Text (de) fehlt"),
        ("audience: {de: Alle, xx: All}\n", "7: audience.xx: unbekannter Sprachcode \"xx\" (Sprachen der Seite: de, en, ar)"),
    ],
)
def test_bad_field(project, extra, expected):
    problems = problems_for(project, GOOD + extra)
    assert problems == [f"{OFFER}:{expected}"]


def test_postal_code_as_number(project):
    text = GOOD + "address:\n  street: Weg 1\n  postal_code: 75177\n  city: Pforzheim\n"
    assert problems_for(project, text) == [f"{OFFER}:9: address.postal_code: Postleitzahl in Anführungszeichen schreiben: \"75177\""]


@pytest.mark.parametrize(
    "description, expected",
    [
        ("<script>alert(1)</script>", "enthält HTML; erlaubt ist nur Text mit einfachem Markdown"),
        ("<img src=x onerror=alert(1)>", "enthält HTML; erlaubt ist nur Text mit einfachem Markdown"),
        ("&lt;script&gt;", "enthält HTML; erlaubt ist nur Text mit einfachem Markdown"),
        ("[klick](javascript:alert(1))", "Link \"javascript:alert(1\" ist keine erlaubte Adresse (erlaubt sind nur https:, http:, mailto:, tel:)"),
        ("[klick](JaVaScRiPt:alert)", "Link \"JaVaScRiPt:alert\" ist keine erlaubte Adresse (erlaubt sind nur https:, http:, mailto:, tel:)"),
        ("[x](data:text/html;base64,PHNjcmlwdD4=)", "Link \"data:text/html;base64,PHNjcmlwdD4=\" ist keine erlaubte Adresse (erlaubt sind nur https:, http:, mailto:, tel:)"),
        ("![bild](https://example.org/x.png)", "enthält ein Bild (![…](…)); Bilder sind nicht erlaubt"),
        ("Name\u202eevil", "enthält ein Steuerzeichen für die Schreibrichtung (U+202E); bitte entfernen"),
        ("un\u200bsichtbar", "enthält ein unsichtbares Zeichen (U+200B); bitte entfernen"),
    ],
)
def test_unsafe_text(project, description, expected):
    text = GOOD + f"description:\n  de: {description!r}\n".replace("'", '"') if False else GOOD + "description:\n  de: |\n    " + description + "\n"
    assert problems_for(project, text) == [f"{OFFER}:8: description.de: {expected}"]


def test_zero_width_non_joiner_allowed_in_persian_prose(project):
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("languages: [de, en, ar]", "languages: [de, en, ar, fa]"))
    cats = project / "content" / "categories.yml"
    cats.write_text(cats.read_text().replace("ar: تعلم الألمانية}", "ar: تعلم الألمانية, fa: آموزش زبان}"))
    text = GOOD + "audience:\n  de: Alle\n  fa: می\u200cخواهم\n"
    problems = problems_for(project, text)
    assert [p for p in problems if OFFER in p] == []


def test_missing_required_and_wrong_types(project):
    text = "name: Nur Text\ncategories: language\nverified: gestern\n"
    assert problems_for(project, text) == [
        f"{OFFER}:1: name: muss je Sprache angegeben werden, z. B. \"name: {{de: ...}}\"",
        f"{OFFER}:1: source: Pflichtfeld fehlt",
        f"{OFFER}:2: categories: muss eine Liste mit mindestens einer Kategorie sein, z. B. [work]",
        f"{OFFER}:3: verified: \"gestern\" ist kein Datum (Form JJJJ-MM-TT, z. B. 2025-03-01)",
    ]


def test_unknown_category_and_future_date(project):
    text = GOOD.replace("[language]", "[language, sprache]").replace("2026-01-01", "2027-01-01")
    assert problems_for(project, text) == [
        f"{OFFER}:3: categories: unbekannte Kategorie \"sprache\"",
        f"{OFFER}:6: verified: 2027-01-01 liegt in der Zukunft",
    ]


def test_duplicate_id_across_folders(project):
    path = "municipalities/beispielstadt/offers/sprachcafe-musterdorf.yml"
    (project / path).parent.mkdir(parents=True, exist_ok=True)
    problems = problems_for(project, GOOD, path)
    later = "municipalities/musterdorf/offers/sprachcafe-musterdorf.yml"
    assert problems == [f"{later}:1: id: Kennung \"sprachcafe-musterdorf\" gibt es schon: {path}"]


def test_bad_file_name(project):
    path = "municipalities/musterdorf/offers/Mein Angebot.yml"
    assert problems_for(project, GOOD, path) == [f"{path}:1: datei: Dateiname \"Mein Angebot.yml\" ist keine gültige Kennung (nur a-z, 0-9 und -)"]


def test_all_problems_at_once_across_files(project):
    (project / "municipalities/beispielstadt/municipality.yml").write_text("name: [\n")
    problems = problems_for(project, GOOD + "email: x\nwebsite: ftp://x.org\n")
    assert problems == [
        "municipalities/beispielstadt/municipality.yml:2: yaml: YAML-Syntaxfehler: did not find expected node content",
        f"{OFFER}:7: email: \"x\" ist keine gültige E-Mail-Adresse",
        f"{OFFER}:8: website: \"ftp://x.org\" ist keine erlaubte Adresse (erlaubt sind nur https:, http:)",
    ]


def test_municipality_checks(project):
    path = "municipalities/beispielstadt/municipality.yml"
    text = "name: Beispielstadt\ntype: Dorf\nags: 8236998\npostal_codes: ['7599']\ncoordinates: {lat: 48.9, lon: 8.8}\ntown_hall: rathaus-fehlt\nsource: []\n"
    assert problems_for(project, text, path) == [
        f"{path}:2: type: \"Dorf\" ist nicht erlaubt (erlaubt: Gemeinde, Stadt, Große Kreisstadt)",
        f"{path}:3: ags: \"8236998\" ist kein Gemeindeschlüssel (acht Ziffern in Anführungszeichen)",
        f"{path}:4: postal_codes: \"7599\" ist keine Postleitzahl (fünf Ziffern)",
        f"{path}:6: town_hall: kein Angebot \"rathaus-fehlt\" im Ordner municipalities/beispielstadt/offers/",
        f"{path}:7: source: muss eine Liste mit mindestens einer Quelle sein (title, url, date)",
    ]


def test_category_file_checks(project):
    path = "content/categories.yml"
    text = "- id: language\n  icon: translate\n  color: '#ffff00'\n  name: {de: Deutsch, en: German}\n- id: language\n  icon: x\n  color: blue\n  name: {de: A, en: A, ar: A}\n"
    problems = problems_for(project, text, path)
    assert problems[:4] == [
        f"{path}:3: color: \"#ffff00\" ist zu hell: Kontrast zu Weiß 1.1:1, nötig 4.5:1",
        f"{path}:4: name: der Text in \"ar\" fehlt",
        f"{path}:5: id: Kategorie \"language\" ist doppelt",
        f"{path}:7: color: \"blue\" ist keine Farbe der Form \"#1565c0\"",
    ]
    # offers that use the categories this file no longer has are reported too
    assert any("unbekannte Kategorie \"work\"" in p for p in problems)


def test_page_with_html_and_missing_german_version(project):
    (project / "content/pages/impressum.en.md").write_text("---\ntitle: Imprint\n---\nHello <b>x</b>\n")
    problems = [str(p) for p in validate(load_project(project), today=TODAY)]
    assert problems == [
        "content/pages/impressum.en.md:1: datei: die deutsche Fassung content/pages/impressum.de.md fehlt",
        "content/pages/impressum.en.md:4: text: enthält HTML; erlaubt ist nur Text mit einfachem Markdown",
    ]


def test_not_a_mapping(project):
    assert problems_for(project, "- a\n- b\n") == [f"{OFFER}:1: datei: muss ein Angebot mit Schlüsseln wie name, description, categories enthalten"]


def test_page_in_an_unknown_language(project):
    (project / "content/pages/about.xx.md").write_text("---\ntitle: X\n---\nText\n")
    (project / "content/pages/about.fr.md").write_text("---\ntitle: À propos\n---\nTexte\n")  # kept for later
    assert [str(p) for p in validate(load_project(project), today=TODAY)] == [
        'content/pages/about.xx.md:1: datei: unbekannter Sprachcode "xx" im Dateinamen'
    ]
