"""The search index of one language: what the search box looks in.

One small JSON file per language (``<lang>/search/wegweiser.json``), made from the model, read by
the site's own search worker (``theme/assets/javascripts/workers/search.js``), which answers
Material's search box. The worker folds umlauts and ß in index and query (ä = a = ae, ß = ss),
tolerates one typo in words of five letters or more, and ranks offer, topic and municipality pages
before pages such as "Start" or "Über diese Seite".

What a language's index holds:

- ``topics``: every category with its name, description and keywords (``content/categories.yml``)
  in the language and in German; the worker makes the topic pages from them (the district-wide
  ``themen/<kategorie>/`` and every municipality's ``gemeinden/<gemeinde>/<kategorie>/``), so the
  keywords are stored once, not 29 times;
- ``places``: the municipalities (slug and name);
- ``docs``: offers, municipality pages and the text pages, each with its address, kind, title
  (and whether that title is a German fallback), German name, plain text and categories.

German words are found from every language: offer names, providers, places and German keywords
are in every index, beside the translation.
"""

from __future__ import annotations

import json

from . import markup
from .localize import Localizer
from .model import Directory, Offer
from .render import GLOSSARY_URL, category_url, info_url, municipality_url, offer_url, topic_url

INDEX = "search/wegweiser.json"  # inside a language's folder; the worker fetches ../../../search/wegweiser.json
FORMAT = 1

# kinds of page: the worker ranks OFFER, TOPIC and PLACE before PAGE when both match
OFFER, TOPIC, PLACE, PAGE = "o", "t", "m", "p"
TEXT_LIMIT = 600  # characters of an offer's description kept in the index


def _local(value, lang: str) -> tuple[str, str]:
    """(text, language of that text): ``lang``, else German; ("", lang) without a text."""
    if value is None:
        return "", lang
    return value.get(lang, "de")


def _plain(text: str, limit: int | None = None) -> str:
    plain = markup.to_plain(text)
    if limit and len(plain) > limit:
        plain = plain[:limit].rsplit(" ", 1)[0] + " …"
    return plain


def _offer_doc(directory: Directory, offer: Offer, lang: str, categories: dict[str, int]) -> list:
    name, name_lang = _local(offer.name, lang)
    german = offer.name.values["de"]
    description, _ = _local(offer.description, lang)
    audience, _ = _local(offer.audience, lang)
    words = [_plain(description, TEXT_LIMIT), _plain(audience)]
    # German words on letters and signs: provider and place are German in every language
    extra = [offer.provider or ""]
    if offer.address:
        extra.append(f"{offer.address.street} {offer.address.city}")
    text = " ".join(w for w in words if w)
    return [offer_url(offer.id), OFFER, name, name_lang != lang, "" if german == name else german, text,
            " ".join(e for e in extra if e), [categories[c] for c in offer.categories]]


def index(directory: Directory, lang: str) -> dict:
    """The search index of ``lang`` as a JSON-ready dict (see the module's docstring)."""
    l10n = Localizer(lang)
    categories = {c.id: i for i, c in enumerate(directory.categories)}
    topics = []
    for c in directory.categories:
        name, name_lang = _local(c.name, lang)
        description, _ = _local(c.description, lang)
        keywords = c.keywords.values.get(lang, "") if c.keywords else ""
        german_keywords = c.keywords.values["de"] if c.keywords else ""
        topics.append([c.id, name, c.name.values["de"], keywords, german_keywords if lang != "de" else "",
                       _plain(description)])
    places = [[m.slug, m.name] for m in directory.municipalities]
    docs = [_offer_doc(directory, o, lang, categories)
            for o in sorted(directory.offers.values(), key=lambda o: o.id)]
    for m in directory.municipalities:
        title = l10n.gettext("Help and offers in %(place)s") % {"place": m.name}
        docs.append([municipality_url(m.slug), PLACE, m.name, False, "", title, " ".join(m.districts), []])
    docs.append(["", PAGE, l10n.gettext("Home"), False, "", _plain(_page_text(directory, "home", lang)), "", []])
    for page in directory.pages:
        title_lang = lang if lang in page.titles else "de"
        body = page.bodies.get(lang, page.bodies["de"])
        docs.append([info_url(page.id), PAGE, page.titles[title_lang], title_lang != lang, "",
                     _plain(body, TEXT_LIMIT), "", []])
    if directory.glossary:
        terms = " ".join(f"{t.term.get(lang)[0]} {t.german}" for t in directory.glossary)
        docs.append([GLOSSARY_URL, PAGE, l10n.gettext("Important words"), False, "", terms, "", []])
    return {"format": FORMAT, "lang": lang, "topics": topics, "places": places, "docs": docs,
            "topic_url": category_url("{place}", "{topic}"), "district_topic_url": topic_url("{topic}")}


def _page_text(directory: Directory, snippet_id: str, lang: str) -> str:
    snippet = directory.snippets.get(snippet_id)
    if snippet is None:
        return ""
    return snippet.bodies.get(lang, snippet.bodies["de"])


def index_json(directory: Directory, lang: str) -> str:
    return json.dumps(index(directory, lang), ensure_ascii=False, separators=(",", ":"))
