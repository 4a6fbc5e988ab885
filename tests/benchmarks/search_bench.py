"""Search benchmark: the queries readers type, through the search box of a built site in real Chromium.

For every site language, each query of ``search_queries.yml`` is typed into the search box of
``/<lang>/`` and the first three results are compared with the pages that answer it. Also measured:
the bytes of the first search (gzip, as a static host sends them: index and engine), per language.

    python tests/benchmarks/search_bench.py --site site [--lang de --lang ar] [--details]
    ./run bench --search [--site site]
    ./run bench --search --municipalities 28 --offers 100   # first-search bytes at a synthetic scale

Without ``--site`` the shipped data is built into a temporary folder first. With
``--municipalities``/``--offers`` a synthetic project of tests/benchmarks/bench.py is built instead
(its three languages) and only the bytes of a first search are measured: its invented offers
answer no real query.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
QUERIES = HERE / "search_queries.yml"
TOP = 3
KB = 1024
SEARCH_TOGGLE = 'label.md-header__button[for="__search"]'
SEARCH_INPUT = "input.md-search__input"
RESULT_META = ".md-search-result__meta"
RESULT_LINKS = "li.md-search-result__item > a.md-search-result__link:first-child"  # one per page


@dataclass
class Query:
    text: str
    answers: tuple[str, ...]


@dataclass
class Outcome:
    query: Query
    top: list[str]  # site-relative paths of the first results, e.g. "angebote/jobcenter-enzkreis/"
    hit: bool


@dataclass
class LanguageResult:
    lang: str
    outcomes: list[Outcome] = field(default_factory=list)
    first_search_bytes: int = 0

    @property
    def hits(self) -> int:
        return sum(o.hit for o in self.outcomes)

    @property
    def share(self) -> float:
        return self.hits / len(self.outcomes) if self.outcomes else 0.0


def _flatten(items) -> list[dict]:
    out = []
    for item in items:
        out += _flatten(item) if isinstance(item, list) else [item]
    return out


def load_queries(path: Path = QUERIES) -> dict[str, list[Query]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {
        lang: [Query(str(q["q"]), tuple(q["answers"])) for q in _flatten(items)]
        for lang, items in data.items() if not lang.startswith("_")
    }


def offer_categories(site_root: Path | None = None) -> dict[str, tuple[str, ...]]:
    """Offer id -> its categories, from the project's data (what "cat:<id>" answers)."""
    from generator.build import load_valid

    directory = load_valid(site_root or REPO)
    return {o.id: tuple(o.categories) for o in directory.offers.values()}


def answers(path: str, wanted: tuple[str, ...], categories: dict[str, tuple[str, ...]]) -> bool:
    """Does the page at ``path`` (e.g. "gemeinden/birkenfeld/childcare/") answer the query?"""
    parts = path.strip("/").split("/")
    topic = parts[2] if len(parts) == 3 and parts[0] == "gemeinden" else parts[1] if len(parts) == 2 and parts[0] == "themen" else None
    offer = parts[1] if len(parts) == 2 and parts[0] == "angebote" else None
    for answer in wanted:
        kind, _, value = answer.partition(":")
        if not value:  # an offer id
            if offer == answer:
                return True
        elif topic == value:
            return True
        elif kind == "cat" and offer and value in categories.get(offer, ()):
            return True
    return False


def run_language(browser, server, origin: str, lang: str, queries: list[Query],
                 categories: dict[str, tuple[str, ...]]) -> LanguageResult:
    from browser_helpers import PHONE

    result = LanguageResult(lang)
    context = browser.new_context(**PHONE)
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.goto(f"{origin}/{lang}/", wait_until="networkidle")
    start = len(server.sent)
    page.locator(SEARCH_TOGGLE).click()
    box = page.locator(SEARCH_INPUT)
    meta = page.locator(RESULT_META)
    # Material's page script loads at the tap and says "initialising" until the search worker is
    # ready; then the box shows the placeholder ("type to start searching")
    placeholder = page.evaluate(
        "() => JSON.parse(document.getElementById('__config').textContent).translations['search.result.placeholder']")
    page.wait_for_function("([el, text]) => el.textContent.trim() === text", arg=[meta.element_handle(), placeholder])
    for n, query in enumerate(queries):
        box.fill(query.text)
        box.press("End")  # Material reads the box on keyup: one query with the whole text
        page.wait_for_function("([el, text]) => el.textContent.trim() !== text", arg=[meta.element_handle(), placeholder])
        if n == 0:  # the search worker, its engine and the index; Material's page script (loaded on use) aside
            result.first_search_bytes = sum(size for path, size in server.sent[start:] if "/javascripts/bundle." not in path)
        hrefs = page.locator(RESULT_LINKS).evaluate_all("(links) => links.map((a) => a.getAttribute('href'))")
        top = [_relative(href, origin, lang) for href in hrefs[:TOP]]
        result.outcomes.append(Outcome(query, top, any(answers(p, query.answers, categories) for p in top)))
        if n + 1 < len(queries):  # an empty box shows the placeholder again: the next answer is then told apart
            box.fill("")
            box.press("End")
            page.wait_for_function("([el, text]) => el.textContent.trim() === text", arg=[meta.element_handle(), placeholder])
    context.close()
    return result


