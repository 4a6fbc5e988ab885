"""schema.org JSON-LD for offer and municipality pages (a data block: no script runs, the CSP is unaffected).

An offer is a ``Service``; where it has an address or coordinates, the place is a ``Place`` (with
``address``, ``geo``, ``telephone`` and ``openingHoursSpecification``), reached through the service's
``availableChannel`` (a ``ServiceChannel`` with the phone, the website and ``availableLanguage``).
Without a place (a helpline, a meeting without an address), the hours are the service's ``hoursAvailable``.
Temporary closures are ``OpeningHoursSpecification``\\ s with ``validFrom``/``validThrough`` and
opens = closes = 00:00 (closed all day); changed hours have their own times.

A municipality page describes the municipality (``City`` or ``AdministrativeArea``, its AGS as
``identifier``) and lists the offers that serve it, leaving out those for the whole district, which
every municipality would repeat (``ItemList`` of their pages' addresses).
"""

from __future__ import annotations

import json
from typing import Callable

from ..markup import to_plain
from ..model import Directory, Municipality, Offer
from . import common

SCHEMA = "https://schema.org/"
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _time(value) -> str:
    return "23:59" if value is None else value.strftime("%H:%M")


def opening_hours(offer: Offer, directory: Directory) -> list[dict]:
    week = common.week(offer, directory.today)
    if week is None:
        return []
    out: list[dict] = []
    spans: dict[tuple, list[int]] = {}
    for day in week.days:
        for span in day.spans:
            spans.setdefault((span.start, span.end), []).append(day.weekday)
    for (start, end), days in spans.items():
        out.append({"@type": "OpeningHoursSpecification", "dayOfWeek": [SCHEMA + DAYS[i] for i in days],
                    "opens": _time(start), "closes": _time(end)})
    for change in week.changes:
        dates = {"validFrom": change.first.isoformat(), "validThrough": change.last.isoformat()}
        if change.closed:
            out.append({"@type": "OpeningHoursSpecification", "opens": "00:00", "closes": "00:00", **dates})
        for span in change.spans:
            out.append({"@type": "OpeningHoursSpecification", "opens": _time(span.start), "closes": _time(span.end), **dates})
    return out


def area(directory: Directory, m: Municipality) -> dict:
    return {"@type": "City" if m.type == "Stadt" else "AdministrativeArea", "name": m.name,
            "identifier": {"@type": "PropertyValue", "propertyID": "AGS", "value": m.ags}}


def district(directory: Directory) -> dict:
    out = {"@type": "AdministrativeArea", "name": directory.district.name}
    if common.district_ags(directory):
        out["identifier"] = {"@type": "PropertyValue", "propertyID": "AGS", "value": common.district_ags(directory)}
    return out


def offer(directory: Directory, item: Offer, lang: str, url: str, language_name: Callable[[str], str]) -> dict:
    """The offer page's JSON-LD. ``url``: the page's address (absolute when known)."""
    name = common.text(item.name, lang)
    service: dict = {"@context": "https://schema.org", "@type": "Service", "name": name, "url": url}
    if name != item.name.values["de"]:
        service["alternateName"] = item.name.values["de"]
    if item.description:
        service["description"] = " ".join(to_plain(common.text(item.description, lang)).split())
    service["serviceType"] = [common.text(directory.category(c).name, lang) for c in item.categories]
    if item.provider:
        service["provider"] = {"@type": "Organization", "name": item.provider}
    service["areaServed"] = district(directory) if item.serves_all else [
        area(directory, directory.municipality(s)) for s in sorted(item.serves)]
    if item.audience:
        service["audience"] = {"@type": "Audience", "audienceType": common.text(item.audience, lang)}
    channel: dict = {"@type": "ServiceChannel"}
    languages = [{"@type": "Language", "name": language_name(code), "alternateName": code} for code in item.languages]
    if languages:
        channel["availableLanguage"] = languages
    if item.website:
        channel["serviceUrl"] = item.website
    hours = opening_hours(item, directory)
    if item.phones:
        point: dict = {"@type": "ContactPoint", "telephone": [p.uri.removeprefix("tel:") for p in item.phones]}
        if languages:
            point["availableLanguage"] = languages
        if item.email:
            point["email"] = item.email
        channel["servicePhone"] = point
    if item.address or item.coordinates:
        place: dict = {"@type": "Place", "name": name}
        if item.address:
            a = item.address
            place["address"] = {"@type": "PostalAddress", "streetAddress": a.street, "postalCode": a.postal_code,
                                "addressLocality": a.city, "addressRegion": common.STATE, "addressCountry": common.COUNTRY}
        if item.coordinates:
            place["geo"] = {"@type": "GeoCoordinates", "latitude": item.coordinates.lat, "longitude": item.coordinates.lon}
        if item.phones:
            place["telephone"] = item.phones[0].uri.removeprefix("tel:")
        if hours:
            place["openingHoursSpecification"] = hours
        channel["serviceLocation"] = place
    if len(channel) > 1:
        service["availableChannel"] = channel
    if hours and not (item.address or item.coordinates):
        service["hoursAvailable"] = hours  # no place to open: the service's own hours
    return service


def municipality(directory: Directory, m: Municipality, lang: str, url: str,
                 offers: list[tuple[Offer, str]]) -> dict:
    """The municipality page's JSON-LD; ``offers``: (offer, its page's address) to list."""
    place = area(directory, m) | {
        "url": url,
        "geo": {"@type": "GeoCoordinates", "latitude": m.coordinates.lat, "longitude": m.coordinates.lon},
        "containedInPlace": district(directory),
    }
    if m.website:
        place["sameAs"] = m.website
    # each offer by its address only: its own page carries the Service (names here would cost a
    # reader on a phone about a kilobyte per municipality page)
    items = [{"@type": "ListItem", "position": i, "url": link} for i, (_, link) in enumerate(offers, 1)]
    return {"@context": "https://schema.org", "@graph": [place, {"@type": "ItemList", "itemListElement": items}]}


def script(data: dict) -> str:
    """A ``<script type="application/ld+json">`` block; "<", ">" and "&" escaped so no HTML parser reads into it."""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    payload = payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{payload}</script>'
