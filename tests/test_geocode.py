"""``wegweiser geocode`` against a fake Nominatim on 127.0.0.1; a build never touches the network.

The policy of the public Nominatim (an identifying User-Agent, at most one request per second) and
of the data (every coordinate with an ODbL source entry; a street without the house marked as
approximate) are tested here, as is the rule that a build never geocodes.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest

from conftest import FIXTURE, TODAY
from generator import __version__
from generator.build import load_valid
from generator.errors import WegweiserError
from generator.geocode import default_user_agent, geocode, plan, run
from generator.model import Coordinates
from generator.validate import validate
from generator.loader import load_project
from generator.writer import set_coordinates

RATHAUS = "municipalities/musterdorf/offers/rathaus-musterdorf.yml"
JOBCENTER = "municipalities/enzkreis/offers/jobcenter-test.yml"
USER_AGENT = f"wegweiser-enzkreis/{__version__} (+https://github.com/)"
NOTHING_CHANGED = "Keine Datei wurde geändert."


@dataclass(frozen=True)
class Request:
    at: float  # time.monotonic() when the request arrived
    path: str
    params: dict[str, str]
    user_agent: str | None


class FakeNominatim:
    """Answers GET /search like Nominatim; ``answer(params) -> (status, json)`` decides what."""

    def __init__(self) -> None:
        self.requests: list[Request] = []
        self.answer = lambda params: (200, place(48.8912345, 8.7012345))
        self.delay = 0.0
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                params = dict(parse_qsl(parts.query))
                fake.requests.append(Request(time.monotonic(), parts.path, params, self.headers.get("User-Agent")))
                time.sleep(fake.delay)
                status, body = fake.answer(params) if parts.path == "/search" else (404, {"error": "not found"})
                data = json.dumps(body).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json; charset=utf-8")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:  # the client gave up (timeout test)
                    pass

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


LICENCE = "Data © OpenStreetMap contributors, ODbL 1.0. http://osm.org/copyright"


def place(lat: float, lon: float) -> list[dict]:
    """A house: what Nominatim answers (with addressdetails=1) when it knows the house number."""
    return [{"place_id": 1, "licence": LICENCE, "osm_type": "way", "osm_id": 4711, "lat": str(lat), "lon": str(lon),
             "class": "building", "type": "yes", "addresstype": "building",
             "display_name": "1, Marktplatz, Musterdorf, 75999, Deutschland",
             "address": {"house_number": "1", "road": "Marktplatz", "village": "Musterdorf", "postcode": "75999",
                         "country": "Deutschland", "country_code": "de"}}]


def street(lat: float, lon: float) -> list[dict]:
    """Only the street: Nominatim's answer when the house number is not in OpenStreetMap."""
    return [{"place_id": 2, "licence": LICENCE, "osm_type": "way", "osm_id": 815, "lat": str(lat), "lon": str(lon),
             "class": "highway", "type": "pedestrian", "addresstype": "road",
             "display_name": "Marktplatz, Musterdorf, 75999, Deutschland",
             "address": {"road": "Marktplatz", "village": "Musterdorf", "postcode": "75999", "country": "Deutschland",
                         "country_code": "de"}}]


def town(lat: float, lon: float) -> list[dict]:
    """Only the town: too coarse for an offer."""
    return [{"place_id": 3, "licence": LICENCE, "osm_type": "relation", "osm_id": 42, "lat": str(lat), "lon": str(lon),
             "class": "boundary", "type": "administrative", "addresstype": "village",
             "display_name": "Musterdorf, Deutschland",
             "address": {"village": "Musterdorf", "country": "Deutschland", "country_code": "de"}}]


def osm_source(osm: str = "way/4711", approximate: bool = False, indent: str = "  ") -> str:
    """The source entry geocode appends, as lines of the file."""
    title = "OpenStreetMap-Mitwirkende, gefunden mit Nominatim (Lizenz: ODbL 1.0)"
    title += "; ungefähr (Straße, ohne Hausnummer)" if approximate else ""
    return (f'{indent}- title: "{title}"\n{indent}  url: https://www.openstreetmap.org/{osm}\n'
            f"{indent}  date: {TODAY.isoformat()}\n{indent}  fields: [coordinates]\n")


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch):
    """geopy reads proxy settings from the environment and would send 127.0.0.1 through them."""
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "WEGWEISER_NOMINATIM"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def nominatim():
    fake = FakeNominatim()
    yield fake
    fake.close()


def closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def snapshot(project: Path) -> dict[str, bytes]:
    return {p.relative_to(project).as_posix(): p.read_bytes() for p in sorted((project / "municipalities").rglob("*"))
            if p.is_file()}


def add_offer(project: Path, offer_id: str, street: str) -> str:
    """Another town hall in Musterdorf, at ``street``, without coordinates."""
    rel = f"municipalities/musterdorf/offers/{offer_id}.yml"
    text = (FIXTURE / RATHAUS).read_text(encoding="utf-8").replace("Marktplatz 1", street)
    (project / rel).write_text(text.replace("Rathaus Musterdorf", f"Rathaus {street}"), encoding="utf-8")
    return rel


def for_street(street: str, answer: tuple, otherwise: tuple):
    """An answer for requests about ``street`` (structured or one line), another for the rest."""
    return lambda params: answer if street in (params.get("street"), params.get("q", "").split(",")[0]) else otherwise


def geocode_now(project: Path, url: str, **kwargs) -> int:
    kwargs.setdefault("min_delay", 0)
    kwargs.setdefault("today", TODAY)
    return run(project, url, **kwargs)


# --- the plan ---------------------------------------------------------------------------------------


def test_plan_is_the_offers_with_an_address_and_no_coordinates(project):
    directory = load_valid(project, TODAY)
    assert directory.offers["jobcenter-test"].address and directory.offers["jobcenter-test"].coordinates
    assert [o.id for o in plan(directory)] == ["rathaus-musterdorf"]


# --- found ------------------------------------------------------------------------------------------


def test_found_coordinates_go_right_after_the_address_and_nothing_else_changes(project, nominatim, capsys):
    edited = (
        "# Rathaus: Angaben vom Aushang im Foyer\n"
        "name:\n"
        "  de: Rathaus Musterdorf\n"
        "  en:   Town hall Musterdorf   # sic\n"
        "categories: [ work ]\n"
        "address:\n"
        "  street: Marktplatz 1\n"
        "  postal_code: \"75999\"    # mit Anführungszeichen!\n"
        "  city: Musterdorf\n"
        "\n"
        "# Telefon laut Website\n"
        "phone: [\"07231 4886-0\"]\n"
        "opening_hours: 'Mo,Tu 08:00-12:00; We \"nach Vereinbarung\"'\n"
        "unconfirmed: [opening_hours]\n"
        "source:\n"
        "  # Testdaten, nie veröffentlichen\n"
        "  - title: Testdaten\n"
        "verified: 2018-06-22\n"
    )
    (project / RATHAUS).write_text(edited, encoding="utf-8")
    before = snapshot(project)

    assert geocode_now(project, nominatim.url) == 0

    out = capsys.readouterr()
    assert out.out == f"{RATHAUS}: 48.89123, 8.70123\n"
    assert out.err == (
        f"1 Adresse(n) werden bei {nominatim.url} nachgeschlagen (höchstens eine Anfrage pro Sekunde) …\n"
        "1 Koordinate(n) eingetragen, 0 Adresse(n) nicht gefunden.\n"
    )
    after = snapshot(project)
    assert after[RATHAUS].decode() == edited.replace(
        "  city: Musterdorf\n", "  city: Musterdorf\ncoordinates: {lat: 48.89123, lon: 8.70123}\n", 1
    ).replace("  - title: Testdaten\n", "  - title: Testdaten\n" + osm_source(), 1)
    assert {k: v for k, v in after.items() if k != RATHAUS} == {k: v for k, v in before.items() if k != RATHAUS}
    assert validate(load_project(project), TODAY) == []
    coordinates = load_valid(project, TODAY).offers["rathaus-musterdorf"].coordinates
    assert (coordinates.lat, coordinates.lon) == (48.89123, 8.70123)
    assert [r.params for r in nominatim.requests] == [{
        "street": "Marktplatz 1", "postalcode": "75999", "city": "Musterdorf", "country": "Deutschland",
        "format": "json", "limit": "1", "countrycodes": "de", "accept-language": "de", "addressdetails": "1",
        "viewbox": "8.45,48.7,9.05,49.15",
    }]
    assert [r.path for r in nominatim.requests] == ["/search"]
    offer = load_valid(project, TODAY).offers["rathaus-musterdorf"]
    assert "coordinates" not in offer.unconfirmed  # the house was found
    [osm] = [s for s in offer.sources if "coordinates" in s.fields]
    assert (osm.title, osm.url, osm.date) == (
        "OpenStreetMap-Mitwirkende, gefunden mit Nominatim (Lizenz: ODbL 1.0)", "https://www.openstreetmap.org/way/4711",
        TODAY)


