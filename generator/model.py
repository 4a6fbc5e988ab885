"""Stage 3: typed objects built from validated documents.

Functions here assume :func:`generator.validate.validate` found no problems.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property

from dataclasses import make_dataclass

from . import schema
from .config import SiteConfig, read_config
from .loader import DISTRICT_FOLDER, RawProject, TextFile
from .values import Address, Coordinates, Phone, Source, Text  # noqa: F401  (the model's values)


class OfferBase:
    """What every offer has beyond its data fields (which come from the schema, see :data:`Offer`)."""

    id: str
    folder: str  # municipality slug, or the district folder
    serves_all: bool
    serves: frozenset[str]

    @property
    def district_wide(self) -> bool:
        return self.folder == DISTRICT_FOLDER

    @property
    def path(self) -> str:
        """The offer's data file, relative to the project."""
        return f"municipalities/{self.folder}/offers/{self.id}.yml"

    def serves_municipality(self, slug: str) -> bool:
        return self.serves_all or slug in self.serves

    @property
    def keeper(self) -> str | None:
        """Who keeps the offer current: its steward, else its provider."""
        return self.steward or self.provider  # type: ignore[attr-defined]


def _model_attr(name: str, f) -> str:
    return f.attr or name


# One attribute per field of the offer table, named by the descriptor (``phone`` -> ``phones``);
# adding a field to schema.OFFER_FIELDS adds it here. ``serves`` is interpreted (serves_all).
Offer = make_dataclass(
    "Offer",
    [("id", str), ("folder", str), ("serves_all", bool), ("serves", frozenset)]
    + [(_model_attr(name, f), object, field(default=f.empty())) for name, f in schema.OFFER_FIELDS.items() if name != "serves"],
    bases=(OfferBase,),
    frozen=True,
    namespace={"__doc__": "An offer: the fields of schema.OFFER_FIELDS as typed values, plus where it is and whom it serves."},
)


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
    keywords: Text | None = None  # comma-separated words readers search the topic with, per language


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
class GlossaryTerm:
    """A key term of content/glossary.yml: how every language of the site names it."""

    id: str
    german: str
    find: tuple[str, ...]  # German word forms that mark the term in a German text
    brackets: bool  # the German word stays in brackets beside the rendering
    term: Text
    forms: dict[str, tuple[str, ...]]  # other forms per language that count as the term
    explanation: Text | None

    def rendering(self, lang: str) -> str:
        """The term as a text in ``lang`` should show it, e.g. "Джобцентр (Jobcenter)"."""
        text = self.term.values.get(lang, self.german)
        if self.brackets and text.casefold() != self.german.casefold() and self.german.casefold() not in text.casefold():
            return f"{text} ({self.german})"
        return text


def glossary_terms(data) -> tuple[GlossaryTerm, ...]:
    """The terms of a validated content/glossary.yml (a list), in file order."""
    fields = schema.GLOSSARY_FIELDS
    return tuple(
        GlossaryTerm(
            id=item["id"],
            german=str(item["german"]),
            find=fields["find"].to_model(item.get("find")) or (str(item["german"]),),
            brackets=bool(item.get("brackets", False)),
            term=fields["term"].to_model(item["term"]),
            forms=fields["forms"].to_model(item.get("forms")),
            explanation=fields["explanation"].to_model(item["explanation"]) if item.get("explanation") else None,
        )
        for item in data or ()
    )


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
    glossary: tuple[GlossaryTerm, ...] = ()  # content/glossary.yml, in file order

    def municipality(self, slug: str) -> Municipality:
        return self._index.municipalities[slug]

    def category(self, cid: str) -> Category:
        return self._index.categories[cid]

    def offers_for(self, slug: str, category: str | None = None) -> list[Offer]:
        """The offers that serve ``slug``: its own first, then district-wide ones, by German name."""
        by_topic = self._index.topics(slug)
        return list(by_topic[None] if category is None else by_topic.get(category, ()))

    def serving_everyone(self) -> tuple[Offer, ...]:
        """The offers that serve every municipality (``serves: enzkreis``), by German name."""
        return self._index.everyone

    def district_offers(self, category: str) -> list[Offer]:
        """The offers of ``category`` that serve the whole district, by German name."""
        return [o for o in self._index.everyone if category in o.categories]

    def derived_value(self, fn):
        """``fn(self)``, computed once per directory (the model is immutable): e.g. the languages every
        list can be filtered by, which reads every offer and is asked for by every list page."""
        memo = self._derived
        if fn not in memo:
            memo[fn] = fn(self)
        return memo[fn]

    @cached_property
    def _derived(self) -> dict:
        return {}

    @cached_property
    def _index(self) -> "Index":
        """Built once per directory (the model is immutable): pages look offers up instead of scanning them."""
        return Index(self)


