"""Statistics tables in the shapes offices send: long or wide, aspects as columns or as rows of their own.

Shapes read here (any mix):
- a title row above the header ("2023年1-6月主要经济指标", "单位：亿元、%"), giving a default period/unit;
- a header of one or two rows, a merged upper cell spanning the cells below it (",,1-6月,,全年," over
  "指标,单位,本期,同比±%,目标,完成率%");
- columns for the value (数值, 本期, 累计, 1-5月, 1-6月预计 …), its aspects (同比±%, 增长%, 上年同期, 全年目标,
  完成率%, 占比, 排名, 两年平均, 环比) and a unit column, or the unit in the header ("产值（亿元）") or in
  brackets after the name ("工业投资（亿元）");
- aspects as rows of their own right after their indicator ("工业投资增速", "完成年任务比例", "X排名");
- empty rows and note rows ("注：…") between blocks.
Errors name the row and the column as the spreadsheet shows them.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from os.path import commonprefix
from typing import Any

from assistant.figures.headers import (
    OWN_RATE,
    Column,
    classify,
    column_map,
    first_data_row,
    header_block,
    is_name_header,
    month_columns,
    numeric,
    resolve_periods,
    unit_like,
    unit_text,
)
from assistant.figures.model import ASPECTS, Aspect, Figure, FigureError, FigureSet, blank, check_period, rank_value, to_decimal
from assistant.periods import parse_period
from assistant.textnorm import normalize_text
from assistant.units import RATE_UNITS, dimension

_ROW_SUFFIXES: tuple[tuple[str, str], ...] = tuple(
    sorted(
        [
            *((s, "yoy") for s in ("同比增长率", "同比增长", "同比增速", "同比增幅", "同比", "增长率", "增速", "增幅", "比上年增长", "比增")),
            *((s, "change") for s in ("同比增减", "同比增加", "比上年增加", "比上年增减", "增量", "净增", "增减", "比上年提高", "提高")),
            *((s, "prior") for s in ("上年同期数", "上年同期值", "上年同期", "去年同期")),
            *((s, "target") for s in ("年度任务", "年任务", "全年任务", "全年目标", "年度目标", "目标任务", "目标值", "目标", "任务", "计划")),
            *((s, "target_yoy") for s in ("目标增速", "增速目标", "计划增速", "预期增速", "增长目标", "目标增长")),
            *((s, "completion") for s in ("完成年任务比例", "完成年度任务比例", "完成全年任务比例", "完成年度目标比例", "完成率", "完成进度",
                                           "目标完成率", "任务完成率", "年任务完成率", "完成全年目标", "完成年任务")),
            *((s, "share") for s in ("占比", "比重")),
            *((s, "rank") for s in ("增速排名", "总量排名", "排名", "位次", "排位", "增速位次", "总量位次")),
            *((s, "two_year") for s in ("两年平均增速", "两年平均增长", "两年平均")),
            *((s, "mom") for s in ("环比增长", "环比增速", "环比")),
        ],
        key=lambda item: len(item[0]),
        reverse=True,
    )
)


_SUB_ITEM = re.compile(r"^(?:其中|内含|含)[:：]\s*")


_NOTE_ROW = re.compile(r"^(?:注|说明|备注|数据来源|来源|资料来源)\s*[:：\d]")


_RECENT = 6  # an aspect row binds to one of the last few indicators, closest first


@dataclass
class _Pending:
    """An indicator being assembled from its row and the aspect rows after it."""

    name: str
    unit: str
    period: str | None
    where: str
    value: Decimal | None = None
    fields: dict[str, Decimal] = field(default_factory=dict)  # yoy / prior / target
    aspects: list[Aspect] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)

    def add(self, kind: str, value: Decimal, unit: str, label: str, where: str) -> None:
        """Set one aspect; a second column or row of the same kind under another name is kept beside it."""
        if kind in ("value", "yoy", "prior", "target"):
            old = self.value if kind == "value" else self.fields.get(kind)
            if old is None:
                if kind == "value":
                    self.value = value
                else:
                    self.fields[kind] = value
                self.labels[kind] = label
                return
            if old == value:
                return
            if self.labels.get(kind) == label:
                raise FigureError(
                    f"{where}给“{self.name}”的{label or kind}（{value}）与前面给出的（{old}）不同。", "同一指标同一期间只能有一个数值，请核对后删去一个。"
                )
            kind = "other" if kind == "value" else kind
        for other in self.aspects:
            if other.kind == kind and other.label == label:
                if other.value != value:
                    raise FigureError(
                        f"{where}给“{self.name}”的{label}（{value}）与前面给出的（{other.value}）不同。", "同一指标的同一项只能有一个数值，请核对后删去一个。"
                    )
                return
        self.aspects.append(Aspect(kind, value, unit, label))

    def figure(self) -> Figure:
        return Figure(self.name, self.value, self.unit, self.period, self.fields.get("yoy"), self.fields.get("prior"),
                      self.fields.get("target"), tuple(self.aspects))


def read_table(rows: list[list[Any]], source: str, notes: list[str], first_row: int = 1) -> FigureSet:
    """A FigureSet from a sheet's rows, whatever its shape; row numbers as the sheet shows them (rows[0] is `first_row`)."""
    rows = [[normalize_text(c) if isinstance(c, str) else c for c in r] for r in rows]
    first_data = first_data_row(rows)
    if first_data is None:
        if not any(not blank(c) for r in rows for c in r):
            raise FigureError(f"{source} 是空的。", "第一行写表头：指标、数值、单位（必填），期间、同比增长(%)、上年同期、目标（选填）。")
        raise FigureError(f"{source} 中没有一行数据（指标名称加数值）。", "第一行写表头：指标、数值、单位，下面每行一个指标。")
    header_rows, default_period, default_unit = header_block(rows, first_data, source, notes)
    columns = column_map(rows, header_rows, source)
    if not any(c.field == "name" for c in columns.values()) and 0 in columns and columns[0].indicator:
        columns[0] = Column("name", label=columns[0].label)  # "评价项目": the first column names the rows
    if not any(c.field == "name" for c in columns.values()):
        first = min(j for j, c in columns.items() if c.field != "skip") if columns else 0
        name_col = next((j for j in range(len(rows[first_data])) if j not in columns or columns[j].field == "skip"), None)
        if name_col is None or name_col > first:
            raise FigureError(f"{source} 缺少“指标”列。", "第一列写指标名称，表头写“指标”。")
        columns[name_col] = Column("name")
    if not any(c.field not in ("name", "unit", "period", "note", "skip") for c in columns.values()):
        raise FigureError(f"{source} 缺少“数值”列。", "第一行写表头：指标、数值、单位（必填），期间、同比增长(%)、上年同期、目标（选填）。")
    month_columns(columns)
    resolve_periods(columns, default_period)
    default_unit = next((c.unit for c in columns.values() if c.field == "name" and c.unit), default_unit)
    return _rows(rows, first_data, columns, source, notes, default_period, default_unit, first_row)


