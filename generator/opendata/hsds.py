"""HSDS 3.1 (Open Referral): the directory as tables, as a tabular data package and as JSON documents.

One function builds the tables (:func:`tables`); the CSV files, ``datapackage.json`` and the JSON
documents shaped like the compiled schemas (``service``, ``organization``, ``service_at_location``)
are all made from them, so both forms always say the same.

Where our data go (German package; the other languages have the same shape, see :func:`package`):

- offer → ``service`` (name, description, url, email, ``assured_date`` = ``verified``,
  ``eligibility_description`` = audience, ``fees_description`` / ``application_process`` = cost and
  appointment in words); its provider (else the offer itself) → ``organization``; its address and
  coordinates → ``location`` + ``address`` + ``service_at_location``; accessibility →
  ``accessibility``; ``transport`` → ``location.transportation``;
- phones → ``phone``; spoken languages → ``language``; interpreting → ``interpretation_services`` (ISO codes); municipalities served → ``service_area``
  (one per municipality, or the whole district) with the AGS as an attribute;
- opening hours → ``schedule``: one row per opening span of the regular week (``freq`` WEEKLY,
  ``byday``, ``opens_at``/``closes_at`` in local time, Europe/Berlin), and the dated changes of the
  coming 13 weeks as rows with ``valid_from``/``valid_to`` (a closure has no times and says
  "geschlossen"). "PH off" goes into ``notes``: HSDS has no public holidays;
- categories → ``taxonomy`` "Themen" and its ``taxonomy_term``\\ s, linked by ``attribute``;
- everything HSDS has no field for → ``attribute`` rows of the taxonomy "Angaben im Wegweiser":
  our id and folder (so an import finds the offer again), each source (value: its URL; label:
  title, date and the fields it confirms), each unconfirmed field, the cost and appointment codes,
  the steward, the AGS of a service area.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass
from functools import lru_cache

from ..localize import Localizer
from ..model import Directory, Offer
from . import common
from .common import uid

# The HSDS 3.1 tables we fill, as the official tabular data package defines them (field order,
# types, formats, required): name → (file, "field[:type][/format][!]" …). Copied from
# openreferral/specification (3.1, CC BY-SA 4.0); tests compare them with the official file.
TABLES: dict[str, tuple[str, str]] = {
    "organization": ("organizations.csv", "id/uuid! name! alternate_name description! email/email website/uri tax_status tax_id year_incorporated:number legal_status logo uri/uri parent_organization_id/uuid"),
    "service": ("services.csv", "id/uuid! organization_id/uuid! program_id/uuid name! alternate_name description url/uri email/email status! interpretation_services application_process fees_description wait_time fees accreditations eligibility_description minimum_age:number maximum_age:number assured_date:date assurer_email/email licenses alert last_modified:datetime"),
    "location": ("locations.csv", "id/uuid! location_type! url/uri organization_id/uuid name alternate_name description transportation latitude:number longitude:number external_identifier external_identifier_type"),
    "service_at_location": ("service_at_location.csv", "id/uuid! service_id/uuid! location_id/uuid! description"),
    "address": ("addresses.csv", "id/uuid! location_id/uuid attention address_1! address_2 city! region state_province! postal_code! country! address_type!"),
    "phone": ("phones.csv", "id/uuid! location_id/uuid service_id/uuid organization_id/uuid contact_id/uuid service_at_location_id/uuid number! extension:number type description"),
    "schedule": ("schedules.csv", "id/uuid! service_id/uuid location_id/uuid service_at_location_id/uuid valid_from:date valid_to:date dtstart:date timezone:number until:date count:number wkst freq interval:number byday byweekno bymonthday byyearday description opens_at:time closes_at:time schedule_link/uri attending_type notes"),
    "language": ("languages.csv", "id/uuid! service_id/uuid location_id/uuid phone_id/uuid name code note"),
    "service_area": ("service_areas.csv", "id/uuid! service_id/uuid service_at_location_id/uuid name description extent extent_type uri"),
    "accessibility": ("accessibility.csv", "id/uuid! location_id/uuid description details url/uri"),
    "taxonomy": ("taxonomies.csv", "id/uuid! name! description! uri/uri version"),
    "taxonomy_term": ("taxonomy_terms.csv", "id/uuid! code name! description! parent_id/uuid taxonomy language taxonomy_id/uuid term_uri/uri"),
    "attribute": ("attributes.csv", "id/uuid! link_id/uuid! taxonomy_term_id/uuid! link_type link_entity! value label"),
}
# Foreign keys among the tables above (the official package also points to tables we leave empty).
FOREIGN_KEYS: dict[str, tuple[tuple[str, str], ...]] = {
    "service": (("organization_id", "organization"),),
    "location": (("organization_id", "organization"),),
    "service_at_location": (("service_id", "service"), ("location_id", "location")),
    "address": (("location_id", "location"),),
    "phone": (("location_id", "location"), ("service_id", "service"), ("organization_id", "organization")),
    "schedule": (("service_id", "service"), ("location_id", "location"), ("service_at_location_id", "service_at_location")),
    "language": (("service_id", "service"), ("location_id", "location")),
    "service_area": (("service_id", "service"), ("service_at_location_id", "service_at_location")),
    "accessibility": (("location_id", "location"),),
    "taxonomy_term": (("taxonomy_id", "taxonomy"),),
    "attribute": (("taxonomy_term_id", "taxonomy_term"),),
}
HSDS_VERSION = "3.1"
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # string, number, date, time, datetime
    format: str | None
    required: bool


@lru_cache(maxsize=None)
def field_names(table: str) -> tuple[str, ...]:
    return tuple(f.name for f in fields(table))


def fields(table: str) -> list[Field]:
    out = []
    for spec in TABLES[table][1].split():
        required = spec.endswith("!")
        spec = spec.rstrip("!")
        spec, _, fmt = spec.partition("/")
        name, _, typ = spec.partition(":")
        out.append(Field(name, typ or "string", fmt or None, required))
    return out


# Our own taxonomy for what HSDS has no field for (codes are stable; names and descriptions German).
OWN_TERMS = {
    "kennung": ("Kennung", "Die Kennung des Angebots im Wegweiser (Dateiname, Teil der Adresse der Seite)."),
    "ordner": ("Ordner", "Der Ordner des Angebots: die Gemeinde (Kurzname) oder enzkreis für kreisweite Angebote."),
    "quelle": ("Quelle", "Eine Quelle der Angaben: Wert ist die Adresse (falls vorhanden), Bezeichnung ist Titel, Datum und die belegten Felder."),
    "nicht-bestaetigt": ("Nicht bestätigt", "Ein Feld, das keine aktuelle Quelle bestätigt (Wert: der Feldname)."),
    "kosten": ("Kosten", "Kosten als Code: free, fee, reduced, varies."),
    "termin": ("Termin", "Termin als Code: required, recommended, not_needed."),
    "pflege": ("Pflege", "Die Stelle, die das Angebot aktuell hält (wenn nicht der Träger)."),
    "ags": ("Amtlicher Gemeindeschlüssel", "Der Amtliche Gemeindeschlüssel (AGS) des Gebiets (Wert)."),
}
COST_WORDS = {"free": "kostenlos", "fee": "kostenpflichtig", "reduced": "ermäßigte Gebühren möglich", "varies": "je nach Angebot"}
APPOINTMENT_WORDS = {"required": "nur mit Termin", "recommended": "Termin empfohlen", "not_needed": "ohne Termin"}


def _time(span_time) -> str:
    # HSDS times are HH:MM:SS; "until midnight" (24:00) has no such form and becomes 23:59:59
    return "23:59:59" if span_time is None else span_time.strftime("%H:%M:%S")


class Tables:
    """The HSDS tables of one language: table name → rows (dicts with every field of the table)."""

    def __init__(self, directory: Directory, lang: str = "de"):
        self.d = directory
        self.lang = lang
        self.rows: dict[str, list[dict]] = {name: [] for name in TABLES}
        self.l10n = Localizer(lang)
        self._build()

    # -- helpers -----------------------------------------------------------------------------

    def add(self, table: str, **values) -> dict:
        """A row of ``table``: only its fields with a value, in the table's order (an absent field is
        empty; rows with every field spelt out were the generator's peak memory at 12,000 pages)."""
        names = field_names(table)
        unknown = set(values).difference(names)
        if unknown:
            raise KeyError(f"{table}: {sorted(unknown)}")
        row = {n: values[n] for n in names if values.get(n) not in ("", None)}
        self.rows[table].append(row)
        return row

    def attribute(self, entity: str, link_id: str, code: str, value: str | None = None, label: str | None = None,
                  key: str = "") -> None:
        self.add("attribute", id=uid("attribute", entity, link_id, code, key or value or ""), link_id=link_id,
                 taxonomy_term_id=uid("taxonomy_term", "angaben", code), link_entity=entity, value=value, label=label)

    def t(self, value) -> str:
        return common.text(value, self.lang)

    # -- the tables --------------------------------------------------------------------------

    def _build(self) -> None:
        d = self.d
        site = d.config.site_url
        self.add("taxonomy", id=uid("taxonomy", "themen"), name="Wegweiser Enzkreis: Themen",
                 description="Die Themen, nach denen der Wegweiser Enzkreis seine Angebote ordnet.",
                 uri=f"{site}{self.lang}/" if site else None)
        self.add("taxonomy", id=uid("taxonomy", "angaben"), name="Wegweiser Enzkreis: Angaben",
                 description="Angaben des Wegweisers, für die HSDS kein eigenes Feld hat (als Attribute).")
        for c in d.categories:
            self.add("taxonomy_term", id=uid("taxonomy_term", "themen", c.id), code=c.id, name=self.t(c.name),
                     description=self.t(c.description) or self.t(c.name), taxonomy="Wegweiser Enzkreis: Themen",
                     language=self.lang, taxonomy_id=uid("taxonomy", "themen"))
        for code, (name, description) in OWN_TERMS.items():
            self.add("taxonomy_term", id=uid("taxonomy_term", "angaben", code), code=code, name=name,
                     description=description, taxonomy="Wegweiser Enzkreis: Angaben", language="de",
                     taxonomy_id=uid("taxonomy", "angaben"))
        organizations: dict[str, dict] = {}
        for offer in common.offers(d):
            org_name = offer.provider or offer.name.values["de"]
            org_id = uid("organization", org_name)
            if org_id not in organizations:
                organizations[org_id] = self.add(
                    "organization", id=org_id, name=org_name,
                    description=(f"Träger von Angeboten im {d.config.site_name}" if offer.provider
                                 else f"Anbieter des Angebots „{org_name}“ im {d.config.site_name}"),
                )
            self._service(offer, org_id)

    def _service(self, offer: Offer, org_id: str) -> None:
        d = self.d
        sid = uid("service", offer.id)
        name = self.t(offer.name)
        german = offer.name.values["de"]
        self.add(
            "service", id=sid, organization_id=org_id, name=name,
            alternate_name=german if name != german else None,
            description=self.t(offer.description), url=offer.website, email=offer.email, status="active",
            application_process=APPOINTMENT_WORDS.get(offer.appointment or ""),
            fees_description=COST_WORDS.get(offer.cost or ""),
            eligibility_description=self.t(offer.audience), assured_date=offer.verified.isoformat(),
            interpretation_services=("Dolmetschen möglich für: " + ", ".join(offer.interpreting)) if offer.interpreting else None,
        )
        self.attribute("service", sid, "kennung", offer.id)
        self.attribute("service", sid, "ordner", offer.folder)
        for cid in offer.categories:
            self.add("attribute", id=uid("attribute", "service", sid, "themen", cid), link_id=sid,
                     taxonomy_term_id=uid("taxonomy_term", "themen", cid), link_entity="service", link_type="category")
        for i, source in enumerate(offer.sources):
            label = source.title + (f" ({source.date.isoformat()})" if source.date else "")
            if source.fields:
                label += ": " + ", ".join(source.fields)
            self.attribute("service", sid, "quelle", source.url, label, key=str(i))
        for field_name in sorted(offer.unconfirmed):
            self.attribute("service", sid, "nicht-bestaetigt", field_name)
        if offer.cost:
            self.attribute("service", sid, "kosten", offer.cost)
        if offer.appointment:
            self.attribute("service", sid, "termin", offer.appointment)
        steward = getattr(offer, "steward", None)
        if steward:
            self.attribute("service", sid, "pflege", str(steward))

        loc_id = sal_id = None
        if offer.address or offer.coordinates:
            loc_id, sal_id = uid("location", offer.id), uid("service_at_location", offer.id)
            transport = getattr(offer, "transport", None)
            self.add("location", id=loc_id, location_type="physical", organization_id=org_id, name=name,
                     alternate_name=german if name != german else None,
                     transportation=self.t(transport) if transport else None,
                     latitude=offer.coordinates.lat if offer.coordinates else None,
                     longitude=offer.coordinates.lon if offer.coordinates else None)
            if offer.address:
                a = offer.address
                self.add("address", id=uid("address", offer.id), location_id=loc_id, address_1=a.street, city=a.city,
                         state_province=common.STATE, postal_code=a.postal_code, country=common.COUNTRY,
                         address_type="physical")
            if offer.accessibility:
                self.add("accessibility", id=uid("accessibility", offer.id), location_id=loc_id,
                         description=self.t(offer.accessibility))
            self.add("service_at_location", id=sal_id, service_id=sid, location_id=loc_id)

        for i, phone in enumerate(offer.phones):
            self.add("phone", id=uid("phone", offer.id, str(i)), service_id=sid, number=phone.display, type="voice")
        for code in offer.languages:
            self.add("language", id=uid("language", offer.id, code), service_id=sid, code=code,
                     name=self.l10n.language_name(code))
        if offer.serves_all:
            area = uid("service_area", offer.id, "*")
            self.add("service_area", id=area, service_id=sid, name=d.district.name,
                     description=f"Alle {len(d.municipalities)} Städte und Gemeinden")
            if common.district_ags(d):
                self.attribute("service_area", area, "ags", common.district_ags(d))
        else:
            for slug in sorted(offer.serves):
                m = d.municipality(slug)
                area = uid("service_area", offer.id, slug)
                self.add("service_area", id=area, service_id=sid, name=m.name, description=f"{m.type} {m.name}")
                self.attribute("service_area", area, "ags", m.ags)
        self._schedules(offer, sid, loc_id, sal_id)

    def _schedules(self, offer: Offer, sid: str, loc_id: str | None, sal_id: str | None) -> None:
        week = common.week(offer, self.d.today)
        if week is None:
            return
        notes = "An gesetzlichen Feiertagen geschlossen." if week.closed_on_public_holidays else None
        where = {"service_id": sid, "location_id": loc_id, "service_at_location_id": sal_id}
        n = 0

        def row(**values) -> None:
            nonlocal n
            self.add("schedule", id=uid("schedule", offer.id, str(n)), **where, **values)
            n += 1

        # the regular week: one row per opening span, with every weekday that has it
        spans: dict[tuple, list[int]] = {}
        comment_only: dict[tuple, list[int]] = {}
        for day in week.days:
            for span in day.spans:
                spans.setdefault((span.start, span.end, day.comments), []).append(day.weekday)
            if not day.spans and day.comments:
                comment_only.setdefault(day.comments, []).append(day.weekday)
        for (start, end, comments), days in spans.items():
            row(freq="WEEKLY", wkst="MO", byday=",".join(WEEKDAYS[i] for i in days), opens_at=_time(start),
                closes_at=_time(end), description=" ".join(comments) or None, notes=notes)
        for comments, days in comment_only.items():
            row(freq="WEEKLY", wkst="MO", byday=",".join(WEEKDAYS[i] for i in days), description=" ".join(comments),
                notes=notes)
        # dated changes: closures and other hours
        for change in week.changes:
            first, last = change.first.isoformat(), change.last.isoformat()
            comment = " ".join(change.comments)
            if change.closed:
                row(valid_from=first, valid_to=last, description=("geschlossen: " + comment) if comment else "geschlossen")
                continue
            days = sorted({(change.first + dt.timedelta(days=i)).weekday() for i in range((change.last - change.first).days + 1)})
            byday = ",".join(WEEKDAYS[x] for x in days)
            for span in change.spans:
                row(valid_from=first, valid_to=last, dtstart=first, until=last, freq="WEEKLY", wkst="MO", byday=byday,
                    opens_at=_time(span.start), closes_at=_time(span.end), description=comment or "geänderte Zeiten")


