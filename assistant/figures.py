"""The writer's inputs: figures (name, value, unit, period, yoy, prior, target) and free-text notes."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Iterable

from assistant.errors import AssistantError
from assistant.numbers import is_known_unit, parse_period


class FigureError(AssistantError):
    """A figure file or object that cannot be read; the message names the row and the column."""


@dataclass(frozen=True)
class Figure:
    """One input figure; all numbers are Decimal exactly as given."""

    name: str
    value: Decimal
    unit: str
    period: str | None = None
    yoy: Decimal | None = None  # 同比增长, in percent (negative = decline)
    prior: Decimal | None = None  # 上年同期, in `unit`
    target: Decimal | None = None  # 目标, in `unit`


@dataclass
class FigureSet:
    """The figures and the notes (department submissions, bullet facts) a text may draw on."""

    figures: list[Figure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


FIELDS = ("name", "value", "unit", "period", "yoy", "prior", "target")
FIELD_ZH = {"name": "指标", "value": "数值", "unit": "单位", "period": "期间", "yoy": "同比增长(%)", "prior": "上年同期", "target": "目标"}

# Header spellings accepted in CSV/XLSX (compared after removing spaces, brackets and "%").
_HEADERS = {
    "name": ("指标", "指标名称", "名称", "项目", "指标项", "name", "indicator"),
    "value": ("数值", "本期", "本期值", "本期数", "完成值", "完成数", "实际值", "值", "数据", "累计", "value"),
    "unit": ("单位", "计量单位", "unit"),
    "period": ("期间", "时期", "统计期", "统计期间", "时间", "期别", "period"),
    "yoy": ("同比增长", "同比", "同比增速", "同比增幅", "增速", "增幅", "增长率", "同比增减", "yoy"),
    "prior": ("上年同期", "上年同期值", "上年同期数", "去年同期", "上期", "prior"),
    "target": ("目标", "全年目标", "目标值", "年度目标", "计划", "计划目标", "target"),
    "note": ("备注", "说明", "材料", "notes", "note"),
}
_HEADER_LOOKUP = {spelling: key for key, spellings in _HEADERS.items() for spelling in spellings}
_EMPTY = {"", "-", "—", "–", "/", "无", "none", "null", "nan"}
_NOTE_SHEETS = {"备注", "说明", "材料", "报送材料", "notes"}


def _header_key(text: Any) -> str | None:
    clean = str(text or "").strip().lower()
    for ch in " \t\u3000()（）[]【】%％:：":
        clean = clean.replace(ch, "")
    return _HEADER_LOOKUP.get(clean)


def to_decimal(raw: Any, where: str, column: str) -> Decimal:
    """A cell or JSON value as an exact Decimal; floats go through their shortest repr, never binary noise."""
    if isinstance(raw, bool):
        raise FigureError(f"{where}“{column}”列的值“{raw}”不是数字。", "请填写数字，例如 128.5。")
    if isinstance(raw, Decimal):
        return raw
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        return Decimal(repr(raw))
    text = str(raw).strip().translate(_FULL_WIDTH).replace(",", "").replace("，", "").replace(" ", "")
    if text.endswith("%"):
        text = text[:-1]
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise FigureError(f"{where}“{column}”列的值“{raw}”不是数字。", "请只填写数字（可带小数点、负号），单位写在“单位”列。") from None
    if not value.is_finite():
        raise FigureError(f"{where}“{column}”列的值“{raw}”不是数字。", "请填写有限的数字。")
    return value


_FULL_WIDTH = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)}, "．": ".", "－": "-", "％": "%"})


def _blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and raw.strip().lower() in _EMPTY)


def make_figure(row: dict[str, Any], where: str, columns: dict[str, str] | None = None) -> Figure:
    """Validate one row (keys from FIELDS) into a Figure; errors name `where` and the column."""
    col = {key: (columns or {}).get(key, FIELD_ZH[key] if columns is not None else key) for key in FIELDS}
    unknown = set(row) - set(FIELDS)
    if unknown and columns is None:
        raise FigureError(f"{where}有无法识别的字段：{'、'.join(sorted(map(str, unknown)))}。", f"可用字段：{', '.join(FIELDS)}。")
    name = row.get("name")
    if _blank(name):
        raise FigureError(f"{where}缺少“{col['name']}”（指标名称）。", "请为每个数值填写指标名称。")
    name = str(name).strip()
    if _blank(row.get("value")):
        raise FigureError(f"{where}（{name}）缺少“{col['value']}”。", "请填写本期数值。")
    value = to_decimal(row["value"], where, col["value"])
    unit = row.get("unit")
    unit = "" if _blank(unit) else str(unit).strip().replace("％", "%")
    if not unit:
        raise FigureError(f"{where}（{name}）缺少“{col['unit']}”。", "请填写单位，例如 亿元、万元、%、个、家、亩。")
    if not is_known_unit(unit):
        raise FigureError(
            f"{where}（{name}）“{col['unit']}”列的单位“{unit}”无法识别。",
            "可用单位如：元、万元、亿元、万美元、%、个百分点、亩、万平方米、个、家、项、宗、人、人次。",
        )
    period = row.get("period")
    period = None if _blank(period) else str(period).strip()
    if period is not None and parse_period(period) is None:
        raise FigureError(f"{where}（{name}）“{col['period']}”列的期间“{period}”无法识别。", "请写成 1-6月、上半年、一季度、全年 或 2025年1-6月 这样的形式。")
    extras = {}
    for key in ("yoy", "prior", "target"):
        raw = row.get(key)
        extras[key] = None if _blank(raw) else to_decimal(raw, f"{where}（{name}）", col[key])
    return Figure(name=name, value=value, unit=unit, period=period, **extras)


def figure_set_from(obj: Any) -> FigureSet:
    """A FigureSet from a FigureSet, a dict {"figures": [...], "notes": [...]} or a bare list of figures."""
    if isinstance(obj, FigureSet):
        return obj
    if isinstance(obj, dict):
        unknown = set(obj) - {"figures", "notes"}
        if unknown:
            raise FigureError(f"数据文件有无法识别的键：{'、'.join(sorted(map(str, unknown)))}。", "顶层只能有 figures（指标列表）和 notes（文字材料列表）。")
        figures = obj.get("figures")
        figures = [] if figures is None else figures
        notes = obj.get("notes") or []
        if not isinstance(figures, list):
            raise FigureError("figures 应当是指标列表。", '例如 {"figures": [{"name": "规上工业总产值", "value": 128.5, "unit": "亿元"}]}。')
        if isinstance(notes, str):
            notes = [notes]
        if not isinstance(notes, list) or not all(isinstance(n, str) for n in notes):
            raise FigureError("notes 应当是文字列表。", '例如 "notes": ["今年以来共签约19个项目……"]。')
        return FigureSet(figures=_figures(figures), notes=[n for n in notes if n.strip()])
    if isinstance(obj, (list, tuple)):
        return FigureSet(figures=_figures(obj), notes=[])
    raise FigureError(f"无法把 {type(obj).__name__} 当作数据读取。", "请提供数据文件、指标列表或包含 figures 的字典。")


def _figures(items: Iterable[Any]) -> list[Figure]:
    out = []
    for i, item in enumerate(items, 1):
        where = f"第{i}个指标"
        if isinstance(item, Figure):
            out.append(item)
        elif isinstance(item, dict):
            out.append(make_figure(item, where))
        else:
            raise FigureError(f"{where}不是“名称-数值-单位”的形式。", '每个指标写成 {"name": …, "value": …, "unit": …}。')
    return out


def load_figures(path: Path) -> FigureSet:
    """Read figures from .json, .yaml/.yml, .csv or .xlsx."""
    path = Path(path)
    if not path.is_file():
        raise FigureError(f"找不到数据文件：{path}。", "请检查文件路径。")
    suffix = path.suffix.lower()
    if suffix == ".json":
        try:
            data = json.loads(_read_text(path), parse_float=Decimal)
        except json.JSONDecodeError as err:
            raise FigureError(f"{path.name} 不是有效的 JSON（第{err.lineno}行第{err.colno}列）。", "请检查括号、逗号和引号。") from None
        return figure_set_from(data)
    if suffix in (".yaml", ".yml"):
        return figure_set_from(_load_yaml(path))
    if suffix == ".csv":
        rows = list(csv.reader(io.StringIO(_read_text(path))))
        return _from_rows(rows, path.name, notes=[])
    if suffix == ".xlsx":
        return _load_xlsx(path)
    raise FigureError(f"不支持的数据文件格式：{path.suffix or '无扩展名'}。", "请使用 .json、.yaml、.csv 或 .xlsx 文件。")


def figure_set_from_rows(rows: list[list[Any]], source: str = "数据表", notes: list[str] | None = None) -> FigureSet:
    """Read a table given as rows (the first non-empty row is the header), e.g. from the app's editor."""
    return _from_rows(rows, source, list(notes or []))


