"""Words readers can trust: does every text name the glossary's key terms the glossary's way?

``content/glossary.yml`` says how each language names a key term (Jobcenter, Landratsamt, …).
:func:`warnings` finds texts whose German source contains a term but whose translation does not
contain the term's rendering (or one of its listed forms). It reads the documents the loader
made (they know the line of every value) and the UI catalogs; it judges, it writes nothing.
The results are warnings: ``wegweiser validate`` prints them and still succeeds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from babel.messages.pofile import read_po

from . import schema
from .config import read_config
from .errors import Problem
from .fields import german_language_name
from .loader import RawProject, TextFile
from .localize import LOCALES_DIR
from .model import GlossaryTerm, glossary_terms

GLOSSARY_FILE = "content/glossary.yml"
CATALOG = "LC_MESSAGES/messages.po"
UI_SOURCE_LANGUAGE = "en"  # the msgids are English: the en catalog may leave msgstr empty


def _form(form: str) -> str:
    """A form of the glossary as a regular expression: ``*`` is any letters (no space, no bracket)."""
    return r"[^\s()\[\]]*".join(re.escape(part) for part in form.split("*"))


@lru_cache(maxsize=None)
def _compile(alternatives: tuple[str, ...], whole_words: bool, ignore_case: bool) -> re.Pattern:
    body = "|".join(_form(a) for a in sorted(alternatives, key=len, reverse=True))
    if whole_words:
        body = rf"(?<!\w)(?:{body})(?!\w)"
    return re.compile(body, re.IGNORECASE if ignore_case else 0)


def in_german(term: GlossaryTerm, text: str) -> bool:
    """Does a German text use the term (one of its ``find`` forms, as a whole word)?"""
    return bool(_compile(term.find, True, False).search(text))


def in_language(term: GlossaryTerm, lang: str, text: str) -> bool:
    """Does a text in ``lang`` name the term as the glossary does (its rendering or a listed form)?"""
    alternatives = (term.term.values.get(lang, term.german),) + tuple(term.forms.get(lang, ()))
    return bool(_compile(alternatives, False, True).search(text))


def message(term: GlossaryTerm, lang: str) -> str:
    """The warning's text, e.g. Glossar: „Jobcenter“ heißt auf Ukrainisch „Джобцентр (Jobcenter)“."""
    return f"Glossar: „{term.german}“ heißt auf {german_language_name(lang)} „{term.rendering(lang)}“"


def missing(terms: tuple[GlossaryTerm, ...], german: str, text: str, lang: str) -> list[GlossaryTerm]:
    """The terms that the German text uses and the text in ``lang`` does not name the glossary's way."""
    return [t for t in terms if in_german(t, german) and not in_language(t, lang, text)]


@dataclass(frozen=True)
class Pair:
    """A German text and its translation, with the place of the translation."""

    file: str
    line: int
    field: str
    lang: str
    german: str
    text: str


def _yaml_texts(doc, fields: dict, key: tuple, data: dict, languages, prefix: str = "") -> Iterator[Pair]:
    for name, f in fields.items():
        value = data.get(name)
        if not f.translatable or not isinstance(value, dict) or not isinstance(value.get("de"), str):
            continue
        for lang, text in value.items():
            if lang != "de" and lang in languages and isinstance(text, str):
                yield Pair(doc.path, doc.line(*key, name, lang), f"{prefix}{name}.{lang}", lang, value["de"], text)


def _blocks(body: str) -> list[tuple[int, str]]:
    """(line offset, text) of each paragraph (blocks between blank lines) of a Markdown body."""
    found, start, lines = [], None, body.split("\n")
    for i, line in enumerate(lines + [""]):
        if line.strip() and start is None:
            start = i
        elif not line.strip() and start is not None:
            found.append((start, "\n".join(lines[start:i])))
            start = None
    return found


