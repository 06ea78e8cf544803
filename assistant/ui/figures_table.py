"""The figures editor: the writer's table as text (typed, or pasted from Excel / WPS), read back exactly.

A text box, not a grid: a grid cell selected with one click lost the first character typed into it, and
a grid cannot take a block pasted from a spreadsheet. Rows are lines; cells are separated by tabs (what
Excel and WPS put on the clipboard), commas or spaces. A first line that names the columns (指标, 单位,
本期, 同比±% …) is the header, so any table shape the loader reads can be pasted with its header;
without one the columns are HEADERS. Line numbers in errors are the lines the writer sees.
"""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal

from assistant.figures import ASPECTS, FIELD_ZH, FIELDS, FigureSet, figure_set_from_rows
from assistant.figures.headers import is_name_header, numeric

HEADERS = [FIELD_ZH[f] for f in FIELDS]  # 指标, 数值, 单位, 期间, 同比增长(%), 上年同期, 目标
PLACEHOLDER = "\t".join(HEADERS) + "\n规上工业总产值\t128.5\t亿元\t1-6月\t5.1\t122.3\t260"


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")  # exact digits, never an exponent
    return str(value)


def rows_of(figures: FigureSet) -> list[list[str]]:
    """Table rows for a figure set (the HEADERS columns)."""
    return [[_cell(getattr(f, name)) for name in FIELDS] for f in figures.figures]


def table_text(figures: FigureSet) -> str:
    """The text the editor shows for a figure set: a header line, then one tab-separated line per figure."""
    if not figures.figures:
        return ""
    return "\n".join("\t".join(row) for row in [HEADERS, *rows_of(figures)])


def rows_text(rows) -> str:
    """Rows as a file has them (a CSV or a worksheet), as editor text: one tab-separated line per row."""
    lines = ["\t".join(_cell(c).replace("\t", " ").replace("\n", " ") for c in row).rstrip("\t") for row in rows]
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines)


def _split(line: str) -> list[str]:
    if "\t" in line:
        return [c.strip() for c in line.split("\t")]
    if "," in line or "，" in line:
        return [c.strip() for c in next(csv.reader(io.StringIO(line.replace("，", ","))))]
    return line.split()


def text_rows(text: str) -> tuple[list[list[str]], bool]:
    """The lines of the editor as rows (blank lines kept, so line numbers hold) and whether they bring their own
    header (a line naming the indicator column, possibly under a title line, as a statistics office sends it)."""
    rows = [_split(line) if line.strip() else [] for line in (text or "").splitlines()]
    top = [r for r in rows if r][:4]
    header = any(is_name_header(r[0]) and not any(numeric(c) for c in r[1:]) for r in top)
    return rows, header


def figure_set_of(table, notes_text: str = "") -> FigureSet:
    """A FigureSet from the editor (its text, or rows as a grid gave them) and the notes box, one note per line."""
    notes = [line.strip() for line in (notes_text or "").splitlines() if line.strip()]
    if isinstance(table, str):
        rows, header = text_rows(table)
    else:
        rows, header = [[("" if c is None else str(c)).strip() for c in row] for row in (table or [])], False
    if not any(any(row) for row in rows):
        return FigureSet(figures=[], notes=notes)
    if header:
        return figure_set_from_rows(rows, source="数据表", notes=notes, first_row=1)
    # no header line: the columns are HEADERS, and the writer's first line is 第1行
    return figure_set_from_rows([HEADERS, *rows], source="数据表", notes=notes, first_row=0)


def reading(figures: FigureSet) -> str:
    """How the checker reads the table, as a Markdown table: each indicator with its period, value and aspects."""
    if not figures.figures:
        return ""
    lines = ["| 指标 | 期间 | 本期值 | 其他数据 |", "|---|---|---|---|"]
    for f in figures.figures:
        value = f"{_cell(f.value)}{f.unit}" if f.value is not None else "—"
        parts = []
        if f.yoy is not None:
            parts.append(f"同比{_cell(f.yoy)}%")
        if f.prior is not None:
            parts.append(f"上年同期{_cell(f.prior)}{f.unit}")
        if f.target is not None:
            parts.append(f"目标{_cell(f.target)}{f.unit}")
        for aspect in f.aspects:
            parts.append(f"{aspect.label or ASPECTS[aspect.kind][1]}{_cell(aspect.value)}{aspect.unit}")
        lines.append(f"| {_escape(f.name)} | {_escape(f.period or '—')} | {_escape(value)} | {_escape('；'.join(parts) or '—')} |")
    return "\n".join(lines)


def _escape(text: str) -> str:
    return re.sub(r"([|\\`*_<>\[\]])", r"\\\1", text)
