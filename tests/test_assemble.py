"""Past one machine: `wegweiser build --lang X --out DIR` per language (a job of the deploy
workflow's matrix each), then `wegweiser assemble DIR… --site site/` gives the same site as one
whole build, file for file: service worker, manifests, sitemaps and open data included."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SITE_URL, TODAY, make_project
from generator.build import PART_FILE, assemble, build_part

pytestmark = pytest.mark.slow


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def run(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator.cli", "--root", str(project), *args],
                          capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def parts(tmp_path_factory) -> tuple[Path, list[Path]]:
    """The fixture project built one language per part (each in a project folder of its own,
    as on separate runners), and the checkout that assembles them."""
    base = tmp_path_factory.mktemp("parts")
    out = []
    for lang in ("ar", "de", "en"):  # any order
        root = make_project(base / f"runner-{lang}")
        build_part(root, base / f"part-{lang}", [lang], today=TODAY, site_url=SITE_URL)
        out.append(base / f"part-{lang}")
    return make_project(base / "checkout"), out


def test_assembled_site_equals_a_whole_build_file_for_file(parts, built_fixture, tmp_path):
    checkout, folders = parts
    report = assemble(checkout, folders, tmp_path / "site", today=TODAY, site_url=SITE_URL)
    assert report.languages == ("de", "en", "ar")  # the site's order, not the parts'
    whole, assembled = files(built_fixture), files(tmp_path / "site")
    assert sorted(assembled) == sorted(whole)
    assert [rel for rel in whole if whole[rel] != assembled[rel]] == []
    # what depends on every language at once is there and the same
    for rel in ("sw.js", "index.html", "sitemap.xml", "de/manifest.webmanifest", "ar/manifest.webmanifest",
                "ar/search/search_index.json", "daten/angebote.csv"):
        assert rel in assembled


def test_a_part_holds_only_its_language_and_names_it(parts):
    _, folders = parts
    part = folders[0]
    assert sorted(p.name for p in part.iterdir()) == sorted(["ar", PART_FILE])
    assert json.loads((part / PART_FILE).read_text(encoding="utf-8")) == {"languages": ["ar"], "site_url": SITE_URL}
    assert (part / "ar" / "index.html").is_file() and (part / "ar" / "manifest.webmanifest").is_file()
    assert not (part / "sw.js").exists()


def test_assembling_fewer_parts_gives_a_site_of_those_languages(parts, tmp_path):
    checkout, folders = parts
    report = assemble(checkout, folders[1:], tmp_path / "site", today=TODAY, site_url=SITE_URL)
    assert report.languages == ("de", "en")
    assert sorted(p.name for p in (tmp_path / "site").iterdir() if p.is_dir()) == ["daten", "de", "en", "redaktion"]
    assert 'const LANGUAGES = ["de", "en"];' in (tmp_path / "site" / "sw.js").read_text(encoding="utf-8")


def test_assemble_refuses_a_language_twice_another_address_and_a_folder_that_is_no_part(parts, tmp_path):
    checkout, folders = parts
    site = tmp_path / "site"
    twice = run(checkout, "assemble", str(folders[1]), str(folders[1]), "--site", str(site), "--site-url", SITE_URL)
    assert (twice.returncode, twice.stderr) == (1, f'Sprache "de" steht in zwei Teilen: {folders[1]} und {folders[1]}\n')
    other = run(checkout, "assemble", str(folders[1]), "--site", str(site), "--site-url", "https://anders.example.org/")
    assert (other.returncode, other.stderr) == (
        1, f"{folders[1]}: für die Adresse {SITE_URL} gebaut, hier gilt https://anders.example.org/\n")
    none = run(checkout, "assemble", str(tmp_path), "--site", str(site))
    assert (none.returncode, none.stderr) == (
        1, f"{tmp_path}: kein Teil eines Builds (es fehlt {PART_FILE}; gebaut mit wegweiser build --lang X --out {tmp_path})\n")
    assert not site.exists()


def test_build_out_needs_a_language(parts, tmp_path):
    checkout, _ = parts
    result = run(checkout, "build", "--out", str(tmp_path / "part"))
    assert (result.returncode, result.stderr) == (1, "--out baut einen Teil für wegweiser assemble: mit --lang, ohne --site\n")
    assert not (tmp_path / "part").exists()
