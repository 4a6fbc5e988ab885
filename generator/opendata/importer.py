"""``wegweiser import FILE``: offers from a spreadsheet (the CSV of /daten/angebote.csv), an HSDS
services document (JSON), an HSDS tabular data package (datapackage.json and its CSV files, as
/daten/hsds/de/ holds them) or Integreat's POI CSV, into offer files. A spreadsheet may also be an
Excel workbook (.xlsx, its first sheet).

Real spreadsheets are messy; this reads UTF-8 with or without BOM and Windows-1252, ``;`` or ``,``
or tab between cells, German dates (31.12.2025), phone numbers as people write them ("(07231)
308-0", "+49 (0)7231 308-0"), empty rows, spaces around values, municipalities with or without
umlauts (Mühlacker, Muehlacker, Muhlacker), topics by id or German name, and the apostrophe our
export puts before a cell that would start a formula.

Every record becomes the data of one offer file in the house format; the project's own validation
then checks it like any file an editor wrote. Problems name the import file, its row and column.
Pure functions: the CLI reads the file (loader) and writes the offers (writer).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Callable

from ..errors import Problem
from ..loader import DISTRICT_FOLDER
from ..model import Directory
from . import spreadsheet

# column -> offer field (the validation's problems come back to the column)
FIELD_OF = {
    "Kennung": "id", "Ordner": "folder", "Name": "name", "Beschreibung": "description", "Themen": "categories",
    "Träger": "provider", "Straße": "address", "PLZ": "address", "Ort": "address", "Breitengrad": "coordinates",
    "Längengrad": "coordinates", "Telefon": "phone", "E-Mail": "email", "Webseite": "website",
    "Öffnungszeiten": "opening_hours", "Sprachen": "languages", "Kosten": "cost", "Termin": "appointment",
    "Zielgruppe": "audience", "Barrierefreiheit": "accessibility", "Anfahrt": "transport", "Pflege": "steward",
    "Gemeinden": "serves", "Geprüft am": "verified",
    "Quellen": "source", "Nicht bestätigt": "unconfirmed", "Seite": None,
}
REQUIRED = ("Name", "Themen", "Quellen", "Geprüft am")


@dataclass
class Record:
    row: int
    offer_id: str
    folder: str
    data: dict  # the offer file's data (only the fields the file has)
    columns: dict[str, str] = field(default_factory=dict)  # field -> column, for messages


def plain(text: str) -> str:
    """For comparing names: lower case, umlauts as ae/oe/ue, ß as ss, no other accents, no spaces."""
    text = text.casefold().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]", "", text)


def plain_no_umlaut(text: str) -> str:
    """"Mühlacker" written "Muhlacker" (the dots left off)."""
    text = "".join(c for c in unicodedata.normalize("NFD", text.casefold()) if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]", "", text.replace("ß", "ss"))


def decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def separator(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    return max((";", ",", "\t"), key=first.count)


def german_date(value: str) -> dt.date | None:
    m = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})", value)
    try:
        if m:
            year = int(m[3]) + (2000 if len(m[3]) == 2 else 0)
            return dt.date(year, int(m[2]), int(m[1]))
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def phone(value: str) -> str:
    """A number as people write it, in the form the data files use: "+49 (0)7231 …" and "(07231) 308-0"."""
    value = re.sub(r"\s+", " ", value.strip())
    value = value.replace("(0)", "").replace("(", "").replace(")", "")
    value = re.sub(r"\s*([/-])\s*", r"\1", value)
    return re.sub(r"\s+", " ", value).strip()


def unneutralise(value: str) -> str:
    return value[1:] if value.startswith("'") and value[1:2] in ("=", "+", "-", "@", "\t", "\r") else value


def number(value: str) -> float | None:
    try:
        return float(value.replace(",", "."))
    except ValueError:
        return None


def xlsx_rows(data: bytes) -> list[list[str]]:
    """The first sheet of an Excel workbook as rows of text (dates as TT.MM.JJJJ, whole numbers without ".0")."""
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
    rows = []
    for row in sheet.iter_rows(values_only=True):
        cells = []
        for value in row:
            if value is None:
                cells.append("")
            elif isinstance(value, (dt.datetime, dt.date)):
                cells.append(value.strftime("%d.%m.%Y"))
            elif isinstance(value, float) and value.is_integer():
                cells.append(str(int(value)))
            else:
                cells.append(str(value))
        rows.append(cells)
    return rows


def read_spreadsheet(data: bytes, name: str, directory: Directory) -> tuple[list[Record], list[Problem]]:
    """The records of a spreadsheet (CSV, or XLSX by its name) and every problem found (``name``: the file as the user gave it)."""
    if name.lower().endswith(".xlsx"):
        try:
            rows = xlsx_rows(data)
        except Exception as err:  # zipfile.BadZipFile, KeyError, …: not a workbook
            return [], [Problem(name, 1, "datei", f"keine Excel-Arbeitsmappe (.xlsx): {type(err).__name__}")]
    else:
        text = decode(data)
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=separator(text)))
    problems: list[Problem] = []
    if not rows:
        return [], [Problem(name, 1, "datei", "die Datei ist leer")]
    header = [h.strip().lstrip("\ufeff") for h in rows[0]]
    known = {plain(c): c for c in FIELD_OF}
    columns = []
    for h in header:
        column = known.get(plain(h))
        if column is None and h:
            problems.append(Problem(name, 1, h, f"unbekannte Spalte (bekannt sind: {', '.join(FIELD_OF)})"))
        columns.append(column)
    for need in REQUIRED:
        if need not in columns:
            problems.append(Problem(name, 1, need, "Spalte fehlt"))
    if problems:
        return [], problems

    towns = {}
    for m in directory.municipalities:
        for key in (m.slug, m.name):
            towns[plain(key)] = m.slug
            towns[plain_no_umlaut(key)] = m.slug
    for key in (DISTRICT_FOLDER, directory.district.name, spreadsheet.WHOLE_DISTRICT):
        towns[plain(key)] = DISTRICT_FOLDER
    categories = {}
    for c in directory.categories:
        categories[plain(c.id)] = c.id
        categories[plain(c.name.values["de"])] = c.id
    cost = {plain(v): k for k, v in spreadsheet.COST.items()} | {k: k for k in spreadsheet.COST}
    appointment = {plain(v): k for k, v in spreadsheet.APPOINTMENT.items()} | {plain(k): k for k in spreadsheet.APPOINTMENT}

    records = []
    for number_, cells in enumerate(rows[1:], start=2):
        values = {col: unneutralise(cell.strip()) for col, cell in zip(columns, cells) if col}
        if not any(values.values()):
            continue  # an empty row

        def bad(column: str, message: str) -> None:
            problems.append(Problem(name, number_, column, message))

        d: dict = {}
        present = set(values)

        def text(column: str, key: str, translatable: bool = False) -> None:
            if column in present and values[column]:
                d[key] = {"de": values[column]} if translatable else values[column]

        text("Name", "name", True)
        text("Beschreibung", "description", True)
        text("Zielgruppe", "audience", True)
        text("Barrierefreiheit", "accessibility", True)
        text("Anfahrt", "transport", True)
        text("Pflege", "steward")
        text("Träger", "provider")
        text("E-Mail", "email")
        text("Webseite", "website")
        text("Öffnungszeiten", "opening_hours")
        if not values.get("Name"):
            bad("Name", "fehlt")
        if values.get("Themen"):
            found = []
            for item in re.split(r"[,;]", values["Themen"]):
                if item.strip():
                    cid = categories.get(plain(item))
                    if cid is None:
                        bad("Themen", f"Thema „{item.strip()}“ gibt es nicht (Themen: {', '.join(c.id for c in directory.categories)})")
                    else:
                        found.append(cid)
            d["categories"] = found
        else:
            bad("Themen", "fehlt")
        address = [values.get(c, "") for c in ("Straße", "PLZ", "Ort")]
        if any(address):
            if not all(address):
                bad("Straße" if not address[0] else "PLZ" if not address[1] else "Ort",
                    "eine Adresse braucht Straße, PLZ und Ort")
            else:
                d["address"] = {"street": address[0], "postal_code": address[1], "city": address[2]}
        lat, lon = values.get("Breitengrad", ""), values.get("Längengrad", "")
        if lat or lon:
            la, lo = number(lat), number(lon)
            if la is None or lo is None:
                bad("Breitengrad" if la is None else "Längengrad", f"„{lat if la is None else lon}“ ist keine Zahl (Beispiel: 48,8922)")
            else:
                d["coordinates"] = {"lat": la, "lon": lo}
        if values.get("Telefon"):
            d["phone"] = [phone(p) for p in re.split(r"[,;]", values["Telefon"]) if p.strip()]
        if values.get("Sprachen"):
            d["languages"] = [x.strip().lower() for x in re.split(r"[,;]", values["Sprachen"]) if x.strip()]
        if values.get("Kosten"):
            if plain(values["Kosten"]) in cost or values["Kosten"] in cost:
                d["cost"] = cost.get(plain(values["Kosten"])) or cost[values["Kosten"]]
            else:
                bad("Kosten", f"„{values['Kosten']}“: erlaubt sind {', '.join(spreadsheet.COST.values())}")
        if values.get("Termin"):
            if plain(values["Termin"]) in appointment:
                d["appointment"] = appointment[plain(values["Termin"])]
            else:
                bad("Termin", f"„{values['Termin']}“: erlaubt sind {', '.join(spreadsheet.APPOINTMENT.values())}")
        if values.get("Geprüft am"):
            date = german_date(values["Geprüft am"])
            if date is None:
                bad("Geprüft am", f"„{values['Geprüft am']}“ ist kein Datum (Beispiel: 31.12.2025)")
            else:
                d["verified"] = date
        else:
            bad("Geprüft am", "fehlt")
        if values.get("Quellen"):
            sources = []
            for line in values["Quellen"].splitlines():
                if not line.strip():
                    continue
                parts = [p.strip() for p in line.split(" | ")]
                entry: dict = {"title": parts[0]}
                for part in parts[1:]:
                    if re.match(r"https?://", part):
                        entry["url"] = part
                    elif part.startswith("Felder:"):
                        entry["fields"] = [f.strip() for f in part.removeprefix("Felder:").split(",") if f.strip()]
                    elif german_date(part):
                        entry["date"] = german_date(part)
                    else:
                        entry["title"] += " | " + part
                sources.append(entry)
            d["source"] = sources
        else:
            bad("Quellen", "fehlt")
        if values.get("Nicht bestätigt"):
            d["unconfirmed"] = [x.strip() for x in values["Nicht bestätigt"].split(",") if x.strip()]

        folder = None
        if values.get("Ordner"):
            folder = towns.get(plain(values["Ordner"])) or towns.get(plain_no_umlaut(values["Ordner"]))
            if folder is None:
                bad("Ordner", f"Gemeinde „{values['Ordner']}“ gibt es nicht")
        serves = None
        if values.get("Gemeinden"):
            found = []
            for item in re.split(r"[,;]", values["Gemeinden"]):
                if not item.strip():
                    continue
                slug = towns.get(plain(item)) or towns.get(plain_no_umlaut(item))
                if slug is None:
                    bad("Gemeinden", f"Gemeinde „{item.strip()}“ gibt es nicht")
                else:
                    found.append(slug)
            serves = DISTRICT_FOLDER if DISTRICT_FOLDER in found else found
        if folder is None and not values.get("Ordner"):
            if serves == DISTRICT_FOLDER:
                folder = DISTRICT_FOLDER
            elif serves:
                folder = serves[0]
            else:
                bad("Ordner", "fehlt (oder die Spalte Gemeinden)")
        if serves is not None and folder and serves != (DISTRICT_FOLDER if folder == DISTRICT_FOLDER else [folder]):
            d["serves"] = serves
        offer_id = values.get("Kennung") or slug_of(values.get("Name", ""))
        records.append(Record(number_, offer_id, folder or "", d,
                              {FIELD_OF[c]: c for c in present if FIELD_OF.get(c)} | {"id": "Kennung"}))
    return records, problems


def slug_of(name: str) -> str:
    text = name.casefold().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return re.sub(r"-+", "-", re.sub(r"[^a-z0-9]+", "-", text)).strip("-")


def plan(raw, directory: Directory, records: list[Record], name: str, *, update: bool = False,
         today: dt.date | None = None, text_of: Callable[[str], str | None] | None = None,
         ) -> tuple[dict[str, tuple[int, str]], dict[int, list[Problem]]]:
    """The offer files the records make (path relative to the project → (row, text in the house
    format)), and the problems per row. The project's own validation checks every new or changed file.

    With ``update``, an existing offer takes the fields the record has; ``text_of(rel)`` gives its
    file's text, whose other lines (comments included) then stay as they are."""
    from .. import format as house
    from ..loader import parse_yaml
    from ..validate import validate

    rules = house.rules("offer", directory.config.languages)
    existing = {offer_id: (folder, doc) for folder, offer_id, doc in raw.offers}
    files: dict[str, str] = {}
    problems: dict[int, list[Problem]] = {}
    owner: dict[str, Record] = {}
    seen: dict[str, int] = {}
    for r in records:
        def bad(column: str, message: str) -> None:
            problems.setdefault(r.row, []).append(Problem(name, r.row, column, message))

        if not r.folder:
            continue
        if r.offer_id in seen:
            bad("Kennung", f"„{r.offer_id}“ steht schon in Zeile {seen[r.offer_id]}")
            continue
        seen[r.offer_id] = r.row
        data = dict(r.data)
        if r.offer_id in existing:
            folder, doc = existing[r.offer_id]
            if not update:
                bad("Kennung", f"das Angebot „{r.offer_id}“ gibt es schon (municipalities/{folder}/offers/{r.offer_id}.yml); "
                               "mit --update werden die Felder aus der Datei übernommen")
                continue
            if folder != r.folder:
                bad("Ordner", f"das Angebot „{r.offer_id}“ liegt im Ordner {folder}, nicht {r.folder}")
                continue
            data = dict(doc.data) | {k: ({**doc.data[k], **v} if isinstance(v, dict) and isinstance(doc.data.get(k), dict)
                                          and k in ("name", "description", "audience", "accessibility", "transport") else v)
                                      for k, v in data.items()}
        rel = f"municipalities/{r.folder}/offers/{r.offer_id}.yml"
        old_text = text_of(rel) if text_of and r.offer_id in existing else None
        files[rel] = house.update(old_text, data, rules) if old_text else house.dump(data, rules)
        owner[rel] = r
    # check the new files as part of the project, like files an editor wrote
    docs = {}
    for rel, text in files.items():
        doc, found = parse_yaml(text, rel)
        for p in found:
            r = owner[rel]
            problems.setdefault(r.row, []).append(Problem(name, r.row, "Datei", p.message))
        docs[rel] = doc
    ids = {owner[rel].offer_id for rel in docs}
    raw.offers = [o for o in raw.offers if o[1] not in ids] + [
        (owner[rel].folder, owner[rel].offer_id, doc) for rel, doc in docs.items() if doc is not None]
    for p in validate(raw, today):
        r = owner.get(p.file)
        if r is None:
            continue
        key = p.field.split(".")[0].split("[")[0]
        column = r.columns.get(key) or {"name": "Name", "source": "Quellen", "verified": "Geprüft am"}.get(key, key)
        problems.setdefault(r.row, []).append(Problem(name, r.row, column, p.message))
    return {rel: (owner[rel].row, text) for rel, text in files.items()}, problems


