"""Units: a scale word (万, 亿, 万亿, 千, 百万) times a base, possibly compound (万元/亩, 吨/日, 千瓦时/万元).

Known bases are grouped by what they measure (标准箱 = TEU, 度 = 千瓦时); any other base is compared
literally, so a table may use whatever unit its office uses and the checker still reads it.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

# Base units by dimension.
_DIMENSIONS: dict[str, str] = {
    "元": "元", "美元": "美元", "欧元": "欧元", "港元": "港元", "元人民币": "元",
    "%": "%", "‰": "‰", "个百分点": "个百分点", "百分点": "个百分点", "倍": "倍",
    "平方米": "平方米", "平米": "平方米", "平方公里": "平方公里", "平方千米": "平方公里", "亩": "亩", "公顷": "公顷",
    "公里": "公里", "千米": "公里", "米": "米",
    "吨": "吨", "千克": "千克", "公斤": "千克", "吨标准煤": "吨标准煤", "吨标煤": "吨标准煤",
    "千瓦时": "千瓦时", "度": "千瓦时", "千瓦": "千瓦", "兆瓦": "兆瓦", "立方米": "立方米",
    "标箱": "标箱", "标准箱": "标箱", "TEU": "标箱", "teu": "标箱",
    "个工作日": "工作日", "工作日": "工作日", "天": "天", "小时": "小时", "个月": "个月",
    "位": "位", "名次": "位",
}
# Measure words: each its own dimension, except that 个 (and a bare count) stands in for any of them.
MEASURE_WORDS = (
    "个", "家次", "家", "项", "宗", "人次", "人", "名", "批次", "批", "场次", "场", "次", "条", "件", "户",
    "所", "座", "栋", "幢", "台", "套", "处", "份", "期", "轮", "辆", "张", "间", "块", "种", "类", "笔",
    "篇", "起", "只", "支", "班", "道", "列", "艘", "架", "部", "组", "面", "棵", "株", "盏", "根",
)
for _word in MEASURE_WORDS:
    _DIMENSIONS.setdefault(_word, _word)
KNOWN_BASES: tuple[str, ...] = tuple(_DIMENSIONS)
MEASURE_SET = frozenset(MEASURE_WORDS) | {""}

SCALES: dict[str, Decimal] = {
    "": Decimal(1), "百": Decimal(100), "千": Decimal(1000), "万": Decimal(10) ** 4, "十万": Decimal(10) ** 5,
    "百万": Decimal(10) ** 6, "千万": Decimal(10) ** 7, "亿": Decimal(10) ** 8, "万亿": Decimal(10) ** 12,
}
# Scale words read in text (千 and 百 in text are numerals: 3千 is written 3000).
TEXT_SCALES = ("万亿", "亿", "万")
RATE_UNITS = frozenset({"%", "‰", "个百分点"})
_SCALE_ORDER = ("万亿", "千万", "百万", "十万", "亿", "万", "千", "百")


def _clean(unit: str) -> str:
    return unit.strip().replace("％", "%").replace("／", "/").replace(" ", "")


@lru_cache(maxsize=4096)
def split_unit(unit: str | None) -> tuple[str, str] | None:
    """(scale word, base) of any unit: 亿元 -> (亿, 元), 万元/亩 -> (万, 元/亩), 亿度 -> (亿, 度), 组 -> ('', 组).

    A known base is never split (千瓦时, 千克 stay whole); a scale word is split off only where what
    remains is a base on its own, so an unknown unit is kept whole and compared literally.
    """
    if unit is None:
        return None
    unit = _clean(unit)
    if not unit:
        return "", ""
    head, slash, tail = unit.partition("/")
    if head in _DIMENSIONS or not head:
        return "", unit
    for scale in _SCALE_ORDER:
        rest = head[len(scale) :]
        if head.startswith(scale) and rest and (rest in _DIMENSIONS or (slash and not rest.startswith(_SCALE_ORDER))):
            return scale, rest + slash + tail
    if head in SCALES:  # a bare scale word: 万 (a count in ten thousands)
        return head, "" if not slash else slash + tail
    return "", unit


def base_of(unit: str | None) -> str:
    """The base of a unit, scale removed: 亿元 -> 元, 万元/亩 -> 元/亩."""
    parts = split_unit(unit)
    return parts[1] if parts else (unit or "")


@lru_cache(maxsize=4096)
def dimension(unit: str | None) -> str:
    """What a unit measures, scale removed: 亿元 -> 元, 亿度 -> 千瓦时, 万 -> '' (a bare count), 组 -> 组."""
    base = base_of(unit)
    if "/" in base:
        num, _, den = base.partition("/")
        return f"{_DIMENSIONS.get(num, num)}/{den}"
    return _DIMENSIONS.get(base, base)


@lru_cache(maxsize=4096)
def scale_of(unit: str | None) -> Decimal:
    """Multiplier of a unit's scale word: 亿元 -> 10^8, 元 -> 1."""
    parts = split_unit(unit)
    return SCALES.get(parts[0], Decimal(1)) if parts else Decimal(1)


def is_known_unit(unit: str | None) -> bool:
    """True for units whose base is in the built-in list (others are still compared, literally)."""
    return dimension(unit) in set(_DIMENSIONS.values()) or unit == ""


@lru_cache(maxsize=8192)
def compatible(unit_a: str | None, unit_b: str | None) -> bool:
    """Same dimension; 个 and a bare count match any measure word; 万元 may state a 万元/亩 figure."""
    da, db = dimension(unit_a), dimension(unit_b)
    if da == db:
        return True
    if "/" in da or "/" in db:
        # "亩均税收35万元" for a 万元/亩 input: writers drop the per-unit part
        return da.partition("/")[0] == db.partition("/")[0] and ("/" not in da or "/" not in db)
    generic = {"个", ""}
    # a None unit has dimension "", so where one side's dimension is "" and they differ the other is not None
    parts_a, parts_b = split_unit(unit_a), split_unit(unit_b)
    if (da == "" and base_of(unit_a) == "" and (unit_a or "") in TEXT_SCALES and parts_b is not None and parts_b[0] == unit_a) or (
        db == "" and base_of(unit_b) == "" and (unit_b or "") in TEXT_SCALES and parts_a is not None and parts_a[0] == unit_b
    ):
        return True  # "生产总值56.7亿" for 亿元: the base left unsaid
    return (da in generic and db in MEASURE_SET) or (db in generic and da in MEASURE_SET)


def text_bases(units) -> tuple[str, ...]:
    """Bases (scale removed) of the given units that the text scanner does not know yet."""
    out = []
    for unit in units:
        base = base_of(unit)
        if base and base not in _DIMENSIONS and base not in out and not base.isdigit():
            out.append(base)
        head = base.partition("/")[0]
        if head and head not in _DIMENSIONS and head not in out:
            out.append(head)
        for scale in TEXT_SCALES:  # 万千伏安: text reads 万 as a scale word, so 千伏安 must be a base too
            if base.startswith(scale) and len(base) > len(scale) and base[len(scale):] not in out and base[len(scale):] not in _DIMENSIONS:
                out.append(base[len(scale):])
    return tuple(out)
