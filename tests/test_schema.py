"""One schema, everything derived from it: every artefact made from the field tables agrees with them.

The committed JSON Schemas are compared in test_shipped_data, the README's field reference in
test_docs, the editing app's configuration in test_editor; here: the descriptors themselves,
the model, the translatable texts and the new-offer template.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from conftest import TODAY
from generator import fields, schema, translations
from generator.jsonschema import schemas, vocabulary
from generator.loader import Document, load_project
from generator.model import Offer, _offer, build_directory
from generator.offer_template import offer_template

TABLES = {title: table for title, table in schema.TABLES}
KIND_OF_JSON = {  # what a JSON Schema says about a value of each descriptor class
    fields.Text: "object", fields.Line: "string", fields.Lines: "array", fields.Categories: "array",
    fields.Phones: "array", fields.Email: "string", fields.Url: "string", fields.OpeningHours: "string",
    fields.Languages: "array", fields.SiteLanguages: "array", fields.FieldNames: "array", fields.Sources: "array",
    fields.Date: "string", fields.LastCheck: "string", fields.Bool: "boolean", fields.Address: "object", fields.Coordinates: "object",
    fields.Mapping: "object", fields.ListOf: "array", fields.Pattern: "string", fields.Color: "string",
    fields.OfferRef: "string", fields.AnyOfferRef: "string", fields.LanguageLists: "object",
}

# One document with every offer field set: each value as an editor writes it
FULL_OFFER = {
    "name": {"de": "Beratung", "ar": "استشارة"},
    "description": {"de": "Hilfe bei Briefen."},
    "categories": ["counselling"],
    "provider": "Träger e. V.",
    "steward": "Rathaus Musterdorf",
    "address": {"street": "Hauptstraße 1", "postal_code": "75217", "city": "Musterdorf"},
    "coordinates": {"lat": 48.9, "lon": 8.7},
    "phone": ["07231 308-0"],
    "email": "info@example.org",
    "website": "https://www.example.org/",
    "opening_hours": "Mo 09:00-12:00",
    "transport": {"de": "Bus 719, Haltestelle Rathaus"},
    "languages": ["de", "ar"],
    "interpreting": ["fa", "uk"],
    "cost": "free",
    "appointment": "required",
    "audience": {"de": "Erwachsene"},
    "accessibility": {"de": "Aufzug"},
    "serves": ["musterdorf"],
    "unconfirmed": ["phone"],
    "unreviewed": ["ar"],
    "source": [{"title": "Webseite", "url": "https://www.example.org/", "date": dt.date(2026, 1, 1), "fields": ["phone"]}],
    "verified": dt.date(2026, 1, 1),
}


def test_the_full_example_covers_every_offer_field():
    assert set(FULL_OFFER) == set(schema.OFFER_FIELDS)


def test_every_descriptor_describes_itself_in_every_way(project):
    v = vocabulary(build_directory(load_project(project), TODAY))
    for title, table in TABLES.items():
        for name, f in table.items():
            assert f.doc and f.doc_row(name).startswith(f"| `{name}` |"), (title, name)
            js = f.json_schema(v)
            expected = KIND_OF_JSON.get(type(f))
            assert js.get("type") == expected or (type(f) in (fields.Choice, fields.Serves)), (title, name, js)
            widget = f.widget_for(name, v)
            assert widget["name"] == name and widget["required"] is f.required and widget["label"], (title, name)
            assert widget["widget"] in ("string", "text", "object", "list", "select", "datetime", "number", "boolean",
                                        "opening_hours", "last_check"), (title, name, widget)


def required_inside(widget: dict) -> list[str]:
    """The fields inside an object widget (and objects in it) that the form requires (Decap: unless false).

    A list's items are not looked into: an empty list has none, and an item is asked for whole."""
    out = []
    for sub in widget.get("fields", []):
        if sub.get("required", True):
            out.append(sub["name"])
        if sub["widget"] == "object":
            out += [f"{sub['name']}.{n}" for n in required_inside(sub)]
    return out