# -- HSDS 3.1 (services.json: a list of services shaped like the compiled schema) --------------------

OSM_DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _days(days: list[int]) -> str:
    """[0, 1, 2, 4] -> "Mo-We,Fr"."""
    parts, start = [], None
    for i, d in enumerate(days):
        if start is None:
            start = d
        if i + 1 == len(days) or days[i + 1] != d + 1:
            parts.append(OSM_DAYS[start] if start == d else f"{OSM_DAYS[start]}{'-' if d > start + 1 else ','}{OSM_DAYS[d]}")
            start = None
    return ",".join(parts)


def _hm(value: str) -> str:
    return "24:00" if value.startswith("23:59:59") else value[:5]


def _osm_date(day: dt.date) -> str:
    return f"{day.year} {MONTHS[day.month - 1]} {day.day:02d}"


def opening_hours_from(schedules: list[dict]) -> str | None:
    """OpenStreetMap ``opening_hours`` from our HSDS schedules: the weekly rows (``byday``,
    ``opens_at``, ``closes_at``; a row without times is a comment for those days), "PH off" from
    the notes, and dated rows as dated rules (a closure: ``off``)."""
    week: dict[int, list[tuple[str, str]]] = {}
    comments: dict[int, str] = {}
    ph_off = False
    dated = []
    for s in schedules:
        if "valid_from" in s:
            dated.append(s)
            continue
        ph_off = ph_off or "Feiertag" in (s.get("notes") or "")
        days = [OSM_DAYS.index(x.strip().title()[:2]) for x in (s.get("byday") or "").split(",") if x.strip()]
        for d in days:
            if s.get("opens_at") and s.get("closes_at"):
                week.setdefault(d, []).append((_hm(s["opens_at"]), _hm(s["closes_at"])))
            if s.get("description") and not s.get("opens_at"):
                comments[d] = s["description"]
    rules: dict[tuple, list[int]] = {}
    for d in range(7):
        spans = tuple(sorted(week.get(d, [])))
        if spans or d in comments:
            rules.setdefault((spans, comments.get(d)), []).append(d)
    out = []
    for (spans, comment), days in rules.items():
        text = _days(days)
        if spans:
            text += " " + ",".join(f"{a}-{b}" for a, b in spans)
        if comment:
            text += " " + '"' + comment.replace('"', "'") + '"'
        out.append(text)
    if out == ["Mo-Su 00:00-24:00"]:
        out = ["24/7"]
    for s in dated:
        first, last = dt.date.fromisoformat(s["valid_from"]), dt.date.fromisoformat(s["valid_to"])
        when = _osm_date(first) + (f"-{_osm_date(last)}" if last != first else "")
        description = s.get("description") or ""
        if not s.get("opens_at"):
            note = description.removeprefix("geschlossen").removeprefix(":").strip()
            out.append(f"{when} off" + (f' "{note}"' if note else ""))
        else:
            out.append(f"{when} {_hm(s['opens_at'])}-{_hm(s['closes_at'])}")
    if ph_off:
        out.append("PH off")
    # dated rules with several spans for the same dates become one rule
    merged: list[str] = []
    for rule in out:
        head, _, times = rule.rpartition(" ")
        if merged and merged[-1].rpartition(" ")[0] == head and re.fullmatch(r"\d\d:\d\d-\d\d:\d\d", times) and head[:1].isdigit():
            merged[-1] += "," + times
        else:
            merged.append(rule)
    return "; ".join(merged) or None


