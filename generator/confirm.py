"""``wegweiser confirm``: "Noch aktuell" in one step.

An editor checked an offer (a phone call, its website, a visit) and found it correct. This
records that in the offer's file: a new ``source`` entry saying what was checked, how and when,
and the fields the check confirmed taken off ``unconfirmed``. ``verified`` keeps its meaning,
the date of the last check of the *whole* record: it moves only when every fact of the offer
was checked (no ``--fields``, or ``--fields`` naming every fact the file has). A call that
confirmed the phone number and the opening hours is recorded as such, and the offer stays
due for a full check.

Nothing is written unless the project validates with the changed file.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .errors import Problem, WegweiserError
from .loader import load_project, parse_yaml
from .model import build_directory
from .validate import validate
from .writer import record_check

HOW = {  # --how: the title of the source entry says how the offer was checked
    "telefon": "Telefonische Prüfung",
    "webseite": "Prüfung der Webseite",
    "besuch": "Prüfung vor Ort",
}
HOW_LABELS = {"telefon": "Anruf", "webseite": "Webseite", "besuch": "Besuch"}  # the choice in the editing app
# Keys of an offer file that say something about the record, not about the offer: a check
# cannot confirm them.
NOT_FACTS = frozenset({"source", "verified", "unconfirmed", "unreviewed", "steward"})
UNCHANGED = "Die Datei wurde nicht geändert."


@dataclass(frozen=True)
class Confirmation:
    path: str
    checked: dt.date
    title: str
    fields: tuple[str, ...] | None  # None: every fact of the offer
    whole: bool
    verified_before: dt.date
    confirmed: tuple[str, ...]  # names taken off unconfirmed

    def summary(self) -> list[str]:
        """What changed, in German, for the editor."""
        what = "alle Angaben" if self.whole else "nur " + ", ".join(self.fields or ())
        lines = [f"{self.path}: Prüfung vom {self.checked.isoformat()} eingetragen ({what})."]
        if self.whole:
            lines.append(f"  verified: {self.verified_before.isoformat()} → {self.checked.isoformat()}")
        else:
            lines.append(f"  verified: bleibt {self.verified_before.isoformat()} "
                         "(das Datum der Prüfung aller Angaben; ohne --fields prüfen Sie alles)")
        entry = f"  source: neuer Eintrag „{self.title}“"
        lines.append(entry + (f" (fields: {', '.join(self.fields)})" if self.fields is not None else ""))
        if self.confirmed:
            lines.append(f"  unconfirmed: {', '.join(self.confirmed)} jetzt bestätigt")
        return lines


def parse_date(value: str | None, today: dt.date) -> dt.date:
    """``--date``: a day in the form JJJJ-MM-TT, not after ``today``; ``today`` when not given."""
    if value is None:
        return today
    try:
        date = dt.date.fromisoformat(value)
        if len(value) != 10:
            raise ValueError(value)
    except ValueError:
        raise WegweiserError(message=f"--date: \"{value}\" ist kein Datum (Form JJJJ-MM-TT, z. B. 2026-03-01)") from None
    if date > today:
        raise WegweiserError(message=f"--date: {date.isoformat()} liegt in der Zukunft")
    return date


def parse_fields(value: str | None) -> tuple[str, ...] | None:
    """``--fields phone,opening_hours``: the checked fields, in the given order, without repeats."""
    if value is None:
        return None
    names = tuple(dict.fromkeys(n.strip() for n in value.split(",") if n.strip()))
    if not names:
        raise WegweiserError(message="--fields: mindestens ein Feld angeben, z. B. --fields phone,opening_hours")
    return names


def title_of(source: str, how: str | None) -> str:
    text = " ".join(source.split())
    if not text or "\n" in source:
        raise WegweiserError(message="--source: in einer Zeile angeben, was geprüft wurde, z. B. --source \"Anruf im Bürgerbüro\"")
    return f"{HOW[how]}: {text}" if how else text


def confirm(root: Path, offer_id: str, source: str, how: str | None = None, url: str | None = None,
            date: str | None = None, fields: str | None = None, today: dt.date | None = None) -> Confirmation:
    """Record a check of ``offer_id`` in its file; raise :class:`WegweiserError` (nothing written) on any problem."""
    today = today or dt.date.today()
    title = title_of(source, how)
    checked = parse_date(date, today)
    names = parse_fields(fields)

    raw = load_project(Path(root))
    problems = validate(raw, today)
    if problems:
        raise WegweiserError(problems, UNCHANGED)
    directory = build_directory(raw, today)
    offer = directory.offers.get(offer_id)
    if offer is None:
        redirect = next((r for r in directory.redirects if r.old == offer_id), None)
        if redirect and redirect.new:
            raise WegweiserError(message=f"das Angebot \"{offer_id}\" heißt jetzt \"{redirect.new}\"")
        if redirect:
            raise WegweiserError(message=f"das Angebot \"{offer_id}\" gibt es nicht mehr (seit {redirect.removed.isoformat()})")
        raise WegweiserError(message=f"unbekanntes Angebot \"{offer_id}\" (die Kennung ist der Dateiname ohne .yml)")

    doc = next(d for folder, i, d in raw.offers if folder == offer.folder and i == offer.id)
    facts = [key for key in doc.data if key not in NOT_FACTS]
    if names is not None:
        unknown = [n for n in names if n not in facts]
        if unknown:
            raise WegweiserError(message=(
                f"--fields: \"{unknown[0]}\" ist keine Angabe dieses Angebots (möglich: {', '.join(sorted(facts))})"))
    whole = names is None or set(names) == set(facts)
    if whole and checked < offer.verified:
        raise WegweiserError(message=(
            f"--date: {checked.isoformat()} liegt vor der letzten Prüfung (verified: {offer.verified.isoformat()})"))

    entry: dict = {"title": title}
    if url:
        entry["url"] = url
    entry["date"] = checked
    if names is not None:
        entry["fields"] = list(names)

    def check(new_text: str) -> None:
        new_doc, found = parse_yaml(new_text, offer.path)
        if not found:
            changed = dataclasses.replace(raw, offers=[
                (folder, i, new_doc if (folder, i) == (offer.folder, offer.id) else d) for folder, i, d in raw.offers
            ])
            found = validate(changed, today)
        if found:
            raise WegweiserError(found, UNCHANGED)

    record_check(Path(root) / offer.path, offer.path, checked, entry, None if names is None else set(names), whole, check)
    confirmed = tuple(n for n in doc.data.get("unconfirmed") or () if names is None or n in names)
    return Confirmation(offer.path, checked, title, names, whole, offer.verified, confirmed)
