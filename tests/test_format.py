"""`wegweiser format`: the house format of data files (header, key order, indentation, comments)."""

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator import format as fmt
from generator.cli import main

REPO = Path(__file__).resolve().parent.parent
LANGS = ("de", "en", "ar", "fa", "ps", "uk", "ru", "tr", "ku", "ti")
OFFER = "municipalities/musterdorf/offers/sprachcafe-musterdorf.yml"
HEADER = "# yaml-language-server: $schema=../../../schema/offer.schema.json\n"


def run(root, *args):
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", "--root", str(root), *args],
        capture_output=True, text=True, check=False,
    )


def formatted(text, kind="offer", rel=OFFER, languages=LANGS):
    out, problems = fmt.format_text(text, fmt.rules(kind, languages, rel.count("/")), rel)
    assert problems == []
    return out


def test_shipped_data_is_in_house_format():
    result = run(REPO, "format", "--check")
    assert result.stdout == ""
    assert result.returncode == 0
    assert result.stderr == f"Alle {len(fmt.data_files(REPO))} Datei(en) sind im Hausformat.\n"


def test_format_is_idempotent_and_keeps_the_data_of_every_shipped_file():
    files = fmt.data_files(REPO)
    assert len(files) > 100  # categories, 28 municipalities, the district, the offers
    for rel in files:
        text = (REPO / rel).read_text(encoding="utf-8")
        once = formatted(text, fmt.kind_of(rel), rel)
        assert formatted(once, fmt.kind_of(rel), rel) == once, rel
        assert yaml.safe_load(once) == yaml.safe_load(text), rel


def test_keys_in_schema_order_languages_in_site_order_and_header_inserted():
    text = (
        "verified: 2026-02-01\n"
        "source:\n"
        "  - url: https://www.example.org/\n"
        "    title: Testdaten\n"
        "categories: [language]\n"
        "name:\n"
        "  en: Language café\n"
        "  ar: مقهى اللغة\n"
        "  de: Sprachcafé\n"
        "zusatz: unbekannt\n"
        "address: {city: Musterdorf, street: Hauptstraße 1, postal_code: \"75000\"}\n"
    )
    assert formatted(text) == HEADER + (
        "name:\n"
        "  de: Sprachcafé\n"
        "  en: Language café\n"
        "  ar: مقهى اللغة\n"
        "categories: [language]\n"
        'address: {city: Musterdorf, street: Hauptstraße 1, postal_code: "75000"}\n'
        "source:\n"
        "  - title: Testdaten\n"
        "    url: https://www.example.org/\n"
        "verified: 2026-02-01\n"
        "zusatz: unbekannt\n"
    )


def test_block_address_in_its_table_order():
    text = "address:\n  city: Musterdorf\n  postal_code: \"75000\"\n  street: Hauptstraße 1\n"
    assert formatted(text) == HEADER + "address:\n  street: Hauptstraße 1\n  postal_code: \"75000\"\n  city: Musterdorf\n"


def test_header_with_the_wrong_depth_is_replaced():
    text = "# yaml-language-server: $schema=../schema/offer.schema.json\n# Notiz\nname: {de: X}\n"
    assert formatted(text) == HEADER + "# Notiz\nname: {de: X}\n"
    municipality = formatted("name: Musterdorf\n", "municipality", "municipalities/musterdorf/municipality.yml")
    assert municipality == "# yaml-language-server: $schema=../../schema/municipality.schema.json\nname: Musterdorf\n"


def test_list_indentation_is_normalised():
    text = (
        HEADER
        + "phone:\n- \"07231 1\"\n-   \"07231 2\"\n"
        + "source:\n    -   title: A\n        fields:\n        - phone\n- title: B\n"
    )
    text = text.replace("- title: B\n", "    -   title: B\n")
    assert formatted(text) == HEADER + (
        'phone:\n  - "07231 1"\n  - "07231 2"\n'
        "source:\n  - title: A\n    fields:\n      - phone\n  - title: B\n"
    )


def test_comments_stay_with_the_key_or_item_they_precede():
    text = (
        HEADER
        + "# über die Datei\n"
        + "\n"
        + "# zur Prüfung\n"
        + "verified: 2026-02-01\n"
        + "source:\n"
        + "  - title: A\n"
        + "  # zur zweiten Quelle\n"
        + "  - title: B\n"
        + "    # Datum geschätzt\n"
        + "    date: 2026-01-01\n"
        + "# zum Namen\n"
        + "name:\n"
        + "  # zur arabischen Übersetzung\n"
        + "  ar: اسم\n"
        + "  de: Name   \n"
        + "categories: [language]  # am Zeilenende\n"
        + "# am Ende\n"
    )
    assert formatted(text) == HEADER + (
        "# über die Datei\n"
        "\n"
        "# zur Prüfung\n"  # before the first key: the file's own comments stay at the top
        "# zum Namen\n"
        "name:\n"
        "  de: Name\n"
        "  # zur arabischen Übersetzung\n"
        "  ar: اسم\n"
        "categories: [language]  # am Zeilenende\n"
        "source:\n"
        "  - title: A\n"
        "  # zur zweiten Quelle\n"
        "  - title: B\n"
        "    # Datum geschätzt\n"
        "    date: 2026-01-01\n"
        "verified: 2026-02-01\n"
        "# am Ende\n"
    )


