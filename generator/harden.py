"""Last pass over every built page: external links open safely, and a Content-Security-Policy.

Links to other sites get ``rel="noopener noreferrer"`` wherever they come from (data, hand-written
pages, the theme). The policy allows only the site's own scripts and styles.

Runs over the built HTML (whatever the builder wrote): inline scripts and style elements that
must stay inline are allowed by their SHA-256 hash, everything else must come from the site
itself. No ``unsafe-inline``, no ``unsafe-eval``. Data blocks (``type="application/json"``, and the
schema.org JSON-LD ``type="application/ld+json"``) are not scripts and need no hash.

It also removes what no page of this site needs and content must never bring, even if validation was
bypassed (see ``strip_unsafe_attributes``): event handlers (``on…``), ``style`` and ``srcdoc``
attributes, and ``javascript:``, ``vbscript:`` and ``data:`` addresses.
"""

from __future__ import annotations

import base64
import html as html_module
import hashlib
import re

SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)
STYLE = re.compile(r"<style[^>]*>(?P<body>.*?)</style>", re.S | re.I)
STYLE_ATTR = re.compile(r"""\sstyle\s*=\s*["']""", re.I)
META = '<meta http-equiv="Content-Security-Policy" content="{policy}">'

# Start tags read the way a browser's tokenizer reads them (HTML Living Standard, 13.2.5): an
# attribute name runs to whitespace, "/", ">" or "="; a value is quoted or runs to whitespace or
# ">". Atomic groups keep a broken tag from costing more than one pass. The text of a script
# element is skipped (the conditional at the end): it is not markup.
_WS = "\t\n\f\r "
_ATTR = rf"""(?>[^{_WS}/>][^{_WS}/>=]*+(?:[{_WS}]*+=[{_WS}]*+(?:"[^"]*"|'[^']*'|[^{_WS}>]*+))?)"""
ATTRIBUTE = re.compile(
    rf"""(?P<name>[^{_WS}/>][^{_WS}/>=]*+)(?:[{_WS}]*+=[{_WS}]*+(?P<value>"[^"]*"|'[^']*'|[^{_WS}>]*+))?"""
)
START_TAG = re.compile(
    rf"<(?P<name>(?P<script>[Ss][Cc][Rr][Ii][Pp][Tt](?=[{_WS}/>]))|[A-Za-z][^{_WS}/>]*+)"
    rf"(?P<attrs>(?:[{_WS}/]*+{_ATTR})*+)[{_WS}/]*+>"
    rf"(?(script)(?s:.*?)(?=</[Ss][Cc][Rr][Ii][Pp][Tt][{_WS}/>]|\Z))"
)
URL_ATTRIBUTES = frozenset(
    "href src action formaction xlink:href data poster background cite codebase longdesc usemap "
    "manifest icon lowsrc dynsrc ping".split()
)
SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:")
# SVG animations can set href to a value given in these attributes (<set attributeName="href" to=…>).
ANIMATION_VALUES = frozenset(("to", "from", "values", "by"))


def _attribute_value(raw: str | None) -> str:
    """What a browser makes of an attribute value, lower case and without any spaces or controls."""
    if raw is None:
        return ""
    if raw[:1] in "\"'" and len(raw) >= 2:
        raw = raw[1:-1]
    return re.sub(r"[\x00-\x20\x7f]+", "", html_module.unescape(raw)).lower()


def _unsafe(tag: str, name: str, raw: str | None) -> bool:
    if name.startswith("on") or name in ("style", "srcdoc"):
        return True
    if name in URL_ATTRIBUTES:
        value = _attribute_value(raw)
        if value.startswith("data:image/") and tag == "img" and name == "src":
            return False
        return value.startswith(SCRIPT_SCHEMES)
    if name in ANIMATION_VALUES:
        return any(scheme in _attribute_value(raw) for scheme in SCRIPT_SCHEMES)
    return False


def _scan(html: str, change) -> str:
    """``html`` with every start tag passed through ``change(tag, match)`` (None: keep as it is)."""

    def one(m: re.Match) -> str:
        tag = m["name"].lower()
        replaced = change(tag, m)
        return m.group(0) if replaced is None else replaced

    return START_TAG.sub(one, html)


# Attributes that cannot be unsafe, checked in one match: double-quoted values without ":" or "&"
# (no scheme, no character reference that could spell one), names not starting with on, style or
# srcdoc. Most tags of a page pass here; the others are read attribute by attribute.
_SAFE_ATTRIBUTES = re.compile(rf"""(?:[{_WS}]++(?!on|style|srcdoc)[a-z][a-z0-9-]*+(?:="[^"&:]*+")?)*+[{_WS}]*+""", re.I)