SOURCE_LABEL = re.compile(r"^(?P<title>.*?)(?: \((?P<date>\d{4}-\d{2}-\d{2})\))?(?:: (?P<fields>[a-z_]+(?:, [a-z_]+)*))?$", re.S)


def read_hsds(data: bytes, name: str, directory: Directory) -> tuple[list[Record], list[Problem]]:
    """Records from an HSDS services document (our own export or another system's, as far as it
    says what we need: a name, a topic, a source, a date of the last check)."""
    import json

    try:
        services = json.loads(decode(data))
    except ValueError as err:
        return [], [Problem(name, 1, "datei", f"kein JSON ({err})")]
    if not isinstance(services, list):
        services = [services]
    return service_records(services, name, directory)


def service_records(services: list, name: str, directory: Directory, first_row: int = 1) -> tuple[list[Record], list[Problem]]:
    """Records from HSDS services shaped like the compiled schema (``first_row``: the row of the
    first service in messages: 1 in a JSON document, 2 in services.csv below its header)."""
    from .common import uid

    problems: list[Problem] = []
    terms = {uid("taxonomy_term", "themen", c.id): ("themen", c.id) for c in directory.categories}
    from .hsds import OWN_TERMS

    terms |= {uid("taxonomy_term", "angaben", code): ("angaben", code) for code in OWN_TERMS}
    towns = {plain(m.name): m.slug for m in directory.municipalities} | {m.ags: m.slug for m in directory.municipalities}
    categories = {plain(c.id): c.id for c in directory.categories} | {plain(c.name.values["de"]): c.id for c in directory.categories}
    records = []
    for row, s in enumerate(services, start=first_row):
        def bad(column: str, message: str) -> None:
            problems.append(Problem(name, row, column, message))

        if not isinstance(s, dict):
            bad("service", "kein Objekt")
            continue
        own: dict[str, list[tuple]] = {}
        cats = []
        for a in s.get("attributes") or []:
            term = terms.get(a.get("taxonomy_term_id"))
            embedded = a.get("taxonomy_term") or {}
            if term is None and embedded:  # another system's term, named in the document
                cid = categories.get(plain(embedded.get("code") or "")) or categories.get(plain(embedded.get("name") or ""))
                term = ("themen", cid) if cid else None
            if term and term[0] == "themen":
                cats.append(term[1])
            elif term:
                own.setdefault(term[1], []).append((a.get("value"), a.get("label")))
        d: dict = {}
        if s.get("name"):
            d["name"] = {"de": s["name"]}
        else:
            bad("name", "fehlt")
        for key, target in (("description", "description"), ("eligibility_description", "audience")):
            if s.get(key):
                d[target] = {"de": s[key]}
        if cats:
            d["categories"] = cats
        else:
            bad("attributes", "kein Thema (ein Attribut mit einem Begriff der Themen)")
        org = (s.get("organization") or {}).get("name")
        if org and org != s.get("name"):
            d["provider"] = org
        for key, target in (("email", "email"), ("url", "website")):
            if s.get(key):
                d[target] = s[key]
        sal = (s.get("service_at_locations") or [{}])[0]
        loc = sal.get("location") or {}
        if loc.get("addresses"):
            a = loc["addresses"][0]
            d["address"] = {"street": a.get("address_1", ""), "postal_code": a.get("postal_code", ""), "city": a.get("city", "")}
        if loc.get("latitude") is not None and loc.get("longitude") is not None:
            d["coordinates"] = {"lat": loc["latitude"], "lon": loc["longitude"]}
        if loc.get("accessibility") and loc["accessibility"][0].get("description"):
            d["accessibility"] = {"de": loc["accessibility"][0]["description"]}
        if loc.get("transportation"):
            d["transport"] = {"de": loc["transportation"]}
        if s.get("phones"):
            d["phone"] = [phone(p["number"]) for p in s["phones"] if p.get("number")]
        if s.get("languages"):
            d["languages"] = [x["code"] for x in s["languages"] if x.get("code")]
        hours = opening_hours_from(s.get("schedules") or [])
        if hours:
            d["opening_hours"] = hours
        for code, key in (("kosten", "cost"), ("termin", "appointment"), ("pflege", "steward")):
            if own.get(code):
                d[key] = own[code][0][0]
        if own.get("nicht-bestaetigt"):
            d["unconfirmed"] = [v for v, _ in own["nicht-bestaetigt"]]
        sources = []
        for url, label in own.get("quelle", []):
            m = SOURCE_LABEL.match(label or "")
            entry: dict = {"title": m["title"] if m else (label or url or "")}
            if url:
                entry["url"] = url
            if m and m["date"]:
                entry["date"] = dt.date.fromisoformat(m["date"])
            if m and m["fields"]:
                entry["fields"] = m["fields"].split(", ")
            sources.append(entry)
        if sources:
            d["source"] = sources
        else:
            bad("attributes", "keine Quelle (ein Attribut „quelle“)")
        if s.get("assured_date"):
            try:
                d["verified"] = dt.date.fromisoformat(s["assured_date"])
            except ValueError:
                bad("assured_date", f"„{s['assured_date']}“ ist kein Datum (JJJJ-MM-TT)")
        else:
            bad("assured_date", "fehlt (das Datum der letzten Prüfung)")
        served = []
        district = False
        for area in s.get("service_areas") or []:
            ags = next((v for a in area.get("attributes") or [] for t in [terms.get(a.get("taxonomy_term_id"))]
                        if t == ("angaben", "ags") for v in [a.get("value")]), None)
            if area.get("name") == directory.district.name or (ags and len(ags) == 5):
                district = True
                continue
            slug = towns.get(ags or "") or towns.get(plain(area.get("name") or ""))
            if slug is None:
                bad("service_areas", f"Gemeinde „{area.get('name')}“ gibt es nicht")
            else:
                served.append(slug)
        folder = (own.get("ordner") or [(None, None)])[0][0] or (DISTRICT_FOLDER if district else (served[0] if served else ""))
        if not folder:
            bad("service_areas", "kein Gebiet: keine Gemeinde und nicht der ganze Kreis")
        serves = DISTRICT_FOLDER if district else sorted(served)
        if folder and serves != (DISTRICT_FOLDER if folder == DISTRICT_FOLDER else [folder]):
            d["serves"] = serves
        offer_id = (own.get("kennung") or [(None, None)])[0][0] or slug_of(s.get("name") or "")
        columns = {"name": "name", "description": "description", "categories": "attributes", "source": "attributes",
                   "verified": "assured_date", "phone": "phones", "opening_hours": "schedules", "address": "service_at_locations",
                   "coordinates": "service_at_locations", "serves": "service_areas", "id": "attributes"}
        records.append(Record(row, offer_id, folder, d, columns))
    return records, problems