def test_flow_lists_quoting_and_block_scalars_stay():
    text = (
        HEADER
        + "name: {de: 'Café', en: \"Cafe\"}\n"
        + "description:\n"
        + "  de: |\n"
        + "        Erster Absatz.\n"
        + "\n"
        + "        - ein Punkt\n"
        + "categories: [language,work]\n"
        + "opening_hours: 'We 16:00-18:00; 2026 Dec 21-2027 Jan 08 off \"Winterpause\"'\n"
        + "unreviewed:\n  - ar\n"
    )
    assert formatted(text) == HEADER + (
        "name: {de: 'Café', en: \"Cafe\"}\n"
        "description:\n"
        "  de: |\n"
        "    Erster Absatz.\n"
        "\n"
        "    - ein Punkt\n"
        "categories: [language, work]\n"
        "opening_hours: 'We 16:00-18:00; 2026 Dec 21-2027 Jan 08 off \"Winterpause\"'\n"
        "unreviewed:\n  - ar\n"
    )


def test_categories_file_keeps_its_list_at_column_zero():
    text = "- icon: translate\n  id: language\n  name:\n    en: Learning German\n    de: Deutsch lernen\n\n  color: \"#1565c0\"\n"
    assert formatted(text, "categories", "content/categories.yml", ("de", "en")) == (
        "# yaml-language-server: $schema=../schema/categories.schema.json\n"
        "- id: language\n"
        "  icon: translate\n"
        '  color: "#1565c0"\n'
        "  name:\n    de: Deutsch lernen\n    en: Learning German\n"
    )


def test_redirects_get_no_header():
    text = "- new: b\n  old: a\n"
    assert formatted(text, "redirects", "content/redirects.yml") == "- old: a\n  new: b\n"


def test_check_names_each_file_and_writes_nothing(project):
    offer = project / OFFER
    before = offer.read_text(encoding="utf-8")
    result = run(project, "format", "--check", OFFER)
    assert result.returncode == 1
    assert result.stdout == (
        f"{OFFER}:1: format: nicht im Hausformat; `wegweiser format {OFFER}` bringt die Datei in Form\n"
    )
    assert result.stderr == "1 von 1 Datei(en) nicht im Hausformat.\n"
    assert offer.read_text(encoding="utf-8") == before


def test_format_writes_then_check_passes(project, capsys):
    assert main(["--root", str(project), "format"]) == 0
    out = capsys.readouterr()
    total = len(fmt.data_files(project))
    changed = out.out.splitlines()
    assert OFFER in changed
    assert out.err == f"{len(changed)} von {total} Datei(en) formatiert.\n"
    text = (project / OFFER).read_text(encoding="utf-8")
    assert text.startswith(HEADER)
    assert text.index("opening_hours:") < text.index("source:")  # the schema's order
    assert "# a winter break" in text
    assert main(["--root", str(project), "format", "--check"]) == 0
    assert capsys.readouterr().err == f"Alle {total} Datei(en) sind im Hausformat.\n"
    assert main(["--root", str(project), "validate"]) == 0


def test_unreadable_files_are_problems_and_nothing_is_written(project):
    broken = project / "municipalities/musterdorf/offers/kaputt.yml"
    broken.write_text("name: {de: [\n", encoding="utf-8")
    offer = project / OFFER
    before = offer.read_text(encoding="utf-8")
    result = run(project, "format", OFFER, "municipalities/musterdorf/offers/kaputt.yml", "README.md", "municipalities/musterdorf/offers/fehlt.yml")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "README.md:1: datei: keine Datendatei des Wegweisers (Angebot, municipality.yml, district.yml, "
        "content/categories.yml oder content/redirects.yml)",
        "municipalities/musterdorf/offers/fehlt.yml:1: datei: Datei fehlt",
        "municipalities/musterdorf/offers/kaputt.yml:2: yaml: YAML-Syntaxfehler: did not find expected node content",
    ]
    assert result.stderr == "3 Problem(e) gefunden; die Seite wurde nicht verändert.\n"
    assert offer.read_text(encoding="utf-8") == before


def test_duplicate_keys_are_reported_not_merged(project):
    offer = project / OFFER
    offer.write_text(offer.read_text(encoding="utf-8") + "verified: 2026-03-01\n", encoding="utf-8")
    result = run(project, "format", OFFER)
    assert result.returncode == 1
    assert result.stdout == f"{OFFER}:12: verified: Schlüssel steht doppelt in der Datei\n"


