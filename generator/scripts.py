"""The site's own scripts as phones get them: without comment lines and indentation.

The sources in theme/assets/javascripts/ stay commented for the people who maintain them; the
built copies drop what only people read (a municipality page loads about 1 KB less, gzip).
Only our own scripts: vendored and Material's files are minified already.
"""

from __future__ import annotations

OWN_SCRIPTS = "assets/javascripts/*.js"  # in a language's folder; not workers/, not vendor/


def compact(js: str) -> str:
    """``js`` without its opening ``/* */`` comment, lines that are only a ``//`` comment,
    indentation and blank lines.

    Safe for scripts without multi-line strings or template literals (ours have none): a ``//``
    inside a line (a URL in a string, a trailing comment) stays as it is.
    """
    head = js.lstrip()
    if head.startswith("/*") and "*/" in head:  # the file's opening comment
        js = head[head.index("*/") + 2:]
    lines = (line.strip() for line in js.splitlines())
    return "".join(line + "\n" for line in lines if line and not line.startswith("//"))