def test_a_second_run_asks_nothing(project, nominatim, capsys):
    assert geocode_now(project, nominatim.url) == 0
    capsys.readouterr()
    nominatim.requests.clear()
    before = snapshot(project)
    assert geocode_now(project, nominatim.url) == 0
    assert capsys.readouterr().err == "Alle Angebote mit Adresse haben schon Koordinaten.\n"
    assert nominatim.requests == []
    assert snapshot(project) == before


def test_free_form_query_when_the_structured_one_finds_nothing(project, nominatim, capsys):
    nominatim.answer = lambda params: (200, place(48.9, 8.7) if "q" in params else [])
    assert geocode_now(project, nominatim.url) == 0
    assert capsys.readouterr().out == f"{RATHAUS}: 48.9, 8.7\n"
    assert [r.params.get("q") for r in nominatim.requests] == [None, "Marktplatz 1, 75999 Musterdorf, Deutschland"]


def test_offers_at_the_same_address_are_asked_for_once(project, nominatim, capsys):
    second = add_offer(project, "buergerbuero-musterdorf", "Marktplatz 1")
    assert geocode_now(project, nominatim.url) == 0
    assert capsys.readouterr().out == f"{second}: 48.89123, 8.70123\n{RATHAUS}: 48.89123, 8.70123\n"
    assert len(nominatim.requests) == 1


# --- precision: the house, only the street, only the town ------------------------------------------


def test_a_street_without_the_house_is_written_as_approximate(project, nominatim, capsys):
    nominatim.answer = lambda params: (200, street(48.9001, 8.7002))
    before = (project / RATHAUS).read_text(encoding="utf-8")
    assert geocode_now(project, nominatim.url) == 0
    out = capsys.readouterr()
    assert out.out == f"{RATHAUS}: 48.9001, 8.7002 – ungefähr (Straße, ohne Hausnummer)\n"
    assert out.err.splitlines()[-1] == (
        "1 Koordinate(n) eingetragen (davon 1 ungefähr: nur die Straße), 0 Adresse(n) nicht gefunden.")
    assert (project / RATHAUS).read_text(encoding="utf-8") == (
        before.replace("  city: Musterdorf\n", "  city: Musterdorf\ncoordinates: {lat: 48.9001, lon: 8.7002}\n")
        .replace("unconfirmed: [opening_hours]\n", "unconfirmed: [opening_hours, coordinates]\n")
        .replace("  - title: Testdaten\n", "  - title: Testdaten\n" + osm_source("way/815", approximate=True))
    )
    offer = load_valid(project, TODAY).offers["rathaus-musterdorf"]
    assert offer.unconfirmed == {"opening_hours", "coordinates"}
    assert [s.title for s in offer.sources if "coordinates" in s.fields] == [
        "OpenStreetMap-Mitwirkende, gefunden mit Nominatim (Lizenz: ODbL 1.0); ungefähr (Straße, ohne Hausnummer)"]
    assert len(nominatim.requests) == 1  # a street is an answer: no second question


