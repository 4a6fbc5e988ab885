"""The data format, declared once.

Each data file type is a table of fields: the kind of value, whether it is required and a
German description for editors. :mod:`generator.validate` checks files against these tables,
the README documents every field (a test keeps them in step), and :mod:`generator.model`
builds typed objects from validated files.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    kind: str
    required: bool
    doc: str
    choices: tuple[str, ...] = ()


# Kinds of values (checked in generator.validate.CHECKS)
TEXT = "text"  # translatable: {de: "...", en: "..."}, German required, safe Markdown subset
LINE = "line"  # one line of plain text
LINES = "lines"  # list of one-line texts
CHOICE = "choice"
CATEGORIES = "categories"
ADDRESS = "address"
COORDINATES = "coordinates"
PHONES = "phones"
EMAIL = "email"
URL = "url"
OPENING_HOURS = "opening_hours"
LANGUAGES = "languages"
SERVES = "serves"
FIELD_NAMES = "field_names"
SOURCES = "sources"
DATE = "date"
AGS = "ags"
POSTAL_CODES = "postal_codes"
POPULATION = "population"
OFFER_REF = "offer_ref"
OFFER_REFS = "offer_refs"
IM_REF = "im_ref"
BOOL = "bool"
SITE_LANGUAGES = "site_languages"
ICON = "icon"
COLOR = "color"
SLUG = "slug"
NAMES = "names"  # translatable, every site language required

COST_CHOICES = ("free", "fee", "reduced", "varies")
APPOINTMENT_CHOICES = ("required", "recommended", "not_needed")
MUNICIPALITY_TYPES = ("Gemeinde", "Stadt", "Große Kreisstadt")

OFFER_FIELDS: dict[str, Field] = {
    "name": Field(TEXT, True, "Name des Angebots, je Sprache (Deutsch ist Pflicht)."),
    "description": Field(TEXT, False, "Was das Angebot bietet, je Sprache. Einfaches Markdown: Absätze, Listen mit „- “, *kursiv*, **fett**, [Links](https://…). Kein HTML."),
    "categories": Field(CATEGORIES, True, "Eine oder mehrere Kategorien aus content/categories.yml, z. B. [language, work]."),
    "provider": Field(LINE, False, "Träger oder Organisation (deutscher Name)."),
    "address": Field(ADDRESS, False, "Anschrift mit street (Straße und Hausnummer), postal_code (Postleitzahl, in Anführungszeichen) und city (Ort)."),
    "coordinates": Field(COORDINATES, False, "Lage auf der Karte: lat (Breite) und lon (Länge), z. B. {lat: 48.89, lon: 8.70}. Nur aus einer Quelle oder mit `wegweiser geocode`, nie geschätzt."),
    "phone": Field(PHONES, False, "Telefonnummern als Liste, in deutscher Schreibweise, z. B. [\"07231 308-0\"]."),
    "email": Field(EMAIL, False, "E-Mail-Adresse."),
    "website": Field(URL, False, "Webseite, beginnt mit https:// (oder http://)."),
    "opening_hours": Field(OPENING_HOURS, False, "Öffnungszeiten im OpenStreetMap-Format, z. B. \"Mo-Fr 08:00-12:00; Th 14:00-18:00; PH off\". Vorübergehend geschlossen oder andere Zeiten: Regel mit Datum anhängen, z. B. '...; 2026 Dec 24-2027 Jan 06 off \"Weihnachtspause\"' (in einfachen Anführungszeichen); die Seite zeigt das 13 Wochen im Voraus."),
    "languages": Field(LANGUAGES, False, "Sprachen, die dort gesprochen werden, als ISO-639-Codes, z. B. [de, en, ar]."),
    "cost": Field(CHOICE, False, "Kosten: free (kostenlos), fee (kostenpflichtig), reduced (ermäßigt möglich) oder varies (unterschiedlich).", COST_CHOICES),
    "appointment": Field(CHOICE, False, "Termin: required (nur mit Termin), recommended (Termin empfohlen) oder not_needed (ohne Termin).", APPOINTMENT_CHOICES),
    "audience": Field(TEXT, False, "Für wen das Angebot ist, je Sprache."),
    "accessibility": Field(TEXT, False, "Barrierefreiheit (z. B. Aufzug, rollstuhlgerecht), je Sprache; nur was eine Quelle sagt."),
    "serves": Field(SERVES, False, "Für welche Gemeinden: `enzkreis` (ganzer Kreis) oder eine Liste von Gemeinde-Ordnernamen. Ohne Angabe: die eigene Gemeinde (im Ordner enzkreis: der ganze Kreis)."),
    "unconfirmed": Field(FIELD_NAMES, False, "Felder, deren Angaben keine aktuelle Quelle bestätigt, z. B. [address, opening_hours]. Sie werden als „nicht bestätigt“ angezeigt."),
    "unreviewed": Field(SITE_LANGUAGES, False, "Sprachen, deren Übersetzungen in dieser Datei noch kein Mensch geprüft hat, z. B. [ar, fa]. Die Seite zeigt dann einen Hinweis."),
    "source": Field(SOURCES, True, "Quellen der Angaben: Liste mit title (Pflicht), url, date und fields (welche Felder die Quelle belegt)."),
    "verified": Field(DATE, True, "Datum der letzten Prüfung (JJJJ-MM-TT). Ohne eigene Prüfung: das Datum der neuesten Quelle. Nie in der Zukunft."),
}

MUNICIPALITY_FIELDS: dict[str, Field] = {
    "name": Field(LINE, True, "Amtlicher Name der Gemeinde."),
    "type": Field(CHOICE, True, "Gemeinde, Stadt oder Große Kreisstadt.", MUNICIPALITY_TYPES),
    "ags": Field(AGS, True, "Amtlicher Gemeindeschlüssel, acht Ziffern in Anführungszeichen, z. B. \"08236004\"."),
    "postal_codes": Field(POSTAL_CODES, True, "Postleitzahlen als Liste, in Anführungszeichen, z. B. [\"75217\"]."),
    "coordinates": Field(COORDINATES, True, "Ortsmitte: lat und lon."),
    "population": Field(POPULATION, False, "Einwohnerzahl mit Jahr: {count: 10200, year: 2023}."),
    "website": Field(URL, False, "Webseite der Gemeinde."),
    "districts": Field(LINES, False, "Ortsteile, nur wenn eine Quelle sie nennt."),
    "town_hall": Field(OFFER_REF, False, "Kennung (Dateiname ohne .yml) des Rathaus-Angebots im Ordner offers/ dieser Gemeinde."),
    "integration_management": Field(IM_REF, False, "Nur mit Quelle: welches Angebot das Integrationsmanagement für diese Gemeinde ist, als {offer: <Kennung>, source: [...]}."),
    "source": Field(SOURCES, True, "Quellen der Angaben (wie bei Angeboten)."),
}

DISTRICT_FIELDS: dict[str, Field] = {
    "name": Field(LINE, True, "Name des Kreises."),
    "website": Field(URL, False, "Webseite des Landratsamts."),
    "integration_management": Field(OFFER_REFS, True, "Kennungen der Angebote im Ordner enzkreis/offers/, über die man das Integrationsmanagement erreicht."),
    "source": Field(SOURCES, True, "Quellen der Angaben (wie bei Angeboten)."),
}

CATEGORY_FIELDS: dict[str, Field] = {
    "id": Field(SLUG, True, "Feste Kennung der Kategorie (Kleinbuchstaben), wird in Angeboten und Adressen benutzt."),
    "icon": Field(ICON, True, "Name eines Material-Design-Symbols, z. B. translate."),
    "color": Field(COLOR, True, "Farbe für Karte und Legende, z. B. \"#1565c0\" (Kontrast mindestens 4,5:1 zu Weiß)."),
    "name": Field(NAMES, True, "Name in jeder Sprache der Seite."),
    "description": Field(TEXT, False, "Ein kurzer Satz, je Sprache."),
}

REDIRECT_FIELDS: dict[str, Field] = {
    "old": Field(SLUG, True, "Die frühere Kennung (Dateiname) des Angebots."),
    "new": Field(SLUG, False, "Die neue Kennung, wenn das Angebot umbenannt wurde."),
    "removed": Field(DATE, False, "Datum, seit dem es das Angebot nicht mehr gibt (statt new)."),
    "note": Field(TEXT, False, "Kurzer Hinweis für Leserinnen und Leser, je Sprache, z. B. wohin sie sich jetzt wenden."),
}

SOURCE_FIELDS: dict[str, Field] = {
    "title": Field(LINE, True, "Was die Quelle ist, z. B. „Webseite des Landratsamts“."),
    "url": Field(URL, False, "Adresse der Quelle."),
    "date": Field(DATE, False, "Datum der Quelle."),
    "fields": Field(LINES, False, "Welche Felder die Quelle belegt."),
}

PAGE_FIELDS: dict[str, Field] = {
    "title": Field(LINE, True, "Titel der Seite."),
    "reviewed": Field(BOOL, False, "false, wenn die Übersetzung noch von keinem Menschen geprüft wurde."),
}

SNIPPET_FIELDS: dict[str, Field] = {
    "reviewed": PAGE_FIELDS["reviewed"],
}

REQUIRED_SNIPPETS = ("home", "integration-management")

TABLES = (
    ("Angebot: `municipalities/<gemeinde>/offers/<kennung>.yml`", OFFER_FIELDS),
    ("Quelle (Einträge unter `source`)", SOURCE_FIELDS),
    ("Gemeinde: `municipalities/<gemeinde>/municipality.yml`", MUNICIPALITY_FIELDS),
    ("Kreis: `municipalities/enzkreis/district.yml`", DISTRICT_FIELDS),
    ("Kategorie: Einträge in `content/categories.yml`", CATEGORY_FIELDS),
    ("Umbenannte und entfernte Angebote: Einträge in `content/redirects.yml`", REDIRECT_FIELDS),
    ("Kopf (front matter) von Seiten in `content/pages/<seite>.<sprache>.md`", PAGE_FIELDS),
)


def field_tables() -> str:
    """The field reference for the README, made from the tables above (a test compares them)."""
    out = []
    for title, fields in TABLES:
        out.append(f"#### {title}\n\n| Feld | Pflicht | Bedeutung |\n| --- | --- | --- |")
        out.extend(f"| `{name}` | {'ja' if f.required else 'nein'} | {f.doc} |" for name, f in fields.items())
        out.append("")
    return "\n".join(out)


if __name__ == "__main__":  # python -m generator.schema: print the README's field reference
    print(field_tables(), end="")
