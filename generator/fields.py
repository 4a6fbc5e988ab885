"""Typed field descriptors: one class per kind of value in the data files.

Each descriptor is the single source of truth about its kind of value. It

- checks a value and reports problems in German (:meth:`Field.check`),
- describes itself as JSON Schema for editors' tools (:meth:`Field.json_schema`),
- describes itself as a widget of the editing app, Decap CMS (:meth:`Field.widget`),
- documents itself as a row of the editors' field reference (:meth:`Field.doc_row`),
- writes itself as a commented blank in the new-offer template (:meth:`Field.blank`),
- and maps a checked value into the model (:meth:`Field.to_model`).

The tables that use these descriptors are in :mod:`generator.schema`. In the spirit of
mkdocs' ``config_options``: adding a field is one line in a table.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable
from urllib.parse import urlsplit

from babel import Locale

from . import values
from .errors import Problem
from .loader import DISTRICT_FOLDER, Document
from .markup import WEB_SCHEMES, control_problem, text_problems, url_problem
from .opening_hours import EXAMPLE as HOURS_EXAMPLE
from .opening_hours import opening_hours_problem
from .phones import PHONE, phone_problem, tel_uri

if TYPE_CHECKING:  # pragma: no cover
    from .config import SiteConfig

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
ICON = SLUG
_ENGLISH = Locale("en")
_GERMAN = Locale("de")

# Spoken languages offered in the editing app's list (any ISO 639 code that CLDR knows is valid)
COMMON_LANGUAGES = (
    "de", "en", "ar", "fa", "prs", "ps", "uk", "ru", "tr", "ku", "ckb", "ti", "fr", "it", "es", "pl", "ro", "bg",
    "hr", "sr", "bs", "sq", "el", "hu", "cs", "sk", "pt", "nl", "ur", "hi", "bn", "ta", "vi", "zh", "so", "am",
    "sw", "ha", "yo", "ig", "ln", "wo", "ff", "ka", "hy", "az", "tk", "uz", "tg", "ky", "kk", "mn", "ku", "dsb",
    "gsw", "sgn",
)


def known_language(code: Any) -> bool:
    """True for ISO 639 codes that CLDR names (de, ar, fa, prs, ps, ku, ti, …)."""
    return isinstance(code, str) and code in _ENGLISH.languages


def german_language_name(code: str) -> str:
    name = _GERMAN.languages.get(code) or code
    return name[:1].upper() + name[1:]


@dataclass
class Context:
    """What a check may need to know beyond the value itself."""

    config: "SiteConfig"
    today: dt.date
    categories: set[str] = field(default_factory=set)
    municipalities: set[str] = field(default_factory=set)
    offers_by_folder: dict[str, set[str]] = field(default_factory=dict)
    mirror_hosts: frozenset[str] = frozenset()
    problems: list[Problem] = field(default_factory=list)

    def add(self, doc: Document, key: tuple, field_name: str, message: str) -> None:
        self.problems.append(Problem(doc.path, doc.line(*key), field_name, message))


@dataclass(frozen=True)
class Vocabulary:
    """The lists a schema or a form offers: site languages, categories, municipalities, offers."""

    languages: tuple[str, ...]
    language_labels: dict[str, str]  # code -> label for editors (German name and endonym)
    categories: tuple[tuple[str, str], ...]  # (id, German name)
    municipalities: tuple[tuple[str, str], ...]  # (folder, name)
    bounds: Any
    offers: tuple[str, ...] = ()


def type_name(value: Any) -> str:
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


def suggest(value: Any, options) -> str:
    close = difflib.get_close_matches(str(value), sorted(options), n=1)
    return f"; meinten Sie \"{close[0]}\"?" if close else ""


def wrong_type(ctx: Context, doc: Document, key: tuple, name: str, expected: str, value: Any) -> None:
    ctx.add(doc, key, name, f"muss {expected} sein, ist aber {type_name(value)}")


def check_fields(ctx: Context, doc: Document, data: dict, fields: dict[str, "Field"], key: tuple = (),
                 prefix: str = "") -> None:
    """Check a mapping: unknown keys, missing required keys, then each value by its descriptor."""
    for name in data:
        if name not in fields:
            ctx.add(doc, key + (name,), f"{prefix}{name}", f"unbekannter Schlüssel{suggest(name, set(fields))}")
    for name, f in fields.items():
        if name not in data or data[name] is None:
            if f.required:
                line_key = key + (name,) if name in data else key
                ctx.add(doc, line_key, f"{prefix}{name}", "Pflichtfeld fehlt" if name not in data else "Pflichtfeld ist leer")
            continue
        f.check(ctx, doc, key + (name,), f"{prefix}{name}", data[name])


def object_schema(fields: dict[str, "Field"], v: Vocabulary) -> dict:
    return {
        "type": "object",
        "properties": {name: {"description": f.doc, **f.json_schema(v)} for name, f in fields.items()},
        "required": [name for name, f in fields.items() if f.required],
        "additionalProperties": False,
    }


def widgets(fields: dict[str, "Field"], v: Vocabulary, within_optional: bool = False) -> list[dict]:
    """The editing app's form for a table of fields, in the table's order.

    ``within_optional``: the table is the inside of an optional group (an address, the
    coordinates), which may stay empty as a whole. Decap cannot say "the street is required once
    there is an address", so inside such a group nothing is required in the form;
    `wegweiser validate` (and the CI) still reports an address without a street.
    """
    return [fields[name].widget_for(name, v, within_optional) for name in fields]


# -- the descriptors -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    """One field of a data file. Subclasses say what kind of value it holds."""

    required: bool = False
    doc: str = ""
    label: str = ""  # German label in the editing app (default: the field's name)
    attr: str | None = None  # the model attribute (default: the field's name)
    caption: str | None = None  # English msgid: shown to readers as a fact with this caption
    show: tuple[str, ...] = ()  # where readers see it as a fact: "offer", "plan", "handout"
    translatable: bool = False

    # validation -----------------------------------------------------------------------------
    def check(self, ctx: Context, doc: Document, key: tuple, name: str, value: Any) -> None:
        raise NotImplementedError

    # description ----------------------------------------------------------------------------
    def json_schema(self, v: Vocabulary) -> dict:
        raise NotImplementedError

    def widget(self, v: Vocabulary) -> dict:
        return {"widget": "string"}

    def widget_for(self, name: str, v: Vocabulary, within_optional: bool = False) -> dict:
        """The widget of this field named ``name``; inside an optional group it is never required."""
        f = dataclasses.replace(self, required=False) if within_optional and self.required else self
        spec = {"name": name, "label": f.label or name, "required": f.required, "hint": f.doc}
        spec.update(f.widget(v))
        return spec

    def doc_row(self, name: str) -> str:
        return f"| `{name}` | {'ja' if self.required else 'nein'} | {self.doc} |"

    def blank(self) -> str:
        """The value of this field in a new file's template (YAML, may span lines)."""
        return '""'

    def template_note(self, v: Vocabulary) -> str:
        """The comment above this field in a new file's template."""
        return self.doc

    # model ----------------------------------------------------------------------------------
    def to_model(self, value: Any) -> Any:
        return value

    def empty(self) -> Any:
        """The model's value when the field is absent."""
        return None


