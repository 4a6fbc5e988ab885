"""Benchmark the whole pipeline against a plain ``mkdocs build`` of the same Markdown, over a series of scales.

Usage (from the repository root)::

    ./run bench                                  # the default series (long: tens of minutes)
    ./run bench --series 28x50x1,100x50x1        # municipalities x offers per municipality x languages
    ./run bench --quick                          # a tiny series, seconds
    ./run bench --shipped                        # the repository's own data

Every step works in a temporary project outside the repository: the repository's ``mkdocs.yml``
(with a site address, so pages carry QR codes as a deployed site's do) and ``theme/`` are copied
next to synthetic (or, with ``--shipped``, the repository's own) ``content/`` and
``municipalities/``. Nothing is written into the repository. The synthetic data grows the way
real data does: districts of 28 towns, each town with its own offers, each district with its own
district-wide ones (see :func:`write_municipalities`).

Per step and parallelism (``jobs``: 1, and 2 where a step has several languages):

* whole run: ``generator.build.build`` in a fresh process (its imports not timed), with its phases:
  generation (load, validate, model, render, write the sources), the MkDocs processes, and
  post-processing (everything after MkDocs);
* plain MkDocs: ``mkdocs build -q`` of the configs the whole run generated, ``jobs`` processes at
  a time, the same parallelism as the whole run;
* the cost per page (whole run / HTML files) and its growth from step to step;
* the CPU time (user + system) of the generator's process (generation and post-processing) and of
  the plain MkDocs processes, and their ratio: on a machine shared with other work, wall times
  stretch with the load of the moment, CPU times much less;
* peak memory (RSS): of the generator's process, and of the whole run with every MkDocs process
  (the process tree, sampled every 50 ms).

The targets (issue 12) are printed under the table: per-page cost at the largest step within
1.15x of the smallest; generator plus post-processing at most 10 % of plain MkDocs at the same
parallelism; the generator's peak memory under 1 GB at 25,000 pages.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import shutil
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

# The site's ten languages (mkdocs.yml), German first. The synthetic texts exist in de, en and ar;
# in the other languages pages show the German text with the "not yet translated" note, as real
# pages do while translations are missing.
BENCH_LANGUAGES = ("de", "en", "ar", "fa", "ps", "uk", "ru", "tr", "ku", "ti")
# Towns per district: a state-wide directory has many districts (Baden-Württemberg: 35 of about
# 30 towns each), each with its own district-wide offers; see write_municipalities.
DISTRICT_SIZE = 28

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
    if roll < 0.03 and neighbours:  # serves the whole district the town belongs to
        offer["serves"] = [place.slug, *neighbours]
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
        entry: dict[str, Any] = {"id": cid, "icon": icon, "color": color, "name": {lang: names[lang] for lang in languages if lang in names}}
        entry["description"] = {lang: text for lang, text in
                                (("de", f"Angebote zum Thema {names['de']}."), ("en", f"Offers about {names['en']}.")) if lang in languages}
        categories.append(entry)
    _dump(root / "content" / "categories.yml", categories)
    pages = root / "content" / "pages"
    titles = {"de": "Über diese Seite", "en": "About this site", "ar": "حول هذا الموقع"}
    bodies = {"de": "Diese Seite sammelt **Hilfe vor Ort**. Siehe auch [Hilfe](help.md).\n\n- Angebote\n- Ämter",
              "en": "This site collects **local help**. See also [Help](help.md).",
              "ar": "يجمع هذا الموقع **المساعدة المحلية**."}
    for lang in (lang for lang in languages if lang in bodies):
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
    """``municipalities/``: fixed offers for everyone, and ``municipalities`` places of ``offers`` offers each.

    The places form districts of :data:`DISTRICT_SIZE` towns, the way real data grows: about 3 %
    of a town's offers serve its whole district (not every town of the directory), about 10 % a
    few towns of its district. So the lists on a town's pages grow with the offers per town, not
    with the number of towns. The six offers of the ``enzkreis`` folder serve every town (like
    national helplines). Returns every offer id. In each place the first offer is the town hall;
    in every second place the second offer is its confirmed integration management.
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
        first = i - i % DISTRICT_SIZE
        neighbours = [s for s in slugs[first:first + DISTRICT_SIZE] if s != place.slug]
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


SITE_URL = "https://wegweiser.example.org/"  # a deployed site knows its address: pages get QR codes


def copy_site_files(target: Path, languages: Sequence[str] | None = None) -> None:
    """Copy the repository's ``mkdocs.yml`` and ``theme/``; set the site's address and optionally its languages."""
    from ruamel.yaml import YAML  # round trip: keeps mkdocs.yml's comments and tags

    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(REPO / "theme", target / "theme")
    rt = YAML()
    config_path = target / "mkdocs.yml"
    config = rt.load(config_path.read_text(encoding="utf-8"))
    config["site_url"] = SITE_URL
    if languages is not None:
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

