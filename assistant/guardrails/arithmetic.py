"""A draft against its own arithmetic: a 合计 that is not the sum of its parts, a share or a completion rate
that does not follow from the two numbers stated beside it.

Only unambiguous places are read, so a flag is a real error:
- a total in a sentence ("工业项目10个、服务业项目5个，合计15个") whose parts are listed just before it, one
  after another in one unit, with no 其中/分别/growth words between them;
- a 合计/总计 row of a table (a Markdown or tab-separated table, or a Word table read cell by cell) whose rows
  above it are plain rows (no 其中 or 小计 rows), column by column, leaving out rate, share and rank columns;
- a share or a completion rate whose base is stated right before it ("完成全年目标420亿元的74.4%",
  "占年计划任务1513万美元的15.86%") and whose value is the nearest figure before the 完成/占, in the same unit.
Every measured number is taken as rounded in its last written digit (a whole count such as 12个 and a target,
which is set rather than measured, are exact) and the stated result may be off by one unit of its own last digit
(truncated rather than rounded), so honest rounding is never flagged.
"""

from __future__ import annotations

import re
from decimal import Decimal

from assistant.guardrails.report import Mention
from assistant.numbers import NumberMention, dimension, find_mentions, fmt, scale_of
from assistant.sentences import STATEMENT_END as _SENTENCE_END

_HUNDRED = Decimal(100)
_RATES = ("%", "‰", "个百分点", "倍")
_COUNTS = frozenset("个家项宗人次条场件台套户名所座批栋处")
_TOTAL_WORD = re.compile(r"[，,]?\s*(?:合计|共计|总计|合共|总共)\s*(?:为|达到|达|是)?\s*$")
_BETWEEN_PARTS = re.compile(r"^[、，,和及与]\s*[^、，,。；;！？\n\d%]{0,20}?(?:为|达|是)?\s*$")
_NOT_A_PART = re.compile(r"其中|分别|增长|下降|同比|较|比|占|约|近|超|以上|以下|累计|目标|任务|计划")
_AFTER_BASE = re.compile(r"^\s*[）)]?\s*的\s*(?:比重|比例)?\s*(?:为|达到|达|是)?\s*$|^\s*[）)]?\s*(?:比重|比例)\s*(?:为|达到|达|是)?\s*$")
_RATIO_WORD = re.compile(r"(完成|占)")
_CLAUSE_END = re.compile(r"[，,；;。：:\n]")
_OF_TARGET = re.compile(r"^\s*(?:完成|占)(?:全年|年度|全年度|本年|本年度|年)?(?:目标|任务|计划)(?:任务|数)?的\s*$")
_TARGET_WORD = re.compile(r"目标|任务|计划")
_TOTAL_LABEL = re.compile(r"^(?:合\s*计|总\s*计)$")
_NUMBER_CELL = re.compile(r"^-?\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?$|^-?\d+(?:\.\d+)?$")
_SKIP_COLUMN = re.compile(r"%|％|率|增|降|比重|占比|同比|环比|排名|排序|位次|名次|平均|均")
_SKIP_TABLE = re.compile(r"^\s*(?:其中|含)|小计|[（(]\s*其中")


def arithmetic_issues(text: str) -> list[Mention]:
    """Totals, shares and completion rates that do not follow from the numbers the draft states beside them."""
    mentions = find_mentions(text)
    found = _sentence_totals(text, mentions) + _ratios(text, mentions) + _table_totals(text)
    return sorted(found, key=lambda m: (m.start, m.end))


def _flag(m: NumberMention, reason: str, operation: str, basis: tuple[str, ...]) -> Mention:
    return Mention(m.start, m.end, m.text, m.value, m.unit, "unsupported", None, reason, basis, operation)


def _bounds(m: NumberMention) -> tuple[Decimal, Decimal]:
    """The interval a rounded number stands for, in the base unit; a whole count (12个, 5家) is exact."""
    value = m.value or Decimal(0)
    counted = m.unit in _COUNTS and value == value.to_integral_value()
    half = Decimal(0) if counted else (m.quantum or Decimal(1)) / 2
    scale = scale_of(m.unit)
    return (value - half) * scale, (value + half) * scale