PACKAGE = "datapackage.json"


def package_rows(files: dict[str, bytes], name: str) -> tuple[dict[str, list[dict]], list[Problem]]:
    """The tables of an HSDS tabular data package (``files``: its datapackage.json and CSV files by
    name): table → rows, every cell typed as its resource's schema says ("" is no value)."""
    import json

    from .hsds import TABLES

    where = f"{name}/{PACKAGE}" if not name.endswith(PACKAGE) else name
    try:
        package = json.loads(decode(files[PACKAGE]))
        resources = package["resources"]
        assert isinstance(resources, list)
    except (KeyError, ValueError, TypeError, AssertionError) as err:
        return {}, [Problem(where, 1, "datei", f"kein Datenpaket mit „resources“ ({type(err).__name__}: {err})")]
    folder = where.removesuffix(PACKAGE)
    rows: dict[str, list[dict]] = {table: [] for table in TABLES}
    problems: list[Problem] = []
    for i, resource in enumerate(resources):
        table = resource.get("name") if isinstance(resource, dict) else None
        if table not in TABLES:
            continue  # a table HSDS has and we do not read (contacts, programs, …)
        path = resource.get("path")
        if not isinstance(path, str) or path not in files:
            problems.append(Problem(where, 1, f"resources[{i}]", f"die Datei „{path}“ von „{table}“ fehlt neben {PACKAGE}"))
            continue
        types = {f.get("name"): f.get("type") for f in (resource.get("schema") or {}).get("fields") or [] if isinstance(f, dict)}
        for row, values in enumerate(csv.DictReader(io.StringIO(decode(files[path]).lstrip("\ufeff"), newline="")), start=2):
            cells = {}
            for key, cell in values.items():
                if key is None or cell is None or cell == "":
                    continue
                if types.get(key) in ("number", "integer"):
                    value = number(cell)
                    if value is None:
                        problems.append(Problem(folder + path, row, key, f"„{cell}“ ist keine Zahl"))
                        continue
                    cells[key] = int(value) if types[key] == "integer" else value
                else:
                    cells[key] = cell
            rows[table].append(cells)
    return rows, problems


