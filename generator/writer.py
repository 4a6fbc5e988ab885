"""Stage 6: the only module that writes files.

Generated sources are written only when their content changed (so ``serve`` does not loop
and unchanged pages keep their timestamps), and the site is swapped in whole: a failed or
interrupted build never leaves a half-written ``site/``.
"""

from __future__ import annotations

import io
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


def write_if_changed(path: Path, content: str) -> bool:
    """Write ``content`` to ``path`` unless it already holds exactly that; True if written."""
    data = content.encode("utf-8")
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return True


def rewrite_html(root: Path, change) -> int:
    """Apply ``change`` (HTML text -> HTML text) to every HTML file below ``root``."""
    return rewrite_files(root, "**/*.html", change)


def rewrite_files(root: Path, pattern: str, change) -> int:
    """Apply ``change`` (text -> text) to every file below ``root`` matching the glob ``pattern``."""
    count = 0
    for path in root.glob(pattern):
        count += write_if_changed(path, change(path.read_text(encoding="utf-8")))
    return count


def sync_tree(root: Path, files: dict[str, str]) -> tuple[int, int]:
    """Make ``root`` hold exactly ``files`` (relative path -> content). Returns (written, removed)."""
    written = sum(write_if_changed(root / rel, content) for rel, content in files.items())
    removed = 0
    if root.is_dir():
        wanted = {(root / rel).resolve() for rel in files}
        for path in sorted(root.rglob("*"), reverse=True):
            if path.is_file() and path.resolve() not in wanted:
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


def set_yaml_texts(path: Path, lang: str, texts: dict[str, str], *, unreviewed: bool = False) -> None:
    """Put translations into a YAML file, keeping every comment and the layout of the rest.

    ``texts`` maps a field (``description``) or, in a list of categories, ``<id>.<field>``
    to the text in ``lang``. With ``unreviewed``, ``lang`` is added to the file's ``unreviewed``.
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
    buf = io.StringIO()
    yaml.dump(data, buf)
    write_if_changed(path, buf.getvalue())


def ensure_first_line(path: Path, line: str) -> bool:
    """Make ``line`` the first line of ``path`` (replacing an older schema line); True if written."""
    text = path.read_text(encoding="utf-8")
    first, _, rest = text.partition("\n")
    if first.startswith("# yaml-language-server:"):
        text = rest
    return write_if_changed(path, line + text)


def set_coordinates(path: Path, lat: float, lon: float) -> None:
    """Add ``coordinates: {lat: …, lon: …}`` to an offer file, right after its ``address`` block.

    Without an address the line goes at the end. Every other byte stays as it was: comments,
    quoting, indentation, blank lines and line endings. ruamel.yaml's round-trip parser finds
    the place; the line is inserted into the text, and the result is parsed again to make sure
    it holds exactly the old data plus the coordinates (dumping the round-trip tree instead
    would re-indent the editors' lists). Coordinates already in the file are never replaced.
    """
    import math

    import yaml as pyyaml
    from ruamel.yaml import YAML

    def number(value: float) -> str:  # read back exactly, as a float (with a dot, no exponent)
        text = repr(float(value))
        text = f"{value:.12f}".rstrip("0") if "e" in text else text
        return text + "0" if text.endswith(".") else text

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
    indent = data.lc.key(keys[0])[1] if keys else 0
    pos = keys.index("address") + 1 if "address" in keys else len(keys)  # the new key's place
    at = data.lc.key(keys[pos])[0] if pos < len(keys) else len(lines)  # and its line
    if "address" in keys:
        floor = data.lc.key("address")[0] + 1
        while at > floor and (
            not lines[at - 1].strip()
            or (lines[at - 1].lstrip().startswith("#") and len(lines[at - 1]) - len(lines[at - 1].lstrip()) <= indent)
        ):
            at -= 1  # blank lines and top-level comments just above the next key belong to that key
    newline = "\r\n" if "\r\n" in text else "\n"
    lines.insert(at, f"{' ' * indent}coordinates: {{lat: {number(lat)}, lon: {number(lon)}}}{newline}")
    new_text = "".join(lines)

    before, after = pyyaml.safe_load(text), pyyaml.safe_load(new_text)
    if (
        not isinstance(after, dict)
        or list(after) != keys[:pos] + ["coordinates"] + keys[pos:]
        or {k: v for k, v in after.items() if k != "coordinates"} != before
        or after["coordinates"] != {"lat": lat, "lon": lon}
    ):
        raise ValueError(f"{path}: coordinates lassen sich nicht sicher einfügen; bitte von Hand eintragen")
    write_if_changed(path, new_text)


def split_search_index(folder: Path) -> None:
    """Keep only the settings in ``search_index.json``; the documents go to ``search_index.full.json``.

    Material's page script fetches ``search_index.json`` on every first visit; with the documents
    moved, the search worker shim fetches them at the first search instead.
    """
    import json

    index_file = folder / "search_index.json"
    if not index_file.is_file():
        return
    data = json.loads(index_file.read_text(encoding="utf-8"))
    write_if_changed(folder / "search_index.full.json", json.dumps(data, ensure_ascii=False, separators=(",", ":")))
    write_if_changed(index_file, json.dumps({"config": data.get("config", {}), "docs": []}, separators=(",", ":")))
