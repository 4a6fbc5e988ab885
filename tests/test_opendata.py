"""Open data exports (generator/opendata), checked against the official schemas.

HSDS 3.1: every JSON document against the compiled schemas of openreferral/specification (with
``additionalProperties: false`` everywhere, as the specification's own example check does), the
tables with Frictionless, both with our datapackage.json and with the official table schemas.
The reference copies live in ../shared/reference/ (tests may read them; the build never does).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import uuid
from pathlib import Path

import pytest

from conftest import REPO, SITE_URL, TODAY, make_project

REFERENCE = REPO.parent / "shared" / "reference"
HSDS = REFERENCE / "hsds-3.1"


@pytest.fixture(scope="module")
def directory(tmp_path_factory):
    from generator.build import load_valid

    root = make_project(tmp_path_factory.mktemp("opendata") / "project")
    return load_valid(root, TODAY, SITE_URL)


@pytest.fixture(scope="module")
def exported(directory):
    from generator import opendata

    return opendata.export(directory)


def strict(schema):
    """The schema with additionalProperties false on every object (compiletojsonschema's option)."""
    if isinstance(schema, dict):
        out = {k: strict(v) for k, v in schema.items()}
        if isinstance(out.get("properties"), dict) and "additionalProperties" not in out:
            out["additionalProperties"] = False
        return out
    if isinstance(schema, list):
        return [strict(x) for x in schema]
    return schema


def validator(path: Path):
    """A validator for one official schema file; $refs resolve to the files beside it."""
    from jsonschema import Draft202012Validator, FormatChecker
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    folder = HSDS / "schema"
    registry = Registry().with_resources(
        (p.name, Resource(strict(json.loads(p.read_text(encoding="utf-8"))), specification=DRAFT202012))
        for p in folder.glob("*.json")
    )
    schema = strict(json.loads(path.read_text(encoding="utf-8")))
    return Draft202012Validator(schema, registry=registry, format_checker=FormatChecker())


DOCUMENTS = {
    "services.json": "compiled/service.json",
    "organizations.json": "compiled/organization.json",
    "service_at_locations.json": "compiled/service_at_location.json",
    "taxonomies.json": "taxonomy.json",
    "taxonomy_terms.json": "taxonomy_term.json",
}


@pytest.mark.parametrize("lang", ["de", "en", "ar"])
@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_every_hsds_document_validates_against_the_official_schema(exported, name, lang):
    docs = json.loads(exported[f"daten/hsds/{lang}/{name}"])
    assert docs, name
    check = validator(HSDS / "schema" / DOCUMENTS[name])
    problems = [f"{i}: {e.json_path}: {e.message}" for i, doc in enumerate(docs) for e in check.iter_errors(doc)]
    assert problems == []


def test_the_strict_check_catches_a_wrong_document(exported):
    """The validator is not a pass-through: a field HSDS does not have, a missing id, a bad UUID."""
    doc = json.loads(exported["daten/hsds/de/services.json"])[0]
    check = validator(HSDS / "schema" / "compiled/service.json")
    assert not list(check.iter_errors(doc))
    assert list(check.iter_errors(doc | {"kennung": "x"}))
    assert list(check.iter_errors({k: v for k, v in doc.items() if k != "id"}))
    assert list(check.iter_errors(doc | {"id": "not-a-uuid"}))
    assert list(check.iter_errors(doc | {"schedules": [{"id": doc["id"], "freq": "DAILY"}]}))


def test_our_table_definitions_are_the_official_ones():
    from generator.opendata import hsds

    official = {r["name"]: r for r in json.loads((HSDS / "datapackage.json").read_text(encoding="utf-8"))["resources"]}
    for table, (path, _) in hsds.TABLES.items():
        assert official[table]["path"] == path
        theirs = [(f["name"], f["type"], f.get("format"), bool(f.get("constraints", {}).get("required")))
                  for f in official[table]["schema"]["fields"]]
        ours = [(f.name, f.type, f.format, f.required) for f in hsds.fields(table)]
        assert ours == theirs, table


def _write_package(exported, lang: str, target: Path) -> Path:
    prefix = f"daten/hsds/{lang}/"
    for path, data in exported.items():
        if path.startswith(prefix):
            (target / path.removeprefix(prefix)).write_bytes(data)
    return target / "datapackage.json"


def _frictionless_errors(descriptor_path: Path) -> list[str]:
    from frictionless import Package, system

    with system.use_context(trusted=True):
        report = Package(str(descriptor_path)).validate()
    return [f"{task.name}: {error.message}" for task in report.tasks for error in task.errors] + [
        e.message for e in report.errors]


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_the_datapackage_validates_with_frictionless(exported, tmp_path, lang):
    descriptor = _write_package(exported, lang, tmp_path)
    package = json.loads(descriptor.read_text(encoding="utf-8"))
    assert {r["name"] for r in package["resources"]} >= {"service", "organization", "location", "schedule", "attribute"}
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    assert _frictionless_errors(descriptor) == []


def test_the_tables_validate_against_the_official_table_schemas(exported, tmp_path):
    """The same CSV files, described by the official datapackage.json (its field types and
    constraints, and its foreign keys among the tables we publish)."""
    ours = json.loads(_write_package(exported, "de", tmp_path).read_text(encoding="utf-8"))
    official = {r["name"]: r for r in json.loads((HSDS / "datapackage.json").read_text(encoding="utf-8"))["resources"]}
    names = {r["name"] for r in ours["resources"]}
    resources = []
    for r in ours["resources"]:
        schema = dict(official[r["name"]]["schema"])
        schema["foreignKeys"] = [k for k in schema.get("foreignKeys", []) if k["reference"]["resource"] in names]
        resources.append({"name": r["name"], "path": r["path"], "format": "csv", "encoding": "utf-8", "schema": schema})
    (tmp_path / "official.json").write_text(json.dumps({"resources": resources}), encoding="utf-8")
    assert _frictionless_errors(tmp_path / "official.json") == []


def test_frictionless_finds_a_broken_table(exported, tmp_path):
    descriptor = _write_package(exported, "de", tmp_path)
    services = (tmp_path / "services.csv").read_text(encoding="utf-8").splitlines()
    first = next(csv.reader([services[1]]))
    first[0] = "kein-uuid"
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerow(first)
    (tmp_path / "services.csv").write_text("\r\n".join([services[0], buf.getvalue().rstrip()] + services[2:]) + "\r\n", encoding="utf-8")
    errors = _frictionless_errors(descriptor)
    assert errors and any("kein-uuid" in e for e in errors)


def hsds_docs(exported, name="services.json", lang="de"):
    return json.loads(exported[f"daten/hsds/{lang}/{name}"])


def service(exported, offer_id, lang="de"):
    from generator.opendata.common import uid

    return next(s for s in hsds_docs(exported, lang=lang) if s["id"] == uid("service", offer_id))


def test_uuids_are_version_5_from_our_ids_and_stable(exported, directory):
    from generator import opendata
    from generator.opendata.common import NAMESPACE

    assert NAMESPACE == uuid.UUID("68b7a9c9-09e6-5d6f-8baf-5a7adec98310")
    s = service(exported, "jobcenter-test")
    assert s["id"] == str(uuid.uuid5(NAMESPACE, "service:jobcenter-test"))
    assert uuid.UUID(s["id"]).version == 5
    assert opendata.export(directory) == exported  # a second export: the same bytes


def test_an_offer_in_hsds(exported):
    s = service(exported, "jobcenter-test")
    assert s["name"] == "Jobcenter Testkreis"
    assert s["assured_date"] == "2024-05-01"  # verified
    assert s["url"] == "https://www.example.org/jobcenter" and s["email"] == "jobcenter@example.org"
    assert s["organization"]["name"] == "Landratsamt Testkreis"
    assert [p["number"] for p in s["phones"]] == ["07231 308-0", "+49 7231 308-1"]
    assert [(x["code"], x["name"]) for x in s["languages"]] == [("de", "Deutsch"), ("en", "Englisch"), ("ar", "Arabisch")]
    assert s["eligibility_description"] == "Menschen ohne Arbeit"
    assert s["application_process"] == "Termin empfohlen"
    (sal,) = s["service_at_locations"]
    loc = sal["location"]
    assert (loc["latitude"], loc["longitude"]) == (48.8922, 8.6946)
    (address,) = loc["addresses"]
    assert (address["address_1"], address["postal_code"], address["city"], address["country"]) == (
        "Teststraße 1", "75177", "Pforzheim", "DE")
    (area,) = s["service_areas"]  # a district-wide offer: the district, with its AGS
    assert area["name"] == "Testkreis"
    terms = {t["id"]: t for t in hsds_docs(exported, "taxonomy_terms.json")}
    attrs = [(terms[a["taxonomy_term_id"]]["code"], a.get("value"), a.get("label")) for a in s["attributes"]]
    assert ("kennung", "jobcenter-test", None) in attrs
    assert ("ordner", "enzkreis", None) in attrs
    assert ("work", None, None) in attrs  # the category, a term of the taxonomy "Themen"
    assert ("quelle", "https://www.example.org/quelle", "Testdaten (2024-05-01)") in attrs
    assert ("termin", "recommended", None) in attrs
    (ags,) = area["attributes"]
    assert (terms[ags["taxonomy_term_id"]]["code"], ags["value"]) == ("ags", "08236")


def test_municipalities_served_with_their_ags(exported):
    s = service(exported, "sprachcafe-musterdorf")
    terms = {t["id"]: t["code"] for t in hsds_docs(exported, "taxonomy_terms.json")}
    areas = {a["name"]: [(terms[x["taxonomy_term_id"]], x["value"]) for x in a["attributes"]] for a in s["service_areas"]}
    assert areas == {"Beispielstadt": [("ags", "08236998")], "Musterdorf": [("ags", "08236999")]}


def test_opening_hours_become_weekly_schedules(exported):
    s = service(exported, "jobcenter-test")
    rows = sorted((x["byday"], x["opens_at"], x["closes_at"], x["freq"], x.get("notes")) for x in s["schedules"])
    # "Mo-Fr 08:00-12:00; Th 14:00-18:00; PH off": in OpenStreetMap syntax the Thursday rule replaces Mo-Fr
    assert rows == [
        ("MO,TU,WE,FR", "08:00:00", "12:00:00", "WEEKLY", "An gesetzlichen Feiertagen geschlossen."),
        ("TH", "14:00:00", "18:00:00", "WEEKLY", "An gesetzlichen Feiertagen geschlossen."),
    ]


def test_closures_are_dated_exceptions(exported):
    s = service(exported, "sprachcafe-musterdorf")
    weekly = [x for x in s["schedules"] if "valid_from" not in x]
    dated = [x for x in s["schedules"] if "valid_from" in x]
    assert [(x["byday"], x["opens_at"], x["closes_at"]) for x in weekly] == [("WE", "16:00:00", "18:00:00")]
    assert [(x["valid_from"], x["valid_to"], x["description"], "opens_at" in x) for x in dated] == [
        ("2026-12-21", "2027-01-08", "geschlossen: Winterpause", False)]


def test_a_day_with_only_a_comment(exported):
    s = service(exported, "rathaus-musterdorf")
    rows = sorted((x["byday"], x.get("opens_at"), x.get("description")) for x in s["schedules"])
    assert rows == [("MO,TU", "08:00:00", None), ("WE", None, "nach Vereinbarung")]


def test_other_languages_have_their_own_package(exported):
    en = service(exported, "jobcenter-test", "en")
    assert en["name"] == "Job centre (test)" and en["alternate_name"] == "Jobcenter Testkreis"
    assert en["description"] == "Help with finding **work**."
    assert en["id"] == service(exported, "jobcenter-test")["id"]  # the same record
    ar = service(exported, "jobcenter-test", "ar")
    assert ar["name"] == "Jobcenter Testkreis"  # not translated: German
    assert "alternate_name" not in ar


def test_spreadsheet_csv_for_german_excel(exported, directory):
    data = exported["daten/angebote.csv"]
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads the umlauts right
    text = data.decode("utf-8-sig")
    assert "\r\n" in text
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    header = rows[0]
    assert header[:5] == ["Kennung", "Ordner", "Name", "Beschreibung", "Themen"]
    assert "Straße" in header and "Geprüft am" in header
    assert len(rows) == 1 + len(directory.offers)
    row = dict(zip(header, next(r for r in rows if r[0] == "jobcenter-test")))
    assert row["Straße"] == "Teststraße 1" and row["Breitengrad"] == "48,8922"
    assert row["Telefon"] == "07231 308-0, +49 7231 308-1"  # only a cell's first character can start a formula
    assert row["Geprüft am"] == "01.05.2024"
    assert row["Gemeinden"] == "ganzer Kreis"
    assert row["Seite"] == SITE_URL + "de/angebote/jobcenter-test/"


@pytest.mark.parametrize("value", ["=HYPERLINK(\"http://x\")", "+49 7231 1", "-1+1", "@SUM(A1)", "\tx", "\rx"])
def test_spreadsheet_cells_never_start_a_formula(value):
    from generator.opendata.spreadsheet import neutralise

    assert neutralise(value) == "'" + value
    assert neutralise("Sprachcafé") == "Sprachcafé"


def test_a_formula_in_the_data_is_neutralised_in_the_file(tmp_path):
    import dataclasses

    from generator.build import load_valid
    from generator.model import Text
    from generator.opendata import spreadsheet

    d = load_valid(make_project(tmp_path / "p"), TODAY)
    offer = d.offers["jobcenter-test"]
    evil = dataclasses.replace(offer, name=Text({"de": "=1+1 Jobcenter"}), provider="@Träger")
    d = dataclasses.replace(d, offers={**d.offers, "jobcenter-test": evil})
    rows = list(csv.reader(io.StringIO(spreadsheet.spreadsheet(d).decode("utf-8-sig"), newline=""), delimiter=";"))
    row = dict(zip(rows[0], next(r for r in rows if r[0] == "jobcenter-test")))
    assert row["Name"] == "'=1+1 Jobcenter" and row["Träger"] == "'@Träger"
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for r in rows for cell in r)