@dataclass(frozen=True)
class Line(Field):
    """One line of plain text."""

    def check(self, ctx, doc, key, name, value, *, prose: bool = False) -> None:
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            wrong_type(ctx, doc, key, name, "ein Text", value)
            return
        text = str(value)
        if not text.strip():
            ctx.add(doc, key, name, "darf nicht leer sein")
            return
        if not prose and "\n" in text.strip():
            ctx.add(doc, key, name, "muss eine einzige Zeile sein")
        for message in text_problems(text, prose=prose):
            ctx.add(doc, key, name, message)

    def json_schema(self, v):
        return {"type": "string", "minLength": 1}

    def to_model(self, value):
        return None if value is None else str(value)


@dataclass(frozen=True)
class Text(Field):
    """A translatable text: {de: "...", en: "..."}; German required (or every language: ``every``)."""

    translatable: bool = True
    every: bool = False  # every site language required (category names)
    multiline: bool = False  # a longer text with paragraphs (description)

    def check(self, ctx, doc, key, name, value) -> None:
        if isinstance(value, str):
            ctx.add(doc, key, name, f"muss je Sprache angegeben werden, z. B. \"{name}: {{de: ...}}\"")
            return
        if not isinstance(value, dict):
            wrong_type(ctx, doc, key, name, "eine Zuordnung Sprache: Text", value)
            return
        source = ctx.config.source_language
        if source not in value:
            ctx.add(doc, key, name, f"der deutsche Text ({source}) fehlt")
        for lang in value:
            if lang not in ctx.config.languages and not known_language(lang):
                # a language the site does not build yet is kept for later; an unknown code is a mistake
                ctx.add(doc, key + (lang,), f"{name}.{lang}", f"unbekannter Sprachcode \"{lang}\" (Sprachen der Seite: {', '.join(ctx.config.languages)})")
                continue
            Line().check(ctx, doc, key + (lang,), f"{name}.{lang}", value[lang], prose=True)
        if self.every:
            for lang in ctx.config.languages:
                if lang not in value and lang != source:
                    ctx.add(doc, key, name, f"der Text in \"{lang}\" fehlt")

    def json_schema(self, v):
        required = v.languages if self.every else v.languages[:1]
        return {
            "type": "object",
            "properties": {lang: {"type": "string", "minLength": 1} for lang in v.languages},
            "patternProperties": {"^[a-z]{2,3}$": {"type": "string", "minLength": 1}},  # languages not built yet
            "required": list(required),
            "additionalProperties": False,
        }

    def widget(self, v):
        kind = "text" if self.multiline else "string"
        return {
            "widget": "object",
            "collapsed": False,
            "summary": "{{fields.de}}",
            "fields": [
                {"name": lang, "label": v.language_labels.get(lang, lang), "widget": kind,
                 "required": self.required and (self.every or i == 0),
                 **({"hint": "Pflicht"} if self.required and i == 0 else {})}
                for i, lang in enumerate(v.languages)
            ],
        }

    def blank(self):
        return '\n  de: ""'

    def to_model(self, value):
        return values.Text({k: str(v).strip() for k, v in value.items()}) if isinstance(value, dict) else None


