"""Stage 2: check every document against the data format and report all problems at once.

Each problem names file, line and field (``FILE:LINE: field: message``). Validation never
raises on bad input: whatever the YAML holds, the result is a list of problems. The checks of
single values belong to the field descriptors (:mod:`generator.fields`); this module checks
whole files and what connects them (ids, folders, redirects, pages).
"""

from __future__ import annotations

import datetime as dt

from . import fields, schema
from .config import read_config
from .errors import Problem
from .fields import Context, check_fields, wrong_type
from .loader import DISTRICT_FOLDER, Document, RawProject
from .markup import text_problems

SLUG = fields.SLUG
known_language = fields.known_language
contrast_with_white = fields.contrast_with_white


def _document(ctx: Context, doc: Document, table: dict[str, fields.Field], what: str) -> bool:
    if not isinstance(doc.data, dict):
        ctx.add(doc, (), "datei", f"muss {what} mit Schlüsseln wie {', '.join(list(table)[:3])} enthalten")
        return False
    check_fields(ctx, doc, doc.data, table)
    return True


def _check_mirror_hosts(ctx: Context, doc: Document) -> None:
    """content/mirror-hosts.yml: the hosts whose pages copy others' and are no source."""
    if doc.data is None:
        return
    if not isinstance(doc.data, list):
        ctx.add(doc, (), "datei", "muss eine Liste von Einträgen mit host sein")
        return
    hosts = set()
    for i, item in enumerate(doc.data):
        if not isinstance(item, dict):
            wrong_type(ctx, doc, (i,), "eintrag", "eine Zuordnung mit host und note", item)
            continue
        check_fields(ctx, doc, item, schema.MIRROR_FIELDS, (i,))
        if isinstance(item.get("host"), str) and item["host"].strip():
            hosts.add(item["host"].strip().lower().rstrip("."))
    ctx.mirror_hosts = frozenset(hosts)


def _check_categories_file(ctx: Context, doc: Document) -> None:
    if not isinstance(doc.data, list):
        ctx.add(doc, (), "datei", "muss eine Liste von Kategorien sein")
        return
    seen: set[str] = set()
    for i, item in enumerate(doc.data):
        if not isinstance(item, dict):
            wrong_type(ctx, doc, (i,), "kategorie", "eine Zuordnung mit id, icon, color und name", item)
            continue
        check_fields(ctx, doc, item, schema.CATEGORY_FIELDS, (i,))
        cid = item.get("id")
        if isinstance(cid, str):
            if cid in seen:
                ctx.add(doc, (i, "id"), "id", f"Kategorie \"{cid}\" ist doppelt")
            seen.add(cid)


def _check_redirects(ctx: Context, doc: Document, offer_ids: set[str]) -> None:
    if doc.data is None:
        return
    if not isinstance(doc.data, list):
        ctx.add(doc, (), "datei", "muss eine Liste von Einträgen mit old und new oder removed sein")
        return
    seen: set[str] = set()
    for i, item in enumerate(doc.data):
        if not isinstance(item, dict):
            wrong_type(ctx, doc, (i,), "eintrag", "eine Zuordnung mit old und new oder removed", item)
            continue
        check_fields(ctx, doc, item, schema.REDIRECT_FIELDS, (i,))
        old, new = item.get("old"), item.get("new")
        if ("new" in item) == ("removed" in item):
            ctx.add(doc, (i,), "new", "genau eines von new (umbenannt) oder removed (entfernt) angeben")
        if isinstance(old, str):
            if old in offer_ids:
                ctx.add(doc, (i, "old"), "old", f"das Angebot \"{old}\" gibt es noch; alte Kennungen dürfen nicht wieder benutzt werden")
            if old in seen:
                ctx.add(doc, (i, "old"), "old", f"\"{old}\" steht doppelt")
            seen.add(old)
        if isinstance(new, str) and new not in offer_ids:
            ctx.add(doc, (i, "new"), "new", f"kein Angebot \"{new}\"")


def _check_glossary(ctx: Context, doc: Document) -> None:
    """content/glossary.yml: the key terms, each named in every language of the site."""
    if doc.data is None:
        return
    if not isinstance(doc.data, list):
        ctx.add(doc, (), "datei", "muss eine Liste von Begriffen mit id, german und term sein")
        return
    seen: set[str] = set()
    for i, item in enumerate(doc.data):
        if not isinstance(item, dict):
            wrong_type(ctx, doc, (i,), "begriff", "eine Zuordnung mit id, german und term", item)
            continue
        check_fields(ctx, doc, item, schema.GLOSSARY_FIELDS, (i,))
        tid = item.get("id")
        if isinstance(tid, str):
            if tid in seen:
                ctx.add(doc, (i, "id"), "id", f"Begriff \"{tid}\" ist doppelt")
            seen.add(tid)