def package_file(name: str, table: str) -> str:
    """The CSV file of ``table`` in the package ``name`` (its folder or datapackage.json), for messages."""
    from .hsds import TABLES

    return (name.removesuffix(PACKAGE).rstrip("/") or ".") + "/" + TABLES[table][0]


def read_package(files: dict[str, bytes], name: str, directory: Directory) -> tuple[list[Record], list[Problem]]:
    """Records from an HSDS 3.1 tabular data package (our /daten/hsds/de/ or another system's):
    its tables nested into services as the JSON documents are, then read like them. Problems name
    the CSV file and its row."""
    from types import SimpleNamespace

    from .hsds import TABLES, documents

    rows, problems = package_rows(files, name)
    if problems or not rows:
        return [], problems
    ids = {table: {r.get("id") for r in rows[table]} for table in TABLES}
    links = (("service", "organization_id", "organization"), ("service_at_location", "service_id", "service"),
             ("service_at_location", "location_id", "location"))
    for table, column, target in links:
        for row, r in enumerate(rows[table], start=2):
            if r.get(column) not in ids[target]:
                problems.append(Problem(package_file(name, table), row, column,
                                        f"„{r.get(column)}“ steht nicht in {TABLES[target][0]}"))
    if problems:
        return [], problems
    for table in TABLES:  # every row with every field, as the export's tables have them
        names = {f for r in rows[table] for f in r} | {"id"}
        rows[table] = [{f: r.get(f) for f in names} for r in rows[table]]
    terms = {r["id"]: {k: v for k, v in r.items() if v is not None} for r in rows["taxonomy_term"]}
    services = documents(SimpleNamespace(rows=rows))["services.json"]
    for s in services:  # another system's terms are known by their code or name
        for a in s["attributes"]:
            if a.get("taxonomy_term_id") in terms:
                a.setdefault("taxonomy_term", terms[a["taxonomy_term_id"]])
    return service_records(services, package_file(name, "service"), directory, first_row=2)