def _split_name(name: str) -> tuple[str, str | None]:
    """'工业投资（亿元）' -> ('工业投资', '亿元'); qualifiers such as （上报数） stay in the name."""
    name = _SUB_ITEM.sub("", name.strip()).strip()
    text = name.replace("（", "(").replace("）", ")")
    match = re.search(r"\(([^()]*)\)\s*$", text)
    if match and unit_like(match.group(1).split(":", 1)[-1]):
        return name[: match.start()].strip(), match.group(1).split(":", 1)[-1]
    return name, None


_QUALIFIER = re.compile(r"\(([^()]*)\)")


def _period_qualifier(name: str) -> str | None:
    """A bracketed qualifier of the name that is a period ("（1-5月）", "（6月当月）"), as written."""
    for qualifier in _QUALIFIER.findall(name.replace("（", "(").replace("）", ")")):
        if parse_period(qualifier.strip()) is not None:
            return qualifier.strip()
    return None


_RANK_WORDS = re.compile(r"排名|位次|排位|名次")
_ASPECT_WORDS = re.compile(r"率|比|增|减|速|幅|排|位|占|完成|目标|任务|百分点|平均|可比|同比|环比|较|快于|慢于|高于|低于|前进|后退|提高|下降|上升|上年|去年")


_KIND_BY_WORDS: tuple[tuple[re.Pattern, str], ...] = (
    (OWN_RATE, "other"),  # 贡献率, 增长面: rates of their own, not growth
    (re.compile(r"两年"), "two_year"),
    (re.compile(r"环比"), "mom"),
    (re.compile(r"完成(?:率|进度|比例|[^同增]*(?:目标|任务|计划))"), "completion"),  # not 完成投资同比增长
    (re.compile(r"占|比重|份额"), "share"),
    (re.compile(r"目标|任务|计划"), "target"),
    (re.compile(r"上年同期|去年同期"), "prior"),
)


