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

_N3 = b"\x01\x00\x01\x01\x01\x00\x01"  # dark light dark dark dark light dark: a finder's profile
_RUNS = re.compile(rb"\x00{5,}|\x01{5,}")


def _n3(lines: bytes, size: int) -> int:
    """segno's N3 count over rows or columns joined by a separator (its reading of the standard,
    quirks included): the pattern with four light modules before or after it, or at an edge."""
    count, stride = 0, size + 1
    idx = lines.find(_N3)
    while idx != -1:
        start = idx - idx % stride  # where this row (or column) begins
        offset = idx + 7
        if idx - start in (0, size - 7) or not any(lines[max(idx - 4, start):idx]) \
                or not any(lines[offset:min(offset + 4, start + size)]):
            count += 40
        else:
            offset = idx + 4
        idx = lines.find(_N3, offset)
    return count


def _mask_scores(matrix, width, height) -> tuple[int, int, int, int]:
    """segno's ``mask_scores`` (the penalties N1 to N4 of ISO/IEC 18004, 7.8.3), computed on bytes
    and integers instead of a Python step per module: the same scores.

    With masks applied a row at a time, scoring the eight masks was most of a code's cost.
    Modules are 0 or 1 when masks are scored; anything else goes to segno's own function.
    """
    flat = b"".join(matrix)
    if width != height or flat.translate(None, b"\x00\x01"):
        return _segno_mask_scores(matrix, width, height)
    size = width
    rows = b"\x02".join(flat[i:i + size] for i in range(0, size * size, size))
    columns = b"\x02".join(flat[i::size] for i in range(size))
    runs = _RUNS.findall(rows) + _RUNS.findall(columns)  # a separator ends every run
    n1 = sum(map(len, runs)) - 2 * len(runs)
    # N2: every 2x2 block of one colour, counted by its lower right module (a module is a byte here)
    inner = (1 << 8 * (size - 1)) - 1  # the bytes of columns 1 .. size-1
    same = 0
    above = int.from_bytes(flat[:size], "big")
    for i in range(size, size * size, size):
        here = int.from_bytes(flat[i:i + size], "big")
        same += size - 1 - (((above ^ here) | (here ^ (here >> 8)) | (above ^ (above >> 8))) & inner).bit_count()
        above = here
    n3 = _n3(rows, size) + _n3(columns, size)
    n4 = 10 * int(abs(float(flat.count(1)) / size ** 2 * 100 - 50) / 5)
    return n1, 3 * same, n3, n4


_segno_mask_scores = segno.encoder.mask_scores
segno.encoder.mask_scores = _mask_scores


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
    return QrCode(size=code.symbol_size(border=BORDER)[0], path=svg_path(code.matrix, BORDER))


_DARK = re.compile(rb"\x01+")


def svg_path(matrix, border: int) -> str:
    """The path data segno's SVG writer gives (``svg_inline(border=…, lineclass=None)``): a relative
    move and a horizontal stroke per run of dark modules, at the middle of its row."""
    parts = []
    x, y = 0, 0.0
    for number, row in enumerate(matrix):
        middle = border + number + 0.5
        for run in _DARK.finditer(bytes(row)):
            left = border + run.start()
            dy = middle - y
            parts.append(f"{'m' if parts else 'M'}{left - x} {int(dy) if dy.is_integer() else dy}h{run.end() - run.start()}")
            x, y = border + run.end(), middle
    return "".join(parts)


# What a cached code depends on besides its text: a change here (or of segno) makes old caches unused.
CACHE_VERSION = f"segno {segno.__version__}; error m; border {BORDER}; svg path"


class Codes:
    """The QR codes of one language's build, each made once, by content (the address it encodes).

    Making a code costs about 2 ms (segno's encoder is pure Python, even with the masks applied and
    scored above); a page, its handout card and its plan entry share one. ``known``: codes of an
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