def header_row(data: bytes, name: str) -> list[str]:
    """The first row of a spreadsheet (CSV in any of the accepted encodings and separators, or XLSX)."""
    if name.lower().endswith(".json"):
        return []  # an HSDS document: its problems name the record, not a column
    if name.lower().endswith(".xlsx"):
        try:
            rows = xlsx_rows(data)
        except Exception:  # not a workbook: read_spreadsheet has said so
            return []
    else:
        text = decode(data).lstrip("\ufeff")
        rows = list(csv.reader(io.StringIO(text.split("\n", 1)[0], newline=""), delimiter=separator(text)))
    return [h.strip().lstrip("\ufeff") for h in rows[0]] if rows else []


def with_columns(problems: list[Problem], headers: dict[str, list[str]]) -> list[Problem]:
    """Each problem in a spreadsheet row with the number of its field's column (``headers``: file as
    named in the messages → its first row), so that it reads FILE:ROW:COLUMN: field: message."""
    out = []
    for p in problems:
        positions = {plain(h): i for i, h in enumerate(headers.get(p.file, ()), start=1) if h}
        column = positions.get(plain(p.field), 0)
        out.append(p.at_column(column) if column else p)
    return out


def import_headers(data, name: str, package: bool) -> dict[str, list[str]]:
    """The first rows of the spreadsheet ``name``, or of every CSV file of a package, by the file
    names the messages use."""
    if not package:
        return {name: header_row(data, name)}
    folder = (name.removesuffix(PACKAGE).rstrip("/") or ".") + "/"
    return {folder + file: header_row(content, file) for file, content in data.items() if file.endswith(".csv")}


