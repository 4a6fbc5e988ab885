"""Which languages an offer can be used in: spoken there (``languages``) or with an interpreter
the offer arranges (``interpreting``). Used by the "In my language" filter of the lists and by the
sentence on the offer page; nothing here knows HTML."""

from __future__ import annotations

from .model import Offer

# Codes in the data that a reader of a site language also understands (Dari is written Persian).
SAME_AS = {"prs": "fa"}

SPOKEN, INTERPRETER, NOT_SPOKEN, UNKNOWN = "spoken", "interpreter", "not_spoken", "unknown"


def _codes(codes) -> tuple[str, ...]:
    return tuple(dict.fromkeys(SAME_AS.get(code, code) for code in codes))


def usable_in(offer: Offer) -> tuple[str, ...]:
    """Every language the offer can be used in (spoken or interpreted), empty when the data say nothing."""
    return _codes((*offer.languages, *offer.interpreting))


def status(offer: Offer, lang: str) -> str:
    """SPOKEN, INTERPRETER, NOT_SPOKEN or UNKNOWN (the offer records no languages at all)."""
    if lang in _codes(offer.languages):
        return SPOKEN
    if lang in _codes(offer.interpreting):
        return INTERPRETER
    return NOT_SPOKEN if usable_in(offer) else UNKNOWN


def filter_languages(site_languages: tuple[str, ...], offers) -> tuple[str, ...]:
    """The languages a reader can filter by: the site's, then any other one the data name (sorted)."""
    others = sorted({code for offer in offers for code in usable_in(offer)} - set(site_languages))
    return (*site_languages, *others)