@dataclass(frozen=True)
class Lines(Field):
    """A list of one-line texts."""

    def check(self, ctx, doc, key, name, value):
        if not isinstance(value, list):
            wrong_type(ctx, doc, key, name, "eine Liste", value)
            return
        for i, item in enumerate(value):
            Line().check(ctx, doc, key + (i,), name, item)

    def json_schema(self, v):
        return {"type": "array", "items": {"type": "string", "minLength": 1}}

    def widget(self, v):
        return {"widget": "list", "field": {"name": "item", "label": self.label or "Eintrag", "widget": "string"}}

    def blank(self):
        return "[]"

    def to_model(self, value):
        return tuple(str(x) for x in value or ())

    def empty(self):
        return ()


@dataclass(frozen=True)
class Choice(Field):
    choices: tuple[tuple[str, str], ...] = ()  # (value, German label)

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(value for value, _ in self.choices)

    def check(self, ctx, doc, key, name, value):
        if value not in self.values:
            ctx.add(doc, key, name, f"\"{value}\" ist nicht erlaubt (erlaubt: {', '.join(self.values)})")

    def json_schema(self, v):
        return {"enum": list(self.values)}

    def widget(self, v):
        return {"widget": "select", "options": [{"label": label, "value": value} for value, label in self.choices]}

    def blank(self):
        return self.values[0]