def read_any(data: bytes, name: str, directory: Directory, source: str | None = None,
             verified: dt.date | None = None, folder: str | None = None) -> tuple[list[Record], list[Problem]]:
    """``.json``: HSDS (services.json); a CSV whose header is Integreat's: its POI file; else our spreadsheet."""
    from .integreat import COLUMNS

    if name.lower().endswith(".json"):
        return read_hsds(data, name, directory)
    if name.lower().endswith(".xlsx"):
        return read_spreadsheet(data, name, directory)
    first = decode(data).lstrip("\ufeff").split("\n", 1)[0].strip()
    if first.split(",")[:3] == list(COLUMNS[:3]):
        return read_integreat(data, name, directory, source, verified, folder)
    return read_spreadsheet(data, name, directory)


# -- Integreat CMS: the POI CSV of import_pois_from_csv ---------------------------------------------

def _yes(value: str) -> bool:
    return value.strip().lower() in ("yes", "y", "true", "1", "ja", "on")


def integreat_hours(values: dict[str, str]) -> str | None:
    """OpenStreetMap opening_hours from the day columns (one slot a day; all_day; closed; appointment_only)."""
    from .integreat import DAYS

    rules: dict[str, list[int]] = {}
    for i, day in enumerate(DAYS):
        start, end = values.get(f"{day}_start", "").strip(), values.get(f"{day}_end", "").strip()
        if _yes(values.get(f"{day}_all_day", "")):
            rule = "00:00-24:00"
        elif start and end:
            rule = f"{start[:5]}-{end[:5]}"
            if _yes(values.get(f"{day}_appointment_only", "")):
                rule += ' "nur mit Termin"'
        elif _yes(values.get(f"{day}_appointment_only", "")):
            rule = '"nur mit Termin"'
        else:
            continue
        rules.setdefault(rule, []).append(i)
    text = "; ".join(f"{_days(days)} {rule}" for rule, days in rules.items())
    return "24/7" if text == "Mo-Su 00:00-24:00" else (text or None)


