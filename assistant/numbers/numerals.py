"""Numerals: Chinese and Arabic numbers read exactly, and a Decimal written back (the one way numbers become text)."""

from __future__ import annotations

from decimal import Decimal

_CN_DIGIT = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_SMALL = {"十": 10, "百": 100, "千": 1000}
CN_DIGITS = "零〇○一二两三四五六七八九"
CN_NUMERAL_CHARS = CN_DIGITS + "十百千万亿"


def fmt(value: Decimal) -> str:
    """A Decimal as written: no exponent, no lost digits, no "-0" (the one way numbers are rendered back to text)."""
    text = format(value, "f")
    return "0" if text.lstrip("-") in ("0", "") else text


def chinese_integer(text: str) -> int:
    """十九 -> 19, 三千二百五十 -> 3250, 一亿二千万 -> 120000000, 二〇二三 -> 2023."""
    if not any(c in "十百千万亿" for c in text):
        return int("".join(str(_CN_DIGIT[c]) for c in text))
    total = section = digit = 0
    for c in text:
        if c in _CN_DIGIT:
            digit = _CN_DIGIT[c]
        elif c in CN_SMALL:
            section += (digit or 1) * CN_SMALL[c]
            digit = 0
        elif c == "万":
            section = (section + digit) * 10**4
            digit = 0
        elif c == "亿":
            total = (total + section + digit) * 10**8
            section = digit = 0
        else:
            raise ValueError(text)
    return total + section + digit


def chinese_number(text: str) -> tuple[Decimal, Decimal]:
    """A Chinese numeral with optional 点 fraction -> (value, quantum): 四点四七 -> (4.47, 0.01)."""
    if "点" in text:
        whole, frac = text.split("点", 1)
        if not frac or any(c not in _CN_DIGIT for c in frac):
            raise ValueError(text)
        digits = "".join(str(_CN_DIGIT[c]) for c in frac)
        value = Decimal(f"{chinese_integer(whole) if whole else 0}.{digits}")
        return value, Decimal(1).scaleb(-len(frac))
    return Decimal(chinese_integer(text)), Decimal(1)


def arabic_number(text: str) -> tuple[Decimal, Decimal]:
    """12,850 -> (12850, 1); 4.470 -> (4.470, 0.001). Decimal exactly as written."""
    clean = text.replace(",", "").replace(" ", "")
    value = Decimal(clean)
    places = len(clean.split(".", 1)[1]) if "." in clean else 0
    return value, Decimal(1).scaleb(-places)


def significant_digits(value: Decimal) -> int:
    """Digits from the first non-zero one to the last written one (12.50 -> 4, 0.05 -> 1)."""
    digits = value.as_tuple().digits
    stripped = "".join(map(str, digits)).lstrip("0")
    return max(len(stripped), 1)


def last_place(value: Decimal) -> Decimal:
    """Place value of the last non-zero digit: 130 -> 10, 128.5 -> 0.1, 2000 -> 1000."""
    if value == 0:
        return Decimal(1)
    exponent = abs(value).normalize().as_tuple().exponent
    assert isinstance(exponent, int), "a parsed figure is finite"  # 'n'/'N'/'F' only for NaN and Infinity
    return Decimal(1).scaleb(exponent)