def _read_text(path: Path) -> str:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FigureError(f"{path.name} 的文字编码无法识别。", "请另存为 UTF-8 编码。")


def _load_yaml(path: Path) -> Any:
    import yaml

    class _Loader(yaml.SafeLoader):
        """SafeLoader that reads decimals as Decimal, never float."""

    def _decimal(loader, node):
        return Decimal(loader.construct_scalar(node).replace("_", ""))

    _Loader.add_constructor("tag:yaml.org,2002:float", _decimal)
    try:
        return yaml.load(_read_text(path), Loader=_Loader)  # noqa: S506 - SafeLoader subclass
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"（第{mark.line + 1}行）" if mark else ""
        raise FigureError(f"{path.name} 不是有效的 YAML{where}。", "请检查缩进和冒号。") from None


def _load_xlsx(path: Path) -> FigureSet:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many kinds for a damaged file
        raise FigureError(f"{path.name} 无法作为 Excel 文件打开（{type(err).__name__}）。", "请确认是 .xlsx 格式，并在 Excel 中另存一次。") from None
    notes: list[str] = []
    data_sheet = None
    for sheet in book.worksheets:
        if sheet.title.strip().lower() in _NOTE_SHEETS:
            notes.extend(str(c).strip() for row in sheet.iter_rows(values_only=True) for c in row if c is not None and str(c).strip())
        elif data_sheet is None:
            data_sheet = sheet
    if data_sheet is None:
        raise FigureError(f"{path.name} 中没有数据表。", "第一个工作表应是指标表（指标、数值、单位…）。")
    rows = [[_xlsx_value(cell) for cell in r] for r in data_sheet.iter_rows()]
    book.close()
    return _from_rows(rows, f"{path.name}（{data_sheet.title}）", notes)


