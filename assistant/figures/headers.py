"""Reading a statistics table's header: which column holds which aspect, of which period, in which unit.

Headers as offices write them: a title row above ("2023年1-6月主要经济指标", "单位：亿元"); one or two header
rows, a merged upper cell spanning the cells below it (",,1-6月,,全年," over "指标,单位,本期,同比±%,目标,完成率%");
the unit in the header ("产值（亿元）") or in brackets after the name ("工业投资（亿元）"); and labels such as
增长% / ±% / 增减% / 比上年±% / 比1-10月±（百分点） / 全省位次.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from assistant.figures.model import FigureError, blank
from assistant.periods import PERIOD_RE, is_period_word, parse_period
from assistant.units import RATE_UNITS, is_known_unit

_FULL = str.maketrans({"（": "(", "）": ")", "：": ":", "％": "%", "－": "-", "　": "", " ": "", "\n": "", "\t": "", "＋": "+", "±": "±"})


_BRACKET = re.compile(r"\(([^()]*)\)")


# Rates of their own (对经济增长贡献率%, 超任务数%): not growth, not a target; a text states them by name.
OWN_RATE = re.compile(r"贡献率|超(?:额完成)?(?:任务|目标|计划)|增长面")
_FIELD_WORDS: tuple[tuple[str, re.Pattern], ...] = (
    ("name", re.compile(r"^(?:指标|指标名称|名称|项目|指标项|主要指标|主要经济指标|name|indicator)$", re.I)),
    ("unit", re.compile(r"^(?:单位|计量单位|unit)$", re.I)),
    ("period", re.compile(r"^(?:期间|时期|统计期|统计期间|时间|期别|period)$", re.I)),
    ("note", re.compile(r"^(?:备注|说明|notes?)$", re.I)),
    ("skip", re.compile(r"^(?:序号|编号|no\.?|行次)$", re.I)),
    ("rank", re.compile(r"排名|位次|排位|名次|rank", re.I)),
    ("other", OWN_RATE),
    ("two_year", re.compile(r"两年平均")),
    ("mom", re.compile(r"环比")),
    ("completion", re.compile(r"完成率|完成进度|完成年|完成全年|完成目标|占年度目标|占全年目标|目标完成|进度%|任务进度")),
    ("target_yoy", re.compile(r"(?:目标|计划|预期)(?:增速|增长)|增速目标|增长目标")),
    ("change", re.compile(r"(?:比重|占比)[^%]*(?:较|比[上去前])")),  # 比重较去年全年提高: a share's change, in points
    ("share", re.compile(r"占比|比重|占全|^占")),
    ("yoy", re.compile(r"同比|增长|增速|增幅|增减%|±|比上年.*%|yoy", re.I)),
    ("change", re.compile(r"增减|增量|净增|比上年增加")),
    ("prior", re.compile(r"上年同期|去年同期|上年|去年|上期|prior", re.I)),
    ("target", re.compile(r"目标|任务|计划|target", re.I)),
    (
        "value",
        re.compile(
            r"^(?:数值|本期|本月|当月|累计|完成|实际|完成值|完成数|完成额|实际值|值|数据|本期值|本期数|当期|总量|"
            r"绝对值|绝对数|绝对额|绝对量|数量|预测值|预计值|预测数|预计数|预测|预计|本年|本年累计|1-\d+月累计|value)$",
            re.I,
        ),
    ),
)


_COUNT_OF = re.compile(r"(?:增长|增加|下降|减少)的?(?:个|家|户|项)?数$")
_MONTH_ONLY = re.compile(r"^(?:本月|当月)$")

# Row names that are an aspect of the indicator just above ("工业投资增速", "完成年任务比例").


_TITLE_UNIT = re.compile(r"单位\s*[:：]\s*([^\s,，;；)）]+)")


@dataclass
class Column:
    """What one column holds."""

    field: str  # name | unit | period | note | skip | value | an aspect kind
    period: str | None = None
    unit: str | None = None
    label: str = ""
    indicator: str | None = None  # an entity-by-indicator table: the indicator this column holds
    title: str = ""  # the header as written, for messages
    inherited: bool = False  # the period was not written over the column but taken from the value column(s)


def first_data_row(rows: list[list[Any]]) -> int | None:
    """The row after the header: below a row that names the indicator column (指标, 指标名称 …), else the first row with numbers."""
    with_numbers = next((i for i, r in enumerate(rows) if _is_data_row(r)), None)
    limit = len(rows) if with_numbers is None else with_numbers
    for i in range(min(limit, 8)):
        cells = [str(c) for c in rows[i] if not blank(c)]
        if len(cells) >= 2 and is_name_header(cells[0]):
            j = i + 1
            while j < limit and not any(numeric(c) for c in rows[j]) and _under_header(rows[j]):
                j += 1  # the lower row of a two-row header
            return j if j < len(rows) else None
    return with_numbers


def _under_header(row: list[Any]) -> bool:
    """A row of header labels under the header row (its first cell empty, as under a merged 指标 cell)."""
    cells = [c for c in row if not blank(c)]
    return bool(cells) and blank(row[0]) and all(classify([(0, str(c))]) is not None for c in cells)


def unit_text(cell: Any) -> str:
    """A unit cell as the checker compares it: full-width % made half-width, 百分点 written 个百分点."""
    unit = str(cell).strip().replace("％", "%")
    return "个百分点" if unit == "百分点" else unit


def numeric(cell: Any) -> bool:
    if isinstance(cell, (int, float, Decimal)) and not isinstance(cell, bool):
        return True
    if not isinstance(cell, str):
        return False
    text = cell.strip().translate(_FULL).replace(",", "").rstrip("%")
    return bool(re.fullmatch(r"[+-]?\d+(?:\.\d+)?", text)) or bool(re.fullmatch(r"第\d+位?", text))


def _is_data_row(row: list[Any]) -> bool:
    cells = [c for c in row if not blank(c)]
    return len(cells) >= 2 and not numeric(cells[0]) and any(numeric(c) for c in cells[1:])


def header_block(rows, first_data: int, source: str, notes: list[str]) -> tuple[list[int], str | None, str | None]:
    """Header rows (the multi-cell rows right above the first data row) and what title rows say."""
    header: list[int] = []
    i = first_data - 1
    while i >= 0 and sum(not blank(c) for c in rows[i]) >= 2 and not _is_data_row(rows[i]):
        header.insert(0, i)
        i -= 1
    if not header:
        raise FigureError(f"{source} 第{first_data + 1}行上面没有表头。", "第一行写表头：指标、数值、单位，下面每行一个指标。")
    period = unit = None
    for j in range(header[0]):
        text = " ".join(str(c).strip() for c in rows[j] if not blank(c))
        if not text:
            continue
        found = parse_period(text)
        if found is not None and period is None:
            period = _period_words(text)
        match = _TITLE_UNIT.search(text.replace("（", "(").replace("）", ")"))
        if match and unit is None:
            unit = match.group(1).strip().rstrip("、,，")
            unit = unit if "、" not in unit else None  # "单位：亿元、%" names several: no default
    return header, period, unit


def _period_words(text: str) -> str | None:
    """The period words in a title ("2023年1-6月主要经济指标" -> "2023年1-6月")."""
    match = PERIOD_RE.search(text.translate(_FULL))
    if not match:
        year = re.search(r"(?:19|20)\d{2}年", text)
        return year.group() if year else None
    return match.group().strip()


def column_map(rows, header_rows: list[int], source: str) -> dict[int, Column]:
    """Each column's meaning, reading the header rows top-down with merged upper cells carried right."""
    width = max(len(rows[i]) for i in header_rows)
    labels: list[list[tuple[int, str]]] = [[] for _ in range(width)]
    for depth, i in enumerate(header_rows):
        carry = ""
        last = depth == len(header_rows) - 1
        for j in range(width):
            cell = rows[i][j] if j < len(rows[i]) else None
            text = "" if blank(cell) else str(cell).strip()
            if text:
                carry = text
            elif not last and carry:
                text = carry  # a merged cell spans the columns to its right
            if text:
                labels[j].append((i, text))
    columns: dict[int, Column] = {}
    for j, parts in enumerate(labels):
        if not parts:
            continue
        column = classify(parts)
        if column is None:
            i, text = parts[-1]
            raise FigureError(
                f"{source} 第{i + 1}行第{j + 1}列的表头“{text}”无法识别。",
                "可用表头：指标、单位、数值/本期/累计/1-6月、同比±%/增长%、上年同期、全年目标、完成率%、占比、排名、备注。",
            )
        if column.field == "name" and any(c.field == "name" for c in columns.values()):
            raise FigureError(f"{source} 第{parts[-1][0] + 1}行第{j + 1}列又是一个“指标”列。", "每张表只保留一列指标名称。")
        columns[j] = column
    return columns


