"""``wegweiser import FILE``: spreadsheets (the CSV of /daten/angebote.csv) into offer files.

Messy input of every kind, the exact German messages (FILE:ROW: column: message), all at once,
nothing written on a problem; --skip-invalid, --dry-run, --update; and the round trip: export,
import again, and the model is the same (fixture and shipped data)."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys

import pytest

from conftest import REPO, TODAY, make_project

HEADER = "Kennung;Ordner;Name;Themen;Straße;PLZ;Ort;Telefon;Öffnungszeiten;Kosten;Geprüft am;Quellen"


def run(root, *args):
    return subprocess.run([sys.executable, "-m", "generator.cli", "--root", str(root), "import", *map(str, args)],
                          capture_output=True, text=True, cwd=REPO)


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path / "project")


@pytest.fixture(scope="module")
def shipped():
    from generator.build import load_valid

    return load_valid(REPO)


def read(shipped, text: str, encoding="utf-8"):
    from generator.opendata import importer

    return importer.read_spreadsheet(text.encode(encoding), "tabelle.csv", shipped)


def test_round_trip_fixture(project):
    from generator.build import load_valid
    from generator.opendata import spreadsheet

    before = load_valid(project, TODAY)
    (project / "angebote.csv").write_bytes(spreadsheet.spreadsheet(before))
    result = run(project, "--update", project / "angebote.csv")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr.count("geschrieben: ") == len(before.offers)
    assert load_valid(project, TODAY).offers == before.offers


def test_round_trip_new_offers(project):
    """Offers that are not there yet: written from the spreadsheet alone (German texts)."""
    from generator.build import load_valid
    from generator.opendata import spreadsheet

    before = load_valid(project, TODAY)
    lines = spreadsheet.spreadsheet(before).decode("utf-8-sig").split("\r\n")
    new = ("jobcenter-test", "sprachcafe-musterdorf", "notruf-test")
    (project / "neu.csv").write_text("\r\n".join([lines[0]] + [line for line in lines if line.startswith(new)]), encoding="utf-8-sig")
    for offer_id in new:
        (project / before.offers[offer_id].path).unlink()
    result = run(project, project / "neu.csv")
    assert result.returncode == 0, result.stdout + result.stderr
    after = load_valid(project, TODAY).offers
    for offer_id in new:
        german = {"name", "description", "audience", "accessibility", "transport"}
        old, got = before.offers[offer_id], after[offer_id]
        for f in dataclasses.fields(old):
            if f.name in german and getattr(old, f.name) is not None:
                assert getattr(got, f.name).values == {"de": getattr(old, f.name).values["de"]}
            elif f.name not in german | {"unreviewed"}:
                assert getattr(got, f.name) == getattr(old, f.name), (offer_id, f.name)


def test_round_trip_shipped_data(tmp_path):
    from generator.build import load_valid
    from generator.opendata import spreadsheet

    languages = ("de", "en", "ar", "fa", "ps", "uk", "ru", "tr", "ku", "ti")
    root = make_project(tmp_path / "p", data=REPO, languages=languages)
    before = load_valid(root)
    (root / "angebote.csv").write_bytes(spreadsheet.spreadsheet(before))
    result = run(root, "--update", root / "angebote.csv")
    assert result.returncode == 0, result.stdout + result.stderr
    assert load_valid(root).offers == before.offers


def test_windows_1252_comma_german_dates_phones_spaces_empty_rows_umlauts(shipped):
    text = ("Kennung,Ordner,Name,Themen,Telefon,Geprüft am,Quellen\r\n"
            " sprachtreff-test , Muehlacker ,  Sprachtreff Mühlacker , Deutsch lernen , (07041) 876-0 , 31.12.2025 , Aushang \r\n"
            ",,,,,,\r\n"
            "\r\n"
            "treff-zwei,Mühlacker,Treff,language,+49 (0)7041 876-1,1.2.26,Aushang\r\n"
            "treff-drei,Muhlacker,Treff,language,07041 / 876 - 2,2026-02-01,Aushang\r\n")
    records, problems = read(shipped, text, "cp1252")
    assert problems == []
    assert [(r.row, r.offer_id, r.folder) for r in records] == [
        (2, "sprachtreff-test", "muehlacker"), (5, "treff-zwei", "muehlacker"), (6, "treff-drei", "muehlacker")]
    first = records[0].data
    assert first["name"] == {"de": "Sprachtreff Mühlacker"} and first["categories"] == ["language"]
    assert first["phone"] == ["07041 876-0"]
    assert first["verified"].isoformat() == "2025-12-31"
    assert records[1].data["phone"] == ["+49 7041 876-1"] and records[1].data["verified"].isoformat() == "2026-02-01"
    assert records[2].data["phone"] == ["07041/876-2"]


@pytest.mark.parametrize("sep", [";", "\t", ","])
def test_any_separator_and_a_byte_order_mark(shipped, sep):
    text = "\ufeff" + sep.join(["Name", "Themen", "Ordner", "Geprüft am", "Quellen"]) + "\n" + sep.join(
        ["Café", "deutsch LERNEN", "Mühlacker", "01.02.2026", "Aushang"]) + "\n"
    records, problems = read(shipped, text)
    assert problems == []
    assert (records[0].offer_id, records[0].data["name"]) == ("cafe", {"de": "Café"})


def test_a_formula_apostrophe_is_taken_off(shipped):
    records, problems = read(shipped, "Name;Themen;Ordner;Telefon;Geprüft am;Quellen\n'=Treff;language;Mühlacker;'+49 7041 1;01.02.2026;A\n")
    assert problems == []
    assert records[0].data["name"] == {"de": "=Treff"} and records[0].data["phone"] == ["+49 7041 1"]


def test_every_problem_at_once_with_row_and_column(project):
    (project / "t.csv").write_text(
        HEADER + "\n"
        "a-1;Nirgendwo;A;Kochen;Weg 1;;Ort;07231 1;Mo-Fr 8-12;umsonst;31.02.2026;Q\n"
        "a-2;musterdorf;B;work;;;;07231 12x;Mo-Fr 08:00-12:00;;01.02.2026;\n", encoding="cp1252")
    result = run(project, project / "t.csv")
    assert result.returncode == 1
    name = str(project / "t.csv")
    lines = result.stdout.splitlines()
    assert f"{name}:2:2: Ordner: Gemeinde „Nirgendwo“ gibt es nicht" in lines
    assert f"{name}:2:4: Themen: Thema „Kochen“ gibt es nicht (Themen: emergency, language, work, counselling)" in lines or any(
        line.startswith(f"{name}:2:4: Themen: Thema „Kochen“ gibt es nicht (Themen: ") for line in lines)
    assert f"{name}:2:6: PLZ: eine Adresse braucht Straße, PLZ und Ort" in lines
    assert f"{name}:2:10: Kosten: „umsonst“: erlaubt sind kostenlos, kostenpflichtig, ermäßigt möglich, je nach Angebot" in lines
    assert f"{name}:2:11: Geprüft am: „31.02.2026“ ist kein Datum (Beispiel: 31.12.2025)" in lines
    assert f"{name}:3:12: Quellen: fehlt" in lines
    # row 3 reached the project's own validation: its messages, in the spreadsheet's columns
    assert any(line.startswith(f"{name}:3:8: Telefon: \"07231 12x\" ist keine gültige Telefonnummer") for line in lines), lines
    assert not (project / "municipalities/musterdorf/offers/a-2.yml").exists()


def test_an_unknown_or_missing_column(project):
    (project / "t.csv").write_text("Name;Farbe;Geprüft am;Quellen\nA;rot;01.02.2026;Q\n", encoding="utf-8")
    result = run(project, project / "t.csv")
    name = str(project / "t.csv")
    assert result.returncode == 1
    assert result.stdout.splitlines()[:2] == [
        f"{name}:1:2: Farbe: unbekannte Spalte (bekannt sind: Kennung, Ordner, Name, Beschreibung, Themen, Träger, Straße, PLZ, "
        "Ort, Breitengrad, Längengrad, Telefon, E-Mail, Webseite, Öffnungszeiten, Sprachen, Kosten, Termin, Zielgruppe, "
        "Barrierefreiheit, Anfahrt, Pflege, Gemeinden, Geprüft am, Quellen, Nicht bestätigt, Seite)",
        f"{name}:1: Themen: Spalte fehlt",
    ]


def test_an_existing_offer_needs_update(project):
    (project / "t.csv").write_text(HEADER + "\nrathaus-musterdorf;musterdorf;Rathaus;work;;;;;;;01.11.2026;Webseite\n", encoding="utf-8")
    before = (project / "municipalities/musterdorf/offers/rathaus-musterdorf.yml").read_text(encoding="utf-8")
    result = run(project, project / "t.csv")
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == (
        f"{project / 't.csv'}:2:1: Kennung: das Angebot „rathaus-musterdorf“ gibt es schon "
        "(municipalities/musterdorf/offers/rathaus-musterdorf.yml); mit --update werden die Felder aus der Datei übernommen")
    assert (project / "municipalities/musterdorf/offers/rathaus-musterdorf.yml").read_text(encoding="utf-8") == before
    result = run(project, "--update", project / "t.csv")
    assert result.returncode == 0, result.stdout
    from generator.build import load_valid

    offer = load_valid(project, TODAY).offers["rathaus-musterdorf"]
    assert offer.name.values == {"de": "Rathaus", "en": "Town hall Musterdorf"}  # only the fields the file has
    assert offer.phones[0].display == "07231 4886-0" and offer.verified.isoformat() == "2026-11-01"


def test_skip_invalid_and_dry_run(project):
    (project / "t.csv").write_text(
        HEADER + "\nneu-eins;musterdorf;Eins;work;;;;;;;01.02.2026;Q\nneu-zwei;musterdorf;Zwei;work;;;;;;;kein Datum;Q\n",
        encoding="utf-8")
    dry = run(project, "--dry-run", "--skip-invalid", project / "t.csv")
    assert "würde schreiben: municipalities/musterdorf/offers/neu-eins.yml (Zeile 2)" in dry.stderr
    assert not (project / "municipalities/musterdorf/offers/neu-eins.yml").exists()
    result = run(project, "--skip-invalid", project / "t.csv")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [f"{project / 't.csv'}:3:11: Geprüft am: „kein Datum“ ist kein Datum (Beispiel: 31.12.2025)"]
    assert (project / "municipalities/musterdorf/offers/neu-eins.yml").is_file()
    assert not (project / "municipalities/musterdorf/offers/neu-zwei.yml").exists()
    assert run(project, "--dry-run", project / "t.csv").returncode == 1  # without --skip-invalid: nothing at all


def same_offers(before, after, today):
    """The offers are the same; opening hours the same week and changes (the text may differ:
    "Mo-Fr …; Th …" comes back as "Mo-We,Fr …; Th …", "Sa[1]" as the dated Saturdays ahead)."""
    from generator.opendata.common import week

    assert before.keys() == after.keys()
    for offer_id, old in before.items():
        new = after[offer_id]
        assert dataclasses.replace(new, opening_hours=old.opening_hours) == old, offer_id
        assert week(old, today) == week(new, today), offer_id


def data_project(tmp_path, data: str):
    """A project with the fixture's data, or with the shipped data in all ten languages."""
    if data == "fixture":
        return make_project(tmp_path / "p")
    return make_project(tmp_path / "p", data=REPO, languages=("de", "en", "ar", "fa", "ps", "uk", "ru", "tr", "ku", "ti"))


