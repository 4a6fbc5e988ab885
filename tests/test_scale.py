"""What keeps the build linear: the offer index, bounded town pages, QR codes made once, maps without compiling.

No timings here (figures come from ``./run bench``): each test checks that the shortcut gives
exactly what the long way gives, and that it is taken.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import SITE_URL, TODAY, make_project
from generator import build as pipeline
from generator import maps, qr, site
from generator.model import Coordinates, sort_key
from generator.render import TOPIC_PREVIEW, Renderer, render_language

REPO = Path(__file__).resolve().parents[1]


def _bench():
    spec = importlib.util.spec_from_file_location("wegweiser_bench_scale", REPO / "tests" / "benchmarks" / "bench.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def scanned(directory, slug, category=None):
    """The offers serving ``slug``, found the long way: every offer looked at (the old offers_for)."""
    found = [o for o in directory.offers.values()
             if o.serves_municipality(slug) and (category is None or category in o.categories)]
    return sorted(found, key=lambda o: (o.district_wide, o.folder != slug, sort_key(o.name.values["de"])))


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """A synthetic project of two districts (bench.py), large enough for long topic lists."""
    bench = _bench()
    root = bench.make_synthetic_project(tmp_path_factory.mktemp("scale") / "project",
                                        municipalities=bench.DISTRICT_SIZE + 2, offers=30, languages=2)
    return root, pipeline.load_valid(root, TODAY, SITE_URL)


def test_the_offer_index_finds_what_a_scan_of_every_offer_finds(project, synthetic):
    _, big = synthetic
    small = pipeline.load_valid(project, TODAY)
    for directory in (small, big):
        for m in directory.municipalities:
            assert directory.municipality(m.slug) is m
            assert [o.id for o in directory.offers_for(m.slug)] == [o.id for o in scanned(directory, m.slug)]
            for c in directory.categories:
                assert directory.category(c.id) is c
                assert [o.id for o in directory.offers_for(m.slug, c.id)] == [o.id for o in scanned(directory, m.slug, c.id)]
        everyone = sorted((o for o in directory.offers.values() if o.serves_all), key=lambda o: sort_key(o.name.values["de"]))
        assert list(directory.serving_everyone()) == everyone


def test_a_town_page_shows_a_few_offers_per_topic_and_links_the_topic_page_with_all(synthetic):
    _, directory = synthetic
    pages = render_language(directory, "de")
    bounded = 0
    for m in directory.municipalities:
        page = BeautifulSoup(pages[f"gemeinden/{m.slug}/index.md"], "html.parser")
        for c in directory.categories:
            offers = directory.offers_for(m.slug, c.id)
            section = page.find("h2", id=f"ww-{c.id}")
            if not offers:
                assert section is None
                continue
            cards = section.find_parent("section").select(".ww-cards > li")
            assert len(cards) == min(len(offers), TOPIC_PREVIEW)
            more = section.find_parent("section").select_one(".ww-more a")
            if len(offers) <= TOPIC_PREVIEW:
                assert more is None
                continue
            bounded += 1
            assert more["href"] == f"{c.id}/"
            assert more.get_text() == f"Alle Angebote zu diesem Thema ({len(offers)})"
            topic = BeautifulSoup(pages[f"gemeinden/{m.slug}/{c.id}/index.md"], "html.parser")
            assert len(topic.select(".ww-cards > li")) == len(offers)
    assert bounded > 0  # the data has topics longer than the preview


def test_qr_codes_come_from_the_cache_of_the_last_build_by_content(project, tmp_path):
    import json

    from generator import writer

    directory = pipeline.load_valid(project, TODAY, SITE_URL)
    paths = site.Paths(project, tmp_path / "work")

    def pages() -> dict[str, str]:
        pipeline.generate(directory, paths, ("de",))
        return {p.relative_to(paths.docs("de")).as_posix(): p.read_text(encoding="utf-8") for p in paths.docs("de").rglob("*.md")}

    first = pages()
    cache = paths.qr_cache("de")
    data = json.loads(cache.read_text(encoding="utf-8"))
    offer = next(iter(directory.offers))
    address = f"{SITE_URL}de/angebote/{offer}/"
    code = qr.qr_code(address)
    assert data["version"] == qr.CACHE_VERSION and data["codes"][address] == [code.size, code.path]
    assert pages() == first  # built again with the cache: the same pages
    # the cache is read: a code changed in it shows on the page (a forgery only this test makes)
    data["codes"][address] = [21, "M0 0.5h99"]
    writer.write_cache(cache, data)
    page = f"angebote/{offer}/index.md"
    assert 'd="M0 0.5h99"' in pages()[page]
    # a cache of another version (segno, error level, border) is not used
    data["codes"][address] = [21, "M0 0.5h99"]
    writer.write_cache(cache, {**data, "version": "segno 0.0"})
    assert pages() == first


def test_the_cache_keeps_only_the_codes_this_build_used(project):
    directory = pipeline.load_valid(project, TODAY, SITE_URL)
    codes = qr.Codes({"https://old.example.org/": qr.qr_code("https://old.example.org/")})
    Renderer(directory, "de", codes).pages()
    kept = codes.to_cache()["codes"]
    assert "https://old.example.org/" not in kept
    assert f"{SITE_URL}de/gemeinden/{directory.municipalities[0].slug}/" in kept


def test_plain_text_pieces_of_a_map_render_as_jinja_would():
    for text in ("a\r\nb\n", "x\n\n", "", "\n", "a\rb", "var m = L.map({});\n"):
        assert maps._Text(text).render(this=None, kwargs={}) == maps._BrancaTemplate(text).render()
    assert isinstance(maps._template("{{ this.x }}"), maps._BrancaTemplate)
    assert isinstance(maps._template("plain {not jinja}"), maps._Text)


def test_a_map_is_the_same_with_jinja_compiling_every_piece(monkeypatch):
    import branca.element

    places = [maps.Place(48.9, 8.7, "Rathaus", "../r/", "#123456", kind="town")] + [
        maps.Place(48.9 + i / 1000, 8.7, f"مكان {i}", f"../o{i}/", "#654321", "تفاصيل", "ar", "rtl") for i in range(20)
    ]
    fast = maps.map_script(places, Coordinates(48.9, 8.7), 12, cluster=True)
    monkeypatch.setattr(branca.element, "Template", maps._BrancaTemplate)
    slow = maps.map_script(places, Coordinates(48.9, 8.7), 12, cluster=True)
    assert fast == slow and "wegweiserLabel" in fast


def test_qr_masks_applied_a_row_at_a_time_give_segnos_codes(monkeypatch):
    import segno.encoder

    urls = [f"{SITE_URL}{lang}/angebote/ort-{i}-{'x' * (i * 3)}/" for lang in ("de", "ar") for i in range(40)] + ["x"]
    assert segno.encoder.apply_mask is qr._apply_mask  # the build uses it
    fast = [qr.qr_code(url) for url in urls]
    monkeypatch.setattr(segno.encoder, "apply_mask", qr._segno_apply_mask)
    assert [qr.qr_code(url) for url in urls] == fast


def test_qr_mask_scores_computed_on_bytes_equal_segnos():
    import random

    import segno.encoder

    assert segno.encoder.mask_scores is qr._mask_scores  # the build uses it
    rng = random.Random(7)
    for _ in range(400):  # random symbols of every density, and the edges of the N3 rule
        size = rng.choice((21, 25, 33, 45, 57))
        density = rng.random()
        matrix = tuple(bytearray(int(rng.random() < density) for _ in range(size)) for _ in range(size))
        assert qr._mask_scores(matrix, size, size) == qr._segno_mask_scores(matrix, size, size)
    finder = bytearray(b"\x01\x00\x01\x01\x01\x00\x01" + b"\x00" * 14)
    for shift in range(15):
        matrix = tuple(bytearray(finder[-shift:] + finder[:-shift] if shift else finder) for _ in range(21))
        assert qr._mask_scores(matrix, 21, 21) == qr._segno_mask_scores(matrix, 21, 21)
    assert qr._mask_scores(matrix, 21, 21)[2] > 0  # the rule fires: the comparison covers it


def test_qr_paths_drawn_from_the_matrix_equal_segnos_svg_writer(monkeypatch):
    import re

    import segno

    for url in [f"{SITE_URL}{lang}/angebote/ort-{i}-{'x' * (i * 5)}/" for lang in ("de", "ti") for i in range(30)]:
        code = segno.make(url, error="m", micro=False)
        svg = code.svg_inline(border=qr.BORDER, omitsize=True, lineclass=None)
        assert qr.qr_code(url).path == re.search(r' d="([^"]+)"', svg).group(1)


def test_a_value_derived_from_every_offer_is_computed_once_per_directory(project):
    from generator import depends
    from generator.render import filter_codes

    directory = pipeline.load_valid(project, TODAY)
    calls = []

    def every_offer(d):
        calls.append(d)
        return filter_codes(d)

    assert depends.value(directory, every_offer) == depends.value(directory, every_offer) == filter_codes(directory)
    assert len(calls) == 1
    other = pipeline.load_valid(project, TODAY)  # another directory (another build) computes its own
    depends.value(other, every_offer)
    assert len(calls) == 2