def classify(parts: list[tuple[int, str]]) -> Column | None:
    """A column from its header labels, top to bottom: the field from the lowest label that names one.

    A label naming no field is an indicator (an entity-by-indicator table: 园区 | 工业总产值 | 营业收入):
    its cells are that indicator's values for the row's entity.
    """
    period = unit = None
    found: str | None = None
    indicator = None
    words_seen: list[str] = []
    for _, raw in parts:
        text = raw.translate(_FULL)
        for inner in _BRACKET.findall(text):
            inner_unit = inner.split(":", 1)[-1]
            if inner_unit and inner_unit not in ("%", "±%", "+-%") and unit_like(inner_unit):
                unit = "个百分点" if inner_unit == "百分点" else inner_unit
        words = _BRACKET.sub(lambda m: "%" if "%" in m.group(1) else "", text)
        if words.replace("%", "") and words.replace("%", "") not in words_seen:
            words_seen.append(words.replace("%", ""))
        if _MONTH_ONLY.match(words):
            found, period = "value", "本月"
            continue
        kind = next((k for k, pattern in _FIELD_WORDS if pattern.search(words)), None)
        if _COUNT_OF.search(words):
            found, indicator = "value", words  # "实现同比增长数": how many grew, a count of its own, not a growth rate
            continue
        if kind is None and re.search(r"率|百分点|%", words):
            kind = "other"
        if "百分点" in words and kind in ("yoy", "other", "change", "prior"):  # 比去年提升百分点: a change, in points
            kind, unit = "change", "个百分点"
        compared = re.search(r"比|较|高于|低于|快于|慢于", words)  # 比1-10月±: a comparison base, not the column's period
        if is_period_word(words) and kind in (None, "value", "yoy", "share", "two_year", "mom", "change") and not compared:
            period = _period_words(words) if kind not in (None, "value") else words.replace("%", "")
            if re.search(r"预计|预测|预期", text) and not re.search(r"预计|预测|预期", period or ""):
                period = f"{period}预计"  # "上半年（预测）": an estimate for that period
            kind = kind or "value"
        if kind == "yoy" and "增减" in words and "%" not in words:
            kind = "change"
        if kind is None and unit in ("百分点", "个百分点", "%"):
            kind = "change" if "百分点" in unit else "other"
        elif kind is None and re.search(r"[\u4e00-\u9fff]", words) and not re.search(r"\d|比|较|高于|低于|快于|慢于|差|位|名", words):
            kind, indicator = "value", words  # an indicator as a column
        elif kind is not None:
            indicator = None
        if kind is not None:
            found = kind
    if found in ("completion", "target", "target_yoy", "prior") and not any(is_period_word(w) and not re.search(r"目标|任务|计划", w) for w in words_seen[-1:]):
        period = None  # under "全年": progress toward the year's target is of the value's period, set beside it
    label = "".join(words_seen)
    if found in ("yoy", "other", "prior", "change") and unit == "个百分点":
        found = "change"  # "比1—2月±（百分点）": a change of a rate, in points
    if found in ("yoy", "prior", "change") and unit in ("位", "名"):
        found = "rank"  # "较上年上升（位）": a rank's change, stated in places as a rank row is
    if found == "yoy" and unit and unit not in RATE_UNITS:
        found = "change"  # "增长（亿元）": an amount
    if found == "other" and unit is None and "%" in parts[-1][1].translate(_FULL):
        unit = "%"  # "贡献率%": a rate of its own, not in the row's unit
    if found is None and unit is not None:
        found = "value"  # "产值（亿元）": a value column with its unit in the header
    if found is None:
        return None
    title = parts[-1][1]
    if found in ("name", "unit", "period", "note", "skip"):
        return Column(found, unit=unit, label=label, title=title)  # 指标（亿元）: the unit of every row
    return Column(found, period, unit, label, indicator, title)