@pytest.mark.parametrize("data", ["fixture", "shipped"])
def test_round_trip_hsds(tmp_path, data):
    from generator import opendata
    from generator.build import load_valid

    root = data_project(tmp_path, data)
    before = load_valid(root)
    (root / "services.json").write_bytes(opendata.export(before)["daten/hsds/de/services.json"])
    result = run(root, "--update", root / "services.json")
    assert result.returncode == 0, result.stdout + result.stderr
    same_offers(before.offers, load_valid(root).offers, before.today)


def test_new_offers_from_hsds(project):
    from generator import opendata
    from generator.build import load_valid

    before = load_valid(project)
    services = json.loads(opendata.export(before)["daten/hsds/de/services.json"])
    new = ("jobcenter-test", "sprachcafe-musterdorf", "notruf-test")
    for offer_id in new:
        (project / before.offers[offer_id].path).unlink()
    keep = [s for s in services if any(a.get("value") in new for a in s["attributes"])]
    (project / "services.json").write_text(json.dumps(keep), encoding="utf-8")
    result = run(project, project / "services.json")
    assert result.returncode == 0, result.stdout + result.stderr
    after = load_valid(project).offers
    texts = ("name", "description", "audience", "accessibility", "transport")
    german = lambda o: dataclasses.replace(o, **{t: type(getattr(o, t))({"de": getattr(o, t).values["de"]})  # noqa: E731
                                                 for t in texts if getattr(o, t) is not None}, unreviewed=frozenset())
    same_offers({k: german(before.offers[k]) for k in new}, {k: after[k] for k in new}, before.today)


