"""Text from data files: what is allowed in it, and how it becomes inert HTML.

Editors write plain text with a small Markdown subset: paragraphs, ``- `` lists, ``*emphasis*``,
``**strong**`` and ``[links](https://…)``. Nothing else can become markup: every character of
data text is escaped (HTML *and* Markdown specials), so neither the browser nor a Markdown
processor that later sees the generated page can turn it into tags, scripts or links.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

from markupsafe import Markup

# Explicit bidi embeddings, overrides and isolates: they can reorder a phone number or a name.
BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c")
# Marks needed inside Persian, Pashto and Arabic words (ZWNJ, ZWJ, LRM, RLM): allowed in prose only.
PROSE_MARKS = set("\u200c\u200d\u200e\u200f")
INVISIBLE = set("\u200b\u2060\ufeff\u00ad\u180e\u2028\u2029") | PROSE_MARKS

LINK_SCHEMES = ("https", "http", "mailto", "tel")
WEB_SCHEMES = ("https", "http")

HTML_TAG = re.compile(r"<\s*/?\s*[A-Za-z!?]|<\s*$")
ENTITY = re.compile(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
LINK = re.compile(r"\[(?P<text>[^\]\n]*)\]\((?P<url>[^)\s]*)\)")
# Where a Markdown processor (MkDocs renders hand-written pages) would find a link target: after
# "](" even with spaces, "<…>" or a title, and in reference definitions ("[name]: url", also inside
# a list item or quote, and with the url on the next line).
LINK_TARGET = re.compile(r"\]\([ \t]*<?(?P<url>[^)\s>]*)")
REFERENCE = re.compile(
    r"^(?:[ \t]*(?:(?:[-*+]|\d+[.)])[ \t]+|>))*[ \t]*\[[^\[\]]*\]:[ \t]*<?(?P<url>[^\s>]*)>?[ \t]*"
    r"""(?:"[^"]*"|'[^']*'|\([^)]*\))?[ \t]*$"""
)
# An attribute list as Python-Markdown's attr_list reads it: "{: onclick=… }", "{#id .class}".
ATTRIBUTE_LIST = re.compile(r"\{:?[ ]*[^}\n ][^\n]*?\}")
IMAGE = re.compile(r"!\[")
STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
EMPHASIS = re.compile(r"(?<![\w*])[*_](?=\S)(.+?)(?<=\S)[*_](?![\w*])")
LIST_ITEM = re.compile(r"^\s*[-*]\s+")

_ESCAPE = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "'": "&#39;",
        **{c: f"&#{ord(c)};" for c in "\\`*_{}[]()#!|~:^="},
    }
)


def inert(text: object) -> Markup:
    """Escape ``text`` so that neither HTML nor Markdown can read anything into it."""
    if isinstance(text, Markup):
        return text
    return Markup(str(text).translate(_ESCAPE))


def attr(text: object) -> Markup:
    """Escape ``text`` for an HTML attribute value."""
    return Markup(str(text).translate(_ESCAPE))


def control_problem(text: str, *, prose: bool) -> str | None:
    """A message if ``text`` holds bidi controls or invisible characters, else None."""
    allowed = PROSE_MARKS if prose else set()
    for ch in text:
        if ch in BIDI_CONTROLS:
            return f"enthält ein Steuerzeichen für die Schreibrichtung (U+{ord(ch):04X}); bitte entfernen"
        if (ch in INVISIBLE and ch not in allowed) or (
            unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cn") and ch not in "\n\t" and ch not in allowed
        ):
            return f"enthält ein unsichtbares Zeichen (U+{ord(ch):04X}); bitte entfernen"
    return None


