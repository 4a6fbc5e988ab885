""""Fehler melden": a prepared e-mail to the editors (``extra.wegweiser.report_email``) and the
repository's issue form. Nothing is sent by the site: the link opens the reader's e-mail app with
a German subject and body (page, offer id, language, date of the page) that the reader may send."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

from .fields import german_language_name


def mailto(address: str, subject: str, body: str) -> str:
    """A mailto: URI (RFC 6068): every reserved character percent-encoded, spaces as %20, lines CRLF."""
    body = body.replace("\r\n", "\n").replace("\n", "\r\n")
    return f"mailto:{address}?subject={quote(subject, safe='')}&body={quote(body, safe='')}"


def subject(page_title: str, offer_id: str | None) -> str:
    return f"Fehler im Wegweiser: {page_title}" + (f" ({offer_id})" if offer_id else "")


def body(page: str, lang: str, made: dt.date, offer_id: str | None = None, german_name: str | None = None) -> str:
    lines = [f"Seite: {page}"]
    if offer_id:
        lines.append(f"Angebot: {german_name} (Kennung: {offer_id})")
    lines += [
        f"Sprache der Seite: {german_language_name(lang)} ({lang})",
        f"Stand der Seite: {made.strftime('%d.%m.%Y')}",
        "",
        "Was ist falsch? Was ist richtig? Woher wissen Sie das?",
        "",
        "",
        "Bitte keine persönlichen Daten (Namen, Fälle, Aufenthaltsstatus).",
    ]
    return "\n".join(lines) + "\n"
