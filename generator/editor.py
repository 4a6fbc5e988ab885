"""The editing app under ``/redaktion/`` (Decap CMS): its configuration, made from the schema.

Nothing here is kept by hand: the forms are the field descriptors of :mod:`generator.schema`
(``Field.widget``), the lists they offer (categories, municipalities, languages) come from the
model, and the file formats' options from :mod:`generator.format`. ``build.py`` hands the result
to the writer, which puts it beside the app's own files (``editor/``) into ``site/redaktion/``.

Why Decap CMS (and not Sveltia CMS): Decap has a local backend, ``decap-server`` from npm, that
serves a git checkout to the app on 127.0.0.1, so ``./run edit`` and the browser tests drive the
real app against real files (Sveltia's local mode needs the browser's folder picker, which no
headless browser can answer); Decap's GitHub backend has the editorial workflow, where every
change becomes a pull request (Sveltia has none); and Decap registers custom file formats,
widgets and previews, which the house format, the opening-hours check and the preview need.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from . import fields, schema
from .loader import DISTRICT_FOLDER
from .localize import direction
from .model import Directory

SITE_DIR = "redaktion"  # the app's folder in the built site
SOURCE = Path(__file__).resolve().parents[1] / "editor"  # the app's own files, part of the program
LOCAL_BACKEND_PORT = 8081  # decap-server's default port (./run edit)
BRANCH = "main"
# The app's own files, copied unchanged (besides the page's policy) into site/redaktion/.
APP_FILES = ("index.html", "manual-init.js", "app.js", "opening-hours-check.js", "house-format.js")
VENDOR_DIR = "vendor"  # vendored libraries with their licences (every file in it but README.md)

# The Content-Security-Policy of the app's page, only as wide as Decap needs: its own scripts
# ('unsafe-eval': Decap checks config.yml with ajv, which compiles its schema into functions),
# the style elements it inserts itself (emotion: 'unsafe-inline'), the local backend on this
# machine (decap-server, any port) and GitHub's API. tests/test_editor.py runs the app under it
# and fails on any violation.
POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self' 'unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "connect-src 'self' http://127.0.0.1:* https://api.github.com",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
])


def github_repo(repo_url: str) -> str:
    """``owner/name`` of a GitHub repository address (mkdocs.yml's ``repo_url``), else ""."""
    parts = urlsplit(repo_url or "")
    path = parts.path.strip("/").removesuffix(".git").split("/")
    if parts.netloc.lower() not in ("github.com", "www.github.com") or len(path) != 2 or not all(path):
        return ""
    return "/".join(path)


def form(table: dict, v: fields.Vocabulary) -> list[dict]:
    """The form of a table of fields: each descriptor's widget, in the table's order.

    An optional group of fields (a translatable text such as description, an address, the
    coordinates) may stay empty as a whole: its descriptor requires nothing inside it
    (``fields.widgets``), so the app does not refuse an offer without a description.
    """
    return fields.widgets(table, v)


def not_after(day: dt.date) -> str:
    """A regular expression for the dates YYYY-MM-DD on or before ``day`` (the list's filter)."""
    text = day.isoformat()
    rest = lambda i: "".join("-" if c == "-" else "[0-9]" for c in text[i + 1:])  # noqa: E731
    smaller = [f"{text[:i]}[0-{int(c) - 1}]{rest(i)}" for i, c in enumerate(text) if c.isdigit() and c != "0"]
    return "^(?:" + "|".join([*smaller, text]) + ")$"


def due_filter(today: dt.date) -> dict:
    """Offers not checked for 12 months, as `wegweiser report --due` counts them."""
    from .report import STALE_AFTER_DAYS

    last = today - dt.timedelta(days=STALE_AFTER_DAYS + 1)
    return {"label": "Prüfung fällig (älter als 12 Monate)", "field": "verified", "pattern": not_after(last)}


def offer_collection(name: str, label: str, folder: str, shared: dict) -> dict:
    """One folder of offers: the municipality's, or the district's. ``shared``: what every folder's
    collection has alike (:func:`offer_settings`), the same objects each time."""
    return {
        "name": name,
        "label": label,
        "label_singular": "Angebot",
        "description": f"Angebote im Ordner {folder}/. Neue Angebote bekommen ihren Dateinamen aus dem deutschen Namen.",
        "folder": folder,
        "extension": "yml",
        "format": "wegweiser-offer",
        "create": True,
        "identifier_field": "name.de",
        "slug": "{{fields.name.de}}",
        # the list shows each offer's last check; oldest first, so what is due comes first
        "summary": "{{fields.name.de}} · zuletzt geprüft {{fields.verified}}",
        **shared,
    }


def offer_settings(v: fields.Vocabulary, today: dt.date) -> dict:
    """The sorting, filter and form every offer collection shares. Made once and given to every
    collection as the same objects, so the YAML writes them once (an anchor) and refers to them
    (aliases): one form instead of one per town (the app's parser allows any number of aliases)."""
    return {
        "sortable_fields": [
            {"field": "verified", "label": "Zuletzt geprüft", "default_sort": "asc"},
            {"field": "name.de", "label": "Name"},
        ],
        "view_filters": [due_filter(today)],
        "fields": form(schema.OFFER_FIELDS, v),
    }


def list_file(name: str, label: str, path: str, item_label: str, table: dict, v: fields.Vocabulary) -> dict:
    """A file whose data is a YAML list (categories, redirects): the format holds it as ``items``."""
    return {
        "name": name,
        "label": label,
        "format": f"wegweiser-{name}",
        "files": [{
            "name": name,
            "label": label,
            "file": path,
            "fields": [{
                "name": "items", "label": label, "label_singular": item_label, "widget": "list",
                "summary": "{{fields.id}}{{fields.old}}", "fields": form(table, v),
            }],
        }],
    }


def collections(d: Directory, v: fields.Vocabulary) -> list[dict]:
    shared = offer_settings(v, d.today)
    out = [
        offer_collection(f"offers-{m.slug}", m.name, f"municipalities/{m.slug}/offers", shared) for m in d.municipalities
    ]
    district = d.district.name
    out.append(offer_collection(
        f"offers-{DISTRICT_FOLDER}", f"{district}: kreisweite Angebote", f"municipalities/{DISTRICT_FOLDER}/offers", shared))
    municipality_form = form(schema.MUNICIPALITY_FIELDS, v)  # one form for every town's file, as above
    out.append({
        "name": "municipalities",
        "label": "Gemeinden",
        "label_singular": "Gemeinde",
        "format": "wegweiser-municipality",
        "files": [
            {"name": m.slug, "label": m.name, "file": f"municipalities/{m.slug}/municipality.yml",
             "fields": municipality_form}
            for m in d.municipalities
        ],
    })
    out.append({
        "name": "district",
        "label": "Kreis",
        "format": "wegweiser-district",
        "files": [{"name": "district", "label": district, "file": f"municipalities/{DISTRICT_FOLDER}/district.yml",
                   "fields": form(schema.DISTRICT_FIELDS, v)}],
    })
    out.append(list_file("categories", "Kategorien", "content/categories.yml", "Kategorie", schema.CATEGORY_FIELDS, v))
    out.append(list_file("redirects", "Umbenannte und entfernte Angebote", "content/redirects.yml", "Eintrag",
                         schema.REDIRECT_FIELDS, v))
    out.append({
        "name": "pages",
        "label": "Seiten",
        "label_singular": "Seite",
        "description": "Die Seiten der Website (Über uns, Hilfe, Impressum …), je Sprache eine Datei <seite>.<sprache>.md.",
        "folder": "content/pages",
        "extension": "md",
        "format": "frontmatter",
        "create": False,
        "delete": False,
        "identifier_field": "title",
        "summary": "{{fields.title}} ({{filename}})",
        "fields": [*form(schema.PAGE_FIELDS, v),
                   {"name": "body", "label": "Text", "widget": "markdown", "buttons": [
                       "bold", "italic", "link", "heading-two", "heading-three", "bulleted-list", "numbered-list"],
                    "editor_components": [], "modes": ["rich_text", "raw"]}],
    })
    return out


def config(d: Directory, local_port: int = LOCAL_BACKEND_PORT) -> dict:
    """Decap CMS's configuration (``config.yml``)."""
    from .jsonschema import vocabulary

    v = vocabulary(d)
    backend: dict = {"name": "github", "branch": BRANCH}
    repo = github_repo(d.config.repo_url)
    if repo:
        backend["repo"] = repo
    if d.config.editor_auth_url:  # the OAuth proxy that signs editors in with GitHub (CONTRIBUTING.md)
        backend["base_url"] = d.config.editor_auth_url
    out: dict = {
        "backend": backend,
        # every change is a pull request; decap-server (./run edit) offers only the simple mode,
        # so locally the app writes straight into the working tree
        "publish_mode": "editorial_workflow",
        "local_backend": {"url": f"http://127.0.0.1:{local_port}/api/v1"},
        "locale": "de",
        "media_folder": "content/media",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
    }
    if d.config.site_url:
        out["site_url"] = d.config.site_url + "de/"
        out["display_url"] = d.config.site_url + "de/"
    out["collections"] = collections(d, v)
    return out


def config_yaml(d: Directory, local_port: int = LOCAL_BACKEND_PORT) -> str:
    head = "# Written by `wegweiser build` (generator/editor.py) from the schema; do not edit.\n"
    # libyaml's emitter where PyYAML has it (the same text, about four times faster: the configuration
    # has a collection per municipality, 30 s of a build at 190 towns with the pure-Python one)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return head + yaml.dump(config(d, local_port), Dumper=dumper, allow_unicode=True, sort_keys=False, width=4096)


def settings_js(d: Directory, formats: dict) -> str:
    """``settings.js``: what app.js needs besides config.yml (the house format's options per kind)."""
    from .confirm import HOW, HOW_LABELS

    settings = {
        "FORMATS": formats,
        # "Noch aktuell": how an offer was checked, as `wegweiser confirm --how` titles the source entry
        "CHECKS": [{"value": how, "label": HOW_LABELS[how], "title": title} for how, title in HOW.items()],
        "OFFER_COLLECTIONS": [f"offers-{m.slug}" for m in d.municipalities] + [f"offers-{DISTRICT_FOLDER}"],
        "WHOLE_DISTRICT": DISTRICT_FOLDER,
        # each language's field types left to right or right to left (Arabic, Persian, Pashto)
        "DIRECTIONS": {lang: direction(lang) for lang in d.config.languages},
    }
    head = "// Written by `wegweiser build` (generator/editor.py) from the schema; do not edit.\n"
    return head + "".join(
        f"export const {name} = {json.dumps(value, ensure_ascii=False)};\n" for name, value in settings.items()
    )


def app_files(source: Path = SOURCE) -> list[str]:
    """The app's own files (relative to ``editor/``) that the site serves: page, scripts, vendored code."""
    vendored = sorted(
        p.relative_to(source).as_posix() for p in (source / VENDOR_DIR).rglob("*") if p.is_file() and p.name != "README.md"
    )
    return [name for name in APP_FILES if (source / name).is_file()] + vendored


def app_file(rel: str, data: bytes) -> bytes:
    """An app file as the site serves it: the page gets its policy, everything else stays as it is."""
    return page(data.decode("utf-8")).encode("utf-8") if rel == "index.html" else data


def page(html_text: str) -> str:
    """The app's page with its own Content-Security-Policy, right after its charset."""
    policy = html.escape(POLICY, quote=False).replace('"', "&quot;")
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    charset = '<meta charset="utf-8">'
    at = html_text.index(charset) + len(charset)
    return html_text[:at] + "\n" + meta + html_text[at:]


def generated(d: Directory, local_port: int = LOCAL_BACKEND_PORT) -> dict[str, str]:
    """The app's generated files (relative to ``site/redaktion/``): config.yml and settings.js."""
    from .format import editor_options

    return {
        "config.yml": config_yaml(d, local_port),
        "settings.js": settings_js(d, editor_options(d.config.languages)),
    }
