"""Page-weight budgets in real Chromium: a phone, an empty cache, gzip like any static host.

Everything the server sends is counted (pages, styles, scripts, icons, the service worker and
what it stores for the language's home page); only the offline pack, which the service worker
downloads in the background from the second page on, is counted apart and reported.
"""

from __future__ import annotations

import pytest

from browser_helpers import PageLog, PHONE
from conftest import REPO

pytestmark = [pytest.mark.browser, pytest.mark.slow]
FIRST = "angebote/jobcenter-enzkreis/"
FOLLOWING = "gemeinden/muehlacker/"
LANGUAGES = ("de", "en", "ar", "fa", "ps", "uk", "ru", "tr", "ku", "ti")
KB = 1024
# Issue 10: a first visit of an offer page at most 70 KB (Material's page script loads on use, not
# with the page; 48.8-50.9 KB measured), the following page (the biggest town page) at most 10 KB
# (7.7 KB de to 9.4 KB uk and ru measured, with a site address as deployed).
FIRST_BUDGET = 70 * KB
FOLLOWING_BUDGET = 10 * KB


@pytest.fixture(scope="module")
def gzip_server(built_shipped):
    import sys

    sys.path.insert(0, str(REPO / "tests" / "benchmarks"))
    from page_weight import serve

    server, origin = serve(built_shipped)
    yield server, origin
    server.shutdown()


def load(server, page, url: str) -> int:
    start = len(server.sent)
    page.goto(url, wait_until="networkidle")
    page.wait_for_timeout(1000)  # late requests (service worker install) are counted too; not a timing
    return sum(size for _, size in server.sent[start:])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_first_visit_and_following_page_stay_within_budget(chromium, gzip_server, lang):
    server, origin = gzip_server
    pack_start = len(server.pack)
    context = chromium.new_context(**PHONE)
    log = PageLog(context)
    page = context.new_page()
    first = load(server, page, f"{origin}/{lang}/{FIRST}")
    following = load(server, page, f"{origin}/{lang}/{FOLLOWING}")
    # the first search loads the index and the search engine
    start = len(server.sent)
    page.locator('label.md-header__button[for="__search"]').click()
    page.locator("input.md-search__input").press_sequentially("Jobcenter")
    page.locator(".md-search-result__item").first.wait_for()
    search = sum(size for _, size in server.sent[start:])
    context.close()
    pack = sum(size for _, size in server.pack[pack_start:])
    print(f"\n{lang}: first visit {first / KB:.1f} KB, following page {following / KB:.1f} KB, "
          f"first search {search / KB:.1f} KB, offline pack in the background {pack / KB:.1f} KB")
    assert first <= FIRST_BUDGET
    assert following <= FOLLOWING_BUDGET
    assert log.foreign_requests(origin) == []
    assert log.errors == []