def read_integreat(data: bytes, name: str, directory: Directory, source: str | None = None,
                   verified: dt.date | None = None, folder: str | None = None) -> tuple[list[Record], list[Problem]]:
    """Records from Integreat's POI CSV. It names no source and no date of a check: the person
    importing gives them (``--source``, ``--verified``) for every row."""
    from .integreat import COLUMNS

    text = decode(data)
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    problems: list[Problem] = []
    if source is None:
        problems.append(Problem(name, 1, "datei", "Integreat-Dateien nennen keine Quelle: bitte mit --source \"Titel der Quelle\" angeben"))
    if verified is None:
        problems.append(Problem(name, 1, "datei", "Integreat-Dateien nennen kein Prüfdatum: bitte mit --verified TT.MM.JJJJ angeben"))
    towns = {plain(m.name): m.slug for m in directory.municipalities} | {plain_no_umlaut(m.name): m.slug for m in directory.municipalities}
    categories = {plain(c.name.values["de"]): c.id for c in directory.categories} | {plain(c.id): c.id for c in directory.categories}
    records = []
    for row, values in enumerate(rows, start=2):
        values = {k: (v or "").strip() for k, v in values.items() if k in COLUMNS}
        if not any(values.values()):
            continue

        def bad(column: str, message: str) -> None:
            problems.append(Problem(name, row, column, message))

        d: dict = {"name": {"de": values["name"]}} if values.get("name") else {}
        if not values.get("name"):
            bad("name", "fehlt")
        cid = categories.get(plain(values.get("category", "")))
        if cid:
            d["categories"] = [cid]
        else:
            bad("category", f"Kategorie „{values.get('category', '')}“ ist keines unserer Themen "
                            f"({', '.join(c.name.values['de'] for c in directory.categories)})")
        if values.get("street_address") and values.get("postal_code") and values.get("city"):
            d["address"] = {"street": values["street_address"], "postal_code": values["postal_code"], "city": values["city"]}
        lat, lon = number(values.get("latitude", "")), number(values.get("longitude", ""))
        if lat is not None and lon is not None:
            d["coordinates"] = {"lat": lat, "lon": lon}
        for key, target in (("website", "website"), ("email", "email")):
            if values.get(key):
                d[target] = values[key]
        if values.get("phone_number"):
            d["phone"] = [phone(values["phone_number"])]
        hours = integreat_hours(values)
        if hours:
            d["opening_hours"] = hours
        if source:
            d["source"] = [{"title": source}]
        if verified:
            d["verified"] = verified
        town = towns.get(plain(values.get("city", ""))) or towns.get(plain_no_umlaut(values.get("city", ""))) or folder
        if town is None:
            bad("city", f"„{values.get('city', '')}“ ist keine Gemeinde des Kreises; den Ordner mit --folder angeben "
                        "(enzkreis für den ganzen Kreis)")
        records.append(Record(row, slug_of(values.get("name", "")), town or "", d,
                              {"name": "name", "categories": "category", "address": "street_address", "phone": "phone_number",
                               "opening_hours": "monday_start", "website": "website", "email": "email", "id": "name"}))
    return records, problems