def test_hsds_problems(project):
    doc = [{"id": "x", "name": "Beratung", "status": "active", "attributes": [],
            "service_areas": [{"id": "y", "name": "Atlantis"}]}]
    (project / "s.json").write_text(json.dumps(doc), encoding="utf-8")
    result = run(project, project / "s.json")
    name = str(project / "s.json")
    assert result.returncode == 1
    assert result.stdout.splitlines()[:4] == [
        f"{name}:1: assured_date: fehlt (das Datum der letzten Prüfung)",
        f"{name}:1: attributes: kein Thema (ein Attribut mit einem Begriff der Themen)",
        f"{name}:1: attributes: keine Quelle (ein Attribut „quelle“)",
        f"{name}:1: service_areas: Gemeinde „Atlantis“ gibt es nicht",
    ]
    (project / "t.json").write_text("{kein json", encoding="utf-8")
    assert run(project, project / "t.json").stdout.startswith(f"{project / 't.json'}:1: datei: kein JSON (")


def test_integreat_needs_a_source_and_a_date(project):
    from test_opendata import INTEGREAT_HEADER

    (project / "pois.csv").write_text(INTEGREAT_HEADER + "\nTreff,Marktplatz 2,75999,Musterdorf,,,,no,,,,,Arbeit und Ausbildung,,no"
                                      + "," * 35 + "\n", encoding="utf-8")
    result = run(project, project / "pois.csv")
    name = str(project / "pois.csv")
    assert result.returncode == 1
    assert result.stdout.splitlines()[:2] == [
        f"{name}:1: datei: Integreat-Dateien nennen kein Prüfdatum: bitte mit --verified TT.MM.JJJJ angeben",
        f"{name}:1: datei: Integreat-Dateien nennen keine Quelle: bitte mit --source \"Titel der Quelle\" angeben",
    ]