def _plain(name: str) -> tuple[str, tuple[str, ...]]:
    """A name without its bracketed qualifiers, and the qualifiers: 税收(预计) -> (税收, (预计,))."""
    flat = name.replace("（", "(").replace("）", ")")
    return _QUALIFIER.sub("", flat).strip(), tuple(_QUALIFIER.findall(flat))


def _aspect_row(name: str, recent: list[_Pending], unit: str | None) -> tuple[_Pending, str, str] | None:
    """(indicator, aspect kind, label) when a row name is an aspect of an indicator just above."""
    if not recent:
        return None
    flat, qualifiers = _plain(name)
    for suffix, kind in _ROW_SUFFIXES:
        if flat == suffix or flat == f"完成{suffix}":
            return recent[-1], kind, suffix
    for pending in reversed(recent[-_RECENT:]):
        base, base_qualifiers = _plain(pending.name)
        if pending.value is not None and pending.unit == "%" and _GROWTH_SUFFIX.search(base) and not flat.startswith(base):
            base = _GROWTH_SUFFIX.sub("", base)  # "第一产业投资同比增长" then "第一产业投资占比": one indicator
        if not flat.startswith(base) or flat == base or (qualifiers and qualifiers != base_qualifiers):
            continue
        rest = flat[len(base) :].lstrip("的").replace("%", "")
        for suffix, kind in _ROW_SUFFIXES:
            if rest == suffix:
                return pending, kind, rest
        if len(rest) <= 20 and _ASPECT_WORDS.search(rest):
            return pending, _kind_of(rest, unit, pending.unit), rest
    for pending in reversed(recent[-_RECENT:]):
        # "广丰经济开发区排名较6月前进" under "广丰经济开发区主营业务收入": the entity's name, then the indicator's rank
        base, _ = _plain(pending.name)
        head = len(commonprefix([flat, base]))
        if head >= 4 and pending.aspects and _RANK_WORDS.match(flat[head:]) and any(a.kind == "rank" for a in pending.aspects):
            return pending, _kind_of(flat[head:], unit, pending.unit), flat[head:]
    return None


# A growth row with no indicator row above stays a rate indicator of its own ("规上工业增加值增速 | 6.1 | %"),
# as the same figure reads from JSON; other aspects make their indicator.


_SPLIT_SUFFIXES = tuple(
    (s, k)
    for s, k in _ROW_SUFFIXES
    if len(s) >= 2 and k not in ("yoy", "two_year", "mom") and s not in ("任务", "计划", "目标", "增减", "提高", "比增")
)


_GROWTH_SUFFIX = re.compile(r"(?:同比)?(?:增长率|增速|增幅|增长)$")


