"""QR codes of page addresses, made at build time as inline SVG (no script, no request).

A phone's camera reads the code off the manager's screen or off a printed handout. Error
correction level M survives a crease or a smudge; the quiet zone is two modules wide, which
the white background keeps visible on dark screens too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import segno
import segno.encoder
from markupsafe import Markup

from . import markup

BORDER = 2


def _apply_mask(matrix, mask_pattern, width, height, is_encoding_region) -> None:
    """segno's ``apply_mask``, done a row at a time: the same result, without a Python call per module.

    segno tries all eight masks on every code and asks a function for every module of every mask
    (about 10,000 calls per mask): more than half of a code's cost. Which modules a mask flips
    depends only on the symbol's size and the mask, so each size's masks are worked out once
    and XORed onto a row as one integer.
    """
    key = (width, height, mask_pattern.__name__)
    rows = _MASK_ROWS.get(key)
    if rows is None:
        rows = _MASK_ROWS[key] = [
            int.from_bytes(bytes(1 if is_encoding_region(i, j) and mask_pattern(i, j) else 0 for j in range(width)), "big")
            for i in range(height)
        ]
    for row, mask in zip(matrix, rows):
        row[:] = (int.from_bytes(row, "big") ^ mask).to_bytes(width, "big")


_MASK_ROWS: dict[tuple[int, int, str], list[int]] = {}
_segno_apply_mask = segno.encoder.apply_mask
segno.encoder.apply_mask = _apply_mask


@dataclass(frozen=True)
class QrCode:
    size: int  # modules per side, quiet zone included
    path: str  # SVG path data: one horizontal stroke per run of dark modules, drawn at y + 0.5

    def svg(self, label: str) -> Markup:
        """The code as an accessible inline SVG; ``label`` names what it leads to."""
        return Markup(
            f'<svg class="ww-qr" viewBox="0 0 {self.size} {self.size}" role="img" aria-label="{markup.attr(label)}">'
            f'<rect width="{self.size}" height="{self.size}" fill="#fff"/>'
            f'<path stroke="#000" d="{self.path}"/></svg>'
        )


def qr_code(url: str) -> QrCode:
    """The QR code of ``url`` (an absolute address; the same code for the same address)."""
    code = segno.make(url, error="m", micro=False)
    svg = code.svg_inline(border=BORDER, omitsize=True, lineclass=None)
    path = re.search(r' d="([^"]+)"', svg).group(1)
    return QrCode(size=code.symbol_size(border=BORDER)[0], path=path)


# What a cached code depends on besides its text: a change here (or of segno) makes old caches unused.
CACHE_VERSION = f"segno {segno.__version__}; error m; border {BORDER}; svg path"


class Codes:
    """The QR codes of one language's build, each made once, by content (the address it encodes).

    Making a code is the generator's costliest step per page (segno tries eight masks in pure
    Python); a page, its handout card and its plan entry share one. ``known``: codes of an
    earlier build (see :meth:`from_cache`); :meth:`to_cache` keeps the ones this build used, so
    the cache holds no more than the site does.
    """

    def __init__(self, known: dict[str, QrCode] | None = None):
        self._known = known or {}
        self.used: dict[str, QrCode] = {}

    def get(self, url: str) -> QrCode:
        code = self.used.get(url)
        if code is None:
            code = self._known.get(url) or qr_code(url)
            self.used[url] = code
        return code

    @classmethod
    def from_cache(cls, data) -> "Codes":
        """From :meth:`to_cache`'s data as read back (anything else, e.g. another version, is ignored)."""
        if not isinstance(data, dict) or data.get("version") != CACHE_VERSION or not isinstance(data.get("codes"), dict):
            return cls()
        known = {
            url: QrCode(entry[0], entry[1]) for url, entry in data["codes"].items()
            if isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], int) and isinstance(entry[1], str)
        }
        return cls(known)

    def to_cache(self) -> dict:
        return {"version": CACHE_VERSION, "codes": {url: [c.size, c.path] for url, c in sorted(self.used.items())}}
