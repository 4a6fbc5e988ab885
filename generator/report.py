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


# -- due checks per steward (wegweiser report --due) -------------------------------------------

NO_STEWARD = "(ohne Träger)"
DUE_LABEL = "pruefung-faellig"
DUE_TITLE = "Prüfung fällig: "
EDITOR_PATH = "redaktion/"


def steward(offer: Offer) -> str:
    """Who is reminded of the offer: its ``steward``, else its provider."""
    return offer.keeper or NO_STEWARD


def editor_collection(offer: Offer) -> str:
    """The editing app's collection of the offer: one per municipality folder (``offers-<folder>``)."""
    return f"offers-{offer.folder}"


def edit_url(directory: Directory, offer: Offer) -> str:
    """The offer in the editing app; relative to the site's address when site_url is unknown."""
    return f"{directory.config.site_url}{EDITOR_PATH}#/collections/{editor_collection(offer)}/entries/{offer.id}"


def month_year(value: dt.date) -> str:
    """"Juni 2018": the month of the last check, in German."""
    from .localize import Localizer

    return Localizer("de").month_year(value)


def due_by_steward(directory: Directory, today: dt.date) -> list[tuple[str, list[Offer]]]:
    """Offers not checked for 12 months, per steward (German index order), oldest first."""
    groups: dict[str, list[Offer]] = {}
    for offer in stale_offers(directory, today):
        groups.setdefault(steward(offer), []).append(offer)
    return sorted(groups.items(), key=lambda item: (item[0] == NO_STEWARD, sort_key(item[0])))


def due_data(directory: Directory, today: dt.date) -> dict:
    """The due checks as plain data: what ``--format json`` prints."""
    return {
        "today": today.isoformat(),
        "site_url": directory.config.site_url or None,
        "stewards": [
            {
                "steward": name,
                "offers": [
                    {
                        "id": o.id,
                        "path": o.path,
                        "name": _de(o),
                        "verified": o.verified.isoformat(),
                        "last_check": month_year(o.verified),
                        "edit_url": edit_url(directory, o),
                    }
                    for o in offers
                ],
            }
            for name, offers in due_by_steward(directory, today)
        ],
    }


def _due_lines(directory: Directory, offers: list[Offer]) -> list[str]:
    return [f"- [{md(_de(o))}]({edit_url(directory, o)}) · zuletzt geprüft: {month_year(o.verified)} · `{o.path}`"
            for o in offers]


def _links_note(directory: Directory) -> str:
    if directory.config.site_url:
        return f"Die Links öffnen das Angebot im Redaktionsbereich ({directory.config.site_url}{EDITOR_PATH})."
    return ("Die Links sind relativ zur Adresse der Seite (`redaktion/…`): site_url ist nicht bekannt "
            "(mkdocs.yml, --site-url oder WEGWEISER_SITE_URL).")


def due_report(directory: Directory, today: dt.date) -> str:
    """``--format markdown``: every steward with its offers not checked for 12 months."""
    groups = due_by_steward(directory, today)
    count = sum(len(offers) for _, offers in groups)
    lines = [f"# Fällige Prüfungen, Stand {today.isoformat()}", ""]
    if not groups:
        return "\n".join(lines + ["Nichts fällig: alle Angebote wurden in den letzten 12 Monaten geprüft."]) + "\n"
    lines += [f"{count} {'Angebot wurde' if count == 1 else 'Angebote wurden'} seit mehr als 12 Monaten nicht geprüft; "
              f"zuständig {'ist 1 Stelle' if len(groups) == 1 else f'sind {len(groups)} Stellen'}. "
              + _links_note(directory)]
    for name, offers in groups:
        lines += ["", f"## {md(name)} ({len(offers)})", ""] + _due_lines(directory, offers)
    return "\n".join(lines) + "\n"


def issue_body(directory: Directory, name: str, offers: list[Offer], today: dt.date) -> str:
    """The reminder issue of one steward."""
    whose = ("Diese Angebote ohne Träger und ohne `steward`" if name == NO_STEWARD
             else f"Diese Angebote von **{md(name)}**")
    lines = [
        f"{whose} wurden seit mehr als 12 Monaten nicht geprüft (Stand {today.isoformat()}). "
        "Bitte prüfen Sie die Angaben (Anruf, Webseite oder Besuch), korrigieren Sie, was nicht mehr stimmt, "
        "und tragen Sie die Prüfung ein.",
        "",
    ]
    if name == NO_STEWARD:
        lines[-1:] = ["", "Wer hält sie aktuell? Bitte als `steward` eintragen (z. B. das Rathaus).", ""]
    lines += _due_lines(directory, offers)
    lines += [
        "",
        _links_note(directory),
        "",
        "So wird eine Prüfung eingetragen: im Redaktionsbereich das Angebot öffnen, Angaben prüfen, "
        "`verified` auf den Tag der Prüfung setzen und die Quelle ergänzen; oder in einer Kopie des "
        "Projekts `wegweiser confirm KENNUNG --source \"Anruf im Bürgerbüro\" --how telefon` "
        "(README: „Ein Angebot als geprüft markieren“).",
        "",
        "Dieses Issue wird jeden Monat aktualisiert und geschlossen, sobald nichts mehr fällig ist.",
    ]
    return "\n".join(lines) + "\n"


def issue_actions(directory: Directory, today: dt.date, open_issues: list[dict]) -> list[dict]:
    """What the reminders workflow does: one open issue per steward with due offers.

    ``open_issues`` are the open issues with the label (``number``, ``title``, ``body``), as
    ``gh issue list --json number,title,body`` prints them. An issue is found again by its
    title; an issue whose body is already right is left alone; reminder issues of stewards with
    nothing due (and doubles) are closed with a comment.
    """
    ours = sorted((i for i in open_issues if str(i.get("title", "")).startswith(DUE_TITLE)), key=lambda i: i["number"])
    actions: list[dict] = []
    kept: dict[str, int] = {}  # title -> the issue that stays open
    for name, offers in due_by_steward(directory, today):
        title = DUE_TITLE + name
        body = issue_body(directory, name, offers, today)
        found = next((i for i in ours if i["title"] == title), None)
        if found is None:
            actions.append({"action": "create", "title": title, "body": body, "label": DUE_LABEL})
            continue
        kept[title] = found["number"]
        if found.get("body", "").rstrip("\n") != body.rstrip("\n"):  # GitHub drops the final line break
            actions.append({"action": "update", "number": found["number"], "title": title, "body": body})
    for issue in ours:
        if kept.get(issue["title"]) == issue["number"]:
            continue
        if issue["title"] in kept:
            comment = f"Doppelt: die Erinnerung steht in #{kept[issue['title']]}."
        else:
            comment = (f"Nichts mehr fällig (Stand {today.isoformat()}): alle Angebote wurden in den letzten "
                       "12 Monaten geprüft. Danke!")
        actions.append({"action": "close", "number": issue["number"], "title": issue["title"], "comment": comment})
    return actions