def _new_base(name: str, unit: str | None, period: str | None, done: dict, recent: list[_Pending], where: str) -> tuple[_Pending, str, str] | None:
    """A row naming an aspect of an indicator the table gives no row for ("第一产业投资同比增长"): the indicator, value unknown."""
    flat, qualifiers = _plain(name)
    for suffix, kind in _SPLIT_SUFFIXES:
        base = flat[: -len(suffix)].rstrip("的")
        if flat.endswith(suffix) and len(base) >= 2 and not base.endswith(("同比", "比上年", "较上年")):
            if kind in ("yoy", "two_year", "mom", "target_yoy", "share", "completion") and unit not in (None, "", "%"):
                return None  # "X增长 | 3 | 家" is an indicator of its own
            base_name = base + "".join(f"（{q}）" for q in qualifiers)
            pending = done.get((base_name, period))
            if pending is None:
                pending = done[(base_name, period)] = _Pending(
                    base_name,
                    "" if kind in ("yoy", "share", "completion", "rank", "two_year", "mom", "target_yoy") else (unit or ""),
                    period,
                    where,
                )
                recent.append(pending)
            return pending, kind, suffix
    return None


def _kind_of(words: str, unit: str | None, own_unit: str) -> str:
    """The aspect a row or column label names, by its words and the unit it is stated in."""
    if unit in ("个百分点", "百分点") or "百分点" in words:
        return "change"
    if unit in ("位", "名") or re.search(r"排名|位次|排位|名次", words):
        return "rank"
    for pattern, kind in _KIND_BY_WORDS:
        if pattern.search(words):
            if kind == "target" and (unit == "%" or "增" in words) and own_unit != "%":
                return "target_yoy"
            if kind in ("completion", "share") and unit not in (None, "", "%") and dimension(unit) != dimension(own_unit or ""):
                return "other"  # "提前完成任务时间 | 1 | 个月": stated in a unit of its own, not a completion rate
            return kind
    rate_unit = unit in (None, "", "%")
    if re.search(r"增速|增长|增幅|降幅|下降|回落|可比|同比", words) and rate_unit:
        return "yoy"
    if re.search(r"增|减|多|少|前进|后退|提高|上升", words):
        return "change"
    return "other"


@dataclass
class _Layout:
    """Where the columns of the current block are."""

    name: int
    unit: int | None
    period: int | None
    notes: list[int]
    data: list[tuple[int, Column]]
    prefix: str = ""  # a block titled by an entity ("高新区和省级工业园区, 一季度, 占园区比重%"): its rows are the entity's
    width: int = 0  # columns the header covers; a cell right of them has no meaning the table gives

    @classmethod
    def of(cls, columns: dict[int, Column]) -> _Layout:
        if any(c.field == "value" and not c.indicator for c in columns.values()):
            for c in columns.values():  # a table with a value column: other labels are further aspects ("提前完成（个月）")
                if c.indicator:
                    c.field, c.label, c.indicator = "other", c.indicator, None
        def find(kind: str) -> int | None:
            return next((j for j, c in columns.items() if c.field == kind), None)

        data = [(j, c) for j, c in sorted(columns.items()) if c.field not in ("name", "unit", "period", "note", "skip")]
        indicator = None
        for _, c in data:  # 工业总产值 | 比上年±% | 占全县%: the aspect columns after an indicator column are its own
            if c.indicator and c.field == "value":
                indicator = c.indicator
            elif indicator and c.field != "value":
                c.indicator = indicator
        notes = [j for j, c in columns.items() if c.field == "note"]
        return cls(find("name") or 0, find("unit"), find("period"), notes, data, width=max(columns, default=-1) + 1)


def _beyond_header(row: list[Any], width: int, where: str, notes: list[str]) -> None:
    """A number right of the header's last column is an error (its meaning is unknown); words there are a note."""
    for j in range(width, len(row)):
        if numeric(row[j]):
            raise FigureError(f"{where}第{j + 1}列有数值“{row[j]}”，但这一列没有表头。", "请在表头补上这一列的名称（例如“同比±%”），或删去这个数值。")
        if not blank(row[j]):
            notes.append(str(row[j]).strip())


def _cell(row: Sequence[Any], j: int | None) -> Any:
    """The row's value in column j, or None when there is no such column."""
    return row[j] if j is not None and j < len(row) else None