# -- documents -------------------------------------------------------------------------------


def _clean(row: dict) -> dict:
    return {k: v for k, v in row.items() if v is not None}


def documents(t: Tables) -> dict[str, list[dict]]:
    """The JSON documents: lists of services, organizations and services at locations (nested like
    the compiled schemas), and the taxonomies with their terms."""
    rows = t.rows
    by = lambda table, key: _group(rows[table], key)  # noqa: E731
    terms = {r["id"]: _clean(r) for r in rows["taxonomy_term"]}
    taxonomies = {r["id"]: _clean(r) for r in rows["taxonomy"]}
    attributes = by("attribute", "link_id")
    addresses, access = by("address", "location_id"), by("accessibility", "location_id")
    phones, schedules = by("phone", "service_id"), by("schedule", "service_id")
    areas, languages = by("service_area", "service_id"), by("language", "service_id")
    sals = by("service_at_location", "service_id")
    locations = {r["id"]: r for r in rows["location"]}
    organizations = {r["id"]: r for r in rows["organization"]}

    def attrs(link_id: str) -> list[dict]:
        # the terms themselves are in taxonomy_terms.json (embedding them would repeat them 700 times)
        return [_clean(a) for a in attributes.get(link_id, [])]

    def location(loc_id: str) -> dict:
        loc = _clean(locations[loc_id])
        loc["addresses"] = [_clean(a) for a in addresses.get(loc_id, [])]
        loc["accessibility"] = [_clean(a) for a in access.get(loc_id, [])]
        return loc

    services, service_at_locations = [], []
    for s in rows["service"]:
        sid = s["id"]
        doc = _clean(s)
        doc["phones"] = [_clean(p) for p in phones.get(sid, [])]
        doc["schedules"] = [_clean(x) for x in schedules.get(sid, [])]
        doc["service_areas"] = [_clean(a) | {"attributes": attrs(a["id"])} for a in areas.get(sid, [])]
        doc["languages"] = [_clean(x) for x in languages.get(sid, [])]
        doc["service_at_locations"] = []
        for sal in sals.get(sid, []):
            entry = _clean(sal) | {"location": location(sal["location_id"])}
            doc["service_at_locations"].append(entry)
            service_at_locations.append(entry | {"service": {k: v for k, v in _clean(s).items()}})
        doc["organization"] = _clean(organizations[s["organization_id"]])
        doc["attributes"] = attrs(sid)
        services.append(doc)
    orgs = []
    by_org = _group(rows["service"], "organization_id")
    loc_by_org = _group(rows["location"], "organization_id")
    for o in rows["organization"]:
        doc = _clean(o)
        doc["locations"] = [location(loc["id"]) for loc in loc_by_org.get(o["id"], [])]
        doc["services"] = [_clean(s) for s in by_org.get(o["id"], [])]
        orgs.append(doc)
    return {
        "services.json": services,
        "organizations.json": orgs,
        "service_at_locations.json": service_at_locations,
        "taxonomies.json": list(taxonomies.values()),
        "taxonomy_terms.json": [dict(x) for x in terms.values()],
    }