@dataclass(frozen=True)
class Categories(Field):
    def check(self, ctx, doc, key, name, value):
        if not isinstance(value, list) or not value:
            ctx.add(doc, key, name, "muss eine Liste mit mindestens einer Kategorie sein, z. B. [work]")
            return
        for i, item in enumerate(value):
            if not isinstance(item, str) or item not in ctx.categories:
                ctx.add(doc, key + (i,), name, f"unbekannte Kategorie \"{item}\"{suggest(item, ctx.categories)}")

    def json_schema(self, v):
        return {"type": "array", "minItems": 1, "items": {"enum": [cid for cid, _ in v.categories]}}

    def widget(self, v):
        return {"widget": "select", "multiple": True, "min": 1,
                "options": [{"label": f"{label} ({cid})", "value": cid} for cid, label in v.categories]}

    def blank(self):
        return "[]"

    def template_note(self, v):
        return f"{self.doc} Möglich: {', '.join(cid for cid, _ in v.categories)}"

    def to_model(self, value):
        return tuple(value or ())

    def empty(self):
        return ()


@dataclass(frozen=True)
class Mapping(Field):
    """A mapping with its own small table of fields (address, coordinates, population, …)."""

    fields: dict = field(default_factory=dict)
    what: str = ""  # how the whole is called in messages ("eine Zuordnung mit …")

    def check(self, ctx, doc, key, name, value) -> bool:
        if not isinstance(value, dict):
            wrong_type(ctx, doc, key, name, self.what or "eine Zuordnung mit " + ", ".join(self.fields), value)
            return False
        check_fields(ctx, doc, value, self.fields, key, prefix=f"{name}.")
        return True

    def json_schema(self, v):
        return object_schema(self.fields, v)

    def widget(self, v):
        return {"widget": "object", "collapsed": False, "fields": widgets(self.fields, v, within_optional=not self.required)}

    def blank(self):
        return "".join(f"\n  {name}: {f.blank()}" for name, f in self.fields.items())


@dataclass(frozen=True)
class PostalCode(Field):
    def check(self, ctx, doc, key, name, value):
        if isinstance(value, int) and not isinstance(value, bool):
            ctx.add(doc, key, name, f"Postleitzahl in Anführungszeichen schreiben: \"{value:05d}\"")
        elif not isinstance(value, str) or not re.fullmatch(r"[0-9]{5}", value):
            ctx.add(doc, key, name, f"\"{value}\" ist keine Postleitzahl (fünf Ziffern)")

    def json_schema(self, v):
        return {"type": "string", "pattern": "^[0-9]{5}$"}

    def widget(self, v):
        return {"widget": "string", "pattern": ["^[0-9]{5}$", "Postleitzahl: fünf Ziffern, z. B. 75217"]}

    def to_model(self, value):
        return None if value is None else str(value)


@dataclass(frozen=True)
class Address(Mapping):
    def to_model(self, value):
        return values.Address(str(value["street"]), str(value["postal_code"]), str(value["city"])) if value else None


@dataclass(frozen=True)
class Number(Field):
    def check(self, ctx, doc, key, name, value):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            wrong_type(ctx, doc, key, name, "eine Zahl", value)

    def json_schema(self, v):
        return {"type": "number"}

    def widget(self, v):
        return {"widget": "number", "value_type": "float"}


@dataclass(frozen=True)
class Coordinates(Mapping):
    def check(self, ctx, doc, key, name, value):
        if not super().check(ctx, doc, key, name, value):
            return
        lat, lon = value.get("lat"), value.get("lon")
        numbers = all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in (lat, lon))
        if numbers and not ctx.config.bounds.contains(lat, lon):
            ctx.add(doc, key, name, f"{lat}, {lon} liegt weit außerhalb des Kreises (lat und lon vertauscht?)")

    def json_schema(self, v):
        b = v.bounds
        return {
            "type": "object",
            "properties": {
                "lat": {"type": "number", "minimum": b.south, "maximum": b.north},
                "lon": {"type": "number", "minimum": b.west, "maximum": b.east},
            },
            "required": ["lat", "lon"],
            "additionalProperties": False,
        }

    def widget(self, v):
        b = v.bounds
        return {"widget": "object", "collapsed": True, "fields": [
            {"name": "lat", "label": "Breite (lat)", "required": self.required, "widget": "number", "value_type": "float", "min": b.south, "max": b.north},
            {"name": "lon", "label": "Länge (lon)", "required": self.required, "widget": "number", "value_type": "float", "min": b.west, "max": b.east},
        ]}

    def blank(self):
        return "{lat: , lon: }"

    def to_model(self, value):
        return values.Coordinates(float(value["lat"]), float(value["lon"])) if value else None


