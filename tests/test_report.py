"""The Markdown report for pull requests (wegweiser report): exact lines on the fixture project."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re

import pytest
import yaml

from conftest import REPO, SITE_URL, TODAY
from generator.build import load_valid
from generator.cli import main
from generator.loader import load_project
from generator.model import build_directory
from generator.report import due_data, due_report, issue_actions, issue_body, md, months_between, report
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
    assert ar.ui_missing == [] and (ar.content_done, ar.content_total) == (9, 20)
    ui = f"{ar.ui_total}/{ar.ui_total} | 100 %"
    assert lines[2:6] == [
        "| Sprache | Oberfläche | Anteil | Inhalte | Anteil |",
        "| --- | ---: | ---: | ---: | ---: |",
        f"| `en` | {en.ui_done}/{en.ui_total} | {100 * en.ui_done // en.ui_total} % | "
        f"{en.content_done}/20 | {100 * en.content_done // 20} % |",
        f"| `ar` | {ui} | 9/20 | 45 % |",
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


# -- due checks per steward (wegweiser report --due) -------------------------------------------

JOBCENTER = "municipalities/enzkreis/offers/jobcenter-test.yml"
RATHAUS = "municipalities/musterdorf/offers/rathaus-musterdorf.yml"
EDIT = f"{SITE_URL}redaktion/#/collections"
JOB_LINE = (f"- [Jobcenter Testkreis]({EDIT}/offers-enzkreis/entries/jobcenter-test) · zuletzt geprüft: Mai 2024 · "
            f"`{JOBCENTER}`")
RATHAUS_LINE = (f"- [Rathaus Musterdorf]({EDIT}/offers-musterdorf/entries/rathaus-musterdorf) · zuletzt geprüft: "
                f"Juni 2018 · `{RATHAUS}`")
LINKS = f"Die Links öffnen das Angebot im Redaktionsbereich ({SITE_URL}redaktion/)."


def addressed(project, today=TODAY):
    """The model, with the site's public address known (links into the editing app are absolute)."""
    return load_valid(project, today, SITE_URL)


def set_steward(project, rel: str, steward: str) -> None:
    path = project / rel
    path.write_text(path.read_text(encoding="utf-8").replace("\nsource:", f"\nsteward: {steward}\nsource:", 1),
                    encoding="utf-8")


def test_due_report_per_steward_with_links_into_the_editing_app(project):
    assert due_report(addressed(project), TODAY).splitlines() == [
        "# Fällige Prüfungen, Stand 2026-11-28",
        "",
        "2 Angebote wurden seit mehr als 12 Monaten nicht geprüft; zuständig sind 2 Stellen. " + LINKS,
        "",
        "## Landratsamt Testkreis (1)",  # the provider, as the offer names no steward
        "",
        JOB_LINE,
        "",
        "## (ohne Träger) (1)",  # neither steward nor provider: last
        "",
        RATHAUS_LINE,
    ]


def test_the_steward_is_reminded_instead_of_the_provider(project):
    set_steward(project, JOBCENTER, "Ökumenischer Arbeitskreis")
    set_steward(project, RATHAUS, "Bürgermeisteramt Musterdorf")
    lines = due_report(addressed(project), TODAY).splitlines()
    assert [line for line in lines if line.startswith("## ")] == [
        "## Bürgermeisteramt Musterdorf (1)", "## Ökumenischer Arbeitskreis (1)"]  # German index order: Ö as O
    assert "Landratsamt" not in "\n".join(lines)


def test_one_steward_many_offers_oldest_first(project):
    set_steward(project, JOBCENTER, "Landratsamt Testkreis")
    set_steward(project, RATHAUS, "Landratsamt Testkreis")
    assert due_report(addressed(project), TODAY).splitlines()[2:] == [
        "2 Angebote wurden seit mehr als 12 Monaten nicht geprüft; zuständig ist 1 Stelle. " + LINKS,
        "",
        "## Landratsamt Testkreis (2)",
        "",
        RATHAUS_LINE,
        JOB_LINE,
    ]


def test_due_after_365_days_and_nothing_due_says_so(project):
    d = addressed(project)
    assert "jobcenter-test" not in due_report(d, dt.date(2025, 5, 1))
    assert "jobcenter-test" in due_report(d, dt.date(2025, 5, 2))
    assert due_report(d, dt.date(2018, 7, 1)).splitlines() == [
        "# Fällige Prüfungen, Stand 2018-07-01",
        "",
        "Nichts fällig: alle Angebote wurden in den letzten 12 Monaten geprüft.",
    ]


