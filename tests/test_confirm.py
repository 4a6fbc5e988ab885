"""``wegweiser confirm``: "Noch aktuell" in one step; exact file changes and exact messages."""

from __future__ import annotations

import datetime as dt
import difflib
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import REPO
from generator.cli import main
from generator.errors import WegweiserError
from generator.writer import record_check

RATHAUS = "municipalities/musterdorf/offers/rathaus-musterdorf.yml"
JOBCENTER = "municipalities/enzkreis/offers/jobcenter-test.yml"
UNCHANGED = "Die Datei wurde nicht geändert."


def confirm(project: Path, capsys, *args: str) -> tuple[int, str, str]:
    code = main(["--root", str(project), "confirm", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def snapshot(project: Path) -> dict[str, bytes]:
    return {str(p.relative_to(project)): p.read_bytes() for p in sorted(project.rglob("*")) if p.is_file()}


def changes(before: str, after: str) -> list[str]:
    """The changed lines, as "-old" and "+new"."""
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def valid(project: Path, capsys) -> bool:
    code = main(["--root", str(project), "validate"])
    capsys.readouterr()
    return code == 0


# -- a check of the whole record ----------------------------------------------------------------


def test_a_phone_call_confirms_everything(project, capsys):
    before = (project / RATHAUS).read_text(encoding="utf-8")
    code, out, err = confirm(project, capsys, "rathaus-musterdorf", "--source", "Anruf im Bürgerbüro",
                             "--how", "telefon", "--date", "2026-11-20")
    assert (code, out) == (0, "")
    assert err.splitlines() == [
        f"{RATHAUS}: Prüfung vom 2026-11-20 eingetragen (alle Angaben).",
        "  verified: 2018-06-22 → 2026-11-20",
        "  source: neuer Eintrag „Telefonische Prüfung: Anruf im Bürgerbüro“",
        "  unconfirmed: opening_hours jetzt bestätigt",
    ]
    after = (project / RATHAUS).read_text(encoding="utf-8")
    assert changes(before, after) == [
        "-unconfirmed: [opening_hours]",
        "-verified: 2018-06-22",
        "+  - title: \"Telefonische Prüfung: Anruf im Bürgerbüro\"",
        "+    date: 2026-11-20",
        "+verified: 2026-11-20",
    ]
    assert after.endswith("source:\n  - title: Testdaten\n  - title: \"Telefonische Prüfung: Anruf im Bürgerbüro\"\n"
                          "    date: 2026-11-20\nverified: 2026-11-20\n")
    assert valid(project, capsys)


def test_without_a_date_the_check_is_today(project, capsys):
    today = dt.date.today()
    code, _, err = confirm(project, capsys, "jobcenter-test", "--source", "Öffnungszeiten und Telefon",
                           "--how", "webseite", "--url", "https://www.example.org/jobcenter")
    assert code == 0
    assert err.splitlines()[:3] == [
        f"{JOBCENTER}: Prüfung vom {today.isoformat()} eingetragen (alle Angaben).",
        f"  verified: 2024-05-01 → {today.isoformat()}",
        "  source: neuer Eintrag „Prüfung der Webseite: Öffnungszeiten und Telefon“",
    ]
    data = yaml.safe_load((project / JOBCENTER).read_text(encoding="utf-8"))
    assert data["verified"] == today
    assert data["source"][-1] == {"title": "Prüfung der Webseite: Öffnungszeiten und Telefon",
                                  "url": "https://www.example.org/jobcenter", "date": today}
    assert len(data["source"]) == 2


@pytest.mark.parametrize(("how", "title"), [
    ("besuch", "Prüfung vor Ort: Aushang an der Tür"),
    (None, "Aushang an der Tür"),
])
def test_how_names_the_kind_of_check(project, capsys, how, title):
    args = ["im-testtraeger", "--source", "  Aushang   an der Tür ", "--date", "2026-11-01"]
    code, _, err = confirm(project, capsys, *args, *(["--how", how] if how else []))
    assert code == 0 and f"  source: neuer Eintrag „{title}“" in err.splitlines()
    data = yaml.safe_load((project / "municipalities/enzkreis/offers/im-testtraeger.yml").read_text(encoding="utf-8"))
    assert data["source"][-1] == {"title": title, "date": dt.date(2026, 11, 1)}


# -- a check of some fields ---------------------------------------------------------------------


def test_fields_confirm_only_what_was_asked(project, capsys):
    offer = project / RATHAUS
    offer.write_text(offer.read_text(encoding="utf-8").replace("unconfirmed: [opening_hours]",
                                                                "unconfirmed: [phone, opening_hours]"), encoding="utf-8")
    before = offer.read_text(encoding="utf-8")
    code, out, err = confirm(project, capsys, "rathaus-musterdorf", "--source", "Anruf", "--how", "telefon",
                             "--fields", "phone,address", "--date", "2026-11-20")
    assert (code, out) == (0, "")
    assert err.splitlines() == [
        f"{RATHAUS}: Prüfung vom 2026-11-20 eingetragen (nur phone, address).",
        "  verified: bleibt 2018-06-22 (das Datum der Prüfung aller Angaben; ohne --fields prüfen Sie alles)",
        "  source: neuer Eintrag „Telefonische Prüfung: Anruf“ (fields: phone, address)",
        "  unconfirmed: phone jetzt bestätigt",
    ]
    assert changes(before, offer.read_text(encoding="utf-8")) == [
        "-unconfirmed: [phone, opening_hours]",
        "+unconfirmed: [opening_hours]",
        "+  - title: \"Telefonische Prüfung: Anruf\"",
        "+    date: 2026-11-20",
        "+    fields: [phone, address]",
    ]
    assert valid(project, capsys)


def test_a_partial_check_may_be_older_than_verified(project, capsys):
    code, _, err = confirm(project, capsys, "rathaus-musterdorf", "--source", "Mitteilungsblatt",
                           "--fields", "opening_hours", "--date", "2017-01-10")
    assert code == 0
    assert err.splitlines()[1] == "  verified: bleibt 2018-06-22 (das Datum der Prüfung aller Angaben; ohne --fields prüfen Sie alles)"
    assert "unconfirmed" not in yaml.safe_load((project / RATHAUS).read_text(encoding="utf-8"))


def test_fields_naming_every_fact_are_a_whole_check(project, capsys):
    facts = "name,categories,address,phone,opening_hours"
    code, _, err = confirm(project, capsys, "rathaus-musterdorf", "--source", "Besuch", "--fields", facts,
                           "--date", "2026-11-20")
    assert code == 0
    assert err.splitlines()[:2] == [
        f"{RATHAUS}: Prüfung vom 2026-11-20 eingetragen (alle Angaben).",
        "  verified: 2018-06-22 → 2026-11-20",
    ]
    data = yaml.safe_load((project / RATHAUS).read_text(encoding="utf-8"))
    assert data["verified"] == dt.date(2026, 11, 20)
    assert data["source"][-1]["fields"] == facts.split(",")
    assert "unconfirmed" not in data


def test_block_lists_comments_and_windows_line_endings_stay(project, capsys):
    offer = project / RATHAUS
    text = offer.read_text(encoding="utf-8").replace(
        "unconfirmed: [opening_hours]", "# Telefon aus dem Mitteilungsblatt\nunconfirmed:\n  - phone\n  - opening_hours  # 2018\n\n"
    ).replace("verified: 2018-06-22", "# Prüfungen:\nverified: 2018-06-22  # Mitteilungsblatt\n# Ende")
    offer.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    code, _, _ = confirm(project, capsys, "rathaus-musterdorf", "--source", "Anruf", "--fields", "opening_hours",
                         "--date", "2026-11-20")
    assert code == 0
    after = offer.read_bytes().decode("utf-8")
    assert after.count("\r\n") == after.count("\n")
    assert changes(text, after.replace("\r\n", "\n")) == [
        "-  - opening_hours  # 2018",
        "+  - title: Anruf",
        "+    date: 2026-11-20",
        "+    fields: [opening_hours]",
    ]
    code, _, _ = confirm(project, capsys, "rathaus-musterdorf", "--source", "Besuch", "--date", "2026-11-21")
    assert code == 0
    final = offer.read_bytes().decode("utf-8").replace("\r\n", "\n")
    assert changes(after.replace("\r\n", "\n"), final) == [
        "-unconfirmed:",
        "-  - phone",
        "+  - title: Besuch",
        "+    date: 2026-11-21",
        "-verified: 2018-06-22  # Mitteilungsblatt",
        "+verified: 2026-11-21  # Mitteilungsblatt",
    ]
    assert final.endswith("    date: 2026-11-21\n# Prüfungen:\nverified: 2026-11-21  # Mitteilungsblatt\n# Ende\n")
    assert "# Telefon aus dem Mitteilungsblatt\n\n\nsource:" in final  # comments are never dropped
    assert valid(project, capsys)


def test_every_shipped_offer_changes_only_in_its_check_lines(tmp_path):
    """The writer on all shipped offers: a whole and a partial check, nothing else changes."""
    day = dt.date(2026, 12, 5)
    files = sorted((REPO / "municipalities").glob("*/offers/*.yml"))
    assert len(files) >= 80
    for i, original in enumerate(files):
        path = tmp_path / original.name
        shutil.copyfile(original, path)
        before = path.read_text(encoding="utf-8")
        old = yaml.safe_load(before)
        partial = i % 2 == 1
        entry = {"title": "Telefonische Prüfung: Anruf", "date": day, **({"fields": ["phone"]} if partial else {})}
        after = record_check(path, original.name, day, entry, {"phone"} if partial else None, not partial, lambda text: None)
        assert path.read_text(encoding="utf-8") == after
        removed = [line for line in changes(before, after) if line.startswith("-")]
        added = [line for line in changes(before, after) if line.startswith("+")]
        assert all(line.startswith(("-unconfirmed:", "-verified:", "-  - ")) for line in removed), (original, removed)
        assert [line for line in added if "title" in line] == ["+  - title: \"Telefonische Prüfung: Anruf\""]
        new = yaml.safe_load(after)
        assert new["source"] == old["source"] + [entry]
        assert new["verified"] == (old["verified"] if partial else day)
        assert new.get("unconfirmed", []) == ([n for n in old.get("unconfirmed", []) if n != "phone"] if partial else [])
        assert {k: v for k, v in new.items() if k not in ("source", "verified", "unconfirmed")} == {
            k: v for k, v in old.items() if k not in ("source", "verified", "unconfirmed")}


# -- refused: nothing written, a German message ------------------------------------------------


@pytest.mark.parametrize(("args", "message"), [
    (["xyz", "--source", "Anruf"], 'unbekanntes Angebot "xyz" (die Kennung ist der Dateiname ohne .yml)'),
    (["jobcenter-test", "--source", "Anruf", "--date", "2099-01-01"], "--date: 2099-01-01 liegt in der Zukunft"),
    (["jobcenter-test", "--source", "Anruf", "--date", "2026-1-5"],
     '--date: "2026-1-5" ist kein Datum (Form JJJJ-MM-TT, z. B. 2026-03-01)'),
    (["jobcenter-test", "--source", "Anruf", "--date", "5.1.2026"],
     '--date: "5.1.2026" ist kein Datum (Form JJJJ-MM-TT, z. B. 2026-03-01)'),
    (["jobcenter-test", "--source", "Anruf", "--date", "2024-04-30"],
     "--date: 2024-04-30 liegt vor der letzten Prüfung (verified: 2024-05-01)"),
    (["jobcenter-test", "--source", "   "],
     '--source: in einer Zeile angeben, was geprüft wurde, z. B. --source "Anruf im Bürgerbüro"'),
    (["jobcenter-test", "--source", "Anruf\nund Besuch"],
     '--source: in einer Zeile angeben, was geprüft wurde, z. B. --source "Anruf im Bürgerbüro"'),
    (["jobcenter-test", "--source", "Anruf", "--fields", " , "],
     "--fields: mindestens ein Feld angeben, z. B. --fields phone,opening_hours"),
    (["rathaus-musterdorf", "--source", "Anruf", "--fields", "phone,email"],
     '--fields: "email" ist keine Angabe dieses Angebots (möglich: address, categories, name, opening_hours, phone)'),
    (["rathaus-musterdorf", "--source", "Anruf", "--fields", "verified"],
     '--fields: "verified" ist keine Angabe dieses Angebots (möglich: address, categories, name, opening_hours, phone)'),
])
def test_refused_with_a_message(project, capsys, args, message):
    before = snapshot(project)
    code, out, err = confirm(project, capsys, *args)
    assert (code, out, err) == (1, "", message + "\n")
    assert snapshot(project) == before


def test_renamed_and_removed_offers_say_so(project, capsys):
    (project / "content/redirects.yml").write_text(
        "- old: jobcenter-alt\n  new: jobcenter-test\n- old: sprachtreff-weg\n  removed: 2026-10-01\n", encoding="utf-8")
    before = snapshot(project)
    assert confirm(project, capsys, "jobcenter-alt", "--source", "Anruf") == (
        1, "", 'das Angebot "jobcenter-alt" heißt jetzt "jobcenter-test"\n')
    assert confirm(project, capsys, "sprachtreff-weg", "--source", "Anruf") == (
        1, "", 'das Angebot "sprachtreff-weg" gibt es nicht mehr (seit 2026-10-01)\n')
    assert snapshot(project) == before


def test_a_result_that_would_not_validate_is_not_written(project, capsys):
    before = snapshot(project)
    url_line = len((project / JOBCENTER).read_text(encoding="utf-8").splitlines()) + 1  # title before verified, then url
    code, out, err = confirm(project, capsys, "jobcenter-test", "--source", "Anruf", "--url", "ftp://example.org/x",
                             "--date", "2026-11-01")
    assert code == 1
    assert out.splitlines() == [
        f'{JOBCENTER}:{url_line}: source.url: "ftp://example.org/x" ist keine erlaubte Adresse (erlaubt sind nur https:, http:)',
        UNCHANGED,
    ]
    assert err == "1 Problem(e) gefunden; die Seite wurde nicht verändert.\n"
    assert snapshot(project) == before


def test_a_project_with_problems_is_not_changed(project, capsys):
    cafe = project / "municipalities/musterdorf/offers/sprachcafe-musterdorf.yml"
    cafe.write_text(cafe.read_text(encoding="utf-8").replace("[language]", "[sprache]"), encoding="utf-8")
    before = snapshot(project)
    code, out, _ = confirm(project, capsys, "jobcenter-test", "--source", "Anruf")
    assert code == 1
    assert out.splitlines() == [
        'municipalities/musterdorf/offers/sprachcafe-musterdorf.yml:5: categories: unbekannte Kategorie "sprache"',
        UNCHANGED,
    ]
    assert snapshot(project) == before


def test_a_file_the_writer_cannot_change_safely_is_left_alone(project, capsys):
    offer = project / RATHAUS
    offer.write_text(offer.read_text(encoding="utf-8").replace("source:\n  - title: Testdaten\n",
                                                                "source: [{title: Testdaten}]\n"), encoding="utf-8")
    before = snapshot(project)
    code, out, _ = confirm(project, capsys, "rathaus-musterdorf", "--source", "Anruf")
    assert code == 1
    assert out.splitlines() == [
        f'{RATHAUS}:12: source: keine Liste in Blockform ("- title: …" je Zeile); bitte von Hand eintragen',
    ]
    assert snapshot(project) == before


def test_the_writer_refuses_when_the_check_refuses(project):
    path = project / RATHAUS
    before = path.read_bytes()

    def refuse(text: str) -> None:
        assert "title: \"Telefonische Prüfung: Anruf\"" in text
        raise WegweiserError(message="nein")

    with pytest.raises(WegweiserError, match="nein"):
        record_check(path, RATHAUS, dt.date(2026, 11, 20), {"title": "Telefonische Prüfung: Anruf", "date": dt.date(2026, 11, 20)},
                     None, True, refuse)
    assert path.read_bytes() == before
