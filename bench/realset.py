"""The real test set: sentences from public reports with the figures tables a statistics office would send.

Each file in tests/data/real/ holds one report's sentences (verbatim, with the source address) and the
same figures in two table shapes: `wide` (aspects as columns) and `rows` (aspects as rows of their own).
Corruptions change one figure of a correct sentence. Which numbers are figures is decided by the table
(a number whose value the table gives), never by the checker under test, so the two cannot share a blind spot.
"""

from __future__ import annotations

import csv
import io
import itertools
import random
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import yaml
from guardrail import cn_int  # the generated suite writes Chinese numerals the same way

REAL = Path(__file__).resolve().parent.parent / "tests" / "data" / "real"
KINDS = ("digit_swap", "near_miss", "scale", "sign", "numeral", "wrong_indicator", "wrong_period", "derived")
TARGETS = {"digit_swap": 0.99, "near_miss": 0.99, "scale": 0.99, "sign": 0.99, "numeral": 0.99, "wrong_indicator": 0.95, "wrong_period": 0.95, "derived": 0.95}
SHAPES = ("wide", "rows")

_NUMBER = re.compile(
    r"(?<![\d.,第])(?<![-—–~至到])(-?\d+(?:,\d{3})*(?:\.\d+)?)"
    r"(?![\d.]*\s*(?:年|月|日|号|季度|届|版))(?!\s*(?:-|—|–|~|至|到)\s*\d)"
)
_SCALE_AFTER = re.compile(r"\s*(万亿|亿|万)")
_DIRECTION = re.compile(r"(增长|下降|增加|减少|提高|回落|下滑|降低|上升|提升)(了)?$")
_FLIP = {
    "增长": "下降", "下降": "增长", "增加": "减少", "减少": "增加", "提高": "下降", "回落": "增长", "下滑": "增长", "降低": "提高", "上升": "下降",
    "提升": "下降",
}
_DERIVED_CUE = re.compile(r"(完成|占|比重|进度)[^，。；]{0,10}$")
_PERIODS = [("1-6月", "1-5月"), ("1—6月", "1—5月"), ("1-5月", "1-4月"), ("1-9月", "1-8月"), ("1-10月", "1-9月"), ("1-11月", "1-10月"),
            ("1-12月", "1-11月"), ("1-8月", "1-7月"), ("1-7月", "1-6月"), ("1-4月", "1-3月"), ("1-3月", "1-2月"), ("1-2月", "1-3月"),
            ("上半年", "一季度"), ("前三季度", "上半年"), ("一季度", "上半年"), ("1至6月", "1至5月")]
_TABLE_PERIOD = re.compile(r"\d{1,2}\s*[-—–至]\s*\d{1,2}\s*月|[上下]半年|[一二三四]季度|前三季度|全年|(?:19|20)\d{2}年")
_MEASURE = "个家项户人次名宗台套辆组面件条批场所座处"


@dataclass
class Report:
    """One report of the set."""

    path: Path
    source: str
    title: str
    period: str
    tables: dict[str, str]
    sentences: list[str]


@dataclass
class Case:
    """A sentence to check, the report and table shape it is checked against, and what a checker should flag."""

    report: Report
    shape: str
    text: str
    kind: str  # clean or a corruption kind
    span: tuple[int, int] | None = None  # the changed number; None: any flag in the sentence counts (period)
    before: str = ""  # the report's sentences before this one, as the writer's text has them

    def outcome(self, check, inputs) -> tuple[bool, list]:
        """Whether a checker got this case right, checked as the sentence stands in its report (after the
        sentences before it: "…目标是：…；规模以上工业企业营收达到42亿元…" is a target), and the flags in the sentence."""
        shift = len(self.before)
        flagged = [m for m in check(self.before + self.text, inputs).mentions if m.status in ("unsupported", "placeholder") and m.start >= shift]
        if self.kind == "clean":
            return not flagged, flagged
        if self.span is None:
            return bool(flagged), flagged
        return any(m.start - shift < self.span[1] and self.span[0] < m.end - shift for m in flagged), flagged


