"""Material for MkDocs reaches end of life on 2027-05-05; its successor Zensical builds the same
generated pages with the same links. Zensical 0.0.73 is the newest release that installs from PyPI
here (later ones need zensical-ui); the site is still built with MkDocs (generator/site.py).

Zensical resolves relative links in raw HTML against the source file, MkDocs against the page's
address: with every page the index.md of its own folder, both give the same links. The theme's
templates must also render in MiniJinja (no Python string methods)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import soup

pytestmark = pytest.mark.slow

ZENSICAL = Path(sys.executable).parent / "zensical"  # installed by ./run test (pyproject.toml, test extras)


def zensical_config(project: Path, lang: str) -> dict:
    """The language's generated MkDocs config with what it inherits written out (Zensical 0.0.73
    reads mkdocs.yml but not INHERIT), for a folder holding docs/ and theme/."""
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    own = yaml.safe_load((project / "build" / "config" / f"{lang}.yml").read_text(encoding="utf-8"))
    del own["INHERIT"]
    for key, value in own.items():
        config[key] = {**config[key], **value} if isinstance(value, dict) and isinstance(config.get(key), dict) else value
    config.update(docs_dir="docs", site_dir="site")
    config["theme"]["custom_dir"] = "theme"
    return config


@pytest.fixture(scope="module", params=["de", "ar"])
def both_builds(request, built_fixture, tmp_path_factory) -> tuple[str, Path, Path]:
    """(language, MkDocs' pages of it, Zensical's pages of the same generated sources)."""
    lang, project = request.param, built_fixture.parent
    folder = tmp_path_factory.mktemp(f"zensical-{lang}")
    shutil.copytree(project / "build" / "docs" / lang, folder / "docs")
    shutil.copytree(project / "theme", folder / "theme")
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(zensical_config(project, lang), allow_unicode=True), encoding="utf-8")
    result = subprocess.run([str(ZENSICAL), "build", "-f", "mkdocs.yml"], cwd=folder, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return lang, built_fixture / lang, folder / "site"


def pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def test_zensical_builds_the_same_pages(both_builds):
    _, mkdocs, zensical = both_builds
    assert pages(zensical) == pages(mkdocs)
    assert "angebote/jobcenter-test/index.html" in pages(zensical)


def test_zensical_gives_every_page_the_same_links(both_builds):
    """The content's links (between offers, towns, topics, hand-written pages) and the language chooser."""
    _, mkdocs, zensical = both_builds
    checked = 0
    for rel in pages(mkdocs):
        ours, theirs = soup(mkdocs / rel), soup(zensical / rel)
        for selector in ("article a[href]", "a.ww-lang-link"):
            expected = [a["href"] for a in ours.select(selector)]
            assert [a["href"] for a in theirs.select(selector)] == expected, f"{rel}: {selector}"
            checked += len(expected)
    assert checked > 100
