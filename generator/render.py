"""Stage 5: render the directory into pages, one set per language.

Pure functions: a :class:`~generator.model.Directory` and a language in, a mapping of
relative paths to file contents out. Every language gets the same set of paths, so that a
reader who switches language stays on the same page.

Generated pages are Markdown files whose body is one HTML block: data text in it is already
escaped by :mod:`generator.markup`, so no Markdown processor can read anything into it.
Internal links are computed here, relative to each page, and checked: a link to a page
that is not generated raises :class:`~generator.errors.WegweiserError`.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import posixpath
import re
from contextlib import nullcontext
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterator
from urllib.parse import quote, urlsplit

import jinja2
from markupsafe import Markup

from . import depends, feedback, maps, markup, qr, schema, spoken
from . import opendata
from .errors import WegweiserError
from .localize import Localizer, direction, endonym, translations
from .model import Category, Coordinates, Directory, Offer, Text, sort_key
from .opening_hours import Change, closes_on_public_holidays, public_holidays, schedule

TEMPLATES = Path(__file__).parent / "templates"



def N_(message: str) -> str:
    """Mark a string for ``pybabel extract``; it is translated where it is shown."""
    return message


CHOICES = {
    "appointment": {
        "required": N_("Only with an appointment"),
        "recommended": N_("Appointment recommended"),
        "not_needed": N_("No appointment needed"),
    },
    "cost": {
        "free": N_("Free of charge"),
        "fee": N_("There is a fee"),
        "reduced": N_("Reduced fees possible"),
        "varies": N_("Depends on the offer"),
    },
}
OLD_AFTER_DAYS = 365
TOPIC_PREVIEW = 5  # offers per topic on a town's page; the topic's page lists them all


@dataclass(frozen=True)
class MapSpec:
    """A page's map: its markers, where it is centred, how far zoomed, whether markers may cluster,
    and the map's accessible name."""

    places: list[maps.Place]
    center: Coordinates
    zoom: int
    cluster: bool
    label: str


@dataclass(frozen=True)
class PageSpec:
    """A page of the site, the same in every language."""

    url: str  # site-relative directory URL, "" for home, e.g. "angebote/jobcenter-enzkreis/"
    source: str  # the generated Markdown file inside the language's docs folder (:func:`source_of`)
    template: str
    context: dict = field(default_factory=dict, hash=False, compare=False)


def offer_url(offer_id: str) -> str:
    return f"angebote/{offer_id}/"


def municipality_url(slug: str) -> str:
    return f"gemeinden/{slug}/"


def category_url(slug: str, category: str) -> str:
    return f"gemeinden/{slug}/{category}/"


def topic_url(category: str) -> str:
    """A topic for the whole district: its municipalities' topic pages and its district-wide offers."""
    return f"themen/{category}/"


def info_url(page_id: str) -> str:
    return f"info/{page_id}/"


def handout_url(slug: str) -> str:
    return f"gemeinden/{slug}/merkblatt/"


PLAN_URL = "plan/"
GLOSSARY_URL = "info/woerter/"  # "Wichtige Wörter": the glossary of key terms (content/glossary.yml)
OPEN_DATA_URL = "offene-daten/"  # the page listing the files in /daten/ (generator/opendata)


def source_of(url: str) -> str:
    """The generated Markdown file of the page at ``url``: always ``<url>index.md``.

    Every page is the index of its own folder, so a relative link means the same from the source
    file as from the built page, whichever builder resolves it (MkDocs against the page's address,
    Zensical against the file).
    """
    return url + "index.md"


def map_source(url: str) -> str:
    """Where the page at ``url`` finds the code of its map, next to itself: ``<url>karte.js``."""
    return url + maps.MAP_FILE


def has_map(spec: PageSpec) -> bool:
    """Whether the page has a map: home, every town, each offer with coordinates."""
    if spec.template == "offer.html.j2":
        return spec.context["offer"].coordinates is not None
    return spec.template in ("home.html.j2", "municipality.html.j2")


def plan_entry_source(offer_id: str) -> str:
    """Where the plan page finds one offer's entry, next to itself: ``plan/<id>.json``."""
    return f"{PLAN_URL}{offer_id}.json"


