"""The offers as one spreadsheet: a CSV file that Excel and LibreOffice open with German settings.

UTF-8 with a byte order mark (else Excel reads the umlauts as Windows-1252), ``;`` between cells
(German Excel's list separator, as the comma is the decimal sign there), decimal commas, line
breaks ``\\r\\n``. A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return gets a leading apostrophe, so no spreadsheet runs it as a formula (OWASP's advice for CSV
injection); the import takes the apostrophe off again.
"""

from __future__ import annotations

import csv
import io

from ..model import Directory, Offer
from . import common

BOM = "\ufeff"
SEPARATOR = ";"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
LIST_SEPARATOR = ", "  # between phone numbers, languages, topics (none of them contains a comma)
SOURCE_SEPARATOR = "\n"  # one source per line inside the cell

# (header, what it holds); the order is the order of the columns
COLUMNS = (
    "Kennung", "Ordner", "Name", "Beschreibung", "Themen", "Träger", "Straße", "PLZ", "Ort", "Breitengrad",
    "Längengrad", "Telefon", "E-Mail", "Webseite", "Öffnungszeiten", "Sprachen", "Kosten", "Termin", "Zielgruppe",
    "Barrierefreiheit", "Anfahrt", "Pflege", "Gemeinden", "Geprüft am", "Quellen", "Nicht bestätigt", "Seite",
)
COST = {"free": "kostenlos", "fee": "kostenpflichtig", "reduced": "ermäßigt möglich", "varies": "je nach Angebot"}
APPOINTMENT = {"required": "nur mit Termin", "recommended": "Termin empfohlen", "not_needed": "ohne Termin"}
WHOLE_DISTRICT = "ganzer Kreis"


def neutralise(value: str) -> str:
    """A text cell that no spreadsheet reads as a formula."""
    return "'" + value if value.startswith(FORMULA_START) else value


def decimal(value: float) -> str:
    return repr(value).replace(".", ",")


def source_text(source) -> str:
    parts = [source.title]
    if source.url:
        parts.append(source.url)
    if source.date:
        parts.append(source.date.strftime("%d.%m.%Y"))
    if source.fields:
        parts.append("Felder: " + ", ".join(source.fields))
    return " | ".join(parts)


def row(directory: Directory, offer: Offer) -> list[str]:
    a, c = offer.address, offer.coordinates
    serves = WHOLE_DISTRICT if offer.serves_all else LIST_SEPARATOR.join(
        directory.municipality(s).name for s in sorted(offer.serves, key=lambda s: directory.municipality(s).name))
    cells = [
        offer.id, offer.folder, offer.name.values["de"], common.text(offer.description),
        LIST_SEPARATOR.join(offer.categories), offer.provider or "",
        a.street if a else "", a.postal_code if a else "", a.city if a else "",
        decimal(c.lat) if c else "", decimal(c.lon) if c else "",
        LIST_SEPARATOR.join(p.display for p in offer.phones), offer.email or "", offer.website or "",
        offer.opening_hours or "", LIST_SEPARATOR.join(offer.languages), COST.get(offer.cost or "", ""),
        APPOINTMENT.get(offer.appointment or "", ""), common.text(offer.audience), common.text(offer.accessibility),
        common.text(getattr(offer, "transport", None)), str(getattr(offer, "steward", None) or ""),
        serves, offer.verified.strftime("%d.%m.%Y"), SOURCE_SEPARATOR.join(source_text(s) for s in offer.sources),
        LIST_SEPARATOR.join(sorted(offer.unconfirmed)), common.page_url(directory, f"angebote/{offer.id}/"),
    ]
    return [neutralise(x) for x in cells]


def spreadsheet(directory: Directory) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=SEPARATOR, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMNS)
    for offer in common.offers(directory):
        writer.writerow(row(directory, offer))
    return (BOM + buf.getvalue()).encode("utf-8")
