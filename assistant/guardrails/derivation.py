"""Numbers that follow from the inputs: growth, completion, shares, differences, point differences, sums."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, localcontext

from assistant.guardrails.facts import Fact, Group, Index, is_rate_figure
from assistant.numbers import Period, dimension, fmt, scale_of

_HUNDRED = Decimal(100)
# A derived value is only read into a clause that names its operation, so a stray number does not
# pass because some ratio of two inputs happens to equal it.
COMPLETION = re.compile(r"完成|目标|任务|进度|计划")
GAP = re.compile(r"差|缺口|距")
CHANGE = re.compile(r"增|减|多|少|提高|降低|扩大|缩小|收窄|加快|放缓|上升|下降|快于|慢于|高于|低于|前进|后退|提升|回落")
GROWTH = re.compile(r"增|降|涨|跌|幅|速|下滑|回落|提高|提升|减少")
SHARE = re.compile(r"占|比重|份额|构成")
# Last year's value and the target are read only where the clause says so.
PRIOR = re.compile(r"上年|去年|同期|上期")
MULTIPLE = re.compile(r"是|为|相当于|达")
NOT_YOY = re.compile(r"环比")  # a year-on-year input never supports a month-on-month statement
TARGET = re.compile(r"目标|计划|任务")
TARGET_RATE = re.compile(r"目标|计划|任务|力争|确保|预期|争取")
PLAN_WORDS = re.compile(r"目标|任务|计划|力争|确保|预期|争取|预计")  # a sentence setting targets: its numbers may be targets
TWO_YEAR = re.compile(r"两年")
MONTH_ON_MONTH = re.compile(r"环比")
# The words a clause must hold to be read as an aspect of an input whose meaning changes with them (last
# year's value, a target, a growth rate). Aspects the table names outright (占比, 完成率, 排名, 增减) are
# read wherever the clause binds to their indicator, as the table's own value is.
ASPECT_CUES: dict[str, re.Pattern] = {
    "prior": PRIOR, "target": TARGET, "yoy": GROWTH, "target_yoy": TARGET_RATE, "two_year": TWO_YEAR, "mom": MONTH_ON_MONTH,
}


@dataclass(frozen=True)
class Candidate:
    """A value the inputs support for a group, directly or by one operation."""

    value: Decimal  # signed, in `unit`
    unit: str
    rate: bool  # sign is a direction (增长/下降)
    status: str  # supported | derived
    label: str  # the fact, or the operation in words
    figure: str | None
    basis: tuple[str, ...]
    operation: str | None = None
    period: Period | None = None
    fact: Fact | None = None  # direct candidates: the fact itself (notes may be approximate)
    cue: re.Pattern | None = None  # words the clause must hold for this operation to be read into it
    partner: frozenset[str] = frozenset()  # a second figure the clause must name (shares, differences)
    order: tuple[str, str] | None = None  # shares: (part, whole); "A占B" must name the part first

    def base(self) -> Decimal:
        """Value in the base unit."""
        return self.value * scale_of(self.unit)


def _div(a: Decimal, b: Decimal) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = 28
        return a / b * _HUNDRED


def _stated(fact: Fact) -> str:
    """The input as a writer reads it: 规上工业总产值128.5亿元; a note's words already hold their number (举办招商推介活动11场次)."""
    return fact.label if fact.aspect == "note" else f"{fact.label}{fmt(fact.value)}{fact.unit}"


def direct(group: Group) -> list[Candidate]:
    """The group's own facts."""
    name = group.figure.name if group.figure else None
    return [Candidate(f.value, f.unit, f.rate, "supported", f.label, name, (_stated(f),), None, f.period, f, _cue_of(f)) for f in group.facts]


# A rank's move (排名较上年上升 1位, 比6月份前进1位) is read only where the clause says it moved, never as the rank itself.
RANK_MOVE = re.compile(r"上升|下降|前进|后退|提升|提高|下滑|跃升|进位|退位|晋升")


def _cue_of(fact: Fact) -> re.Pattern | None:
    if fact.aspect == "rank" and RANK_MOVE.search(fact.label):
        return RANK_MOVE
    return ASPECT_CUES.get(fact.aspect)


