"""Shared fixtures: a copy of the fixture project, and its built site (built once per session)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parents[1]

try:  # browser assertions wait as long as any single browser step may (a slow CI machine, not a sleep)
    from playwright.sync_api import expect as _expect

    _expect.set_options(timeout=15_000)
except ImportError:  # pragma: no cover - playwright is a test dependency
    pass
FIXTURE = Path(__file__).parent / "fixtures" / "project"
TODAY = dt.date(2026, 11, 28)
# A deployment's address: links, QR codes and plans are built for it (tests serve the site locally).
SITE_URL = "https://wegweiser.example.org/"


def make_project(target: Path, data: Path = FIXTURE, languages: tuple[str, ...] = ("de", "en", "ar")) -> Path:
    """A project folder: the repository's mkdocs.yml and theme with the given data.

    The fixture is a three-language project by default; its categories are also named in Pashto.
    """
    target.mkdir(parents=True, exist_ok=True)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"(?m)^(\s+languages: ).*$", rf"\1[{', '.join(languages)}]", config, count=1)
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")
    shutil.copytree(REPO / "theme", target / "theme")
    for folder in ("content", "municipalities"):
        shutil.copytree(data / folder, target / folder)
    return target


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built_fixture(tmp_path_factory) -> Path:
    """The fixture project, built in all its languages. Returns the site folder."""
    from generator.build import build

    root = make_project(tmp_path_factory.mktemp("built") / "project")
    build(root, today=TODAY, site_url=SITE_URL)
    return root / "site"


@pytest.fixture(scope="session")
def built_fixture_pashto(tmp_path_factory) -> Path:
    """The fixture project built in German and Pashto (right to left, no Material translation)."""
    from generator.build import build

    root = make_project(tmp_path_factory.mktemp("built-ps") / "project", languages=("de", "ps"))
    build(root, today=TODAY)
    return root / "site"


@pytest.fixture(scope="session")
def built_shipped(tmp_path_factory) -> Path:
    """The repository's own data, built in every language it configures. Returns the site folder."""
    from generator.build import build

    site = tmp_path_factory.mktemp("shipped") / "site"
    build(REPO, site, site_url=SITE_URL)
    return site


@pytest.fixture(scope="session")
def fixture_origin(built_fixture):
    """The built fixture site, served on 127.0.0.1 (e.g. http://127.0.0.1:41234)."""
    from browser_helpers import serve_folder

    with serve_folder(built_fixture) as origin:
        yield origin


@pytest.fixture(scope="session")
def shipped_origin(built_shipped):
    """The built shipped site, served on 127.0.0.1."""
    from browser_helpers import serve_folder

    with serve_folder(built_shipped) as origin:
        yield origin


@pytest.fixture(scope="session")
def chromium():
    """One real Chromium for the whole session (Playwright allows one sync instance at a time)."""
    from playwright.sync_api import sync_playwright

    from browser_helpers import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_context(chromium):
    """Opens phone-sized browser contexts (closed after the test): new_context(locale=...)."""
    from browser_helpers import PHONE, TIMEOUT_MS

    contexts = []

    def open_context(**options):
        context = chromium.new_context(**PHONE, **options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