def page_specs(directory: Directory) -> list[PageSpec]:
    """Every page of the site."""
    specs = [PageSpec("", source_of(""), "home.html.j2")]
    for m in directory.municipalities:
        url = municipality_url(m.slug)
        specs.append(PageSpec(url, source_of(url), "municipality.html.j2", {"municipality": m}))
        for c in directory.categories:
            url = category_url(m.slug, c.id)
            context = {"municipality": m, "category": c}
            specs.append(PageSpec(url, source_of(url), "category.html.j2", context))
        url = handout_url(m.slug)
        specs.append(PageSpec(url, source_of(url), "handout.html.j2", {"municipality": m}))
    for c in directory.categories:
        specs.append(PageSpec(topic_url(c.id), source_of(topic_url(c.id)), "topic.html.j2", {"category": c}))
    for offer in directory.offers.values():
        url = offer_url(offer.id)
        specs.append(PageSpec(url, source_of(url), "offer.html.j2", {"offer": offer}))
    for redirect in directory.redirects:
        url = offer_url(redirect.old)
        specs.append(PageSpec(url, source_of(url), "moved.html.j2", {"redirect": redirect}))
    for page in directory.pages:
        url = info_url(page.id)
        specs.append(PageSpec(url, source_of(url), "info.md.j2", {"page": page}))
    if directory.glossary:  # "Wichtige Wörter", linked from the help page
        specs.append(PageSpec(GLOSSARY_URL, source_of(GLOSSARY_URL), "glossary.html.j2"))
    specs.append(PageSpec(PLAN_URL, source_of(PLAN_URL), "plan.html.j2"))
    specs.append(PageSpec(OPEN_DATA_URL, source_of(OPEN_DATA_URL), "open-data.html.j2"))
    seen: dict[str, PageSpec] = {}
    for spec in specs:
        if spec.url in seen:  # e.g. a category called "merkblatt"
            raise WegweiserError(message=f"zwei Seiten hätten dieselbe Adresse /{spec.url}: {seen[spec.url].source} und {spec.source}")
        seen[spec.url] = spec
    return specs


def relative(from_url: str, to_url: str) -> str:
    """A relative link between two directory URLs of the same language."""
    rel = posixpath.relpath("/" + to_url, "/" + from_url)
    if rel == ".":
        return "./"
    return rel + "/" if to_url.endswith("/") or not to_url else rel


@lru_cache(maxsize=None)
def _environment(lang: str) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        finalize=markup.inert,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.filters["plain"] = markup.to_plain
    env.filters["yaml_str"] = lambda text: Markup(json.dumps(html.escape(str(text), quote=False), ensure_ascii=False))
    env.filters["display_url"] = lambda url: re.sub(r"^https?://(www\.)?|/$", "", url)
    env.install_gettext_translations(translations(lang), newstyle=True)
    return env


