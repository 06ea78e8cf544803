"""Reporting periods: the one vocabulary the figures, the checker, the store's metadata and drafting share."""

from __future__ import annotations

import re
from typing import NamedTuple

from assistant.textnorm import TRANSLATION


class Period(NamedTuple):
    """A span of months in one year (the year may be unknown): 1-6月 = Period(None, 1, 6)."""

    year: int | None
    first: int
    last: int


_FULL_WIDTH = TRANSLATION
_CN_MONTH = {"元": 1, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10, "十一": 11, "十二": 12}
_QUARTER = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_CN_YEAR_DIGITS = str.maketrans(
    {"〇": "0", "零": "0", "○": "0", "一": "1", "二": "2", "三": "3", "四": "4", "五": "5", "六": "6", "七": "7", "八": "8", "九": "9"}
)

PERIOD_RE = re.compile(
    r"(?:(?P<year>(?:19|20)\d{2})年(?:度)?)?\s*(?:"
    r"(?P<m1>\d{1,2})\s*(?:月份?\s*)?(?:-|—|–|~|至|到)\s*(?P<m2>\d{1,2})\s*月份?"
    r"|(?P<c1>十[一二]|[元一二三四五六七八九十])(?:月)?(?:至|到|—|-)(?P<c2>十[一二]|[一二三四五六七八九十])月份?"
    r"|前(?P<qn>[一二三1-3])(?:个)?季度"
    r"|(?<![提超])前(?P<mn>\d{1,2}|十[一二]|[一二三四五六七八九十])(?:个)?月份?"  # not 提前一个月 (a month early)
    r"|第?(?P<q>[一二三四1-4])季度"
    r"|(?P<half>[上下])半年"
    r"|(?P<whole>全年|年度)(?!目标|任务|计划|力争)"
    r"|(?P<since>今年以来|年初以来|截至目前|目前|现有|年末|年底|今年|本年|当年)"
    r"|(?P<m>\d{1,2})月份?(?![\d日号])"
    r")"
)
NEUTRAL = "neutral"  # 今年以来 / 目前: a period word that names no particular span


def period_of(match: re.Match) -> Period | str | None:
    """The Period a PERIOD_RE match names; NEUTRAL for 今年以来 and the like; None when months are impossible."""
    year = int(match["year"]) if match["year"] else None
    if match["m1"]:
        span = (int(match["m1"]), int(match["m2"]))
    elif match["c1"]:
        span = (_CN_MONTH[match["c1"]], _CN_MONTH[match["c2"]])
    elif match["mn"]:
        span = (1, int(match["mn"]) if match["mn"].isdigit() else _CN_MONTH[match["mn"]])
    elif match["qn"]:
        span = (1, 3 * _QUARTER[match["qn"]])
    elif match["q"]:
        n = _QUARTER[match["q"]]
        span = (3 * n - 2, 3 * n)
    elif match["half"]:
        span = (1, 6) if match["half"] == "上" else (7, 12)
    elif match["whole"]:
        span = (1, 12)
    elif match["since"]:
        return NEUTRAL
    elif match["m"]:
        m = int(match["m"])
        span = (m, m)
    else:
        return None
    if not (1 <= span[0] <= span[1] <= 12):
        return None
    return Period(year, span[0], span[1])


def parse_period(text: str | None) -> Period | None:
    """'1-6月' / '上半年' / '2025年1-6月份' / '一季度' / '2024年度' -> Period; None if no span is named."""
    if not text:
        return None
    text = text.strip().translate(_FULL_WIDTH)
    match = PERIOD_RE.search(text)
    if match:
        period = period_of(match)
        if isinstance(period, Period):
            if period.year is None:
                year = find_year(text)
                return period._replace(year=year) if year else period
            return period
        return None
    whole = re.fullmatch(r"\s*((?:19|20)\d{2})\s*年?(?:度)?\s*", text)
    return Period(int(whole.group(1)), 1, 12) if whole else None


def find_year(text: str) -> int | None:
    """The first year written in `text` (2025年, 二〇二五年)."""
    match = re.search(r"((?:19|20)\d{2}|[二][〇零○][一二三四五六七八九〇零○]{2})\s*年", text)
    if not match:
        return None
    return int(match.group(1).translate(_CN_YEAR_DIGITS))


def is_period_word(text: str | None) -> bool:
    """A span (1-6月) or a neutral period word (目前, 截至目前, 年末) that names no particular span."""
    if not text:
        return False
    if (
        parse_period(text) is not None
        or text.strip().endswith("期间")
        or text.strip() in ("上年", "去年", "前年")
        or re.search(r"(?:19|20)\d{2}\s*(?:-|—|–|~|至|到)\s*(?:19|20)\d{2}\s*年", text)
    ):
        return True
    match = PERIOD_RE.search(text.strip().translate(_FULL_WIDTH))
    return bool(match and match["since"])


def same_period(a: Period | None, b: Period | None) -> bool:
    """Periods agree when months agree and years agree where both are given; an unknown period agrees with any."""
    if a is None or b is None:
        return True
    if tuple(a[1:]) != tuple(b[1:]):
        return False
    return a[0] is None or b[0] is None or a[0] == b[0]


_NAMED = {(1, 6): "上半年", (7, 12): "下半年", (1, 12): "全年", (1, 3): "一季度", (4, 6): "二季度", (7, 9): "三季度", (10, 12): "四季度", (1, 9): "前三季度"}


def period_label(period: Period | None, year: bool = False) -> str | None:
    """The one stored and displayed name of a span: (_, 1, 6) -> 上半年, (_, 1, 5) -> 1-5月; with the year if asked."""
    if period is None:
        return None
    head = f"{period.year}年" if year and period.year else ""
    words = _NAMED.get((period.first, period.last))
    if words is None:
        words = f"{period.first}月" if period.first == period.last else f"{period.first}-{period.last}月"
    return head + words


def period_text(period: Period) -> str:
    """How a sentence or a reason names a period: (None, 1, 6) -> '1-6月'; (2025, 1, 12) -> '2025年全年'."""
    head = f"{period.year}年" if period.year else ""
    if (period.first, period.last) == (1, 12):
        return f"{head}全年"
    if period.first == period.last:
        return f"{head}{period.first}月"
    return f"{head}{period.first}-{period.last}月"


def year_and_label(text: str | None) -> tuple[int | None, str | None]:
    """'2025年1-6月' -> (2025, '上半年'); '2024年度' -> (2024, '全年'); the label is period_label's, the store's key."""
    if not text:
        return None, None
    period = parse_period(text)
    year = (period.year if period else None) or find_year(text)
    return year, period_label(period)