def _exact(m: NumberMention) -> Decimal:
    return (m.value or Decimal(0)) * scale_of(m.unit)


def _plain_figure(m: NumberMention) -> bool:
    return m.kind == "figure" and m.value is not None and bool(m.unit) and m.unit not in _RATES and m.approx is None


def _same_sentence(text: str, start: int, end: int) -> bool:
    return _SENTENCE_END.search(text, start, end) is None


def _line_of(text: str, at: int) -> int:
    return text.count("\n", 0, at) + 1


# ---------------------------------------------------------------- totals in a sentence


def _sentence_totals(text: str, mentions: list[NumberMention]) -> list[Mention]:
    out = []
    for i, total in enumerate(mentions):
        if i < 2 or not _plain_figure(total) or not _TOTAL_WORD.search(text[mentions[i - 1].end : total.start]):
            continue
        parts: list[NumberMention] = []
        j = i - 1
        while j >= 0 and _plain_figure(mentions[j]) and dimension(mentions[j].unit) == dimension(total.unit):
            parts.insert(0, mentions[j])
            if j == 0:
                break
            gap = text[mentions[j - 1].end : mentions[j].start]
            if not _BETWEEN_PARTS.match(gap) or _NOT_A_PART.search(gap):
                break
            j -= 1
        if len(parts) < 2 or not _same_sentence(text, parts[0].start, total.end):
            continue
        if _NOT_A_PART.search(text[parts[0].start : total.start]) or any(p.right.startswith(("以上", "以下", "左右")) for p in parts):
            continue
        low = sum((_bounds(p)[0] for p in parts), Decimal(0))
        high = sum((_bounds(p)[1] for p in parts), Decimal(0))
        t_low, t_high = _bounds(total)
        if t_high < low or t_low > high:
            listed = "、".join(p.text for p in parts)
            exact = fmt(sum((_exact(p) for p in parts), Decimal(0)) / scale_of(total.unit))  # parts are _plain_figure: value set
            reason = f"合计与前面列出的各项对不上：{listed}加起来是{exact}{total.unit}，这里写的是{total.text}；请核对合计或各项。"
            out.append(_flag(total, reason, "合计", tuple(p.text for p in parts)))
    return out


# ---------------------------------------------------------------- shares and completion rates


def ratio_checks(text: str, mentions: list[NumberMention] | None = None) -> list[tuple[NumberMention, NumberMention, NumberMention, bool]]:
    """(value, base, rate, is_completion) of every share or completion rate whose two numbers are unambiguous."""
    mentions = find_mentions(text) if mentions is None else mentions
    out = []
    for i, rate in enumerate(mentions):
        if i < 2 or rate.kind != "figure" or rate.unit != "%" or rate.value is None or rate.approx is not None:
            continue
        pair = _inline_base(text, mentions, i) or _target_in_sentence(text, mentions, i)
        if pair is not None:
            out.append((pair[0], pair[1], rate, pair[2]))
    return out


def _ratios(text: str, mentions: list[NumberMention]) -> list[Mention]:
    flags = (_ratio_flag(value, base, rate, completion) for value, base, rate, completion in ratio_checks(text, mentions))
    return [f for f in flags if f is not None]


def _inline_base(text: str, mentions: list[NumberMention], i: int) -> tuple[NumberMention, NumberMention, bool] | None:
    """"完成全年目标420亿元的74.4%": the base right before the rate, the value the nearest figure before 完成/占."""
    rate = mentions[i]
    base = mentions[i - 1]
    if not _plain_figure(base) or not _AFTER_BASE.match(text[base.end : rate.start]):
        return None
    clause_start = _clause_start(text, base.start)
    lead = text[clause_start : base.start]
    word = _RATIO_WORD.search(lead)
    if word is None or "分别" in lead:
        return None
    word_at = clause_start + word.start()
    before = [m for m in mentions[: i - 1] if m.end <= word_at]
    value = next((m for m in reversed(before) if m.kind == "figure" and m.unit not in _RATES), None)
    if value is None or not _plain_figure(value) or dimension(value.unit) != dimension(base.unit):
        return None
    if not _same_sentence(text, value.end, rate.start) or "分别" in text[value.start : word_at]:
        return None
    return value, base, bool(_TARGET_WORD.search(lead))