def test_without_site_url_the_links_are_relative_and_the_report_says_so(project):
    lines = due_report(directory_of(project), TODAY).splitlines()
    assert lines[2].endswith(
        "Die Links sind relativ zur Adresse der Seite (`redaktion/…`): site_url ist nicht bekannt "
        "(mkdocs.yml, --site-url oder WEGWEISER_SITE_URL).")
    assert ("- [Rathaus Musterdorf](redaktion/#/collections/offers-musterdorf/entries/rathaus-musterdorf) · "
            f"zuletzt geprüft: Juni 2018 · `{RATHAUS}`") in lines


def test_due_json(project):
    assert due_data(addressed(project), TODAY) == {
        "today": "2026-11-28",
        "site_url": SITE_URL,
        "stewards": [
            {"steward": "Landratsamt Testkreis", "offers": [{
                "id": "jobcenter-test", "path": JOBCENTER, "name": "Jobcenter Testkreis", "verified": "2024-05-01",
                "last_check": "Mai 2024", "edit_url": f"{EDIT}/offers-enzkreis/entries/jobcenter-test"}]},
            {"steward": "(ohne Träger)", "offers": [{
                "id": "rathaus-musterdorf", "path": RATHAUS, "name": "Rathaus Musterdorf", "verified": "2018-06-22",
                "last_check": "Juni 2018", "edit_url": f"{EDIT}/offers-musterdorf/entries/rathaus-musterdorf"}]},
        ],
    }


def test_issue_body(project):
    d = addressed(project)
    assert issue_body(d, "Landratsamt Testkreis", [d.offers["jobcenter-test"]], TODAY).splitlines() == [
        "Diese Angebote von **Landratsamt Testkreis** wurden seit mehr als 12 Monaten nicht geprüft (Stand 2026-11-28). "
        "Bitte prüfen Sie die Angaben (Anruf, Webseite oder Besuch), korrigieren Sie, was nicht mehr stimmt, "
        "und tragen Sie die Prüfung ein.",
        "",
        JOB_LINE,
        "",
        LINKS,
        "",
        "So wird eine Prüfung eingetragen: im Redaktionsbereich das Angebot öffnen, Angaben prüfen, `verified` auf den "
        "Tag der Prüfung setzen und die Quelle ergänzen; oder in einer Kopie des Projekts `wegweiser confirm KENNUNG "
        "--source \"Anruf im Bürgerbüro\" --how telefon` (README: „Ein Angebot als geprüft markieren“).",
        "",
        "Dieses Issue wird jeden Monat aktualisiert und geschlossen, sobald nichts mehr fällig ist.",
    ]
    orphan = issue_body(d, "(ohne Träger)", [d.offers["rathaus-musterdorf"]], TODAY).splitlines()
    assert orphan[0].startswith("Diese Angebote ohne Träger und ohne `steward` wurden seit mehr als 12 Monaten")
    assert orphan[1:5] == ["", "Wer hält sie aktuell? Bitte als `steward` eintragen (z. B. das Rathaus).", "", RATHAUS_LINE]


def test_issue_actions_create_update_leave_and_close(project):
    d = addressed(project)
    job_body = issue_body(d, "Landratsamt Testkreis", [d.offers["jobcenter-test"]], TODAY)
    rathaus_body = issue_body(d, "(ohne Träger)", [d.offers["rathaus-musterdorf"]], TODAY)
    # nothing open yet: one new issue per steward, with the label
    assert issue_actions(d, TODAY, []) == [
        {"action": "create", "title": "Prüfung fällig: Landratsamt Testkreis", "body": job_body, "label": "pruefung-faellig"},
        {"action": "create", "title": "Prüfung fällig: (ohne Träger)", "body": rathaus_body, "label": "pruefung-faellig"},
    ]
    open_issues = [
        {"number": 7, "title": "Prüfung fällig: Landratsamt Testkreis", "body": "alte Liste"},
        {"number": 9, "title": "Prüfung fällig: (ohne Träger)", "body": rathaus_body.rstrip("\n")},  # as GitHub keeps it
        {"number": 4, "title": "Prüfung fällig: Stadt Nirgendwo", "body": "…"},  # nothing due any more
        {"number": 11, "title": "Prüfung fällig: Landratsamt Testkreis", "body": job_body},  # a double
        {"number": 5, "title": "Anderes Thema", "body": ""},  # not a reminder: left alone
    ]
    assert issue_actions(d, TODAY, open_issues) == [
        {"action": "update", "number": 7, "title": "Prüfung fällig: Landratsamt Testkreis", "body": job_body},
        {"action": "close", "number": 4, "title": "Prüfung fällig: Stadt Nirgendwo",
         "comment": "Nichts mehr fällig (Stand 2026-11-28): alle Angebote wurden in den letzten 12 Monaten geprüft. Danke!"},
        {"action": "close", "number": 11, "title": "Prüfung fällig: Landratsamt Testkreis",
         "comment": "Doppelt: die Erinnerung steht in #7."},
    ]


