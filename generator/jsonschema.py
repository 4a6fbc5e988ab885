"""JSON Schemas for editors' tools, made from the field descriptors in :mod:`generator.schema`.

Editors' editors (VS Code with the YAML extension, GitHub's web editor with it, …) read the
``# yaml-language-server: $schema=…`` line at the top of each data file and offer completion,
descriptions and checks. The schemas follow the data: category ids, municipality folders and
site languages are enumerated, so ``wegweiser schema`` runs again when those change (a test
keeps the committed files in step).
"""

from __future__ import annotations

import json
from pathlib import Path

from . import fields, schema
from .model import Directory

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


def vocabulary(d: Directory) -> fields.Vocabulary:
    """The lists that schemas and forms offer, from the model."""
    labels = {}
    for lang in d.config.languages:
        german = fields.german_language_name(lang)
        native = d.config.language_label(lang)
        labels[lang] = german if native.casefold() == german.casefold() else f"{german} ({native})"
    return fields.Vocabulary(
        languages=d.config.languages,
        language_labels=labels,
        categories=tuple((c.id, c.name.values["de"]) for c in d.categories),
        municipalities=tuple((m.slug, m.name) for m in d.municipalities),
        bounds=d.config.bounds,
        offers=tuple(sorted(d.offers)),
    )


def schemas(d: Directory) -> dict[str, str]:
    """Relative path -> JSON text of every schema file."""
    out = {}
    v = vocabulary(d)
    for kind, table in FILES.items():
        body = fields.object_schema(table, v)
        if kind == "categories":
            body = {"type": "array", "items": body}
        doc = {"$schema": DRAFT, "$id": f"{kind}.schema.json", "title": f"Wegweiser: {kind}", **body}
        out[f"{SCHEMA_DIR}/{kind}.schema.json"] = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    return out