def derived(group: Group, index: Index) -> list[Candidate]:
    """Values computed from one figure and, for shares and point differences, one other figure."""
    figure = group.figure
    if figure is None or figure.value is None:
        return []
    name = figure.name
    out: list[Candidate] = []
    value, unit, period = figure.value, figure.unit, group.facts[0].period
    own = f"{name}{fmt(value)}{unit}"
    rate_figure = is_rate_figure(figure)
    if figure.target is not None and figure.target != 0 and unit not in ("%", "个百分点"):
        target = f"目标{fmt(figure.target)}{unit}"
        out.append(Candidate(_div(value, figure.target), "%", False, "derived", f"{own}÷{target}", name, (own, target), "完成率", period, cue=COMPLETION))
        out.append(Candidate(figure.target - value, unit, False, "derived", f"{target}−{own}", name, (own, target), "差值", None, cue=GAP))
    if figure.yoy is not None:
        rate = f"{name}同比{fmt(figure.yoy)}%"
        out.append(Candidate(figure.yoy / _HUNDRED, "倍", True, "derived", f"{rate}÷100", name, (rate,), "增速（倍）", period, cue=GROWTH))
    if figure.prior is not None:
        prior = f"上年同期{fmt(figure.prior)}{unit}"
        if figure.prior != 0 and unit not in ("%", "个百分点"):
            out.append(Candidate(value / figure.prior, "倍", False, "derived", f"{own}÷{prior}", name, (own, prior), "倍数", period, cue=MULTIPLE))
        if unit == "%":
            out.append(Candidate(value - figure.prior, "个百分点", True, "derived", f"{own}−{prior}", name, (own, prior), "百分点差", period))
        else:
            if figure.prior != 0:
                growth = _div(value - figure.prior, figure.prior)
                out.append(Candidate(growth, "%", True, "derived", f"({own}−{prior})÷{prior}", name, (own, prior), "增速", period, cue=GROWTH))
            out.append(Candidate(value - figure.prior, unit, True, "derived", f"{own}−{prior}", name, (own, prior), "差值", period, cue=CHANGE))
    dim = dimension(unit)
    for other in index.figures:
        if other is group:
            continue
        of = other.figure
        assert of is not None  # index.figures holds only the groups of figures (not notes)
        their = f"{of.name}{fmt(of.value)}{of.unit}" if of.value is not None else of.name
        if of.value is not None and dimension(of.unit) == dim and unit not in ("%", "个百分点") and of.value != 0 and value != 0:
            mine, theirs = value * scale_of(unit), of.value * scale_of(of.unit)
            if abs(mine) <= abs(theirs):
                out.append(
                    Candidate(
                        _div(mine, theirs), "%", False, "derived", f"{own}÷{their}", name, (own, their), "占比", period,
                        cue=SHARE, partner=other.subject, order=(name, of.name),
                    )
                )
            else:
                out.append(
                    Candidate(
                        _div(theirs, mine), "%", False, "derived", f"{their}÷{own}", name, (their, own), "占比", period,
                        cue=SHARE, partner=other.subject, order=(of.name, name),
                    )
                )
        mine_rate = value if rate_figure else figure.yoy
        their_rate = of.value if is_rate_figure(of) else of.yoy
        if of.value is None and is_rate_figure(of):
            their_rate = None
        if mine_rate is not None and their_rate is not None:
            a = f"{name}{'' if rate_figure else '同比'}{fmt(mine_rate)}%"
            b = f"{of.name}{'' if is_rate_figure(of) else '同比'}{fmt(their_rate)}%"
            # Which of the two is the subject of 高于/低于 is not reliably readable, so both orders are
            # offered: the magnitude of a point difference between two figures is checked, its sign is not.
            out.append(Candidate(mine_rate - their_rate, "个百分点", True, "derived", f"{a}−{b}", name, (a, b), "百分点差", period, partner=other.subject))
            out.append(Candidate(their_rate - mine_rate, "个百分点", True, "derived", f"{b}−{a}", name, (b, a), "百分点差", period, partner=other.subject))
    return out


def remainder(parts: list[tuple[Decimal, str, str]], unit: str) -> list[Candidate]:
    """The first of the last two listed numbers minus the second (收集158个，已办结151个，还有7个)."""
    if len(parts) < 2:
        return []
    (a, ta, _), (b, tb, _) = parts[-2], parts[-1]
    return [Candidate((a - b) / scale_of(unit), unit, False, "derived", f"{ta}−{tb}", None, (ta, tb), "差值")]


def sums(parts: list[tuple[Decimal, str, str]], unit: str) -> list[Candidate]:
    """Totals of runs of the numbers listed just before (parts: base value, text, unit), newest last."""
    out: list[Candidate] = []
    scale = scale_of(unit)
    for first in range(len(parts) - 1):
        run = parts[first:]
        total = sum((p[0] for p in run), Decimal(0))
        texts = tuple(p[1] for p in run)
        out.append(Candidate(total / scale, unit, False, "derived", "＋".join(texts), None, texts, "合计"))
    return out
