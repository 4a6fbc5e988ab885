"""Stage 1: read every data file of a project, keeping the line of each value.

This is the only module that reads data files. It never judges content; it only turns
files into :class:`Document` objects (or YAML syntax problems) for :mod:`generator.validate`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem

Key = tuple  # a path into a document, e.g. ("address", "street") or ("phone", 0)

DISTRICT_FOLDER = "enzkreis"
PAGE_NAME = re.compile(r"^(?P<id>[a-z0-9-]+)\.(?P<lang>[a-z]{2,3})\.md$")
# Limits that keep CI fast on a hostile pull request. The largest shipped file is 16 KB
# (content/categories.yml); the largest hand-written page 7 KB.
MAX_YAML_BYTES = 512 * 1024
MAX_TEXT_BYTES = 256 * 1024
FRONT_MATTER = re.compile(r"\A---\n(?P<meta>.*?)\n---\n?(?P<body>.*)\Z", re.S)


@dataclass
class Document:
    """One parsed file: its data and the line of every key and list item."""

    path: str  # relative to the project root, with forward slashes
    data: Any
    lines: dict[Key, int] = field(default_factory=dict)

    def line(self, *key: Any) -> int:
        """The line of ``key``, or of its nearest ancestor that has one."""
        k = tuple(key)
        while k:
            if k in self.lines:
                return self.lines[k]
            k = k[:-1]
        return self.lines.get((), 1)


@dataclass
class TextFile:
    """A Markdown file with optional front matter (hand-written pages and snippets)."""

    path: str
    id: str
    lang: str
    meta: Document
    body: str
    body_line: int


@dataclass
class RawProject:
    """Everything the loader found, before any judgement."""

    root: Path
    config: Document
    categories: Document | None
    redirects: Document | None  # content/redirects.yml, optional
    mirror_hosts: Document | None  # content/mirror-hosts.yml, optional: copies that are no source
    district: Document | None
    municipalities: dict[str, Document]  # slug -> municipality.yml
    municipality_folders: list[str]  # every municipality folder, readable or not
    offers: list[tuple[str, str, Document]]  # (folder slug, offer id, document)
    pages: list[TextFile]
    snippets: list[TextFile]
    problems: list[Problem]  # syntax problems and missing files
    stray_files: list[str]  # files in municipalities/ that match no known pattern
    glossary: Document | None = None  # content/glossary.yml, optional: key terms in every language


class _DuplicateKey(Exception):
    def __init__(self, key: str, line: int):
        self.key, self.line = key, line


class _Refused(Exception):
    """A value the loader will not build; becomes a Problem at ``line``."""

    def __init__(self, line: int, field: str, message: str):
        self.line, self.field, self.message = line, field, message


class _PositionLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml's parser when present
    """A safe loader that ignores unknown tags (``!ENV`` and friends in mkdocs.yml)."""


_PositionLoader.add_constructor(None, lambda loader, node: None)  # type: ignore[arg-type]


def _build(loader: _PositionLoader, node: yaml.Node, key: Key, lines: dict[Key, int]) -> Any:
    lines.setdefault(key, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            k = _build(loader, key_node, key + ("\0key",), {})
            if isinstance(k, (list, dict)):
                k = str(k)
            if k in out:
                raise _DuplicateKey(str(k), key_node.start_mark.line + 1)
            lines[key + (k,)] = key_node.start_mark.line + 1
            out[k] = _build(loader, value_node, key + (k,), lines)
        return out
    if isinstance(node, yaml.SequenceNode):
        items = []
        for i, item in enumerate(node.value):
            lines[key + (i,)] = item.start_mark.line + 1
            items.append(_build(loader, item, key + (i,), lines))
        return items
    try:
        return loader.construct_object(node, deep=True)
    except (ValueError, OverflowError) as err:  # "2026-13-45", an integer of 5,000 digits, "!!int abc"
        field = ".".join(str(k) for k in key if isinstance(k, str) and k != "\0key") or "yaml"
        line = node.start_mark.line + 1
        value = str(node.value)
        shown = value if len(value) <= 40 else value[:40] + "…"
        if node.tag == "tag:yaml.org,2002:timestamp":
            raise _Refused(line, field, f"\"{shown}\" ist kein gültiges Datum (Beispiel: 2026-01-31)") from err
        raise _Refused(line, field, f"\"{shown}\" kann nicht gelesen werden; bitte in Anführungszeichen setzen") from err


def _first_alias(text: str) -> yaml.Token | None:
    """The first alias (``*name``) in ``text``, found by the scanner alone (linear time)."""
    if "*" not in text:
        return None
    for token in yaml.scan(text, Loader=_PositionLoader):
        if isinstance(token, yaml.AliasToken):
            return token
    return None


def _too_big(size: int, limit: int) -> str:
    return f"Datei ist zu groß ({-(-size // 1024)} KB, erlaubt sind höchstens {limit // 1024} KB)"


def parse_yaml(text: str, path: str) -> tuple[Document | None, list[Problem]]:
    """Parse YAML text into a :class:`Document`, or report why it cannot be read.

    Data files need no anchors and aliases (``&name``, ``*name``), and an alias can make a small
    file expand into millions of values ("billion laughs"): a file with an alias is refused after
    scanning it, before anything is built.
    """
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_YAML_BYTES:
        return None, [Problem(path, 1, "datei", _too_big(size, MAX_YAML_BYTES))]
    loader = None
    try:
        alias = _first_alias(text)
        if alias is not None:
            message = f"YAML-Verweise (*{alias.value}) sind in Datendateien nicht erlaubt; bitte den Wert ausschreiben"
            return None, [Problem(path, alias.start_mark.line + 1, "yaml", message)]
        loader = _PositionLoader(text)
        node = loader.get_single_node()
        lines: dict[Key, int] = {(): 1}
        data = None if node is None else _build(loader, node, (), lines)
        lines[()] = 1
        return Document(path, data, lines), []
    except _DuplicateKey as dup:
        return None, [Problem(path, dup.line, dup.key, "Schlüssel steht doppelt in der Datei")]
    except _Refused as refused:
        return None, [Problem(path, refused.line, refused.field, refused.message)]
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else 1
        what = err.problem or err.context or "unlesbar"
        return None, [Problem(path, line, "yaml", f"YAML-Syntaxfehler: {what}")]
    except yaml.reader.ReaderError as err:
        line = text[: err.position].count("\n") + 1
        char = f"U+{err.character:04X}" if isinstance(err.character, int) else repr(err.character)
        return None, [Problem(path, line, "yaml", f"YAML-Syntaxfehler: unerlaubtes Steuerzeichen {char}")]
    except (yaml.YAMLError, RecursionError) as err:
        return None, [Problem(path, 1, "yaml", f"YAML-Syntaxfehler: {err}")]
    finally:
        if loader is not None:
            loader.dispose()


def _read(path: Path, root: Path, limit: int = MAX_YAML_BYTES) -> tuple[str | None, list[Problem]]:
    """The text of ``path``; at most ``limit`` bytes are read, whatever the file is."""
    rel = path.relative_to(root).as_posix()
    if path.is_symlink():  # e.g. a link to /dev/zero or to a file outside the project
        return None, [Problem(rel, 1, "datei", "Datei ist ein symbolischer Link; bitte die Datei selbst einchecken")]
    try:
        with path.open("rb") as file:
            data = file.read(limit + 1)
            if len(data) > limit:
                size = max(path.stat().st_size, len(data))
                return None, [Problem(rel, 1, "datei", _too_big(size, limit))]
        text = data.decode("utf-8")
        return text.replace("\r\n", "\n").replace("\r", "\n"), []  # universal newlines, as read_text()
    except UnicodeDecodeError:
        return None, [Problem(rel, 1, "datei", "Datei ist nicht in UTF-8 gespeichert")]
    except OSError as err:
        return None, [Problem(rel, 1, "datei", f"Datei kann nicht gelesen werden ({err.strerror})")]


def read_text(path: Path, root: Path) -> tuple[str | None, list[Problem]]:
    """The text of a data file, or why it cannot be read (``wegweiser format`` rewrites it)."""
    return _read(path, root)


def load_yaml_file(path: Path, root: Path) -> tuple[Document | None, list[Problem]]:
    text, problems = _read(path, root)
    if text is None:
        return None, problems
    return parse_yaml(text, path.relative_to(root).as_posix())


def _load_text_files(folder: Path, root: Path) -> tuple[list[TextFile], list[Problem]]:
    files: list[TextFile] = []
    problems: list[Problem] = []
    if not folder.is_dir():
        return files, problems
    for path in sorted(folder.iterdir()):
        rel = path.relative_to(root).as_posix()
        match = PAGE_NAME.match(path.name)
        if not match:
            problems.append(
                Problem(rel, 1, "datei", "Dateiname muss die Form <seite>.<sprache>.md haben, z. B. about.de.md")
            )
            continue
        text, read_problems = _read(path, root, MAX_TEXT_BYTES)
        problems += read_problems
        if text is None:
            continue
        meta_text, body, body_line = "", text, 1
        fm = FRONT_MATTER.match(text)
        if fm:
            meta_text, body = fm.group("meta"), fm.group("body")
            body_line = meta_text.count("\n") + 4
        meta, meta_problems = parse_yaml(meta_text, rel)
        if meta is not None:
            # front matter starts on line 2 of the file
            meta.lines = {k: v + 1 for k, v in meta.lines.items()}
            meta.lines[()] = 1
        problems += meta_problems
        files.append(
            TextFile(rel, match["id"], match["lang"], meta or Document(rel, None), body, body_line)
        )
    return files, problems


def read_cache(path: Path) -> Any:
    """A build cache written by :func:`generator.writer.write_cache` (JSON), or None when there is
    none or it cannot be read: a cache only saves work, the build never depends on it."""
    import json

    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def read_import_file(path: Path) -> bytes:
    """The bytes of a file to import (``wegweiser import``): its encoding is the importer's to find out."""
    return Path(path).read_bytes()