# The header of Integreat's sample file (digitalfabrik/integreat-cms,
# tests/core/management/commands/assets/pois_to_import.csv), which its import_pois_from_csv reads.
INTEGREAT_HEADER = (
    "name,street_address,postal_code,city,country,latitude,longitude,location_on_map,website,email,phone_number,"
    "appointment_url,category,barrier_free,temporarily_closed,monday_start,monday_end,monday_all_day,monday_closed,"
    "monday_appointment_only,tuesday_start,tuesday_end,tuesday_all_day,tuesday_closed,tuesday_appointment_only,"
    "wednesday_start,wednesday_end,wednesday_all_day,wednesday_closed,wednesday_appointment_only,thursday_start,"
    "thursday_end,thursday_all_day,thursday_closed,thursday_appointment_only,friday_start,friday_end,friday_all_day,"
    "friday_closed,friday_appointment_only,saturday_start,saturday_end,saturday_all_day,saturday_closed,"
    "saturday_appointment_only,sunday_start,sunday_end,sunday_all_day,sunday_closed,sunday_appointment_only"
)


def test_integreat_poi_csv(exported, directory):
    data = exported["daten/integreat-pois.csv"]
    assert not data.startswith(b"\xef\xbb\xbf")  # Integreat opens it as plain utf-8
    text = data.decode("utf-8")
    assert text.splitlines()[0] == INTEGREAT_HEADER
    rows = {r["name"]: r for r in csv.DictReader(io.StringIO(text, newline=""))}
    assert len(rows) == len(directory.offers)
    jc = rows["Jobcenter Testkreis"]
    assert (jc["street_address"], jc["postal_code"], jc["city"], jc["latitude"], jc["longitude"]) == (
        "Teststraße 1", "75177", "Pforzheim", "48.8922", "8.6946")
    assert jc["location_on_map"] == "yes" and jc["phone_number"] == "07231 308-0"
    assert jc["category"] == "Arbeit"
    assert (jc["monday_start"], jc["monday_end"], jc["monday_closed"]) == ("08:00", "12:00", "no")
    assert (jc["thursday_start"], jc["thursday_end"]) == ("14:00", "18:00")
    assert jc["saturday_closed"] == "yes" and jc["saturday_start"] == ""
    rm = rows["Rathaus Musterdorf"]
    assert rm["wednesday_appointment_only"] == "yes" and rm["wednesday_start"] == ""
    assert rows["Notruf"]["location_on_map"] == "no" and rows["Notruf"]["monday_closed"] == ""


