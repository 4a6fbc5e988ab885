"""The data format, declared once.

Each data file type is a table of typed field descriptors (:mod:`generator.fields`): the kind
of value, whether it is required, a German description and label for editors, and where readers
see it. Everything else is derived from these tables: validation (:mod:`generator.validate`),
the JSON Schemas (:mod:`generator.jsonschema`), the editing app's forms (:mod:`generator.editor`),
the field reference in the README, the new-offer template, the translatable texts and the model's
offers (:mod:`generator.model`). Tests keep every derived artefact in step.
"""

from __future__ import annotations

from . import fields as f

N_ = lambda message: message  # noqa: E731  (marks captions for the catalogs; pybabel -k N_)

COST_CHOICES = (("free", "kostenlos"), ("fee", "kostenpflichtig"), ("reduced", "ermäßigt möglich"), ("varies", "unterschiedlich"))
APPOINTMENT_CHOICES = (("required", "nur mit Termin"), ("recommended", "Termin empfohlen"), ("not_needed", "ohne Termin"))
MUNICIPALITY_TYPES = (("Gemeinde", "Gemeinde"), ("Stadt", "Stadt"), ("Große Kreisstadt", "Große Kreisstadt"))

SOURCE_FIELDS: dict[str, f.Field] = {
    "title": f.Line(True, "Was die Quelle ist, z. B. „Webseite des Landratsamts“.", "Titel"),
    "url": f.Url(False, "Adresse der Quelle.", "Adresse (URL)"),
    "date": f.Date(False, "Datum der Quelle.", "Datum"),
    "fields": f.Lines(False, "Welche Felder die Quelle belegt.", "Belegte Felder"),
}

OFFER_FIELDS: dict[str, f.Field] = {
    "name": f.Text(True, "Name des Angebots, je Sprache (Deutsch ist Pflicht).", "Name"),
    "description": f.Text(False, "Was das Angebot bietet, je Sprache. Einfaches Markdown: Absätze, Listen mit „- “, *kursiv*, **fett**, [Links](https://…). Kein HTML.", "Beschreibung", multiline=True),
    "categories": f.Categories(True, "Eine oder mehrere Kategorien aus content/categories.yml, z. B. [language, work].", "Kategorien"),
    "provider": f.Line(False, "Träger oder Organisation (deutscher Name).", "Träger"),
    "steward": f.Line(False, "Wer das Angebot aktuell hält (Organisation, z. B. der Träger oder das Rathaus); ohne Angabe: der Träger. Erhält die Erinnerung, wenn die Prüfung fällig ist.", "Zuständig für die Pflege"),
    "address": f.Address(False, "Anschrift mit street (Straße und Hausnummer), postal_code (Postleitzahl, in Anführungszeichen) und city (Ort).", "Anschrift", fields={
        "street": f.Line(True, "Straße und Hausnummer.", "Straße und Hausnummer"),
        "postal_code": f.PostalCode(True, "Postleitzahl, fünf Ziffern in Anführungszeichen.", "Postleitzahl"),
        "city": f.Line(True, "Ort.", "Ort"),
    }),
    "coordinates": f.Coordinates(False, "Lage auf der Karte: lat (Breite) und lon (Länge), z. B. {lat: 48.89, lon: 8.70}. Nur aus einer Quelle oder mit `wegweiser geocode`, nie geschätzt.", "Koordinaten", fields={
        "lat": f.Number(True, "Geografische Breite."),
        "lon": f.Number(True, "Geografische Länge."),
    }),
    "phone": f.Phones(False, "Telefonnummern als Liste, in deutscher Schreibweise, z. B. [\"07231 308-0\"].", "Telefon"),
    "email": f.Email(False, "E-Mail-Adresse.", "E-Mail"),
    "website": f.Url(False, "Webseite, beginnt mit https:// (oder http://).", "Webseite"),
    "opening_hours": f.OpeningHours(False, "Öffnungszeiten im OpenStreetMap-Format, z. B. \"Mo-Fr 08:00-12:00; Th 14:00-18:00; PH off\". Vorübergehend geschlossen oder andere Zeiten: Regel mit Datum anhängen, z. B. '...; 2026 Dec 24-2027 Jan 06 off \"Weihnachtspause\"' (in einfachen Anführungszeichen); die Seite zeigt das 13 Wochen im Voraus.", "Öffnungszeiten"),
    "transport": f.Text(False, "Mit Bus und Bahn: nächste Haltestelle und Linien, je Sprache, z. B. „Bus 719, Haltestelle Rathaus“; nur was eine Quelle oder der Fahrplan sagt.", "Bus und Bahn", caption=N_("By bus and train"), show=("offer", "plan", "handout")),
    "languages": f.Languages(False, "Sprachen, die dort gesprochen werden, als ISO-639-Codes, z. B. [de, en, ar].", "Gesprochene Sprachen"),
    "interpreting": f.Languages(False, "Sprachen, für die das Angebot eine Dolmetscherin oder einen Dolmetscher organisieren kann (vor Ort, am Telefon oder per Video), als ISO-639-Codes, z. B. [ar, fa]; nur was eine Quelle sagt.", "Dolmetschen möglich für", example="[]"),
    "cost": f.Choice(False, "Kosten: free (kostenlos), fee (kostenpflichtig), reduced (ermäßigt möglich) oder varies (unterschiedlich).", "Kosten", choices=COST_CHOICES),
    "appointment": f.Choice(False, "Termin: required (nur mit Termin), recommended (Termin empfohlen) oder not_needed (ohne Termin).", "Termin", choices=APPOINTMENT_CHOICES),
    "audience": f.Text(False, "Für wen das Angebot ist, je Sprache.", "Für wen", caption=N_("Who it is for"), show=("offer",)),
    "accessibility": f.Text(False, "Barrierefreiheit (z. B. Aufzug, rollstuhlgerecht), je Sprache; nur was eine Quelle sagt.", "Barrierefreiheit", caption=N_("Accessibility"), show=("offer",)),
    "serves": f.Serves(False, "Für welche Gemeinden: `enzkreis` (ganzer Kreis) oder eine Liste von Gemeinde-Ordnernamen. Ohne Angabe: die eigene Gemeinde (im Ordner enzkreis: der ganze Kreis).", "Für welche Gemeinden"),
    "unconfirmed": f.FieldNames(False, "Felder, deren Angaben keine aktuelle Quelle bestätigt, z. B. [address, opening_hours]. Sie werden als „nicht bestätigt“ angezeigt.", "Nicht bestätigt", of=lambda: OFFER_FIELDS),
    "unreviewed": f.SiteLanguages(False, "Sprachen, deren Übersetzungen in dieser Datei noch kein Mensch geprüft hat, z. B. [ar, fa]. Die Seite zeigt dann einen Hinweis.", "Übersetzung ungeprüft"),
    "source": f.Sources(True, "Quellen der Angaben: Liste mit title (Pflicht), url, date und fields (welche Felder die Quelle belegt).", "Quellen", item=lambda: SOURCE_FIELDS),
    "verified": f.LastCheck(True, "Datum der letzten Prüfung (JJJJ-MM-TT). Ohne eigene Prüfung: das Datum der neuesten Quelle. Nie in der Zukunft.", "Zuletzt geprüft"),
}