def _xlsx_value(cell) -> Any:
    """A cell's value as the writer sees it: Excel stores 4.5% as 0.045, so a percent-formatted number is scaled back."""
    value = getattr(cell, "value", None)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and "%" in (getattr(cell, "number_format", "") or ""):
        shown = Decimal(repr(value)).scaleb(2)  # exact: moves the decimal point, no arithmetic
        return shown.quantize(Decimal(1)) if shown == shown.to_integral_value() else shown
    return value


def _from_rows(rows: list[list[Any]], source: str, notes: list[str]) -> FigureSet:
    """Header row (Chinese or English) then one figure per row; row numbers as the spreadsheet shows them."""
    header_at = next((i for i, r in enumerate(rows) if any(not _blank(c) for c in r)), None)
    if header_at is None:
        raise FigureError(f"{source} 是空的。", "第一行写表头：指标、数值、单位、期间、同比增长(%)、上年同期、目标。")
    header = rows[header_at]
    columns: dict[str, int] = {}
    names: dict[str, str] = {}
    for j, cell in enumerate(header):
        key = _header_key(cell)
        if key is None:
            if not _blank(cell):
                raise FigureError(f"{source} 第{header_at + 1}行第{j + 1}列的表头“{cell}”无法识别。", "可用表头：指标、数值、单位、期间、同比增长(%)、上年同期、目标、备注。")
            continue
        if key in columns:
            raise FigureError(f"{source} 的表头“{cell}”与“{names[key]}”重复。", "每种数据只保留一列。")
        columns[key] = j
        names[key] = str(cell).strip()
    for required in ("name", "value", "unit"):
        if required not in columns:
            raise FigureError(f"{source} 缺少“{FIELD_ZH[required]}”列。", "第一行写表头：指标、数值、单位（必填），期间、同比增长(%)、上年同期、目标（选填）。")
    figures: list[Figure] = []
    for i in range(header_at + 1, len(rows)):
        row = rows[i]
        if all(_blank(c) for c in row):
            continue
        cells = {key: (row[j] if j < len(row) else None) for key, j in columns.items()}
        note = cells.pop("note", None)
        if not _blank(note):
            notes.append(str(note).strip())
        if all(_blank(v) for v in cells.values()):
            continue
        figures.append(make_figure(cells, f"{source} 第{i + 1}行", names))
    return FigureSet(figures=figures, notes=notes)