def test_integreat_pois(project):
    """Integreat's day columns become opening hours; its category name one of our topics."""
    from generator.build import load_valid
    from test_opendata import INTEGREAT_HEADER

    days = {"monday": ("09:00", "17:00", "", "", ""), "tuesday": ("09:00", "17:00", "", "", ""),
            "wednesday": ("", "", "", "", "yes"), "thursday": ("", "", "", "yes", ""), "friday": ("08:00", "12:00", "", "", "yes")}
    cells = ["Café Tür an Tür", "Marktplatz 2", "75999", "Musterdorf", "", "48.9", "8.7", "yes", "https://example.org/cafe",
             "cafe@example.org", "0821/65075450", "", "Kinder und Familie", "yes", "no"]
    for day in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"):
        cells += list(days.get(day, ("", "", "", "yes", "")))
    (project / "pois.csv").write_text(INTEGREAT_HEADER + "\n" + ",".join(cells) + "\n", encoding="utf-8")
    result = run(project, "--source", "Integreat Nachbarkreis", "--verified", "01.11.2026", project / "pois.csv")
    assert result.returncode == 0, result.stdout + result.stderr
    offer = load_valid(project, TODAY).offers["cafe-tuer-an-tuer"]
    assert offer.folder == "musterdorf" and offer.categories == ("childcare",)
    assert offer.opening_hours == 'Mo,Tu 09:00-17:00; We "nur mit Termin"; Fr 08:00-12:00 "nur mit Termin"'
    assert (offer.address.street, offer.coordinates.lat, offer.phones[0].display) == ("Marktplatz 2", 48.9, "0821/65075450")
    assert offer.sources[0].title == "Integreat Nachbarkreis" and offer.verified.isoformat() == "2026-11-01"