def _target_in_sentence(text: str, mentions: list[NumberMention], i: int) -> tuple[NumberMention, NumberMention, bool] | None:
    """"全年目标60亿元，上半年完成45亿元，完成年度目标的75%": the clause before the rate says only 完成…目标的, and
    the sentence states exactly one target and one other figure in its unit."""
    rate = mentions[i]
    clause_start = _clause_start(text, rate.start)
    if not _OF_TARGET.match(text[clause_start : rate.start]):
        return None
    sentence_start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, clause_start)), default=0)
    if "分别" in text[sentence_start:rate.start]:
        return None
    stated = [m for m in mentions[:i] if m.start >= sentence_start and _plain_figure(m)]
    targets = [m for m in stated if _TARGET_WORD.search(text[_clause_start(text, m.start) : m.start])]
    if len(targets) != 1:
        return None
    values = [m for m in stated if m is not targets[0] and dimension(m.unit) == dimension(targets[0].unit)]
    if len(values) != 1:
        return None
    return values[0], targets[0], True


def _clause_start(text: str, at: int) -> int:
    return max((m.end() for m in _CLAUSE_END.finditer(text, 0, at)), default=0)


def _ratio_flag(value: NumberMention, base: NumberMention, rate: NumberMention, completion: bool) -> Mention | None:
    """A flag on the rate when no rounding of the two numbers gives it."""
    v_low, v_high = _bounds(value)
    # A target is set, not measured: "目标任务6亿元" is 6亿元 exactly, so it is not widened by rounding.
    b_low, b_high = (_exact(base), _exact(base)) if completion else _bounds(base)
    if b_low <= 0 or rate.value is None:
        return None
    low, high = v_low / b_high * _HUNDRED, v_high / b_low * _HUNDRED
    slack = rate.quantum or Decimal(1)
    if low - slack <= rate.value <= high + slack:
        return None
    exact = (value.value or Decimal(0)) * scale_of(value.unit) / ((base.value or Decimal(1)) * scale_of(base.unit)) * _HUNDRED
    shown = exact.quantize(slack) if slack < 1 else exact.quantize(Decimal("0.1"))
    name = "完成率" if completion else "占比"
    reason = (
        f"{name}与同一句里的两个数对不上：按“{value.text}”÷“{base.text}”计算应约为{fmt(shown)}%，这里写的是{rate.text}；"
        "请核对这三个数。"
    )
    return _flag(rate, reason, name, (value.text, base.text))


# ---------------------------------------------------------------- 合计 rows of a table


def _table_totals(text: str) -> list[Mention]:
    lines = text.split("\n")
    starts, at = [], 0
    for line in lines:
        starts.append(at)
        at += len(line) + 1
    return _delimited_totals(text, lines, starts) + _cell_totals(text, lines, starts)


def _cells(line: str) -> list[tuple[str, int]] | None:
    """(cell text, offset in the line) of a Markdown or tab-separated table row, or None for other lines."""
    if "|" not in line and "\t" not in line:
        return None
    sep = "|" if "|" in line else "\t"
    out, pos = [], 0
    for raw in line.split(sep):
        stripped = raw.strip()
        out.append((stripped, pos + (len(raw) - len(raw.lstrip()))))
        pos += len(raw) + 1
    if sep == "|":
        out = [c for k, c in enumerate(out) if c[0] or 0 < k < len(out) - 1]
    return out