def load_reports(folder: Path = REAL) -> list[Report]:
    """Every report file, in name order."""
    out = []
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        out.append(
            Report(
                path, data["source"], data["title"], str(data.get("period") or ""), {s: data[s] for s in SHAPES},
                [str(s).strip() for s in data["sentences"]],
            )
        )
    return out


def table_rows(text: str) -> list[list[str]]:
    """A table block as CSV rows."""
    return list(csv.reader(io.StringIO(text.strip("\n"))))


def table_values(text: str) -> dict[Decimal, int]:
    """Every number cell of a table, as written (a decline may be negative), with how often it occurs."""
    values: dict[Decimal, int] = {}
    for row in table_rows(text):
        for cell in row[1:]:
            raw = cell.strip().rstrip("%").replace(",", "")
            raw = re.sub(r"^(?:全[国省市区县])?第|[位名]$", "", raw)
            if re.fullmatch(r"-?\d+(?:\.\d+)?", raw):
                v = abs(Decimal(raw))
                values[v] = values.get(v, 0) + 1
    return values


def figure_numbers(text: str, values: dict[Decimal, int]) -> list[re.Match]:
    """Numbers in a sentence that the table gives (so they are figures, not years, markers or thresholds)."""
    out = []
    for m in _NUMBER.finditer(text):
        raw = m.group(1).lstrip("-").replace(",", "")
        after = text[m.end() : m.end() + 4]
        if after.startswith(("以上", "以下", "强", "后", "+", "项指标")) or text[max(0, m.start() - 1) : m.start()] == "+":
            continue  # thresholds, slogans (“2+1+N”) and counts of indicators are names, not figures
        if text.count("“", 0, m.start()) > text.count("”", 0, m.start()):
            continue  # inside quotation marks: a name
        if Decimal(raw) in values:
            out.append(m)
    return out


def _fmt(value: Decimal) -> str:
    return format(value, "f")