class Index:
    """Look-ups of a :class:`Directory`: municipalities and categories by id, the offers serving
    each municipality (each topic's list made on first use). Building it costs one pass over the
    offers; every list then costs its own length, not the number of offers in the directory."""

    def __init__(self, directory: Directory):
        self.municipalities = {m.slug: m for m in directory.municipalities}
        self.categories = {c.id: c for c in directory.categories}
        # by German name; equal names stay in file order, as a stable sort of all offers would keep them
        names = {o.id: (sort_key(o.name.values["de"]), i) for i, o in enumerate(directory.offers.values())}
        self._names = names
        everyone = [o for o in directory.offers.values() if o.serves_all]
        self.everyone = tuple(sorted(everyone, key=lambda o: names[o.id]))
        self._serving: dict[str, list[Offer]] = {slug: [] for slug in self.municipalities}
        for offer in directory.offers.values():
            if not offer.serves_all:
                for slug in offer.serves:
                    self._serving.setdefault(slug, []).append(offer)
        self._topics: dict[str, dict[str | None, tuple[Offer, ...]]] = {}

    def topics(self, slug: str) -> dict[str | None, tuple[Offer, ...]]:
        """Category id -> the offers serving ``slug`` in it; ``None`` -> all of them (in list order)."""
        found = self._topics.get(slug)
        if found is None:
            names = self._names
            offers = sorted(self._serving.get(slug, []) + list(self.everyone),
                            key=lambda o: (o.district_wide, o.folder != slug, names[o.id]))
            lists: dict[str, list[Offer]] = {}
            for offer in offers:
                for cid in offer.categories:
                    lists.setdefault(cid, []).append(offer)
            found = {None: tuple(offers), **{cid: tuple(items) for cid, items in lists.items()}}
            self._topics[slug] = found
        return found


def sort_key(name: str) -> tuple[str, str]:
    """German index order (DIN 5007-1): Ö with O, Ä with A, ß as ss (not after Z, as plain code
    points would); then by the exact name."""
    plain = "".join(ch for ch in unicodedata.normalize("NFD", name) if not unicodedata.combining(ch))
    return plain.casefold(), name


def _text(value) -> Text | None:
    return Text({k: str(v).strip() for k, v in value.items()}) if isinstance(value, dict) else None


def _sources(items) -> tuple[Source, ...]:
    return schema.OFFER_FIELDS["source"].to_model(items)


def _coords(value) -> Coordinates | None:
    return schema.OFFER_FIELDS["coordinates"].to_model(value)


def _offer(folder: str, offer_id: str, d: dict) -> Offer:
    serves = d.get("serves")
    serves_all = serves in (DISTRICT_FOLDER, [DISTRICT_FOLDER]) or (serves is None and folder == DISTRICT_FOLDER)
    values = {
        _model_attr(name, f): f.to_model(d[name]) if d.get(name) is not None else f.empty()
        for name, f in schema.OFFER_FIELDS.items()
        if name != "serves"
    }
    return Offer(
        id=offer_id,
        folder=folder,
        serves_all=serves_all,
        serves=frozenset(serves if isinstance(serves, list) and not serves_all else ([] if serves_all else [folder])),
        **values,
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
        Category(c["id"], c["icon"], c["color"], _text(c["name"]), _text(c.get("description")),
                 _text(c.get("keywords")))
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
        glossary=glossary_terms(raw.glossary.data if raw.glossary else None),
    )