def _page_texts(files: list[TextFile], languages) -> Iterator[Pair]:
    german = {tf.id: tf for tf in files if tf.lang == "de"}
    for tf in files:
        source = german.get(tf.id)
        if tf.lang == "de" or tf.lang not in languages or source is None or not tf.body.strip():
            continue
        theirs, ours = _blocks(source.body), _blocks(tf.body)
        if len(theirs) == len(ours):  # paragraph by paragraph, with the line of each
            for (_, de), (offset, text) in zip(theirs, ours):
                yield Pair(tf.path, tf.body_line + offset, "text", tf.lang, de, text)
        else:  # the translation is laid out differently: the page as a whole
            yield Pair(tf.path, tf.body_line, "text", tf.lang, source.body, tf.body)


def _catalog_texts(locales: Path, languages) -> Iterator[Pair]:
    german = _read_catalog(locales / "de" / CATALOG, "de")
    if german is None:
        return
    for lang in languages:
        if lang == "de":
            continue
        path = locales / lang / CATALOG
        catalog = _read_catalog(path, lang)
        if catalog is None:
            continue
        rel = _relative(path)
        for msg in catalog:
            source = german.get(msg.id) if msg.id else None
            if source is None or source.fuzzy or msg.fuzzy:
                continue
            text = _joined(msg.string).strip() or (_joined(msg.id) if lang == UI_SOURCE_LANGUAGE else "")
            if text and _joined(source.string):
                yield Pair(rel, msg.lineno, "msgstr", lang, _joined(source.string), text)


def _joined(value) -> str:
    return " ".join(value) if isinstance(value, (tuple, list)) else (value or "")


def _read_catalog(path: Path, lang: str):
    if not path.is_file():
        return None
    with path.open("rb") as fh:
        return read_po(fh, locale=lang)


def _relative(path: Path) -> str:
    root = LOCALES_DIR.parent.parent
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def texts(raw: RawProject, languages: tuple[str, ...], locales: Path | None = LOCALES_DIR) -> Iterator[Pair]:
    """Every translated text of the project with its German source: offers, categories, redirect
    notes, the glossary's explanations, hand-written pages and snippets, and the UI catalogs."""
    for _folder, _id, doc in raw.offers:
        if isinstance(doc.data, dict):
            yield from _yaml_texts(doc, schema.OFFER_FIELDS, (), doc.data, languages)
    for doc, table in ((raw.categories, schema.CATEGORY_FIELDS), (raw.redirects, schema.REDIRECT_FIELDS),
                       (raw.glossary, schema.GLOSSARY_FIELDS)):
        if doc is None or not isinstance(doc.data, list):
            continue
        for i, item in enumerate(doc.data):
            if isinstance(item, dict):
                fields = {k: f for k, f in table.items() if k != "term"}  # the renderings are the glossary itself
                yield from _yaml_texts(doc, fields, (i,), item, languages)
    yield from _page_texts(raw.pages, languages)
    yield from _page_texts(raw.snippets, languages)
    if locales is not None:
        yield from _catalog_texts(locales, languages)


def findings(raw: RawProject, locales: Path | None = LOCALES_DIR) -> list[tuple[str, Problem]]:
    """(language, warning) for every text that names a glossary term differently from the glossary."""
    if raw.glossary is None or not isinstance(raw.glossary.data, list):
        return []
    config, _ = read_config(raw.config)
    terms = glossary_terms(raw.glossary.data)
    found = set()
    for pair in texts(raw, config.languages, locales):
        for term in missing(terms, pair.german, pair.text, pair.lang):
            found.add((pair.lang, Problem(pair.file, pair.line, pair.field, message(term, pair.lang))))
    return sorted(found, key=lambda item: (item[1], item[0]))


def warnings(raw: RawProject, locales: Path | None = LOCALES_DIR) -> list[Problem]:
    """Every text that names a glossary term differently from the glossary (a validated project)."""
    return [problem for _lang, problem in findings(raw, locales)]
