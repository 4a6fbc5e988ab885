"""Benchmark the whole pipeline against a plain ``mkdocs build`` of the same Markdown.

Usage (from the repository root)::

    /work/venv/bin/python tests/benchmarks/bench.py --municipalities 28 --offers 100 --languages 3
    /work/venv/bin/python tests/benchmarks/bench.py --shipped --repeat 3
    /work/venv/bin/python tests/benchmarks/bench.py --municipalities 5 --offers 10 --jobs 1

Every run works in a temporary project outside the repository: the repository's ``mkdocs.yml``
and ``theme/`` are copied next to synthetic (or, with ``--shipped``, the repository's own)
``content/`` and ``municipalities/``. Nothing is written into the repository.

What is measured, per repetition (the table shows the median over ``--repeat`` runs):

* generation only: ``load_valid`` + ``generate`` (load, validate, model, render, write the
  Markdown and per-language configs) into a fresh work folder, without MkDocs;
* whole run: ``generator.build.build`` (generation, one MkDocs process per language with
  ``--jobs`` of them in parallel, root index, Content-Security-Policy rewrite);
* plain MkDocs: ``python -m mkdocs build -q`` of the Markdown the whole run generated, one
  language after the other, timing the sum.

In-process caches of the generator (Jinja environments, catalogs) are cleared before each
measurement, so every run pays for compiling templates as a fresh ``wegweiser build`` would.
Python's own start-up and imports of a ``wegweiser build`` process are not included.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

import yaml

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:  # measure the working tree's generator, not some installed copy
    sys.path.insert(0, str(REPO))

from generator import build as pipeline  # noqa: E402
from generator import site  # noqa: E402
from generator.loader import load_project  # noqa: E402
from generator.validate import validate  # noqa: E402

# The site languages the project plans: de, en, ar, fa, ps, uk, ru, tr, ku, ti. A language can
# be benchmarked once Material has a theme translation for it, Babel knows it and the generator
# has a catalog in generator/locales/. For now that is de, en and ar; more languages come later
# (extend this tuple and CATEGORY_NAMES when their catalogs exist).
BENCH_LANGUAGES = ("de", "en", "ar")

SLUG_PREFIX = "bench-"  # synthetic folders and offers can never be mistaken for real data
SEED = 20261128


# -- synthetic data --------------------------------------------------------------------------

# The fixed category set: id, icon, colour (contrast with white >= 4.5:1), names per language.
CATEGORIES: tuple[tuple[str, str, str, dict[str, str]], ...] = (
    ("language", "translate", "#1565c0", {"de": "Deutsch lernen", "en": "Learning German", "ar": "تعلم اللغة الألمانية"}),
    ("education", "school", "#4527a0", {"de": "Schule und Bildung", "en": "School and education", "ar": "المدرسة والتعليم"}),
    ("work", "briefcase", "#2e7d32", {"de": "Arbeit und Ausbildung", "en": "Work and training", "ar": "العمل والتدريب المهني"}),
    ("childcare", "human-male-female-child", "#ad1457", {"de": "Kinder und Familie", "en": "Children and family", "ar": "الأطفال والعائلة"}),
    ("health", "hospital-box", "#00695c", {"de": "Gesundheit", "en": "Health", "ar": "الصحة"}),
    ("counselling", "account-heart", "#6a1b9a", {"de": "Beratung", "en": "Counselling", "ar": "الاستشارة"}),
    ("authorities", "town-hall", "#37474f", {"de": "Ämter und Aufenthalt", "en": "Authorities and residence", "ar": "الدوائر الرسمية والإقامة"}),
    ("housing", "home", "#5d4037", {"de": "Wohnen", "en": "Housing", "ar": "السكن"}),
    ("everyday", "basket", "#bf360c", {"de": "Hilfe im Alltag", "en": "Everyday help", "ar": "مساعدة في الحياة اليومية"}),
    ("community", "account-group", "#7a6e14", {"de": "Treffen und Freizeit", "en": "Meeting people and free time", "ar": "لقاءات وأوقات الفراغ"}),
    ("emergency", "phone-alert", "#b71c1c", {"de": "Notfall und Hilfetelefone", "en": "Emergency and helplines", "ar": "الطوارئ وخطوط المساعدة"}),
)
CATEGORY_IDS = tuple(c[0] for c in CATEGORIES)

# Kinds of offers: main category and the offer's name per language (the place is appended).
OFFER_KINDS: dict[str, dict[str, str]] = {
    "language": {"de": "Sprachcafé", "en": "Language café", "ar": "مقهى اللغة"},
    "education": {"de": "Hausaufgabenhilfe", "en": "Homework help", "ar": "المساعدة في الواجبات المدرسية"},
    "work": {"de": "Jobcafé", "en": "Job café", "ar": "مقهى العمل"},
    "childcare": {"de": "Kindertagesstätte", "en": "Day care centre", "ar": "روضة الأطفال"},
    "health": {"de": "Hausarztpraxis", "en": "General practice", "ar": "عيادة طبيب عام"},
    "counselling": {"de": "Migrationsberatung", "en": "Migration counselling", "ar": "استشارات الهجرة"},
    "authorities": {"de": "Bürgerbüro", "en": "Citizens' office", "ar": "مكتب المواطنين"},
    "housing": {"de": "Wohnraumberatung", "en": "Housing advice", "ar": "استشارات السكن"},
    "everyday": {"de": "Tafelladen", "en": "Food bank", "ar": "بنك الطعام"},
    "community": {"de": "Begegnungscafé", "en": "Meeting café", "ar": "مقهى اللقاء"},
    "emergency": {"de": "Hilfetelefon", "en": "Helpline", "ar": "خط المساعدة"},
}

PREFIXES = ("Ober", "Unter", "Nieder", "Alt", "Neu", "Klein", "Groß", "Hohen", "Wald", "Stein")
SUFFIXES = ("bach", "weiler", "hausen", "heim", "tal", "berg", "feld", "dorf", "stetten", "bronn")
STREETS = ("Hauptstraße", "Bahnhofstraße", "Kirchweg", "Marktplatz", "Schulstraße", "Lindenallee",
           "Am Rathaus", "Gartenstraße", "Pforzheimer Straße", "Mühlweg")
OPENING_HOURS = (
    "Mo-Fr 08:00-12:00; Th 14:00-18:00; PH off",
    "Mo,We 09:00-12:00",
    'Tu 15:00-17:00; Sa "nach Vereinbarung"',
    "Mo-Th 08:00-16:00; Fr 08:00-12:00",
    "Mo-Fr 07:30-17:00; Sa 09:00-12:00; PH off",
    "We 10:00-12:00,14:00-18:00",
    "24/7",
    "Fr 16:00-19:00",
)
SPOKEN = ("de", "en", "ar", "fa", "ps", "uk", "ru", "tr", "ku", "ti", "fr")
DESCRIPTIONS: dict[str, tuple[str, ...]] = {
    "de": (
        "Hilfe bei **Fragen** rund um {topic}.\n\n- Beratung\n- Begleitung zu Terminen\n- Hilfe bei Formularen",
        "Wir helfen *schnell* und ohne Formalitäten. Mehr auf [der Webseite](https://www.example.org/info).",
        "Ein Angebot für alle, die neu in {place} sind.\n\nKommen Sie einfach vorbei.",
    ),
    "en": (
        "Help with **questions** about {topic}.\n\n- Advice\n- Going with you to appointments\n- Help with forms",
        "We help *quickly*. More on [the website](https://www.example.org/info).",
    ),
    "ar": (
        "مساعدة في **الأسئلة** حول {topic}.\n\n- استشارة\n- مرافقة إلى المواعيد",
        "نحن نساعد *بسرعة*. المزيد على [الموقع](https://www.example.org/info).",
    ),
}


def _ascii(text: str) -> str:
    """``text`` as an identifier: lower case a-z, 0-9 and single hyphens ("Jobcafé Groß" -> "jobcafe-gross")."""
    text = text.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def municipality_names(count: int) -> list[str]:
    """``count`` distinct invented German place names."""
    names = [p + s for p in PREFIXES for s in SUFFIXES]
    return [names[i % len(names)] + (f" {i // len(names) + 1}" if i >= len(names) else "") for i in range(count)]


def _phone(rng: random.Random) -> str:
    area = rng.choice(("07231", "07041", "07044", "07082", "07236"))
    forms = (
        lambda: f"{area} {rng.randint(100, 99999)}-{rng.randint(0, 99)}",
        lambda: f"+49 {area[1:]} {rng.randint(1000, 999999)}",
        lambda: f"{area} / {rng.randint(10000, 999999)}",
        lambda: f"01{rng.choice('567')}{rng.randint(0, 9)} {rng.randint(1000000, 99999999)}",
    )
    return rng.choice(forms)()


def _date(rng: random.Random) -> dt.date:
    """A past date between 2018 and mid-2026; about a third are older than a year."""
    return dt.date(2018, 1, 1) + dt.timedelta(days=rng.randint(0, 3100))


def _text(rng: random.Random, languages: Sequence[str], de: str, others: dict[str, str], share: float) -> dict[str, str]:
    """A translatable text: German always, each other site language with probability ``share``."""
    value = {"de": de}
    for lang in languages[1:]:
        if lang in others and rng.random() < share:
            value[lang] = others[lang]
    return value


def _description(rng: random.Random, languages: Sequence[str], topic: str, place: str) -> dict[str, str]:
    texts = {lang: rng.choice(DESCRIPTIONS[lang]).format(topic=topic, place=place) for lang in DESCRIPTIONS}
    return _text(rng, languages, texts["de"], texts, share=0.5)


def _source(rng: random.Random, date: dt.date) -> list[dict[str, Any]]:
    return [{"title": rng.choice(("Webseite des Trägers", "Webseite der Gemeinde", "Telefonat", "Flyer")),
             "url": "https://www.example.org/quelle", "date": date}]


@dataclass(frozen=True)
class Place:
    slug: str
    name: str
    postal_code: str
    lat: float
    lon: float


def make_offer(rng: random.Random, languages: Sequence[str], place: Place, kind: str, number: int,
               neighbours: Sequence[str]) -> dict[str, Any]:
    """One offer of ``kind`` in ``place``: required fields always, optional fields varied."""
    names = {lang: f"{OFFER_KINDS[kind][lang]} {place.name}" + (f" {number}" if number > 1 else "")
             for lang in OFFER_KINDS[kind]}
    categories = [kind] + rng.sample([c for c in CATEGORY_IDS if c != kind], rng.choice((0, 0, 1, 2)))
    verified = _date(rng)
    offer: dict[str, Any] = {"name": _text(rng, languages, names["de"], names, share=0.6), "categories": categories}
    topic = CATEGORIES[CATEGORY_IDS.index(kind)][3]["de"]
    if rng.random() < 0.8:
        offer["description"] = _description(rng, languages, topic, place.name)
    if rng.random() < 0.6:
        offer["provider"] = rng.choice(("Caritas", "Diakonie", "Deutsches Rotes Kreuz", f"Gemeinde {place.name}", "Landratsamt Enzkreis"))
    if rng.random() < 0.85:
        offer["address"] = {"street": f"{rng.choice(STREETS)} {rng.randint(1, 120)}", "postal_code": place.postal_code, "city": place.name}
        if rng.random() < 0.6:
            offer["coordinates"] = {"lat": round(place.lat + rng.uniform(-0.01, 0.01), 5), "lon": round(place.lon + rng.uniform(-0.01, 0.01), 5)}
    if rng.random() < 0.9:
        offer["phone"] = [_phone(rng) for _ in range(rng.choice((1, 1, 1, 2, 3)))]
    if rng.random() < 0.6:
        offer["email"] = f"{_ascii(kind)}@{_ascii(place.name)}.example.org"
    if rng.random() < 0.6:
        offer["website"] = f"https://www.example.org/{_ascii(place.name)}/{kind}"
    if rng.random() < 0.7:
        offer["opening_hours"] = rng.choice(OPENING_HOURS)
    if rng.random() < 0.5:
        offer["languages"] = ["de"] + rng.sample(SPOKEN[1:], rng.randint(0, 4))
    if rng.random() < 0.5:
        offer["cost"] = rng.choice(("free", "fee", "reduced", "varies"))
    if rng.random() < 0.5:
        offer["appointment"] = rng.choice(("required", "recommended", "not_needed"))
    if rng.random() < 0.4:
        offer["audience"] = _text(rng, languages, "Geflüchtete und Zugewanderte", {"en": "Refugees and migrants", "ar": "اللاجئون والمهاجرون"}, 0.5)
    if rng.random() < 0.2:
        offer["accessibility"] = {"de": "Eingang mit Rampe, Aufzug vorhanden."}
    roll = rng.random()
    if roll < 0.03:
        offer["serves"] = "enzkreis"
    elif roll < 0.13 and neighbours:
        offer["serves"] = [place.slug, *rng.sample(list(neighbours), min(len(neighbours), rng.randint(1, 3)))]
    present = [f for f in ("address", "opening_hours", "phone") if f in offer]
    if present and rng.random() < 0.15:
        offer["unconfirmed"] = rng.sample(present, 1)
    translated = sorted({lang for v in offer.values() if isinstance(v, dict) for lang in v} & set(languages[1:]))
    if translated and rng.random() < 0.3:
        offer["unreviewed"] = translated
    offer["source"] = _source(rng, verified)
    offer["verified"] = verified
    return offer


class _Dumper(yaml.SafeDumper):
    """Writes shared values (the same date twice) in full, as an editor would, not as YAML aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _dump(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _page(path: Path, body: str, **meta: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    head = f"---\n{yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)}---\n" if meta else ""
    path.write_text(head + body + "\n", encoding="utf-8")


def write_content(root: Path, languages: Sequence[str], offer_ids: Sequence[str]) -> None:
    """``content/``: the 11 categories, hand-written pages, snippets and two redirects."""
    categories = []
    for cid, icon, color, names in CATEGORIES:
        entry: dict[str, Any] = {"id": cid, "icon": icon, "color": color, "name": {lang: names[lang] for lang in languages}}
        entry["description"] = {lang: text for lang, text in
                                (("de", f"Angebote zum Thema {names['de']}."), ("en", f"Offers about {names['en']}.")) if lang in languages}
        categories.append(entry)
    _dump(root / "content" / "categories.yml", categories)
    pages = root / "content" / "pages"
    titles = {"de": "Über diese Seite", "en": "About this site", "ar": "حول هذا الموقع"}
    bodies = {"de": "Diese Seite sammelt **Hilfe vor Ort**. Siehe auch [Hilfe](help.md).\n\n- Angebote\n- Ämter",
              "en": "This site collects **local help**. See also [Help](help.md).",
              "ar": "يجمع هذا الموقع **المساعدة المحلية**."}
    for lang in languages:
        _page(pages / f"about.{lang}.md", bodies[lang], title=titles[lang], **({"reviewed": False} if lang == "ar" else {}))
    _page(pages / "help.de.md", "So benutzen Sie die Seite.\n\nWählen Sie Ihre Gemeinde und ein Thema.", title="Hilfe")
    if "en" in languages:
        _page(pages / "help.en.md", "How to use this site.", title="Help")
    _page(pages / "impressum.de.md", "Angaben nach § 5 DDG: *Beispiel*.", title="Impressum")
    snippets = root / "content" / "snippets"
    _page(snippets / "home.de.md", "Hier finden Sie Hilfe in Ihrer Gemeinde.")
    _page(snippets / "integration-management.de.md", "Das Integrationsmanagement hilft Geflüchteten.")
    if "en" in languages:
        _page(snippets / "home.en.md", "Find help in your town.")
    if "ar" in languages:
        _page(snippets / "home.ar.md", "هنا تجد المساعدة في بلدتك.", reviewed=False)
    if offer_ids:
        redirects = [
            {"old": f"{SLUG_PREFIX}frueheres-angebot", "removed": dt.date(2024, 3, 1), "note": {"de": "Das Angebot gibt es nicht mehr."}},
            {"old": f"{SLUG_PREFIX}alter-name", "new": offer_ids[0]},
        ]
        _dump(root / "content" / "redirects.yml", redirects)


DISTRICT_OFFERS: tuple[tuple[str, str, dict[str, str], list[str]], ...] = (
    ("im-caritas", "counselling", {"de": "Integrationsmanagement Caritas", "en": "Integration management (Caritas)"}, ["07231 12345-0"]),
    ("im-diakonie", "counselling", {"de": "Integrationsmanagement Diakonie", "en": "Integration management (Diakonie)", "ar": "إدارة الاندماج (دياكوني)"}, ["07041 9876-0"]),
    ("jobcenter", "work", {"de": "Jobcenter Enzkreis", "en": "Job centre Enzkreis", "ar": "مركز العمل"}, ["07231 308-0", "+49 7231 308-1"]),
    ("auslaenderbehoerde", "authorities", {"de": "Ausländerbehörde", "en": "Immigration office"}, ["07231 308-9400"]),
    ("notruf", "emergency", {"de": "Notruf", "en": "Emergency call", "ar": "رقم الطوارئ"}, ["112"]),
    ("hilfetelefon-gewalt", "emergency", {"de": "Hilfetelefon Gewalt gegen Frauen", "en": "Violence against women helpline"}, ["116 016"]),
)


def write_municipalities(root: Path, rng: random.Random, languages: Sequence[str], municipalities: int,
                         offers: int) -> list[str]:
    """``municipalities/``: the district with fixed offers, and ``municipalities`` places of ``offers`` offers each.

    Returns every offer id. In each place the first offer is the town hall; in every second place
    the second offer is its confirmed integration management.
    """
    base = root / "municipalities"
    district = base / "enzkreis"
    ids: list[str] = []
    for suffix, kind, name, phones in DISTRICT_OFFERS:
        offer_id = f"{SLUG_PREFIX}{suffix}"
        date = _date(rng)
        offer = {"name": {lang: text for lang, text in name.items() if lang in languages}, "categories": [kind], "phone": phones}
        if suffix == "notruf":
            offer["cost"] = "free"
        offer.update(source=_source(rng, date), verified=date)
        _dump(district / "offers" / f"{offer_id}.yml", offer)
        ids.append(offer_id)
    _dump(district / "district.yml", {
        "name": "Enzkreis", "website": "https://www.example.org",
        "integration_management": [f"{SLUG_PREFIX}im-caritas", f"{SLUG_PREFIX}im-diakonie"],
        "source": [{"title": "Synthetische Daten für den Benchmark"}],
    })

    places = [
        Place(SLUG_PREFIX + _ascii(name), name, f"{75100 + i:05d}", round(rng.uniform(48.75, 49.10), 4), round(rng.uniform(8.50, 9.00), 4))
        for i, name in enumerate(municipality_names(municipalities))
    ]
    slugs = [p.slug for p in places]
    for i, place in enumerate(places):
        folder = base / place.slug
        neighbours = [s for s in slugs if s != place.slug]
        kinds = ["authorities", "counselling"] + [rng.choice(CATEGORY_IDS) for _ in range(max(0, offers - 2))]
        seen: dict[str, int] = {}
        own: list[str] = []
        for n, kind in enumerate(kinds[:offers]):
            seen[kind] = seen.get(kind, 0) + 1
            offer_id = f"{place.slug}-{_ascii(OFFER_KINDS[kind]['de'])}-{n + 1}"
            _dump(folder / "offers" / f"{offer_id}.yml", make_offer(rng, languages, place, kind, seen[kind], neighbours))
            own.append(offer_id)
        municipality: dict[str, Any] = {
            "name": place.name,
            "type": rng.choice(("Gemeinde", "Gemeinde", "Stadt", "Große Kreisstadt")),
            "ags": f"{8236001 + i:08d}",
            "postal_codes": [place.postal_code],
            "coordinates": {"lat": place.lat, "lon": place.lon},
            "population": {"count": rng.randint(800, 45000), "year": 2023},
            "website": f"https://www.example.org/{_ascii(place.name)}",
        }
        if rng.random() < 0.5:
            municipality["districts"] = [f"{place.name}-{s}" for s in rng.sample(("Nord", "Süd", "Ost", "West"), 2)]
        if own:
            municipality["town_hall"] = own[0]
        if len(own) > 1 and i % 2 == 0:
            municipality["integration_management"] = {"offer": own[1], "source": [{"title": "Liste des Landratsamts", "date": dt.date(2025, 9, 1)}]}
        municipality["source"] = [{"title": "Synthetische Daten für den Benchmark"}]
        _dump(folder / "municipality.yml", municipality)
        ids += own
    return ids


def _outside_repository(target: Path) -> Path:
    target = Path(target).resolve()
    if target == REPO or REPO in target.parents:
        raise ValueError(f"benchmark projects are never written inside the repository: {target}")
    return target


def copy_site_files(target: Path, languages: Sequence[str] | None = None) -> None:
    """Copy the repository's ``mkdocs.yml`` and ``theme/``; optionally set the site languages."""
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(REPO / "theme", target / "theme")
    if languages is not None:
        from ruamel.yaml import YAML  # round trip: keeps mkdocs.yml's comments and tags

        rt = YAML()
        config_path = target / "mkdocs.yml"
        config = rt.load(config_path.read_text(encoding="utf-8"))
        config["extra"]["wegweiser"]["languages"] = list(languages)
        with config_path.open("w", encoding="utf-8") as out:
            rt.dump(config, out)


def choose_languages(count: int) -> list[str]:
    """The first ``count`` benchmarkable site languages (German first)."""
    if not 1 <= count <= len(BENCH_LANGUAGES):
        raise ValueError(
            f"--languages must be between 1 and {len(BENCH_LANGUAGES)}: only {', '.join(BENCH_LANGUAGES)} have "
            "Material translations, Babel data and a generator catalog so far (more languages come later)"
        )
    return list(BENCH_LANGUAGES[:count])


def make_synthetic_project(target: Path, municipalities: int, offers: int, languages: int, seed: int = SEED) -> Path:
    """Write a synthetic project into ``target`` (which must be outside the repository)."""
    target = _outside_repository(target)
    langs = choose_languages(languages)
    if municipalities < 1 or offers < 0:
        raise ValueError("need at least one municipality and a non-negative number of offers")
    rng = random.Random(seed)
    target.mkdir(parents=True, exist_ok=True)
    copy_site_files(target, langs)
    ids = write_municipalities(target, rng, langs, municipalities, offers)
    write_content(target, langs, ids)
    return target


def make_shipped_project(target: Path) -> Path:
    """Copy the repository's own data and site files into ``target``."""
    target = _outside_repository(target)
    if not (REPO / "municipalities").is_dir():
        raise FileNotFoundError("the repository has no municipalities/ yet: nothing to benchmark with --shipped")
    target.mkdir(parents=True, exist_ok=True)
    copy_site_files(target)
    for folder in ("content", "municipalities"):
        shutil.copytree(REPO / folder, target / folder)
    return target


def problems_of(root: Path) -> list[str]:
    """Every validation problem of the project at ``root``, as text."""
    return [str(p) for p in validate(load_project(root))]


# -- measuring ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """One repetition's measurements."""

    pages: dict[str, int]  # HTML files per language
    total_pages: int  # every HTML file of the site (with the root language chooser)
    whole: float  # generator.build.build
    plain: float  # plain mkdocs build, every language, sequentially
    generation: float  # load_valid + generate, without MkDocs


def clear_caches() -> None:
    """Forget the generator's in-process caches (Jinja environments, catalogs, CLDR names)."""
    for name, module in list(sys.modules.items()):
        if name == "generator" or name.startswith("generator."):
            for value in vars(module).values():
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()


def count_html(folder: Path) -> int:
    return sum(1 for _ in folder.rglob("*.html"))


def plain_mkdocs(config: Path, site_dir: Path) -> None:
    """``mkdocs build -q`` of one generated config into ``site_dir``; raises on failure."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "--site-dir", str(site_dir)],
        capture_output=True, text=True, env=env, check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"plain mkdocs build of {config} failed:\n{result.stderr}{result.stdout}")


def measure(root: Path, scratch: Path, jobs: int) -> Run:
    """Measure generation only, the whole run and the plain MkDocs builds once."""
    for folder in (root / pipeline.WORK_DIR, scratch):
        shutil.rmtree(folder, ignore_errors=True)
    scratch.mkdir(parents=True)

    clear_caches()
    started = time.perf_counter()
    directory = pipeline.load_valid(root)
    languages = directory.config.languages
    pipeline.generate(directory, site.Paths(root, scratch / "generation"), languages)
    generation = time.perf_counter() - started

    clear_caches()
    site_dir = scratch / "site"
    started = time.perf_counter()
    report = pipeline.build(root, site_dir, jobs=jobs)
    whole = time.perf_counter() - started

    paths = site.Paths(root, root / pipeline.WORK_DIR)
    started = time.perf_counter()
    for lang in report.languages:
        plain_mkdocs(paths.config(lang), scratch / "plain" / lang)
    plain = time.perf_counter() - started

    pages = {lang: count_html(site_dir / lang) for lang in report.languages}
    for lang, count in pages.items():
        baseline = count_html(scratch / "plain" / lang)
        if baseline != count:
            raise RuntimeError(f"{lang}: the whole run built {count} HTML files, plain mkdocs {baseline}")
    return Run(pages, count_html(site_dir), whole, plain, generation)


def table(runs: Sequence[Run], jobs: int, description: str) -> str:
    """The result table: medians over ``runs``."""
    first = runs[0]
    whole = statistics.median(r.whole for r in runs)
    plain = statistics.median(r.plain for r in runs)
    generation = statistics.median(r.generation for r in runs)
    parallel = (f"whole run: {jobs} MkDocs processes in parallel (jobs={jobs}, see generator/build.py); "
                if jobs > 1 else "whole run: MkDocs processes one after another (jobs=1); ")
    rows = [
        ("pages built (HTML)", f"{first.total_pages} total; " + ", ".join(f"{lang} {n}" for lang, n in first.pages.items())),
        (f"whole run, jobs={jobs}", f"{whole:8.2f} s"),
        ("plain mkdocs builds (sum, sequential)", f"{plain:8.2f} s"),
        ("generation only (no MkDocs)", f"{generation:8.2f} s"),
        (f"ratio whole run (jobs={jobs}) / plain mkdocs", f"{whole / plain:8.2f}"),
        ("ratio generation / plain mkdocs", f"{generation / plain:8.2f}"),
    ]
    width = max(len(label) for label, _ in rows)
    lines = [f"{description}; median of {len(runs)} run(s); {os.cpu_count()} CPUs",
             parallel + "plain mkdocs: languages one after another"]
    lines += [f"  {label:<{width}}  {value}" for label, value in rows]
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shipped", action="store_true", help="benchmark the repository's own content/ and municipalities/")
    parser.add_argument("--municipalities", type=int, default=None, help="synthetic municipalities (default 28)")
    parser.add_argument("--offers", type=int, default=None, help="synthetic offers per municipality (default 100)")
    parser.add_argument("--languages", type=int, default=None,
                        help=f"how many of {', '.join(BENCH_LANGUAGES)} to build (default {len(BENCH_LANGUAGES)})")
    parser.add_argument("--jobs", type=int, default=2, help="parallel MkDocs processes of the whole run (default 2, as wegweiser build)")
    parser.add_argument("--repeat", type=int, default=1, help="repetitions; the table shows medians")
    parser.add_argument("--seed", type=int, default=SEED, help="seed of the synthetic data")
    parser.add_argument("--keep", action="store_true", help="keep the temporary project and print where it is")
    args = parser.parse_args(argv)
    synthetic = (args.municipalities, args.offers, args.languages)
    if args.shipped and any(v is not None for v in synthetic):
        parser.error("--shipped uses the repository's data; leave out --municipalities, --offers and --languages")
    if args.repeat < 1 or args.jobs < 1:
        parser.error("--repeat and --jobs must be at least 1")
    args.municipalities = 28 if args.municipalities is None else args.municipalities
    args.offers = 100 if args.offers is None else args.offers
    args.languages = len(BENCH_LANGUAGES) if args.languages is None else args.languages
    if not args.shipped:
        try:
            choose_languages(args.languages)
        except ValueError as err:
            parser.error(str(err))
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    temp = Path(tempfile.mkdtemp(prefix="wegweiser-bench-"))
    try:
        root = temp / "project"
        if args.shipped:
            try:
                make_shipped_project(root)
            except FileNotFoundError as err:
                print(f"skipped: {err}", file=sys.stderr)
                return 1
            description = "shipped data"
        else:
            make_synthetic_project(root, args.municipalities, args.offers, args.languages, args.seed)
            description = (f"synthetic: {args.municipalities} municipalities x {args.offers} offers, "
                           f"{args.languages} language(s) ({', '.join(choose_languages(args.languages))})")
        problems = problems_of(root)
        if problems:
            print(f"the benchmark project is not valid ({len(problems)} problems):", file=sys.stderr)
            print("\n".join(problems[:50]), file=sys.stderr)
            return 1
        runs = [measure(root, temp / "scratch", args.jobs) for _ in range(args.repeat)]
        print(table(runs, args.jobs, description))
        if args.keep:
            print(f"project kept in {root}")
        return 0
    finally:
        if not args.keep:
            shutil.rmtree(temp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