@dataclass(frozen=True)
class Phones(Field):
    attr: str | None = "phones"

    def check(self, ctx, doc, key, name, value):
        if isinstance(value, str):
            ctx.add(doc, key, name, f"muss eine Liste sein, z. B. [\"{value}\"]")
            return
        if not isinstance(value, list):
            wrong_type(ctx, doc, key, name, "eine Liste von Telefonnummern", value)
            return
        for i, item in enumerate(value):
            message = phone_problem(item)
            if message:
                ctx.add(doc, key + (i,), name, message)

    def json_schema(self, v):
        return {"type": "array", "items": {"type": "string", "pattern": PHONE.pattern}}

    def widget(self, v):
        return {"widget": "list", "field": {
            "name": "nummer", "label": "Telefonnummer", "widget": "string",
            "pattern": [PHONE.pattern, "keine gültige Telefonnummer (Beispiel: \"07231 308-0\")"],
        }}

    def blank(self):
        return '[""]'

    def to_model(self, value):
        return tuple(values.Phone(p.strip(), tel_uri(p)) for p in value or ())

    def empty(self):
        return ()


@dataclass(frozen=True)
class Email(Field):
    def check(self, ctx, doc, key, name, value):
        if not isinstance(value, str) or control_problem(value, prose=False) or not EMAIL.match(value):
            ctx.add(doc, key, name, f"\"{value}\" ist keine gültige E-Mail-Adresse")

    def json_schema(self, v):
        return {"type": "string", "format": "email"}

    def widget(self, v):
        return {"widget": "string", "pattern": [EMAIL.pattern, "keine gültige E-Mail-Adresse"]}


def mirror_host(url: str, hosts: frozenset[str]) -> str | None:
    """The listed mirror host that ``url`` points to (also its subdomains), else None."""
    try:
        host = (urlsplit(url).hostname or "").lower().rstrip(".")
    except ValueError:
        return None
    for listed in hosts:
        if host == listed or host.endswith("." + listed):
            return listed
    return None


@dataclass(frozen=True)
class Url(Field):
    def check(self, ctx, doc, key, name, value):
        if not isinstance(value, str):
            wrong_type(ctx, doc, key, name, "eine Webadresse", value)
            return
        message = url_problem(value, WEB_SCHEMES)
        if message:
            ctx.add(doc, key, name, message)
            return
        mirror = mirror_host(value, ctx.mirror_hosts)
        if mirror:
            ctx.add(doc, key, name, f"\"{value}\" ist eine Kopie auf {mirror} (Liste in content/mirror-hosts.yml); "
                                    "bitte die Originalquelle angeben, z. B. den Wikipedia-Artikel selbst")

    def json_schema(self, v):
        return {"type": "string", "pattern": "^(" + "|".join(WEB_SCHEMES) + ")://"}

    def widget(self, v):
        return {"widget": "string", "pattern": ["^https?://[^\\s@]+$", "Webadresse, beginnt mit https://"]}

    def blank(self):
        return "https://…"


@dataclass(frozen=True)
class OpeningHours(Field):
    def check(self, ctx, doc, key, name, value):
        if not isinstance(value, str):
            wrong_type(ctx, doc, key, name, "ein Text in Anführungszeichen", value)
            return
        message = opening_hours_problem(value)
        if message:
            ctx.add(doc, key, name, message)

    def json_schema(self, v):
        return {"type": "string", "minLength": 1}

    def widget(self, v):
        return {"widget": "opening_hours", "example": HOURS_EXAMPLE}

    def blank(self):
        return f'"{HOURS_EXAMPLE}"'


