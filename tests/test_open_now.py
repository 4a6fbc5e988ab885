""""Open now" is worked out in the browser, in German time, with Baden-Württemberg's holidays.

The clock is set in Chromium; the fixture's job centre is open "Mo-Fr 08:00-12:00; Th 14:00-18:00;
PH off", the integration management works only by appointment.
"""

from __future__ import annotations

import datetime as dt

import pytest

from generator.opening_hours import closes_on_public_holidays, public_holidays

pytestmark = pytest.mark.browser
BERLIN_WINTER = dt.timezone(dt.timedelta(hours=1))
BERLIN_SUMMER = dt.timezone(dt.timedelta(hours=2))


def status_at(new_context, fixture_origin, url, when: dt.datetime) -> str:
    context = new_context()
    page = context.new_page()
    page.clock.set_fixed_time(when)
    page.goto(f"{fixture_origin}/{url}")
    box = page.locator(".ww-open-now")
    box.wait_for(state="visible")
    return box.inner_text()


@pytest.mark.parametrize(
    "when, expected",
    [
        (dt.datetime(2026, 11, 30, 10, 0, tzinfo=BERLIN_WINTER), "Jetzt geöffnet · schließt um 12:00"),  # Monday morning
        (dt.datetime(2026, 11, 30, 23, 30, tzinfo=BERLIN_WINTER), "Geschlossen · öffnet Dienstag um 08:00"),  # night
        (dt.datetime(2026, 12, 3, 10, 0, tzinfo=BERLIN_WINTER), "Geschlossen · öffnet heute um 14:00"),  # Thursday
        (dt.datetime(2026, 12, 4, 12, 30, tzinfo=BERLIN_WINTER), "Geschlossen · öffnet Montag um 08:00"),  # Friday, weekend ahead
        # Fronleichnam (Corpus Christi) is a holiday in Baden-Württemberg, not in all of Germany
        (dt.datetime(2027, 5, 27, 15, 0, tzinfo=BERLIN_SUMMER), "Heute geschlossen: Feiertag · öffnet Freitag um 08:00"),
        # Christmas Eve (a Thursday) is no public holiday: Thursday's hours apply
        (dt.datetime(2026, 12, 24, 9, 0, tzinfo=BERLIN_WINTER), "Geschlossen · öffnet heute um 14:00"),
        (dt.datetime(2026, 12, 25, 9, 0, tzinfo=BERLIN_WINTER), "Heute geschlossen: Feiertag · öffnet Montag um 08:00"),
    ],
)
def test_open_now_in_german(new_context, fixture_origin, when, expected):
    assert status_at(new_context, fixture_origin, "de/angebote/jobcenter-test/", when) == expected


def test_open_now_in_arabic(new_context, fixture_origin):
    when = dt.datetime(2026, 11, 30, 10, 0, tzinfo=BERLIN_WINTER)
    assert status_at(new_context, fixture_origin, "ar/angebote/jobcenter-test/", when) == "مفتوح الآن · يغلق الساعة 12:00"


@pytest.mark.parametrize(
    "when, expected",
    [
        (dt.datetime(2026, 12, 16, 17, 0, tzinfo=BERLIN_WINTER), "Jetzt geöffnet · schließt um 18:00"),  # a Wednesday
        # the winter break (2026 Dec 21-2027 Jan 08 off): the next opening is weeks away, so its date is named
        (dt.datetime(2026, 12, 23, 17, 0, tzinfo=BERLIN_WINTER), "Geschlossen · öffnet am 13. Januar um 16:00"),
        (dt.datetime(2027, 1, 8, 9, 0, tzinfo=BERLIN_WINTER), "Geschlossen · öffnet Mittwoch um 16:00"),
    ],
)
def test_open_now_honours_a_temporary_closure(new_context, fixture_origin, when, expected):
    assert status_at(new_context, fixture_origin, "de/angebote/sprachcafe-musterdorf/", when) == expected


def test_appointment_only(new_context, fixture_origin):
    when = dt.datetime(2026, 11, 30, 10, 0, tzinfo=BERLIN_WINTER)
    assert status_at(new_context, fixture_origin, "de/angebote/im-testtraeger/", when) == "Nur mit Termin"


def test_holidays_are_precomputed_for_baden_wuerttemberg():
    days = public_holidays(2026)
    assert dt.date(2027, 5, 27) in days  # Fronleichnam, BW
    assert dt.date(2028, 1, 6) in days  # Heilige Drei Könige, BW: at least two years ahead
    assert dt.date(2026, 10, 31) not in days  # Reformationstag is not a holiday in BW
    assert closes_on_public_holidays("Mo-Fr 08:00-12:00; PH off")
    assert not closes_on_public_holidays("Mo-Fr 08:00-12:00")