def read_import_package(path: Path) -> dict[str, bytes]:
    """A tabular data package to import (its folder, or its datapackage.json): datapackage.json and
    the CSV files beside it, by name (nothing from other folders: a package names only its own files)."""
    path = Path(path)
    folder = path if path.is_dir() else path.parent
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())
            if p.is_file() and not p.is_symlink() and (p.name == "datapackage.json" or p.suffix.lower() == ".csv")}


def load_project(root: Path, config_file: str = "mkdocs.yml") -> RawProject:
    """Read the project at ``root``: configuration, categories, municipalities, offers and pages."""
    root = Path(root)
    problems: list[Problem] = []
    config_path = root / config_file
    if config_path.is_file():
        config, found = load_yaml_file(config_path, root)
        problems += found
    else:
        config = None
        problems.append(Problem(config_file, 1, "datei", "Datei fehlt"))
    config = config or Document(config_file, {})

    categories = None
    categories_path = root / "content" / "categories.yml"
    if categories_path.is_file():
        categories, found = load_yaml_file(categories_path, root)
        problems += found
    else:
        problems.append(Problem("content/categories.yml", 1, "datei", "Datei fehlt"))

    redirects = None
    redirects_path = root / "content" / "redirects.yml"
    if redirects_path.is_file():
        redirects, found = load_yaml_file(redirects_path, root)
        problems += found

    mirror_hosts = None
    mirror_path = root / "content" / "mirror-hosts.yml"
    if mirror_path.is_file():
        mirror_hosts, found = load_yaml_file(mirror_path, root)
        problems += found

    glossary = None
    glossary_path = root / "content" / "glossary.yml"
    if glossary_path.is_file():
        glossary, found = load_yaml_file(glossary_path, root)
        problems += found

    municipalities: dict[str, Document] = {}
    offers: list[tuple[str, str, Document]] = []
    stray: list[str] = []
    district = None
    base = root / "municipalities"
    if not base.is_dir():
        problems.append(Problem("municipalities", 1, "datei", "Ordner fehlt"))
    folders: list[str] = []
    for folder in sorted(p for p in base.iterdir() if p.is_dir()) if base.is_dir() else []:
        slug = folder.name
        if slug != DISTRICT_FOLDER:
            folders.append(slug)
        main_name = "district.yml" if slug == DISTRICT_FOLDER else "municipality.yml"
        main = folder / main_name
        if main.is_file():
            doc, found = load_yaml_file(main, root)
            problems += found
            if doc is not None:
                if slug == DISTRICT_FOLDER:
                    district = doc
                else:
                    municipalities[slug] = doc
        else:
            problems.append(Problem(f"municipalities/{slug}/{main_name}", 1, "datei", "Datei fehlt"))
        for path in sorted(folder.rglob("*")):
            if path.is_dir() or path == main:
                continue
            rel = path.relative_to(root).as_posix()
            if path.parent == folder / "offers" and path.suffix == ".yml":
                doc, found = load_yaml_file(path, root)
                problems += found
                if doc is not None:
                    offers.append((slug, path.stem, doc))
            else:
                stray.append(rel)

    pages, found = _load_text_files(root / "content" / "pages", root)
    problems += found
    snippets, found = _load_text_files(root / "content" / "snippets", root)
    problems += found
    return RawProject(
        root=root,
        config=config,
        categories=categories,
        redirects=redirects,
        mirror_hosts=mirror_hosts,
        district=district,
        municipalities=municipalities,
        municipality_folders=folders,
        offers=offers,
        pages=pages,
        snippets=snippets,
        problems=problems,
        stray_files=stray,
        glossary=glossary,
    )
