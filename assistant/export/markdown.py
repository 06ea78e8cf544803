"""Markdown export: the title, headings by level, paragraphs and the 数据核对表 as a table."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.export.blocks import parse_blocks
from assistant.export.checktable import COLUMNS, check_rows, flagged_spans, summary

if TYPE_CHECKING:
    from assistant.guardrails import Report

_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")
FLAG_TAG = "〔需核实〕"
_LIST_START = re.compile(r"^(\d+)([.)])")


def to_markdown(title: str, body: str, report: Report | None = None) -> str:
    """The draft as Markdown (一、 → ##, （一） → ###, 1. → ####); with a report, flagged numbers in bold and the check table at the end."""
    out = [f"# {_escape(title.strip())}"]
    spans = flagged_spans(body, report)
    for block in parse_blocks(body, title):
        rest = _marked(block.rest, block.start + block.lead, spans)
        if block.level and block.level < 3:
            out.append(f"{'#' * (block.level + 1)} {_escape(block.heading)}")
            if block.rest:
                out.append(_paragraph(rest))
        elif block.level == 3 and not block.rest:
            out.append(f"#### {_escape(block.heading)}")
        elif block.level == 3:
            out.append(f"**{_escape(block.heading)}**{rest}")
        else:
            out.append(_paragraph(rest))
    if report is not None:
        out.append("## 附件：数据核对表")
        out.append(_escape(summary(body, report)))
        table = [_row(COLUMNS), _row(["---"] * len(COLUMNS))]
        table += [_row(row.cells()) for row in check_rows(body, report)]
        out.append("\n".join(table))
    return "\n\n".join(out) + "\n"


def _paragraph(marked: str) -> str:
    """A paragraph (already escaped) that a leading "1." cannot turn into a list."""
    return _LIST_START.sub(r"\1\\\2", marked)


def _marked(text: str, start: int, spans: list[tuple[int, int, bool]]) -> str:
    """Escaped text with flagged numbers in bold and tagged 〔需核实〕 (pending notes in bold), so no viewer hides them."""
    out, at = [], 0
    for s, e, pending in spans:
        s, e = s - start, e - start
        if s < at or e > len(text) or s >= e:
            continue
        out += [_escape(text[at:s]), f"**{_escape(text[s:e])}**", "" if pending else FLAG_TAG]
        at = e
    return "".join(out) + _escape(text[at:])


def _row(cells) -> str:
    """One table row; the delimiter row passes through unescaped."""
    return "| " + " | ".join(c if c == "---" else _escape(c) for c in cells) + " |"


def _escape(text: str) -> str:
    """Backslash the characters Markdown would read as markup (e.g. the * of a *家 placeholder)."""
    return _SPECIAL.sub(r"\\\1", text)