def test_integreat_export_comes_back(project):
    """Our Integreat file, imported into a project without the offer: what the format holds is the same."""
    from generator import opendata
    from generator.build import load_valid
    from generator.opendata.common import week

    before = load_valid(project, TODAY)
    (project / "pois.csv").write_bytes(opendata.export(before)["daten/integreat-pois.csv"])
    (project / before.offers["jobcenter-test"].path).unlink()
    result = run(project, "--skip-invalid", "--folder", "enzkreis", "--source", "Integreat", "--verified", "01.05.2024",
                 project / "pois.csv")
    assert "geschrieben: municipalities/enzkreis/offers/jobcenter-testkreis.yml (Zeile 3)" in result.stderr
    old, new = before.offers["jobcenter-test"], load_valid(project, TODAY).offers["jobcenter-testkreis"]
    for f in ("address", "coordinates", "email", "website", "categories"):
        assert getattr(new, f) == getattr(old, f), f
    assert new.name.values == {"de": "Jobcenter Testkreis"} and new.phones == old.phones[:1]
    assert (week(new, TODAY).days, week(new, TODAY).changes) == (week(old, TODAY).days, week(old, TODAY).changes)


def test_an_excel_workbook(project):
    """XLSX: the first sheet; real dates, whole numbers and an empty row as Excel stores them."""
    import datetime as dt

    from openpyxl import Workbook

    from generator.build import load_valid

    book = Workbook()
    sheet = book.active
    sheet.append(["Kennung", "Ordner", "Name", "Themen", "Straße", "PLZ", "Ort", "Telefon", "Geprüft am", "Quellen"])
    sheet.append(["treff-xlsx", "Musterdorf", "Treff in Musterdorf", "Arbeit", "Marktplatz 3", 75999, "Musterdorf",
                  "07231 4886-1", dt.datetime(2026, 10, 1), "Aushang im Rathaus"])
    sheet.append([None] * 10)
    sheet.append(["treff-zwei", "Musterdorf", "Zwei", "work", None, None, None, 72314886, "1.10.2026", "Aushang"])
    book.save(project / "t.xlsx")
    result = run(project, project / "t.xlsx")
    assert result.returncode == 1
    assert result.stdout.splitlines()[0].startswith(f"{project / 't.xlsx'}:4:8: Telefon: \"72314886\": die Vorwahl fehlt")
    result = run(project, "--skip-invalid", project / "t.xlsx")
    offer = load_valid(project, TODAY).offers["treff-xlsx"]
    assert (offer.address.postal_code, offer.phones[0].display, offer.verified) == ("75999", "07231 4886-1", dt.date(2026, 10, 1))
    assert offer.categories == ("work",) and offer.folder == "musterdorf"
    (project / "kaputt.xlsx").write_bytes(b"kein zip")
    assert run(project, project / "kaputt.xlsx").stdout.splitlines() == [
        f"{project / 'kaputt.xlsx'}:1: datei: keine Excel-Arbeitsmappe (.xlsx): BadZipFile"]


# -- messy spreadsheets: one test per kind, each with its exact message (FILE:ROW:COLUMN: column name: message) --

