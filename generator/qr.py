"""QR codes of page addresses, made at build time as inline SVG (no script, no request).

A phone's camera reads the code off the manager's screen or off a printed handout. Error
correction level M survives a crease or a smudge; the quiet zone is two modules wide, which
the white background keeps visible on dark screens too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import segno
from markupsafe import Markup

from . import markup

BORDER = 2


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


@lru_cache(maxsize=4096)
def qr_code(url: str) -> QrCode:
    """The QR code of ``url`` (an absolute address; the same code for the same address)."""
    code = segno.make(url, error="m", micro=False)
    svg = code.svg_inline(border=BORDER, omitsize=True, lineclass=None)
    path = re.search(r' d="([^"]+)"', svg).group(1)
    return QrCode(size=code.symbol_size(border=BORDER)[0], path=path)