@dataclass(frozen=True)
class Languages(Field):
    example: str = "[de]"  # the value in a new file's template

    def check(self, ctx, doc, key, name, value):
        if not isinstance(value, list):
            wrong_type(ctx, doc, key, name, "eine Liste von Sprachcodes", value)
            return
        for i, code in enumerate(value):
            if not known_language(code):
                ctx.add(doc, key + (i,), name, f"unbekannter Sprachcode \"{code}\" (ISO 639, z. B. de, en, ar, fa, uk)")

    def json_schema(self, v):
        return {"type": "array", "items": {"type": "string", "pattern": "^[a-z]{2,3}$"}}

    def widget(self, v):
        codes = list(dict.fromkeys((*v.languages, *COMMON_LANGUAGES)))
        return {"widget": "select", "multiple": True,
                "options": [{"label": f"{german_language_name(c)} ({c})", "value": c} for c in codes if known_language(c)]}

    def blank(self):
        return self.example

    def to_model(self, value):
        return tuple(value or ())

    def empty(self):
        return ()


@dataclass(frozen=True)
class NameSet(Field):
    """A set of names chosen from a list (``options``: label and value pairs); the model holds a frozenset."""

    def options(self, v) -> list[tuple[str, str]]:
        raise NotImplementedError

    def widget(self, v):
        return {"widget": "select", "multiple": True,
                "options": [{"label": label, "value": value} for label, value in self.options(v)]}

    def blank(self):
        return "[]"

    def to_model(self, value):
        return frozenset(value or ())

    def empty(self):
        return frozenset()


@dataclass(frozen=True)
class SiteLanguages(NameSet):
    def check(self, ctx, doc, key, name, value):
        if not isinstance(value, list):
            wrong_type(ctx, doc, key, name, "eine Liste von Sprachcodes", value)
            return
        for i, code in enumerate(value):
            if not isinstance(code, str) or code not in ctx.config.languages:
                ctx.add(doc, key + (i,), name, f"unbekannter Sprachcode \"{code}\" (Sprachen der Seite: {', '.join(ctx.config.languages)})")

    def json_schema(self, v):
        return {"type": "array", "items": {"enum": list(v.languages)}}

    def options(self, v):
        return [(v.language_labels.get(c, c), c) for c in v.languages[1:]]


@dataclass(frozen=True)
class Serves(Field):
    """``enzkreis`` (the whole district) or a list of municipality folders."""

    def check(self, ctx, doc, key, name, value):
        if value == DISTRICT_FOLDER or value == [DISTRICT_FOLDER]:
            return
        if not isinstance(value, list) or not value:
            ctx.add(doc, key, name, f"muss \"{DISTRICT_FOLDER}\" oder eine Liste von Gemeinden sein")
            return
        if DISTRICT_FOLDER in value:
            ctx.add(doc, key, name, f"\"{DISTRICT_FOLDER}\" (ganzer Kreis) nicht zusammen mit einzelnen Gemeinden angeben")
            return
        for i, slug in enumerate(value):
            if not isinstance(slug, str) or slug not in ctx.municipalities:
                ctx.add(doc, key + (i,), name, f"unbekannte Gemeinde \"{slug}\"{suggest(slug, ctx.municipalities)}")

    def json_schema(self, v):
        return {
            "oneOf": [
                {"const": DISTRICT_FOLDER},
                {"const": [DISTRICT_FOLDER]},
                {"type": "array", "minItems": 1, "items": {"enum": [slug for slug, _ in v.municipalities]}},
            ]
        }

    def widget(self, v):
        return {"widget": "select", "multiple": True, "options": [
            {"label": "Ganzer Kreis", "value": DISTRICT_FOLDER},
            *({"label": label, "value": slug} for slug, label in v.municipalities),
        ]}

    def blank(self):
        return "[]"


@dataclass(frozen=True)
class FieldNames(NameSet):
    """Names of fields of a table (e.g. which offer fields are unconfirmed)."""

    of: Callable[[], dict] = dict

    def check(self, ctx, doc, key, name, value):
        names = self.of()
        if not isinstance(value, list):
            wrong_type(ctx, doc, key, name, "eine Liste von Feldnamen", value)
            return
        for i, item in enumerate(value):
            if not isinstance(item, str) or item not in names:
                ctx.add(doc, key + (i,), name, f"unbekanntes Feld \"{item}\"{suggest(item, set(names))}")

    def json_schema(self, v):
        return {"type": "array", "items": {"enum": list(self.of())}}

    def options(self, v):
        return [(f"{f.label or n} ({n})", n) for n, f in self.of().items()]


