"""Stage 2: check every document against the data format and report all problems at once.

Each problem names file, line and field (``FILE:LINE: field: message``). Validation never
raises on bad input: whatever the YAML holds, the result is a list of problems.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from typing import Any, Callable

from babel import Locale

from . import schema
from .config import SiteConfig, read_config
from .errors import Problem
from .loader import DISTRICT_FOLDER, Document, RawProject
from .markup import WEB_SCHEMES, control_problem, text_problems, url_problem
from .opening_hours import opening_hours_problem
from .phones import phone_problem

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
ICON = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_ENGLISH = Locale("en")


def known_language(code: str) -> bool:
    """True for ISO 639 codes that CLDR names (de, ar, fa, prs, ps, ku, ti, …)."""
    return isinstance(code, str) and code in _ENGLISH.languages


@dataclass
class Context:
    """What a check may need to know beyond the value itself."""

    config: SiteConfig
    today: dt.date
    categories: set[str] = field(default_factory=set)
    municipalities: set[str] = field(default_factory=set)
    offers_by_folder: dict[str, set[str]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def add(self, doc: Document, key: tuple, field_name: str, message: str) -> None:
        self.problems.append(Problem(doc.path, doc.line(*key), field_name, message))


Check = Callable[[Context, Document, tuple, str, Any, schema.Field], None]


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "ein Wahrheitswert"
    if isinstance(value, (int, float)):
        return "eine Zahl"
    if isinstance(value, str):
        return "ein Text"
    if isinstance(value, list):
        return "eine Liste"
    if isinstance(value, dict):
        return "eine Zuordnung (Schlüssel: Wert)"
    if isinstance(value, dt.date):
        return "ein Datum"
    if value is None:
        return "leer"
    return type(value).__name__


def _wrong_type(ctx: Context, doc: Document, key: tuple, name: str, expected: str, value: Any) -> None:
    ctx.add(doc, key, name, f"muss {expected} sein, ist aber {_type_name(value)}")


def check_line(ctx, doc, key, name, value, f, *, prose=False) -> None:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        _wrong_type(ctx, doc, key, name, "ein Text", value)
        return
    text = str(value)
    if not text.strip():
        ctx.add(doc, key, name, "darf nicht leer sein")
        return
    if not prose and "\n" in text.strip():
        ctx.add(doc, key, name, "muss eine einzige Zeile sein")
    for message in text_problems(text, prose=prose):
        ctx.add(doc, key, name, message)


def check_text(ctx, doc, key, name, value, f) -> None:
    """A translatable text: {de: "...", en: "..."}; German required."""
    if isinstance(value, str):
        ctx.add(doc, key, name, f"muss je Sprache angegeben werden, z. B. \"{name}: {{de: ...}}\"")
        return
    if not isinstance(value, dict):
        _wrong_type(ctx, doc, key, name, "eine Zuordnung Sprache: Text", value)
        return
    source = ctx.config.source_language
    if source not in value:
        ctx.add(doc, key, name, f"der deutsche Text ({source}) fehlt")
    required_all = f.kind == schema.NAMES
    for lang in value:
        if lang not in ctx.config.languages and not known_language(lang):
            # a language the site does not build yet is kept for later; an unknown code is a mistake
            ctx.add(doc, key + (lang,), f"{name}.{lang}", f"unbekannter Sprachcode \"{lang}\" (Sprachen der Seite: {', '.join(ctx.config.languages)})")
            continue
        check_line(ctx, doc, key + (lang,), f"{name}.{lang}", value[lang], f, prose=True)
    if required_all:
        for lang in ctx.config.languages:
            if lang not in value and lang != source:
                ctx.add(doc, key, name, f"der Text in \"{lang}\" fehlt")


def check_lines(ctx, doc, key, name, value, f) -> None:
    if not isinstance(value, list):
        _wrong_type(ctx, doc, key, name, "eine Liste", value)
        return
    for i, item in enumerate(value):
        check_line(ctx, doc, key + (i,), name, item, f)


def check_choice(ctx, doc, key, name, value, f) -> None:
    if value not in f.choices:
        ctx.add(doc, key, name, f"\"{value}\" ist nicht erlaubt (erlaubt: {', '.join(f.choices)})")


def check_categories(ctx, doc, key, name, value, f) -> None:
    if not isinstance(value, list) or not value:
        ctx.add(doc, key, name, "muss eine Liste mit mindestens einer Kategorie sein, z. B. [work]")
        return
    for i, item in enumerate(value):
        if not isinstance(item, str) or item not in ctx.categories:
            ctx.add(doc, key + (i,), name, f"unbekannte Kategorie \"{item}\"{_suggest(item, ctx.categories)}")


def _suggest(value: Any, options: set[str]) -> str:
    close = difflib.get_close_matches(str(value), sorted(options), n=1)
    return f"; meinten Sie \"{close[0]}\"?" if close else ""


def _mapping(ctx, doc, key, name, value, fields: dict[str, schema.Field]) -> bool:
    if not isinstance(value, dict):
        _wrong_type(ctx, doc, key, name, "eine Zuordnung mit " + ", ".join(fields), value)
        return False
    check_fields(ctx, doc, value, fields, key, prefix=f"{name}.")
    return True


ADDRESS_FIELDS = {
    "street": schema.Field(schema.LINE, True, "Straße und Hausnummer."),
    "postal_code": schema.Field("postal_code", True, "Postleitzahl, fünf Ziffern in Anführungszeichen."),
    "city": schema.Field(schema.LINE, True, "Ort."),
}
COORDINATE_FIELDS = {
    "lat": schema.Field("number", True, "Geografische Breite."),
    "lon": schema.Field("number", True, "Geografische Länge."),
}
POPULATION_FIELDS = {
    "count": schema.Field("count", True, "Einwohnerzahl."),
    "year": schema.Field("year", True, "Jahr der Zahl."),
}
IM_FIELDS = {
    "offer": schema.Field(schema.OFFER_REF, True, "Kennung des Angebots."),
    "source": schema.Field(schema.SOURCES, True, "Quelle der Zuordnung."),
}


def check_address(ctx, doc, key, name, value, f) -> None:
    _mapping(ctx, doc, key, name, value, ADDRESS_FIELDS)


def check_postal_code(ctx, doc, key, name, value, f) -> None:
    if isinstance(value, int) and not isinstance(value, bool):
        ctx.add(doc, key, name, f"Postleitzahl in Anführungszeichen schreiben: \"{value:05d}\"")
    elif not isinstance(value, str) or not re.fullmatch(r"[0-9]{5}", value):
        ctx.add(doc, key, name, f"\"{value}\" ist keine Postleitzahl (fünf Ziffern)")


def list_of(item_check: Check, what: str) -> Check:
    """A check for a non-empty list whose items each pass ``item_check``."""

    def check(ctx, doc, key, name, value, f) -> None:
        if not isinstance(value, list) or not value:
            _wrong_type(ctx, doc, key, name, what, value)
            return
        for i, item in enumerate(value):
            item_check(ctx, doc, key + (i,), name, item, f)

    return check


check_postal_codes = list_of(check_postal_code, "eine Liste von Postleitzahlen")


def check_number(ctx, doc, key, name, value, f) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        _wrong_type(ctx, doc, key, name, "eine Zahl", value)


def check_count(ctx, doc, key, name, value, f) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        _wrong_type(ctx, doc, key, name, "eine ganze Zahl", value)


def check_year(ctx, doc, key, name, value, f) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1800 <= value <= ctx.today.year:
        ctx.add(doc, key, name, f"\"{value}\" ist kein gültiges Jahr")


def check_coordinates(ctx, doc, key, name, value, f) -> None:
    if not _mapping(ctx, doc, key, name, value, COORDINATE_FIELDS):
        return
    lat, lon = value.get("lat"), value.get("lon")
    numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (lat, lon))
    if numbers and not ctx.config.bounds.contains(lat, lon):
        ctx.add(doc, key, name, f"{lat}, {lon} liegt weit außerhalb des Kreises (lat und lon vertauscht?)")


def check_phones(ctx, doc, key, name, value, f) -> None:
    if isinstance(value, str):
        ctx.add(doc, key, name, f"muss eine Liste sein, z. B. [\"{value}\"]")
        return
    if not isinstance(value, list):
        _wrong_type(ctx, doc, key, name, "eine Liste von Telefonnummern", value)
        return
    for i, item in enumerate(value):
        message = phone_problem(item)
        if message:
            ctx.add(doc, key + (i,), name, message)


def check_email(ctx, doc, key, name, value, f) -> None:
    if not isinstance(value, str) or control_problem(value, prose=False) or not EMAIL.match(value):
        ctx.add(doc, key, name, f"\"{value}\" ist keine gültige E-Mail-Adresse")


def check_url(ctx, doc, key, name, value, f) -> None:
    if not isinstance(value, str):
        _wrong_type(ctx, doc, key, name, "eine Webadresse", value)
        return
    message = url_problem(value, WEB_SCHEMES)
    if message:
        ctx.add(doc, key, name, message)


def check_opening_hours(ctx, doc, key, name, value, f) -> None:
    if not isinstance(value, str):
        _wrong_type(ctx, doc, key, name, "ein Text in Anführungszeichen", value)
        return
    message = opening_hours_problem(value)
    if message:
        ctx.add(doc, key, name, message)


def check_languages(ctx, doc, key, name, value, f) -> None:
    if not isinstance(value, list):
        _wrong_type(ctx, doc, key, name, "eine Liste von Sprachcodes", value)
        return
    for i, code in enumerate(value):
        if not known_language(code):
            ctx.add(doc, key + (i,), name, f"unbekannter Sprachcode \"{code}\" (ISO 639, z. B. de, en, ar, fa, uk)")


def check_site_languages(ctx, doc, key, name, value, f) -> None:
    if not isinstance(value, list):
        _wrong_type(ctx, doc, key, name, "eine Liste von Sprachcodes", value)
        return
    for i, code in enumerate(value):
        if not isinstance(code, str) or code not in ctx.config.languages:
            ctx.add(doc, key + (i,), name, f"unbekannter Sprachcode \"{code}\" (Sprachen der Seite: {', '.join(ctx.config.languages)})")


def check_serves(ctx, doc, key, name, value, f) -> None:
    if isinstance(value, str) and value == DISTRICT_FOLDER:
        return
    if not isinstance(value, list) or not value:
        ctx.add(doc, key, name, f"muss \"{DISTRICT_FOLDER}\" oder eine Liste von Gemeinden sein")
        return
    for i, slug in enumerate(value):
        if not isinstance(slug, str) or slug not in ctx.municipalities:
            ctx.add(doc, key + (i,), name, f"unbekannte Gemeinde \"{slug}\"{_suggest(slug, ctx.municipalities)}")


def check_field_names(ctx, doc, key, name, value, f) -> None:
    if not isinstance(value, list):
        _wrong_type(ctx, doc, key, name, "eine Liste von Feldnamen", value)
        return
    for i, item in enumerate(value):
        if not isinstance(item, str) or item not in schema.OFFER_FIELDS:
            ctx.add(doc, key + (i,), name, f"unbekanntes Feld \"{item}\"{_suggest(item, set(schema.OFFER_FIELDS))}")


def check_sources(ctx, doc, key, name, value, f) -> None:
    if not isinstance(value, list) or not value:
        ctx.add(doc, key, name, "muss eine Liste mit mindestens einer Quelle sein (title, url, date)")
        return
    for i, item in enumerate(value):
        _mapping(ctx, doc, key + (i,), name, item, schema.SOURCE_FIELDS)


def check_date(ctx, doc, key, name, value, f) -> None:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        ctx.add(doc, key, name, f"\"{value}\" ist kein Datum (Form JJJJ-MM-TT, z. B. 2025-03-01)")
    elif value > ctx.today:
        ctx.add(doc, key, name, f"{value.isoformat()} liegt in der Zukunft")


def check_ags(ctx, doc, key, name, value, f) -> None:
    if not isinstance(value, str) or not re.fullmatch(r"[0-9]{8}", value):
        ctx.add(doc, key, name, f"\"{value}\" ist kein Gemeindeschlüssel (acht Ziffern in Anführungszeichen)")


def check_population(ctx, doc, key, name, value, f) -> None:
    _mapping(ctx, doc, key, name, value, POPULATION_FIELDS)


def _folder_of(doc: Document) -> str:
    return doc.path.split("/")[1]


def check_offer_ref(ctx, doc, key, name, value, f) -> None:
    folder = _folder_of(doc)
    if not isinstance(value, str) or value not in ctx.offers_by_folder.get(folder, set()):
        ctx.add(doc, key, name, f"kein Angebot \"{value}\" im Ordner municipalities/{folder}/offers/")


check_offer_refs = list_of(check_offer_ref, "eine Liste von Angebots-Kennungen")


def check_im_ref(ctx, doc, key, name, value, f) -> None:
    if not isinstance(value, dict):
        _wrong_type(ctx, doc, key, name, "eine Zuordnung mit offer und source", value)
        return
    check_fields(ctx, doc, value, IM_FIELDS, key, prefix=f"{name}.", skip={"offer"})
    offer = value.get("offer")
    known = set().union(*ctx.offers_by_folder.values()) if ctx.offers_by_folder else set()
    if offer is not None and (not isinstance(offer, str) or offer not in known):
        ctx.add(doc, key + ("offer",), f"{name}.offer", f"unbekanntes Angebot \"{offer}\"")


def check_bool(ctx, doc, key, name, value, f) -> None:
    if not isinstance(value, bool):
        _wrong_type(ctx, doc, key, name, "true oder false", value)


def check_slug(ctx, doc, key, name, value, f) -> None:
    if not isinstance(value, str) or not SLUG.match(value):
        ctx.add(doc, key, name, f"\"{value}\" ist keine gültige Kennung (nur a-z, 0-9 und -)")


def check_icon(ctx, doc, key, name, value, f) -> None:
    if not isinstance(value, str) or not ICON.match(value):
        ctx.add(doc, key, name, f"\"{value}\" ist kein Symbolname (z. B. translate)")


def check_color(ctx, doc, key, name, value, f) -> None:
    if not isinstance(value, str) or not COLOR.match(value):
        ctx.add(doc, key, name, f"\"{value}\" ist keine Farbe der Form \"#1565c0\"")
    elif contrast_with_white(value) < 4.5:
        ctx.add(doc, key, name, f"\"{value}\" ist zu hell: Kontrast zu Weiß {contrast_with_white(value):.1f}:1, nötig 4.5:1")


def contrast_with_white(hex_color: str) -> float:
    def channel(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    lum = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return 1.05 / (lum + 0.05)


CHECKS: dict[str, Check] = {
    schema.TEXT: check_text,
    schema.NAMES: check_text,
    schema.LINE: check_line,
    schema.LINES: check_lines,
    schema.CHOICE: check_choice,
    schema.CATEGORIES: check_categories,
    schema.ADDRESS: check_address,
    schema.COORDINATES: check_coordinates,
    schema.PHONES: check_phones,
    schema.EMAIL: check_email,
    schema.URL: check_url,
    schema.OPENING_HOURS: check_opening_hours,
    schema.LANGUAGES: check_languages,
    schema.SERVES: check_serves,
    schema.SITE_LANGUAGES: check_site_languages,
    schema.FIELD_NAMES: check_field_names,
    schema.SOURCES: check_sources,
    schema.DATE: check_date,
    schema.AGS: check_ags,
    schema.POSTAL_CODES: check_postal_codes,
    schema.POPULATION: check_population,
    schema.OFFER_REF: check_offer_ref,
    schema.OFFER_REFS: check_offer_refs,
    schema.IM_REF: check_im_ref,
    schema.BOOL: check_bool,
    schema.ICON: check_icon,
    schema.COLOR: check_color,
    schema.SLUG: check_slug,
    "postal_code": check_postal_code,
    "number": check_number,
    "count": check_count,
    "year": check_year,
}


def check_fields(
    ctx: Context,
    doc: Document,
    data: dict,
    fields: dict[str, schema.Field],
    key: tuple = (),
    prefix: str = "",
    skip: set[str] = frozenset(),
) -> None:
    """Check a mapping: unknown keys, missing required keys, then each value by its kind."""
    for name in data:
        if name not in fields:
            ctx.add(doc, key + (name,), f"{prefix}{name}", f"unbekannter Schlüssel{_suggest(name, set(fields))}")
    for name, f in fields.items():
        if name not in data or data[name] is None:
            if f.required:
                line_key = key + (name,) if name in data else key
                ctx.add(doc, line_key, f"{prefix}{name}", "Pflichtfeld fehlt" if name not in data else "Pflichtfeld ist leer")
            continue
        if name in skip:
            continue
        CHECKS[f.kind](ctx, doc, key + (name,), f"{prefix}{name}", data[name], f)


def _document(ctx: Context, doc: Document, fields: dict[str, schema.Field], what: str) -> bool:
    if not isinstance(doc.data, dict):
        ctx.add(doc, (), "datei", f"muss {what} mit Schlüsseln wie {', '.join(list(fields)[:3])} enthalten")
        return False
    check_fields(ctx, doc, doc.data, fields)
    return True


def _check_categories_file(ctx: Context, doc: Document) -> None:
    if not isinstance(doc.data, list):
        ctx.add(doc, (), "datei", "muss eine Liste von Kategorien sein")
        return
    seen: set[str] = set()
    for i, item in enumerate(doc.data):
        if not isinstance(item, dict):
            _wrong_type(ctx, doc, (i,), "kategorie", "eine Zuordnung mit id, icon, color und name", item)
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
            _wrong_type(ctx, doc, (i,), "eintrag", "eine Zuordnung mit old und new oder removed", item)
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


def _check_text_files(ctx: Context, raw: RawProject) -> None:
    for kind, files, fields in (("pages", raw.pages, schema.PAGE_FIELDS), ("snippets", raw.snippets, schema.SNIPPET_FIELDS)):
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
                check_fields(ctx, tf.meta, meta, fields)
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
    _check_text_files(ctx, raw)
    return sorted(set(ctx.problems))