def test_approximate_without_an_unconfirmed_list_adds_one_before_the_sources(project, nominatim, capsys):
    path = project / RATHAUS
    path.write_text(path.read_text(encoding="utf-8").replace("unconfirmed: [opening_hours]\n", ""), encoding="utf-8")
    before = path.read_text(encoding="utf-8")
    nominatim.answer = lambda params: (200, street(48.9, 8.7))
    assert geocode_now(project, nominatim.url) == 0
    assert path.read_text(encoding="utf-8") == (
        before.replace("  city: Musterdorf\n", "  city: Musterdorf\ncoordinates: {lat: 48.9, lon: 8.7}\n")
        .replace("source:\n", "unconfirmed: [coordinates]\nsource:\n")
        .replace("  - title: Testdaten\n", "  - title: Testdaten\n" + osm_source("way/815", approximate=True))
    )
    assert validate(load_project(project), TODAY) == []


def test_only_the_town_counts_as_not_found(project, nominatim, capsys):
    nominatim.answer = lambda params: (200, town(48.9, 8.7))
    before = snapshot(project)
    assert geocode_now(project, nominatim.url) == 1
    assert capsys.readouterr().out == (
        f"{RATHAUS}:5: address: Adresse nicht gefunden (Marktplatz 1, 75999 Musterdorf: "
        "gefunden wurde nur der Ort, nicht die Straße)\n"
    )
    assert snapshot(project) == before
    assert len(nominatim.requests) == 2  # structured, then as one line


def test_the_town_for_the_structured_query_then_the_house_as_one_line(project, nominatim, capsys):
    nominatim.answer = lambda params: (200, place(48.9, 8.7) if "q" in params else town(48.91, 8.71))
    assert geocode_now(project, nominatim.url) == 0
    assert capsys.readouterr().out == f"{RATHAUS}: 48.9, 8.7\n"
    assert "unconfirmed: [opening_hours]\n" in (project / RATHAUS).read_text(encoding="utf-8")


def test_an_answer_without_an_osm_object_links_the_copyright_page(project, nominatim, capsys):
    answer = place(48.9, 8.7)
    del answer[0]["osm_type"], answer[0]["osm_id"]
    nominatim.answer = lambda params: (200, answer)
    assert geocode_now(project, nominatim.url) == 0
    text = (project / RATHAUS).read_text(encoding="utf-8")
    assert "  - title: Testdaten\n" + osm_source().replace("https://www.openstreetmap.org/way/4711",
                                                            "https://www.openstreetmap.org/copyright") in text


# --- not found --------------------------------------------------------------------------------------


def test_not_found_is_reported_with_file_and_line_and_the_file_stays(project, nominatim, capsys):
    nominatim.answer = lambda params: (200, [])
    before = snapshot(project)
    assert geocode_now(project, nominatim.url) == 1
    out = capsys.readouterr()
    assert out.out == f"{RATHAUS}:5: address: Adresse nicht gefunden (Marktplatz 1, 75999 Musterdorf)\n"
    assert out.err.splitlines()[-1] == (
        "0 Koordinate(n) eingetragen, 1 Adresse(n) nicht gefunden. "
        "Bitte die Adresse prüfen oder coordinates von Hand eintragen."
    )
    assert snapshot(project) == before
    assert len(nominatim.requests) == 2  # structured, then as one line


def test_a_hit_outside_the_district_counts_as_not_found(project, nominatim, capsys):
    nominatim.answer = lambda params: (200, place(52.52, 13.405))  # Berlin
    before = snapshot(project)
    assert geocode_now(project, nominatim.url) == 1
    assert capsys.readouterr().out == (
        f"{RATHAUS}:5: address: Adresse nicht gefunden (Marktplatz 1, 75999 Musterdorf: "
        "der Treffer 52.52, 13.405 liegt außerhalb des Kreises)\n"
    )
    assert snapshot(project) == before


def test_some_found_some_not_writes_the_found_and_exits_1(project, nominatim, capsys):
    other = add_offer(project, "rathaus-unterdorf", "Dorfstraße 9")
    nominatim.answer = for_street("Dorfstraße 9", (200, []), (200, place(48.9, 8.7)))
    assert geocode_now(project, nominatim.url) == 1
    out = capsys.readouterr().out
    assert out == (
        f"{RATHAUS}: 48.9, 8.7\n"
        f"{other}:5: address: Adresse nicht gefunden (Dorfstraße 9, 75999 Musterdorf)\n"
    )
    assert b"coordinates" not in (project / other).read_bytes()
    assert b"coordinates: {lat: 48.9, lon: 8.7}\n" in (project / RATHAUS).read_bytes()


