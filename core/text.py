"""Text normalisation shared by validation, matching and search."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")
# Full-width ASCII (！ to ～) maps onto ASCII by a fixed offset; the ideographic space onto a space.
_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20


# Only digits, Latin letters and the ideographic space: Chinese punctuation (，：；) stays as it is.
_FULLWIDTH_ALNUM = {
    code: code - 0xFEE0
    for start, end in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
    for code in range(start, end + 1)
}
_FULLWIDTH_ALNUM[0x3000] = 0x20


def halfwidth_alnum(text: str) -> str:
    """Full-width digits and letters (and the ideographic space) become ASCII; punctuation is kept."""
    return text.translate(_FULLWIDTH_ALNUM)


def to_halfwidth(text: str) -> str:
    """Full-width digits, letters and brackets become their ASCII forms."""
    return text.translate(_FULLWIDTH)


def clean_text(value: object) -> str | None:
    """Trim and collapse inner runs of spaces; empty becomes None."""
    if value is None:
        return None
    text = _SPACES.sub(" ", str(value).replace("\u3000", " ")).strip()
    return text or None


@lru_cache(maxsize=100_000)
def name_key(name: str) -> str:
    """The form under which two unit names or honour titles count as the same.

    Half-width, NFKC, no spaces, no quotes or book-title marks, brackets unified.
    """
    text = unicodedata.normalize("NFKC", to_halfwidth(name))
    text = _SPACES.sub("", text)
    text = re.sub(r"[\"'“”‘’《》「」『』]", "", text)
    return text.replace("〔", "[").replace("〕", "]").replace("【", "[").replace("】", "]").lower()


def escape_like(text: str) -> str:
    """Escape LIKE wildcards; use with escape='\\'."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
