"""The writer's inputs: indicators with their aspects for a period, and free-text notes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from assistant.errors import AssistantError
from assistant.periods import is_period_word
from assistant.textnorm import normalize_text


class FigureError(AssistantError):
    """A figure file or object that cannot be read; the message names the row and the column."""


# What an indicator's figures can say besides its value, with the unit each aspect is stated in
# ("unit" = the indicator's own unit) and how a report names it.
ASPECTS: dict[str, tuple[str, str]] = {
    "yoy": ("%", "同比"),
    "change": ("unit", "同比增减"),
    "prior": ("unit", "上年同期"),
    "target": ("unit", "目标"),
    "target_yoy": ("%", "目标增速"),
    "completion": ("%", "完成率"),
    "share": ("%", "占比"),
    "rank": ("位", "排名"),
    "two_year": ("%", "两年平均增速"),
    "mom": ("%", "环比"),
    "other": ("unit", ""),  # any further column or row of the indicator (贡献率, 较一季度±百分点): read as stated
}
RATE_ASPECTS = frozenset({"yoy", "target_yoy", "two_year", "mom"})  # a sign that is a direction (增长/下降)
_GROWTH_NAME = re.compile(r"增速|增长率|增幅|增长|降幅|下降|增减|回落")
_NOT_GROWTH = re.compile(r"占比|比重|完成率|完成进度|强度|贡献率")


@dataclass(frozen=True)
class Aspect:
    """One aspect of an indicator beyond value/yoy/prior/target: 完成率, 排名, 占比, 两年平均 …"""

    kind: str  # a key of ASPECTS
    value: Decimal
    unit: str  # the unit it is stated in: %, 位, 个百分点, or the indicator's unit
    label: str = ""  # how the table named it (增速排名, 占全市比重)


@dataclass(frozen=True)
class Figure:
    """One indicator for one period; every number is a Decimal exactly as given.

    `value` may be missing when the table gives only an aspect (规上工业增加值: 同比 6.1%).
    """

    name: str
    value: Decimal | None
    unit: str
    period: str | None = None
    yoy: Decimal | None = None  # 同比增长, in percent (negative = decline)
    prior: Decimal | None = None  # 上年同期, in `unit`
    target: Decimal | None = None  # 目标 / 年任务, in `unit`
    aspects: tuple[Aspect, ...] = ()

    def aspect(self, kind: str) -> Aspect | None:
        """The first aspect of a kind, if given."""
        return next((a for a in self.aspects if a.kind == kind), None)

    @property
    def is_rate(self) -> bool:
        """The indicator itself is a growth rate (…增速 in %), so its sign is a direction."""
        return is_growth_name(self.name, self.unit)

    @property
    def estimate(self) -> bool:
        """An expected or forecast figure (预计 / 预测 in its name or period)."""
        return any(word in f"{self.name}{self.period or ''}" for word in ("预计", "预测", "预期"))


def is_growth_name(name: str, unit: str) -> bool:
    """A % indicator whose name says growth (增速, 增长率, 增速目标 …), not a share or a ratio."""
    return unit == "%" and bool(_GROWTH_NAME.search(name)) and not _NOT_GROWTH.search(name)


@dataclass
class FigureSet:
    """The figures and the notes (department submissions, bullet facts) a text may draw on."""

    figures: list[Figure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def units(self) -> tuple[str, ...]:
        """Every unit the figures are stated in."""
        out = dict.fromkeys(f.unit for f in self.figures)
        for f in self.figures:
            out.update(dict.fromkeys(a.unit for a in f.aspects))
        return tuple(u for u in out if u)


_FULL_WIDTH = str.maketrans({"，": ","})  # in a number cell the full-width comma is a separator too
_EMPTY = {"", "-", "—", "–", "/", "无", "none", "null", "nan", "…", "——"}
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_RANK_CELL = re.compile(r"^(?:全[国省市区县]|[省市区县]内)?第?\s*(\d+)\s*(?:位|名)?$")


def blank(raw: Any) -> bool:
    """An empty cell (None, '', '-', '—', '/', '无' …)."""
    return raw is None or (isinstance(raw, str) and raw.strip().lower() in _EMPTY)


def to_decimal(raw: Any, where: str, column: str, percent_ok: bool = True) -> Decimal:
    """A cell or JSON value as an exact Decimal; floats through their shortest repr, never binary noise.

    Nothing is coerced: "128,5" (a decimal comma) and "1,2,8.5" are errors, and a "%" is accepted only
    in a rate column.
    """
    if isinstance(raw, bool):
        raise FigureError(f"{where}“{column}”列的值“{raw}”不是数字。", "请填写数字，例如 128.5。")
    if isinstance(raw, Decimal):
        return raw
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        return Decimal(repr(raw))
    text = normalize_text(str(raw)).translate(_FULL_WIDTH).replace(" ", "").replace("\u3000", "")
    if text.endswith("%"):
        if not percent_ok:
            raise FigureError(f"{where}“{column}”列的值“{raw}”带有百分号，但这一列的单位不是 %。", "请去掉百分号，或把单位改为 %。")
        text = text[:-1]
    if "," in text:
        if not _THOUSANDS.match(text):
            raise FigureError(f"{where}“{column}”列的值“{raw}”中的逗号不是千位分隔符。", "小数请用小数点，例如 128.5；千位分隔写成 12,850。")
        text = text.replace(",", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise FigureError(f"{where}“{column}”列的值“{raw}”不是数字。", "请只填写数字（可带小数点、负号），单位写在“单位”列。") from None
    if not value.is_finite():
        raise FigureError(f"{where}“{column}”列的值“{raw}”不是数字。", "请填写有限的数字。")
    return value


def rank_value(raw: Any, where: str, column: str) -> Decimal:
    """A ranking cell: 3, 第3, 第3位, 全市第3 -> 3."""
    if isinstance(raw, (int, Decimal)) and not isinstance(raw, bool):
        return Decimal(raw)
    match = _RANK_CELL.match(normalize_text(str(raw)).strip().translate(_FULL_WIDTH))
    if not match:
        return to_decimal(raw, where, column)
    return Decimal(match.group(1))


def check_period(period: str | None, where: str, column: str) -> str | None:
    """A period cell kept as written, or an error when it names no span."""
    if blank(period):
        return None
    text = str(period).strip()
    if not is_period_word(text):
        raise FigureError(f"{where}“{column}”列的期间“{text}”无法识别。", "请写成 1-6月、上半年、一季度、全年 或 2025年1-6月 这样的形式。")
    return text