QUICK_SERIES = ("2x3x1", "4x3x1", "2x3x2")  # seconds, for tests/test_bench.py
SERIES = ("28x50x1", "100x50x1", "200x50x1", "400x50x1", "28x100x10")


@dataclass(frozen=True)
class Step:
    """One scale of the series: municipalities x offers per municipality x languages."""

    municipalities: int
    offers: int
    languages: int

    @classmethod
    def parse(cls, text: str) -> "Step":
        parts = text.lower().split("x")
        if len(parts) != 3 or not all(p.isdigit() for p in parts):
            raise ValueError(f"a step is MUNICIPALITIESxOFFERSxLANGUAGES, e.g. 28x50x1, not {text!r}")
        return cls(*(int(p) for p in parts))

    def __str__(self) -> str:
        return f"{self.municipalities}x{self.offers}x{self.languages}"


@dataclass(frozen=True)
class Run:
    """One measurement of one step at one parallelism."""

    step: str
    jobs: int
    pages: int  # HTML files of the whole site (every language, the root language chooser)
    whole: float  # generator.build.build in its own process, timed from outside (imports excluded)
    generation: float  # inside the whole run: load, validate, model, render, write sources
    builder: float  # inside the whole run: the MkDocs processes
    post: float  # inside the whole run: everything after MkDocs (search split, hardening, worker ...)
    plain: float  # plain `mkdocs build` of the same configs, ``jobs`` processes at a time
    generator_rss: int  # peak RSS (bytes) of the generator's process (generation and post-processing)
    run_rss: int  # peak RSS (bytes) of the whole run: its process and every MkDocs child, sampled
    own_cpu: float  # CPU seconds (user + system) of the generator's process: generation and post-processing
    plain_cpu: float  # CPU seconds of the plain MkDocs processes

    @property
    def per_page(self) -> float:
        return self.whole / self.pages

    @property
    def own_share(self) -> float:
        """Generator plus post-processing, as a share of plain MkDocs at the same parallelism."""
        return (self.generation + self.post) / self.plain

    @property
    def cpu_share(self) -> float:
        """The same in CPU time: on a machine shared with other work, wall times stretch unevenly."""
        return self.own_cpu / self.plain_cpu


def count_html(folder: Path) -> int:
    return sum(1 for _ in folder.rglob("*.html"))


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return found


def _tree_rss(pid: int) -> int:
    """RSS (bytes) of ``pid`` and all its descendants, from /proc (Linux)."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            continue
        todo += _children(current)
    return total


def run_sampled(args: list[str]) -> tuple[subprocess.CompletedProcess, float, int]:
    """Run ``args``; (result, wall seconds, peak RSS of the process tree, sampled every 50 ms)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    started = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _tree_rss(proc.pid))
        time.sleep(0.05)
    out, err = proc.communicate()
    seconds = time.perf_counter() - started
    return subprocess.CompletedProcess(args, proc.returncode, out, err), seconds, peak


def plain_mkdocs(configs: Sequence[Path], site_dir: Path, jobs: int) -> tuple[float, int]:
    """``mkdocs build -q`` of every config, ``jobs`` at a time: (wall seconds, peak RSS of all of them)."""
    from concurrent.futures import ThreadPoolExecutor

    def one(config: Path) -> int:
        result, _, peak = run_sampled([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config),
                                       "--site-dir", str(site_dir / config.stem)])
        if result.returncode != 0:
            raise RuntimeError(f"plain mkdocs build of {config} failed:\n{result.stderr}{result.stdout}")
        return peak

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        peaks = list(pool.map(one, configs))
    # processes running side by side add up; with jobs=1 they never overlap
    peak = sum(sorted(peaks, reverse=True)[:jobs])
    return time.perf_counter() - started, peak


CHILD = "--child-build"