class Renderer:
    """Renders every page of one language."""

    def __init__(self, directory: Directory, lang: str, codes: qr.Codes | None = None,
                 recorder: depends.Recorder | None = None):
        # with a recorder, every page reads the model through a view that notes what it reads
        self.directory = depends.Recording(directory, recorder) if recorder else directory
        self.recorder = recorder
        self.lang = lang
        self.codes = codes if codes is not None else qr.Codes()  # this language's QR codes, each made once
        self.l10n = Localizer(lang)
        self.specs = page_specs(directory)
        self.spec_by_source = {spec.source: spec for spec in self.specs}
        self.spec_by_map_source = {map_source(spec.url): spec for spec in self.specs if has_map(spec)}
        self.urls = {spec.url for spec in self.specs}
        self.holidays = public_holidays(directory.today.year)

    # -- helpers exposed to templates -------------------------------------------------------

    def link(self, current: str, target: str) -> str:
        if target not in self.urls:
            raise WegweiserError(message=f"interner Link auf eine Seite, die es nicht gibt: /{self.lang}/{target} (von /{self.lang}/{current})")
        return relative(current, target)

    def page_text(self, page, lang: str) -> Markup:
        """A hand-written page's Markdown in ``lang``; links to sibling pages from its own folder."""
        return Markup(markup.links_from_page_folder(page.bodies[lang]))

    def local(self, value: Text | None) -> Markup:
        """A translated text as inline HTML, marked German where it falls back."""
        local = self.l10n.text(value)
        if local is None:
            return Markup("")
        return self.isolate(markup.to_plain(local.text), local.lang, fallback=local.fallback)

    def block(self, value: Text | None) -> Markup:
        """A translated text (safe Markdown subset) as block HTML, with the fallback note."""
        local = self.l10n.text(value)
        if local is None:
            return Markup("")
        body = markup.to_html(local.text)
        if not local.fallback:
            return body
        note = self.untranslated_note()
        return Markup(f'{note}<div lang="{local.lang}" dir="{local.dir}">{body}</div>')

    def untranslated_note(self) -> Markup:
        text = self.l10n.gettext("Not yet translated: shown in German.")
        return Markup(f'<p class="ww-untranslated">{markup.inert(text)}</p>')

    def isolate(self, text: str, lang: str = "de", *, fallback: bool = False) -> Markup:
        """``text`` in another language than the page: its own ``lang``, ``dir`` and bidi isolation."""
        if lang == self.lang and not fallback:
            return markup.isolate_latin(text) if self.l10n.dir == "rtl" else markup.inert(text)
        note = ""
        if fallback:
            label = self.l10n.gettext("not yet translated")
            note = f' <small class="ww-untranslated">({markup.inert(label)})</small>'
        return Markup(f'<span lang="{lang}" dir="{direction(lang)}">{markup.inert(text)}</span>{note}')

    def german(self, text: str) -> Markup:
        """A German proper name or address: isolated unless the page is German."""
        if self.lang == "de":
            return markup.inert(text)
        return Markup(f'<span lang="de" dir="ltr" translate="no">{markup.inert(text)}</span>')

    def ltr(self, text: str, href: str | None = None) -> Markup:
        """Phone numbers, e-mail addresses, URLs, postal codes: always left to right, isolated."""
        if href is None:
            return Markup(f'<span dir="ltr">{markup.inert(text)}</span>')
        return Markup(f'<a href="{markup.attr(href)}" dir="ltr">{markup.inert(text)}</a>')

    def facts(self, offer: Offer, where: str) -> list[tuple[str, str, Markup]]:
        """(field, caption, value) of the offer's fields that the schema shows ``where``:
        on the offer page ("offer"), in a plan ("plan") or on a handout ("handout")."""
        found = []
        for name, f in schema.OFFER_FIELDS.items():
            value = getattr(offer, f.attr or name)
            if where in f.show and value:
                shown = self.local(value) if f.translatable else self.german(str(value))
                found.append((name, self.l10n.gettext(f.caption), shown))
        return found

    def choice(self, kind: str, value: str) -> str:
        return self.l10n.gettext(CHOICES[kind][value])

    def is_old(self, offer: Offer) -> bool:
        return (self.directory.today - offer.verified).days > OLD_AFTER_DAYS

    def snippet(self, snippet_id: str) -> Markup:
        """A hand-written snippet in the reader's language, else German with the note."""
        page = self.directory.snippets[snippet_id]
        if self.lang in page.bodies:
            body = markup.to_html(page.bodies[self.lang])
            if not page.reviewed[self.lang]:
                label = self.l10n.gettext("This translation has not yet been checked by a person.")
                body = Markup(f'<p class="ww-unreviewed">{markup.inert(label)}</p>') + body
            return body
        body = markup.to_html(page.bodies["de"])
        return Markup(f'{self.untranslated_note()}<div lang="de" dir="ltr">{body}</div>')

    def schedule(self, offer: Offer):
        """The offer's regular week (the table and "open now" both use it)."""
        return self._hours(offer)[0]

    def changes(self, offer: Offer) -> tuple[Change, ...]:
        """Temporary closures and changed hours in the coming weeks."""
        return self._hours(offer)[1]

    def _hours(self, offer: Offer):
        if not offer.opening_hours:
            return (), ()
        return schedule(offer.opening_hours, self.directory.today, self.holidays)

    def change_text(self, change: Change) -> str:
        """"Closed: 24 December 2026 – 5 January 2027" or "31 December 2026: 08:00–10:00"."""
        dates = self.l10n.date(change.first)
        if change.last != change.first:
            dates = f"{dates} – {self.l10n.date(change.last)}"
        if change.closed:
            return self.l10n.gettext("Closed: %(dates)s") % {"dates": dates}
        return f"{dates}: " + ", ".join(self.span_text(span) for span in change.spans)

    def span_text(self, span) -> str:
        return f"{self.l10n.time(span.start)}–{self.l10n.time(span.end)}"

    def hours_lines(self, offer: Offer) -> list[tuple[str, str, tuple[str, ...]]]:
        """The week in short: ("Mo–Fr", "08:00–12:00", comments), consecutive equal days joined."""
        lines: list[tuple[int, int, tuple, tuple]] = []
        for day in self.schedule(offer):
            if not day.spans and not day.comments:
                continue
            last = lines[-1] if lines else None
            if last and last[1] == day.weekday - 1 and (last[2], last[3]) == (day.spans, day.comments):
                lines[-1] = (last[0], day.weekday, day.spans, day.comments)
            else:
                lines.append((day.weekday, day.weekday, day.spans, day.comments))
        short = self.l10n.weekday_short
        return [
            (short(a) if a == b else f"{short(a)}–{short(b)}", ", ".join(self.span_text(x) for x in spans), comments)
            for a, b, spans, comments in lines
        ]

    def hours_data(self, offer: Offer) -> Markup:
        """What the browser needs to say "open now" at view time (a static build cannot know the time)."""
        schedule = self.schedule(offer)
        if not schedule and offer.appointment != "required":
            return Markup("")

        def minutes(t) -> int:
            return 24 * 60 if t is None else t.hour * 60 + t.minute

        gettext = self.l10n.gettext
        def spans(day) -> list:
            return [[minutes(s.start), minutes(s.end), self.l10n.time(s.start), self.l10n.time(s.end)] for s in day]

        exceptions = {}
        for change in self.changes(offer):
            day = change.first
            while day <= change.last:
                exceptions[day.isoformat()] = spans(change.spans)
                day += dt.timedelta(days=1)
        data = {
            "days": [spans(d.spans) for d in schedule],
            "exceptions": exceptions,
            "phClosed": bool(offer.opening_hours) and closes_on_public_holidays(offer.opening_hours),
            "holidays": [d.isoformat() for d in self.holidays],
            "appointment": offer.appointment == "required",
            "weekdays": [self.l10n.weekday(i) for i in range(7)],
            "text": {
                "open": gettext("Open now · closes at %(time)s"),
                "closed": gettext("Closed · opens %(day)s at %(time)s"),
                "closedToday": gettext("Closed · opens today at %(time)s"),
                "closedUntil": gettext("Closed · opens on %(date)s at %(time)s"),
                "holiday": gettext("Closed today: public holiday"),
                "holidayMaybe": gettext("Public holiday today: the hours may differ"),
                "appointment": gettext("Only with an appointment"),
            },
        }
        return Markup('<p class="ww-open-now" role="status" hidden></p>') + json_script(data, "ww-hours-data")

    def directions_url(self, offer: Offer) -> str | None:
        if offer.coordinates:
            c = offer.coordinates
            return f"https://www.openstreetmap.org/directions?to={c.lat}%2C{c.lon}#map=17/{c.lat}/{c.lon}"
        if offer.address:
            return "https://www.openstreetmap.org/search?query=" + quote(offer.address.one_line())
        return None

    # -- sharing and plans -----------------------------------------------------------------

    def absolute(self, url: str, lang: str | None = None) -> str:
        """The page's full address in ``lang`` (this language by default); "" when site_url is unknown."""
        root = self.directory.config.site_url
        return f"{root}{lang or self.lang}/{url}" if root else ""

    def in_language(self, current: str, lang: str, target: str | None = None) -> str:
        """A relative link from ``current`` to ``target`` (default: the same page) in another language."""
        target = current if target is None else target
        depth = current.count("/")
        return "../" * (depth + 1) + f"{lang}/{target}"

    def languages(self) -> list[tuple[str, str, str]]:
        """(code, name in its own script, direction) of every language of the site."""
        config = self.directory.config
        return [(lang, config.language_label(lang), direction(lang)) for lang in config.languages]

    def qr(self, url: str) -> Markup:
        """The QR code of this language's page ``url``, or nothing while the site's address is unknown."""
        address = self.absolute(url)
        if not address:
            return Markup("")
        return self.codes.get(address).svg(self.qr_label(address))

    def qr_label(self, address: str) -> str:
        return self.l10n.gettext("QR code of the address %(url)s") % {"url": address}

    def plan_entry(self, offer: Offer) -> str:
        """One offer as the plan page shows and prints it (JSON; the page builds it with textContent)."""
        name = self.l10n.text(offer.name)
        address = self.absolute(offer_url(offer.id))
        code = self.codes.get(address) if address else None
        unconfirmed = self.l10n.gettext("not confirmed")
        entry = {
            "id": offer.id,
            "link": "../" + offer_url(offer.id),
            "address": address,
            "name": name.text,
            "nameLang": name.lang,
            "nameDir": name.dir,
            "german": offer.name.values["de"],
            "place": offer.address.one_line() if offer.address else "",
            "placeNote": unconfirmed if "address" in offer.unconfirmed else "",
            "phones": [[phone.display, phone.uri] for phone in offer.phones],
            "phoneNote": unconfirmed if "phone" in offer.unconfirmed else "",
            "hours": [[days, spans, " ".join(comments)] for days, spans, comments in self.hours_lines(offer)],
            "hoursNote": unconfirmed if "opening_hours" in offer.unconfirmed else "",
            "changes": [[self.change_text(c), " ".join(c.comments)] for c in self.changes(offer)],
            "appointment": self.choice("appointment", offer.appointment) if offer.appointment == "required" else "",
            "facts": [self._plan_fact(offer, name) for name, _, _ in self.facts(offer, "plan")],
            # the plan decides on the device whether this is more than a year ago (plans are printed any day)
            "verified": offer.verified.isoformat(),
            "checked": self.l10n.gettext("Last checked: %(date)s") % {"date": self.l10n.month_year(offer.verified)},
            "qr": {"size": code.size, "path": code.path, "label": self.qr_label(address)} if code else None,
        }
        return json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + "\n"

    def _plan_fact(self, offer: Offer, name: str) -> list[str]:
        """[caption, text, its language, its direction, note] of one fact for the plan's script."""
        f = schema.OFFER_FIELDS[name]
        value = getattr(offer, f.attr or name)
        local = self.l10n.text(value) if f.translatable else None
        text, lang = (markup.to_plain(local.text), local.lang) if local else (str(value), "de")
        note = self.l10n.gettext("not confirmed") if name in offer.unconfirmed else ""
        return [self.l10n.gettext(f.caption), text, lang, direction(lang), note]

    def plan_text(self) -> Markup:
        """The plan page's words for its script, as JSON that no HTML parser reads into."""
        gettext = self.l10n.gettext
        text = {
            "call": gettext("Call"),
            "remove": gettext("Remove from my plan"),
            "missing": gettext("This offer is no longer in the directory: %(id)s"),
            "count": gettext("Offers in this plan: %(count)s"),
            "qr": gettext("QR code of the address %(url)s"),
            "printed": gettext("Printed on %(date)s"),
            "dateFormat": self.l10n.long_date_format(),
        }
        return json_script(text, "ww-plan-text")

    # -- in my language (generator/spoken.py) -----------------------------------------------

    def usable_in(self, offer: Offer) -> str:
        """The card's ``data-langs``: the languages the offer can be used in, "" when unknown."""
        return " ".join(spoken.usable_in(offer))

    def filter_languages(self) -> list[tuple[str, str, str]]:
        """(code, name in its own script, direction) a list can be filtered by; the page's language first."""
        codes = depends.value(self.directory, filter_codes)
        codes = (self.lang, *(c for c in codes if c != self.lang))
        return [(c, self.directory.config.language_label(c) if c in self.directory.config.languages else endonym(c), direction(c))
                for c in codes]

    def language_note(self, offer: Offer) -> str:
        """Whether the reader's language is spoken at the offer, in the reader's language."""
        gettext, name = self.l10n.gettext, self.l10n.language_name(self.lang)
        state = spoken.status(offer, self.lang)
        if state == spoken.SPOKEN:
            return gettext("%(language)s: spoken here") % {"language": name}
        if state == spoken.INTERPRETER:
            return gettext("%(language)s: an interpreter can be arranged") % {"language": name}
        if state == spoken.NOT_SPOKEN:
            return gettext("%(language)s: not spoken here, as far as we know") % {"language": name}
        return gettext("We do not know which languages are spoken here.")

    # -- report a mistake (generator/feedback.py) ------------------------------------------

    def report_mailto(self, current: str, title: str, offer: Offer | None = None) -> str:
        """The prepared e-mail to the editors for this page, "" when no address is configured."""
        address = self.directory.config.report_email
        if not address:
            return ""
        page = self.absolute(current) or f"/{self.lang}/{current}"
        offer_id = offer.id if offer else None
        body = feedback.body(page, self.lang, self.directory.today, offer_id, offer.name.values["de"] if offer else None)
        return feedback.mailto(address, feedback.subject(title, offer_id), body)

    def issue_form(self) -> str:
        return self.directory.config.issue_form_url

    # -- maps -------------------------------------------------------------------------------

    def _offer_place(self, current: str, offer: Offer) -> maps.Place:
        local = self.l10n.text(offer.name)
        category = self.directory.category(offer.categories[0])
        detail = self.l10n.text(category.name).text
        if "coordinates" in offer.unconfirmed:  # e.g. geocoded to the street, not the house
            detail += " · " + self.l10n.gettext("approximate location")
        return maps.Place(
            offer.coordinates.lat, offer.coordinates.lon, local.text, self.link(current, offer_url(offer.id)),
            category.color, detail, local.lang, local.dir,
        )

    def town_centre_label(self, slug: str) -> str:
        return self.l10n.gettext("%(place)s town centre") % {"place": self.directory.municipality(slug).name}

    def municipality_map(self, current: str, slug: str) -> Markup:
        return self._canvas(self._municipality_map(current, slug))

    def offer_map(self, current: str, offer: Offer) -> Markup:
        return self._canvas(self._offer_map(current, offer))

    def district_map(self, current: str) -> Markup:
        return self._canvas(self._district_map(current))

    def _canvas(self, spec: MapSpec | None) -> Markup:
        return maps.canvas_html(spec.places, cluster=spec.cluster, label=spec.label) if spec else Markup("")

    def _municipality_map(self, current: str, slug: str) -> MapSpec:
        """The town centre (from municipality.yml, sourced there) and every offer serving the town that has coordinates."""
        town = self.directory.municipality(slug)
        centre = maps.Place(town.coordinates.lat, town.coordinates.lon, self.town_centre_label(slug), "", "",
                            lang=self.l10n.lang, dir=direction(self.l10n.lang), kind="town")
        places = [centre] + [self._offer_place(current, o) for o in self.directory.offers_for(slug) if o.coordinates]
        return MapSpec(places, town.coordinates, 12, True, self.l10n.gettext("Map of the offers"))

    def _offer_map(self, current: str, offer: Offer) -> MapSpec | None:
        if not offer.coordinates:
            return None
        return MapSpec([self._offer_place(current, offer)], offer.coordinates, 16, False, self.l10n.gettext("Map"))

    def _district_map(self, current: str) -> MapSpec:
        towns = self.directory.municipalities
        places = [
            maps.Place(m.coordinates.lat, m.coordinates.lon, m.name, self.link(current, municipality_url(m.slug)), "#1a3c8f")
            for m in towns
        ]
        center = Coordinates(sum(p.lat for p in places) / len(places), sum(p.lon for p in places) / len(places))
        return MapSpec(places, center, 10, False, self.l10n.gettext("Map of the district"))

    def _map_of(self, spec: PageSpec) -> MapSpec | None:
        """The map on ``spec``'s page, if it has one."""
        if spec.template == "home.html.j2":
            return self._district_map(spec.url)
        if spec.template == "municipality.html.j2":
            return self._municipality_map(spec.url, spec.context["municipality"].slug)
        if spec.template == "offer.html.j2":
            return self._offer_map(spec.url, spec.context["offer"])
        return None

    def map_file(self, spec: PageSpec) -> str:
        """The code of the map on ``spec``'s page (:func:`maps.map_script`), for its file next to the page."""
        m = self._map_of(spec)
        return maps.map_script(m.places, m.center, m.zoom, cluster=m.cluster, max_zoom=self.directory.config.map.max_zoom)

    def map_consent(self) -> Markup:
        return maps.consent_attributes(self.directory.config.map)

    def tile_host(self) -> str:
        return urlsplit(self.directory.config.map.tiles.replace("{s}", "a")).hostname or ""

    def distance(self, slug: str, offer: Offer) -> str | None:
        """"12 km, Pforzheim" for a district-wide offer elsewhere, from the municipality's centre."""
        if not (offer.district_wide and offer.coordinates and offer.address):
            return None
        if offer.address.city == self.directory.municipality(slug).name:
            return None
        km = maps.distance_km(self.directory.municipality(slug).coordinates, offer.coordinates)
        return self.l10n.gettext("%(km)s km") % {"km": self.l10n.number(round(km))}

    def directions_geo(self, offer: Offer) -> str | None:
        """A geo: URI for phones' map apps (used where the phone supports it)."""
        if not offer.coordinates:
            return None
        c = offer.coordinates
        return f"geo:{c.lat},{c.lon}?q={c.lat},{c.lon}"

    def counts(self, slug: str) -> dict[str, int]:
        return {c.id: len(self.directory.offers_for(slug, c.id)) for c in self.directory.categories}

    def topic_sections(self, slug: str) -> list[tuple[Category, list[Offer], int]]:
        """(topic, the first offers, how many there are) of every topic with offers for ``slug``.

        The town page shows at most :data:`TOPIC_PREVIEW` offers per topic and links the topic's
        own page for the rest: its size stays bounded however many offers a town and its
        district have (the topic pages and the handout list them all).
        """
        sections = []
        for c in self.directory.categories:
            offers = self.directory.offers_for(slug, c.id)
            if offers:
                sections.append((c, offers[:TOPIC_PREVIEW], len(offers)))
        return sections

    def im_offers(self, slug: str | None) -> list[Offer]:
        """Who to contact for integration management: confirmed per municipality, else the district's list."""
        d = self.directory
        if slug:
            own = d.municipality(slug).integration_management
            if own:
                return [d.offers[own]]
        return [d.offers[i] for i in d.district.integration_management]

    def handout_groups(self, slug: str) -> list[tuple[str, list[Offer]]]:
        """The handout's sections: town hall and integration management, then every topic.

        Each offer appears once, under its first topic; the national helplines are listed
        apart, by phone only (see :meth:`emergency_offers`).
        """
        d = self.directory
        gettext = self.l10n.gettext
        groups: list[tuple[str, list[Offer]]] = []
        shown = {o.id for o in self.emergency_offers()}
        town_hall = d.municipality(slug).town_hall
        if town_hall:
            groups.append((gettext("Town hall"), [d.offers[town_hall]]))
            shown.add(town_hall)
        im = [o for o in self.im_offers(slug) if o.id not in shown]
        if im:
            groups.append((gettext("Integration management"), im))
            shown.update(o.id for o in im)
        for c in d.categories:
            offers = [o for o in d.offers_for(slug, c.id) if o.id not in shown]
            if offers:
                groups.append((self.local(c.name), offers))
                shown.update(o.id for o in offers)
        return groups

    def handout_has_old(self, slug: str) -> bool:
        """Whether the handout shows an offer last checked more than a year ago (then it explains the dates)."""
        shown = [o for _, offers in self.handout_groups(slug) for o in offers] + self.emergency_offers()
        return any(self.is_old(o) for o in shown)

    def emergency_offers(self) -> list[Offer]:
        return [o for o in self.directory.serving_everyone() if "emergency" in o.categories]

    # -- open data (generator/opendata) ----------------------------------------------------

    def page_address(self, current: str, target: str) -> str:
        """``target``'s full address when the site's address is known, else a link relative to ``current``."""
        return self.absolute(target) or self.link(current, target)

    def ld_offer(self, current: str, offer: Offer) -> Markup:
        """The offer as schema.org JSON-LD (a data block: nothing runs)."""
        data = opendata.jsonld.offer(self.directory, offer, self.lang, self.page_address(current, offer_url(offer.id)),
                                     self.l10n.language_name)
        return Markup(opendata.jsonld.script(data))

    def ld_municipality(self, current: str, slug: str) -> Markup:
        m = self.directory.municipality(slug)
        # the town's own offers; those for the whole district would repeat on all 28 pages
        offers = [(o, self.page_address(current, offer_url(o.id))) for o in self.directory.offers_for(slug)
                  if not o.serves_all]
        data = opendata.jsonld.municipality(self.directory, m, self.lang, self.page_address(current, municipality_url(slug)), offers)
        return Markup(opendata.jsonld.script(data))

    def open_data_files(self, current: str) -> list[tuple[str, str, str, str]]:
        """(link, file name, format, size): every file, the German HSDS package file by file, the
        other languages' packages one row each (their datapackage.json, the whole package's size)."""
        up = "../" * (current.count("/") + 1)  # from /<lang>/<current> to the site's root
        return [(up + path, name, kind, self.size(size)) for path, name, kind, size in opendata.listing(self.directory)]

    def size(self, count: int) -> str:
        if count < 1024:
            return self.l10n.gettext("%(size)s bytes") % {"size": self.l10n.number(count)}
        return self.l10n.gettext("%(size)s KB") % {"size": self.l10n.number(round(count / 1024))}

    # -- rendering -------------------------------------------------------------------------

    def render(self, spec: PageSpec) -> str:
        env = _environment(self.lang)
        template = env.get_template(spec.template)
        if self.recorder is not None:
            with self.recorder.output(spec.source, spec.context):
                self.recorder.note(*depends.template_closure(env, spec.template))
                return self._render(template, spec)
        return self._render(template, spec)

    def _render(self, template: jinja2.Template, spec: PageSpec) -> str:
        return template.render(
            spec.context,
            spec=spec,
            r=self,
            d=self.directory,
            lang=self.lang,
            dir=self.l10n.dir,
            l10n=self.l10n,
        )

    def pages(self) -> dict[str, str]:
        """Relative source path -> content: every page of this language, and its stylesheet."""
        return dict(self.each())

    def each(self) -> Iterator[tuple[str, str]]:
        """(source path, content) of every file of :meth:`sources`, one at a time: a build writes
        each as it comes and holds no more than one page in memory."""
        for source in self.sources():
            yield source, self.output(source)

    def sources(self) -> list[str]:
        """Every file :meth:`pages` makes, in its order (pages, stylesheet, map code, plan entries)."""
        d = self.directory if self.recorder is None else self.directory._directory  # the list records nothing
        return ([spec.source for spec in self.specs] + [CATEGORY_CSS]
                + list(self.spec_by_map_source)
                + [plan_entry_source(offer_id) for offer_id in d.offers]
                + [plan_entry_source(r.old) for r in d.redirects if r.new in d.offers])

    def output(self, source: str) -> str:
        """One file of :meth:`sources`; with a recorder, what it reads is noted."""
        spec = self.spec_by_source.get(source)
        if spec is not None:
            return self.render(spec)
        spec = self.spec_by_map_source.get(source)
        if spec is not None:
            with self.recorder.output(source, spec.context) if self.recorder is not None else nullcontext():
                return self.map_file(spec)
        with self.recorder.output(source) if self.recorder is not None else nullcontext():
            if source == CATEGORY_CSS:
                return category_css(self.directory) + language_filter_css(self.filter_languages())
            offer_id = source.removeprefix(PLAN_URL).removesuffix(".json")  # an old plan link still finds the offer
            redirect = next((r for r in self.directory.redirects if r.old == offer_id), None)
            return self.plan_entry(self.directory.offers[redirect.new if redirect else offer_id])


