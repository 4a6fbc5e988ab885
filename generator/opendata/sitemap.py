"""``sitemap.xml`` per language with ``hreflang`` alternates (every page exists in every language),
and a sitemap index at the site's root. Only when the site's public address is known."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from ..model import Directory

HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n')


def sitemap(directory: Directory, lang: str, urls: list[str], languages: tuple[str, ...]) -> str:
    """The sitemap of one language; ``urls``: site-relative page URLs ("" is the home page)."""
    root = directory.config.site_url
    lines = [HEAD]
    for url in urls:
        lines.append(f"<url><loc>{escape(root + lang + '/' + url)}</loc>")
        for other in languages:
            lines.append(f'<xhtml:link rel="alternate" hreflang={quoteattr(other)} href={quoteattr(root + other + "/" + url)}/>')
        if url == "":
            lines.append(f'<xhtml:link rel="alternate" hreflang="x-default" href={quoteattr(root)}/>')
        lines.append("</url>\n")
    lines.append("</urlset>\n")
    return "".join(lines)


def index(directory: Directory, languages: tuple[str, ...]) -> str:
    root = directory.config.site_url
    body = "".join(f"<sitemap><loc>{escape(root + lang + '/sitemap.xml')}</loc></sitemap>\n" for lang in languages)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            + body + "</sitemapindex>\n")
