"""Which pages depend on which data and templates: the dependency map of an incremental build.

While a page renders, its :class:`Recorder` notes every part of the model the page reads,
through :class:`Recording`, a view of the :class:`~generator.model.Directory` that the
renderer uses in place of the directory, and every template the page's template includes.
After a change, :func:`changed_keys` compares the old and the new model (and lists the
changed templates); the pages to render again are those whose keys meet the changed ones.

The keys:

* ``offer:<id>``: one offer's data (also whether it exists);
* ``serving:<slug>``, ``serving:<slug>:<category>``: which offers serve a municipality (in a
  category; ``offers_for``): changed when an offer that serves it (in that category), before or
  after the change, changed, came or went;
* ``serving:*``, ``serving:*:<category>``: which offers serve every municipality (in a category;
  ``serving_everyone``, ``district_offers``);
* ``offers``: every offer (a page that walks all of them);
* ``municipality:<slug>``, ``municipalities`` (all of them, their order);
* ``categories``, ``pages``, ``snippets``, ``glossary``, ``redirects``, ``district``;
* ``derived:<name>``: a value worked out from the whole model (registered with :func:`derived`,
  read with :func:`value`), e.g. the languages a list can be filtered by: changed only when
  the value is, although it reads every offer;
* ``template:<name>``: a template file below ``generator/templates/``;
* ``*``: anything else of the model (a new accessor not known here): every change meets it.

A change of the site's configuration or of the day (``today``) is not described by keys:
:func:`changed_keys` returns ``None``, and everything is built again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from contextlib import contextmanager
from functools import lru_cache
from typing import Iterator

import jinja2
import jinja2.meta

from .model import Category, Directory, Municipality, Offer, Redirect, TextPage

EVERYTHING = "*"


class Recorder:
    """Collects the keys each output file of one language reads (source path -> keys)."""

    def __init__(self) -> None:
        self.deps: dict[str, frozenset[str]] = {}
        self._current: set[str] | None = None

    def note(self, *keys: str) -> None:
        if self._current is not None:
            self._current.update(keys)

    @contextmanager
    def output(self, source: str, context: Mapping | None = None) -> Iterator[None]:
        """Record what is read while ``source`` is made; ``context``: model objects given to it."""
        outer, self._current = self._current, set(context_keys(context or {}))
        try:
            yield
            self.deps[source] = frozenset(self._current)
        finally:
            self._current = outer

    def affected(self, changed: set[str]) -> set[str]:
        """The sources whose recorded keys meet ``changed``."""
        return {source for source, keys in self.deps.items() if EVERYTHING in keys or not keys.isdisjoint(changed)}


def context_keys(context: Mapping) -> Iterator[str]:
    for value in context.values():
        if isinstance(value, Offer):
            yield f"offer:{value.id}"
        elif isinstance(value, Municipality):
            yield f"municipality:{value.slug}"
        elif isinstance(value, Category):
            yield "categories"
        elif isinstance(value, Redirect):
            yield "redirects"
        elif isinstance(value, TextPage):
            yield "pages"
        else:
            yield EVERYTHING


DERIVED: dict[str, Callable[[Directory], object]] = {}


def derived(fn: Callable[[Directory], object]) -> Callable[[Directory], object]:
    """Register ``fn`` (the model -> a value) so that a change touches its readers only when its value changes."""
    DERIVED[fn.__qualname__] = fn
    return fn


def value(directory: Directory | Recording, fn: Callable[[Directory], object]):
    """``fn(directory)`` for a function registered with :func:`derived`; a recording view notes it."""
    if isinstance(directory, Recording):
        directory._recorder.note(f"derived:{fn.__qualname__}")
        if fn not in directory._values:
            directory._values[fn] = fn(directory._directory)
        return directory._values[fn]
    return directory.derived_value(fn)


class _Offers(Mapping):
    """``directory.offers`` that records: one offer by id, or all of them when walked."""

    def __init__(self, offers: dict[str, Offer], recorder: Recorder):
        self._offers, self._recorder = offers, recorder

    def __getitem__(self, offer_id: str) -> Offer:
        self._recorder.note(f"offer:{offer_id}")
        return self._offers[offer_id]

    def __contains__(self, offer_id: object) -> bool:
        self._recorder.note(f"offer:{offer_id}")
        return offer_id in self._offers

    def __iter__(self):
        self._recorder.note("offers")
        return iter(self._offers)

    def __len__(self) -> int:
        self._recorder.note("offers")
        return len(self._offers)


class Recording:
    """A read-only view of a :class:`Directory` that tells a :class:`Recorder` what is read."""

    # attribute -> key; anything not listed here records EVERYTHING
    _PLAIN = {"categories": "categories", "pages": "pages", "snippets": "snippets", "glossary": "glossary",
              "redirects": "redirects", "district": "district", "municipalities": "municipalities",
              "config": None, "today": None}  # None: a change of these rebuilds everything anyway

    def __init__(self, directory: Directory, recorder: Recorder):
        self._directory, self._recorder = directory, recorder
        self._values: dict = {}  # derived values, worked out once per view
        self.offers = _Offers(directory.offers, recorder)

    def __getattr__(self, name: str):
        value = getattr(self._directory, name)
        if name in self._PLAIN:
            if self._PLAIN[name]:
                self._recorder.note(self._PLAIN[name])
        else:
            self._recorder.note(EVERYTHING)
        return value

    def municipality(self, slug: str) -> Municipality:
        self._recorder.note(f"municipality:{slug}")
        return self._directory.municipality(slug)

    def category(self, cid: str) -> Category:
        self._recorder.note("categories")
        return self._directory.category(cid)

    def serving_everyone(self) -> tuple[Offer, ...]:
        self._recorder.note("serving:*")
        return self._directory.serving_everyone()

    def district_offers(self, category: str) -> list[Offer]:
        self._recorder.note(f"serving:*:{category}")
        return self._directory.district_offers(category)

    def offers_for(self, slug: str, category: str | None = None) -> list[Offer]:
        self._recorder.note(f"serving:{slug}:{category}" if category else f"serving:{slug}")
        return self._directory.offers_for(slug, category)


def _changed_items(old: Mapping, new: Mapping) -> set:
    return {key for key in old.keys() | new.keys() if old.get(key) != new.get(key)}


def changed_keys(old: Directory, new: Directory, templates: Iterable[str] = ()) -> set[str] | None:
    """The keys a change from ``old`` to ``new`` (and of the named template files) touches;
    ``None`` when the change cannot be described by keys (configuration, the day)."""
    if old.config != new.config or old.today != new.today:
        return None
    keys = {f"template:{name}" for name in templates}
    offers = _changed_items(old.offers, new.offers)
    if offers:
        keys.add("offers")
    slugs = {m.slug for m in old.municipalities} | {m.slug for m in new.municipalities}
    for offer_id in offers:
        keys.add(f"offer:{offer_id}")
        for version in (old.offers.get(offer_id), new.offers.get(offer_id)):
            if version is not None:
                if version.serves_all:
                    keys.add("serving:*")
                    keys.update(f"serving:*:{category}" for category in version.categories)
                for slug in filter(version.serves_municipality, slugs):
                    keys.add(f"serving:{slug}")
                    keys.update(f"serving:{slug}:{category}" for category in version.categories)
    towns = _changed_items({m.slug: m for m in old.municipalities}, {m.slug: m for m in new.municipalities})
    keys.update(f"municipality:{slug}" for slug in towns)
    if old.municipalities != new.municipalities:
        keys.add("municipalities")
    for name in ("categories", "pages", "snippets", "glossary", "redirects", "district"):
        if getattr(old, name) != getattr(new, name):
            keys.add(name)
    keys.update(f"derived:{name}" for name, fn in DERIVED.items() if fn(old) != fn(new))
    return keys


@lru_cache(maxsize=None)
def template_closure(env: jinja2.Environment, name: str) -> frozenset[str]:
    """``name`` and every template it extends, includes or imports, directly or not; ``*`` when
    a template names another by an expression (then any template change may matter)."""
    seen: set[str] = set()
    todo = [name]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        source = env.loader.get_source(env, current)[0]
        for ref in jinja2.meta.find_referenced_templates(env.parse(source)):
            if ref is None:
                return frozenset({EVERYTHING})
            todo.append(ref)
    return frozenset(f"template:{t}" for t in seen)
