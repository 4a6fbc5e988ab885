"""The POI import file of Integreat's CMS (``integreat-cms-cli import_pois_from_csv FILE REGION USER``).

The columns are those the management command reads (digitalfabrik/integreat-cms, PR #2768,
``tests/core/management/commands/assets/pois_to_import.csv``): UTF-8 without a byte order mark
(the command opens the file as ``utf-8``, a BOM would become part of the first header), comma,
``yes``/``no`` for booleans, one time slot per weekday.

What the format cannot say, and what we do then:

- a day with more than one opening span (a lunch break) has one slot only: the first span is
  written and the rest of the day is lost (the page of the offer has the full hours);
- days with a comment only ("nach Vereinbarung") are ``appointment_only``; an offer without
  opening hours has every day empty (the command then marks each day closed; we cannot say
  "unknown");
- the category is the German name of the offer's first topic (the command maps names it knows
  and puts the rest into its "Other" category);
- one phone number (the first), no description, no languages, no sources.
"""

from __future__ import annotations

import csv
import io

from ..model import Directory, Offer
from . import common

DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
COLUMNS = (
    "name", "street_address", "postal_code", "city", "country", "latitude", "longitude", "location_on_map",
    "website", "email", "phone_number", "appointment_url", "category", "barrier_free", "temporarily_closed",
    *(f"{day}_{part}" for day in DAYS for part in ("start", "end", "all_day", "closed", "appointment_only")),
)
COUNTRY = "Deutschland"


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def row(directory: Directory, offer: Offer) -> dict[str, str]:
    a, c = offer.address, offer.coordinates
    values = {column: "" for column in COLUMNS}
    values.update(
        name=offer.name.values["de"],
        street_address=a.street if a else "",
        postal_code=a.postal_code if a else "",
        city=a.city if a else "",
        country=COUNTRY if a else "",
        latitude=repr(c.lat) if c else "",
        longitude=repr(c.lon) if c else "",
        location_on_map=_yes(c is not None),
        website=offer.website or "",
        email=offer.email or "",
        phone_number=offer.phones[0].display if offer.phones else "",
        category=common.text(directory.category(offer.categories[0]).name),
        temporarily_closed="no",
    )
    week = common.week(offer, directory.today)
    if week is None:
        return values
    today = directory.today
    if any(ch.closed and ch.first <= today <= ch.last for ch in week.changes):
        values["temporarily_closed"] = "yes"
    appointment = offer.appointment == "required"
    for day in week.days:
        name = DAYS[day.weekday]
        if day.spans:
            first = day.spans[0]
            if first.start.hour == first.start.minute == 0 and first.end is None:
                values[f"{name}_all_day"] = "yes"
            else:
                values[f"{name}_start"] = first.start.strftime("%H:%M")
                values[f"{name}_end"] = "23:59" if first.end is None else first.end.strftime("%H:%M")
            values[f"{name}_closed"] = "no"
            values[f"{name}_appointment_only"] = _yes(appointment)
        elif day.comments or day.unknown:
            values[f"{name}_appointment_only"] = "yes"
        else:
            values[f"{name}_closed"] = "yes"
    return values


def pois_csv(directory: Directory) -> bytes:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for offer in common.offers(directory):
        writer.writerow(row(directory, offer))
    return buf.getvalue().encode("utf-8")
