"""The Markdown report for pull requests (wegweiser report): exact lines on the fixture project."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from conftest import TODAY
from generator.loader import load_project
from generator.model import build_directory
from generator.report import md, months_between, report
from generator.translations import status

STALE_HEADER = [
    "## Nicht geprüft seit mehr als 12 Monaten (2)",
    "",
    "| Datei | Name | Geprüft am | Alter |",
    "| --- | --- | --- | ---: |",
    "| `municipalities/musterdorf/offers/rathaus-musterdorf.yml` | Rathaus Musterdorf | 2018-06-22 | 101 Monate |",
    "| `municipalities/enzkreis/offers/jobcenter-test.yml` | Jobcenter Testkreis | 2024-05-01 | 30 Monate |",
]


def directory_of(project):
    return build_directory(load_project(project), TODAY)


def section(text: str, heading: str) -> list[str]:
    """The lines of the section whose heading starts with ``heading``, up to the next heading of its level."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(heading))
    level = heading.split(" ")[0] + " "
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith(level)), len(lines))
    return lines[start:end]


def cells(row: str) -> list[str]:
    """A table row split at the unescaped pipes."""
    return [c.strip() for c in re.split(r"(?<!\\)\|", row)[1:-1]]


def test_summary_is_the_first_line(project):
    ar = status(directory_of(project), "ar")
    en = status(directory_of(project), "en")
    first = report(directory_of(project), TODAY).splitlines()[0]
    missing = (len(en.ui_missing) + len(en.gaps), len(ar.ui_missing) + len(ar.gaps))
    assert first == (
        "**Datenbericht, Stand 2026-11-28:** 2 Gemeinden, 5 Angebote. "
        "Nicht geprüft seit mehr als 12 Monaten: 2 · nicht bestätigte Angaben: 1 · "
        f"fehlende Übersetzungen: {sum(missing)} (en {missing[0]}, ar {missing[1]}) · "
        "Lücken in den fünf Feldern des Kreises: 2"
    )


def test_old_offers_oldest_first_with_age_in_months(project):
    text = report(directory_of(project), TODAY)
    assert section(text, "## Nicht geprüft")[:-1] == STALE_HEADER
    assert "sprachcafe-musterdorf" not in "\n".join(section(text, "## Nicht geprüft"))


def test_a_year_is_365_days(project):
    d = directory_of(project)
    on_the_day = section(report(d, dt.date(2025, 5, 1)), "## Nicht geprüft")
    day_after = section(report(d, dt.date(2025, 5, 2)), "## Nicht geprüft")
    assert on_the_day[0] == "## Nicht geprüft seit mehr als 12 Monaten (1)"
    assert "jobcenter-test" not in "\n".join(on_the_day)
    assert day_after[0] == "## Nicht geprüft seit mehr als 12 Monaten (2)"
    assert "| `municipalities/enzkreis/offers/jobcenter-test.yml` | Jobcenter Testkreis | 2024-05-01 | 12 Monate |" in day_after


def test_nothing_old_says_so(project):
    d = directory_of(project)
    assert section(report(d, dt.date(2019, 1, 1)), "## Nicht geprüft") == [
        "## Nicht geprüft seit mehr als 12 Monaten (0)",
        "",
        "Alle Angebote wurden in den letzten 12 Monaten geprüft.",
        "",
    ]


def test_months_between():
    assert months_between(dt.date(2024, 5, 1), dt.date(2026, 11, 28)) == 30
    assert months_between(dt.date(2018, 6, 22), dt.date(2026, 11, 28)) == 101
    assert months_between(dt.date(2025, 1, 31), dt.date(2025, 2, 28)) == 0
    assert months_between(dt.date(2025, 1, 28), dt.date(2025, 2, 28)) == 1


def test_unconfirmed_offers_with_their_fields(project):
    assert section(report(directory_of(project), TODAY), "## Nicht bestätigte Angaben") == [
        "## Nicht bestätigte Angaben (1)",
        "",
        "| Datei | Name | Nicht bestätigt |",
        "| --- | --- | --- |",
        "| `municipalities/musterdorf/offers/rathaus-musterdorf.yml` | Rathaus Musterdorf | `opening_hours` |",
        "",
    ]


