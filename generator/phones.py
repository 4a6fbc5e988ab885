"""German phone numbers: what is accepted, and the ``tel:`` link for each."""

from __future__ import annotations

import re

from .markup import control_problem

PHONE = re.compile(r"^\+?[0-9][0-9 /-]*[0-9]$")
SHORT_NUMBER_DIGITS = 6  # 110, 112, 115, 116 117, 116 016 …


def phone_problem(value: object) -> str | None:
    """A message if ``value`` is not a phone number in German form, else None."""
    if isinstance(value, int) and not isinstance(value, bool):
        return f"Telefonnummer in Anführungszeichen schreiben, z. B. \"{value}\" (sonst fällt die führende 0 weg)"
    if not isinstance(value, str):
        return "muss eine Telefonnummer in Anführungszeichen sein"
    control = control_problem(value, prose=False)
    if control:
        return control
    number = value.strip()
    digits = re.sub(r"\D", "", number)
    example = "(Beispiel: \"07231 308-0\")"
    if not PHONE.match(number) or "--" in number or "//" in number:
        return f"\"{value}\" ist keine gültige Telefonnummer {example}"
    if not 3 <= len(digits) <= 15:
        return f"\"{value}\" hat {len(digits)} Ziffern; eine Telefonnummer hat 3 bis 15 {example}"
    if not number.startswith(("+", "0")) and len(digits) > SHORT_NUMBER_DIGITS:
        return f"\"{value}\": die Vorwahl fehlt {example}"
    return None


def tel_uri(number: str) -> str:
    """The ``tel:`` URI of a valid German-form number (RFC 3966, global form where possible)."""
    digits = re.sub(r"\D", "", number)
    if number.strip().startswith("+"):
        return f"tel:+{digits}"
    if digits.startswith("00"):
        return f"tel:+{digits[2:]}"
    if digits.startswith("0"):
        return f"tel:+49{digits[1:]}"
    return f"tel:{digits}"