MESSY = {
    # kind: (bytes of the file, the lines `wegweiser import` prints); every file has one mistake
    "utf-8 with byte order mark": (
        "\ufeffName;Themen;Ordner;Geprüft am;Quellen\nCafé;Deutsch lernen;Atlantis;01.02.2026;Aushang\n".encode("utf-8"),
        ["{f}:2:3: Ordner: Gemeinde „Atlantis“ gibt es nicht"]),
    "utf-8 without byte order mark": (
        "Name;Themen;Ordner;Geprüft am;Quellen\nCafé;Deutsch lernen;Mühlhausen;01.02.2026;Aushang\n".encode("utf-8"),
        ["{f}:2:3: Ordner: Gemeinde „Mühlhausen“ gibt es nicht"]),
    "windows-1252": (
        "Name;Themen;Ordner;Geprüft am;Quellen\nCafé;Deutsch lernen;Mühlhausen;01.02.2026;Aushang für Geflüchtete\n"
        .encode("cp1252"),
        ["{f}:2:3: Ordner: Gemeinde „Mühlhausen“ gibt es nicht"]),
    "semicolons": (
        b"Name;Themen;Ordner;Gepr\xc3\xbcft am;Quellen\nTreff;work;musterdorf;32.01.2026;Aushang\n",
        ["{f}:2:4: Geprüft am: „32.01.2026“ ist kein Datum (Beispiel: 31.12.2025)"]),
    "commas": (
        b"Name,Themen,Ordner,Gepr\xc3\xbcft am,Quellen\nTreff,work,musterdorf,32.01.2026,Aushang\n",
        ["{f}:2:4: Geprüft am: „32.01.2026“ ist kein Datum (Beispiel: 31.12.2025)"]),
    "tabs": (
        b"Name\tThemen\tOrdner\tGepr\xc3\xbcft am\tQuellen\nTreff\twork\tmusterdorf\t32.01.2026\tAushang\n",
        ["{f}:2:4: Geprüft am: „32.01.2026“ ist kein Datum (Beispiel: 31.12.2025)"]),
    "german dates": (
        "Name;Themen;Ordner;Geprüft am;Quellen\nEins;work;musterdorf;31.12.2025;Aushang\n"
        "Zwei;work;musterdorf;31.02.2026;Aushang\nDrei;work;musterdorf;31.12.2099;Aushang\n".encode("utf-8"),
        ["{f}:3:4: Geprüft am: „31.02.2026“ ist kein Datum (Beispiel: 31.12.2025)",
         "{f}:4:4: Geprüft am: 2099-12-31 liegt in der Zukunft"]),
    "phone numbers as people write them": (
        "Name;Themen;Ordner;Telefon;Geprüft am;Quellen\nEins;work;musterdorf;(07231) 308 - 0;01.02.2026;Aushang\n"
        "Zwei;work;musterdorf;+49 (0)7231 308-1, 07231 12x;01.02.2026;Aushang\n".encode("utf-8"),
        ['{f}:3:4: Telefon: "07231 12x" ist keine gültige Telefonnummer (Beispiel: "07231 308-0")']),
    "empty rows": (
        "Name;Themen;Ordner;Geprüft am;Quellen\n\n;;;;\n  ; ;;;\nTreff;work;musterdorf;01.02.2026;\n".encode("utf-8"),
        ["{f}:5:5: Quellen: fehlt"]),
    "spaces around values": (
        "Name;Themen;Ordner;Geprüft am;Quellen\n  Treff ;  work ; Atlantis  ; 01.02.2026 ; Aushang \n".encode("utf-8"),
        ["{f}:2:3: Ordner: Gemeinde „Atlantis“ gibt es nicht"]),
}