SLUG_FIELD = dict(regex=f.SLUG.pattern[1:-1], message="\"{value}\" ist keine gültige Kennung (nur a-z, 0-9 und -)")

MUNICIPALITY_FIELDS: dict[str, f.Field] = {
    "name": f.Line(True, "Amtlicher Name der Gemeinde.", "Name"),
    "type": f.Choice(True, "Gemeinde, Stadt oder Große Kreisstadt.", "Art", choices=MUNICIPALITY_TYPES),
    "ags": f.Pattern(True, "Amtlicher Gemeindeschlüssel, acht Ziffern in Anführungszeichen, z. B. \"08236004\".", "Gemeindeschlüssel (AGS)",
                     regex="[0-9]{8}", message="\"{value}\" ist kein Gemeindeschlüssel (acht Ziffern in Anführungszeichen)"),
    "postal_codes": f.ListOf(True, "Postleitzahlen als Liste, in Anführungszeichen, z. B. [\"75217\"].", "Postleitzahlen",
                             item=f.PostalCode(True), what="eine Liste von Postleitzahlen"),
    "coordinates": f.Coordinates(True, "Ortsmitte: lat und lon.", "Ortsmitte (Koordinaten)", fields=OFFER_FIELDS["coordinates"].fields),
    "population": f.Mapping(False, "Einwohnerzahl mit Jahr: {count: 10200, year: 2023}.", "Einwohner", fields={
        "count": f.Integer(True, "Einwohnerzahl.", "Zahl"),
        "year": f.Integer(True, "Jahr der Zahl.", "Jahr", year=True),
    }),
    "website": f.Url(False, "Webseite der Gemeinde.", "Webseite"),
    "districts": f.Lines(False, "Ortsteile, nur wenn eine Quelle sie nennt.", "Ortsteile"),
    "town_hall": f.OfferRef(False, "Kennung (Dateiname ohne .yml) des Rathaus-Angebots im Ordner offers/ dieser Gemeinde.", "Rathaus (Kennung)"),
    "integration_management": f.Mapping(False, "Nur mit Quelle: welches Angebot das Integrationsmanagement für diese Gemeinde ist, als {offer: <Kennung>, source: [...]}.", "Integrationsmanagement", fields={
        "offer": f.AnyOfferRef(True, "Kennung des Angebots.", "Angebot (Kennung)"),
        "source": f.Sources(True, "Quelle der Zuordnung.", "Quellen", item=lambda: SOURCE_FIELDS),
    }, what="eine Zuordnung mit offer und source"),
    "source": f.Sources(True, "Quellen der Angaben (wie bei Angeboten).", "Quellen", item=lambda: SOURCE_FIELDS),
}