def corrupt(report: Report, shape: str, text: str, kind: str, rng: random.Random, values: dict[Decimal, int], others: list[Decimal]) -> Case | None:
    """One corruption of one figure in a correct sentence, or None when the sentence offers no place for it."""
    numbers = figure_numbers(text, values)
    if kind == "wrong_period":
        if not _TABLE_PERIOD.search(report.tables[shape]):
            return None  # a table that names no period cannot tell one period from another
        for old, new in _PERIODS:
            at = text.find(old)
            if at > 0 and re.search(r"(?:比|较|同比|环比|与|低于|高于|快于|慢于)$", text[max(0, at - 3) : at]):
                continue  # a comparison base (比1-10月提高…), not the statement's period
            if at >= 0 and numbers:
                return Case(report, shape, text[:at] + new + text[at + len(old) :], kind, None)
        return None
    if not numbers:
        return None
    if kind == "sign":
        rates = []
        for m in numbers:
            if text.startswith("%", m.end()) and Decimal(m.group(1).replace(",", "")) != 0:
                lead = _DIRECTION.search(text[max(0, m.start() - 6) : m.start()])
                if lead:
                    rates.append((m, lead))
        if not rates:
            return None
        m, lead = rng.choice(rates)
        start = max(0, m.start() - 6) + lead.start(1)
        word = lead.group(1)
        new = text[:start] + _FLIP[word] + text[start + len(word) :]
        shift = len(_FLIP[word]) - len(word)
        return Case(report, shape, new, kind, (m.start() + shift, m.end() + shift))
    if kind == "derived":
        cued = [m for m in numbers if text.startswith("%", m.end()) and _DERIVED_CUE.search(text[max(0, m.start() - 14) : m.start()])]
        if not cued:
            return None
        m = rng.choice(cued)
        value = Decimal(m.group(1).replace(",", ""))
        step = Decimal(1).scaleb(value.as_tuple().exponent)
        return _replace(report, shape, text, m, value + step * rng.choice([-4, -3, 3, 5]), kind)
    m = rng.choice(numbers)
    raw = m.group(1)
    value = Decimal(raw.replace(",", ""))
    if kind == "digit_swap":
        digits = [i for i, ch in enumerate(raw) if ch.isdigit()]
        pairs = [(a, b) for a, b in itertools.pairwise(digits) if b == a + 1 and raw[a] != raw[b]]
        if pairs:
            a, b = rng.choice(pairs)
            new = raw[:a] + raw[b] + raw[a] + raw[b + 1 :]
        else:
            j = rng.choice(digits)
            new = raw[:j] + str((int(raw[j]) + rng.randint(1, 8)) % 10) + raw[j + 1 :]
        if new.lstrip("-")[:1] == "0" and len(new.lstrip("-")) > 1 and new.lstrip("-")[1].isdigit():
            return None
        return Case(report, shape, text[: m.start()] + new + text[m.end() :], kind, (m.start(), m.start() + len(new)))
    if kind == "near_miss":
        j = max(i for i, ch in enumerate(raw) if ch.isdigit())
        d = int(raw[j])
        new = raw[:j] + str(d + 1 if d < 9 else d - 1) + raw[j + 1 :]
        return Case(report, shape, text[: m.start()] + new + text[m.end() :], kind, (m.start(), m.start() + len(new)))
    if kind == "scale":
        scale = _SCALE_AFTER.match(text, m.end())
        if scale and scale.group(1) in ("亿", "万"):
            swap = "万" if scale.group(1) == "亿" else "亿"
            new = text[: scale.start(1)] + swap + text[scale.end(1) :]
            return Case(report, shape, new, kind, (m.start(), scale.end(1)))
        return _replace(report, shape, text, m, value * 10, kind)
    if kind == "numeral":
        after = text[m.end() : m.end() + 1]
        if value == value.to_integral_value() and 0 < value < 1000 and after and after in _MEASURE:
            wrong = int(value) + rng.choice([1, 2, -1]) if value > 2 else int(value) + 1
            words = cn_int(wrong) if wrong < 1000 else ""
            if not words:
                return None
            return Case(report, shape, text[: m.start()] + words + text[m.end() :], kind, (m.start(), m.start() + len(words)))
        return None
    if kind == "wrong_indicator":
        choices = [v for v in others if v != value and abs(v) != value]
        if not choices:
            return None
        places = -value.as_tuple().exponent
        same = [v for v in choices if -v.as_tuple().exponent == places] or choices
        return _replace(report, shape, text, m, abs(rng.choice(same)), kind)
    return None


def _replace(report: Report, shape: str, text: str, m: re.Match, value: Decimal, kind: str) -> Case | None:
    if value < 0:
        return None
    new = _fmt(value)
    if m.group(1).startswith("-"):
        new = "-" + new
    if new == m.group(1):
        return None
    return Case(report, shape, text[: m.start()] + new + text[m.end() :], kind, (m.start(), m.start() + len(new)))


def build_cases(reports: list[Report], seed: int = 20261129) -> list[Case]:
    """Clean cases for every sentence and shape, and one attempt per corruption kind per sentence and shape."""
    rng = random.Random(seed)
    cases: list[Case] = []
    for report in reports:
        for shape in SHAPES:
            values = table_values(report.tables[shape])
            others = sorted(values)  # another indicator's value, for wrong-indicator corruptions
            before = ""
            for text in report.sentences:
                cases.append(Case(report, shape, text, "clean", before=before))
                for kind in KINDS:
                    case = corrupt(report, shape, text, kind, rng, values, others)
                    if case is not None:
                        case.before = before
                        cases.append(case)
                before += text if text.endswith(_ENDS) else text + "。"
    return cases


_ENDS = ("。", "；", ";", "！", "？", "!", "?")