def _delimited_totals(text: str, lines: list[str], starts: list[int]) -> list[Mention]:
    out = []
    for i, line in enumerate(lines):
        cells = _cells(line)
        if not cells or not _TOTAL_LABEL.match(cells[0][0]):
            continue
        width = len(cells)
        rows: list[list[tuple[str, int]]] = []
        header: list[tuple[str, int]] | None = None
        j = i - 1
        while j >= 0:
            above = _cells(lines[j])
            if above is None or len(above) != width:
                break
            if re.fullmatch(r"[\s|:：\-—]*", lines[j]):
                j -= 1
                continue
            if any(_NUMBER_CELL.match(c[0]) for c in above[1:]):
                rows.insert(0, [(c, starts[j] + o) for c, o in above])
                j -= 1
                continue
            header = above
            break
        total = [(c, starts[i] + o) for c, o in cells]
        out.extend(_column_checks(text, [c[0] for c in header] if header else None, rows, total))
    return out


def _cell_totals(text: str, lines: list[str], starts: list[int]) -> list[Mention]:
    """A Word table read one cell per line: label, then as many number cells as the 合计 line has after it."""
    out = []
    for i, line in enumerate(lines):
        if not _TOTAL_LABEL.match(line.strip()):
            continue
        width = 0
        while i + 1 + width < len(lines) and _NUMBER_CELL.match(lines[i + 1 + width].strip()):
            width += 1
        if width == 0:
            continue
        rows: list[list[tuple[str, int]]] = []
        header: list[str] | None = None
        j = i - 1 - width  # label line of the row above
        while j >= 0:
            block = lines[j : j + width + 1]
            numbers = [c.strip() for c in block[1:]]
            if all(_NUMBER_CELL.match(c) for c in numbers) and not _NUMBER_CELL.match(block[0].strip()):
                rows.insert(0, [(c.strip(), starts[j + k] + len(c) - len(c.lstrip())) for k, c in enumerate(block)])
                j -= width + 1
                continue
            if not any(_NUMBER_CELL.match(c) for c in numbers):
                header = [c.strip() for c in block]
            break
        total = [(c.strip(), starts[i + k] + len(c) - len(c.lstrip())) for k, c in enumerate(lines[i : i + width + 1])]
        out.extend(_column_checks(text, header, rows, total))
    return out


def _column_checks(text: str, header: list[str] | None, rows: list[list[tuple[str, int]]], total: list[tuple[str, int]]) -> list[Mention]:
    """Each number column of the total row held against the sum of the rows above it."""
    if len(rows) < 2 or any(_SKIP_TABLE.search(row[0][0]) for row in rows):
        return []
    out = []
    for col in range(1, len(total)):
        cell, offset = total[col]
        if not _NUMBER_CELL.match(cell) or (header and col < len(header) and _SKIP_COLUMN.search(header[col])):
            continue
        column = [row[col][0] for row in rows if col < len(row)]
        if len(column) != len(rows) or not all(_NUMBER_CELL.match(c) for c in column):
            continue
        values = [_cell_value(c) for c in column]
        stated = _cell_value(cell)
        slack = sum((q for _, q in values), Decimal(0)) / 2 + stated[1] / 2
        exact = sum((v for v, _ in values), Decimal(0))
        if abs(exact - stated[0]) <= slack:
            continue
        name = header[col] if header and col < len(header) and header[col] else f"第{col + 1}列"
        first_line = _line_of(text, rows[0][0][1])
        reason = (
            f"合计行与上面各行对不上：“{name}”一列第{first_line}—{_line_of(text, rows[-1][0][1])}段的{len(rows)}行加起来是{fmt(exact)}，"
            f"合计行写的是{cell}；请核对合计或各行。"
        )
        out.append(Mention(offset, offset + len(cell), cell, stated[0], None, "unsupported", None, reason, tuple(column), "合计"))
    return out


def _cell_value(cell: str) -> tuple[Decimal, Decimal]:
    """(value, quantum) of a number cell as written."""
    clean = cell.replace(",", "").replace("，", "")
    places = len(clean.split(".", 1)[1]) if "." in clean else 0
    return Decimal(clean), Decimal(1).scaleb(-places)