def _without_unsafe(tag: str, m: re.Match) -> str | None:
    attrs = m["attrs"]
    if not attrs or _SAFE_ATTRIBUTES.fullmatch(attrs):
        return None
    drop = [a.span() for a in ATTRIBUTE.finditer(attrs) if _unsafe(tag, a["name"].lower(), a["value"])]
    if not drop:
        return None
    kept, last = [], 0
    for start, end in drop:  # the attribute and the spaces before it; one space if the next needs it
        kept.append(attrs[last:start].rstrip(_WS))
        kept.append("" if attrs[end : end + 1] in ("", *_WS, "/") else " ")
        last = end
    kept.append(attrs[last:])
    start, end = m.span("attrs")
    return m.group(0)[: start - m.start()] + "".join(kept) + m.group(0)[end - m.start() :]


def _is_policy(tag: str, m: re.Match) -> bool:
    if tag != "meta":
        return False
    attrs = {a["name"].lower(): a["value"] for a in ATTRIBUTE.finditer(m["attrs"])}
    return _attribute_value(attrs.get("http-equiv")) == "content-security-policy"


def strip_unsafe_attributes(html: str) -> str:
    """``html`` without event handlers, ``style``/``srcdoc`` attributes and script addresses.

    No template of the site writes any of them (the policy would block them anyway); they can
    only come from content, e.g. ``{: onclick="…" }`` on a paragraph of a hand-written page.
    """
    return _scan(html, _without_unsafe)


ANCHOR = re.compile(r"<a\s[^>]*>", re.I)
HREF = re.compile(r"""\shref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
REL = re.compile(r"""\srel\s*=\s*(["'])(.*?)\1""", re.I | re.S)


def noopener(html: str) -> str:
    """Every link to another site carries ``rel="noopener noreferrer"``."""

    def fix(m: re.Match) -> str:
        tag = m.group(0)
        href = HREF.search(tag)
        value = html_module.unescape(next(g for g in href.groups() if g is not None)) if href else ""
        if not re.match(r"(?i)(https?:)?//", value.strip()):
            return tag
        rel = REL.search(tag)
        if rel is None:
            return tag[:-1].rstrip("/ ") + ' rel="noopener noreferrer">'
        words = rel.group(2).split()
        words += [w for w in ("noopener", "noreferrer") if w not in words]
        return tag[: rel.start()] + f' rel="{" ".join(words)}"' + tag[rel.end() :]

    return ANCHOR.sub(fix, html)


def harden(html: str, img_hosts: tuple[str, ...] = ()) -> str:
    """``img_hosts``: origins images may come from besides the site (the map's tile server)."""
    # one pass over the start tags: unsafe attributes out, and any policy element (it is replaced)
    cleaned = _scan(html, lambda tag, m: "" if _is_policy(tag, m) else _without_unsafe(tag, m))
    return _insert_policy(noopener(cleaned), img_hosts)


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def policy(html: str, img_hosts: tuple[str, ...] = ()) -> str:
    scripts, styles = [], []
    for m in SCRIPT.finditer(html):
        attrs = m["attrs"].lower()
        if "src=" in attrs or "application/json" in attrs or "application/ld+json" in attrs or not m["body"].strip():
            continue
        scripts.append(_hash(m["body"]))
    styles = [_hash(m["body"]) for m in STYLE.finditer(html)]
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'" + "".join(f" {h}" for h in dict.fromkeys(scripts)),
            "style-src 'self'" + "".join(f" {h}" for h in dict.fromkeys(styles)),
            "img-src 'self' data:" + "".join(f" {h}" for h in img_hosts),
            "font-src 'self'",
            "connect-src 'self'",
            "worker-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        ]
    )


def with_policy(html: str, img_hosts: tuple[str, ...] = ()) -> str:
    """``html`` with exactly one policy, the first element of ``<head>`` (before any script).

    A policy element already in the page (an earlier run, or content) is replaced; what the
    page's text says about policies does not matter.
    """
    return _insert_policy(_scan(html, lambda tag, m: "" if _is_policy(tag, m) else None), img_hosts)


def _insert_policy(html: str, img_hosts: tuple[str, ...]) -> str:
    """``html`` (without a policy element) with the policy as the first element of ``<head>``."""
    at = 0  # after <head>; without one, before the first element other than <html>
    for m in START_TAG.finditer(html):
        tag = m["name"].lower()
        if tag == "head":
            at = m.end()
            break
        if tag != "html":
            at = m.start()
            break
        at = m.end()
    meta = META.format(policy=policy(html, img_hosts))
    return html[:at] + meta + html[at:]


def inline_style_attributes(html: str) -> int:
    """How many ``style="…"`` attributes a page has (the policy blocks them; keep this 0)."""
    return len(STYLE_ATTR.findall(html))
