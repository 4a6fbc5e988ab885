"""The data this repository ships: valid, complete for the district, honest, and buildable."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import REPO, soup
from generator.build import build, load_valid
from generator.loader import load_project
from generator.validate import validate

FIVE_FIELDS = ("language", "education", "work", "childcare", "health")


@pytest.fixture(scope="module")
def directory():
    return load_valid(REPO)


def test_shipped_data_is_valid():
    assert [str(p) for p in validate(load_project(REPO))] == []


def test_all_28_municipalities(directory):
    assert len(directory.municipalities) == 28
    assert len({m.ags for m in directory.municipalities}) == 28
    assert all(m.ags.startswith("08236") for m in directory.municipalities)
    assert all(m.town_hall for m in directory.municipalities)


def test_every_municipality_reaches_the_five_fields(directory):
    gaps = [
        f"{m.name}: {field}"
        for m in directory.municipalities
        for field in FIVE_FIELDS
        if not directory.offers_for(m.slug, field)
    ]
    assert gaps == []


def test_no_unconfirmed_provider_assignment(directory):
    """No source confirms which provider serves which municipality: the data must not claim it."""
    assert [m.name for m in directory.municipalities if m.integration_management] == []
    names = [directory.offers[i].name.values["de"] for i in directory.district.integration_management]
    assert any("miteinanderleben" in n for n in names) and any("IB" in n or "Internationaler Bund" in n for n in names)


def test_every_offer_has_a_source_and_a_past_verified_date(directory):
    today = dt.date.today()
    for offer in directory.offers.values():
        assert offer.sources, offer.id
        assert offer.verified <= today, offer.id


def test_invented_example_data_stays_in_tests():
    for path in list((REPO / "municipalities").rglob("*.yml")) + list((REPO / "content").rglob("*")):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            for marker in ("example.org", "Musterdorf", "Beispielstadt", "Testkreis"):
                assert marker not in text, f"{path.relative_to(REPO)}: {marker}"


@pytest.mark.slow
def test_shipped_site_builds_in_every_language(tmp_path_factory, directory):
    site = tmp_path_factory.mktemp("shipped") / "site"
    report = build(REPO, site)
    assert report.languages == directory.config.languages
    for lang in report.languages:
        home = soup(site / lang / "index.html")
        assert home.html["lang"] == lang
        links = home.select(".ww-place-list a")
        assert len(links) == 28
        for m in directory.municipalities:
            page = site / lang / "gemeinden" / m.slug / "index.html"
            assert page.is_file()
        assert len(list((site / lang / "angebote").glob("*/index.html"))) >= len(directory.offers)
