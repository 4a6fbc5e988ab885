"""A Markdown report on the state of the data, for a pull-request comment (``wegweiser report``).

Editors read it, so it is in German. :func:`report` is a pure function of the model and the
date: no files are written, and the output depends only on the data (everything is sorted).
The only thing read besides the model is the packaged UI catalogs, through
:func:`generator.translations.status`.
"""

from __future__ import annotations

import datetime as dt
import re

from .model import Category, Directory, Municipality, Offer, sort_key
from .translations import LanguageStatus, status

STALE_AFTER_DAYS = 365
# The five fields of action of the district's integration work; only those in categories.yml count.
CORE_CATEGORIES = ("language", "education", "work", "childcare", "health")
ZERO = "**0**"

# Characters that would end a table cell or turn a name into markup or HTML.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


def md(text: str) -> str:
    """``text`` as literal Markdown on one line: special characters escaped, ``|`` included."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def _row(cells) -> str:
    return "| " + " | ".join(cells) + " |"


def _de(offer: Offer) -> str:
    return offer.name.values["de"]


def months_between(earlier: dt.date, later: dt.date) -> int:
    """Whole months from ``earlier`` to ``later``."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - (1 if later.day < earlier.day else 0)


def _percent(done: int, total: int) -> str:
    return f"{100 * done // total if total else 100} %"


# -- what the sections find --------------------------------------------------------------------


def stale_offers(directory: Directory, today: dt.date) -> list[Offer]:
    """Offers verified more than a year before ``today``, oldest first."""
    return sorted(
        (o for o in directory.offers.values() if (today - o.verified).days > STALE_AFTER_DAYS),
        key=lambda o: (o.verified, o.path),
    )


def unconfirmed_offers(directory: Directory) -> list[Offer]:
    return sorted((o for o in directory.offers.values() if o.unconfirmed), key=lambda o: o.path)


def translation_statuses(directory: Directory) -> list[LanguageStatus]:
    source = directory.config.source_language
    return [status(directory, lang) for lang in directory.config.languages if lang != source]


def _missing(s: LanguageStatus) -> int:
    return len(s.ui_missing) + len(s.gaps)


def municipalities_by_name(directory: Directory) -> list[Municipality]:
    """German index order, whatever order the directory holds them in."""
    return sorted(directory.municipalities, key=lambda m: sort_key(m.name))


def coverage(directory: Directory) -> dict[str, dict[str, int]]:
    """municipality slug -> category id -> number of offers reachable there (district-wide ones included)."""
    return {
        m.slug: {c.id: len(directory.offers_for(m.slug, c.id)) for c in directory.categories}
        for m in directory.municipalities
    }


def core_categories(directory: Directory) -> list[Category]:
    """The fields of action that exist in the data, in categories.yml order."""
    return [c for c in directory.categories if c.id in CORE_CATEGORIES]


def core_gaps(directory: Directory, counts: dict[str, dict[str, int]]) -> list[tuple[Municipality, list[Category]]]:
    """Municipalities without any reachable offer in one of the fields of action, and those fields."""
    core = core_categories(directory)
    found = []
    for m in municipalities_by_name(directory):
        missing = [c for c in core if counts[m.slug][c.id] == 0]
        if missing:
            found.append((m, missing))
    return found


# -- the sections ------------------------------------------------------------------------------


def _stale_section(offers: list[Offer], today: dt.date) -> list[str]:
    lines = [f"## Nicht geprüft seit mehr als 12 Monaten ({len(offers)})", ""]
    if not offers:
        return lines + ["Alle Angebote wurden in den letzten 12 Monaten geprüft."]
    lines += [_row(("Datei", "Name", "Geprüft am", "Alter")), "| --- | --- | --- | ---: |"]
    for o in offers:
        months = months_between(o.verified, today)
        age = f"{months} Monat" if months == 1 else f"{months} Monate"
        lines.append(_row((f"`{o.path}`", md(_de(o)), o.verified.isoformat(), age)))
    return lines


def _unconfirmed_section(offers: list[Offer]) -> list[str]:
    lines = [f"## Nicht bestätigte Angaben ({len(offers)})", ""]
    if not offers:
        return lines + ["Keine: alle Angaben sind durch eine Quelle bestätigt."]
    lines += [_row(("Datei", "Name", "Nicht bestätigt")), "| --- | --- | --- |"]
    for o in offers:
        fields = ", ".join(f"`{name}`" for name in sorted(o.unconfirmed))
        lines.append(_row((f"`{o.path}`", md(_de(o)), fields)))
    return lines


