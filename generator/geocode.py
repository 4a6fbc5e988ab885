"""``wegweiser geocode``: fill in missing coordinates from addresses (OpenStreetMap Nominatim).

This is the only module that talks to a network service, and only when someone runs the
command: a build never geocodes. Every address is looked up first; files are written only when
the service answered every question, so a service that cannot be reached, or stops answering
half-way, leaves every file untouched. Coordinates an editor entered are never asked for and
never replaced.

Nominatim's usage policy (https://operations.osmfoundation.org/policies/nominatim/): an
identifying User-Agent and at most one request per second, which is what this module sends.

Every coordinate written comes with its source: an entry under ``source`` that names the
OpenStreetMap contributors and the licence (ODbL), links the OpenStreetMap object that was found,
and carries the date of the query. A hit that is only the street (no house number) is written as
approximate: the source entry says "ungefähr (Straße …)" and ``coordinates`` goes into
``unconfirmed``. A hit that is only the town, a postcode or an area counts as not found.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable
from urllib.parse import urlsplit

from . import __version__
from .config import Bounds
from .errors import Problem, WegweiserError
from .model import Address, Directory, Offer

DEFAULT_ENDPOINT = "https://nominatim.openstreetmap.org"
ENDPOINT_VARIABLE = "WEGWEISER_NOMINATIM"
PUBLIC_HOST = "nominatim.openstreetmap.org"
COUNTRY = "Deutschland"
DECIMALS = 5  # about one metre; more would only pretend precision
# the source entry of every coordinate written: who made the data, under which licence
SOURCE_TITLE = "OpenStreetMap-Mitwirkende, gefunden mit Nominatim (Lizenz: ODbL 1.0)"
APPROXIMATE_NOTE = "ungefähr (Straße, ohne Hausnummer)"
COPYRIGHT_URL = "https://www.openstreetmap.org/copyright"
STREETS = ("road", "pedestrian", "footway", "path", "cycleway", "square", "living_street")


@dataclass(frozen=True)
class Hit:
    """Where an address was found: rounded coordinates, whether only the street, the OSM object."""

    lat: float
    lon: float
    approximate: bool = False  # only the street was found, not the house
    url: str = COPYRIGHT_URL  # the OpenStreetMap object, where the answer names it

    def source(self, today: dt.date) -> dict:
        """The entry for the offer's ``source`` list."""
        title = f"{SOURCE_TITLE}; {APPROXIMATE_NOTE}" if self.approximate else SOURCE_TITLE
        return {"title": title, "url": self.url, "date": today, "fields": ["coordinates"]}


@dataclass
class GeocodeResult:
    found: dict[str, Hit] = field(default_factory=dict)  # offer id -> where
    not_found: list[str] = field(default_factory=list)  # offer ids, in the order asked
    reasons: dict[str, str] = field(default_factory=dict)  # offer id -> message, for every id in not_found


def default_user_agent(repo_url: str = "") -> str:
    return f"wegweiser-enzkreis/{__version__} (+{repo_url or 'https://github.com/'})"


def resolve_endpoint(value: str | None = None) -> str:
    """The service to ask: ``--endpoint``, else ``$WEGWEISER_NOMINATIM``, else the public Nominatim."""
    return (value or os.environ.get(ENDPOINT_VARIABLE) or DEFAULT_ENDPOINT).strip().rstrip("/")



def plan(directory: Directory) -> list[Offer]:
    """The offers to look up: those with an address and without coordinates, by file."""
    return sorted(
        (o for o in directory.offers.values() if o.address is not None and o.coordinates is None), key=lambda o: o.path
    )


def _split_endpoint(endpoint: str) -> tuple[str, str]:
    """(scheme, domain) for geopy; the domain may carry a path (``example.org/nominatim``)."""
    parts = urlsplit(endpoint)
    path = parts.path.rstrip("/")
    path = path[: -len("/search")] if path.endswith("/search") else path
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise WegweiserError(
            message=f"\"{endpoint}\" ist keine gültige Adresse für den Geocoding-Dienst (Beispiel: {DEFAULT_ENDPOINT})"
        )
    return parts.scheme, parts.netloc + path


def _precision(raw: dict) -> str:
    """"house", "street" or "area" (a town, postcode or district: too coarse for an offer)."""
    address = raw.get("address") if isinstance(raw.get("address"), dict) else {}
    if address.get("house_number"):
        return "house"
    if raw.get("class") == "highway" or raw.get("addresstype") in STREETS or any(k in address for k in STREETS):
        return "street"
    return "area"


