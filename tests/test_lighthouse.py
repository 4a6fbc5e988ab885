"""Lighthouse (npm ``lighthouse``, mobile, Debian's chromium) on every page type in German, Arabic
and Ukrainian: accessibility 100 and best practices 100.

The shipped site is served with gzip by one local server; one Lighthouse process with one
Chromium runs all 21 pages (tests/benchmarks/lighthouse.py). Performance is a measurement, not a
test: ``python tests/benchmarks/lighthouse.py`` reports it.
"""

from __future__ import annotations

import sys

import pytest

from conftest import REPO

pytestmark = [pytest.mark.browser, pytest.mark.slow]
LANGUAGES = ("de", "ar", "uk")


@pytest.fixture(scope="module")
def lighthouse_results(built_shipped):
    sys.path.insert(0, str(REPO / "tests" / "benchmarks"))
    import lighthouse

    return lighthouse.run(built_shipped, list(LANGUAGES), ("accessibility", "best-practices"))


def test_every_page_type_is_covered(lighthouse_results):
    import lighthouse

    assert {(r["lang"], r["page"]) for r in lighthouse_results} == {
        (lang, page) for lang in LANGUAGES for page in lighthouse.PAGES
    }
    assert set(lighthouse.PAGES) == {"home", "municipality", "category", "offer", "plan", "handout", "info"}


@pytest.mark.parametrize("category", ["accessibility", "best-practices"])
def test_lighthouse_scores_100(lighthouse_results, category):
    below = {
        f"{r['lang']} {r['page']}": (r["scores"][category], [f["id"] for f in r["failed"] if f.get("category") == category])
        for r in lighthouse_results
        if r["scores"][category] != 100
    }
    assert below == {}