def _check_text_files(ctx: Context, raw: RawProject) -> None:
    for kind, files, table in (("pages", raw.pages, schema.PAGE_FIELDS), ("snippets", raw.snippets, schema.SNIPPET_FIELDS)):
        ids_with_source: set[str] = set()
        for tf in files:
            if tf.lang not in ctx.config.languages and not known_language(tf.lang):
                ctx.add(tf.meta, (), "datei", f"unbekannter Sprachcode \"{tf.lang}\" im Dateinamen")
            if tf.lang == ctx.config.source_language:
                ids_with_source.add(tf.id)
            meta = tf.meta.data if tf.meta.data is not None else {}
            if not isinstance(meta, dict):
                ctx.add(tf.meta, (), "front matter", "muss Schlüssel: Wert-Paare enthalten")
            else:
                check_fields(ctx, tf.meta, meta, table)
            for offset, line in enumerate(tf.body.splitlines()):
                for message in text_problems(line, prose=True, internal_links=kind == "pages"):
                    ctx.problems.append(Problem(tf.path, tf.body_line + offset, "text", message))
        for tf in files:
            if tf.id not in ids_with_source:
                ctx.add(tf.meta, (), "datei", f"die deutsche Fassung content/{kind}/{tf.id}.de.md fehlt")
                ids_with_source.add(tf.id)
        if kind == "snippets":
            for required in schema.REQUIRED_SNIPPETS:
                if required not in {tf.id for tf in files}:
                    ctx.problems.append(Problem(f"content/snippets/{required}.de.md", 1, "datei", "Datei fehlt"))


def validate(raw: RawProject, today: dt.date | None = None) -> list[Problem]:
    """Every problem in the project, sorted by file and line (empty list: all good)."""
    config, config_problems = read_config(raw.config)
    ctx = Context(config=config, today=today or dt.date.today())
    ctx.problems += raw.problems
    if not any(p.file == raw.config.path for p in raw.problems):  # missing or unreadable: said already
        ctx.problems += config_problems
    for path in raw.stray_files:
        ctx.problems.append(Problem(path, 1, "datei", "unerwartete Datei: Angebote gehören als .yml nach <gemeinde>/offers/"))

    if raw.categories is not None:
        if isinstance(raw.categories.data, list):
            ctx.categories = {c["id"] for c in raw.categories.data if isinstance(c, dict) and isinstance(c.get("id"), str)}
        _check_categories_file(ctx, raw.categories)

    if raw.mirror_hosts is not None:
        _check_mirror_hosts(ctx, raw.mirror_hosts)
    ctx.municipalities = set(raw.municipality_folders)
    first_seen: dict[str, Document] = {}
    for folder, offer_id, doc in raw.offers:
        ctx.offers_by_folder.setdefault(folder, set()).add(offer_id)
        if not SLUG.match(offer_id):
            ctx.add(doc, (), "datei", f"Dateiname \"{offer_id}.yml\" ist keine gültige Kennung (nur a-z, 0-9 und -)")
        if offer_id in first_seen:
            ctx.add(doc, (), "id", f"Kennung \"{offer_id}\" gibt es schon: {first_seen[offer_id].path}")
        else:
            first_seen[offer_id] = doc

    for slug, doc in raw.municipalities.items():
        if not SLUG.match(slug):
            ctx.add(doc, (), "datei", f"Ordnername \"{slug}\" ist keine gültige Kennung (nur a-z, 0-9 und -)")
        _document(ctx, doc, schema.MUNICIPALITY_FIELDS, "eine Gemeinde")
    if raw.district is not None:
        _document(ctx, raw.district, schema.DISTRICT_FIELDS, "den Kreis")
    elif raw.municipalities:
        ctx.problems.append(Problem(f"municipalities/{DISTRICT_FOLDER}/district.yml", 1, "datei", "Datei fehlt"))
    for _folder, _offer_id, doc in raw.offers:
        _document(ctx, doc, schema.OFFER_FIELDS, "ein Angebot")
    if raw.redirects is not None:
        _check_redirects(ctx, raw.redirects, set(first_seen))
    if raw.glossary is not None:
        _check_glossary(ctx, raw.glossary)
    _check_text_files(ctx, raw)
    return sorted(set(ctx.problems))


def check(raw: RawProject, today: dt.date | None = None) -> tuple[list[Problem], list[Problem]]:
    """(problems, warnings): problems stop a build; warnings (texts that name a glossary term
    differently from content/glossary.yml) are reported and stop nothing. Warnings only for valid data."""
    from .glossary import warnings

    problems = validate(raw, today)
    return problems, ([] if problems else warnings(raw))