def url_problem(url: str, schemes: tuple[str, ...]) -> str | None:
    """A message if ``url`` is not a well-formed link with one of ``schemes``, else None."""
    allowed = ", ".join(f"{s}:" for s in schemes)
    if not url:
        return "Link ohne Adresse"
    if any(ch.isspace() for ch in url) or control_problem(url, prose=False):
        return f"\"{url}\" ist keine gültige Adresse (Leer- oder Steuerzeichen)"
    if any(ord(ch) > 127 for ch in url.split("//", 1)[0]):
        return f"\"{url}\" ist keine gültige Adresse (erlaubt sind nur {allowed})"
    try:
        parts = urlsplit(url)
    except ValueError:
        return f"\"{url}\" ist keine gültige Adresse"
    scheme = parts.scheme.lower()
    if scheme not in schemes:
        return f"\"{url}\" ist keine erlaubte Adresse (erlaubt sind nur {allowed})"
    if scheme in WEB_SCHEMES:
        if "\\" in url:  # browsers read "\" as "/": "https://a.de\@b.de" leads to a.de
            return f"\"{url}\" ist keine gültige Webadresse (\\ statt /; Beispiel: https://www.enzkreis.de)"
        host = parts.hostname or ""
        if "." not in host or not re.fullmatch(r"[A-Za-z0-9.-]+", host) or not url.lower().startswith(scheme + "://"):
            return f"\"{url}\" ist keine gültige Webadresse (Beispiel: https://www.enzkreis.de)"
        if "@" in parts.netloc:  # "https://www.enzkreis.de@example.net/" leads to example.net
            return f"\"{url}\" versteckt die eigentliche Adresse ({host}); bitte ohne „…@“ angeben"
        if re.fullmatch(r"[0-9]+|0[xX][0-9A-Fa-f]*", host.rstrip(".").rsplit(".", 1)[-1]):
            return f"\"{url}\" nennt statt eines Namens eine IP-Adresse ({host}); bitte die Adresse mit Namen angeben"
    if scheme in ("mailto", "tel") and not parts.path:
        return f"\"{url}\" ist keine gültige Adresse"
    return None


INTERNAL_PAGE = re.compile(r"^[a-z0-9-]+\.md(#[a-z0-9-]+)?$")


def links_from_page_folder(text: str) -> str:
    """A hand-written page's Markdown with its links to sibling pages (``help.md#kontakt``) as seen
    from the page's own folder (``../help/index.md#kontakt``): every page is ``<name>/index.md``."""
    spans = [m.span("url") for m in LINK_TARGET.finditer(text) if INTERNAL_PAGE.match(m["url"])]
    for line in re.finditer(r"(?m)^.*$", text):
        m = REFERENCE.match(line[0])
        if m and INTERNAL_PAGE.match(m["url"]):
            spans.append((line.start() + m.start("url"), line.start() + m.end("url")))
    out, last = [], 0
    for start, end in sorted(spans):
        name, _, anchor = text[start:end].partition("#")
        out += [text[last:start], f"../{name.removesuffix('.md')}/index.md" + (f"#{anchor}" if anchor else "")]
        last = end
    return "".join(out) + text[last:]


def text_problems(text: str, *, prose: bool, internal_links: bool = False) -> list[str]:
    """Every reason why ``text`` is not allowed as data text (empty list: fine).

    ``internal_links`` allows links to sibling pages (``help.md``) in hand-written pages.
    """
    problems = []
    control = control_problem(text, prose=prose)
    if control:
        problems.append(control)
    if HTML_TAG.search(text) or ENTITY.search(text):
        problems.append("enthält HTML; erlaubt ist nur Text mit einfachem Markdown")
    if not prose:
        return problems
    if IMAGE.search(text):
        problems.append("enthält ein Bild (![…](…)); Bilder sind nicht erlaubt")
    for attributes in ATTRIBUTE_LIST.finditer(text):
        shown = attributes.group(0) if len(attributes.group(0)) <= 40 else attributes.group(0)[:39] + "…"
        problems.append(f"enthält „{shown}“; Angaben in geschweiften Klammern sind nicht erlaubt, bitte entfernen")
    targets = [m["url"] for m in LINK_TARGET.finditer(text)]
    targets += [m["url"] for line in text.splitlines() if (m := REFERENCE.match(line))]
    for url in targets:
        if internal_links and INTERNAL_PAGE.match(url):
            continue
        problem = url_problem(url, LINK_SCHEMES)
        if problem:
            problems.append(problem if problem.startswith("Link") else f"Link {problem}")
    return problems