def _relative(href: str, origin: str, lang: str) -> str:
    from urllib.parse import urlsplit

    path = urlsplit(href).path
    prefix = f"/{lang}/"
    return path[len(prefix):] if path.startswith(prefix) else path


def _in_chromium(site: Path, each, browser=None) -> list[LanguageResult]:
    """``each(browser, server, origin)`` with the built ``site`` served gzip-compressed on 127.0.0.1.

    ``browser``: a Chromium already launched (Playwright allows one synchronous instance per thread,
    so the tests pass their session's); without it, one is launched for this call."""
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(HERE.parent))
    sys.path.insert(0, str(HERE))
    from browser_helpers import CHROMIUM, CHROMIUM_ARGS
    from page_weight import serve

    server, origin = serve(site)
    try:
        if browser is not None:
            return each(browser, server, origin)
        with sync_playwright() as playwright:
            launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            results = each(launched, server, origin)
            launched.close()
    finally:
        server.shutdown()
    return results


def run(site: Path, languages: list[str] | None = None, browser=None) -> list[LanguageResult]:
    """Every language's queries against the built ``site`` (in ``browser`` if given, see _in_chromium)."""
    queries = load_queries()
    categories = offer_categories()
    return _in_chromium(site, lambda browser, server, origin: [
        run_language(browser, server, origin, lang, queries[lang], categories) for lang in languages or list(queries)],
        browser)


def first_search_bytes(site: Path, languages: list[str], query: str = "Kita") -> list[LanguageResult]:
    """Bytes of one first search per language (engine and index, gzip), without judging the results."""
    return _in_chromium(site, lambda browser, server, origin: [
        run_language(browser, server, origin, lang, [Query(query, ())], {}) for lang in languages])


def synthetic(municipalities: int, offers: int) -> None:
    from bench import make_synthetic_project

    from generator.build import build

    with tempfile.TemporaryDirectory() as tmp:
        root = make_synthetic_project(Path(tmp) / "project", municipalities, offers, 3)
        site = Path(tmp) / "site"
        report = build(root, site)
        results = first_search_bytes(site, list(report.languages))
        count = len(list((root / "municipalities").glob("*/offers/*.yml")))
        print(f"first search (gzip, engine and index) at {municipalities} municipalities x {offers} offers ({count} offers):")
        for r in results:
            index = (site / r.lang / "search" / "wegweiser.json").read_bytes()
            print(f"{r.lang:<6}{r.first_search_bytes / KB:>8.1f} KB   (index {len(index) / KB:.0f} KB uncompressed)")


def table(results: list[LanguageResult], details: bool = False) -> str:
    lines = [f"{'lang':<6}{'top-3':>8}{'share':>8}{'first search':>15}"]
    for r in results:
        lines.append(f"{r.lang:<6}{r.hits:>4}/{len(r.outcomes):<3}{100 * r.share:>7.0f}%{r.first_search_bytes / KB:>12.1f} KB")
        if details:
            lines += [f"      {'ok ' if o.hit else 'MISS'} {o.query.text!r}: {', '.join(o.top) or '(nothing)'}"
                      for o in r.outcomes]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", help="a built site (default: build the shipped data into a temporary folder)")
    parser.add_argument("--lang", action="append", help="only this language (repeatable)")
    parser.add_argument("--details", action="store_true", help="every query with its first three results")
    parser.add_argument("--municipalities", type=int, help="a synthetic project of this many municipalities (bytes only)")
    parser.add_argument("--offers", type=int, default=100, help="offers per synthetic municipality (default: 100)")
    args = parser.parse_args(argv)
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    sys.path.insert(0, str(HERE))
    if args.municipalities:
        synthetic(args.municipalities, args.offers)
        return 0
    if args.site:
        results = run(Path(args.site), args.lang)
    else:
        from generator.build import build

        with tempfile.TemporaryDirectory() as tmp:
            site = Path(tmp) / "site"
            build(REPO, site, languages=args.lang)
            results = run(site, args.lang)
    print(f"search: share of queries with an answering page among the first {TOP} results; "
          "bytes of the first search (gzip)")
    print(table(results, args.details))
    return 0


if __name__ == "__main__":
    sys.exit(main())