def _rows(
    rows, first_data: int, columns: dict[int, Column], source: str, notes: list[str], default_period: str | None, default_unit: str | None, first_row: int
) -> FigureSet:
    layout = _Layout.of(columns)
    done: dict[tuple[str, str | None], _Pending] = {}
    recent: list[_Pending] = []
    for i in range(first_data, len(rows)):
        row = rows[i]
        cell = functools.partial(_cell, row)
        if all(blank(c) for c in row):
            continue
        if not any(numeric(c) for c in row[1:]) and sum(not blank(c) for c in row) >= 2 and not _NOTE_ROW.match(str(row[0] or "").strip()):
            block = _block_header(rows, i, source, default_period)
            if block is not None:
                layout = block  # a block with a header of its own ("按产业分, 本期, 同比±%")
                continue
        for j in layout.notes:
            if not blank(cell(j)):
                notes.append(str(cell(j)).strip())
        filled = [(j, c) for j, c in layout.data if not blank(cell(j))]
        raw_name = cell(layout.name)
        where = f"{source} 第{i + first_row}行"
        _beyond_header(row, layout.width, where, notes)
        if blank(raw_name):
            if filled:
                raise FigureError(f"{where}缺少“指标”（指标名称）。", "请为每个数值填写指标名称。")
            continue
        text = str(raw_name).strip()
        if not filled:
            if layout.unit is not None and not blank(cell(layout.unit)):
                raise FigureError(f"{where}（{text}）缺少数值。", "请填写本期数值，或删去这一行。")
            if _NOTE_ROW.match(text) or re.search(r"\d", text):
                notes.append(text)  # a footnote, or a block title that states something
            continue
        name, name_unit = _split_name(text)
        name = f"{layout.prefix}{name}" if layout.prefix and not name.startswith(layout.prefix) else name
        row_unit = None if layout.unit is None or blank(cell(layout.unit)) else unit_text(cell(layout.unit))
        row_period = check_period(cell(layout.period), where, "期间") if layout.period is not None else None
        row_period = row_period or _period_qualifier(name)  # 规模以上服务业营业收入（1-5月） in a 1-6月 table
        by_indicator = any(c.indicator for _, c in filled)
        aspect_of = None if by_indicator else _aspect_row(name, recent, row_unit or name_unit)
        if aspect_of is None and not by_indicator:
            aspect_of = _new_base(name, row_unit or name_unit, row_period, done, recent, where)
        if aspect_of is not None:
            base, kind, label = aspect_of
            _aspect_values(base, kind, label, filled, cell, row_unit or name_unit, row_period, where, done, recent)
            continue
        # aspects without a period of their own go with the row's value where the row fills one period column
        # ("1-5月 240, 占年计划% 15.86" in a table of 1-4月, 1-5月, 4月末 and 上半年 columns)
        row_values = {c.period for _, c in filled if c.field == "value" and c.period}
        for j, column in filled:
            period = row_period or (next(iter(row_values)) if column.inherited and len(row_values) == 1 else column.period)
            own_unit = column.unit if column.field == "value" else None  # 比上年±（百分点） is the aspect's unit, not the indicator's
            unit = row_unit or name_unit or own_unit or default_unit or ""
            this = f"{name}{column.indicator}" if column.indicator else name
            pending = done.get((this, period))
            if pending is None:
                pending = done[(this, period)] = _Pending(this, unit, period, where)
                recent.append(pending)
            elif column.field == "value" and unit != pending.unit and dimension(unit) != dimension(pending.unit):
                if unit in ("%", "个百分点", "百分点", "位"):
                    _put(pending, _kind_of(column.label, unit, pending.unit), cell(j), unit, column.label or "数值", where, unit)
                    continue
                raise FigureError(f"{where}（{name}）的单位“{unit}”与前面同名指标的“{pending.unit}”不同。", "同一指标请用同一单位，或在名称后注明口径。")
            if unit and not pending.unit:
                pending.unit = unit
            _put(pending, column.field, cell(j), column.unit, column.label or column.field, where, unit, column.title)
    figures = [p.figure() for p in done.values() if p.value is not None or p.fields or p.aspects]
    return FigureSet(figures=figures, notes=notes)


