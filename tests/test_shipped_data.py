"""The data this repository ships: valid, complete for the district, honest, and buildable."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import REPO, soup
from generator.build import load_valid
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


RTL = {"ar", "fa", "ps"}


@pytest.mark.slow
def test_shipped_site_builds_in_every_language(built_shipped, directory):
    site = built_shipped
    assert sorted(p.name for p in site.iterdir() if p.is_dir()) == sorted(directory.config.languages)
    offer = sorted(directory.offers)[0]
    town = directory.municipalities[0].slug
    for lang in directory.config.languages:
        home = soup(site / lang / "index.html")
        assert len(home.select(".ww-place-list a")) == 28
        for m in directory.municipalities:
            assert (site / lang / "gemeinden" / m.slug / "index.html").is_file()
        assert len(list((site / lang / "angebote").glob("*/index.html"))) >= len(directory.offers)
        for url in ("", f"gemeinden/{town}/", f"gemeinden/{town}/language/", f"angebote/{offer}/", "info/about/", "info/impressum/"):
            page = soup(site / lang / url / "index.html")
            assert page.html["lang"] == lang, (lang, url)
            assert page.body["dir"] == ("rtl" if lang in RTL else "ltr"), (lang, url)
            switch = {a["hreflang"]: a["href"] for a in page.select("a.ww-lang-link")}
            assert sorted(switch) == sorted(directory.config.languages)
            depth = url.count("/") + 1
            assert switch == {other: "../" * depth + f"{other}/{url}" for other in directory.config.languages}


@pytest.mark.slow
def test_every_language_is_labelled_in_its_own_script(built_shipped, directory):
    chooser = soup(built_shipped / "index.html")
    labels = {a["lang"]: a.get_text() for a in chooser.select("a[data-lang]")}
    assert labels == {
        "de": "Deutsch", "en": "English", "ar": "العربية", "fa": "دری / فارسی", "ps": "پښتو",
        "uk": "Українська", "ru": "Русский", "tr": "Türkçe", "ku": "Kurdî (kurmancî)", "ti": "ትግርኛ",
    }


def test_committed_schemas_are_in_step_with_the_model_and_the_data(directory):
    from generator.jsonschema import data_files, header, schemas

    for rel, text in schemas(directory).items():
        assert (REPO / rel).read_text(encoding="utf-8") == text, f"{rel} is out of date: wegweiser schema"
    for kind, rel in data_files(REPO):
        first = (REPO / rel).read_text(encoding="utf-8").partition("\n")[0] + "\n"
        assert first == header(kind, rel.count("/")), rel


def test_helplines_on_the_home_page_are_in_german_index_order(built_shipped):
    """Ä with A and Ö with O, as in a German telephone book, not after Z."""
    names = [a.get_text() for a in soup(built_shipped / "de/index.html").select(".ww-emergency a.ww-card-title")]
    assert "Ärztlicher Bereitschaftsdienst 116 117" in names
    assert names.index("Apotheken-Notdienst finden") < names.index("Ärztlicher Bereitschaftsdienst 116 117") < names.index("Behördennummer 115")
    assert names.index("Notruf 112: Feuerwehr und Rettungsdienst") < names.index("Ökumenisches Frauenhaus Pforzheim und Fachstelle gegen häusliche Gewalt Pforzheim Enzkreis") < names.index("Opfer-Telefon des WEISSER RING 116 006")