def cli_report(project, capsys, *args):
    code = main(["--root", str(project), "report", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_due_formats(project, capsys, tmp_path):
    code, out, _ = cli_report(project, capsys, "--due", "--today", "2026-11-28", "--site-url", SITE_URL)
    assert code == 0 and out == due_report(addressed(project), TODAY)
    code, out, _ = cli_report(project, capsys, "--due", "--format", "json", "--today", "2026-11-28", "--site-url", SITE_URL)
    assert code == 0 and json.loads(out) == due_data(addressed(project), TODAY)
    issues = tmp_path / "open.json"
    issues.write_text(json.dumps([{"number": 4, "title": "Prüfung fällig: Stadt Nirgendwo", "body": ""}]), encoding="utf-8")
    code, out, _ = cli_report(project, capsys, "--due", "--format", "issues", "--today", "2026-11-28",
                              "--site-url", SITE_URL, "--open-issues", str(issues))
    assert code == 0
    assert [(a["action"], a.get("number")) for a in json.loads(out)] == [("create", None), ("create", None), ("close", 4)]


def test_cli_due_site_url_from_the_environment(project, capsys, monkeypatch):
    monkeypatch.setenv("WEGWEISER_SITE_URL", "https://hilfe.example.net/wegweiser")
    code, out, _ = cli_report(project, capsys, "--due", "--today", "2026-11-28")
    assert code == 0
    assert "(https://hilfe.example.net/wegweiser/redaktion/#/collections/offers-enzkreis/entries/jobcenter-test)" in out


@pytest.mark.parametrize(("args", "message"), [
    (["--due", "--today", "28.11.2026"], '--today: "28.11.2026" ist kein Datum (Form JJJJ-MM-TT)'),
    (["--format", "json"], "--format json, --format issues und --open-issues gibt es nur mit --due"),
    (["--due", "--format", "issues", "--open-issues", "fehlt.json"],
     "--open-issues: fehlt.json ist keine JSON-Liste von Issues (gh issue list --json number,title,body)"),
])
def test_cli_due_refuses_with_a_message(project, capsys, args, message):
    assert cli_report(project, capsys, *args) == (1, "", message + "\n")


def test_cli_open_issues_must_be_a_list_of_issues(project, capsys, tmp_path):
    bad = tmp_path / "open.json"
    for text in ('{"number": 1}', '[{"title": "x"}]', "kein json"):
        bad.write_text(text, encoding="utf-8")
        code, _, err = cli_report(project, capsys, "--due", "--format", "issues", "--open-issues", str(bad))
        assert (code, err) == (1, f"--open-issues: {bad} ist keine JSON-Liste von Issues (gh issue list --json number,title,body)\n")


# -- on the shipped data ------------------------------------------------------------------------

MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
          "November", "Dezember"]
SHIPPED_DAY = dt.date(2026, 12, 5)


def shipped_due_from_the_files() -> dict[str, list[dict]]:
    """An independent reading of the shipped files: steward (else provider), verified, German name."""
    due: dict[str, list[dict]] = {}
    for path in sorted((REPO / "municipalities").glob("*/offers/*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if (SHIPPED_DAY - data["verified"]).days > 365:
            who = data.get("steward") or data.get("provider") or "(ohne Träger)"
            due.setdefault(who, []).append({"path": path.relative_to(REPO).as_posix(), "id": path.stem,
                                            "folder": path.parent.parent.name, "name": data["name"]["de"],
                                            "verified": data["verified"]})
    return due


def test_due_on_the_shipped_data():
    directory = load_valid(REPO, SHIPPED_DAY, SITE_URL)
    expected = shipped_due_from_the_files()
    data = due_data(directory, SHIPPED_DAY)
    assert {s["steward"]: len(s["offers"]) for s in data["stewards"]} == {k: len(v) for k, v in expected.items()}
    assert data["stewards"][-1]["steward"] == "(ohne Träger)"
    assert sum(len(v) for v in expected.values()) == len(directory.offers)  # today, every offer is due
    lines = due_report(directory, SHIPPED_DAY).splitlines()
    for who, offers in expected.items():
        heading = lines.index(f"## {md(who)} ({len(offers)})")
        listed = lines[heading + 2:heading + 2 + len(offers)]
        for offer in sorted(offers, key=lambda o: (o["verified"], o["path"])):
            v = offer["verified"]
            assert (f"- [{md(offer['name'])}]({EDIT}/offers-{offer['folder']}/entries/{offer['id']}) · "
                    f"zuletzt geprüft: {MONTHS[v.month - 1]} {v.year} · `{offer['path']}`") == listed.pop(0)
    landratsamt = next(s for s in data["stewards"] if s["steward"] == "Landratsamt Enzkreis")
    assert {o["id"] for o in landratsamt["offers"]} >= {"auslaenderbehoerde-enzkreis", "jobcenter-enzkreis"}
    print(f"shipped data on {SHIPPED_DAY}: {sum(len(v) for v in expected.values())} offers due, {len(expected)} stewards")
