"""JSON Schemas for editors' tools, made from the field tables in :mod:`generator.schema`.

Editors' editors (VS Code with the YAML extension, GitHub's web editor with it, …) read the
``# yaml-language-server: $schema=…`` line at the top of each data file and offer completion,
descriptions and checks. The schemas follow the data: category ids, municipality folders and
site languages are enumerated, so ``wegweiser schema`` runs again when those change (a test
keeps the committed files in step).
"""

from __future__ import annotations

import json
from pathlib import Path

from . import schema
from .markup import WEB_SCHEMES
from .model import Directory
from .phones import PHONE

SCHEMA_DIR = "schema"
DRAFT = "https://json-schema.org/draft-07/schema#"
FILES = {
    "offer": schema.OFFER_FIELDS,
    "municipality": schema.MUNICIPALITY_FIELDS,
    "district": schema.DISTRICT_FIELDS,
    "categories": schema.CATEGORY_FIELDS,
}


def data_files(root: Path) -> list[tuple[str, str]]:
    """(schema kind, path relative to root) of every data file that references a schema."""
    found = [("categories", "content/categories.yml")]
    for path in sorted((root / "municipalities").glob("*/*.yml")):
        kind = "district" if path.name == "district.yml" else "municipality"
        found.append((kind, path.relative_to(root).as_posix()))
    found += [("offer", p.relative_to(root).as_posix()) for p in sorted((root / "municipalities").glob("*/offers/*.yml"))]
    return [(kind, rel) for kind, rel in found if (root / rel).is_file()]


def header(kind: str, depth: int) -> str:
    """The first line of a data file ``depth`` folders below the project root."""
    return f"# yaml-language-server: $schema={'../' * depth}{SCHEMA_DIR}/{kind}.schema.json\n"


def _text(langs: tuple[str, ...], required: tuple[str, ...]) -> dict:
    return {
        "type": "object",
        "properties": {lang: {"type": "string", "minLength": 1} for lang in langs},
        "patternProperties": {"^[a-z]{2,3}$": {"type": "string", "minLength": 1}},  # languages not built yet
        "required": list(required),
        "additionalProperties": False,
    }


def _object(fields: dict[str, schema.Field], d: Directory) -> dict:
    return {
        "type": "object",
        "properties": {name: {"description": f.doc, **_kind(f, d)} for name, f in fields.items()},
        "required": [name for name, f in fields.items() if f.required],
        "additionalProperties": False,
    }


def _kind(f: schema.Field, d: Directory) -> dict:
    langs = d.config.languages
    bounds = d.config.bounds
    strings = {"type": "array", "items": {"type": "string", "minLength": 1}}
    kinds = {  # lazy: sources nest the same table
        schema.TEXT: lambda: _text(langs, ("de",)),
        schema.NAMES: lambda: _text(langs, langs),
        schema.LINE: lambda: {"type": "string", "minLength": 1},
        schema.LINES: lambda: strings,
        schema.CHOICE: lambda: {"enum": list(f.choices)},
        schema.CATEGORIES: lambda: {"type": "array", "minItems": 1, "items": {"enum": [c.id for c in d.categories]}},
        schema.ADDRESS: lambda: {
            "type": "object",
            "properties": {
                "street": {"type": "string", "minLength": 1},
                "postal_code": {"type": "string", "pattern": "^[0-9]{5}$"},
                "city": {"type": "string", "minLength": 1},
            },
            "required": ["street", "postal_code", "city"],
            "additionalProperties": False,
        },
        schema.COORDINATES: lambda: {
            "type": "object",
            "properties": {
                "lat": {"type": "number", "minimum": bounds.south, "maximum": bounds.north},
                "lon": {"type": "number", "minimum": bounds.west, "maximum": bounds.east},
            },
            "required": ["lat", "lon"],
            "additionalProperties": False,
        },
        schema.PHONES: lambda: {"type": "array", "items": {"type": "string", "pattern": PHONE.pattern}},
        schema.EMAIL: lambda: {"type": "string", "format": "email"},
        schema.URL: lambda: {"type": "string", "pattern": "^(" + "|".join(WEB_SCHEMES) + ")://"},
        schema.OPENING_HOURS: lambda: {"type": "string", "minLength": 1},
        schema.LANGUAGES: lambda: {"type": "array", "items": {"type": "string", "pattern": "^[a-z]{2,3}$"}},
        schema.SERVES: lambda: {
            "oneOf": [
                {"const": "enzkreis"},
                {"type": "array", "minItems": 1, "items": {"enum": [m.slug for m in d.municipalities]}},
            ]
        },
        schema.FIELD_NAMES: lambda: {"type": "array", "items": {"enum": list(schema.OFFER_FIELDS)}},
        schema.SITE_LANGUAGES: lambda: {"type": "array", "items": {"enum": list(langs)}},
        schema.SOURCES: lambda: {"type": "array", "minItems": 1, "items": _object(schema.SOURCE_FIELDS, d)},
        schema.DATE: lambda: {"type": "string", "format": "date"},
        schema.AGS: lambda: {"type": "string", "pattern": "^[0-9]{8}$"},
        schema.POSTAL_CODES: lambda: {"type": "array", "minItems": 1, "items": {"type": "string", "pattern": "^[0-9]{5}$"}},
        schema.POPULATION: lambda: {
            "type": "object",
            "properties": {"count": {"type": "integer", "minimum": 0}, "year": {"type": "integer"}},
            "required": ["count", "year"],
            "additionalProperties": False,
        },
        schema.OFFER_REF: lambda: {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
        schema.OFFER_REFS: lambda: {"type": "array", "minItems": 1, "items": {"type": "string"}},
        schema.IM_REF: lambda: {
            "type": "object",
            "properties": {"offer": {"type": "string"}, "source": {"type": "array", "items": _object(schema.SOURCE_FIELDS, d)}},
            "required": ["offer", "source"],
            "additionalProperties": False,
        },
        schema.BOOL: lambda: {"type": "boolean"},
        schema.ICON: lambda: {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
        schema.COLOR: lambda: {"type": "string", "pattern": "^#[0-9a-fA-F]{6}$"},
        schema.SLUG: lambda: {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
    }
    return kinds[f.kind]()


def schemas(d: Directory) -> dict[str, str]:
    """Relative path -> JSON text of every schema file."""
    out = {}
    for kind, fields in FILES.items():
        body = _object(fields, d)
        if kind == "categories":
            body = {"type": "array", "items": body}
        doc = {"$schema": DRAFT, "$id": f"{kind}.schema.json", "title": f"Wegweiser: {kind}", **body}
        out[f"{SCHEMA_DIR}/{kind}.schema.json"] = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    return out
