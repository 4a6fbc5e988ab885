"""Open data: the directory as files others can read, written once per build into ``site/daten/``.

Pure functions from the model to file contents; :mod:`generator.writer` writes them. What is
exported (paths relative to the site):

- ``daten/hsds/<lang>/``: HSDS 3.1 per language (German is the canonical package, the others have
  the same records with their texts and German where a translation is missing): CSV tables with
  ``datapackage.json``, and the JSON documents ``services.json``, ``organizations.json``,
  ``service_at_locations.json``, ``taxonomies.json``, ``taxonomy_terms.json``;
- ``daten/angebote.geojson``, ``daten/gemeinden.geojson``;
- ``daten/angebote.csv``: one row per offer for spreadsheets (German headers, Excel settings);
- ``daten/integreat-pois.csv``: Integreat CMS's POI import format;
- ``daten/LIZENZ.txt``: the licence and the attribution of OpenStreetMap coordinates.
"""

from __future__ import annotations

import json

from ..model import Directory
from . import common, geojson, hsds, integreat, jsonld, sitemap, spreadsheet
from .common import FOLDER

ODBL = {
    "name": "ODbL-1.0",
    "title": "Open Database License 1.0 (Koordinaten aus OpenStreetMap)",
    "path": "https://opendatacommons.org/licenses/odbl/1-0/",
}
OSM_ATTRIBUTION = "Koordinaten, die aus OpenStreetMap stammen: © OpenStreetMap-Mitwirkende, ODbL 1.0 (https://www.openstreetmap.org/copyright)"


def attribution(directory: Directory) -> str:
    lic = directory.config.data_licence
    return f"{directory.config.site_name}, Lizenz: {lic.name} ({lic.url}). {OSM_ATTRIBUTION}"


def licence_notes(directory: Directory) -> dict:
    lic = directory.config.data_licence
    return {
        "licenses": [{"name": lic.spdx, "title": lic.name, "path": lic.url}, ODBL],
        "sources": [{"title": directory.config.site_name, **({"path": directory.config.site_url} if directory.config.site_url else {})},
                    {"title": "OpenStreetMap-Mitwirkende (Koordinaten, wo als Quelle genannt)", "path": "https://www.openstreetmap.org/copyright"}],
    }


def licence_text(directory: Directory) -> str:
    lic = directory.config.data_licence
    return (
        f"{directory.config.site_name}: offene Daten\n\n"
        f"Lizenz der Daten: {lic.name}\n{lic.url}\n\n"
        f"Namensnennung: {directory.config.site_name}"
        + (f" ({directory.config.site_url})" if directory.config.site_url else "") + "\n\n"
        f"{OSM_ATTRIBUTION}\n"
        "Welche Koordinaten aus OpenStreetMap stammen, steht bei jedem Angebot unter den Quellen.\n\n"
        "Jede Angabe hat ihre Quelle (HSDS: Attribute \"Quelle\"; Tabelle: Spalte \"Quellen\").\n"
        "Zeiten sind Ortszeit (Europe/Berlin).\n"
    )


def _json(data) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def export(directory: Directory) -> dict[str, bytes]:
    """Every open-data file: path relative to the site → content."""
    notes = licence_notes(directory)
    files: dict[str, bytes] = {}
    for lang in directory.config.languages:
        for name, content in hsds.package(directory, lang, notes).items():
            files[f"{FOLDER}/hsds/{lang}/{name}"] = content.encode("utf-8")
    credit = attribution(directory)
    files[f"{FOLDER}/angebote.geojson"] = _json(geojson.offers(directory, credit))
    files[f"{FOLDER}/gemeinden.geojson"] = _json(geojson.municipalities(directory, credit))
    files[f"{FOLDER}/angebote.csv"] = spreadsheet.spreadsheet(directory)
    files[f"{FOLDER}/integreat-pois.csv"] = integreat.pois_csv(directory)
    files[f"{FOLDER}/LIZENZ.txt"] = licence_text(directory).encode("utf-8")
    return files


_cache: dict[int, tuple[Directory, dict[str, bytes]]] = {}


def files(directory: Directory) -> dict[str, bytes]:
    """:func:`export`, computed once per directory (the build writes it; every language's page lists it)."""
    hit = _cache.get(id(directory))
    if hit is None or hit[0] is not directory:
        _cache.clear()
        hit = _cache[id(directory)] = (directory, export(directory))
    return hit[1]


__all__ = ["FOLDER", "common", "export", "files", "attribution", "licence_text"]


KINDS = {
    ".geojson": "GeoJSON",
    "angebote.csv": "CSV (Excel, LibreOffice)",
    "integreat-pois.csv": "CSV (Integreat CMS, import_pois_from_csv)",
    "LIZENZ.txt": "Text",
    "datapackage.json": "HSDS 3.1, Frictionless Data Package",
    ".csv": "HSDS 3.1, CSV",
    ".json": "HSDS 3.1, JSON",
}


def describe(path: str) -> str:
    name = path.rpartition("/")[2]
    if "/hsds/" not in path and name in KINDS:
        return KINDS[name]
    return next(kind for suffix, kind in KINDS.items() if name.endswith(suffix))


def listing(directory: Directory) -> list[tuple[str, str, str, int]]:
    """(path, name, format, bytes) for the open-data page: single files, the German HSDS package file
    by file, every other language's HSDS package as one row (its datapackage.json, the package's size)."""
    all_files = files(directory)
    source = directory.config.source_language
    rows = [(p, p.removeprefix(FOLDER + "/"), describe(p), len(c)) for p, c in all_files.items() if "/hsds/" not in p]
    german = f"{FOLDER}/hsds/{source}/"
    rows += [(p, p.removeprefix(FOLDER + "/"), describe(p), len(c)) for p, c in sorted(all_files.items()) if p.startswith(german)]
    for lang in directory.config.languages:
        if lang == source:
            continue
        prefix = f"{FOLDER}/hsds/{lang}/"
        size = sum(len(c) for p, c in all_files.items() if p.startswith(prefix))
        rows.append((prefix + "datapackage.json", f"hsds/{lang}/", f"HSDS 3.1 ({lang})", size))
    return rows


def site_files(directory: Directory, languages: tuple[str, ...]) -> dict[str, bytes]:
    """Every file the build adds to the site for others to read: the open data (:func:`files`) and,
    when the site's address is known, a sitemap per language with hreflang alternates and their index."""
    import gzip

    from ..render import OPEN_DATA_URL, PLAN_URL, page_specs

    out = dict(files(directory))
    if directory.config.site_url:
        urls = [s.url for s in page_specs(directory) if s.template != "moved.html.j2" and s.url != PLAN_URL]
        assert OPEN_DATA_URL in urls
        for lang in languages:
            text = sitemap.sitemap(directory, lang, urls, languages).encode("utf-8")
            out[f"{lang}/sitemap.xml"] = text
            out[f"{lang}/sitemap.xml.gz"] = gzip.compress(text, mtime=0)
        out["sitemap.xml"] = sitemap.index(directory, languages).encode("utf-8")
    return out
