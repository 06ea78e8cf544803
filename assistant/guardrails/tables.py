"""Tables inside a checked text, read as the sentences a writer would have written.

A Word report's 表1 reaches the checker as tab-separated lines (documents.loading writes each row so). Scanned as
prose, a cell's number took its words from the next row ("6.1" in the 规上工业总产值 row was read as 规上工业增加值's)
and had no unit. Here each row becomes "规上工业总产值138.6亿元，同比增长6.1%。" from its name cell, the unit column
and the column headers (figures.headers.classify, the rules the figures tables are read by; a value column's period,
such as 1-2月, opens each row), with every number copied as written, so a cell's verdict maps back onto the cell.
A block with no header row stays as it is.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, replace

from assistant.figures.headers import Column, classify, numeric
from assistant.guardrails.report import Mention

_EMPTY = {"", "—", "－", "-", "--", "/", "…"}
# How a column's aspect is said before its number (the unit follows the number).
_SAID = {"yoy": "同比增长", "target": "目标", "prior": "上年同期", "completion": "完成目标的", "share": "占比", "target_yoy": "目标增长"}


@dataclass(frozen=True)
class Reading:
    """The text with its tables as sentences, and the spans copied from the original as they are."""

    original: str
    text: str
    pieces: tuple[tuple[int, int, int], ...]  # (start here, start in the original, length), in order
    starts: tuple[int, ...]  # each piece's start here, for the search

    def back(self, m: Mention) -> Mention | None:
        """`m` found in this text, placed on the original (a number cell's mention ends with the cell); None for a
        mention in words this reading wrote (a row's name, a column's aspect)."""
        at = bisect_right(self.starts, m.start) - 1
        if at < 0:
            return None
        here, there, length = self.pieces[at]
        if m.start >= here + length:
            return None
        start, end = there + m.start - here, there + min(m.end, here + length) - here
        return replace(m, start=start, end=end, text=self.original[start:end])


def on_tables(check: Callable[[str], list[Mention]], text: str) -> list[Mention]:
    """`check` run on `text` with its tables read as sentences, what it finds placed back on the original text."""
    reading = read_tables(text)
    if reading is None:
        return check(text)
    return [placed for m in check(reading.text) if (placed := reading.back(m)) is not None]


def read_tables(text: str) -> Reading | None:
    """The reading of `text` with each headed table's rows as sentences; None when it has no such table."""
    lines = text.splitlines(keepends=True)
    out: list[str] = []
    pieces: list[tuple[int, int, int]] = []
    size = 0

    def copy(chunk: str, at: int) -> None:
        nonlocal size
        if chunk:
            pieces.append((size, at, len(chunk)))
            out.append(chunk)
            size += len(chunk)

    def write(words: str) -> None:
        nonlocal size
        out.append(words)
        size += len(words)

    offset, i, changed = 0, 0, False
    while i < len(lines):
        block = _block(lines, i)
        heads = _header_rows(block)
        columns = _columns(block[:heads]) if heads and len(block) > heads else None
        if columns is None:
            copy(lines[i], offset)
            offset += len(lines[i])
            i += 1
            continue
        for line in block[:heads]:  # the header rows as they are: their words state no number
            copy(line, offset)
            offset += len(line)
        for line in block[heads:]:
            changed |= _row(line, offset, columns, copy, write)
            offset += len(line)
        i += len(block)
    return Reading(text, "".join(out), tuple(pieces), tuple(p[0] for p in pieces)) if changed else None


def _block(lines: list[str], i: int) -> list[str]:
    """The run of tab-separated lines from line `i` (empty when line `i` has no tab)."""
    j = i
    while j < len(lines) and "\t" in lines[j]:
        j += 1
    return lines[i:j]


def _cells(line: str) -> list[str]:
    return line.rstrip("\r\n").split("\t")


def _header_rows(block: list[str]) -> int:
    """How many rows open the block with no number in any cell: its header (0 for a block of data)."""
    n = 0
    while n < len(block) and not any(numeric(c.strip()) for c in _cells(block[n]) if c.strip()):
        n += 1
    return n


def _columns(headers: list[str]) -> list[Column | None] | None:
    """The columns the header rows name (None for a cell naming none), or None when they name no value or aspect.
    Header rows of one width are read together, top to bottom ("1-5月" over "本期 | 同比±%"); rows of other widths
    (a cell merged across columns is one cell) leave the row just above the data to say what each column is."""
    rows = [_cells(h) for h in headers]
    if any(len(r) != len(rows[-1]) for r in rows):
        rows = rows[-1:]
    columns = [classify([(n, r[k].strip()) for n, r in enumerate(rows) if r[k].strip()]) if any(r[k].strip() for r in rows) else None
               for k in range(len(rows[-1]))]
    kinds = [c.field for c in columns if c is not None]
    return columns if "value" in kinds or any(k in _SAID for k in kinds) else None


def _row(line: str, at: int, columns: list[Column | None], copy, write) -> bool:
    """Write one data row as a sentence; False (and the row copied as it is) when it has no name or no number."""
    cells, starts, pos = [], [], 0
    for cell in _cells(line):
        cells.append(cell)
        starts.append(at + pos)
        pos += len(cell) + 1
    named = [k for k, c in enumerate(columns[: len(cells)]) if c is not None and c.field == "name"]
    name_at = named[0] if named else 0
    name = cells[name_at].strip().removeprefix("其中：").removeprefix("其中:")
    units = [k for k, c in enumerate(columns[: len(cells)]) if c is not None and c.field == "unit"]
    row_unit = cells[units[0]].strip() if units and cells[units[0]].strip() not in _EMPTY else ""
    said: list[tuple[int, str, str]] = []  # (cell, words before it, unit after it)
    for k, cell in enumerate(cells):
        column = columns[k] if k < len(columns) else None
        value = cell.strip()
        if k == name_at or value in _EMPTY or (column is not None and column.field in ("name", "unit", "skip", "period")):
            continue
        if column is None or column.field == "note" or not numeric(value):
            said.append((k, "", ""))  # a remark or a column no header names: its words as they are, still checked
            continue
        unit = column.unit or ("%" if column.field in ("yoy", "completion", "share", "target_yoy") else row_unit)
        said.append((k, _SAID.get(column.field, "" if column.field == "value" else column.label), unit))
    if not name or numeric(name) or not any(numeric(cells[k].strip()) for k, _, _ in said):
        copy(line, at)
        return False
    period = next((c.period for c in columns if c is not None and c.field == "value" and c.period), None)
    write(f"{period}，{name}" if period else name)  # "1-2月" over the values: the row's statements are of that period
    for n, (k, words, unit) in enumerate(said):
        write(("，" if n else "") + words)
        cell = cells[k]
        lead = len(cell) - len(cell.lstrip())
        copy(cell.strip(), starts[k] + lead)
        write(unit)
    write("。" + ("\n" if line.endswith("\n") else ""))
    return True