@dataclass(frozen=True)
class Sources(Field):
    attr: str | None = "sources"
    item: Callable[[], dict] = dict  # the table of one source entry

    def check(self, ctx, doc, key, name, value):
        if not isinstance(value, list) or not value:
            ctx.add(doc, key, name, "muss eine Liste mit mindestens einer Quelle sein (title, url, date)")
            return
        for i, entry in enumerate(value):
            Mapping(fields=self.item()).check(ctx, doc, key + (i,), name, entry)

    def json_schema(self, v):
        return {"type": "array", "minItems": 1, "items": object_schema(self.item(), v)}

    def widget(self, v):
        return {"widget": "list", "min": 1, "summary": "{{fields.title}} ({{fields.date}})",
                "fields": widgets(self.item(), v)}

    def blank(self):
        return '\n  - title: ""\n    # url: https://…\n    # date: JJJJ-MM-TT'

    def to_model(self, value):
        return tuple(
            values.Source(str(s["title"]), s.get("url"), s.get("date"), tuple(s.get("fields") or ())) for s in value or ()
        )

    def empty(self):
        return ()


@dataclass(frozen=True)
class Date(Field):
    def check(self, ctx, doc, key, name, value):
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            ctx.add(doc, key, name, f"\"{value}\" ist kein Datum (Form JJJJ-MM-TT, z. B. 2025-03-01)")
        elif value > ctx.today:
            ctx.add(doc, key, name, f"{value.isoformat()} liegt in der Zukunft")

    def json_schema(self, v):
        return {"type": "string", "format": "date"}

    def widget(self, v):
        return {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "DD.MM.YYYY", "time_format": False,
                "picker_utc": True}

    def blank(self):
        return "JJJJ-MM-TT"


@dataclass(frozen=True)
class LastCheck(Date):
    """The date of the last check of a whole record (``verified``). In the editing app its widget
    also records a check in one step ("Noch aktuell", editor/app.js), as `wegweiser confirm` does."""

    def widget(self, v):
        return {**super().widget(v), "widget": "last_check"}


@dataclass(frozen=True)
class Pattern(Field):
    """A one-word value of a fixed form (AGS, slug, icon, colour)."""

    regex: str = ""
    message: str = ""  # with {value}

    def check(self, ctx, doc, key, name, value):
        if not isinstance(value, str) or not re.fullmatch(self.regex, value):
            ctx.add(doc, key, name, self.message.format(value=value))

    def json_schema(self, v):
        return {"type": "string", "pattern": f"^{self.regex}$"}

    def widget(self, v):
        return {"widget": "string", "pattern": [f"^{self.regex}$", self.message.replace('"{value}" ', "")]}


@dataclass(frozen=True)
class Color(Pattern):
    def check(self, ctx, doc, key, name, value):
        if not isinstance(value, str) or not COLOR.match(value):
            ctx.add(doc, key, name, f"\"{value}\" ist keine Farbe der Form \"#1565c0\"")
        elif contrast_with_white(value) < 4.5:
            ctx.add(doc, key, name, f"\"{value}\" ist zu hell: Kontrast zu Weiß {contrast_with_white(value):.1f}:1, nötig 4.5:1")


def contrast_with_white(hex_color: str) -> float:
    def channel(c: int) -> float:
        x = c / 255
        return x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    lum = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return 1.05 / (lum + 0.05)


@dataclass(frozen=True)
class ListOf(Field):
    """A non-empty list whose items are each of one kind (postal codes, offer ids)."""

    item: Field = field(default_factory=Line)
    what: str = "eine Liste"

    def check(self, ctx, doc, key, name, value):
        if not isinstance(value, list) or not value:
            wrong_type(ctx, doc, key, name, self.what, value)
            return
        for i, entry in enumerate(value):
            self.item.check(ctx, doc, key + (i,), name, entry)

    def json_schema(self, v):
        return {"type": "array", "minItems": 1, "items": self.item.json_schema(v)}

    def widget(self, v):
        return {"widget": "list", "min": 1, "field": {"name": "item", "label": self.label or "Eintrag", **self.item.widget(v)}}

    def to_model(self, value):
        return tuple(self.item.to_model(x) for x in value or ())

    def empty(self):
        return ()