# --- the service fails: a clear message, nothing written --------------------------------------------


def test_service_down_is_a_clear_message_and_nothing_changes(project):
    url = closed_port_url()
    before = snapshot(project)
    with pytest.raises(WegweiserError) as err:
        geocode_now(project, url)
    assert err.value.lines() == [
        f"Geocoding-Dienst {url}: nicht erreichbar (keine Verbindung; Netz, --endpoint oder "
        f"WEGWEISER_NOMINATIM prüfen). {NOTHING_CHANGED}"
    ]
    assert snapshot(project) == before


@pytest.mark.parametrize("status, message", [
    (429, "zu viele Anfragen (HTTP 429); bitte später erneut versuchen."),
    (503, "Fehler beim Dienst (HTTP 503); bitte später erneut versuchen."),
    (403, "Zugriff verweigert (HTTP 403); ist dieser User-Agent dort erlaubt (--user-agent)?"),
])
def test_refusal_half_way_writes_nothing(project, nominatim, status, message):
    add_offer(project, "rathaus-unterdorf", "Dorfstraße 9")  # asked after rathaus-musterdorf was found
    nominatim.answer = for_street("Dorfstraße 9", (status, {"error": "nope"}), (200, place(48.9, 8.7)))
    before = snapshot(project)
    with pytest.raises(WegweiserError) as err:
        geocode_now(project, nominatim.url)
    assert err.value.lines() == [f"Geocoding-Dienst {nominatim.url}: {message} {NOTHING_CHANGED}"]
    assert [r.params["street"] for r in nominatim.requests] == ["Marktplatz 1", "Dorfstraße 9"]
    assert snapshot(project) == before


def test_a_service_that_does_not_answer_in_time(project, nominatim):
    nominatim.delay = 1.0
    before = snapshot(project)
    with pytest.raises(WegweiserError) as err:
        geocode_now(project, nominatim.url, timeout=0.2)
    assert err.value.lines() == [f"Geocoding-Dienst {nominatim.url}: keine Antwort nach 0.2 s. {NOTHING_CHANGED}"]
    assert len(nominatim.requests) == 1  # no silent retry
    assert snapshot(project) == before


def test_an_answer_that_is_not_nominatim(project, nominatim):
    nominatim.answer = lambda params: (200, {"hello": "world"})
    with pytest.raises(WegweiserError) as err:
        geocode_now(project, nominatim.url)
    assert err.value.lines() == [
        f"Geocoding-Dienst {nominatim.url}: die Antwort ist keine Nominatim-Antwort (--endpoint prüfen). {NOTHING_CHANGED}"
    ]


def test_a_bad_endpoint_is_refused_before_any_request(project):
    with pytest.raises(WegweiserError) as err:
        geocode_now(project, "nominatim.example.org")
    assert err.value.lines() == [
        '"nominatim.example.org" ist keine gültige Adresse für den Geocoding-Dienst '
        "(Beispiel: https://nominatim.openstreetmap.org)"
    ]


def test_bad_data_is_reported_before_any_request(project, nominatim):
    path = project / RATHAUS
    path.write_text(path.read_text(encoding="utf-8").replace("[work]", "[arbeit]"), encoding="utf-8")
    with pytest.raises(WegweiserError) as err:
        geocode_now(project, nominatim.url)
    assert [str(p) for p in err.value.problems] == [f'{RATHAUS}:4: categories: unbekannte Kategorie "arbeit"']
    assert nominatim.requests == []


# --- policy: rate limit, user agent, editors' coordinates -------------------------------------------


