"""Stage 4: everything that depends on the reader's language.

UI strings come from gettext catalogs (``generator/locales/<lang>/LC_MESSAGES/messages.po``,
managed with ``pybabel``); dates, weekdays, times and language names from Babel/CLDR.
Phone numbers keep their German form.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date, format_skeleton, get_day_names
from babel.numbers import format_decimal
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from .model import Text

LOCALES_DIR = Path(__file__).parent / "locales"
SOURCE_LANGUAGE = "de"


@dataclass(frozen=True)
class Local:
    """A text as one reader sees it: which language it is in, and whether it is a fallback."""

    text: str
    lang: str
    dir: str
    fallback: bool


@lru_cache(maxsize=None)
def direction(lang: str) -> str:
    return "rtl" if Locale.parse(lang).character_order == "right-to-left" else "ltr"


@lru_cache(maxsize=None)
def endonym(lang: str) -> str:
    """The language's name in its own script, e.g. العربية; never a flag."""
    name = Locale.parse(lang).get_display_name(lang) or lang
    return name[:1].upper() + name[1:]


@lru_cache(maxsize=None)
def translations(lang: str) -> NullTranslations:
    """The UI catalog of ``lang``, compiled in memory (no .mo files to keep in sync)."""
    po = LOCALES_DIR / lang / "LC_MESSAGES" / "messages.po"
    if not po.is_file():
        return NullTranslations()
    with po.open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    buf.seek(0)
    return Translations(fp=buf)


class Localizer:
    """Formats values for one reader language."""

    def __init__(self, lang: str):
        self.lang = lang
        self.locale = Locale.parse(lang)
        self.dir = direction(lang)
        self.gettext = translations(lang).gettext
        self.ngettext = translations(lang).ngettext

    def text(self, value: Text | None) -> Local | None:
        if value is None:
            return None
        text, lang = value.get(self.lang, SOURCE_LANGUAGE)
        return Local(text, lang, direction(lang), fallback=lang != self.lang)

    def date(self, value: dt.date) -> str:
        return format_date(value, "long", locale=self.locale)

    def month_year(self, value: dt.date) -> str:
        """Month and year as the reader's language writes them: "März 2014", "March 2014"."""
        return format_skeleton("yMMMM", value, locale=self.locale)

    def long_date_format(self) -> dict:
        """What a script needs to write a date as :meth:`date` does: the CLDR pattern ("d. MMMM y")
        and the twelve month names (browsers lack some of the site's languages)."""
        from babel.dates import get_date_format, get_month_names

        names = get_month_names("wide", "format", locale=self.locale)
        return {"pattern": get_date_format("long", locale=self.locale).pattern, "months": [names[m] for m in range(1, 13)]}

    def number(self, value: int) -> str:
        return format_decimal(value, locale=self.locale)

    def weekday(self, index: int) -> str:
        return get_day_names("wide", locale=self.locale)[index]

    def weekday_short(self, index: int) -> str:
        return get_day_names("abbreviated", locale=self.locale)[index]

    def time(self, value: dt.time | None) -> str:
        if value is None:
            return "24:00"
        return format_skeleton("Hm", value, locale=self.locale)

    def language_name(self, code: str) -> str:
        """The name of a spoken language in the reader's language (falls back to German, then the code)."""
        name = self.locale.languages.get(code) or Locale("de").languages.get(code) or code
        return name[:1].upper() + name[1:]