def child_build(root: str, site_dir: str, jobs: str) -> None:
    """The whole run, in its own process: ``generator.build.build`` with its phases timed.

    Prints one JSON line: the phases' seconds and this process's peak RSS (MkDocs runs in
    child processes, so this is the generator's own memory: generation and post-processing).
    """
    import json
    import resource

    from generator import build as pipeline
    from generator import site

    phases = {"generation": 0.0, "builder": 0.0}

    def timed(name: str, function):
        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                phases[name] += time.perf_counter() - started
        return wrapper

    pipeline.generate = timed("generation", pipeline.generate)
    site.build_languages = timed("builder", site.build_languages)
    load_valid = pipeline.load_valid
    pipeline.load_valid = timed("generation", load_valid)
    before = resource.getrusage(resource.RUSAGE_SELF)
    cpu_before = before.ru_utime + before.ru_stime  # the imports are not the build's
    started = time.perf_counter()
    pipeline.build(Path(root), Path(site_dir), jobs=int(jobs))
    total = time.perf_counter() - started
    if not (phases["generation"] and phases["builder"]):
        raise RuntimeError("the build's phases were not timed: generator.build changed; adapt bench.child_build")
    phases["post"] = total - phases["generation"] - phases["builder"]
    usage = resource.getrusage(resource.RUSAGE_SELF)
    rss = usage.ru_maxrss * 1024  # Linux: kilobytes
    print(json.dumps({**phases, "total": total, "rss": rss, "cpu": usage.ru_utime + usage.ru_stime - cpu_before}))


def measure(root: Path, scratch: Path, step: str, jobs: int) -> Run:
    """The whole run and plain MkDocs of the same sources, both at ``jobs`` parallel processes."""
    import json

    from generator import build as pipeline
    from generator import site

    shutil.rmtree(root / pipeline.WORK_DIR, ignore_errors=True)
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    site_dir = scratch / "site"
    result, _, run_rss = run_sampled([sys.executable, str(Path(__file__).resolve()), CHILD, str(root), str(site_dir), str(jobs)])
    if result.returncode != 0:
        raise RuntimeError(f"the whole run failed:\n{result.stderr[-4000:]}{result.stdout[-2000:]}")
    phases = json.loads(result.stdout.strip().splitlines()[-1])
    paths = site.Paths(root, root / pipeline.WORK_DIR)
    configs = sorted(paths.config("de").parent.glob("*.yml"))  # one per language the whole run built
    languages = [config.stem for config in configs]
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    plain, plain_rss = plain_mkdocs(configs, scratch / "plain", jobs)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    plain_cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    for lang in languages:
        built, baseline = count_html(site_dir / lang), count_html(scratch / "plain" / lang)
        if built != baseline:
            raise RuntimeError(f"{lang}: the whole run built {built} HTML files, plain mkdocs {baseline}")
    del plain_rss  # MkDocs' own memory is not ours to budget; the run's peak includes it
    return Run(step, jobs, count_html(site_dir), phases["total"], phases["generation"], phases["builder"],
               phases["post"], plain, phases["rss"], max(run_rss, phases["rss"]),  # sampling may miss a short peak
               phases["cpu"], plain_cpu)