DISTRICT_FIELDS: dict[str, f.Field] = {
    "name": f.Line(True, "Name des Kreises.", "Name"),
    "website": f.Url(False, "Webseite des Landratsamts.", "Webseite"),
    "integration_management": f.ListOf(True, "Kennungen der Angebote im Ordner enzkreis/offers/, über die man das Integrationsmanagement erreicht.", "Integrationsmanagement (Kennungen)",
                                       item=f.OfferRef(True), what="eine Liste von Angebots-Kennungen"),
    "source": f.Sources(True, "Quellen der Angaben (wie bei Angeboten).", "Quellen", item=lambda: SOURCE_FIELDS),
}

CATEGORY_FIELDS: dict[str, f.Field] = {
    "id": f.Pattern(True, "Feste Kennung der Kategorie (Kleinbuchstaben), wird in Angeboten und Adressen benutzt.", "Kennung", **SLUG_FIELD),
    "icon": f.Pattern(True, "Name eines Material-Design-Symbols, z. B. translate.", "Symbol",
                      regex=f.SLUG.pattern[1:-1], message="\"{value}\" ist kein Symbolname (z. B. translate)"),
    "color": f.Color(True, "Farbe für Karte und Legende, z. B. \"#1565c0\" (Kontrast mindestens 4,5:1 zu Weiß).", "Farbe",
                     regex="#[0-9a-fA-F]{6}", message="\"{value}\" ist keine Farbe der Form \"#1565c0\""),
    "name": f.Text(True, "Name in jeder Sprache der Seite.", "Name", every=True),
    "description": f.Text(False, "Ein kurzer Satz, je Sprache.", "Beschreibung"),
    "keywords": f.Text(False, "Suchwörter je Sprache, durch Kommas getrennt: Wörter, die Leserinnen und Leser für das Thema eintippen, z. B. „Kita, Kindergarten, Krippe, Tagesmutter“. Die deutschen Suchwörter finden das Thema in jeder Sprache.", "Suchwörter"),
}

REDIRECT_FIELDS: dict[str, f.Field] = {
    "old": f.Pattern(True, "Die frühere Kennung (Dateiname) des Angebots.", "Alte Kennung", **SLUG_FIELD),
    "new": f.Pattern(False, "Die neue Kennung, wenn das Angebot umbenannt wurde.", "Neue Kennung", **SLUG_FIELD),
    "removed": f.Date(False, "Datum, seit dem es das Angebot nicht mehr gibt (statt new).", "Entfernt am"),
    "note": f.Text(False, "Kurzer Hinweis für Leserinnen und Leser, je Sprache, z. B. wohin sie sich jetzt wenden.", "Hinweis"),
}

MIRROR_FIELDS: dict[str, f.Field] = {
    "host": f.Line(True, "Rechnername der Kopie, z. B. de.wiki.li (gilt auch für seine Unterdomänen).", "Rechnername"),
    "note": f.Line(False, "Wovon die Seite eine Kopie ist.", "Hinweis"),
}

GLOSSARY_FIELDS: dict[str, f.Field] = {
    "id": f.Pattern(True, "Feste Kennung des Begriffs.", "Kennung", **SLUG_FIELD),
    "german": f.Line(True, "Das deutsche Wort, wie es auf Schildern und Briefen steht.", "Deutsches Wort"),
    "find": f.Lines(False, "Deutsche Wortformen, an denen die Prüfung den Begriff erkennt (ganze Wörter); ohne Angabe: german.", "Deutsche Wortformen"),
    "brackets": f.Bool(False, "true: das deutsche Wort bleibt in Klammern neben der Übersetzung stehen.", "Deutsches Wort in Klammern"),
    "term": f.Text(True, "Die Übersetzung des Begriffs in jeder Sprache der Seite.", "Übersetzung", every=True),
    "forms": f.LanguageLists(False, "Weitere Schreibweisen je Sprache, die als der Begriff zählen (Beugungsformen); * steht für beliebige Buchstaben ohne Leerzeichen.", "Weitere Formen"),
    "explanation": f.Text(False, "Ein kurzer Satz, der das Wort erklärt, je Sprache.", "Erklärung"),
}

PAGE_FIELDS: dict[str, f.Field] = {
    "title": f.Line(True, "Titel der Seite.", "Titel"),
    "reviewed": f.Bool(False, "false, wenn die Übersetzung noch von keinem Menschen geprüft wurde.", "Von einem Menschen geprüft"),
}

SNIPPET_FIELDS: dict[str, f.Field] = {
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
    ("Kopien statt Quellen: Einträge in `content/mirror-hosts.yml`", MIRROR_FIELDS),
    ("Wichtige Wörter (Glossar): Einträge in `content/glossary.yml`", GLOSSARY_FIELDS),
    ("Kopf (front matter) von Seiten in `content/pages/<seite>.<sprache>.md`", PAGE_FIELDS),
)


def field_tables() -> str:
    """The field reference for the README, made from the tables above (a test compares them)."""
    out = []
    for title, fields in TABLES:
        out.append(f"#### {title}\n\n| Feld | Pflicht | Bedeutung |\n| --- | --- | --- |")
        out.extend(field.doc_row(name) for name, field in fields.items())
        out.append("")
    return "\n".join(out)


if __name__ == "__main__":  # python -m generator.schema: print the README's field reference
    print(field_tables(), end="")