def test_at_most_one_request_per_second(project, nominatim, capsys):
    add_offer(project, "rathaus-a", "Marktplatz 2")
    add_offer(project, "rathaus-b", "Marktplatz 3")
    assert run(project, nominatim.url, min_delay=1.0) == 0
    assert len(capsys.readouterr().out.splitlines()) == 3
    times = [r.at for r in nominatim.requests]
    assert len(times) == 3
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert all(gap >= 1.0 for gap in gaps), gaps


def test_the_next_request_waits_for_the_rest_of_the_second(project, nominatim):
    """With a fake clock: each request starts ``min_delay`` after the previous answer."""
    for i in range(2, 5):
        add_offer(project, f"rathaus-{i}", f"Marktplatz {i}")
    now = [100.0]
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(round(seconds, 6))
        now[0] += seconds

    def clock() -> float:
        now[0] += 0.25  # every look at the clock: a quarter second later
        return now[0]

    result = geocode(plan(load_valid(project, TODAY)), nominatim.url, "test", 1.0, sleep=sleep, clock=clock)
    assert len(result.found) == 4 and len(nominatim.requests) == 4
    assert sleeps == [0.75, 0.75, 0.75]  # answer at t, next look at t + 0.25: wait the rest of the second


def test_requests_carry_our_user_agent(project, nominatim, capsys):
    assert geocode_now(project, nominatim.url) == 0
    assert USER_AGENT == default_user_agent()
    assert [r.user_agent for r in nominatim.requests] == [USER_AGENT]


def test_user_agent_and_endpoint_can_be_chosen(project, nominatim, monkeypatch, capsys):
    monkeypatch.setenv("WEGWEISER_NOMINATIM", nominatim.url)
    assert run(project, user_agent="wegweiser-test/1 (integration@example.org)", min_delay=0) == 0
    assert [r.user_agent for r in nominatim.requests] == ["wegweiser-test/1 (integration@example.org)"]
    monkeypatch.setenv("WEGWEISER_NOMINATIM", closed_port_url())
    other = FakeNominatim()
    try:
        add_offer(project, "rathaus-a", "Marktplatz 2")
        assert run(project, other.url, min_delay=0) == 0  # --endpoint wins over the variable
        assert len(other.requests) == 1
    finally:
        other.close()


def test_coordinates_an_editor_entered_are_never_asked_for_nor_replaced(project, nominatim, capsys):
    path = project / RATHAUS
    text = path.read_text(encoding="utf-8").replace("phone:", "coordinates: {lat: 48.9001, lon: 8.7001}  # vor Ort\nphone:")
    path.write_text(text, encoding="utf-8")
    before = snapshot(project)
    assert geocode_now(project, nominatim.url) == 0
    assert nominatim.requests == []
    assert snapshot(project) == before
    directory = load_valid(project, TODAY)
    assert geocode(directory.offers.values(), nominatim.url, "test", 0).found == {}
    assert nominatim.requests == []
    with pytest.raises(ValueError, match="coordinates stehen schon in der Datei; sie werden nicht überschrieben"):
        set_coordinates(path, 1.0, 2.0)
    assert path.read_text(encoding="utf-8") == text


# --- set_coordinates on its own ---------------------------------------------------------------------


@pytest.mark.parametrize("before, after", [
    ("name: x\r\naddress:\r\n  street: a\r\n  city: b\r\nphone: [1]\r\n",
     "name: x\r\naddress:\r\n  street: a\r\n  city: b\r\ncoordinates: {lat: 48.9, lon: 8.7}\r\nphone: [1]\r\n"),
    ("name: x\naddress:\n  street: a\n  city: b",
     "name: x\naddress:\n  street: a\n  city: b\ncoordinates: {lat: 48.9, lon: 8.7}\n"),
    ("address: {street: a, city: b}  # flow\n\n# Ende\n",
     "address: {street: a, city: b}  # flow\ncoordinates: {lat: 48.9, lon: 8.7}\n\n# Ende\n"),
    ("address:\n  street: a\n  city: b\n  # zur Stadt\nphone: [1]\n",
     "address:\n  street: a\n  city: b\n  # zur Stadt\ncoordinates: {lat: 48.9, lon: 8.7}\nphone: [1]\n"),
    ("name: x  # ohne Adresse\n", "name: x  # ohne Adresse\ncoordinates: {lat: 48.9, lon: 8.7}\n"),
])
def test_set_coordinates_keeps_every_other_byte(tmp_path, before, after):
    path = tmp_path / "offer.yml"
    path.write_bytes(before.encode())
    set_coordinates(path, 48.9, 8.7)
    assert path.read_bytes().decode() == after