def test_inside_a_group_the_form_requires_fields_only_when_the_group_is_required(project):
    """An optional group (description, address, coordinates, a town's integration management) may
    stay empty in the app; a required one (a name, a town centre) asks for its required parts."""
    v = vocabulary(build_directory(load_project(project), TODAY))
    offer, town = schema.OFFER_FIELDS, schema.MUNICIPALITY_FIELDS
    for table, name in ((offer, "description"), (offer, "address"), (offer, "coordinates"), (offer, "transport"),
                        (town, "population"), (town, "integration_management"), (schema.CATEGORY_FIELDS, "description")):
        widget = table[name].widget_for(name, v)
        assert widget["required"] is False and required_inside(widget) == [], name
        assert "Pflicht" not in json.dumps(widget["fields"], ensure_ascii=False), name
    assert required_inside(offer["name"].widget_for("name", v)) == ["de"]
    assert required_inside(schema.CATEGORY_FIELDS["name"].widget_for("name", v)) == list(v.languages)
    assert required_inside(town["coordinates"].widget_for("coordinates", v)) == ["lat", "lon"]
    # the same group made required asks for its parts, nested ones included
    required = dataclasses.replace(town["integration_management"], required=True)
    assert required_inside(required.widget_for("integration_management", v)) == ["offer", "source"]
    address = dataclasses.replace(offer["address"], required=True)
    assert required_inside(address.widget_for("address", v)) == ["street", "postal_code", "city"]


def test_the_model_has_one_attribute_per_field_mapped_by_its_descriptor():
    model_fields = {f.name for f in dataclasses.fields(Offer)}
    for name, f in schema.OFFER_FIELDS.items():
        assert (f.attr or name) in model_fields, name
    offer = _offer("musterdorf", "beratung-test", FULL_OFFER)
    for name, f in schema.OFFER_FIELDS.items():
        if name == "serves":
            continue
        assert getattr(offer, f.attr or name) == f.to_model(FULL_OFFER[name]), name
    assert offer.transport.values == {"de": "Bus 719, Haltestelle Rathaus"}
    assert offer.phones[0].uri == "tel:+4972313080"
    assert offer.keeper == "Rathaus Musterdorf"
    assert dataclasses.replace(offer, steward=None).keeper == "Träger e. V."
    empty = _offer("musterdorf", "leer", {"name": {"de": "X"}, "categories": ["work"], "source": [{"title": "T"}],
                                          "verified": dt.date(2026, 1, 1)})
    assert (empty.phones, empty.transport, empty.unconfirmed, empty.languages) == ((), None, frozenset(), ())


def test_serves_the_whole_district_in_either_form():
    for serves in ("enzkreis", ["enzkreis"]):
        offer = _offer("musterdorf", "x", {**FULL_OFFER, "serves": serves})
        assert offer.serves_all and offer.serves_municipality("beispielstadt")


def test_translatable_texts_are_exactly_the_text_fields():
    assert translations.TRANSLATABLE_OFFER_FIELDS == tuple(
        name for name, f in schema.OFFER_FIELDS.items() if isinstance(f, fields.Text))
    assert "transport" in translations.TRANSLATABLE_OFFER_FIELDS