def _block_header(rows, i: int, source: str, default_period: str | None) -> _Layout | None:
    """The layout a header row inside the table starts ("按产业分, 本期, 同比±%"), or None when the row is not one.

    Its first cell names the block; every other filled cell must read as a column header.
    """
    row = rows[i]
    title = "" if blank(row[0]) else str(row[0]).strip()
    columns: dict[int, Column] = {0: Column("name")}
    for j in range(1, len(row)):
        if blank(row[j]):
            continue
        text = str(row[j]).strip()
        column = classify([(i, text)])
        if column is None or column.field == "name" or unit_like(text):
            return None  # "产值, 三十五, 亿元" is a bad row, not a header
        columns[j] = column
    fields = [c for c in columns.values() if c.field not in ("name", "unit", "period", "note", "skip")]
    if not fields or (all(c.indicator for c in fields) and len(fields) < 2):
        return None
    month_columns(columns)
    resolve_periods(columns, default_period)
    layout = _Layout.of(columns)
    if title and not is_name_header(title) and not re.search(r"分$|指标|项目|名称", title):
        layout.prefix = title
    return layout


def _aspect_values(pending: _Pending, kind: str, label: str, filled, cell, unit, row_period, where, done, recent) -> None:
    """Put an aspect row's value(s) on its indicator (each period column on that period's indicator)."""
    for j, column in filled:
        period = row_period or column.period or pending.period
        target = done.get((pending.name, period))
        if target is None:
            target = done[(pending.name, period)] = _Pending(pending.name, pending.unit, period, where)
            recent.append(target)
        this, named = kind, label
        if column.field not in ("value", "other", kind):
            # an aspect row under an aspect column (a 增速 row's 排名 column): an aspect of its own, named by both
            this, named = (column.field if column.field in ("yoy", "rank", "change") else "other"), f"{label}{column.label}"
        if this in ("yoy", "two_year", "mom", "target_yoy") and unit and dimension(unit) != "%":
            this = "change"  # "X增长 | 3 | 家": an amount, not a rate
        # a column stating its own unit ("比上年同期±（百分点）" on a row in %) keeps it
        stated = column.unit if column.unit and column.field not in ("value", kind) else unit
        _put(target, this, cell(j), stated, named, where, stated)


def _put(pending: _Pending, kind: str, raw: Any, column_unit: str | None, label: str, where: str, unit: str | None, title: str = "") -> None:
    """One cell into its indicator as `kind`, in the unit that aspect is stated in; errors name the column as headed."""
    column = title or label or kind
    if kind == "rank":
        pending.add("rank", rank_value(raw, f"{where}（{pending.name}）", column), "位", label, where)
        return
    own_unit = unit or pending.unit
    if kind == "value":
        value = to_decimal(raw, f"{where}（{pending.name}）", column, percent_ok=own_unit in RATE_UNITS or own_unit == "")
        pending.add("value", value, own_unit, label, where)
        return
    aspect_unit = ASPECTS.get(kind, ("unit", ""))[0]
    stated = pending.unit if aspect_unit == "unit" else aspect_unit
    given = column_unit or unit
    if kind == "other" and given:
        stated = given
    if given and aspect_unit == "unit" and dimension(given) != dimension(pending.unit):
        stated = given  # "较2012年增长倍数 | 1.8 | 倍": the aspect is stated in its own unit
    if kind == "change" and (unit or pending.unit) == "%":
        stated = "个百分点"
    if kind == "change" and (unit in ("个百分点", "百分点") or column_unit == "个百分点"):
        stated = "个百分点"
    value = to_decimal(raw, f"{where}（{pending.name}）", column, percent_ok=stated in RATE_UNITS)
    pending.add(kind, value, stated, label, where)
