"""Figures as named slots (【规上工业总产值】, 【规上工业总产值·同比】) and their rendering to exact wording."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from assistant.figures import Aspect, Figure, FigureSet
from assistant.numbers import direction_of, fmt
from assistant.periods import parse_period, period_label, same_period

SEP = "·"
SLOT_RE = re.compile(r"【([^【】\n]{1,48})】")

# Aspect names a slot may carry, and the spellings a model tends to use for them.
ASPECTS = {
    "同比": ("同比", "同比增速", "同比增长", "增速", "增长率", "增幅", "同比增幅"),
    "完成率": ("完成率", "完成进度", "目标完成率", "完成比例"),
    "目标": ("目标", "全年目标", "目标值", "计划目标"),
    "上年同期": ("上年同期", "上年", "去年同期", "上年同期值"),
    "变化": ("变化", "百分点", "增减", "变动"),
}
_ALIAS = {alias: aspect for aspect, aliases in ASPECTS.items() for alias in aliases}
_SEPARATORS = re.compile(r"[\s·•・．.\-_:：/|｜]+")

# Derived rates (completion, growth from prior) are written with one decimal, rounded half up. The
# guardrail accepts a derived number at any precision the exact quotient rounds to, so this is honest.
DERIVED_PLACES = Decimal("0.1")

# Words a model writes around a slot that the rendered phrase already contains; they are dropped so
# "同比增长【X·同比】" does not become "同比增长同比增长4.5%".
_DIRECTION_PREFIX = re.compile(
    r"(较上年同期|比上年同期|与上年同期相比|同比)?(增速|增幅|增长率)?(为|达到|达)?(同比)?"
    r"(增长|下降|增加|减少|提高|下滑|回落|上升|降低|提升)?(了)?$"
)
_COMPLETION_PREFIX = re.compile(r"(完成率|完成进度)(为|达到|达)?$|(完成|占)(了)?(全年)?(目标任务|目标|任务|计划)?(的)?$")

_RATE_NAME = re.compile(r"(增速|增长率|增幅|增长)$")
_VERBS = "累计完成|累计实现|完成|实现|达到|新增|引进|盘活"


def direction(value: Decimal, unit: str, lead: str = "") -> str:
    """增长x% / 下降x% / 持平 with the sign turned into the verb."""
    if value == 0:
        return f"{lead}持平" if lead else "持平"
    verb = "增长" if value > 0 else "下降"
    if unit == "个百分点":
        verb = "提高" if value > 0 else "下降"
    return f"{lead}{verb}{fmt(abs(value))}{unit}"


def _rate(numerator: Decimal, denominator: Decimal) -> Decimal:
    return (numerator / denominator * 100).quantize(DERIVED_PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Slot:
    """One renderable slot: its key, the rendered words, and how it reads in a sentence."""

    key: str
    figure: Figure
    aspect: str | None
    text: str
    hint: str  # what the slot means, for the prompt (no digits)
    directional: bool = False  # the rendered text carries its own 增长/下降 verb
    unit: str = ""  # a unit a model may repeat right after the slot


@dataclass
class Rendered:
    """Text with every known slot replaced, and the slots nobody could fill."""

    text: str
    unknown: list[str]


def slots_for(figure: Figure, key: str | None = None) -> list[Slot]:
    """All slots one figure offers, keyed by `key` (its name, or name（period） where the table gives several periods)."""
    name, unit, value = figure.name, figure.unit or "", figure.value
    key = key or name
    when = f"（{figure.period}）" if figure.period else ""
    out: list[Slot] = []
    if value is not None and figure.is_rate:
        lead = "同比" if "同比" in name else ""
        out.append(Slot(key, figure, None, direction(value, "%", lead), f"{name}{when}，{_word(value)}", True, "%"))
    elif value is not None:
        out.append(Slot(key, figure, None, f"{fmt(value)}{unit}", f"{name}{when}", False, unit))
    yoy, prior, target = figure.yoy, figure.prior, figure.target
    if yoy is not None:
        out.append(Slot(f"{key}{SEP}同比", figure, "同比", direction(yoy, "%", "同比"), f"{name}同比增速，{_word(yoy)}", True, "%"))
    elif value is not None and prior is not None and prior != 0 and unit != "%":
        growth = _rate(value - prior, prior)
        out.append(Slot(f"{key}{SEP}同比", figure, "同比", direction(growth, "%", "同比"), f"{name}同比增速，{_word(growth)}", True, "%"))
    if prior is not None:
        out.append(Slot(f"{key}{SEP}上年同期", figure, "上年同期", f"{fmt(prior)}{unit}", f"{name}上年同期值", False, unit))
        if unit == "%" and value is not None:
            change = value - prior
            out.append(
                Slot(
                    f"{key}{SEP}变化", figure, "变化", direction(change, "个百分点", "较上年同期"),
                    f"{name}比上年同期{_word(change, '提高')}", True, "个百分点",
                )
            )
    if target is not None:
        out.append(Slot(f"{key}{SEP}目标", figure, "目标", f"{fmt(target)}{unit}", f"{name}全年目标", False, unit))
    given = figure.aspect("completion")
    if given is not None:
        out.append(Slot(f"{key}{SEP}完成率", figure, "完成率", f"完成全年目标的{fmt(given.value)}%", f"{name}目标完成进度", True, "%"))
    elif target is not None and target != 0 and unit != "%" and value is not None:
        out.append(Slot(f"{key}{SEP}完成率", figure, "完成率", f"完成目标任务的{fmt(_rate(value, target))}%", f"{name}目标完成进度", True, "%"))
    for aspect in figure.aspects:
        words = _aspect_words(aspect, unit, name)
        if words is not None and aspect.kind != "completion":
            label = ASPECT_NAMES.get(aspect.kind, aspect.label or aspect.kind)
            slot_key = f"{key}{SEP}{label}" if not any(o.key == f"{key}{SEP}{label}" for o in out) else f"{key}{SEP}{aspect.label or label}"
            out.append(Slot(slot_key, figure, label, words, f"{name}{aspect.label or label}", True, aspect.unit))
    return out


# Slot names of the further aspects a table may give, and how each reads in a report.
ASPECT_NAMES = {"share": "占比", "rank": "排名", "two_year": "两年平均", "change": "增减", "target_yoy": "目标增速", "mom": "环比"}
_RANK_WORDS = re.compile(r"排名|位次|排位|名次|本期|当期|累计|（位）|\(位\)")  # what a rank label says beyond where


def _aspect_words(aspect: Aspect, unit: str, name: str = "") -> str | None:
    """How a report states an aspect the table gives: 两年平均增长14.8%, 占全部投资比重2.4%, 居全市第3位."""
    v = aspect.value
    label = aspect.label or ""
    if aspect.kind == "two_year":
        return direction(v, "%", "两年平均")
    if aspect.kind == "mom":
        return direction(v, "%", "环比")
    if aspect.kind == "target_yoy":
        return f"目标增长{fmt(v)}%"
    if aspect.kind == "share":
        if "占" in name:  # "…产值占规上总产值" + 比重68%
            return f"{'比重' if label in ('', '占比', '比重') else label}{fmt(v)}%"
        if not label.startswith("占") or label == "占比":
            return f"占比{fmt(v)}%"
        head = label[:-2] if label.endswith(("占比", "比重")) else label  # 占全部投资比重 / 占规上总产值占比 -> 占…比重
        return f"{head}比重{fmt(v)}%"
    if aspect.kind == "rank":
        where = _RANK_WORDS.sub("", label).replace("增速", "") or ""
        return f"{'增速' if '增速' in label else ''}居{where}第{fmt(v)}位"
    if aspect.kind == "change":
        stated = re.sub(r"[（(]?百分点[)）]?|±|%|增减$", "", label)
        if v > 0 and stated and direction_of(stated):
            return f"{stated}{fmt(v)}{aspect.unit}"  # the label says which way: 低于全市8.7个百分点, 降幅较上月扩大3.4个百分点
        bases = re.findall(r"(?:较|比)[^±%增减提高下降变动百分点（()较比]*", label)
        lead = bases[-1] if bases else "比上年"  # a two-row header "较前期增速变动 / 较一季度": the lower row says which
        if aspect.unit == "个百分点":
            return direction(v, "个百分点", lead)
        verb = "增加" if v > 0 else "减少"
        return f"{lead}{verb}{fmt(abs(v))}{aspect.unit}" if v != 0 else f"{lead.replace('比', '与', 1)}持平"
    return None


def _word(value: Decimal, up: str = "增长") -> str:
    return "持平" if value == 0 else (up if value > 0 else "下降")


class SlotBook:
    """The slots of one figure set: listing for the prompt, lookup and rendering of model output."""

    def __init__(self, figures: FigureSet | list[Figure]) -> None:
        self.slots: dict[str, Slot] = {}
        items = list(figures.figures if isinstance(figures, FigureSet) else figures)
        names = [f.name for f in items]
        for figure in items:
            # An indicator the table gives for several periods gets one set of slots per period.
            key = figure.name if names.count(figure.name) == 1 or not figure.period else f"{figure.name}（{figure.period}）"
            for slot in slots_for(figure, key):
                self.slots.setdefault(slot.key, slot)
        self._normal = {_normalize(key): slot for key, slot in self.slots.items()}

    def listing(self, aspects: tuple[str | None, ...] | None = None) -> str:
        """One line per figure with the slots of the wanted aspects (names and directions, never digits)."""
        lines: dict[str, list[str]] = {}
        heads: dict[str, str] = {}
        for slot in self.slots.values():
            head = _head(slot.key)
            period = slot.figure.period
            heads.setdefault(head, f"{slot.figure.name}（{period}）" if period else slot.figure.name)
            if aspects is not None and slot.aspect not in aspects:
                continue
            word = f"（{slot.hint.rsplit('，', 1)[-1]}）" if "，" in slot.hint else ""
            lines.setdefault(head, []).append(f"【{slot.key}】{word}")
        return "\n".join(f"{heads[head]}：{' '.join(found)}" for head, found in lines.items())

    def skeleton(self, kind: str, verbs: dict[str, str] | None = None, period: str | None = None, unit: str | None = None) -> str:
        """Slot sentences a small model can copy and polish: the figures of 主要经济指标, the targets of a plan.

        A 1.5B model imitates the nearest concrete text. Given masked past passages it copies their X's;
        given these sentences it copies slots, which render to exact wording.
        """
        if kind == "主要经济指标":
            return indicator_paragraph(self._by_figure(), verbs or {}, period, unit)
        if kind == "工作计划":
            targets = [f"{_display(slots)}目标【{slots['目标'].key}】" for slots in self._by_figure().values() if "目标" in slots]
            return f"确保完成全年目标任务：{'、'.join(targets)}。" if targets else ""
        return ""

    def verbs_from(self, passages: list[str]) -> dict[str, str]:
        """The verb past passages put before each indicator (实现规上工业总产值, 完成固定资产投资): the house wording."""
        found: dict[str, str] = {}
        for name in dict.fromkeys(slot.figure.name for slot in self.slots.values()):
            lead = re.escape(_RATE_NAME.sub("", name))
            for text in passages:
                match = re.search(rf"({_VERBS}){lead}", text)
                if match:
                    found[name] = match.group(1)
                    break
        return found

    def _by_figure(self) -> dict[str, dict[str | None, Slot]]:
        """Slots by figure (its key head), then by aspect, in table order."""
        out: dict[str, dict[str | None, Slot]] = {}
        for slot in self.slots.values():
            out.setdefault(_head(slot.key), {}).setdefault(slot.aspect, slot)
        return out

    def lookup(self, inner: str) -> Slot | None:
        """The slot a bracketed name means, tolerating spaces, odd separators and aspect synonyms."""
        if inner in self.slots:
            return self.slots[inner]
        key = _normalize(inner)
        if key in self._normal:
            return self._normal[key]
        # "规上工业总产值同比" without a separator: split a known aspect spelling off the end.
        flat = _SEPARATORS.sub("", inner)
        for alias in sorted(_ALIAS, key=len, reverse=True):
            if flat.endswith(alias) and len(flat) > len(alias):
                slot = self._normal.get(_normalize(f"{flat[: -len(alias)]}{SEP}{_ALIAS[alias]}"))
                if slot:
                    return slot
        return None

    def render(self, text: str) -> Rendered:
        """Replace known slots by their exact wording; unknown slots stay as written and are listed."""
        out: list[str] = []
        unknown: list[str] = []
        pos = 0
        for match in SLOT_RE.finditer(text):
            slot = self.lookup(match.group(1))
            before = text[pos : match.start()]
            if slot is None:
                unknown.append(match.group(1))
                out.append(before + match.group(0))
                pos = match.end()
                continue
            if slot.aspect == "完成率":
                before = _COMPLETION_PREFIX.sub("", before)
            elif slot.directional:
                before = _DIRECTION_PREFIX.sub("", before)
            out.append(before + slot.text)
            pos = match.end()
            pos = _skip_unit(text, pos, slot.unit)
        out.append(text[pos:])
        return Rendered("".join(out), unknown)


def _head(key: str) -> str:
    """The figure part of a slot key: 规上工业总产值·同比 -> 规上工业总产值."""
    return key.split(SEP, 1)[0]


# How reports group the figures of 主要经济指标: output, investment, revenue, trade, consumption, firms and projects.
_GROUPS = (
    re.compile(r"产值|增加值|生产总值|GDP|营业收入|主营业务|营收|产量|用电"),
    re.compile(r"投资"),
    re.compile(r"税|财政|预算收入|公共.*收入|入库"),
    re.compile(r"进出口|出口|进口|外贸|外资|外商|美元"),
    re.compile(r"消费|零售|销售|批零|餐饮|住宿|营业额"),
    re.compile(r"企业|项目|签约|开工|竣工|用地|亩|厂房|招商|到位资金"),
)
_DEFAULT_VERBS = ("实现", "完成", "完成", "实现", "实现", "", "")  # per group, where past passages taught none
_STARTS_WITH_VERB = re.compile(r"^(?:新|盘活|引进|完成|实现|累计|帮助|兑现|组织|开展|走访|收集|办结|排查|培育|认定|获批|签约|开工|竣工|招引)")
_ORDER = (None, "同比", "两年平均", "增减", "完成率", "占比", "排名")
_ESTIMATE_WORDS = re.compile(r"[（(]?(?:预计|预测|预期)(?:数|值)?[)）]?")
_QUALIFIERS = re.compile(r"[（(](?:预计|预测|预期)[)）]")


def _group(name: str) -> int:
    return next((i for i, pattern in enumerate(_GROUPS) if pattern.search(name)), len(_GROUPS))


def _display(slots: dict[str | None, Slot]) -> str:
    """The indicator as the sentence names it: a rate's base name, (预计) said with words instead."""
    figure = next(iter(slots.values())).figure
    name = _QUALIFIERS.sub("", figure.name)
    return _RATE_NAME.sub("", name) if figure.is_rate and figure.value is not None else name


