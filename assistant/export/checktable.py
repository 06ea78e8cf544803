"""Rows of the 数据核对表: every figure the checker found in the body, with its source and status."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from assistant.drafting import PENDING_MARK
from assistant.errors import AssistantError
from assistant.guardrails.report import FLAGGED, STATUS_ZH

if TYPE_CHECKING:
    from assistant.guardrails import Mention, Report

_PENDING = re.compile(rf"〔{PENDING_MARK}[^〕]*〕")
COLUMNS = ("序号", "原文", "依据（输入）", "核对结果", "说明")  # the value is read in 原文; 说明 only where it adds something
_CLAUSE_END = re.compile(r"[，,。；;！？!?：:\n]")
_CONTEXT = 16  # characters of the clause kept on each side of the figure


@dataclass(frozen=True)
class CheckRow:
    """One row of the table, every cell already text."""

    number: int
    excerpt: str
    value: str
    unit: str
    figure: str
    status: str
    reason: str
    flagged: bool

    def cells(self) -> tuple[str, ...]:
        """The cells in COLUMNS order."""
        return (str(self.number), self.excerpt, self.figure, self.status, self.reason)


def flagged_spans(body: str, report: Report | None) -> list[tuple[int, int, bool]]:
    """(start, end, is_pending_mark) of what must stand out: numbers without support, placeholders, 〔待核实…〕 notes."""
    spans = [(m.start, m.end, False) for m in mentions_of(body, report) if m.status in FLAGGED]
    marks = [(m.start(), m.end(), True) for m in _PENDING.finditer(body)]
    spans = [s for s in spans if not any(a <= s[0] and s[1] <= b for a, b, _ in marks)]  # already inside a note
    return sorted(spans + marks)


def mentions_of(body: str, report: Report | None) -> list[Mention]:
    """The report's mentions in text order, after making sure they were found in this very body."""
    if report is None:
        return []
    mentions = sorted(report.mentions, key=lambda m: m.start)
    for m in mentions:
        if body[m.start : m.end] != m.text:
            raise AssistantError(
                f"数据核对结果与正文不一致：“{m.text}”不在核对时的位置上，正文可能已被修改。",
                "请对当前正文重新核对数据后再导出。",
            )
    return mentions


def check_rows(body: str, report: Report | None) -> list[CheckRow]:
    """One row per figure mention; years, list markers and other non-figures are left out (they are counted)."""
    rows: list[CheckRow] = []
    for m in mentions_of(body, report):
        if m.status == "not_a_figure":
            continue
        rows.append(
            CheckRow(
                number=len(rows) + 1,
                excerpt=excerpt(body, m.start, m.end),
                value=format_value(m.value),
                unit=m.unit or "—",
                figure=_basis(m),
                status=STATUS_ZH.get(m.status, m.status),
                reason=_note(m),
                flagged=m.status in FLAGGED,
            )
        )
    return rows


def summary(body: str, report: Report | None) -> str:
    """One Chinese sentence counting the figures by status and the non-figures left out of the table."""
    counts = Counter(m.status for m in mentions_of(body, report))
    listed = sum(n for status, n in counts.items() if status != "not_a_figure")
    shown = ("supported", "derived", "unsupported", "placeholder", *tuple(s for s in ("miswritten", "advice") if counts[s]))
    parts = "、".join(f"{STATUS_ZH[s]}{counts[s]}处" for s in shown)
    text = f"正文共有数据{listed}处：{parts}。"
    if counts["not_a_figure"]:
        text += f"年份、时段、序号等非数据数字{counts['not_a_figure']}处未列入本表。"
    return text


def _note(m: Mention) -> str:
    """The checker's reason where it says more than the 依据 column: not for a number equal to the input it names."""
    reason = m.reason or ""
    if m.status == "supported" and reason.startswith("与输入") and reason.endswith("一致。"):
        return ""
    return reason


def _basis(m: Mention) -> str:
    """The inputs the figure rests on as written (name and value) when the checker gives them, else the name."""
    return "；".join(m.basis) if m.basis else (m.figure or "—")


def format_value(value: Decimal | int | None) -> str:
    """The exact value as written by the checker: no exponent, no rounding, trailing zeros kept."""
    if value is None:
        return "—"
    if isinstance(value, float):
        raise TypeError("figure values must be Decimal, not float")
    return format(Decimal(value), "f")


def excerpt(body: str, start: int, end: int) -> str:
    """The clause around a mention, cut to a few characters on each side."""
    left = max((m.end() for m in _CLAUSE_END.finditer(body, 0, start)), default=0)
    right_match = _CLAUSE_END.search(body, end)
    right = right_match.start() if right_match else len(body)
    head = body[max(left, start - _CONTEXT) : start]
    tail = body[end : min(right, end + _CONTEXT)]
    prefix = "…" if start - len(head) > left else ""
    suffix = "…" if end + len(tail) < right else ""
    return f"{prefix}{head}{body[start:end]}{tail}{suffix}"
