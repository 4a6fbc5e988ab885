"""What is translated, what is missing, and the exchange file for translators (PO).

Pure functions over the model and the catalogs; :func:`generator.writer.set_yaml_texts`
puts imported translations back into the YAML files without touching anything else.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from . import schema
from .localize import LOCALES_DIR
from .model import Directory, Text

TRANSLATABLE_OFFER_FIELDS = tuple(name for name, f in schema.OFFER_FIELDS.items() if f.translatable)
UI_SOURCE_LANGUAGE = "en"  # the msgids of the UI catalogs are English


@dataclass(frozen=True)
class Gap:
    """One text that exists in German but not in a language."""

    file: str
    field: str
    german: str


@dataclass
class LanguageStatus:
    lang: str
    ui_total: int
    ui_done: int
    ui_missing: list[str] = field(default_factory=list)
    content_total: int = 0
    gaps: list[Gap] = field(default_factory=list)
    unreviewed: list[str] = field(default_factory=list)

    @property
    def content_done(self) -> int:
        return self.content_total - len(self.gaps)



def _catalog(path: Path, lang: str | None = None) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh, locale=lang)


def ui_status(lang: str) -> tuple[int, int, list[str]]:
    """(msgids, translated, missing msgids) of the UI catalog of ``lang``."""
    template = _catalog(LOCALES_DIR / "messages.pot")
    ids = [m.id for m in template if m.id]
    if lang == UI_SOURCE_LANGUAGE:
        return len(ids), len(ids), []
    po = LOCALES_DIR / lang / "LC_MESSAGES" / "messages.po"
    catalog = _catalog(po, lang) if po.is_file() else Catalog(locale=lang)
    missing = []
    for msgid in ids:
        msg = catalog.get(msgid)
        strings = msg.string if msg is not None else ""
        strings = strings if isinstance(strings, (tuple, list)) else (strings,)
        if msg is None or msg.fuzzy or not all(strings):
            missing.append(msgid[0] if isinstance(msgid, tuple) else msgid)
    return len(ids), len(ids) - len(missing), missing


def content_texts(directory: Directory):
    """Every translatable content text: (file, field, Text)."""
    for offer in sorted(directory.offers.values(), key=lambda o: o.path):
        for name in TRANSLATABLE_OFFER_FIELDS:
            value = getattr(offer, name)
            if isinstance(value, Text):
                yield offer.path, name, value
    for category in directory.categories:
        yield "content/categories.yml", f"{category.id}.name", category.name
        if category.description:
            yield "content/categories.yml", f"{category.id}.description", category.description
    for term in directory.glossary:
        yield "content/glossary.yml", f"{term.id}.term", term.term
        if term.explanation:
            yield "content/glossary.yml", f"{term.id}.explanation", term.explanation


def status(directory: Directory, lang: str) -> LanguageStatus:
    total, done, missing = ui_status(lang)
    result = LanguageStatus(lang, total, done, missing)
    for file, name, text in content_texts(directory):
        result.content_total += 1
        if not text.has(lang):
            result.gaps.append(Gap(file, name, text.values["de"]))
    for kind, pages in (("pages", directory.pages), ("snippets", directory.snippets.values())):
        for page in pages:
            result.content_total += 1
            if lang not in page.bodies:
                field = "text" if lang in page.titles else "datei"
                result.gaps.append(Gap(f"content/{kind}/{page.id}.{lang}.md", field, page.bodies["de"]))
            elif not page.reviewed[lang]:
                result.unreviewed.append(f"content/{kind}/{page.id}.{lang}.md")
    result.unreviewed += [o.path for o in sorted(directory.offers.values(), key=lambda o: o.path) if lang in o.unreviewed]
    return result


def _percent(done: int, total: int) -> str:
    return f"{100 * done // total if total else 100:>3d} %"


def format_report(statuses: list[LanguageStatus], details: bool = True, glossary: list[str] | None = None) -> str:
    """The table per language; with ``details`` every gap, every unreviewed file and every text that
    names a glossary term differently from content/glossary.yml (``glossary``: those warnings)."""
    lines = ["Sprache  Oberfläche         Inhalte            ungeprüft"]
    for s in statuses:
        lines.append(
            f"{s.lang:<8} {s.ui_done:>4}/{s.ui_total:<4} {_percent(s.ui_done, s.ui_total)}   "
            f"{s.content_done:>4}/{s.content_total:<4} {_percent(s.content_done, s.content_total)}   {len(s.unreviewed):>4}"
        )
    if details:
        for s in statuses:
            if s.ui_missing or s.gaps or s.unreviewed:
                lines.append("")
                lines.append(f"[{s.lang}]")
            lines += [f"  Oberfläche: \"{msgid}\" fehlt" for msgid in s.ui_missing]
            lines += [f"  {gap.file}: {gap.field} fehlt" for gap in s.gaps]
            lines += [f"  {path}: Übersetzung ungeprüft" for path in s.unreviewed]
        if glossary:
            lines += ["", f"Glossar (content/glossary.yml): {len(glossary)} Text(e) nennen einen Begriff anders"]
            lines += [f"  {warning}" for warning in glossary]
    return "\n".join(lines) + "\n"


def export_po(directory: Directory, lang: str) -> bytes:
    """A PO file with every missing offer and category text of ``lang`` (German as msgid)."""
    catalog = Catalog(locale=lang, project="Wegweiser Enzkreis", msgid_bugs_address="", fuzzy=False)
    for file, name, text in content_texts(directory):
        if not text.has(lang):
            catalog.add(text.values["de"], "", context=f"{file}#{name}")
    buf = io.BytesIO()
    write_po(buf, catalog, width=0, omit_header=False)
    return buf.getvalue()


@dataclass(frozen=True)
class Translation:
    file: str
    field: str  # "description" in offers, "<id>.name" in categories.yml
    text: str


def read_translations(data: bytes, lang: str) -> list[Translation]:
    """The filled-in entries of a PO file from :func:`export_po` (empty and fuzzy ones are skipped)."""
    catalog = read_po(io.BytesIO(data), locale=lang)
    found = []
    for msg in catalog:
        if not msg.id or not msg.context or "#" not in msg.context or msg.fuzzy or not msg.string:
            continue
        file, _, name = msg.context.rpartition("#")
        found.append(Translation(file, name, str(msg.string).strip()))
    return found
