"""统一社会信用代码 (GB 32100-2015): 18 characters, the last a check character."""

from __future__ import annotations

import re

from core.text import to_halfwidth

# The code's alphabet: digits and capitals without I, O, Z, S, V.
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_SHAPE = re.compile(rf"^[1-9A-HJ-NP-RT-UWXY][1-9A-HJ-NP-RT-UWXY]\d{{6}}[{ALPHABET}]{{10}}$")


def normalise_credit_code(value: str) -> str:
    """Upper case, half-width, no spaces or dashes."""
    return re.sub(r"[\s\-]", "", to_halfwidth(value)).upper()


def check_character(first17: str) -> str:
    """The 18th character for the given first 17."""
    total = sum(ALPHABET.index(ch) * weight for ch, weight in zip(first17, _WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def credit_code_problem(code: str) -> str | None:
    """None when the (normalised) code is valid, else the reason in Chinese."""
    if len(code) != 18:
        return f"应为 18 位，实际为 {len(code)} 位"
    bad = sorted({ch for ch in code if ch not in ALPHABET})
    if bad:
        return f"含有不允许的字符“{''.join(bad)}”（不使用 I、O、Z、S、V）"
    if not _SHAPE.match(code):
        return "格式不符（第 1、2 位为登记管理部门和机构类别代码，第 3–8 位为行政区划代码）"
    expected = check_character(code[:17])
    if code[17] != expected:
        return f"校验位错误（第 18 位应为“{expected}”）"
    return None
