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
        if category.keywords:
            yield "content/categories.yml", f"{category.id}.keywords", category.keywords
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


# -- review by a native speaker -------------------------------------------------------------------

REVIEW_HEADER = """\
Prüfung der Übersetzungen ({lang}) für den Wegweiser Enzkreis.
Jeder Eintrag: msgid ist der deutsche Text, msgstr die Übersetzung, #: Datei und Zeile,
#. ob ein Mensch den Text schon geprüft hat und die Wörter aus dem Glossar (content/glossary.yml).
Ungeprüfte Texte sind als „fuzzy“ markiert. So prüfen Sie: Übersetzung lesen, wenn nötig
verbessern, dann die Markierung „fuzzy“ entfernen (in Poedit: „Benötigt Überarbeitung“ abwählen).
Texte, die „fuzzy“ bleiben, bleiben ungeprüft. Zurück mit:
  wegweiser translations import --lang {lang} --reviewed --file DATEI
Die Texte der Oberfläche stehen in generator/locales/{lang}/LC_MESSAGES/messages.po."""

REVIEWED, NOT_REVIEWED, NO_MARK = "Geprüft: ja", "Geprüft: nein", "Geprüft: diese Datei hat keine Markierung"


@dataclass(frozen=True)
class ReviewText:
    """One text of a language as a reviewer sees it."""

    file: str
    field: str  # as in the translators' export; "text" for a whole page or snippet
    line: int
    german: str
    text: str
    reviewed: bool | None  # None: the file has no review mark (categories, glossary)

    @property
    def key(self) -> str:
        return f"{self.file}#{self.field}"


def _lines(raw) -> dict[tuple[str, str], object]:
    """(file, field) -> the document and key path of that text, for its line."""
    found = {}
    for _folder, _id, doc in raw.offers:
        found.update({(doc.path, name): (doc, (name,)) for name in TRANSLATABLE_OFFER_FIELDS})
    for doc in (raw.categories, raw.glossary):
        if doc is not None and isinstance(doc.data, list):
            for i, item in enumerate(doc.data):
                if isinstance(item, dict):
                    for name in item:
                        found[(doc.path, f"{item.get('id')}.{name}")] = (doc, (i, name))
    return found


def review_texts(directory: Directory, raw, lang: str) -> list[ReviewText]:
    """Every content text that exists in ``lang``, with its German source, place and review state."""
    places = _lines(raw)
    offers = {o.path: o for o in directory.offers.values()}
    found = []
    for file, name, text in content_texts(directory):
        if not text.has(lang):
            continue
        doc, key = places[(file, name)]
        reviewed = (lang not in offers[file].unreviewed) if file in offers else None
        found.append(ReviewText(file, name, doc.line(*key, lang), text.values["de"], text.values[lang], reviewed))
    files = {tf.path: tf for tf in (*raw.pages, *raw.snippets)}
    for kind, pages in (("pages", directory.pages), ("snippets", directory.snippets.values())):
        for page in pages:
            if lang in page.bodies:
                path = f"content/{kind}/{page.id}.{lang}.md"
                found.append(ReviewText(path, "text", files[path].body_line, page.bodies["de"].strip(),
                                        page.bodies[lang].strip(), page.reviewed[lang]))
    return found


def export_review(directory: Directory, raw, lang: str) -> bytes:
    """One PO file for a reviewer: every text of ``lang`` with its German source, file and line,
    review state and the glossary's terms; unreviewed texts are fuzzy."""
    from .glossary import in_german

    catalog = Catalog(locale=lang, project="Wegweiser Enzkreis", msgid_bugs_address="", fuzzy=False,
                      header_comment="# " + REVIEW_HEADER.format(lang=lang).replace("\n", "\n# "))
    for t in review_texts(directory, raw, lang):
        state = NO_MARK if t.reviewed is None else (REVIEWED if t.reviewed else NOT_REVIEWED)
        comments = [state] + [
            f"Glossar: „{term.german}“ = „{term.rendering(lang)}“" for term in directory.glossary if in_german(term, t.german)
        ]
        catalog.add(t.german, t.text, context=t.key, locations=[(t.file, t.line)], auto_comments=comments,
                    flags=() if t.reviewed else ("fuzzy",))
    buf = io.BytesIO()
    write_po(buf, catalog, width=0, omit_header=False)
    return buf.getvalue()


@dataclass(frozen=True)
class Confirmation:
    file: str
    field: str
    text: str
    confirmed: bool  # not fuzzy: a person checked it


def read_review(data: bytes, lang: str) -> list[Confirmation]:
    """The entries of a reviewed file from :func:`export_review` (empty translations are skipped)."""
    catalog = read_po(io.BytesIO(data), locale=lang)
    found = []
    for msg in catalog:
        if not msg.id or not msg.context or "#" not in msg.context or not msg.string:
            continue
        file, _, name = msg.context.rpartition("#")
        found.append(Confirmation(file, name, str(msg.string).strip(), not msg.fuzzy))
    return found
