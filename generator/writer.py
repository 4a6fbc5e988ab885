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
    count = 0
    for path in root.rglob("*.html"):
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
