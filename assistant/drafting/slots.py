"""Figures as named slots (【规上工业总产值】, 【规上工业总产值·同比】) and their rendering to exact wording."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

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


def fmt(value: Decimal) -> str:
    """A Decimal as written, no exponent, no lost digits."""
    text = format(value, "f")
    return "0" if text.lstrip("-") in {"0", ""} else text


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
    figure: object  # assistant.figures.Figure
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


def slots_for(figure) -> list[Slot]:
    """All slots one figure offers; aspects appear only when their inputs exist."""
    name, unit, value = figure.name, figure.unit or "", Decimal(figure.value)
    when = f"（{figure.period}）" if getattr(figure, "period", None) else ""
    out: list[Slot] = []
    if unit == "%" and _RATE_NAME.search(name):
        lead = "同比" if "同比" in name else ""
        out.append(Slot(name, figure, None, direction(value, "%", lead), f"{name}{when}，{_word(value)}", True, "%"))
    else:
        out.append(Slot(name, figure, None, f"{fmt(value)}{unit}", f"{name}{when}", False, unit))
    yoy = getattr(figure, "yoy", None)
    prior = getattr(figure, "prior", None)
    target = getattr(figure, "target", None)
    if yoy is not None:
        yoy = Decimal(yoy)
        out.append(Slot(f"{name}{SEP}同比", figure, "同比", direction(yoy, "%", "同比"), f"{name}同比增速，{_word(yoy)}", True, "%"))
    elif prior is not None and Decimal(prior) != 0 and unit != "%":
        growth = _rate(value - Decimal(prior), Decimal(prior))
        out.append(Slot(f"{name}{SEP}同比", figure, "同比", direction(growth, "%", "同比"), f"{name}同比增速，{_word(growth)}", True, "%"))
    if prior is not None:
        out.append(Slot(f"{name}{SEP}上年同期", figure, "上年同期", f"{fmt(Decimal(prior))}{unit}", f"{name}上年同期值", False, unit))
        if unit == "%":
            change = value - Decimal(prior)
            out.append(Slot(f"{name}{SEP}变化", figure, "变化", direction(change, "个百分点", "较上年同期"), f"{name}比上年同期{_word(change, '提高')}", True, "个百分点"))
    if target is not None:
        out.append(Slot(f"{name}{SEP}目标", figure, "目标", f"{fmt(Decimal(target))}{unit}", f"{name}全年目标", False, unit))
        if Decimal(target) != 0 and unit != "%":
            rate = _rate(value, Decimal(target))
            out.append(Slot(f"{name}{SEP}完成率", figure, "完成率", f"完成目标任务的{fmt(rate)}%", f"{name}目标完成进度", True, "%"))
    return out


def _word(value: Decimal, up: str = "增长") -> str:
    return "持平" if value == 0 else (up if value > 0 else "下降")


class SlotBook:
    """The slots of one figure set: listing for the prompt, lookup and rendering of model output."""

    def __init__(self, figures) -> None:
        self.slots: dict[str, Slot] = {}
        for figure in getattr(figures, "figures", figures):
            for slot in slots_for(figure):
                self.slots.setdefault(slot.key, slot)
        self._normal = {_normalize(key): slot for key, slot in self.slots.items()}

    def listing(self, aspects: tuple[str | None, ...] | None = None) -> str:
        """One line per figure with the slots of the wanted aspects (names and directions, never digits)."""
        lines: dict[str, list[str]] = {}
        heads: dict[str, str] = {}
        for slot in self.slots.values():
            name = slot.figure.name
            period = getattr(slot.figure, "period", None)
            heads.setdefault(name, f"{name}（{period}）" if period else name)
            if aspects is not None and slot.aspect not in aspects:
                continue
            word = f"（{slot.hint.rsplit('，', 1)[-1]}）" if "，" in slot.hint else ""
            lines.setdefault(name, []).append(f"【{slot.key}】{word}")
        return "\n".join(f"{heads[name]}：{' '.join(found)}" for name, found in lines.items())

    def skeleton(self, kind: str, verbs: dict[str, str] | None = None) -> str:
        """Slot sentences a small model can copy and polish: the figures of 主要经济指标, the targets of a plan.

        A 1.5B model imitates the nearest concrete text. Given masked past passages it copies their X's;
        given these sentences it copies slots, which render to exact wording.
        """
        if kind == "主要经济指标":
            clauses = []
            for name, slots in self._by_figure().items():
                base = slots.get(None)
                if base is None:
                    continue
                lead = _RATE_NAME.sub("", name) if base.directional else name
                extra = "".join(f"，【{slots[a].key}】" for a in ("同比", "完成率") if a in slots)
                clauses.append(f"{(verbs or {}).get(name, '')}{lead}【{base.key}】{extra}")
            return "；".join(clauses) + "。" if clauses else ""
        if kind == "工作计划":
            targets = [f"{name}目标【{slots['目标'].key}】" for name, slots in self._by_figure().items() if "目标" in slots]
            return f"确保完成全年目标任务：{'、'.join(targets)}。" if targets else ""
        return ""

    def verbs_from(self, passages: list[str]) -> dict[str, str]:
        """The verb past passages put before each indicator (实现规上工业总产值, 完成固定资产投资): the house wording."""
        found: dict[str, str] = {}
        for name in self._by_figure():
            lead = re.escape(_RATE_NAME.sub("", name))
            for text in passages:
                match = re.search(rf"({_VERBS}){lead}", text)
                if match:
                    found[name] = match.group(1)
                    break
        return found

    def _by_figure(self) -> dict[str, dict[str | None, Slot]]:
        out: dict[str, dict[str | None, Slot]] = {}
        for slot in self.slots.values():
            out.setdefault(slot.figure.name, {}).setdefault(slot.aspect, slot)
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


def _skip_unit(text: str, pos: int, unit: str) -> int:
    """Skip a unit the model repeated after a slot ("【产值】亿元")."""
    if unit and text.startswith(unit, pos):
        return pos + len(unit)
    if unit in {"亿元", "万元", "万美元"} and text.startswith(unit[0], pos):
        return pos + 1
    return pos


def _normalize(name: str) -> str:
    parts = [p for p in _SEPARATORS.split(name) if p]
    if len(parts) >= 2 and parts[-1] in _ALIAS:
        return "".join(parts[:-1]) + SEP + _ALIAS[parts[-1]]
    return "".join(parts)
