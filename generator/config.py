"""Site settings, read from the ``extra.wegweiser`` section of ``mkdocs.yml``.

Keeping them there means one configuration file for editors; only plain YAML is read, so the
settings survive a move from MkDocs to another builder that reads ``mkdocs.yml``.
"""

from __future__ import annotations

from dataclasses import dataclass

from babel import Locale

from .errors import Problem
from .fields import EMAIL
from .loader import Document


@dataclass(frozen=True)
class Bounds:
    south: float
    west: float
    north: float
    east: float

    def contains(self, lat: float, lon: float) -> bool:
        return self.south <= lat <= self.north and self.west <= lon <= self.east


@dataclass(frozen=True)
class MapConfig:
    """The tile server, asked only after the reader taps "Show map"."""

    tiles: str
    attribution: str  # HTML from the site's own configuration (the tile policy requires it)
    max_zoom: int

    @property
    def tile_origin(self) -> str:
        """The origin the Content-Security-Policy must allow images from."""
        from urllib.parse import urlsplit

        parts = urlsplit(self.tiles.replace("{s}", "a"))
        return f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""


@dataclass(frozen=True)
class DataLicence:
    """The licence of the open data (``extra.wegweiser.data_licence``), stated on the page and in every package."""

    name: str
    spdx: str  # SPDX identifier, as data packages expect it
    url: str


# CC BY 4.0: the licence HSDS consumers, Frictionless tools and search engines know by its SPDX id;
# it asks only for attribution, and Germany's Datenlizenz Deutschland – Namensnennung 2.0 is
# compatible with it. Coordinates from OpenStreetMap stay under the ODbL (stated beside it).
DEFAULT_DATA_LICENCE = DataLicence(
    name="Creative Commons Namensnennung 4.0 International (CC BY 4.0)",
    spdx="CC-BY-4.0",
    url="https://creativecommons.org/licenses/by/4.0/deed.de",
)


DEFAULT_MAP = MapConfig(
    tiles="https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    attribution='&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
    max_zoom=19,
)


@dataclass(frozen=True)
class SiteConfig:
    site_name: str
    site_url: str  # absolute URL of the site root, ending in "/" ("" when unknown)
    languages: tuple[str, ...]  # the first is the source language
    bounds: Bounds
    repo_url: str
    language_names: dict[str, str]  # labels for the language chooser where CLDR's endonym is not enough
    map: MapConfig = DEFAULT_MAP
    data_licence: DataLicence = DEFAULT_DATA_LICENCE
    editor_auth_url: str = ""  # the editing app's sign-in service for GitHub (an OAuth proxy), "" when none
    report_email: str = ""  # where "Fehler melden" writes to (the editors), "" when none: then no e-mail link

    @property
    def issue_form_url(self) -> str:
        """The repository's issue form for mistakes (.github/ISSUE_TEMPLATE/fehler.yml), "" without repo_url."""
        return f"{self.repo_url.rstrip('/')}/issues/new?template=fehler.yml" if self.repo_url else ""

    def language_label(self, lang: str) -> str:
        from .localize import endonym

        return self.language_names.get(lang) or endonym(lang)

    @property
    def source_language(self) -> str:
        return self.languages[0]


DEFAULT_BOUNDS = Bounds(48.70, 8.45, 49.15, 9.05)