SOURCE = {"title": "OSM: ungefähr", "url": "https://www.openstreetmap.org/way/1", "date": TODAY, "fields": ["coordinates"]}
SOURCE_LINES = "- title: \"OSM: ungefähr\"\n  url: https://www.openstreetmap.org/way/1\n  date: 2026-11-28\n  fields: [coordinates]\n"


@pytest.mark.parametrize("before, after", [
    # a block list of unconfirmed fields, comments and a key after the sources
    ("address:\n  street: a\n  city: b\nunconfirmed:\n  - phone   # alt\nsource:\n  - title: x\n    url: https://x.example\n"
     "\n# geprüft\nverified: 2020-01-01\n",
     "address:\n  street: a\n  city: b\ncoordinates: {lat: 48.9, lon: 8.7}\nunconfirmed:\n  - phone   # alt\n  - coordinates\n"
     "source:\n  - title: x\n    url: https://x.example\n" + "".join("  " + line + "\n" for line in SOURCE_LINES.splitlines())
     + "\n# geprüft\nverified: 2020-01-01\n"),
    # sources not indented, Windows line ends, an empty flow list
    ("address: {street: a, city: b}\r\nunconfirmed: []\r\nsource:\r\n- title: x\r\n",
     "address: {street: a, city: b}\r\ncoordinates: {lat: 48.9, lon: 8.7}\r\nunconfirmed: [coordinates]\r\nsource:\r\n"
     "- title: x\r\n" + SOURCE_LINES.replace("\n", "\r\n")),
])
def test_set_coordinates_with_source_and_unconfirmed_keeps_every_other_byte(tmp_path, before, after):
    path = tmp_path / "offer.yml"
    path.write_bytes(before.encode())
    set_coordinates(path, 48.9, 8.7, source=SOURCE, unconfirmed=True)
    assert path.read_bytes().decode() == after


@pytest.mark.parametrize("text", [
    "address: {street: a, city: b}\nsource: [{title: x}]\n",  # sources as a flow list: no safe place for a block entry
    "address: {street: a, city: b}\nsource: x\n",
    "address: {street: a, city: b}\nunconfirmed: phone\nsource:\n  - title: x\n",
])
def test_set_coordinates_refuses_what_it_cannot_change_safely(tmp_path, text):
    path = tmp_path / "offer.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match="coordinates lassen sich nicht sicher einfügen; bitte von Hand eintragen"):
        set_coordinates(path, 48.9, 8.7, source=SOURCE, unconfirmed=True)
    assert path.read_text(encoding="utf-8") == text


# --- a build never geocodes -------------------------------------------------------------------------


def test_a_build_never_opens_a_network_connection(project, monkeypatch):
    from generator import site
    from generator.build import generate

    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network access during a build")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    directory = load_valid(project, TODAY)
    assert plan(directory)  # there is something a geocoder could do; the build does not
    written = generate(directory, site.Paths(project, project / "build"), directory.config.languages)
    assert written > 0
    assert attempts == []
    assert b"coordinates" not in (project / RATHAUS).read_bytes()


