"""The Nu Html Checker (vnu.jar from npm, run by the system's Java) finds no errors on any page type.

One JVM call per session checks a sample of built pages: every page type of the fixture site in
each of its languages (left to right and right to left), the root language chooser, the pages an
old offer address keeps (renamed, removed), and a few pages of the shipped data in every language.
Every sampled page must exist.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import REPO, SITE_URL, TODAY, make_project

pytestmark = pytest.mark.slow
VNU = Path(__file__).parent / "node_tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
FIXTURE_LANGS = ("de", "en", "ar")
_CONFIGURED = re.search(r"(?m)^\s+languages: \[(.*)\]", (REPO / "mkdocs.yml").read_text(encoding="utf-8"))
SHIPPED_LANGS = tuple(lang.strip() for lang in _CONFIGURED[1].split(","))  # every language mkdocs.yml configures

# page type -> the page inside a language folder; each must exist
FIXTURE_PAGES = {
    "home": "index.html",
    "municipality": "gemeinden/musterdorf/index.html",
    "category": "gemeinden/musterdorf/work/index.html",
    "topic": "themen/work/index.html",
    "offer": "angebote/jobcenter-test/index.html",
    "offer-short": "angebote/notruf-test/index.html",
    "info": "info/about/index.html",
    "404": "404.html",
    "plan": "plan/index.html",
    "handout": "gemeinden/musterdorf/merkblatt/index.html",
    "open-data": "offene-daten/index.html",
}
# an old offer address: forwards to the renamed offer, or says the offer is gone (built with REDIRECTS)
MOVED_PAGES = {"moved-renamed": "angebote/jobcenter-alt/index.html", "moved-removed": "angebote/sprachtreff-weg/index.html"}
REDIRECTS = (
    "- old: jobcenter-alt\n  new: jobcenter-test\n  note: {de: Neue Adresse., ar: عنوان جديد.}\n"
    "- old: sprachtreff-weg\n  removed: 2026-10-01\n  note: {de: Fragen Sie im Rathaus nach.}\n"
)
SHIPPED_PAGES = {"home": "index.html", "municipality": "gemeinden/muehlacker/index.html", "offer": "angebote/jobcenter-enzkreis/index.html",
                 "handout": "gemeinden/muehlacker/merkblatt/index.html"}

CASES = (
    [f"fixture-{lang}-{kind}" for lang in FIXTURE_LANGS for kind in [*FIXTURE_PAGES, *MOVED_PAGES]]
    + ["fixture-language-chooser"]
    + [f"shipped-{lang}-{kind}" for lang in SHIPPED_LANGS for kind in SHIPPED_PAGES]
)


@pytest.fixture(scope="session")
def built_fixture_moved(tmp_path_factory) -> Path:
    """The fixture project with a renamed and a removed offer (the fixture data has neither)."""
    from generator.build import build

    root = make_project(tmp_path_factory.mktemp("built-moved") / "project", languages=FIXTURE_LANGS)
    (root / "content" / "redirects.yml").write_text(REDIRECTS, encoding="utf-8")
    build(root, today=TODAY, site_url=SITE_URL)
    return root / "site"


def sample(fixture: Path, moved: Path, shipped: Path) -> dict[str, dict[str, Path]]:
    """Test case -> {label: built page} it checks."""
    cases = {"fixture-language-chooser": {"index.html": fixture / "index.html"}}
    for lang in FIXTURE_LANGS:
        for kind, page in FIXTURE_PAGES.items():
            cases[f"fixture-{lang}-{kind}"] = {f"{lang}/{page}": fixture / lang / page}
        for kind, page in MOVED_PAGES.items():
            cases[f"fixture-{lang}-{kind}"] = {f"{lang}/{page}": moved / lang / page}
    for lang in SHIPPED_LANGS:
        for kind, page in SHIPPED_PAGES.items():
            cases[f"shipped-{lang}-{kind}"] = {f"shipped {lang}/{page}": shipped / lang / page}
    return cases


def run_vnu(files: list[Path]) -> dict[Path, list[str]]:
    """vnu's errors per file (resolved path), each as "line.column: type: message" and the extract."""
    java = shutil.which("java")
    assert java, "no java: install a Java runtime (./run test installs Debian's default-jre-headless)"
    assert VNU.is_file(), "no vnu.jar: run npm ci --prefix tests/node_tools"
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True, text=True, encoding="utf-8", timeout=600,
    )
    try:
        messages = json.loads(result.stderr)["messages"]  # vnu writes its report to stderr
    except (ValueError, KeyError):
        pytest.fail(f"vnu did not report (exit code {result.returncode}):\n{result.stderr[-2000:]}{result.stdout[-2000:]}")
    errors: dict[Path, list[str]] = {path.resolve(): [] for path in files}
    for m in messages:
        url = m.get("url", "")
        path = Path(unquote(urlsplit(url).path)).resolve() if url.startswith("file:") else None
        if path not in errors:  # not about one of the pages: vnu itself could not check
            pytest.fail(f"vnu: {m.get('type')}: {m.get('message')} {url}")
        where = f"{m.get('lastLine', '?')}.{m.get('firstColumn', m.get('lastColumn', '?'))}"
        extract = " ".join(m.get("extract", "").split())
        errors[path].append(f"{where}: {m.get('type')}: {m['message']}" + (f"\n      {extract}" if extract else ""))
    return errors


@pytest.fixture(scope="session")
def vnu_errors(built_fixture, built_fixture_moved, built_shipped):
    """Every sampled page that was built, checked by one run of vnu: (cases, page -> errors)."""
    cases = sample(built_fixture, built_fixture_moved, built_shipped)
    files = [path for pages in cases.values() for path in pages.values() if path.is_file()]
    return cases, run_vnu(list(dict.fromkeys(files)))


@pytest.mark.parametrize("case", CASES)
def test_no_html_errors(vnu_errors, case):
    cases, errors = vnu_errors
    pages = cases[case]
    missing = [label for label, path in pages.items() if not path.is_file()]
    assert not missing, f"not built: {', '.join(missing)}"
    found = [f"{label}:{error}" for label, path in pages.items() for error in errors[path.resolve()]]
    if found:
        pytest.fail(f"the Nu Html Checker found {len(found)} error(s):\n" + "\n".join(found), pytrace=False)


def test_material_toggles_still_do_not_come_back_checked(built_fixture):
    """The fix for Material's invalid autocomplete="off" on its checkbox toggles keeps what it did.

    Browsers restore no state of a control whose form owner says autocomplete="off" (see
    generator.site.valid_toggles), so a drawer or search left open does not reopen by itself.
    """
    from conftest import soup

    for page in (built_fixture / "de" / "index.html", built_fixture / "ar" / "404.html"):
        html = soup(page)
        toggles = html.select("input.md-toggle[data-md-toggle]")
        assert [t["id"] for t in toggles] == ["__drawer", "__search"]
        for toggle in toggles:
            assert "autocomplete" not in toggle.attrs
            owner = html.find("form", id=toggle["form"])
            assert owner["autocomplete"] == "off" and owner.has_attr("hidden") and not owner.contents
