"""What every export shares: stable ids, the data licence, texts in one language, the regular week."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from ..model import Directory, Offer, Text
from ..opening_hours import Change, Day, public_holidays, schedule

# One fixed namespace: the same offer id gives the same UUID in every build and on every machine.
# (uuid5 of the DNS namespace and "wegweiser-enzkreis.opendata", written out so it never changes.)
NAMESPACE = uuid.UUID("68b7a9c9-09e6-5d6f-8baf-5a7adec98310")
FOLDER = "daten"  # the site folder of every export: /daten/
COUNTRY = "DE"
STATE = "Baden-Württemberg"  # the Enzkreis and every address the directory lists (bounds: extra.wegweiser.bounds)
TIMEZONE = "Europe/Berlin"


def uid(kind: str, *key: str) -> str:
    """A UUID version 5 from our own ids: ``uid("service", "jobcenter-enzkreis")``."""
    return str(uuid.uuid5(NAMESPACE, ":".join((kind, *key))))


def text(value: Text | None, lang: str = "de") -> str:
    """A translatable text in ``lang``, else German; "" when there is none."""
    if value is None:
        return ""
    return value.get(lang, "de")[0]


def is_fallback(value: Text | None, lang: str) -> bool:
    return value is not None and not value.has(lang)


@dataclass(frozen=True)
class Week:
    """An offer's hours as the site shows them: the regular week and dated changes (13 weeks ahead)."""

    days: tuple[Day, ...]
    changes: tuple[Change, ...]
    closed_on_public_holidays: bool


def week(offer: Offer, today: dt.date) -> Week | None:
    from ..opening_hours import closes_on_public_holidays

    if not offer.opening_hours:
        return None
    days, changes = schedule(offer.opening_hours, today, public_holidays(today.year))
    return Week(days, changes, closes_on_public_holidays(offer.opening_hours))


def osm_coordinates(offer: Offer) -> bool:
    """Whether the offer's coordinates come from OpenStreetMap (``wegweiser geocode`` names it as the source)."""
    return any("coordinates" in s.fields and "openstreetmap" in s.title.casefold() for s in offer.sources)


def offers(directory: Directory) -> list[Offer]:
    """Every offer, in a stable order (by id)."""
    return [directory.offers[k] for k in sorted(directory.offers)]


def page_url(directory: Directory, path: str, lang: str = "de") -> str:
    """The public address of a page of the site, or "" while the site's address is unknown."""
    root = directory.config.site_url
    return f"{root}{lang}/{path}" if root else ""


def district_ags(directory: Directory) -> str:
    """The district's key: the first five digits every municipality's AGS shares ("" if they differ)."""
    keys = {m.ags[:5] for m in directory.municipalities}
    return keys.pop() if len(keys) == 1 else ""