def table(runs: Sequence[Run]) -> str:
    """The series as a table, the growth of the per-page cost from step to step and the targets."""
    header = ("step", "jobs", "pages", "whole_s", "ms/page", "growth", "gen_s", "post_s", "mkdocs_s",
              "plain_s", "(gen+post)/plain", "whole/plain", "cpu_own/plain", "gen_MB", "run_MB")
    rows = []
    previous: dict[int, Run] = {}
    for run in runs:
        before = previous.get(run.jobs)
        growth = f"{run.per_page / before.per_page:.2f}" if before else "-"
        previous[run.jobs] = run
        rows.append((run.step, str(run.jobs), str(run.pages), f"{run.whole:.2f}", f"{run.per_page * 1000:.2f}", growth,
                     f"{run.generation:.2f}", f"{run.post:.2f}", f"{run.builder:.2f}", f"{run.plain:.2f}",
                     f"{run.own_share:.2f}", f"{run.whole / run.plain:.2f}", f"{run.cpu_share:.2f}",
                     f"{run.generator_rss / 2**20:.0f}", f"{run.run_rss / 2**20:.0f}"))
    widths = [max(len(r[i]) for r in (header, *rows)) for i in range(len(header))]
    lines = ["  ".join(cell.rjust(w) for cell, w in zip(row, widths)) for row in (header, *rows)]
    single = [r for r in runs if r.jobs == 1 and r.step.endswith("x1")]  # one language: the same pages, more of them
    if len(single) > 1:
        first, last = min(single, key=lambda r: r.pages), max(single, key=lambda r: r.pages)
        lines.append(f"per-page cost, largest / smallest step (1 language, jobs=1): {last.per_page / first.per_page:.2f} "
                     "(target <= 1.15)")
    worst = max(runs, key=lambda r: r.own_share)
    lines.append(f"generator + post-processing / plain MkDocs, worst step: {worst.own_share:.2f} at {worst.step}, "
                 f"jobs={worst.jobs} (target <= 0.10)")
    worst = max(runs, key=lambda r: r.cpu_share)
    lines.append(f"the same in CPU time, worst step: {worst.cpu_share:.2f} at {worst.step}, jobs={worst.jobs}")
    biggest = max(runs, key=lambda r: r.pages)
    lines.append(f"generator peak RSS at the largest step ({biggest.pages} pages): {biggest.generator_rss / 2**20:.0f} MB "
                 "(target < 1024 MB at 25,000 pages)")
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shipped", action="store_true", help="benchmark the repository's own content/ and municipalities/")
    parser.add_argument("--series", default=None,
                        help=f"comma-separated steps MUNICIPALITIESxOFFERSxLANGUAGES (default {','.join(SERIES)})")
    parser.add_argument("--quick", action="store_true", help=f"a tiny series ({','.join(QUICK_SERIES)}), for tests")
    parser.add_argument("--jobs", default=None,
                        help="parallel processes, comma-separated (default: 1, and also 2 for steps of several languages)")
    parser.add_argument("--seed", type=int, default=SEED, help="seed of the synthetic data")
    parser.add_argument("--keep", action="store_true", help="keep the temporary projects and print where they are")
    parser.add_argument("--edit", action="store_true",
                        help="edit latency of wegweiser serve on the shipped data (tests/benchmarks/edit_latency.py)")
    parser.add_argument("--edits", type=int, default=5, help="with --edit: how many edits (the table shows medians)")
    args = parser.parse_args(argv)
    if args.shipped and (args.series or args.quick):
        parser.error("--shipped uses the repository's data; leave out --series and --quick")
    if args.series and args.quick:
        parser.error("either --series or --quick")
    try:
        args.steps = [Step.parse(s) for s in (args.series.split(",") if args.series else QUICK_SERIES if args.quick else SERIES)]
        for step in args.steps:
            choose_languages(step.languages)
            if step.municipalities < 1 or step.offers < 0:
                raise ValueError(f"{step}: at least one municipality and no negative number of offers")
        args.jobs = [int(j) for j in args.jobs.split(",")] if args.jobs else None
    except ValueError as err:
        parser.error(str(err))
    if args.jobs is not None and min(args.jobs) < 1:
        parser.error("--jobs must be at least 1")
    return args


def jobs_for(languages: int, chosen: list[int] | None) -> list[int]:
    """Parallelism to measure a step at: one process; two as well where there are languages to share out."""
    if chosen:
        return chosen
    return [1, 2] if languages > 1 else [1]


def main(argv: Sequence[str] | None = None) -> int:
    if argv is None and len(sys.argv) == 5 and sys.argv[1] == CHILD:
        child_build(*sys.argv[2:])
        return 0
    args = parse_args(argv)
    if args.edit:
        from tests.benchmarks import edit_latency

        return edit_latency.main(REPO, make_shipped_project, edits=args.edits)
    temp = Path(tempfile.mkdtemp(prefix="wegweiser-bench-"))
    runs: list[Run] = []
    try:
        if args.shipped:
            root = temp / "shipped"
            try:
                make_shipped_project(root)
            except FileNotFoundError as err:
                print(f"skipped: {err}", file=sys.stderr)
                return 1
            plan = [("shipped", root, jobs_for(2, args.jobs))]
        else:
            plan = []
            for step in args.steps:
                root = temp / str(step)
                make_synthetic_project(root, step.municipalities, step.offers, step.languages, args.seed)
                plan.append((str(step), root, jobs_for(step.languages, args.jobs)))
        for name, root, jobs in plan:
            problems = problems_of(root)
            if problems:
                print(f"{name}: the benchmark project is not valid ({len(problems)} problems):", file=sys.stderr)
                print("\n".join(problems[:50]), file=sys.stderr)
                return 1
            for j in jobs:
                run = measure(root, temp / "scratch", name, j)
                runs.append(run)
                print(f"measured {name} at jobs={j}: {run.pages} pages, whole {run.whole:.1f} s "
                      f"(generation {run.generation:.1f}, MkDocs {run.builder:.1f}, post {run.post:.1f}), "
                      f"plain MkDocs {run.plain:.1f} s; CPU: generator + post {run.own_cpu:.1f} s, plain MkDocs "
                      f"{run.plain_cpu:.1f} s", file=sys.stderr, flush=True)
            if not args.keep:
                shutil.rmtree(root, ignore_errors=True)
        print(f"{os.cpu_count()} CPUs; whole run and plain MkDocs at the same parallelism (jobs); growth: ms/page "
              "against the previous step at the same jobs; gen/run_MB: peak RSS of the generator / the whole run")
        print(table(runs))
        if args.keep:
            print(f"projects kept in {temp}")
        return 0
    finally:
        if not args.keep:
            shutil.rmtree(temp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