def _osm_url(raw: dict) -> str:
    kind, number = str(raw.get("osm_type", "")), str(raw.get("osm_id", ""))
    if kind in ("node", "way", "relation") and re.fullmatch(r"[0-9]+", number):
        return f"https://www.openstreetmap.org/{kind}/{number}"
    return COPYRIGHT_URL


def _service_error(err: Exception, endpoint: str, timeout: float) -> WegweiserError:
    from geopy.exc import ConfigurationError, GeocoderParseError, GeocoderTimedOut, GeocoderUnavailable

    status = getattr(err.__cause__, "status_code", None)
    if status == 403:
        what = "Zugriff verweigert (HTTP 403); ist dieser User-Agent dort erlaubt (--user-agent)?"
    elif status == 429:
        what = "zu viele Anfragen (HTTP 429); bitte später erneut versuchen."
    elif status:
        what = f"Fehler beim Dienst (HTTP {status}); bitte später erneut versuchen."
    elif isinstance(err, GeocoderTimedOut):
        what = f"keine Antwort nach {timeout:g} s."
    elif isinstance(err, GeocoderUnavailable):
        what = f"nicht erreichbar (keine Verbindung; Netz, --endpoint oder {ENDPOINT_VARIABLE} prüfen)."
    elif isinstance(err, ConfigurationError):
        what = "dieser User-Agent ist nicht erlaubt; bitte die Anwendung kennzeichnen (--user-agent)."
    elif isinstance(err, (GeocoderParseError, KeyError, TypeError, ValueError)):
        what = "die Antwort ist keine Nominatim-Antwort (--endpoint prüfen)."
    else:
        what = f"{type(err).__name__}: {err}."
    return WegweiserError(message=f"Geocoding-Dienst {endpoint}: {what} Keine Datei wurde geändert.")


def geocode(
    offers: Iterable[Offer],
    endpoint: str,
    user_agent: str,
    min_delay: float = 1.0,
    timeout: float = 10,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
    *,
    bounds: Bounds | None = None,
) -> GeocodeResult:
    """Look up every offer's address; raise :class:`WegweiserError` if the service fails.

    Each address is asked for in structured form first, then as one line. A request starts
    ``min_delay`` seconds after the previous answer arrived (never less than a second for the
    public Nominatim). Hits outside ``bounds``, and hits that are only a town or an area, count as
    not found; a hit on the street without the house is :attr:`Hit.approximate`.
    """
    from geopy.adapters import RequestsAdapter, URLLibAdapter
    from geopy.exc import GeopyError
    from geopy.geocoders import Nominatim

    def adapter(**options):  # no silent retries: each one would be another request within the second
        return RequestsAdapter(**options, max_retries=0) if RequestsAdapter.is_available else URLLibAdapter(**options)

    scheme, domain = _split_endpoint(endpoint)
    if urlsplit(endpoint).hostname == PUBLIC_HOST:
        min_delay = max(min_delay, 1.0)
    try:
        nominatim = Nominatim(user_agent=user_agent, domain=domain, scheme=scheme, timeout=timeout, adapter_factory=adapter)
    except GeopyError as err:
        raise _service_error(err, endpoint, timeout) from err
    viewbox = [(bounds.south, bounds.west), (bounds.north, bounds.east)] if bounds else None
    last_answer: float | None = None

    def ask(query: dict[str, str] | str):
        nonlocal last_answer
        if last_answer is not None:
            wait = last_answer + min_delay - clock()
            if wait > 0:
                sleep(wait)
        try:
            return nominatim.geocode(query, exactly_one=True, addressdetails=True, country_codes="de", viewbox=viewbox,
                                     language="de")
        except (GeopyError, KeyError, TypeError, ValueError) as err:
            raise _service_error(err, endpoint, timeout) from err
        finally:
            last_answer = clock()

    def look_up(address: Address) -> tuple[Hit | None, str]:
        outside = None
        coarse = False
        structured = {"street": address.street, "postalcode": address.postal_code, "city": address.city, "country": COUNTRY}
        for query in (structured, f"{address.one_line()}, {COUNTRY}"):
            location = ask(query)
            if location is None:
                continue
            raw = location.raw if isinstance(location.raw, dict) else {}
            lat, lon = round(float(location.latitude), DECIMALS), round(float(location.longitude), DECIMALS)
            if bounds is not None and not bounds.contains(lat, lon):
                outside = outside or (lat, lon)
                continue
            precision = _precision(raw)
            if precision == "area":
                coarse = True
                continue
            return Hit(lat, lon, precision == "street", _osm_url(raw)), ""
        if outside:
            return None, (
                f"Adresse nicht gefunden ({address.one_line()}: der Treffer {outside[0]}, {outside[1]} "
                "liegt außerhalb des Kreises)"
            )
        if coarse:
            return None, f"Adresse nicht gefunden ({address.one_line()}: gefunden wurde nur der Ort, nicht die Straße)"
        return None, f"Adresse nicht gefunden ({address.one_line()})"

    result = GeocodeResult()
    known: dict[Address, tuple[Hit | None, str]] = {}  # one question per address
    for offer in offers:
        if offer.address is None or offer.coordinates is not None:
            continue  # never asked for, never replaced
        if offer.address not in known:
            known[offer.address] = look_up(offer.address)
        hit, reason = known[offer.address]
        if hit:
            result.found[offer.id] = hit
        else:
            result.not_found.append(offer.id)
            result.reasons[offer.id] = reason
    return result