def is_name_header(text: str) -> bool:
    """A header that names the indicator column (指标, 指标名称, 项目 …)."""
    return bool(_FIELD_WORDS[0][1].match(_BRACKET.sub("", text.strip().translate(_FULL))))


def unit_like(text: str) -> bool:
    """Words in brackets that are a unit (亿元, 户, 万元/亩), not a qualifier (上报数, 含烟厂, 预计)."""
    text = text.translate(_FULL)
    if not text or len(text) > 8 or re.search(r"[预计测报含除不]", text):
        return False
    return is_known_unit(text) or "/" in text or text in RATE_UNITS


def month_columns(columns: dict[int, Column]) -> None:
    """本月 / 当月 next to a 1-5月 column is May."""
    months = [parse_period(c.period) for c in columns.values() if c.period and c.period != "本月"]
    last = next((p.last for p in months if p is not None), None)
    for c in columns.values():
        if c.period == "本月":
            c.period = f"{last}月" if last else None


def resolve_periods(columns: dict[int, Column], default_period: str | None) -> None:
    """An aspect column without a period of its own belongs to the value column to its left; the title's year completes a bare span."""
    title = parse_period(default_period)
    for c in columns.values():
        stated = parse_period(c.period)
        if stated is not None and title is not None and stated.year is None and title.year and (stated.first, stated.last) == (title.first, title.last):
            c.period = f"{title.year}年{c.period}"
    values = list(dict.fromkeys(c.period for c in columns.values() if c.field == "value" and c.period))
    left: str | None = None
    for _, c in sorted(columns.items()):
        if c.field == "value":
            c.period = c.period or default_period
            left = c.period
        elif c.period is None and c.field in ("target", "completion", "target_yoy", "prior"):
            c.period, c.inherited = values[0] if values else default_period, True  # progress toward the year's target is the current value's
        elif c.period is None and c.field not in ("name", "unit", "period", "note", "skip"):
            c.period, c.inherited = values[0] if len(values) == 1 else (left or default_period), True