def read_config(doc: Document) -> tuple[SiteConfig, list[Problem]]:
    """Read and check the site settings; unknown or bad values become problems."""
    problems: list[Problem] = []
    data = doc.data if isinstance(doc.data, dict) else {}
    extra = data.get("extra") if isinstance(data.get("extra"), dict) else {}
    ww = extra.get("wegweiser") if isinstance(extra.get("wegweiser"), dict) else {}

    def problem(key: tuple, field: str, message: str) -> None:
        problems.append(Problem(doc.path, doc.line(*key), field, message))

    if not ww:
        problem(("extra",), "extra.wegweiser", "Abschnitt fehlt (Sprachen und Gebiet der Seite)")
    known = {"languages", "bounds", "language_names", "map", "data_licence", "editor_auth_url", "report_email"}
    for key in ww:
        if key not in known:
            problem(("extra", "wegweiser", key), f"extra.wegweiser.{key}", "unbekannter Schlüssel")

    languages = ww.get("languages", ["de"])
    if not isinstance(languages, list) or not languages or not all(isinstance(x, str) for x in languages):
        problem(("extra", "wegweiser", "languages"), "extra.wegweiser.languages", "muss eine Liste von Sprachcodes sein")
        languages = ["de"]
    for i, code in enumerate(languages):
        try:
            Locale.parse(code)
        except (ValueError, TypeError, Exception):  # babel raises UnknownLocaleError or ValueError
            problem(("extra", "wegweiser", "languages", i), "extra.wegweiser.languages", f"unbekannter Sprachcode \"{code}\"")
    if languages[0] != "de":
        problem(("extra", "wegweiser", "languages"), "extra.wegweiser.languages", "die erste Sprache muss de (Deutsch, die Sprache der Daten) sein")

    bounds = DEFAULT_BOUNDS
    raw_bounds = ww.get("bounds")
    if raw_bounds is not None:
        try:
            bounds = Bounds(**{k: float(raw_bounds[k]) for k in ("south", "west", "north", "east")})
        except (KeyError, TypeError, ValueError):
            problem(("extra", "wegweiser", "bounds"), "extra.wegweiser.bounds", "braucht south, west, north und east als Zahlen")

    names = ww.get("language_names") or {}
    if not isinstance(names, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in names.items()):
        problem(("extra", "wegweiser", "language_names"), "extra.wegweiser.language_names", "muss Sprachcode: Name sein, z. B. fa: دری / فارسی")
        names = {}

    map_config = DEFAULT_MAP
    raw_map = ww.get("map")
    if raw_map is not None:
        try:
            map_config = MapConfig(
                tiles=str(raw_map.get("tiles", DEFAULT_MAP.tiles)),
                attribution=str(raw_map.get("attribution", DEFAULT_MAP.attribution)),
                max_zoom=int(raw_map.get("max_zoom", DEFAULT_MAP.max_zoom)),
            )
            if not map_config.tile_origin or "{z}" not in map_config.tiles:
                raise ValueError
        except (AttributeError, TypeError, ValueError):
            problem(("extra", "wegweiser", "map"), "extra.wegweiser.map",
                    "braucht tiles (https://…/{z}/{x}/{y}.png), attribution und max_zoom")
            map_config = DEFAULT_MAP

    data_licence = DEFAULT_DATA_LICENCE
    raw_licence = ww.get("data_licence")
    if raw_licence is not None:
        if isinstance(raw_licence, dict) and all(isinstance(raw_licence.get(k), str) and raw_licence[k].strip()
                                                  for k in ("name", "spdx", "url")):
            data_licence = DataLicence(raw_licence["name"].strip(), raw_licence["spdx"].strip(), raw_licence["url"].strip())
        else:
            problem(("extra", "wegweiser", "data_licence"), "extra.wegweiser.data_licence",
                    "braucht name, spdx (z. B. CC-BY-4.0) und url der Lizenz")

    editor_auth_url = ww.get("editor_auth_url") or ""
    if editor_auth_url and (not isinstance(editor_auth_url, str) or not editor_auth_url.startswith("https://")):
        problem(("extra", "wegweiser", "editor_auth_url"), "extra.wegweiser.editor_auth_url",
                "muss die Adresse des Anmeldedienstes sein, beginnt mit https://")
        editor_auth_url = ""

    report_email = ww.get("report_email") or ""
    if report_email and (not isinstance(report_email, str) or not EMAIL.match(report_email)):
        problem(("extra", "wegweiser", "report_email"), "extra.wegweiser.report_email",
                f"\"{report_email}\" ist keine E-Mail-Adresse (Beispiel: redaktion@example.org)")
        report_email = ""

    site_url = data.get("site_url") or ""
    if site_url and not site_url.endswith("/"):
        site_url += "/"
    config = SiteConfig(
        site_name=str(data.get("site_name") or "Wegweiser"),
        site_url=site_url,
        languages=tuple(languages),
        bounds=bounds,
        repo_url=str(data.get("repo_url") or ""),
        language_names=dict(names),
        map=map_config,
        data_licence=data_licence,
        editor_auth_url=editor_auth_url.rstrip("/"),
        report_email=report_email,
    )
    return config, problems
