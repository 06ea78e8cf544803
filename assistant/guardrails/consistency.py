"""A draft against itself: the same indicator stated twice, for the same period, with two different values.

No table is needed: "规上工业总产值128.5亿元" in the opening and "规上工业总产值138.5亿元" in the figures section
cannot both be right, whichever the statistics say. Only plain statements are compared (a value or a growth
rate named by the words just before it, in the same unit dimension and period); shares, targets, thresholds,
lists (分别) and anything stated as approximate are left out, so a flag here is a real contradiction.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal

from assistant.figures import FigureSet
from assistant.guardrails.arithmetic import arithmetic_issues
from assistant.guardrails.derivation import PLAN_WORDS
from assistant.guardrails.facts import expand_abbreviations
from assistant.guardrails.report import Mention
from assistant.guardrails.tables import on_tables
from assistant.numbers import NumberMention, dimension, find_mentions, fmt, indicator_of, parse_period, period_text, scale_of
from assistant.sentences import SENTENCE_END as _SENTENCE_END

# What the writer is told when a draft was checked against itself for want of a table (the page and the command line).
AGAINST_ITSELF = (
    "没有数据表，只核对了稿件自身：同一指标前后写的数是否一致，合计、占比、完成率与旁边的数是否对得上，"
    "数字和标题序号的写法，以及遗留占位符、空标题、重复句和其他年份。"
)

# Words that make a number something other than the indicator's own value for the period.
_NOT_PLAIN = re.compile(
    r"目标|任务|计划|力争|确保|预计|预期|占|比重|分别|其中|上年|去年|同期|"
    r"(?<!规模|限额)以上|以下|超过|不足|近|(?<![签制节条合])约|较|比|排名|第"
)
_CLAUSE_START = re.compile(r"[，,；;。：:\n]")
_NAME_REACH = 40  # characters of a clause read for the indicator's name
_SENTENCE_REACH = 200  # characters looked back for a target-setting word in the sentence
_MIN_NAME = 4  # characters: a shorter name (产值, 投资) is too loose to say two statements are of one indicator


@dataclass(frozen=True)
class _Statement:
    mention: NumberMention
    name: str
    key: tuple[str, str, str]  # name, unit dimension, period ("" where the sentence names none)
    base: Decimal  # the value in the base unit (signed for rates)


def inconsistencies(text: str) -> list[Mention]:
    """A draft against itself: an indicator stated twice with two values, and totals, shares and completion rates
    that do not follow from the numbers beside them; one flag per place. A table's rows are statements too (read as
    sentences for the comparison, guardrails.tables); its total row is checked as a table."""
    kept: list[Mention] = []
    for issue in sorted(on_tables(contradictions, text) + arithmetic_issues(text), key=lambda m: (m.start, m.end)):
        if not any(issue.start < k.end and k.start < issue.end for k in kept):
            kept.append(issue)
    return kept


def contradictions(text: str) -> list[Mention]:
    """A flag on each later statement of an indicator whose value differs from its first statement in the text."""
    stated: dict[tuple[str, str], list[_Statement]] = {}
    out: list[Mention] = []
    for statement in _statements(text):
        m = statement.mention
        same = stated.setdefault(statement.key[:2], [])
        # the same period only: "2012年…185亿元" and "1-6月…111.1亿元" are two statements of two periods, and a
        # statement naming no period may be of an earlier sentence's (measured: relaxing this flagged 12 of 48 real reports)
        earlier = next((e for e in same if e.key[2] == statement.key[2]), None)
        same.append(statement)
        if earlier is None or earlier.base == statement.base:
            continue
        line = text.count("\n", 0, earlier.mention.start) + 1
        reason = (
            f"与文中前面的“{earlier.name}{earlier.mention.text}”（第{line}段）不一致：同一指标、同一期间写了两个数，"
            "请核对哪一个是准确的。"
        )
        out.append(Mention(m.start, m.end, m.text, m.value, m.unit, "unsupported", earlier.name, reason))
    return out


def _statements(text: str) -> Iterator[_Statement]:
    """The plain statements of a text: an amount or count named by the words of its own clause."""
    previous_end = 0
    for m in find_mentions(text):
        whole_clause = bool(_CLAUSE_START.search(text, previous_end, m.start)) or previous_end == 0
        if m.kind != "not_a_figure":
            previous_end = m.end
        sentence = text[
            max(
                (e.end() for e in _SENTENCE_END.finditer(text, max(0, m.start - _SENTENCE_REACH), m.start)),
                default=max(0, m.start - _SENTENCE_REACH),
            ) : m.start
        ]
        if not whole_clause or PLAN_WORDS.search(sentence):
            continue  # a name cut short by the number before it ("中部地区55家…"), or a sentence setting targets
        clause = max((c.end() for c in _CLAUSE_START.finditer(text, max(0, m.start - _NAME_REACH), m.start)), default=max(0, m.start - _NAME_REACH))
        statement = _statement(replace(m, left=text[clause:m.start]))  # the clause's own words, not a heading above
        if statement is not None:
            yield statement


# What the writer is told, before drafting or checking, when the inputs disagree (the page and the command line).
DISAGREE = "数据表与报送材料（或材料之间）对同一指标、同一期间写了不同的数，请先核实，再起草或核对："


@dataclass(frozen=True)
class Disagreement:
    """One indicator and period for which two sources give two values: what the writer must settle first."""

    name: str
    first: tuple[str, str]  # (source, the value as it writes it)
    second: tuple[str, str]

    def __str__(self) -> str:
        return f"“{self.name}”：{self.first[0]}写{self.first[1]}，{self.second[0]}写{self.second[1]}"


def disagreements(figures: FigureSet, materials: list[tuple[str, str]]) -> list[Disagreement]:
    """Where the department submissions (source name, text) and the table give one indicator two values.

    Compared as the self-check compares a draft: plain amounts and counts named in full, the same period (a
    statement naming none is of the table's period where the table has one), so a finding is a real conflict."""
    periods = {f.period for f in figures.figures}
    only = parse_period(next(iter(periods))) if len(periods) == 1 else None
    default = period_text(only) if only is not None else ""
    seen: dict[tuple[str, str, str], tuple[str, str, Decimal]] = {}
    for f in figures.figures:
        if f.value is not None and f.unit and dimension(f.unit) not in ("%", "‰", "个百分点", "位", "倍"):
            parsed = parse_period(f.period)
            period = period_text(parsed) if parsed is not None else ""
            seen[(expand_abbreviations(f.name), dimension(f.unit), period)] = ("数据表", f"{fmt(f.value)}{f.unit}", f.value * scale_of(f.unit))
    out: list[Disagreement] = []
    for source, text in materials:
        for statement in _statements(text):
            name, dim, period = statement.key
            key = (expand_abbreviations(name), dim, period or default)
            written = (source, statement.mention.text)
            earlier = seen.setdefault(key, (*written, statement.base))
            if earlier[0] != source and earlier[2] != statement.base and not any(d.name == name and d.second[0] == source for d in out):
                out.append(Disagreement(name, earlier[:2], written))
    return out


def _statement(m: NumberMention) -> _Statement | None:
    if m.kind != "figure" or m.value is None or not m.unit or m.approx is not None:
        return None
    if _NOT_PLAIN.search(m.left[-10:]) or m.right.startswith(("以上", "以下", "左右")):
        return None
    name = indicator_of(m)
    if len(name) < _MIN_NAME or name.startswith("的") or dimension(m.unit) in ("%", "‰", "个百分点", "位", "倍"):
        return None  # rates have too many honest variants (可比, 同口径, 两年平均) to compare by name alone
    period = period_text(m.period) if m.period else ""
    measure = "累计" if "累计" in m.left[-12:] else ""  # 累计 96家 is not this year's 80家
    return _Statement(m, name, (measure + name, dimension(m.unit), period), m.value * scale_of(m.unit))

