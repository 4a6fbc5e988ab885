"""Stage 6: the only module that writes files.

Generated sources are written only when their content changed (so ``serve`` does not loop
and unchanged pages keep their timestamps), and the site is swapped in whole: a failed or
interrupted build never leaves a half-written ``site/``.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator


def write_if_changed(path: Path, content: str) -> bool:
    """Write ``content`` to ``path`` unless it already holds exactly that; True if written."""
    return write_bytes_if_changed(path, content.encode("utf-8"))


def write_bytes_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` (atomically) unless it already holds exactly that; True if written."""
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return True


def write_cache(path: Path, data) -> bool:
    """A build cache (JSON, read back by :func:`generator.loader.read_cache`); True if written."""
    import json

    return write_if_changed(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")))


def rewrite_html(root: Path, change) -> int:
    """Apply ``change`` (HTML text -> HTML text) to every HTML file below ``root``."""
    return rewrite_files(root, "**/*.html", change)


def rewrite_files(root: Path, pattern: str, change) -> int:
    """Apply ``change`` (text -> text) to every file below ``root`` matching the glob ``pattern``."""
    count = 0
    for path in root.glob(pattern):
        count += write_if_changed(path, change(path.read_text(encoding="utf-8")))
    return count


def sync_tree(root: Path, files: Iterable[tuple[str, str]]) -> tuple[int, int]:
    """Make ``root`` hold exactly ``files``, pairs (relative path, content) written as they come
    (none is kept). Returns (written, removed)."""
    written, wanted = 0, set()
    for rel, content in files:
        written += write_if_changed(root / rel, content)
        wanted.add(os.path.normpath(rel))
    removed = 0
    if root.is_dir():
        for path in sorted(root.rglob("*"), reverse=True):
            if path.is_file() and os.path.normpath(path.relative_to(root)) not in wanted:
                path.unlink()
                removed += 1
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return written, removed


@contextmanager
def staged_directory(target: Path) -> Iterator[Path]:
    """Yield an empty folder beside ``target``; on success it replaces ``target`` in one step.

    On any error the folder is removed and ``target`` stays exactly as it was.
    """
    target = Path(target).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    try:
        yield stage
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    old = target.with_name(f".{target.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        os.replace(target, old)
    os.replace(stage, target)
    shutil.rmtree(old, ignore_errors=True)


def set_yaml_texts(path: Path, lang: str, texts: dict[str, str], *, unreviewed: bool = False, reviewed: bool = False) -> None:
    """Put translations into a YAML file, keeping every comment and the layout of the rest.

    ``texts`` maps a field (``description``) or, in a list of categories, ``<id>.<field>``
    to the text in ``lang``. With ``unreviewed``, ``lang`` is added to the file's ``unreviewed``;
    with ``reviewed`` (a person confirmed every text of ``lang`` in the file) it is taken off.
    """
    from ruamel.yaml import YAML
    from ruamel.yaml.scalarstring import LiteralScalarString

    yaml = YAML()  # round-trip: comments, order and quoting stay as they are
    yaml.preserve_quotes = True
    yaml.width = 4096
    data = yaml.load(path.read_text(encoding="utf-8"))
    if isinstance(data, list):  # a list at the top (categories.yml): "- id: …" at column 0
        yaml.indent(mapping=2, sequence=2, offset=0)
    else:  # the offers' layout: "source:\n  - title: …"
        yaml.indent(mapping=2, sequence=4, offset=2)
    for key, text in texts.items():
        value = LiteralScalarString(text + "\n") if "\n" in text else text
        if isinstance(data, list):
            item_id, _, name = key.partition(".")
            target = next(item for item in data if item.get("id") == item_id)[name]
        else:
            target = data[key]
        target[lang] = value
    if unreviewed and isinstance(data, dict):
        langs = data.setdefault("unreviewed", [])
        if lang not in langs:
            langs.append(lang)
    if reviewed and isinstance(data, dict) and lang in (data.get("unreviewed") or []):
        data["unreviewed"].remove(lang)
        if not data["unreviewed"]:
            del data["unreviewed"]
    buf = io.StringIO()
    yaml.dump(data, buf)
    write_if_changed(path, buf.getvalue())


def set_page_text(path: Path, body: str | None, *, reviewed: bool) -> None:
    """A hand-written page or snippet: its body (``None``: unchanged) and ``reviewed`` in its front
    matter (``reviewed: false`` is removed once a person has checked the page); nothing else changes."""
    import re

    text = path.read_text(encoding="utf-8")
    match = re.match(r"\A---\n(?P<meta>.*?\n)---\n?(?P<body>.*)\Z", text, re.S)
    meta, old_body = (match["meta"], match["body"]) if match else ("", text)
    meta = re.sub(r"(?m)^reviewed:.*\n", "", meta)
    if not reviewed:
        meta += "reviewed: false\n"
    body = old_body if body is None else body.rstrip("\n") + "\n"
    write_if_changed(path, f"---\n{meta}---\n{body}" if meta else body)


def ensure_first_line(path: Path, line: str) -> bool:
    """Make ``line`` the first line of ``path`` (replacing an older schema line); True if written."""
    text = path.read_text(encoding="utf-8")
    first, _, rest = text.partition("\n")
    if first.startswith("# yaml-language-server:"):
        text = rest
    return write_if_changed(path, line + text)


def set_coordinates(path: Path, lat: float, lon: float, *, source: dict | None = None, unconfirmed: bool = False) -> None:
    """Add ``coordinates: {lat: …, lon: …}`` to an offer file, right after its ``address`` block.

    Without an address the line goes at the end. ``source``: an entry (title, url, date, fields)
    appended to the file's ``source`` list; ``unconfirmed``: also list ``coordinates`` under
    ``unconfirmed`` (added before ``unreviewed``/``source`` when the file has none). Every other
    byte stays as it was: comments, quoting, indentation, blank lines and line endings.
    ruamel.yaml's round-trip parser finds the places; the lines are inserted into the text, and
    the result is parsed again to make sure it holds exactly the old data plus the additions
    (dumping the round-trip tree instead would re-indent the editors' lists). Coordinates
    already in the file are never replaced. ``ValueError`` when the file cannot be changed safely.
    """
    import json
    import math

    import yaml as pyyaml
    from ruamel.yaml import YAML

    def number(value: float) -> str:  # read back exactly, as a float (with a dot, no exponent)
        text = repr(float(value))
        text = f"{value:.12f}".rstrip("0") if "e" in text else text
        return text + "0" if text.endswith(".") else text

    def scalar(value) -> str:  # a source entry's value in the files' own style
        if hasattr(value, "isoformat"):
            return value.isoformat()
        if isinstance(value, list):
            return "[" + ", ".join(scalar(v) for v in value) + "]"
        if isinstance(value, str) and re.fullmatch(r"[A-Za-z_]+|https?://[A-Za-z0-9._~/?=&%+-]+", value):
            return value
        return json.dumps(str(value), ensure_ascii=False)

    def unsafe() -> ValueError:
        return ValueError(f"{path}: coordinates lassen sich nicht sicher einfügen; bitte von Hand eintragen")

    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in (lat, lon)):
        raise ValueError(f"{path}: Koordinaten müssen endliche Zahlen sein, nicht {lat!r}, {lon!r}")
    text = path.read_bytes().decode("utf-8")  # bytes: keeps \r\n where an editor's tool wrote it
    data = YAML().load(text)
    if not isinstance(data, dict):
        raise ValueError(f"{path}: keine Zuordnung aus Schlüsseln und Werten")
    if "coordinates" in data:
        raise ValueError(f"{path}: coordinates stehen schon in der Datei; sie werden nicht überschrieben")

    keys = list(data)
    lines = text.split("\n")
    tail = lines.pop()  # "" when the text ends with a line break
    lines = [line + "\n" for line in lines] + ([tail + ("\r\n" if "\r\n" in text else "\n")] if tail else [])
    newline = "\r\n" if "\r\n" in text else "\n"
    indent = data.lc.key(keys[0])[1] if keys else 0

    def block_end(key: str) -> int:
        """The line after ``key``'s value; blank lines and top-level comments before the next key belong to it."""
        i = keys.index(key)
        at = data.lc.key(keys[i + 1])[0] if i + 1 < len(keys) else len(lines)
        floor = data.lc.key(key)[0] + 1
        while at > floor and (
            not lines[at - 1].strip()
            or (lines[at - 1].lstrip().startswith("#") and len(lines[at - 1]) - len(lines[at - 1].lstrip()) <= indent)
        ):
            at -= 1
        return at

    inserts: list[tuple[int, int, str]] = []  # (line index, order at the same index, text)
    order = list(keys)
    pos = keys.index("address") + 1 if "address" in keys else len(keys)  # the new key's place
    order.insert(pos, "coordinates")
    inserts.append((block_end("address") if "address" in keys else len(lines), 0,
                    f"{' ' * indent}coordinates: {{lat: {number(lat)}, lon: {number(lon)}}}{newline}"))
    expected_unconfirmed = None
    if unconfirmed:
        current = data.get("unconfirmed")
        if "unconfirmed" not in data:
            following = [k for k in keys if k in ("unreviewed", "source", "verified")]  # the house order
            if not following:
                at = len(lines)
                order.append("unconfirmed")
            else:
                i = keys.index(following[0])
                at = block_end(keys[i - 1]) if i else data.lc.key(keys[i])[0]
                order.insert(order.index(following[0]), "unconfirmed")
            inserts.append((at, 1, f"{' ' * indent}unconfirmed: [coordinates]{newline}"))
            expected_unconfirmed = ["coordinates"]
        elif not isinstance(current, list):
            raise unsafe()
        elif "coordinates" not in current:
            expected_unconfirmed = list(current) + ["coordinates"]
            row, col = data.lc.value("unconfirmed")
            if lines[row][col:].startswith("["):  # a flow list: [a, b] (ruamel calls an empty one block style)
                line = lines[row]
                close = line.find("]", col)
                if close < 0 or "[" in line[col + 1:close]:
                    raise unsafe()
                inner = line[col + 1:close]
                items = inner.rstrip()
                inner = (f"{items}, coordinates" if items.strip() else "coordinates") + inner[len(items):]
                lines[row] = line[:col + 1] + inner + line[close:]
            else:
                row = current.lc.item(len(current) - 1)[0] if current else -1
                dash = re.match(r"\s*-\s+", lines[row]) if row >= 0 else None
                if not dash:
                    raise unsafe()
                inserts.append((row + 1, 1, f"{dash.group(0)}coordinates{newline}"))
    if source is not None:
        sources = data.get("source")
        if not isinstance(sources, list) or not sources or sources.fa.flow_style():
            raise unsafe()
        dash = re.match(r"(\s*)-(\s+)", lines[sources.lc.item(0)[0]])
        if not dash:
            raise unsafe()
        first, rest = f"{dash.group(1)}-{dash.group(2)}", " " * (len(dash.group(1)) + 1 + len(dash.group(2)))
        entry = "".join(f"{first if i == 0 else rest}{k}: {scalar(v)}{newline}" for i, (k, v) in enumerate(source.items()))
        inserts.append((block_end("source"), 2, entry))
    for at, _, line in sorted(inserts, reverse=True):
        lines.insert(at, line)
    new_text = "".join(lines)

    before, after = pyyaml.safe_load(text), pyyaml.safe_load(new_text)
    expected = dict(before)
    expected["coordinates"] = {"lat": lat, "lon": lon}
    if expected_unconfirmed is not None:
        expected["unconfirmed"] = expected_unconfirmed
    if source is not None:
        expected["source"] = list(before["source"]) + [dict(source)]
    if not isinstance(after, dict) or list(after) != order or after != expected:
        raise unsafe()
    write_if_changed(path, new_text)


def record_check(path: Path, rel: str, checked, entry: dict, confirmed, whole: bool, check) -> str:
    """Record a check of an offer in its file (``wegweiser confirm``); returns the new text.

    Appends ``entry`` (title, url, date, fields) as the last item of ``source``; removes the
    field names in ``confirmed`` from ``unconfirmed`` (every name when ``confirmed`` is None;
    the key goes once the list is empty); with ``whole`` (the whole record was checked), sets
    ``verified`` to ``checked``. Like :func:`set_coordinates`, only those lines change: every
    other byte stays (comments, quoting, blank lines, line endings). ruamel.yaml's round-trip
    parser finds the places, and the result is parsed again to make sure it holds exactly the
    old data plus the change. ``check(new_text)`` raises when the project would not validate
    with the new file; in every failing case nothing is written.
    """
    import copy
    import re

    import yaml as pyyaml
    from ruamel.yaml import YAML

    from .errors import Problem, WegweiserError
    from .format import _flow as flow
    from .format import scalar

    def refuse(field: str, what: str, line: int = 1):
        raise WegweiserError([Problem(rel, line, field, f"{what}; bitte von Hand eintragen")])

    text = path.read_bytes().decode("utf-8")  # bytes: keeps \r\n where an editor's tool wrote it
    newline = "\r\n" if "\r\n" in text else "\n"
    data = YAML().load(text)
    before = pyyaml.safe_load(text)
    if not isinstance(data, dict) or not isinstance(before, dict):
        refuse("datei", "keine Zuordnung aus Schlüsseln und Werten")
    lines = text.split("\n")  # without their "\n" (a "\r" stays at the end of the line)
    replace: dict[int, list[str]] = {}  # line index -> the lines that take its place
    insert: dict[int, list[str]] = {}  # line index -> new lines before it
    keys = list(data)

    # the new source entry, after the last line of the list (blank lines and comments at the
    # level of the keys just above the next key belong to that key)
    sources = data.get("source")
    if not isinstance(sources, list) or not sources or sources.fa.flow_style():
        refuse("source", "keine Liste in Blockform (\"- title: …\" je Zeile)", data.lc.key("source")[0] + 1 if "source" in data else 1)
    first = sources.lc.item(0)[0]
    dash = re.match(r"(\s*)-\s", lines[first])
    if not dash:
        refuse("source", "die erste Quelle beginnt nicht mit \"- \"", first + 1)
    indent = data.lc.key(keys[0])[1]
    pos = keys.index("source") + 1
    at = data.lc.key(keys[pos])[0] if pos < len(keys) else len(lines) - (lines[-1] == "")
    floor = sources.lc.item(len(sources) - 1)[0] + 1
    while at > floor and (not lines[at - 1].strip() or (
            lines[at - 1].lstrip().startswith("#") and len(lines[at - 1]) - len(lines[at - 1].lstrip()) <= indent)):
        at -= 1
    # a block mapping in the house format (as the editing app writes it); fields in flow style: "fields: [phone]"
    item = "".join(f"{key}: {flow(value) if isinstance(value, list) else scalar(value)}\n" for key, value in entry.items())
    eol = "\r" if newline == "\r\n" else ""
    insert[at] = [dash.group(1) + ("- " if i == 0 else "  ") + line + eol for i, line in enumerate(item.rstrip("\n").split("\n"))]

    # unconfirmed: without the confirmed fields
    expected = copy.deepcopy(before)
    expected["source"].append(entry)
    old = data.get("unconfirmed")
    if isinstance(old, list) and old:
        keep = [name for name in old if confirmed is not None and name not in confirmed]
        line = data.lc.key("unconfirmed")[0]
        if keep != list(old):
            if old.fa.flow_style():
                vline, vcol = data.lc.value("unconfirmed")
                bracket = re.compile(r"\[[^\]\n]*\]").match(lines[vline], vcol)
                if vline != line or not bracket:
                    refuse("unconfirmed", "die Liste steht nicht in einer Zeile", line + 1)
                if keep:
                    replace[line] = [lines[line][:bracket.start()] + "[" + ", ".join(keep) + "]" + lines[line][bracket.end():]]
                else:
                    replace[line] = []
            else:
                for i, name in enumerate(old):
                    if name not in keep:
                        replace[old.lc.item(i)[0]] = []
                if not keep:
                    replace[line] = []
        if keep:
            expected["unconfirmed"] = keep
        else:
            del expected["unconfirmed"]

    if whole:
        vline, vcol = data.lc.value("verified")
        date = re.compile(r"(['\"]?)\d{4}-\d{2}-\d{2}\1").match(lines[vline], vcol)
        if not date:
            refuse("verified", "kein einfaches Datum (JJJJ-MM-TT)", vline + 1)
        replace[vline] = [lines[vline][:date.start()] + checked.isoformat() + lines[vline][date.end():]]
        expected["verified"] = checked

    out: list[str] = []
    for i, line in enumerate(lines):
        out += insert.get(i, [])
        out += replace.get(i, [line])
    if len(lines) in insert:  # at the end of a file without a final line break
        out[-1:] = [out[-1] + eol] + insert[len(lines)]
    new_text = "\n".join(out)
    try:
        after = pyyaml.safe_load(new_text)
    except pyyaml.YAMLError:
        after = None
    if not isinstance(after, dict) or after != expected or list(after) != list(expected):
        refuse("datei", "die Prüfung lässt sich nicht sicher eintragen")
    check(new_text)
    write_if_changed(path, new_text)
    return new_text


def copy_files(source: Path, target: Path, files, change=None) -> int:
    """Copy ``files`` (paths relative to ``source``) to the same places below ``target``.

    ``change``: (relative path, bytes) -> bytes, e.g. to give a page its policy. Returns how
    many files were written (an unchanged file keeps its timestamp).
    """
    count = 0
    for rel in files:
        data = (Path(source) / rel).read_bytes()
        if change is not None:
            data = change(rel, data)
        path = Path(target) / rel
        try:
            if path.read_bytes() == data:
                continue
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
        count += 1
    return count