def _inline(text: str) -> str:
    """Render emphasis, strong and links in one line; everything else escaped."""
    out = []
    pos = 0
    for link in LINK.finditer(text):
        url = link["url"]
        if url_problem(url, LINK_SCHEMES):
            continue  # not a link we allow: stays visible as plain text
        out.append(_emphasis(text[pos : link.start()]))
        external = urlsplit(url).scheme in WEB_SCHEMES
        rel = ' rel="noopener noreferrer"' if external else ""
        label = _emphasis(link["text"]) or inert(url)
        out.append(f'<a href="{attr(url)}"{rel}>{label}</a>')
        pos = link.end()
    out.append(_emphasis(text[pos:]))
    return "".join(out)


# Digit groups such as "116 117" or "07231 308-0": inside right-to-left text the groups would be
# shown in reverse order unless the run is isolated as left to right. Entities (&#42;) are skipped.
NUMBER_RUN = re.compile(r"(?<![#\d])\+?\d+(?:[ /-]\d+)+(?![\d;])")


def _emphasis(text: str) -> str:
    html = str(inert(text))
    html = NUMBER_RUN.sub(lambda m: f'<span dir="ltr">{m.group(0)}</span>', html)
    html = STRONG.sub(r"<strong>\1</strong>", html.replace("&#42;&#42;", "**"))
    html = html.replace("**", "&#42;&#42;")
    html = re.sub(r"&#(42|95);(?=\S)(.+?)(?<=\S)&#\1;", r"<em>\2</em>", html)
    return html


def to_html(text: str) -> Markup:
    """Turn data text (the safe Markdown subset) into inert HTML on a single line."""
    blocks = re.split(r"\n\s*\n", text.strip())
    html = []
    for block in blocks:
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if not lines:
            continue
        if all(LIST_ITEM.match(line) for line in lines):
            items = "".join(f"<li>{_inline(LIST_ITEM.sub('', line))}</li>" for line in lines)
            html.append(f"<ul>{items}</ul>")
        else:
            html.append(f"<p>{'<br>'.join(_inline(line) for line in lines)}</p>")
    return Markup("".join(html))


# A run of Latin script inside right-to-left text, with its brackets if it has them: in offer
# names mostly the German name ("جوب سنتر (Jobcenter Enzkreis)"). Unisolated, the brackets take
# the Arabic side's direction and a line break splits the name as "Jobcenter) …" / "(Enzkreis".
_LATIN = r"[A-Za-zÀ-ÖØ-öø-ɏ](?:[A-Za-zÀ-ÖØ-öø-ɏ0-9 .,'&/+-]*[A-Za-zÀ-ÖØ-öø-ɏ0-9.])?"
LATIN_RUN = re.compile(rf"\({_LATIN}\)|{_LATIN}")


def isolate_latin(text: str) -> Markup:
    """``text`` (plain, right-to-left) as inert HTML, each Latin run isolated as German, left to right."""
    out, pos = [], 0
    for run in LATIN_RUN.finditer(text):
        out.append(str(inert(text[pos : run.start()])))
        out.append(f'<span lang="de" dir="ltr">{inert(run.group(0))}</span>')
        pos = run.end()
    out.append(str(inert(text[pos:])))
    return Markup("".join(out))


def to_plain(text: str) -> str:
    """Data text without its Markdown, for titles and summaries."""
    text = LINK.sub(lambda m: m["text"] or m["url"], text)
    text = re.sub(r"\*\*|(?<!\w)[*_]|[*_](?!\w)", "", text)
    return " ".join(LIST_ITEM.sub("", line) for line in text.splitlines()).strip()