@dataclass(frozen=True)
class Integer(Field):
    minimum: int | None = 0
    year: bool = False

    def check(self, ctx, doc, key, name, value):
        if self.year:
            if isinstance(value, bool) or not isinstance(value, int) or not 1800 <= value <= ctx.today.year:
                ctx.add(doc, key, name, f"\"{value}\" ist kein gültiges Jahr")
        elif isinstance(value, bool) or not isinstance(value, int) or value < (self.minimum or 0):
            wrong_type(ctx, doc, key, name, "eine ganze Zahl", value)

    def json_schema(self, v):
        return {"type": "integer"} if self.year else {"type": "integer", "minimum": self.minimum}

    def widget(self, v):
        return {"widget": "number", "value_type": "int", **({} if self.year else {"min": self.minimum})}


def folder_of(doc: Document) -> str:
    return doc.path.split("/")[1]


@dataclass(frozen=True)
class OfferRef(Field):
    """The id of an offer in the same folder as the file (a municipality's town hall)."""

    def check(self, ctx, doc, key, name, value):
        folder = folder_of(doc)
        if not isinstance(value, str) or value not in ctx.offers_by_folder.get(folder, set()):
            ctx.add(doc, key, name, f"kein Angebot \"{value}\" im Ordner municipalities/{folder}/offers/")

    def json_schema(self, v):
        return {"type": "string", "pattern": SLUG.pattern}

    def widget(self, v):
        return {"widget": "string", "pattern": [SLUG.pattern, "Kennung: nur a-z, 0-9 und -"]}


@dataclass(frozen=True)
class AnyOfferRef(OfferRef):
    """The id of an offer anywhere in the district."""

    def check(self, ctx, doc, key, name, value):
        known = set().union(*ctx.offers_by_folder.values()) if ctx.offers_by_folder else set()
        if not isinstance(value, str) or value not in known:
            ctx.add(doc, key, name, f"unbekanntes Angebot \"{value}\"")

    def json_schema(self, v):
        return {"type": "string"}


@dataclass(frozen=True)
class LanguageLists(Field):
    """Per site language a list of one-line texts (the glossary's other forms of a term)."""

    def check(self, ctx, doc, key, name, value):
        if not isinstance(value, dict):
            wrong_type(ctx, doc, key, name, "eine Zuordnung Sprache: Liste", value)
            return
        for lang, items in value.items():
            if lang not in ctx.config.languages:
                ctx.add(doc, key + (lang,), f"{name}.{lang}", f"unbekannter Sprachcode \"{lang}\" (Sprachen der Seite: {', '.join(ctx.config.languages)})")
                continue
            Lines().check(ctx, doc, key + (lang,), f"{name}.{lang}", items)

    def json_schema(self, v):
        return {"type": "object", "propertyNames": {"enum": list(v.languages)},
                "additionalProperties": {"type": "array", "items": {"type": "string", "minLength": 1}}}

    def widget(self, v):
        return {"widget": "object", "collapsed": True, "fields": [
            {"name": lang, "label": v.language_labels.get(lang, lang), "widget": "list", "required": False} for lang in v.languages]}

    def blank(self):
        return "{}"

    def to_model(self, value):
        return {lang: tuple(str(x) for x in items or ()) for lang, items in (value or {}).items()}

    def empty(self):
        return {}


@dataclass(frozen=True)
class Bool(Field):
    def check(self, ctx, doc, key, name, value):
        if not isinstance(value, bool):
            wrong_type(ctx, doc, key, name, "true oder false", value)

    def json_schema(self, v):
        return {"type": "boolean"}

    def widget(self, v):
        return {"widget": "boolean"}

    def blank(self):
        return "false"