def test_json_schema_and_validation_agree_on_a_full_offer(project):
    import jsonschema

    from generator.validate import validate

    d = build_directory(load_project(project), TODAY)
    validator = jsonschema.Draft7Validator(json.loads(schemas(d)["schema/offer.schema.json"]),
                                           format_checker=jsonschema.FormatChecker())
    as_json = json.loads(json.dumps(FULL_OFFER, default=str))
    assert list(validator.iter_errors(as_json)) == []
    import yaml

    path = project / "municipalities/musterdorf/offers/beratung-test.yml"
    path.write_text(yaml.safe_dump(FULL_OFFER, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert [str(p) for p in validate(load_project(project), today=TODAY)] == []


@pytest.mark.parametrize("name, value, message", [
    ("transport", "Bus 719", 'muss je Sprache angegeben werden, z. B. "transport: {de: ...}"'),
    ("transport", {"de": "<b>Bus</b>"}, None),
    ("steward", ["Rathaus"], "muss ein Text sein, ist aber eine Liste"),
    ("serves", ["musterdorf", "nirgendwo"], 'unbekannte Gemeinde "nirgendwo"'),
    ("serves", ["enzkreis", "musterdorf"], '"enzkreis" (ganzer Kreis) nicht zusammen mit einzelnen Gemeinden angeben'),
])
def test_new_fields_are_checked_like_the_others(project, name, value, message):
    import yaml

    from generator.validate import validate

    path = project / "municipalities/musterdorf/offers/beratung-test.yml"
    path.write_text(yaml.safe_dump({**FULL_OFFER, name: value}, allow_unicode=True, sort_keys=False), encoding="utf-8")
    found = [p for p in validate(load_project(project), today=TODAY) if p.file.endswith("beratung-test.yml")]
    assert found, name
    if message:
        assert [p.message for p in found] == [message]
    else:  # markup in a text: the same message as in any other text
        assert found[0].field == "transport.de" and "HTML" in found[0].message


def test_mirror_hosts_are_no_sources(project):
    from generator.validate import validate

    (project / "content/mirror-hosts.yml").write_text(
        "- host: de.wiki.li\n  note: Kopie von Wikipedia-Artikeln\n- host: [x]\n", encoding="utf-8")
    offer = project / "municipalities/musterdorf/offers/sprachcafe-musterdorf.yml"
    offer.write_text(offer.read_text(encoding="utf-8").replace(
        "  - title: Testdaten\n", "  - title: Testdaten\n    url: https://www.de.wiki.li/Musterdorf\n"), encoding="utf-8")
    assert [str(p) for p in validate(load_project(project), today=TODAY)] == [
        'content/mirror-hosts.yml:3: host: muss ein Text sein, ist aber eine Liste',
        'municipalities/musterdorf/offers/sprachcafe-musterdorf.yml:9: source.url: "https://www.de.wiki.li/Musterdorf" '
        "ist eine Kopie auf de.wiki.li (Liste in content/mirror-hosts.yml); bitte die Originalquelle angeben, "
        "z. B. den Wikipedia-Artikel selbst",
    ]


def test_the_new_offer_template_offers_every_field_in_table_order(project):
    d = build_directory(load_project(project), TODAY)
    text = offer_template(d, "musterdorf")
    names = [line.lstrip("# ").split(":")[0] for line in text.splitlines()
             if line.lstrip("# ").split(":")[0] in schema.OFFER_FIELDS and not line.startswith("#   ")]
    required = [n for n, f in schema.OFFER_FIELDS.items() if f.required]
    optional = [n for n, f in schema.OFFER_FIELDS.items() if not f.required]
    assert [n for n in names if n in schema.OFFER_FIELDS] [:len(required)] == required
    assert [n for n in names if n in optional] == optional


def test_a_document_is_checked_by_the_descriptors_of_its_table(project):
    ctx = fields.Context(config=build_directory(load_project(project), TODAY).config, today=TODAY)
    doc = Document("x.yml", {"street": "A", "postal_code": 75217, "stadt": "B"}, {(): 1})
    fields.check_fields(ctx, doc, doc.data, schema.OFFER_FIELDS["address"].fields, prefix="address.")
    assert [f"{p.field}: {p.message}" for p in ctx.problems] == [
        "address.stadt: unbekannter Schlüssel",
        'address.postal_code: Postleitzahl in Anführungszeichen schreiben: "75217"',
        "address.city: Pflichtfeld fehlt",
    ]
