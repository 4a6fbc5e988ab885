"""Built pages as phones get them: without the templates' indentation and blank lines.

Material's and our templates indent for the people who read them; a town page carries about
3 KB of it (0.4 KB gzip). A line break with the spaces around it becomes one line break, which
the browser shows exactly as before (white space between tags and words collapses anyway).
Text where white space counts stays as it is: ``pre``, ``textarea``, and scripts and styles (kept byte for
byte, so their hashes in the Content-Security-Policy stay right whatever runs first).
"""

from __future__ import annotations

import re

KEEP = re.compile(r"<(pre|textarea|script|style)\b.*?</\1\s*>", re.S | re.I)
INDENT = re.compile(r"[ \t\r\n\f]*\n[ \t\r\n\f]*")


def collapse_indentation(html: str) -> str:
    """``html`` with each line break and the white space around it reduced to one line break."""
    out, last = [], 0
    for kept in KEEP.finditer(html):
        out.append(INDENT.sub("\n", html[last : kept.start()]))
        out.append(kept.group(0))
        last = kept.end()
    out.append(INDENT.sub("\n", html[last:]))
    return "".join(out)