def _group(rows: list[dict], key: str) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for r in rows:
        if r.get(key):
            out.setdefault(r[key], []).append(r)
    return out


# -- tabular -------------------------------------------------------------------------------------


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return str(value)


def csv_text(t: Tables, table: str) -> str:
    """One table as CSV (UTF-8, comma, header row: what Frictionless and HSDS tools read by default)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    names = field_names(table)
    writer.writerow(names)
    for row in t.rows[table]:
        writer.writerow([_cell(row.get(n)) for n in names])
    return buf.getvalue()


def datapackage(directory: Directory, lang: str, licence_notes: dict) -> dict:
    """``datapackage.json`` (Frictionless tabular data package) for the CSV files of one language."""
    resources = []
    for table, (path, _) in TABLES.items():
        schema_fields = []
        for f in fields(table):
            entry: dict = {"name": f.name, "type": f.type}
            if f.format:
                entry["format"] = f.format
            if f.required:
                entry["constraints"] = {"required": True}
            schema_fields.append(entry)
        schema: dict = {"fields": schema_fields, "primaryKey": "id"}
        keys = [{"fields": col, "reference": {"resource": ref, "fields": "id"}} for col, ref in FOREIGN_KEYS.get(table, ())]
        if keys:
            schema["foreignKeys"] = keys
        resources.append({"name": table, "path": path, "profile": "tabular-data-resource", "format": "csv",
                          "mediatype": "text/csv", "encoding": "utf-8", "schema": schema})
    return _drop_none({
        "profile": "tabular-data-package",
        "name": f"wegweiser-enzkreis-hsds-{lang}",
        "title": f"{directory.config.site_name}: Angebote als HSDS {HSDS_VERSION} ({lang})",
        "description": (
            "Angebote, Träger, Orte, Öffnungszeiten und Themen im Human Services Data Specification (HSDS) "
            f"{HSDS_VERSION} von Open Referral. Texte in der Sprache \"{lang}\"; fehlt eine Übersetzung, steht der "
            "deutsche Text. Zeiten sind Ortszeit (Europe/Berlin)."
        ),
        "version": HSDS_VERSION,
        "homepage": directory.config.site_url or None,
        "licenses": licence_notes["licenses"],
        "sources": licence_notes["sources"],
        "resources": resources,
    })


def _drop_none(d: dict) -> dict:
    return {k: v for k, v in d.items() if v is not None}


def package(directory: Directory, lang: str, licence_notes: dict) -> dict[str, str]:
    """Every file of the HSDS package of one language: CSV tables, datapackage.json, JSON documents."""
    t = Tables(directory, lang)
    files = {path: csv_text(t, table) for table, (path, _) in TABLES.items()}
    files["datapackage.json"] = _json(datapackage(directory, lang, licence_notes))
    for name, docs in documents(t).items():
        files[name] = _json(docs)
    return files


def _json(data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