def test_integreat_temporarily_closed_during_a_closure(tmp_path):
    from generator.build import load_valid
    from generator.opendata import integreat

    d = load_valid(make_project(tmp_path / "p"), dt.date(2026, 12, 28))
    rows = {r["name"]: r for r in csv.DictReader(io.StringIO(integreat.pois_csv(d).decode("utf-8"), newline=""))}
    assert rows["Sprachcafé Musterdorf"]["temporarily_closed"] == "yes"
    assert rows["Jobcenter Testkreis"]["temporarily_closed"] == "no"


def test_geojson(exported, directory):
    offers = json.loads(exported["daten/angebote.geojson"])
    assert offers["type"] == "FeatureCollection"
    located = sorted(o.id for o in directory.offers.values() if o.coordinates)
    assert sorted(f["id"] for f in offers["features"]) == located
    jc = next(f for f in offers["features"] if f["id"] == "jobcenter-test")
    assert jc["geometry"] == {"type": "Point", "coordinates": [8.6946, 48.8922]}  # longitude first
    assert "ODbL" in offers["attribution"] and "CC BY 4.0" in offers["attribution"]
    towns = json.loads(exported["daten/gemeinden.geojson"])
    beispiel = next(f for f in towns["features"] if f["id"] == "beispielstadt")
    assert beispiel["geometry"]["coordinates"] == [8.80, 48.95]
    assert beispiel["properties"]["ags"] == "08236998"


