"""Stage 3: typed objects built from validated documents.

Functions here assume :func:`generator.validate.validate` found no problems.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field

from .config import SiteConfig, read_config
from .loader import DISTRICT_FOLDER, RawProject, TextFile
from .phones import tel_uri


@dataclass(frozen=True)
class Text:
    """A translatable text: language code -> text. The source language is always present."""

    values: dict[str, str]

    def get(self, lang: str, fallback: str = "de") -> tuple[str, str]:
        """(text, language of that text): the reader's language, else the source language."""
        if lang in self.values:
            return self.values[lang], lang
        return self.values[fallback], fallback

    def has(self, lang: str) -> bool:
        return lang in self.values


@dataclass(frozen=True)
class Source:
    title: str
    url: str | None
    date: dt.date | None
    fields: tuple[str, ...]


@dataclass(frozen=True)
class Address:
    street: str
    postal_code: str
    city: str

    def one_line(self) -> str:
        return f"{self.street}, {self.postal_code} {self.city}"


@dataclass(frozen=True)
class Coordinates:
    lat: float
    lon: float


@dataclass(frozen=True)
class Phone:
    display: str
    uri: str


@dataclass(frozen=True)
class Offer:
    id: str
    folder: str  # municipality slug, or the district folder
    name: Text
    categories: tuple[str, ...]
    sources: tuple[Source, ...]
    verified: dt.date
    serves_all: bool
    serves: frozenset[str]
    description: Text | None = None
    provider: str | None = None
    address: Address | None = None
    coordinates: Coordinates | None = None
    phones: tuple[Phone, ...] = ()
    email: str | None = None
    website: str | None = None
    opening_hours: str | None = None
    languages: tuple[str, ...] = ()
    cost: str | None = None
    appointment: str | None = None
    audience: Text | None = None
    accessibility: Text | None = None
    unconfirmed: frozenset[str] = frozenset()
    unreviewed: frozenset[str] = frozenset()  # languages whose translations no person has checked

    @property
    def district_wide(self) -> bool:
        return self.folder == DISTRICT_FOLDER

    @property
    def path(self) -> str:
        """The offer's data file, relative to the project."""
        return f"municipalities/{self.folder}/offers/{self.id}.yml"

    def serves_municipality(self, slug: str) -> bool:
        return self.serves_all or slug in self.serves


@dataclass(frozen=True)
class Municipality:
    slug: str
    name: str
    type: str
    ags: str
    postal_codes: tuple[str, ...]
    coordinates: Coordinates
    sources: tuple[Source, ...]
    population: int | None = None
    population_year: int | None = None
    website: str | None = None
    districts: tuple[str, ...] = ()
    town_hall: str | None = None
    integration_management: str | None = None  # offer id, only where a source confirms it


@dataclass(frozen=True)
class District:
    name: str
    website: str | None
    integration_management: tuple[str, ...]
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class Category:
    id: str
    icon: str
    color: str
    name: Text
    description: Text | None


@dataclass(frozen=True)
class TextPage:
    """A hand-written page or snippet in every language it exists in."""

    id: str
    titles: dict[str, str]
    bodies: dict[str, str]
    reviewed: dict[str, bool]

    def languages(self) -> tuple[str, ...]:
        return tuple(self.bodies)


@dataclass(frozen=True)
class Redirect:
    """An offer id that no longer exists: renamed (``new``) or removed (``removed``)."""

    old: str
    new: str | None
    removed: dt.date | None
    note: Text | None


@dataclass(frozen=True)
class Directory:
    config: SiteConfig
    district: District
    municipalities: tuple[Municipality, ...]  # sorted by name
    offers: dict[str, Offer]
    categories: tuple[Category, ...]  # in file order
    pages: tuple[TextPage, ...]
    snippets: dict[str, TextPage]
    redirects: tuple[Redirect, ...] = ()
    today: dt.date = field(default_factory=dt.date.today)

    def municipality(self, slug: str) -> Municipality:
        return next(m for m in self.municipalities if m.slug == slug)

    def category(self, cid: str) -> Category:
        return next(c for c in self.categories if c.id == cid)

    def offers_for(self, slug: str, category: str | None = None) -> list[Offer]:
        """The offers that serve ``slug``: its own first, then district-wide ones, by German name."""
        found = [
            o
            for o in self.offers.values()
            if o.serves_municipality(slug) and (category is None or category in o.categories)
        ]
        return sorted(found, key=lambda o: (o.district_wide, o.folder != slug, sort_key(o.name.values["de"])))


