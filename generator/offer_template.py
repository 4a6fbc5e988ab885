"""The commented template that ``wegweiser new offer`` writes: valid once its blanks are filled.

Made from the offer table in :mod:`generator.schema`: required fields are blanks to fill,
optional ones are commented out with their description.
"""

from __future__ import annotations

from . import schema
from .jsonschema import header, vocabulary
from .loader import DISTRICT_FOLDER
from .model import Directory


def _field(name: str, note: str, value: str, commented: bool) -> list[str]:
    lines = [f"# {note}", f"{name}: {value}" if not value.startswith("\n") else f"{name}:{value}"]
    lines = lines[:1] + "\n".join(lines[1:]).splitlines()
    return lines[:1] + [("# " + line) if commented else line for line in lines[1:]]


def offer_template(directory: Directory, folder: str) -> str:
    place = "den ganzen Kreis" if folder == DISTRICT_FOLDER else directory.municipality(folder).name
    v = vocabulary(directory)
    out = [
        header("offer", 3).rstrip(),
        f"# Neues Angebot für {place}. Bitte die Lücken (\"\", [], JJJJ-MM-TT) ausfüllen.",
        "# Weitere Felder stehen auskommentiert (#) darunter: Zeichen # entfernen, wenn eine Quelle die Angabe belegt.",
        "# Nichts erfinden, nichts schätzen. Alle Felder: README.md, Abschnitt „Alle Felder“.",
    ]
    fields = schema.OFFER_FIELDS
    ordered = [n for n, f in fields.items() if f.required] + [n for n, f in fields.items() if not f.required]
    for name in ordered:
        f = fields[name]
        out += _field(name, f.template_note(v), f.blank(), commented=not f.required)
    return "\n".join(out) + "\n"