def _clause(slots: dict[str | None, Slot], verbs: dict[str, str]) -> str:
    """One indicator, its aspects in the order reports give them: 实现规上工业总产值【…】，【…·同比】，【…·完成率】."""
    figure = next(iter(slots.values())).figure
    parts = [f"【{slots[a].key}】" for a in _ORDER if a in slots]
    if not parts:
        return ""
    name = _display(slots)
    verb = verbs.get(figure.name)
    if verb is None:
        verb = "" if _STARTS_WITH_VERB.match(name) or figure.value is None or figure.is_rate else _DEFAULT_VERBS[_group(figure.name)]
    lead = f"{verb}{name}"
    if None in slots:
        return lead + parts[0] + "".join(f"，{p}" for p in parts[1:])
    return lead + "，".join(parts)  # no value of its own: 规上工业增加值同比增长6.1%


def indicator_paragraph(by_figure: dict[str, dict[str | None, Slot]], verbs: dict[str, str], period: str | None, unit: str | None = None) -> str:
    """The 主要经济指标 paragraph as slot sentences: the requested period's indicators grouped as reports group
    them, then each other period (预计上半年 …) in a sentence of its own that names it."""
    wanted = parse_period(period)
    main: list[tuple[int, int, str]] = []
    others: dict[str, list[tuple[int, int, str]]] = {}
    for order, slots in enumerate(by_figure.values()):
        clause = _clause(slots, verbs)
        if not clause:
            continue
        figure = next(iter(slots.values())).figure
        own = parse_period(figure.period)
        item = (_group(figure.name), order, clause)
        if figure.estimate or (own is not None and wanted is not None and not same_period(own, wanted)):
            words = _ESTIMATE_WORDS.sub("", figure.period or "")  # the table's own words: 截至9月末, 1-6月
            others.setdefault(("预计" if figure.estimate else "") + words, []).append(item)
        else:
            main.append(item)
    sentences = []
    if main:
        head = (f"{period.strip()}，" if wanted and period else "") + (unit or "")  # wanted is parsed from period: set only when it is
        sentences.append(head + "；".join(c for _, _, c in sorted(main)) + "。")
    for words, items in others.items():
        sentences.append((f"{words}，" if words else "") + "；".join(c for _, _, c in sorted(items)) + "。")
    return "".join(sentences)


def _skip_unit(text: str, pos: int, unit: str) -> int:
    """Skip a unit the model repeated after a slot ("【产值】亿元")."""
    if unit and text.startswith(unit, pos):
        return pos + len(unit)
    if unit in {"亿元", "万元", "万美元"} and text.startswith(unit[0], pos):
        return pos + 1
    return pos


_BRACKETED = re.compile(r"[（(]([^（）()]{1,12})[)）]")


def _period_key(match: re.Match) -> str:
    """A bracketed period in a slot name as one spelling: （1-6月预测） and （上半年） are the same key."""
    period = parse_period(match.group(1))
    if period is None:
        return match.group(0)
    return f"（{period_label(period)}）"


def _normalize(name: str) -> str:
    name = _BRACKETED.sub(_period_key, name)
    parts = [p for p in _SEPARATORS.split(name) if p]
    if len(parts) >= 2 and parts[-1] in _ALIAS:
        return "".join(parts[:-1]) + SEP + _ALIAS[parts[-1]]
    return "".join(parts)
