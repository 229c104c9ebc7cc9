"""Budget codes, DIPA numbers and NIPs: identifiers that look like numbers but are not.

Only clear code shapes are recognised. A code mangled into a thousands shape
("3.364.034") is indistinguishable from an amount by its text alone; the column
it sits in has to decide.
"""

from __future__ import annotations

import re

_CODE_SHAPES = [
    # program "076.01.01" / "076.01.CQ", kegiatan "076.01.CQ.6709", output "076.01.WA.3355.003"
    r"[0-9]{3}\.[0-9]{2}\.(?:[0-9]{2}|[A-Z]{2})(?:\.[0-9]{4}(?:\.[0-9]{3})?)?",
    # "WA.3355", "CQ.6709.001"
    r"[A-Z]{2}\.[0-9]{4}(?:\.[0-9]{3})?",
    # output "3355.003", kegiatan "3355"
    r"[0-9]{4}(?:\.[0-9]{3})?",
    # DIPA number "076-01-656120" (also with the trailing year "/2019")
    r"[0-9]{3}-[0-9]{2}-[0-9]{5,6}(?:/[0-9]{4})?",
    # NIP: 18 digits (17 where the print dropped one), also spaced "19770821 200701 1 003"
    r"(?:NIP\.?\s*)?(?:[0-9]{17,18}|[0-9]{8} [0-9]{6} [0-9] [0-9]{3})",
]
_CODE = re.compile("|".join(f"(?:{shape})" for shape in _CODE_SHAPES))
_TRAILING_PARENS = re.compile(r"\(\s*([^()]*?)\s*\)[\s.,;:]*$")


def looks_like_code(text: str | None) -> bool:
    """Whether the whole text has the shape of a budget code, DIPA number or NIP.

    "076.01.CQ.6709", "076.01.01", "WA.3355", "3355.003", "3355",
    "076-01-656120" and 18-digit NIPs are codes; "3.364.034" or "14.466.321"
    are not (they have the shape of amounts). A bare four-digit string is a
    kegiatan code by shape; a year looks the same, so context still matters.
    """
    if not text:
        return False
    text = text.strip()
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1].strip()
    return _CODE.fullmatch(text) is not None


def parse_code(text: str | None) -> str | None:
    """The code in parentheses at the end of a name, as printed, or None.

    "Program Dukungan Manajemen (076.01.01)" -> "076.01.01";
    "Pemilu(6709)." -> "6709"; "Efektif (Tepat Guna)" -> None.
    """
    if not text:
        return None
    match = _TRAILING_PARENS.search(text)
    if match is None or not looks_like_code(match.group(1)):
        return None
    return match.group(1)
