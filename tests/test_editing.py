"""Editors' tools: JSON Schemas, the new-offer template, and addresses of renamed offers."""

from __future__ import annotations

import json
import subprocess
import sys

import jsonschema
import yaml

from conftest import TODAY, soup
from generator.build import build
from generator.jsonschema import schemas
from generator.loader import load_project
from generator.model import build_directory
from generator.validate import validate


def cli(project, *args):
    return subprocess.run([sys.executable, "-m", "generator.cli", "--root", str(project), *args],
                          capture_output=True, text=True, check=False)


def validator(project, kind):
    d = build_directory(load_project(project), TODAY)
    return jsonschema.Draft7Validator(json.loads(schemas(d)[f"schema/{kind}.schema.json"]),
                                      format_checker=jsonschema.FormatChecker())


def as_json(path):
    return json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))


def test_fixture_files_match_their_schemas(project):
    for kind, pattern in (("offer", "municipalities/*/offers/*.yml"), ("municipality", "municipalities/*/municipality.yml"),
                          ("district", "municipalities/enzkreis/district.yml"), ("categories", "content/categories.yml")):
        v = validator(project, kind)
        files = sorted(project.glob(pattern))
        assert files
        for path in files:
            assert list(v.iter_errors(as_json(path))) == [], path


def test_schema_catches_what_editors_get_wrong(project):
    v = validator(project, "offer")
    bad = {"name": {"de": "A", "Englisch": "B"}, "categories": ["sprache"], "telefon": ["1"], "source": [{"title": "T"}],
           "verified": "2025-01-01", "cost": "gratis", "serves": ["nirgendwo"]}
    paths = sorted(".".join(map(str, e.absolute_path)) or e.validator for e in v.iter_errors(bad))
    assert paths == ["additionalProperties", "categories.0", "cost", "name", "serves"]
    descriptions = json.loads(schemas(build_directory(load_project(project), TODAY))["schema/offer.schema.json"])
    assert descriptions["properties"]["phone"]["description"].startswith("Telefonnummern als Liste")


def test_new_offer_template_validates_once_filled(project):
    result = cli(project, "new", "offer", "musterdorf", "kleiderkammer-musterdorf")
    assert result.returncode == 0, result.stderr
    path = project / "municipalities/musterdorf/offers/kleiderkammer-musterdorf.yml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../../schema/offer.schema.json\n")
    # as written, the blanks are reported
    problems = [str(p) for p in validate(load_project(project), today=TODAY) if "kleiderkammer" in p.file]
    assert problems == [
        "municipalities/musterdorf/offers/kleiderkammer-musterdorf.yml:7: name.de: darf nicht leer sein",
        "municipalities/musterdorf/offers/kleiderkammer-musterdorf.yml:9: categories: muss eine Liste mit mindestens einer Kategorie sein, z. B. [work]",
        "municipalities/musterdorf/offers/kleiderkammer-musterdorf.yml:12: source.title: darf nicht leer sein",
        'municipalities/musterdorf/offers/kleiderkammer-musterdorf.yml:16: verified: "JJJJ-MM-TT" ist kein Datum (Form JJJJ-MM-TT, z. B. 2025-03-01)',
    ]
    # every optional field of the schema is offered, commented out, with its description
    from generator.schema import OFFER_FIELDS

    for name, field in OFFER_FIELDS.items():
        assert (f"\n{name}:" if field.required else f"\n# {name}:") in text, name
        assert f"# {field.doc}" in text or field.doc in text, name
    filled = (text.replace('  de: ""', '  de: "Kleiderkammer Musterdorf"', 1)
              .replace("categories: []", "categories: [work]")
              .replace('title: ""', 'title: "Gemeindeblatt"')
              .replace("verified: JJJJ-MM-TT", "verified: 2026-11-01"))
    path.write_text(filled, encoding="utf-8")
    assert [str(p) for p in validate(load_project(project), today=TODAY)] == []
    # uncommenting an optional field with its blank filled in keeps the file valid
    with_transport = filled.replace('# transport:\n#   de: ""', 'transport:\n  de: "Bus 719, Haltestelle Rathaus"')
    assert with_transport != filled
    path.write_text(with_transport, encoding="utf-8")
    assert [str(p) for p in validate(load_project(project), today=TODAY)] == []


def test_new_offer_refuses_taken_or_bad_ids(project):
    assert cli(project, "new", "offer", "musterdorf", "jobcenter-test").stderr == 'die Kennung "jobcenter-test" ist schon vergeben\n'
    assert cli(project, "new", "offer", "nirgendwo", "x").stderr == 'unbekannte Gemeinde "nirgendwo" (Ordnernamen unter municipalities/)\n'
    assert cli(project, "new", "offer", "musterdorf", "Mein Angebot").returncode == 1


def test_renamed_and_removed_offers_keep_their_addresses(project):
    (project / "content/redirects.yml").write_text(
        "- old: jobcenter-alt\n  new: jobcenter-test\n"
        "- old: sprachtreff-weg\n  removed: 2026-10-01\n  note: {de: Fragen Sie im Rathaus nach.}\n", encoding="utf-8")
    build(project, today=TODAY)
    site = project / "site"
    moved = soup(site / "ar/angebote/jobcenter-alt/index.html")
    refresh = moved.find("meta", attrs={"http-equiv": "refresh"})
    assert refresh["content"] == "0; url=../jobcenter-test/"
    assert moved.select_one(".ww-moved a")["href"] == "../jobcenter-test/"
    gone = soup(site / "de/angebote/sprachtreff-weg/index.html")
    assert gone.h1.get_text() == "Dieses Angebot gibt es nicht mehr"
    assert "Seit 1. Oktober 2026" in gone.get_text()
    assert "Fragen Sie im Rathaus nach." in gone.get_text()


def test_redirect_rules(project):
    (project / "content/redirects.yml").write_text(
        "- old: jobcenter-test\n  new: notruf-test\n- old: x\n- old: y\n  new: fehlt\n", encoding="utf-8")
    assert [str(p) for p in validate(load_project(project), today=TODAY)] == [
        'content/redirects.yml:1: old: das Angebot "jobcenter-test" gibt es noch; alte Kennungen dürfen nicht wieder benutzt werden',
        "content/redirects.yml:3: new: genau eines von new (umbenannt) oder removed (entfernt) angeben",
        'content/redirects.yml:5: new: kein Angebot "fehlt"',
    ]


def test_schema_command_writes_schemas_and_references_them_from_every_data_file(project):
    offer = project / "municipalities/musterdorf/offers/sprachcafe-musterdorf.yml"
    offer.write_text("# yaml-language-server: $schema=../alt.json\n" + offer.read_text(encoding="utf-8"), encoding="utf-8")
    result = cli(project, "schema")
    assert result.returncode == 0, result.stderr
    assert result.stderr == "4 Schema-Datei(en) geändert, 9 Datendatei(en) mit Schema-Verweis versehen.\n"
    assert offer.read_text(encoding="utf-8").splitlines()[:2] == [
        "# yaml-language-server: $schema=../../../schema/offer.schema.json", "name:"]
    assert (project / "municipalities/musterdorf/municipality.yml").read_text().startswith(
        "# yaml-language-server: $schema=../../schema/municipality.schema.json\n")
    assert (project / "content/categories.yml").read_text().startswith(
        "# yaml-language-server: $schema=../schema/categories.schema.json\n")
    assert validate(load_project(project), today=TODAY) == []
    again = cli(project, "schema")
    assert again.stderr == "0 Schema-Datei(en) geändert, 0 Datendatei(en) mit Schema-Verweis versehen.\n"
