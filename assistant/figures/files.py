"""Reading the writer's inputs from files and objects: JSON, YAML, CSV and XLSX sheets in any shape."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

from assistant.decoding import decode_text
from assistant.figures.model import ASPECTS, Aspect, Figure, FigureError, FigureSet, blank, check_period, rank_value, to_decimal
from assistant.figures.tables import read_table
from assistant.textnorm import normalize_text

FIELDS = ("name", "value", "unit", "period", "yoy", "prior", "target")
FIELD_ZH = {"name": "指标", "value": "数值", "unit": "单位", "period": "期间", "yoy": "同比增长(%)", "prior": "上年同期", "target": "目标"}

_NOTE_SHEETS = {"备注", "说明", "材料", "报送材料", "notes"}
_OBJECT_KEYS = set(FIELDS) | set(ASPECTS)


def make_figure(row: dict[str, Any], where: str) -> Figure:
    """Validate one JSON/YAML object (keys from FIELDS and ASPECTS) into a Figure; errors name `where` and the key."""
    unknown = set(row) - _OBJECT_KEYS
    if unknown:
        raise FigureError(f"{where}有无法识别的字段：{'、'.join(sorted(map(str, unknown)))}。", f"可用字段：{', '.join(FIELDS + tuple(ASPECTS))}。")
    name = row.get("name")
    if blank(name):
        raise FigureError(f"{where}缺少“name”（指标名称）。", "请为每个数值填写指标名称。")
    name = normalize_text(str(name)).strip()
    unit = "" if blank(row.get("unit")) else normalize_text(str(row["unit"])).strip()
    if not unit:
        raise FigureError(f"{where}（{name}）缺少“unit”。", "请填写单位，例如 亿元、万元、%、个、家、亩。")
    value = None if blank(row.get("value")) else to_decimal(row["value"], where, "value")
    period = check_period(row.get("period"), f"{where}（{name}）", "period")
    extras = {key: None if blank(row.get(key)) else to_decimal(row[key], f"{where}（{name}）", key) for key in ("yoy", "prior", "target")}
    aspects = []
    for kind, (aspect_unit, _) in ASPECTS.items():
        if kind in extras or blank(row.get(kind)):
            continue
        read = rank_value if kind == "rank" else to_decimal
        aspects.append(Aspect(kind, read(row[kind], f"{where}（{name}）", kind), unit if aspect_unit == "unit" else aspect_unit))
    if value is None and not any(v is not None for v in extras.values()) and not aspects:
        raise FigureError(f"{where}（{name}）缺少“value”。", "请填写本期数值。")
    return Figure(name=name, value=value, unit=unit, period=period, aspects=tuple(aspects), **extras)


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
    if suffix in (".csv", ".xlsx"):
        rows, notes, source = table_rows(path)
        return read_table(rows, source, notes)
    raise FigureError(f"不支持的数据文件格式：{path.suffix or '无扩展名'}。", "请使用 .json、.yaml、.csv 或 .xlsx 文件。")


def figure_set_from_rows(rows: list[list[Any]], source: str = "数据表", notes: list[str] | None = None, first_row: int = 1) -> FigureSet:
    """Read a table given as rows (the first non-empty row is the header); errors number rows[0] as `first_row`."""
    return read_table(rows, source, list(notes or []), first_row)


def _read_text(path: Path) -> str:
    return decode_text(path.read_bytes(), path.name, FigureError)


def _load_yaml(path: Path) -> Any:
    import yaml

    class _Loader(yaml.SafeLoader):
        """SafeLoader that reads decimals as Decimal, never float."""

    def _decimal(loader, node):
        return Decimal(loader.construct_scalar(node).replace("_", ""))

    _Loader.add_constructor("tag:yaml.org,2002:float", _decimal)
    try:
        return yaml.load(_read_text(path), Loader=_Loader)  # _Loader is a SafeLoader subclass
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"（第{mark.line + 1}行）" if mark else ""
        raise FigureError(f"{path.name} 不是有效的 YAML{where}。", "请检查缩进和冒号。") from None


def table_rows(path: Path) -> tuple[list[list[Any]], list[str], str]:
    """A .csv or .xlsx table as its rows (as the file has them), the notes sheet's lines and the source name."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        return list(csv.reader(io.StringIO(_read_text(path)))), [], path.name
    return _xlsx_rows(path)


def _xlsx_rows(path: Path) -> tuple[list[list[Any]], list[str], str]:
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
    return rows, notes, f"{path.name}（{data_sheet.title}）"


def _xlsx_value(cell) -> Any:
    """A cell's value as the writer sees it: Excel stores 4.5% as 0.045, so a percent-formatted number is scaled back."""
    value = getattr(cell, "value", None)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and "%" in (getattr(cell, "number_format", "") or ""):
        shown = Decimal(repr(value)).scaleb(2)  # exact: moves the decimal point, no arithmetic
        return shown.quantize(Decimal(1)) if shown == shown.to_integral_value() else shown
    return value
