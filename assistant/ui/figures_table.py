"""The figures editor's table: rows of strings to and from a FigureSet, values kept exact."""

from __future__ import annotations

from decimal import Decimal

from assistant.figures import FIELD_ZH, FIELDS, FigureSet, figure_set_from_rows

HEADERS = [FIELD_ZH[f] for f in FIELDS]  # 指标, 数值, 单位, 期间, 同比增长(%), 上年同期, 目标


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")  # exact digits, never an exponent
    return str(value)


def rows_of(figures: FigureSet) -> list[list[str]]:
    """Table rows for a figure set."""
    return [[_cell(getattr(f, name)) for name in FIELDS] for f in figures.figures]


def figure_set_of(rows, notes_text: str = "") -> FigureSet:
    """A FigureSet from the edited table (header added here) and the notes box, one note per line."""
    body = [[("" if c is None else str(c)).strip() for c in row] for row in (rows or [])]
    notes = [line.strip() for line in (notes_text or "").splitlines() if line.strip()]
    if not any(any(row) for row in body):
        return FigureSet(figures=[], notes=notes)
    # the editor shows the header apart and its first row is the writer's 第1行 (empty rows are skipped, not renumbered)
    return figure_set_from_rows([HEADERS] + body, source="数据表", notes=notes, first_row=0)