def test_licence_is_configurable(tmp_path):
    from generator import opendata
    from generator.build import load_valid

    root = make_project(tmp_path / "p")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("name: Creative Commons Namensnennung 4.0 International (CC BY 4.0)",
                            "name: Datenlizenz Deutschland – Namensnennung – Version 2.0")
    config = config.replace("spdx: CC-BY-4.0", "spdx: DL-DE-BY-2.0")
    config = config.replace("url: https://creativecommons.org/licenses/by/4.0/deed.de", "url: https://www.govdata.de/dl-de/by-2-0")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    files = opendata.export(load_valid(root, TODAY))
    package = json.loads(files["daten/hsds/de/datapackage.json"])
    assert package["licenses"][0] == {"name": "DL-DE-BY-2.0", "title": "Datenlizenz Deutschland – Namensnennung – Version 2.0",
                                      "path": "https://www.govdata.de/dl-de/by-2-0"}
    assert package["licenses"][1]["name"] == "ODbL-1.0"
    assert "Datenlizenz Deutschland" in files["daten/LIZENZ.txt"].decode("utf-8")


def test_a_bad_licence_setting_is_reported(tmp_path):
    from generator.errors import WegweiserError
    from generator.build import load_valid

    root = make_project(tmp_path / "p")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"(?m)^ *spdx: CC-BY-4.0\n", "", config)
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    with pytest.raises(WegweiserError) as err:
        load_valid(root, TODAY)
    assert any(p.field == "extra.wegweiser.data_licence" and p.message == "braucht name, spdx (z. B. CC-BY-4.0) und url der Lizenz"
               for p in err.value.problems)


def test_json_ld_blocks_hold_no_markup():
    """Data text can never end the data block or start markup inside it."""
    from generator.opendata import jsonld

    block = jsonld.script({"name": "</script><script>alert(1)</script> & <!-- x"})
    assert block.count("</script") == 1 and block.endswith("</script>")
    body = block.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert "<" not in body and ">" not in body and "&" not in body
    assert json.loads(body) == {"name": "</script><script>alert(1)</script> & <!-- x"}