@depends.derived
def filter_codes(directory: Directory) -> tuple[str, ...]:
    """The languages a list of offers can be filtered by (the same on every page: read once per language)."""
    return spoken.filter_languages(directory.config.languages, directory.offers.values())


def json_script(data: object, class_name: str) -> Markup:
    """Data for the page's script, as JSON that no HTML parser reads into (no "<" or "&" in it)."""
    payload = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace("&", "\\u0026")
    return Markup(f'<script type="application/json" class="{class_name}">{payload}</script>')


CATEGORY_CSS = "assets/stylesheets/categories.css"


def category_css(directory: Directory) -> str:
    """Category colours as classes: the Content-Security-Policy allows no inline style attributes."""
    return "".join(f".ww-cat-{c.id}{{--ww-color:{c.color}}}\n" for c in directory.categories)


def language_filter_css(languages) -> str:
    """"In my language" without a script: the link #sprache-ar targets an empty element before the
    lists; while it is the target, cards that record languages but not this one are hidden, and
    cards without language data show their note. One rule per language a reader can choose."""
    rules = [
        ".ww-mylang-on,.ww-nolang{display:none}",
        ".ww-mylang-t:target~.ww-mylang .ww-mylang-on{display:block}",
        ".ww-mylang-t:target~* .ww-langlist .ww-nolang{display:block}",
    ]
    rules += [f"#sprache-{code}:target~* .ww-langlist>[data-langs]:not([data-langs~={code}]){{display:none}}"
              for code, _, _ in languages]
    return "\n".join(rules) + "\n"


