"""``wegweiser format``: the house format of data files.

Every data file looks the same, whoever wrote it (an editor in git, the editing app, a tool):

- the first line is ``# yaml-language-server: $schema=…`` (completion and checks in editors);
- top-level keys in the order of the field table in :mod:`generator.schema` (entries of
  ``source`` and a few nested mappings in theirs), translatable texts in the site's language
  order (German first); keys the table does not know keep their place after the known ones;
- block lists two spaces in under their key (``  - title: …``), two spaces per level;
- what the editor chose stays: flow lists (``[de, en]``) and flow mappings stay flow, quoting
  stays, ``|`` block scalars stay; comments stay with the key or list entry they precede;
- comments before the first key belong to the file and stay at its top (with single blank lines
  between them and after them, if there were any); no other blank lines outside block scalars,
  no trailing whitespace, one final newline.

:func:`format_text` re-emits a file from PyYAML's node tree (styles and source positions),
copying every one-line scalar byte for byte from the source. :func:`dump` writes plain data
(a new file) with the same rules as the editing app's ``editor/house-format.js``: both quote
exactly the strings YAML 1.1 or 1.2 would misread, so their output agrees and is a fixpoint
of :func:`format_text`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import schema
from .errors import Problem

OFFER_PATH = re.compile(r"^municipalities/[^/]+/offers/[^/]+\.yml$")
MUNICIPALITY_PATH = re.compile(r"^municipalities/[^/]+/municipality\.yml$")
DISTRICT_PATH = "municipalities/enzkreis/district.yml"
CATEGORIES_PATH = "content/categories.yml"
REDIRECTS_PATH = "content/redirects.yml"



def _nested_order() -> dict[str, tuple[str, ...]]:
    """Key order of nested mappings, by the key they stand under (at any depth).

    Taken from the field tables: a field with sub-fields (``address``) or with a table for its
    entries (``source``) orders them as its table does.
    """
    out: dict[str, tuple[str, ...]] = {"source": tuple(schema.SOURCE_FIELDS)}
    for table in (schema.OFFER_FIELDS, schema.MUNICIPALITY_FIELDS, schema.DISTRICT_FIELDS, schema.SOURCE_FIELDS):
        for name, f in table.items():
            sub = getattr(f, "fields", None)
            item = getattr(f, "item", None)
            if isinstance(sub, dict) and sub:
                out.setdefault(name, tuple(sub))
            elif callable(item) and not hasattr(item, "check"):
                entries = item()
                if isinstance(entries, dict):
                    out.setdefault(name, tuple(entries))
    return out


NESTED_ORDER = _nested_order()

NOT_HOUSE_FORMAT = "nicht im Hausformat; `wegweiser format {file}` bringt die Datei in Form"
NOT_A_DATA_FILE = (
    "keine Datendatei des Wegweisers (Angebot, municipality.yml, district.yml, "
    "content/categories.yml oder content/redirects.yml)"
)
CHANGES_DATA = "Formatieren würde die Daten verändern; bitte von Hand in Form bringen"
MANY_DOCUMENTS = "mehr als ein YAML-Dokument in der Datei"


@dataclass(frozen=True)
class Rules:
    """What the house format of one kind of file needs to know."""

    kind: str  # offer, municipality, district, categories, redirects
    header: str | None  # the first line (without line break), or None (no schema for this kind)
    order: tuple[str, ...]  # keys of the top-level mapping, or of each entry of a top-level list
    languages: tuple[str, ...]  # the site's languages, German first
    translatable: tuple[str, ...]  # keys (at the level of ``order``) holding {lang: text}
    nested: dict[str, tuple[str, ...]] = field(default_factory=lambda: dict(NESTED_ORDER))
    is_list: bool = False  # categories.yml and redirects.yml are a list of entries

    def editor_options(self) -> dict:
        """These rules for ``editor/house-format.js`` (JSON-serialisable)."""
        out = {
            "header": self.header,
            "order": list(self.order),
            "languages": list(self.languages),
            "translatable": list(self.translatable),
            "nested": {k: list(v) for k, v in self.nested.items()},
        }
        if self.is_list:
            out["list"] = "items"
        return out


def _translatable(fields: dict) -> tuple[str, ...]:
    """Names of the fields whose value is a mapping language -> text."""
    out = []
    for name, f in fields.items():
        kind = getattr(f, "kind", None)
        if kind in (getattr(schema, "TEXT", "text"), getattr(schema, "NAMES", "names")) or getattr(f, "translatable", False):
            out.append(name)
    return tuple(out)


TABLES = {
    "offer": (schema.OFFER_FIELDS, False),
    "municipality": (schema.MUNICIPALITY_FIELDS, False),
    "district": (schema.DISTRICT_FIELDS, False),
    "categories": (schema.CATEGORY_FIELDS, True),
    "redirects": (schema.REDIRECT_FIELDS, True),
}


def kind_of(rel: str) -> str | None:
    """The kind of data file at ``rel`` (relative to the project root), or None."""
    if OFFER_PATH.match(rel):
        return "offer"
    if rel == DISTRICT_PATH:
        return "district"
    if MUNICIPALITY_PATH.match(rel):
        return "municipality"
    return {CATEGORIES_PATH: "categories", REDIRECTS_PATH: "redirects"}.get(rel)


def rules(kind: str, languages: tuple[str, ...], depth: int | None = None) -> Rules:
    """The house format of ``kind``; ``depth``: folders between the project root and the file."""
    from .jsonschema import FILES, header

    fields, is_list = TABLES[kind]
    if depth is None:
        depth = {"offer": 3, "municipality": 2, "district": 2}.get(kind, 1)
    head = header(kind, depth).rstrip("\n") if kind in FILES else None
    return Rules(kind, head, tuple(fields), tuple(languages), _translatable(fields), is_list=is_list)


def editor_options(languages: tuple[str, ...]) -> dict[str, dict]:
    """Options of ``editor/house-format.js`` for every kind of data file (for the CMS config)."""
    return {kind: rules(kind, languages).editor_options() for kind in TABLES}


def data_files(root: Path) -> list[str]:
    """Every data file of the project (relative paths), in a stable order."""
    found = [CATEGORIES_PATH, REDIRECTS_PATH]
    base = root / "municipalities"
    found += [p.relative_to(root).as_posix() for p in sorted(base.glob("*/*.yml"))]
    found += [p.relative_to(root).as_posix() for p in sorted(base.glob("*/offers/*.yml"))]
    return [rel for rel in found if (root / rel).is_file() and kind_of(rel)]


# ---------------------------------------------------------------------------------------------
# Scalars: the rules shared with editor/house-format.js

_NUMBER_LIKE = re.compile(r"^[-+]?(\.?[0-9]|\.(inf|nan)$)", re.I)
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_SPECIAL = {"null", "~", "true", "false", "yes", "no", "on", "off", "y", "n", "=", "<<"}
_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")
_PRINTABLE = re.compile("^[\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]*$")


def needs_quotes(s: str, flow: bool = False) -> bool:
    """True if ``s`` written plain would not read back as the same string (YAML 1.1 and 1.2)."""
    if s == "" or s != s.strip() or not _PRINTABLE.match(s):
        return True
    if _DATE.match(s):
        return False  # written plain on purpose: a date
    if s[0] in _INDICATORS or s.lower() in _SPECIAL or _NUMBER_LIKE.match(s):
        return True
    if ": " in s or " #" in s or s.endswith(":"):
        return True
    return flow and any(c in s for c in ",[]{}")


def double_quoted(s: str) -> str:
    out = []
    for c in s:
        if c == "\\":
            out.append("\\\\")
        elif c == '"':
            out.append('\\"')
        elif c == "\n":
            out.append("\\n")
        elif c == "\t":
            out.append("\\t")
        elif c == "\r":
            out.append("\\r")
        elif not _PRINTABLE.match(c):
            out.append(f"\\u{ord(c):04X}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08X}")
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


def _literal_ok(s: str) -> bool:
    lines = s.rstrip("\n").split("\n")
    return (
        "\n" in s
        and "\r" not in s
        and all(_PRINTABLE.match(line.replace("\t", " ")) for line in lines)
        and not lines[0].startswith((" ", "\t"))
        and not any(line != line.rstrip() for line in lines)
    )


def scalar(value: Any, flow: bool = False) -> str:
    """One scalar in canonical form (a one-line string; block scalars are handled by callers)."""
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return ".nan"
        if math.isinf(value):
            return ".inf" if value > 0 else "-.inf"
        return repr(value)
    s = str(value)
    return double_quoted(s) if needs_quotes(s, flow) else s


def literal(s: str, indent: int) -> list[str]:
    """``s`` as a ``|`` block scalar: the header and the content lines at ``indent``."""
    if s.endswith("\n\n"):
        head, body = "|+", s[:-1]
    elif s.endswith("\n"):
        head, body = "|", s[:-1]
    else:
        head, body = "|-", s
    return [head] + [(" " * indent + line) if line else "" for line in body.split("\n")]


# ---------------------------------------------------------------------------------------------
# dump: plain data -> house format (new files; the editing app does the same in JavaScript)


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, (str, list, dict)) and len(value) == 0)


def clean(value: Any) -> Any:
    """Drop empty values (None, "", [], {}) from mappings and lists, recursively."""
    if isinstance(value, dict):
        out = {k: clean(v) for k, v in value.items()}
        return {k: v for k, v in out.items() if not _empty(v)}
    if isinstance(value, list):
        return [v for v in (clean(v) for v in value) if not _empty(v)]
    return value


def _sorted_keys(keys: list, order: tuple[str, ...] | None) -> list:
    if not order:
        return list(keys)
    pos = {k: i for i, k in enumerate(order)}
    return sorted(keys, key=lambda k: pos.get(k, len(order)))  # stable: unknown keys keep their order


def _is_scalar(v: Any) -> bool:
    return not isinstance(v, (dict, list))


def _multiline(v: Any) -> bool:
    return isinstance(v, str) and "\n" in v


def _flow(v: Any) -> str:
    if isinstance(v, list):
        return "[" + ", ".join(_flow(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{scalar(k, True)}: {_flow(x)}" for k, x in v.items()) + "}"
    return scalar(v, True)


def _numbers_only(d: dict) -> bool:
    return all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in d.values())


class _Dumper:
    def __init__(self, rules: Rules):
        self.rules = rules

    def mapping(self, d: dict, indent: int, order: tuple[str, ...] | None, level: str) -> list[str]:
        out: list[str] = []
        for k in _sorted_keys(list(d), order):
            out += self.entry(scalar(k), d[k], indent, k, level)
        return out

    def child_order(self, key: Any, level: str) -> tuple[str, ...] | None:
        if level == "item" and key in self.rules.translatable:
            return self.rules.languages
        return self.rules.nested.get(key) if isinstance(key, str) else None

    def entry(self, key_text: str, v: Any, indent: int, key: Any, level: str) -> list[str]:
        pad = " " * indent
        if _is_scalar(v):
            if _multiline(v) and _literal_ok(v):
                head, *body = literal(v, indent + 2)
                return [f"{pad}{key_text}: {head}"] + body
            return [f"{pad}{key_text}: {scalar(v)}"]
        if not v or (isinstance(v, list) and all(_is_scalar(x) and not _multiline(x) for x in v)):
            return [f"{pad}{key_text}: {_flow(v)}"]
        if isinstance(v, dict):
            if _numbers_only(v):
                return [f"{pad}{key_text}: {_flow(v)}"]
            return [f"{pad}{key_text}:"] + self.mapping(v, indent + 2, self.child_order(key, level), "nested")
        return [f"{pad}{key_text}:"] + self.sequence(v, indent + 2, self.rules.nested.get(key) if isinstance(key, str) else None)

    def sequence(self, items: list, indent: int, item_order: tuple[str, ...] | None, level: str = "nested") -> list[str]:
        out: list[str] = []
        pad = " " * indent
        for v in items:
            if isinstance(v, dict) and v and not _numbers_only(v):
                lines = self.mapping(v, indent + 2, item_order, level)
                out.append(pad + "- " + lines[0][indent + 2:])
                out += lines[1:]
            elif isinstance(v, list) and v:
                out.append(pad + "- " + _flow(v) if all(_is_scalar(x) and not _multiline(x) for x in v) else pad + "-")
                if not all(_is_scalar(x) and not _multiline(x) for x in v):
                    out += self.sequence(v, indent + 2, None)
            elif isinstance(v, (dict, list)):
                out.append(pad + "- " + _flow(v))
            elif _multiline(v) and _literal_ok(v):
                head, *body = literal(v, indent + 2)
                out += [pad + "- " + head] + body
            else:
                out.append(pad + "- " + scalar(v))
        return out


def dump(data: Any, rules: Rules) -> str:
    """Plain data (as loaded by PyYAML or from JSON) as a new file in house format."""
    data = clean(data)
    d = _Dumper(rules)
    if rules.is_list:
        body = d.sequence(list(data or []), 0, rules.order, "item")
    elif isinstance(data, dict):
        body = d.mapping(data, 0, rules.order, "item")
    else:
        body = [scalar(data)] if data is not None else []
    head = [rules.header] if rules.header else []
    return "\n".join(head + body) + "\n"


def update(text: str, data: dict, rules: Rules) -> str:
    """An existing file (a mapping) with the top-level values of ``data``: every key whose value is
    unchanged keeps its lines byte for byte, the comments above it included; a changed or new key
    is written in house format at its place in the schema's order, below the comments that were
    above it (the editing app's rule, for `wegweiser import --update`). A text that is not a
    block mapping, or a result that would not hold ``data``, is written whole by :func:`dump`."""
    data = clean(data)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        old = yaml.safe_load(text)
    except yaml.YAMLError:
        return dump(data, rules)
    if not isinstance(root, yaml.MappingNode) or root.flow_style or not root.value or not isinstance(old, dict):
        return dump(data, rules)
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    has_header = lines[0].startswith("# yaml-language-server:")
    starts = [k.start_mark.line for k, _ in root.value]
    firsts = []  # comments and blank lines at column 0 right above a key belong to it
    for i, start in enumerate(starts):
        floor = starts[i - 1] + 1 if i else int(has_header)
        first = start
        while first > floor and (not lines[first - 1].strip() or lines[first - 1].startswith("#")):
            first -= 1
        firsts.append(first)
    ends = firsts[1:] + [len(lines)]
    above = {k.value: lines[first:start] for (k, _), first, start in zip(root.value, firsts, starts)}
    own = {k.value: lines[start:end] for (k, _), start, end in zip(root.value, starts, ends)}
    out = [rules.header] if rules.header else lines[:int(has_header)]
    dumper = _Dumper(rules)
    for key in _sorted_keys(list(data), rules.order):
        out += above.get(key, [])
        out += own[key] if key in old and old[key] == data[key] else dumper.mapping({key: data[key]}, 0, rules.order, "item")
    result = "\n".join(out) + "\n"
    try:
        same = yaml.safe_load(result) == data
    except yaml.YAMLError:
        same = False
    return result if same else dump(data, rules)


# ---------------------------------------------------------------------------------------------
# format_text: an existing file -> house format, keeping what the editor chose


class _Source:
    """The comments of a YAML text, found between PyYAML's tokens."""

    def __init__(self, text: str):
        self.text = text
        self.lines = text.split("\n")
        covered: set[int] = set()
        last_end: dict[int, int] = {}  # line -> column where its last token ends
        for tok in yaml.scan(text):
            s, e = tok.start_mark, tok.end_mark
            if s.index == e.index:
                continue
            end_line = e.line - 1 if e.column == 0 and e.line > s.line else e.line
            covered.update(range(s.line, end_line + 1))
            if e.line == end_line:
                last_end[end_line] = max(last_end.get(end_line, 0), e.column)
        self.comment_lines = [
            i for i, line in enumerate(self.lines) if i not in covered and line.strip().startswith("#")
        ]
        self.eol: dict[int, str] = {}
        for line_no, col in last_end.items():
            rest = self.lines[line_no][col:]
            if rest.strip().startswith("#"):
                self.eol[line_no] = rest.strip()

    def blank(self, i: int) -> bool:
        return 0 <= i < len(self.lines) and not self.lines[i].strip()


class _Formatter:
    def __init__(self, text: str, rules: Rules, root: yaml.Node):
        self.src = _Source(text)
        self.rules = rules
        self.root = root
        positions: list[tuple[int, int]] = []  # (line, column) of every block key and list entry
        self._anchors(root, positions)
        self.positions = sorted(set(positions))
        self.anchors = sorted({line for line, _ in positions})
        outer = {}
        for line, col in self.positions:
            outer.setdefault(line, col)  # the outermost entry starting on a line
        self.leading: list[str] = []
        self.trailing: list[str] = []
        self.before: dict[int, list[str]] = {}
        self.after: dict[tuple[int, int], list[str]] = {}
        first = self.anchors[0] if self.anchors else None
        previous = None
        for i in self.src.comment_lines:
            if first is None or i < first:
                if previous is not None and any(self.src.blank(j) for j in range(previous + 1, i)):
                    self.leading.append("")  # a blank line between the file's comments stays
                self.leading.append(self.src.lines[i].strip())
                previous = i
                continue
            comment = self.src.lines[i].strip()
            col = len(self.src.lines[i]) - len(self.src.lines[i].lstrip())
            nxt = next((a for a in self.anchors if a > i), None)
            if nxt is not None and col <= outer[nxt]:
                self.before.setdefault(nxt, []).append(comment)
                continue
            # deeper than what follows: it ends the block above it (e.g. a commented-out "# url:"
            # after the last key of a source entry) and stays with the entry it follows
            owner = max(((line, c) for line, c in self.positions if line < i and c <= col), default=None)
            if owner is not None and col > 0:
                self.after.setdefault(owner, []).append(comment)
            elif nxt is not None:
                self.before.setdefault(nxt, []).append(comment)
            else:
                self.trailing.append(comment)
        self.blank_after_leading = bool(self.leading) and first is not None and any(
            self.src.blank(i) for i in range((previous or 0) + 1, first)
        )
        # end-of-line comments go with the last entry that starts on or before their line
        self.eol_at: dict[int, list[str]] = {}
        for line_no, comment in sorted(self.src.eol.items()):
            owner = max((a for a in self.anchors if a <= line_no), default=None)
            if owner is not None:
                self.eol_at.setdefault(owner, []).append(comment)

    def _anchors(self, node: yaml.Node, out: list[tuple[int, int]]) -> None:
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if not node.flow_style:
                    out.append((k.start_mark.line, k.start_mark.column))
                self._anchors(v, out)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                if not node.flow_style:
                    out.append((self._item_line(item), node.start_mark.column))
                self._anchors(item, out)

    def _item_line(self, item: yaml.Node) -> int:
        return item.start_mark.line

    # comments -------------------------------------------------------------------------------

    def comments(self, line: int, indent: int) -> list[str]:
        return [" " * indent + c for c in self.before.pop(line, [])]

    def closing(self, position: tuple[int, int], indent: int) -> list[str]:
        return [" " * indent + c for c in self.after.pop(position, [])]

    def with_eol(self, lines: list[str], anchor: int) -> list[str]:
        extra = self.eol_at.pop(anchor, [])
        if extra and lines:
            lines[0] = lines[0] + "  " + "  ".join(extra)
        return lines

    # scalars --------------------------------------------------------------------------------

    def slice(self, node: yaml.Node) -> str:
        return self.src.text[node.start_mark.index:node.end_mark.index]

    def inline(self, node: yaml.ScalarNode, flow: bool) -> str:
        """A non-block scalar on one line: its source text when that is one line already."""
        text = self.slice(node)
        if "\n" not in text and text == text.strip():
            return text
        value = node.value
        if node.style == "'" and "\n" not in value and _PRINTABLE.match(value):
            return "'" + value.replace("'", "''") + "'"
        if node.style == '"' or "\n" in value:
            return double_quoted(value)
        return scalar(value, flow) if needs_quotes(value, flow) else value

    def block_scalar(self, node: yaml.ScalarNode, indent: int) -> list[str]:
        """A ``|`` or ``>`` scalar: its header and its content lines moved to ``indent``."""
        first = node.start_mark.line
        header_text = self.src.lines[first][node.start_mark.column:].split("#")[0].strip()
        end = node.end_mark.line - 1 if node.end_mark.column == 0 else node.end_mark.line
        body = self.src.lines[first + 1:end + 1]
        explicit = re.search(r"[1-9]", header_text)
        if explicit:  # content indentation given in the header: rewrite without it
            return literal(node.value, indent) if node.style == "|" and _literal_ok(node.value) else [double_quoted(node.value)]
        if "+" not in header_text:
            while body and not body[-1].strip():
                body.pop()
        content = [line for line in body if line.strip()]
        old = min((len(line) - len(line.lstrip(" ")) for line in content), default=indent)
        out = [header_text]
        for line in body:
            rest = line[old:] if len(line) > old else ""
            out.append(" " * indent + rest if rest else "")
        return out

    # collections ----------------------------------------------------------------------------

    def flow(self, node: yaml.Node) -> str:
        if isinstance(node, yaml.ScalarNode):
            if node.style in ("|", ">"):
                return double_quoted(node.value)
            return self.inline(node, True)
        if isinstance(node, yaml.SequenceNode):
            return "[" + ", ".join(self.flow(x) for x in node.value) + "]"
        return "{" + ", ".join(f"{self.flow(k)}: {self.flow(v)}" for k, v in node.value) + "}"

    def ordered(self, node: yaml.MappingNode, order: tuple[str, ...] | None) -> list:
        pairs = list(node.value)
        if not order:
            return pairs
        pos = {k: i for i, k in enumerate(order)}
        return sorted(pairs, key=lambda kv: pos.get(kv[0].value, len(order)) if isinstance(kv[0], yaml.ScalarNode) else len(order))

    def child_order(self, key: yaml.Node, level: str) -> tuple[str, ...] | None:
        name = key.value if isinstance(key, yaml.ScalarNode) else None
        if level == "item" and name in self.rules.translatable:
            return self.rules.languages
        return self.rules.nested.get(name) if isinstance(name, str) else None

    def mapping(self, node: yaml.MappingNode, indent: int, order: tuple[str, ...] | None, level: str) -> list[str]:
        out: list[str] = []
        for k, v in self.ordered(node, order):
            line = k.start_mark.line
            out += self.comments(line, indent)
            out += self.with_eol(self.entry(k, v, indent, level), line)
            out += self.closing((line, k.start_mark.column), indent)
        return out

    def entry(self, k: yaml.Node, v: yaml.Node, indent: int, level: str) -> list[str]:
        pad = " " * indent
        key_text = self.flow(k)
        if isinstance(v, yaml.ScalarNode):
            if v.style in ("|", ">"):
                head, *body = self.block_scalar(v, indent + 2)
                return [f"{pad}{key_text}: {head}"] + body
            if v.tag == "tag:yaml.org,2002:null" and self.slice(v) == "":
                return [f"{pad}{key_text}:"]
            return [f"{pad}{key_text}: {self.inline(v, False)}"]
        if v.flow_style or not v.value:
            return [f"{pad}{key_text}: {self.flow(v)}"]
        name = k.value if isinstance(k, yaml.ScalarNode) else None
        if isinstance(v, yaml.MappingNode):
            return [f"{pad}{key_text}:"] + self.mapping(v, indent + 2, self.child_order(k, level), "nested")
        return [f"{pad}{key_text}:"] + self.sequence(v, indent + 2, self.rules.nested.get(name) if isinstance(name, str) else None)

    def sequence(self, node: yaml.SequenceNode, indent: int, item_order: tuple[str, ...] | None, level: str = "nested") -> list[str]:
        out: list[str] = []
        pad = " " * indent
        for item in node.value:
            line = self._item_line(item)
            out += self.comments(line, indent)
            if isinstance(item, yaml.MappingNode) and not item.flow_style and item.value:
                lines = self.mapping(item, indent + 2, item_order, level)
                first = next(i for i, x in enumerate(lines) if not x.lstrip().startswith("#"))
                lines[first] = pad + "- " + lines[first][indent + 2:]
                out += lines
            elif isinstance(item, yaml.SequenceNode) and not item.flow_style and item.value:
                out += [pad + "-"] + self.sequence(item, indent + 2, None)
            elif isinstance(item, yaml.ScalarNode) and item.style in ("|", ">"):
                head, *body = self.block_scalar(item, indent + 2)
                out += self.with_eol([pad + "- " + head] + body, line)
            else:
                out += self.with_eol([pad + "- " + self.flow(item)], line)
            out += self.closing((line, node.start_mark.column), indent)
        return out

    def run(self) -> str:
        root = self.root
        if self.rules.is_list and isinstance(root, yaml.SequenceNode) and not root.flow_style:
            body = self.sequence(root, 0, self.rules.order, "item")
        elif isinstance(root, yaml.MappingNode) and not root.flow_style and root.value:
            body = self.mapping(root, 0, self.rules.order, "item")
        elif isinstance(root, yaml.SequenceNode) and not root.flow_style and root.value:
            body = self.sequence(root, 0, None)
        elif root is None:
            body = []
        else:
            body = [self.flow(root)]
        leading: list[str] = []
        for c in self.leading:
            if c.startswith("# yaml-language-server:") or (c == "" and (not leading or leading[-1] == "")):
                continue
            leading.append(c)
        if leading and leading[-1] == "":
            leading.pop()
        head = [self.rules.header] if self.rules.header else [c for c in self.leading if c.startswith("# yaml-language-server:")]
        out = head + leading
        if leading and body and self.blank_after_leading:
            out.append("")
        out += body + self.trailing
        return "\n".join(out) + "\n"


def format_text(text: str, rules: Rules, rel: str) -> tuple[str | None, list[Problem]]:
    """``text`` in house format, or the problems that prevent it (file ``rel``)."""
    from .loader import parse_yaml

    doc, problems = parse_yaml(text, rel)
    if problems:
        return None, problems
    try:
        nodes = list(yaml.compose_all(text, Loader=yaml.SafeLoader))
    except yaml.YAMLError as err:  # parse_yaml accepted it: should not happen
        return None, [Problem(rel, 1, "yaml", f"YAML-Syntaxfehler: {err}")]
    if len(nodes) > 1:
        return None, [Problem(rel, 1, "yaml", MANY_DOCUMENTS)]
    root = nodes[0] if nodes else None
    if root is not None and (
        isinstance(root, yaml.ScalarNode) and root.tag == "tag:yaml.org,2002:null" and not root.value
    ):
        root = None
    out = _Formatter(text, rules, root).run()
    try:
        same = yaml.safe_load(out) == doc.data
    except yaml.YAMLError:
        same = False
    if not same:
        return None, [Problem(rel, 1, "format", CHANGES_DATA)]
    return out, []


def first_difference(a: str, b: str) -> int:
    """The first line (1-based) where two texts differ."""
    la, lb = a.split("\n"), b.split("\n")
    for i, (x, y) in enumerate(zip(la, lb)):
        if x != y:
            return i + 1
    return min(len(la), len(lb)) + 1 if len(la) != len(lb) else 1


def format_files(root: Path, files: list[str] | None, languages: tuple[str, ...]) -> tuple[dict[str, str], dict[str, int], list[Problem]]:
    """Format ``files`` (paths relative to ``root``; None: every data file).

    Returns (new text of every file that changes, first changed line of each, problems).
    """
    from .loader import read_text

    changed: dict[str, str] = {}
    first: dict[str, int] = {}
    problems: list[Problem] = []
    for rel in files if files is not None else data_files(root):
        kind = kind_of(rel)
        if kind is None:
            problems.append(Problem(rel, 1, "datei", NOT_A_DATA_FILE))
            continue
        if not (root / rel).is_file():
            problems.append(Problem(rel, 1, "datei", "Datei fehlt"))
            continue
        text, found = read_text(root / rel, root)
        problems += found
        if text is None:
            continue
        new, found = format_text(text, rules(kind, languages, rel.count("/")), rel)
        problems += found
        if new is not None and new != text:
            changed[rel] = new
            first[rel] = first_difference(text, new)
    return changed, first, problems