@pytest.mark.parametrize("value", [
    "07231 308-0", "75217", "08236004", "yes", "no", "on", "null", "~", "true", "1.5", "+49 7231", ".inf",
    "1:20", "2026-02-01T10:00", "- Punkt", "a: b", "Ende #1", "#1", "'zitiert'", '"zitiert"', "@x",
    " leer", "Zeile\tTab", "x\x85y", "a, b", "[a]", "Ärzte", "مرحبا", "Mo-Fr 08:00-12:00", "Zeile 1\nZeile 2\n",
])
def test_dumped_strings_read_back_unchanged(value):
    rules = fmt.rules("offer", LANGS)
    for data in ({"provider": value}, {"languages": [value, "de"]}):
        text = fmt.dump(data, rules)
        assert yaml.safe_load(text) == data, text
        assert formatted(text) == text


def test_dates_are_written_plain():
    rules = fmt.rules("offer", LANGS)
    assert fmt.dump({"verified": "2026-02-01"}, rules) == HEADER + "verified: 2026-02-01\n"
    assert fmt.dump({"verified": dt.date(2026, 2, 1)}, rules) == HEADER + "verified: 2026-02-01\n"


def test_phone_numbers_and_postal_codes_are_double_quoted():
    text = fmt.dump({"phone": ["07231 308-0"], "address": {"street": "A 1", "postal_code": "75217", "city": "B"}}, fmt.rules("offer", LANGS))
    assert 'phone: ["07231 308-0"]\n' in text
    assert '  postal_code: "75217"\n' in text


def test_imported_translations_keep_a_file_in_house_format(project):
    from generator.loader import load_project
    from generator.model import build_directory
    from generator.translations import export_po

    from conftest import TODAY

    assert run(project, "format").returncode == 0
    offer = "municipalities/enzkreis/offers/jobcenter-test.yml"
    po = export_po(build_directory(load_project(project), TODAY), "ar").decode().replace(
        f'msgctxt "{offer}#name"\nmsgid "Jobcenter Testkreis"\nmsgstr ""',
        f'msgctxt "{offer}#name"\nmsgid "Jobcenter Testkreis"\nmsgstr "مركز العمل"',
    )
    result = subprocess.run([sys.executable, "-m", "generator.cli", "--root", str(project), "translations", "import", "--lang", "ar", "--unreviewed"],
                            input=po, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    text = (project / offer).read_text(encoding="utf-8")
    assert "  en: Job centre (test)\n  ar: مركز العمل\n" in text
    assert text.index("unreviewed:") < text.index("source:")  # where the schema puts it, not at the end
    check = run(project, "format", "--check")
    assert (check.returncode, check.stdout) == (0, "")


def test_pull_requests_check_the_house_format_with_annotations():
    """The PR workflow runs the check with the problem matcher on: its lines become annotations."""
    import re

    workflow = yaml.safe_load((REPO / ".github/workflows/pr.yml").read_text(encoding="utf-8"))
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    runs = [step.get("run", "") for step in steps]
    matcher = next(i for i, run_ in enumerate(runs) if "wegweiser-problem-matcher.json" in run_)
    check = next(i for i, run_ in enumerate(runs) if "wegweiser format --check" in run_)
    assert matcher < check
    pattern = __import__("json").loads((REPO / ".github/wegweiser-problem-matcher.json").read_text())["problemMatcher"][0]["pattern"][0]["regexp"]
    line = f"{OFFER}:3: format: " + fmt.NOT_HOUSE_FORMAT.format(file=OFFER)
    match = re.match(pattern, line)
    assert match and match.group(1) == OFFER and match.group(2) == "3"


def test_comments_deeper_than_the_next_key_stay_with_the_entry_above():
    text = (
        HEADER
        + "verified: 2026-02-01\n"
        + "source:\n"
        + "  - title: A\n"
        + "    # url: https://…\n"
        + "    # date: JJJJ-MM-TT\n"
        + "# zum Namen\n"
        + "name:\n"
        + "  de: Name\n"
        + "  # en: \"\"\n"
        + "categories: [language]\n"
    )
    assert formatted(text) == HEADER + (
        "# zum Namen\n"
        "name:\n"
        "  de: Name\n"
        '  # en: ""\n'
        "categories: [language]\n"
        "source:\n"
        "  - title: A\n"
        "    # url: https://…\n"
        "    # date: JJJJ-MM-TT\n"
        "verified: 2026-02-01\n"
    )


def test_a_new_offer_template_is_in_house_format(project):
    assert run(project, "new", "offer", "musterdorf", "neues-angebot").returncode == 0
    rel = "municipalities/musterdorf/offers/neues-angebot.yml"
    check = run(project, "format", "--check", rel)
    assert (check.returncode, check.stdout, check.stderr) == (0, "", "Alle 1 Datei(en) sind im Hausformat.\n")
