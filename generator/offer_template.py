"""The commented template that ``wegweiser new offer`` writes: valid once its blanks are filled."""

from __future__ import annotations

from .jsonschema import header
from .loader import DISTRICT_FOLDER
from .model import Directory
from .schema import APPOINTMENT_CHOICES, COST_CHOICES


def offer_template(directory: Directory, folder: str) -> str:
    place = "den ganzen Kreis" if folder == DISTRICT_FOLDER else directory.municipality(folder).name
    categories = ", ".join(c.id for c in directory.categories)
    return f"""{header("offer", 3).rstrip()}
# Neues Angebot für {place}. Bitte die Lücken ("") ausfüllen und die Zeile mit `categories` ergänzen.
# Weitere Felder stehen auskommentiert (#) darunter: Zeichen # entfernen, wenn eine Quelle die Angabe belegt.
# Nichts erfinden, nichts schätzen. Alle Felder: README.md, Abschnitt „Alle Felder“.
name:
  de: ""                      # Name auf Deutsch, wie auf dem Schild oder der Webseite
description:
  de: ""                      # Was es bietet, in kurzen, einfachen Sätzen
categories: []                # eine oder mehrere von: {categories}
source:
  - title: ""                 # woher die Angaben stammen, z. B. "Webseite des Trägers"
    # url: https://…
    # date: JJJJ-MM-TT        # Datum der Quelle
verified: JJJJ-MM-TT          # Datum der letzten Prüfung (heute, wenn Sie es gerade geprüft haben)
# provider: ""                # Träger
# address:
#   street: ""
#   postal_code: ""           # in Anführungszeichen, z. B. "75217"
#   city: ""
# phone: [""]                 # z. B. ["07231 308-0"]
# email: ""
# website: https://…
# opening_hours: ""           # z. B. "Mo-Fr 08:00-12:00; Th 14:00-18:00; PH off"
# languages: [de]             # dort gesprochene Sprachen
# cost: free                  # {" | ".join(COST_CHOICES)}
# appointment: required       # {" | ".join(APPOINTMENT_CHOICES)}
# audience:
#   de: ""                    # für wen
# unconfirmed: []             # Felder ohne aktuelle Quelle, z. B. [opening_hours]
"""