def menu(directory: Directory, lang: str) -> list[tuple[str, str]]:
    """The small sidebar navigation as (title, page URL): home and the hand-written pages (never offers)."""
    gettext = Localizer(lang).gettext
    items = [(gettext("Home"), ""), (gettext("My plan"), PLAN_URL)]
    for page in directory.pages:
        items.append((page.titles.get(lang) or page.titles["de"], info_url(page.id)))
        if page.id == "help" and directory.glossary:  # "Wichtige Wörter" right after the help page
            items.append((gettext("Important words"), GLOSSARY_URL))
    if directory.glossary and not any(page.id == "help" for page in directory.pages):
        items.append((gettext("Important words"), GLOSSARY_URL))
    return items


def alternates(directory: Directory) -> list[dict[str, str]]:
    return [
        {"name": directory.config.language_label(lang), "link": f"/{lang}/", "lang": lang, "dir": direction(lang)}
        for lang in directory.config.languages
    ]


def render_language(directory: Directory, lang: str, codes: qr.Codes | None = None) -> dict[str, str]:
    """Every page of ``lang``; ``codes``: QR codes known from an earlier build (and, after, those this one used)."""
    return Renderer(directory, lang, codes).pages()


def each_file(directory: Directory, lang: str, codes: qr.Codes | None = None) -> Iterator[tuple[str, str]]:
    """:func:`render_language` one file at a time, (source path, content), for the writer to write as they come."""
    return Renderer(directory, lang, codes).each()


def render_root_index(directory: Directory) -> dict[str, str]:
    """``site/index.html``: pick a language; goes to the browser's language when we have it."""
    env = _environment(directory.config.source_language)
    template = env.get_template("root-index.html.j2")
    langs = [(lang, directory.config.language_label(lang), direction(lang)) for lang in directory.config.languages]
    return {
        "index.html": template.render(languages=langs, site_name=directory.config.site_name),
        "language-redirect.js": env.get_template("language-redirect.js").render(),
    }
