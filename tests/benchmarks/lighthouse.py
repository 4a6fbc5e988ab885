"""Lighthouse scores (mobile) per page type and language, the site served with gzip.

One local server (the page-weight benchmark's, gzip like any static host) and one Lighthouse
process with one Chromium for all pages (tests/node_tools/lighthouse.mjs; npm ``lighthouse``,
installed by ``./run test``).

    python tests/benchmarks/lighthouse.py [--site site] [--lang de --lang ar] [--categories performance,accessibility]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from page_weight import serve  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
RUNNER = REPO / "tests" / "node_tools" / "lighthouse.mjs"
# one page of every type (paths inside a language folder)
PAGES = {
    "home": "",
    "municipality": "gemeinden/muehlacker/",
    "category": "gemeinden/muehlacker/work/",
    "offer": "angebote/jobcenter-enzkreis/",
    "plan": "plan/?o=jobcenter-enzkreis,agentur-fuer-arbeit-pforzheim",
    "handout": "gemeinden/muehlacker/merkblatt/",
    "info": "info/help/",
}
CATEGORIES = ("performance", "accessibility", "best-practices")


def run(site: Path, languages: list[str], categories: tuple[str, ...] = CATEGORIES,
        pages: dict[str, str] = PAGES) -> list[dict]:
    """One result per (language, page type): {"lang", "page", "url", "scores", "failed"}."""
    server, origin = serve(site)
    try:
        urls = {f"{origin}/{lang}/{path}": (lang, page) for lang in languages for page, path in pages.items()}
        done = subprocess.run(
            ["node", str(RUNNER), "--categories", ",".join(categories), *urls],
            capture_output=True, text=True, check=False, timeout=60 * len(urls) + 60,
            env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"},
        )
    finally:
        server.shutdown()
    results = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode or len(results) != len(urls):
        raise RuntimeError(f"lighthouse failed ({done.returncode}): {done.stderr[-2000:]}")
    for result, (url, (lang, page)) in zip(results, urls.items()):
        result.update(lang=lang, page=page, url=url)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", default="site", help="built site (default: site/)")
    parser.add_argument("--lang", action="append", help="language (repeatable; default: de, ar, uk)")
    parser.add_argument("--categories", default=",".join(CATEGORIES))
    args = parser.parse_args(argv)
    categories = tuple(args.categories.split(","))
    results = run(Path(args.site), args.lang or ["de", "ar", "uk"], categories)
    print(f"{'lang':<6}{'page':<14}" + "".join(f"{c:>16}" for c in categories))
    for r in results:
        print(f"{r['lang']:<6}{r['page']:<14}" + "".join(f"{r['scores'].get(c, '-'):>16}" for c in categories))
        for failed in r["failed"]:
            print(f"        {failed['id']}: {failed.get('displayValue', '')} {failed['items'][:2]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