def test_translations_table_per_language_and_missing_texts(project):
    d = directory_of(project)
    lines = section(report(d, TODAY), "## Fehlende Übersetzungen")
    ar, en = status(d, "ar"), status(d, "en")
    assert ar.ui_missing == [] and (ar.content_done, ar.content_total) == (8, 19)
    ui = f"{ar.ui_total}/{ar.ui_total} | 100 %"
    assert lines[2:6] == [
        "| Sprache | Oberfläche | Anteil | Inhalte | Anteil |",
        "| --- | ---: | ---: | ---: | ---: |",
        f"| `en` | {en.ui_done}/{en.ui_total} | {100 * en.ui_done // en.ui_total} % | "
        f"{en.content_done}/19 | {100 * en.content_done // 19} % |",
        f"| `ar` | {ui} | 8/19 | 42 % |",
    ]
    assert not any(line.startswith("| `de`") for line in lines)  # the source language
    start = lines.index("<summary><code>ar</code>: 11 fehlende Texte</summary>")
    assert lines[start - 1] == "<details>" and lines[start + 1] == ""
    assert lines[start + 2:start + 14] == [
        "- `municipalities/enzkreis/offers/im-testtraeger.yml`: `name`",
        "- `municipalities/enzkreis/offers/jobcenter-test.yml`: `name`",
        "- `municipalities/enzkreis/offers/jobcenter-test.yml`: `description`",
        "- `municipalities/enzkreis/offers/jobcenter-test.yml`: `audience`",
        "- `municipalities/musterdorf/offers/rathaus-musterdorf.yml`: `name`",
        "- `municipalities/musterdorf/offers/sprachcafe-musterdorf.yml`: `name`",
        "- `municipalities/musterdorf/offers/sprachcafe-musterdorf.yml`: `description`",
        "- `content/categories.yml`: `language.description`",
        "- `content/pages/about.ar.md`: ganze Datei",
        "- `content/pages/help.ar.md`: `text`",
        "- `content/snippets/integration-management.ar.md`: ganze Datei",
        "",
    ]
    assert lines[start + 14] == "</details>"


def test_coverage_counts_own_and_district_wide_offers(project):
    lines = section(report(directory_of(project), TODAY), "## Abdeckung")
    assert lines[0] == "## Abdeckung (2 leere Zellen)"
    table = lines[lines.index("| Gemeinde | Deutsch lernen | Arbeit | Kinder und Familie | Beratung | Notfall |"):]
    assert table[:5] == [
        "| Gemeinde | Deutsch lernen | Arbeit | Kinder und Familie | Beratung | Notfall |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
        "| Beispielstadt | 1 | 1 | **0** | 1 | 1 |",
        "| Musterdorf | 1 | 2 | **0** | 1 | 1 |",
        "",
    ]


def test_gaps_in_the_five_fields(project):
    assert section(report(directory_of(project), TODAY), "### Lücken") == [
        "### Lücken in den fünf Feldern des Kreises (2)",
        "",
        "Nicht in `content/categories.yml` und daher nicht geprüft: `education`, `health`.",
        "",
        "- Beispielstadt: Kinder und Familie",
        "- Musterdorf: Kinder und Familie",
    ]


def test_a_district_wide_offer_closes_the_gap(project):
    (project / "municipalities/enzkreis/offers/kita-beratung.yml").write_text(
        "name: {de: Kita-Beratung}\ncategories: [childcare]\nsource:\n  - title: Testdaten\nverified: 2026-10-01\n"
    )
    text = report(directory_of(project), TODAY)
    assert "| Beispielstadt | 1 | 1 | 1 | 1 | 1 |" in text.splitlines()
    assert section(text, "### Lücken")[-1] == "Keine: jede Gemeinde erreicht in jedem dieser Felder mindestens ein Angebot."
    assert "Lücken in den fünf Feldern des Kreises: 0" in text.splitlines()[0]


def test_names_cannot_break_a_table(project):
    offer = project / "municipalities/musterdorf/offers/rathaus-musterdorf.yml"
    offer.write_text(offer.read_text().replace("de: Rathaus Musterdorf", "de: Rathaus | Bürgerbüro *neu*"))
    town = project / "municipalities/musterdorf/municipality.yml"
    town.write_text(town.read_text().replace("name: Musterdorf", "name: Muster|dorf"))
    text = report(directory_of(project), TODAY)
    row = next(line for line in text.splitlines() if "rathaus-musterdorf.yml" in line and "2018-06-22" in line)
    assert cells(row) == ["`municipalities/musterdorf/offers/rathaus-musterdorf.yml`", r"Rathaus \| Bürgerbüro \*neu\*",
                          "2018-06-22", "101 Monate"]
    row = next(line for line in text.splitlines() if line.startswith("| Muster"))
    assert cells(row) == [r"Muster\|dorf", "1", "2", "**0**", "1", "1"]
    assert md("a\nb  <script>") == r"a b \<script\>"


def test_municipalities_sorted_as_in_a_german_index(project):
    town = project / "municipalities/beispielstadt/municipality.yml"
    town.write_text(town.read_text().replace("name: Beispielstadt", "name: Ölbronn-Dürrn"))
    rows = [line for line in report(directory_of(project), TODAY).splitlines() if line.startswith("| Musterdorf")
            or line.startswith("| Ölbronn")]
    assert [cells(r)[0] for r in rows] == ["Musterdorf", "Ölbronn-Dürrn"]
    town.write_text(town.read_text().replace("name: Ölbronn-Dürrn", "name: Mönsheim"))
    rows = [line for line in report(directory_of(project), TODAY).splitlines() if line.startswith("| M")]
    assert [cells(r)[0] for r in rows] == ["Mönsheim", "Musterdorf"]


def test_output_does_not_depend_on_the_order_of_the_data(project):
    d = directory_of(project)
    shuffled = dataclasses.replace(
        d,
        offers=dict(reversed(list(d.offers.items()))),
        municipalities=tuple(reversed(d.municipalities)),
    )
    assert report(shuffled, TODAY) == report(d, TODAY)
    assert report(d, TODAY).endswith("\n") and not report(d, TODAY).endswith("\n\n")