def test_the_build_does_not_even_import_the_geocoder(project):
    """Neither our geocoder nor geopy (distances come from geographiclib), though the data has work for them."""
    code = (
        "import sys; from pathlib import Path; from generator import site, cli; "
        "from generator.build import generate, load_valid; "
        f"root = Path({str(project)!r}); d = load_valid(root); "
        "n = generate(d, site.Paths(root, root / 'build'), d.config.languages); "
        "print(n > 0, 'generator.geocode' in sys.modules, any(m.split('.')[0] == 'geopy' for m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout == "True False False\n"


def test_build_distances_are_geopys_geodesic():
    """generator.maps measures with geographiclib, which is what geopy's geodesic uses: same kilometres."""
    from geopy.distance import geodesic

    from generator.maps import distance_km

    for a, b in (((48.9, 8.7), (48.8922, 8.6946)), ((48.8697, 8.6361), (49.0503, 8.8506))):
        assert distance_km(Coordinates(*a), Coordinates(*b)) == pytest.approx(geodesic(a, b).km, abs=1e-9)


# --- the command line ------------------------------------------------------------------------------


def wegweiser(project: Path, *args: str, env: dict | None = None):
    import os

    environ = {k: v for k, v in os.environ.items() if k.lower() not in ("http_proxy", "https_proxy", "all_proxy")}
    environ.pop("WEGWEISER_NOMINATIM", None)
    return subprocess.run([sys.executable, "-m", "generator.cli", "--root", str(project), *args],
                          capture_output=True, text=True, check=False, env={**environ, **(env or {})})


def test_cli_writes_coordinates(project, nominatim):
    result = wegweiser(project, "geocode", "--endpoint", nominatim.url)
    assert (result.returncode, result.stdout) == (0, f"{RATHAUS}: 48.89123, 8.70123\n")
    assert [r.user_agent for r in nominatim.requests] == [USER_AGENT]


def test_cli_not_found_exits_1(project, nominatim):
    nominatim.answer = lambda params: (200, [])
    result = wegweiser(project, "geocode", "--user-agent", "wegweiser-test/1", env={"WEGWEISER_NOMINATIM": nominatim.url})
    assert result.returncode == 1
    assert result.stdout == f"{RATHAUS}:5: address: Adresse nicht gefunden (Marktplatz 1, 75999 Musterdorf)\n"
    assert {r.user_agent for r in nominatim.requests} == {"wegweiser-test/1"}


def test_cli_service_down_is_one_line_and_exit_1(project):
    url = closed_port_url()
    before = snapshot(project)
    result = wegweiser(project, "geocode", "--endpoint", url)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1] == (
        f"Geocoding-Dienst {url}: nicht erreichbar (keine Verbindung; Netz, --endpoint oder "
        f"WEGWEISER_NOMINATIM prüfen). {NOTHING_CHANGED}"
    )
    assert "Traceback" not in result.stderr
    assert snapshot(project) == before


# --- the pull-request workflow's step, with the real command ----------------------------------------


def test_the_workflow_step_writes_coordinates_and_warns_on_the_lines_not_found(project, nominatim, tmp_path):
    from test_workflows import load, run_step

    other = add_offer(project, "rathaus-unterdorf", "Dorfstraße 9")
    nominatim.answer = for_street("Dorfstraße 9", (200, []), (200, place(48.9, 8.7)))
    (project / ".venv" / "bin").mkdir(parents=True)
    (project / ".venv" / "bin" / "wegweiser").symlink_to(Path(sys.executable).parent / "wegweiser")
    agent = "wegweiser-enzkreis (+https://github.com/example/wegweiser)"
    result = run_step(load("geocode.yml"), "geocode", "wegweiser geocode", project, RUNNER_TEMP=str(tmp_path),
                      WEGWEISER_NOMINATIM=nominatim.url, USER_AGENT=agent)
    assert result.returncode == 0, result.stderr  # not found is a warning, not a failed check
    not_found = "address: Adresse nicht gefunden (Dorfstraße 9, 75999 Musterdorf)"
    assert result.stdout.splitlines() == [
        f"{RATHAUS}: 48.9, 8.7",
        f"{other}:5: {not_found}",
        f"::warning file={other},line=5::{not_found}",
        "::warning::wegweiser geocode: nicht alle Adressen gefunden oder der Dienst hat nicht geantwortet (siehe oben).",
    ]
    assert {r.user_agent for r in nominatim.requests} == {agent}
    assert "coordinates: {lat: 48.9, lon: 8.7}\n" in (project / RATHAUS).read_text(encoding="utf-8")
    times = [r.at for r in nominatim.requests]
    assert len(times) == 3 and all(b - a >= 1.0 for a, b in zip(times, times[1:]))  # the command's own pace
