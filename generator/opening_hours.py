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


def _day(rules, date: dt.date) -> Day:
    """What ``rules`` say for one date (public holidays apply only where the rules name them)."""
    day_start = dt.datetime.combine(date, dt.time())
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
    return Day(date.weekday(), tuple(spans), tuple(comments), unknown)


def weekly_schedule(value: str, week_start: dt.date) -> tuple[Day, ...]:
    """The regular week starting on ``week_start`` (a Monday); public holidays are not applied."""
    rules = oh.OpeningHours(value)
    return tuple(_day(rules, week_start + dt.timedelta(days=offset)) for offset in range(7))


HORIZON_DAYS = 91  # closures and changed hours are shown for the next thirteen weeks


@dataclass(frozen=True)
class Change:
    """Dates on which the hours differ from the regular week: a temporary closure or other hours."""

    first: dt.date
    last: dt.date
    spans: tuple[Span, ...]  # empty: closed
    comments: tuple[str, ...]

    @property
    def closed(self) -> bool:
        return not self.spans


@lru_cache(maxsize=None)
def schedule(value: str, today: dt.date, holidays: tuple[dt.date, ...] = ()) -> tuple[tuple[Day, ...], tuple[Change, ...]]:
    """The regular week and the coming changes to it, from ``today`` on.

    The regular hours of a weekday are the ones it has most often in the coming thirteen weeks,
    so a closure next week ("2026 Dec 24-2027 Jan 06 off") shows as a change, not as the rule.
    Public holidays (``holidays``) are left out here: the page names them separately.
    """
    rules = oh.OpeningHours(value)
    dates = [today + dt.timedelta(days=i) for i in range(HORIZON_DAYS)]
    days = {date: _day(rules, date) for date in dates}
    week: list[Day] = []
    monday = next_monday(today)
    for weekday in range(7):
        seen = [(d.spans, d.comments) for date, d in days.items() if date.weekday() == weekday and date not in holidays]
        common = max(seen, key=seen.count) if seen else ((), ())
        example = monday + dt.timedelta(days=weekday)
        unknown = next((d.unknown for d in days.values() if (d.spans, d.comments) == common), False)
        week.append(Day(example.weekday(), common[0], common[1], unknown))
    changes: list[Change] = []
    for date in dates:
        d = days[date]
        regular = week[date.weekday()]
        if date in holidays or (d.spans, d.comments) == (regular.spans, regular.comments):
            continue
        last = changes[-1] if changes else None
        between = [last.last + dt.timedelta(days=i) for i in range(1, (date - last.last).days)] if last else []
        # one closure runs on over the weekends and holidays inside it (closed anyway)
        joined = last and (last.spans, last.comments) == (d.spans, d.comments) and (
            not between or (not d.spans and all(not days[x].spans for x in between)))
        if joined:
            changes[-1] = Change(last.first, date, d.spans, d.comments)
        else:
            changes.append(Change(date, date, d.spans, d.comments))
    return tuple(week), tuple(changes)


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