def _unchanged(root: Path, offer: Offer) -> bool:
    """True if the offer's file still has the address that was looked up, and no coordinates."""
    from .loader import load_yaml_file

    doc, _ = load_yaml_file(root / offer.path, root)
    data = doc.data if doc is not None and isinstance(doc.data, dict) else None
    if data is None or "coordinates" in data or not isinstance(data.get("address"), dict):
        return False
    address = data["address"]
    return (str(address.get("street")), str(address.get("postal_code")), str(address.get("city"))) == (
        offer.address.street, offer.address.postal_code, offer.address.city
    )


def run(
    root: Path,
    endpoint: str | None = None,
    user_agent: str | None = None,
    *,
    min_delay: float = 1.0,
    timeout: float = 10,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
    today: dt.date | None = None,
) -> int:
    """The command: look up, then write; one line per written file, problems as ``FILE:LINE``.

    Each file gets its coordinates and a source entry dated ``today`` (the day of the query).
    """
    from . import writer
    from .loader import load_project
    from .model import build_directory
    from .validate import validate

    root = Path(root)
    today = today or dt.date.today()
    raw = load_project(root)
    problems = validate(raw, today)
    if problems:
        raise WegweiserError(problems)  # nothing asked, nothing written
    directory = build_directory(raw)
    endpoint = resolve_endpoint(endpoint)
    _split_endpoint(endpoint)
    user_agent = (user_agent or default_user_agent(directory.config.repo_url)).strip()
    if not user_agent:
        raise WegweiserError(message="--user-agent darf nicht leer sein (der Dienst verlangt eine Kennung der Anwendung)")
    todo = plan(directory)
    if not todo:
        print("Alle Angebote mit Adresse haben schon Koordinaten.", file=sys.stderr)
        return 0
    print(f"{len(todo)} Adresse(n) werden bei {endpoint} nachgeschlagen (höchstens eine Anfrage pro Sekunde) …",
          file=sys.stderr)
    result = geocode(todo, endpoint, user_agent, min_delay, timeout, sleep, clock, bounds=directory.config.bounds)

    lines = {offer_id: doc.line("address") for _, offer_id, doc in raw.offers}
    found = [o for o in todo if o.id in result.found]
    problems = [Problem(o.path, lines[o.id], "address", result.reasons[o.id]) for o in todo if o.id in result.reasons]
    for offer in found:
        if not _unchanged(root, offer):
            problems.append(Problem(offer.path, lines[offer.id], "address",
                                    "Datei wurde während der Abfrage geändert; nicht geschrieben, bitte erneut ausführen"))
    stale = {p.file for p in problems}
    written = approximate = 0
    for offer in found:  # every answer is in: only now are files written
        path = offer.path
        if path in stale:
            continue
        hit = result.found[offer.id]
        try:
            writer.set_coordinates(root / path, hit.lat, hit.lon, source=hit.source(today), unconfirmed=hit.approximate)
        except ValueError:
            problems.append(Problem(path, lines[offer.id], "coordinates",
                                    f"{hit.lat}, {hit.lon} gefunden, aber nicht sicher einzufügen; bitte von Hand eintragen"))
            continue
        written += 1
        approximate += hit.approximate
        print(f"{path}: {hit.lat}, {hit.lon}" + (f" – {APPROXIMATE_NOTE}" if hit.approximate else ""))
    for problem in sorted(problems):
        print(problem)
    summary = f"{written} Koordinate(n) eingetragen"
    summary += f" (davon {approximate} ungefähr: nur die Straße)" if approximate else ""
    summary += f", {len(result.not_found)} Adresse(n) nicht gefunden."
    if problems:
        summary += " Bitte die Adresse prüfen oder coordinates von Hand eintragen."
    print(summary, file=sys.stderr)
    return 1 if problems else 0
