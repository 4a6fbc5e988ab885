"""Opening hours in OpenStreetMap syntax: validation and the regular weekly schedule."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import opening_hours as oh

EXAMPLE = "Mo-Fr 08:00-12:00; Th 14:00-18:00"


def opening_hours_problem(value: str) -> str | None:
    """A message if ``value`` is not valid OpenStreetMap ``opening_hours`` syntax, else None."""
    try:
        oh.OpeningHours(value)
    except Exception as err:  # the Rust parser raises ParserError and friends
        detail = str(err).strip().splitlines()[-1].strip(" =")
        return f"\"{value}\" ist keine gültige Öffnungszeit im OpenStreetMap-Format (Beispiel: \"{EXAMPLE}\"; Parser: {detail})"
    return None


@dataclass(frozen=True)
class Span:
    start: dt.time
    end: dt.time | None  # None: until midnight (24:00)


@dataclass(frozen=True)
class Day:
    weekday: int  # 0 = Monday
    spans: tuple[Span, ...]
    comments: tuple[str, ...]
    unknown: bool  # state given only as a comment ("nach Vereinbarung")


def next_monday(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=(7 - today.weekday()) % 7 or 7)


def weekly_schedule(value: str, week_start: dt.date) -> tuple[Day, ...]:
    """The regular week starting on ``week_start`` (a Monday); public holidays are not applied."""
    rules = oh.OpeningHours(value)
    start = dt.datetime.combine(week_start, dt.time())
    days: list[Day] = []
    for offset in range(7):
        day_start = start + dt.timedelta(days=offset)
        day_end = day_start + dt.timedelta(days=1)
        spans: list[Span] = []
        comments: list[str] = []
        unknown = False
        for begin, end, state, comment in rules.intervals(day_start, day_end):
            name = getattr(state, "name", str(state)).upper()
            if comment and comment not in comments:
                comments.append(comment)
            if name == "OPEN":
                spans.append(Span(begin.time(), None if end >= day_end else end.time()))
            elif name == "UNKNOWN":
                unknown = True
        if comments and spans == [Span(dt.time(), None)]:
            spans, unknown = [], True  # a day given only as a comment, e.g. Sa "nur mit Termin"
        days.append(Day(offset, tuple(spans), tuple(comments), unknown))
    return tuple(days)


def closes_on_public_holidays(value: str) -> bool:
    """True when the rule says "PH off"/"PH closed" (OpenStreetMap: otherwise holidays follow the week)."""
    import re

    return bool(re.search(r"\bPH\s+(off|closed)\b", value))


@lru_cache(maxsize=None)
def public_holidays(start_year: int, years: int = 3, subdivision: str = "BW") -> tuple[dt.date, ...]:
    """Public holidays in Baden-Württemberg (national ones and BW's, e.g. Fronleichnam), computed at build time."""
    import holidays

    days = holidays.country_holidays("DE", subdiv=subdivision, years=range(start_year, start_year + years))
    return tuple(sorted(days))