def _translations_section(statuses: list[LanguageStatus]) -> list[str]:
    total = sum(_missing(s) for s in statuses)
    lines = [f"## Fehlende Übersetzungen ({total})", ""]
    if not statuses:
        return lines + ["Die Seite hat nur die Sprache der Daten."]
    lines += [
        _row(("Sprache", "Oberfläche", "Anteil", "Inhalte", "Anteil")),
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for s in statuses:
        lines.append(_row((
            f"`{s.lang}`",
            f"{s.ui_done}/{s.ui_total}", _percent(s.ui_done, s.ui_total),
            f"{s.content_done}/{s.content_total}", _percent(s.content_done, s.content_total),
        )))
    for s in statuses:
        if not _missing(s):
            continue
        lines += ["", "<details>", f"<summary><code>{s.lang}</code>: {_missing(s)} fehlende Texte</summary>", ""]
        lines += [f"- Oberfläche: „{md(msgid)}“" for msgid in s.ui_missing]
        lines += [f"- `{gap.file}`: " + ("ganze Datei" if gap.field == "datei" else f"`{gap.field}`") for gap in s.gaps]
        lines += ["", "</details>"]
    return lines


def _coverage_section(directory: Directory, counts: dict[str, dict[str, int]],
                      gaps: list[tuple[Municipality, list[Category]]]) -> list[str]:
    categories = directory.categories
    empty = sum(1 for row in counts.values() for n in row.values() if n == 0)
    lines = [f"## Abdeckung ({empty} leere Zellen)", ""]
    lines.append(
        "Angebote, die Menschen in der Gemeinde erreichen können: eigene und kreisweite. "
        f"{ZERO} heißt: kein Angebot dieser Kategorie."
    )
    lines += ["", _row(["Gemeinde"] + [md(c.name.values["de"]) for c in categories]),
              "| --- |" + " ---: |" * len(categories)]
    for m in municipalities_by_name(directory):
        cells = [str(n) if n else ZERO for n in (counts[m.slug][c.id] for c in categories)]
        lines.append(_row([md(m.name)] + cells))

    core = core_categories(directory)
    lines += ["", f"### Lücken in den fünf Feldern des Kreises ({sum(len(c) for _, c in gaps)})", ""]
    absent = [cid for cid in CORE_CATEGORIES if cid not in {c.id for c in core}]
    if absent:
        lines += ["Nicht in `content/categories.yml` und daher nicht geprüft: "
                  + ", ".join(f"`{cid}`" for cid in absent) + ".", ""]
    if not core:
        return lines[:-1]
    if not gaps:
        return lines + ["Keine: jede Gemeinde erreicht in jedem dieser Felder mindestens ein Angebot."]
    for m, missing in gaps:
        lines.append(f"- {md(m.name)}: " + ", ".join(md(c.name.values["de"]) for c in missing))
    return lines


def report(directory: Directory, today: dt.date) -> str:
    """The whole report as GitHub-flavoured Markdown, ending in a newline."""
    stale = stale_offers(directory, today)
    unconfirmed = unconfirmed_offers(directory)
    statuses = translation_statuses(directory)
    counts = coverage(directory)
    gaps = core_gaps(directory, counts)
    missing = ", ".join(f"{s.lang} {_missing(s)}" for s in statuses)
    summary = (
        f"**Datenbericht, Stand {today.isoformat()}:** {len(directory.municipalities)} Gemeinden, "
        f"{len(directory.offers)} Angebote. "
        f"Nicht geprüft seit mehr als 12 Monaten: {len(stale)} · "
        f"nicht bestätigte Angaben: {len(unconfirmed)} · "
        f"fehlende Übersetzungen: {sum(_missing(s) for s in statuses)}{f' ({missing})' if missing else ''} · "
        f"Lücken in den fünf Feldern des Kreises: {sum(len(c) for _, c in gaps)}"
    )
    sections = [
        [summary],
        _stale_section(stale, today),
        _unconfirmed_section(unconfirmed),
        _translations_section(statuses),
        _coverage_section(directory, counts, gaps),
    ]
    return "\n\n".join("\n".join(lines) for lines in sections) + "\n"