@pytest.mark.parametrize("kind", MESSY)
def test_a_messy_spreadsheet_gets_its_exact_message_and_nothing_is_written(project, kind):
    content, expected = MESSY[kind]
    path = project / "tabelle.csv"
    path.write_bytes(content)
    before = sorted(p.relative_to(project) for p in (project / "municipalities").rglob("*"))
    result = run(project, path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [line.format(f=path) for line in expected]
    assert result.stderr == f"{len(expected)} Problem(e) gefunden; die Seite wurde nicht verändert.\n"  # all at once
    assert sorted(p.relative_to(project) for p in (project / "municipalities").rglob("*")) == before
    # the other rows were read as meant: with --skip-invalid they are written, the mistake reported again
    skipped = run(project, "--skip-invalid", path)
    assert skipped.returncode == 1 and skipped.stdout == result.stdout


def test_messy_rows_are_read_as_meant(project):
    """The good rows of the messy files: umlauts, dates, phone numbers and spaces as an editor meant them."""
    from generator.build import load_valid

    def imported(kind: str, offer_id: str):
        content, _ = MESSY[kind]
        mine = "Mühlhausen".encode("cp1252" if kind == "windows-1252" else "utf-8")
        (project / "tabelle.csv").write_bytes(content.replace(b"Atlantis", b"Musterdorf").replace(mine, b"musterdorf"))
        result = run(project, "--skip-invalid", "--update", project / "tabelle.csv")
        assert f"geschrieben: municipalities/musterdorf/offers/{offer_id}.yml" in result.stderr, (kind, result.stdout)
        return load_valid(project).offers[offer_id]

    assert imported("windows-1252", "cafe").sources[0].title == "Aushang für Geflüchtete"
    assert imported("german dates", "eins").verified.isoformat() == "2025-12-31"
    assert [p.display for p in imported("phone numbers as people write them", "eins").phones] == ["07231 308-0"]
    treff = imported("spaces around values", "treff")
    assert (treff.name.values, treff.categories, treff.sources[0].title) == ({"de": "Treff"}, ("work",), "Aushang")


@pytest.mark.parametrize("written", ["Mühlacker", "Muehlacker", "Muhlacker", "MÜHLACKER", " mühlacker "])
def test_a_municipality_with_or_without_umlauts(shipped, written):
    records, problems = read(shipped, f"Name;Themen;Ordner;Geprüft am;Quellen\nTreff;language;{written};01.02.2026;A\n")
    assert problems == [] and records[0].folder == "muehlacker"
    _, problems = read(shipped, "Name;Themen;Ordner;Geprüft am;Quellen\nTreff;language;Mülacker;01.02.2026;A\n")
    assert [str(p) for p in problems] == ["tabelle.csv:2: Ordner: Gemeinde „Mülacker“ gibt es nicht"]


def test_dry_run_says_what_would_be_written_and_writes_nothing(project):
    path = project / "t.csv"
    path.write_text(HEADER + "\nneu-eins;musterdorf;Eins;work;;;;;;;01.02.2026;Q\n"
                    "rathaus-musterdorf;musterdorf;Rathaus Musterdorf;work;;;;07231 4886-9;;;01.11.2026;Testdaten\n",
                    encoding="utf-8")
    before = {p: p.read_bytes() for p in (project / "municipalities").rglob("*.yml")}
    result = run(project, "--dry-run", "--update", path)
    assert (result.returncode, result.stdout) == (0, "")
    assert result.stderr.splitlines() == [
        "würde schreiben: municipalities/musterdorf/offers/neu-eins.yml (Zeile 2)",
        "würde schreiben: municipalities/musterdorf/offers/rathaus-musterdorf.yml (Zeile 3)",
    ]
    assert {p: p.read_bytes() for p in (project / "municipalities").rglob("*.yml")} == before


def test_update_changes_only_the_lines_of_the_fields_the_file_has(project):
    """An offer in house format with comments: --update rewrites the phone number and the date of
    the check the spreadsheet gives; every other line (comments too) stays byte for byte."""
    import difflib

    from generator.build import load_valid

    subprocess.run([sys.executable, "-m", "generator.cli", "--root", str(project), "format"], check=True, capture_output=True)
    path = project / "municipalities/musterdorf/offers/rathaus-musterdorf.yml"
    text = path.read_text(encoding="utf-8").replace("phone:", "# Nummer aus dem Aushang\nphone:").replace(
        "source:", "source:  # Liste der Quellen")
    path.write_text(text, encoding="utf-8")
    (project / "t.csv").write_text(
        "Kennung;Ordner;Name;Themen;Telefon;Geprüft am;Quellen\n"
        "rathaus-musterdorf;Musterdorf;Rathaus Musterdorf;Arbeit;07231 4886-9;01.11.2026;Testdaten\n", encoding="utf-8")
    result = run(project, "--update", project / "t.csv")
    assert result.returncode == 0, result.stdout + result.stderr
    after = path.read_text(encoding="utf-8")
    changed = [line for line in difflib.unified_diff(text.splitlines(), after.splitlines(), lineterm="", n=0)
               if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert changed == ['-phone: ["07231 4886-0"]', '+phone: ["07231 4886-9"]', "-verified: 2018-06-22", "+verified: 2026-11-01"]
    offer = load_valid(project, TODAY).offers["rathaus-musterdorf"]
    assert offer.name.values == {"de": "Rathaus Musterdorf", "en": "Town hall Musterdorf"}  # English kept


# -- HSDS 3.1 tabular data package (the CSV files and datapackage.json of /daten/hsds/de/) ---------


def write_package(root, directory, folder="paket"):
    from generator import opendata

    target = root / folder
    target.mkdir()
    for path, content in opendata.export(directory).items():
        if path.startswith("daten/hsds/de/") and not path.endswith(".json") or path == "daten/hsds/de/datapackage.json":
            (target / path.removeprefix("daten/hsds/de/")).write_bytes(content)
    return target


@pytest.mark.parametrize("data", ["fixture", "shipped"])
def test_round_trip_hsds_package(tmp_path, data):
    """Export the tabular package, import it again (its datapackage.json, or its folder): the same offers."""
    from generator.build import load_valid

    root = data_project(tmp_path, data)
    before = load_valid(root)
    package = write_package(root, before)
    assert not list(package.glob("services.json"))  # the tables alone, not the JSON documents
    result = run(root, "--update", package / "datapackage.json")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr.count("geschrieben: ") == len(before.offers)
    same_offers(before.offers, load_valid(root).offers, before.today)
    if data == "fixture":
        assert run(root, "--update", "--dry-run", package).returncode == 0  # the folder works as well


def test_new_offers_from_an_hsds_package(project):
    from generator.build import load_valid

    before = load_valid(project)
    package = write_package(project, before)
    (project / before.offers["sprachcafe-musterdorf"].path).unlink()
    result = run(project, package / "datapackage.json")
    assert result.returncode == 1  # the others are there already
    assert f"{package}/services.csv:" in result.stdout and "gibt es schon" in result.stdout
    result = run(project, "--skip-invalid", package / "datapackage.json")
    assert "geschrieben: municipalities/musterdorf/offers/sprachcafe-musterdorf.yml" in result.stderr
    new = load_valid(project).offers["sprachcafe-musterdorf"]
    old = before.offers["sprachcafe-musterdorf"]
    assert new.name.values == {"de": old.name.values["de"]} and new.serves == old.serves and new.sources == old.sources


def test_hsds_package_problems(project):
    """A package with a missing table file, a broken link and a bad number: each at its file and row."""
    from generator.build import load_valid

    package = write_package(project, load_valid(project))
    (package / "phones.csv").unlink()
    path = str(package / "datapackage.json")
    result = run(project, path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [f"{path}:1: resources[5]: die Datei „phones.csv“ von „phone“ fehlt neben datapackage.json"]
    write_package(project, load_valid(project), "zwei")

    def change(table: str, column: str, value: str) -> None:
        """Set ``column`` of the first row of a CSV file of the package."""
        import csv
        import io

        rows = list(csv.reader(io.StringIO((project / "zwei" / table).read_bytes().decode("utf-8"), newline="")))
        rows[1][rows[0].index(column)] = value
        out = io.StringIO()
        csv.writer(out, lineterminator="\r\n").writerows(rows)
        (project / "zwei" / table).write_bytes(out.getvalue().encode("utf-8"))

    change("services.csv", "organization_id", "00000000-0000-0000-0000-000000000000")
    change("locations.csv", "latitude", "nördlich")
    result = run(project, project / "zwei")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [f"{project / 'zwei'}/locations.csv:2:9: latitude: „nördlich“ ist keine Zahl"]
    change("locations.csv", "latitude", "")
    result = run(project, project / "zwei")
    assert result.stdout.splitlines() == [
        f"{project / 'zwei'}/services.csv:2:2: organization_id: „00000000-0000-0000-0000-000000000000“ steht nicht in organizations.csv"]
    (project / "leer").mkdir()
    assert run(project, project / "leer").stdout.startswith(f"{project / 'leer'}/datapackage.json:1: datei: kein Datenpaket")


@pytest.mark.parametrize("data", ["fixture", "shipped"])
def test_round_trip_integreat(tmp_path, data):
    """Our Integreat POI file read back: for every offer, what the format holds comes back the same
    (name, address, coordinates, website, e-mail, first phone number, first topic); the folder from
    the town, or --folder for places outside the district."""
    import datetime as dt

    from generator import opendata
    from generator.build import load_valid
    from generator.opendata import common, importer

    before = load_valid(data_project(tmp_path, data))
    exported = opendata.export(before)["daten/integreat-pois.csv"]
    records, problems = importer.read_integreat(exported, "pois.csv", before, "Integreat", dt.date(2026, 1, 1), "enzkreis")
    assert problems == []
    offers = list(common.offers(before))
    assert len(records) == len(offers) > 0
    towns = {m.name: m.slug for m in before.municipalities}
    for record, offer in zip(records, offers):
        d = record.data
        assert d["name"] == {"de": offer.name.values["de"]}
        assert d["categories"] == [offer.categories[0]]
        a = offer.address
        assert d.get("address") == ({"street": a.street, "postal_code": a.postal_code, "city": a.city} if a else None)
        c = offer.coordinates
        assert d.get("coordinates") == ({"lat": c.lat, "lon": c.lon} if c else None)
        assert (d.get("website"), d.get("email")) == (offer.website, offer.email)
        assert d.get("phone") == ([offer.phones[0].display] if offer.phones else None), offer.id
        assert record.folder == (towns.get(a.city, "enzkreis") if a else "enzkreis"), offer.id