def sort_key(name: str) -> tuple[str, str]:
    """German index order (DIN 5007-1): Ö with O, Ä with A, ß as ss (not after Z, as plain code
    points would); then by the exact name."""
    plain = "".join(ch for ch in unicodedata.normalize("NFD", name) if not unicodedata.combining(ch))
    return plain.casefold(), name


def _text(value) -> Text | None:
    return Text({k: str(v).strip() for k, v in value.items()}) if isinstance(value, dict) else None


def _sources(items) -> tuple[Source, ...]:
    return tuple(
        Source(str(s["title"]), s.get("url"), s.get("date"), tuple(s.get("fields") or ())) for s in items or ()
    )


def _coords(value) -> Coordinates | None:
    return Coordinates(float(value["lat"]), float(value["lon"])) if value else None


def _offer(folder: str, offer_id: str, d: dict) -> Offer:
    serves = d.get("serves")
    serves_all = serves == DISTRICT_FOLDER or (serves is None and folder == DISTRICT_FOLDER)
    address = d.get("address")
    return Offer(
        id=offer_id,
        folder=folder,
        name=_text(d["name"]),
        categories=tuple(d["categories"]),
        sources=_sources(d["source"]),
        verified=d["verified"],
        serves_all=serves_all,
        serves=frozenset(serves if isinstance(serves, list) else ([] if serves_all else [folder])),
        description=_text(d.get("description")),
        provider=d.get("provider"),
        address=Address(str(address["street"]), str(address["postal_code"]), str(address["city"])) if address else None,
        coordinates=_coords(d.get("coordinates")),
        phones=tuple(Phone(p.strip(), tel_uri(p)) for p in d.get("phone") or ()),
        email=d.get("email"),
        website=d.get("website"),
        opening_hours=d.get("opening_hours"),
        languages=tuple(d.get("languages") or ()),
        cost=d.get("cost"),
        appointment=d.get("appointment"),
        audience=_text(d.get("audience")),
        accessibility=_text(d.get("accessibility")),
        unconfirmed=frozenset(d.get("unconfirmed") or ()),
        unreviewed=frozenset(d.get("unreviewed") or ()),
    )


def _municipality(slug: str, d: dict) -> Municipality:
    population = d.get("population") or {}
    im = d.get("integration_management") or {}
    return Municipality(
        slug=slug,
        name=d["name"],
        type=d["type"],
        ags=d["ags"],
        postal_codes=tuple(d["postal_codes"]),
        coordinates=_coords(d["coordinates"]),
        sources=_sources(d["source"]),
        population=population.get("count"),
        population_year=population.get("year"),
        website=d.get("website"),
        districts=tuple(d.get("districts") or ()),
        town_hall=d.get("town_hall"),
        integration_management=im.get("offer"),
    )


def _text_pages(files: list[TextFile]) -> dict[str, TextPage]:
    pages: dict[str, TextPage] = {}
    for tf in sorted(files, key=lambda f: (f.id, f.lang != "de", f.lang)):
        page = pages.setdefault(tf.id, TextPage(tf.id, {}, {}, {}))
        meta = tf.meta.data or {}
        page.titles[tf.lang] = str(meta.get("title", tf.id))
        if tf.body.strip():  # a file with a title only: the body is not translated yet
            page.bodies[tf.lang] = tf.body
            page.reviewed[tf.lang] = bool(meta.get("reviewed", True))
    return pages


def build_directory(raw: RawProject, today: dt.date | None = None) -> Directory:
    config, _ = read_config(raw.config)
    d = raw.district.data
    district = District(d["name"], d.get("website"), tuple(d["integration_management"]), _sources(d["source"]))
    municipalities = tuple(
        sorted((_municipality(slug, doc.data) for slug, doc in raw.municipalities.items()), key=lambda m: sort_key(m.name))
    )
    offers = {offer_id: _offer(folder, offer_id, doc.data) for folder, offer_id, doc in raw.offers}
    categories = tuple(
        Category(c["id"], c["icon"], c["color"], _text(c["name"]), _text(c.get("description")))
        for c in raw.categories.data
    )
    pages = _text_pages(raw.pages)
    order = ("about", "help")
    return Directory(
        config=config,
        district=district,
        municipalities=municipalities,
        offers=offers,
        categories=categories,
        pages=tuple(sorted(pages.values(), key=lambda p: (order.index(p.id) if p.id in order else len(order), p.id))),
        snippets=_text_pages(raw.snippets),
        redirects=tuple(
            Redirect(r["old"], r.get("new"), r.get("removed"), _text(r.get("note")))
            for r in (raw.redirects.data or [] if raw.redirects else [])
        ),
        today=today or dt.date.today(),
    )
