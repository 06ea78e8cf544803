"""Section kinds, their headings and retrieval queries, and the outline of a whole document."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.drafting import SECTION_KINDS
from assistant.errors import AssistantError
from assistant.periods import year_and_label

# Prompt guidance file and generation length (Chinese characters asked for) per kind the model drafts as a
# whole: the figures paragraph. The narrative kinds are built note by note (narrative.py).
GUIDES = {"主要经济指标": "guide_indicators"}
LENGTHS = {"主要经济指标": 200}
# A fixed query per kind keeps the retrieved examples, and so the prompt prefix, the same between requests.
QUERIES = {
    "总述": "今年以来 坚持 工作思路 总体情况 现将有关情况报告如下",
    "主要经济指标": "主要经济指标完成情况 规上工业总产值 固定资产投资 同比增长",
    "重点工作": "主要工作开展情况 一是 二是 成效",
    "存在问题": "存在的困难和问题 一是 二是",
    "工作计划": "下一阶段工作计划 工作安排和打算 力争 确保",
}


@dataclass(frozen=True)
class SectionSpec:
    """One section to draft: its kind, optional theme, and the heading it carries in a document."""

    kind: str
    theme: str | None = None
    heading: str = ""

    @property
    def label(self) -> str:
        """What the prompt calls the section."""
        if self.theme:
            return f"{self.kind}·{self.theme}"
        if self.kind == "工作计划":
            return self.heading.split("、", 1)[-1] if self.heading else "下一阶段工作计划"
        return {"主要经济指标": "主要经济指标完成情况", "存在问题": "存在的困难和问题", "总述": "总述（开头段）"}.get(self.kind, self.kind)

    @property
    def query(self) -> str:
        """The retrieval query."""
        return f"{self.theme} {QUERIES[self.kind]}" if self.theme else QUERIES[self.kind]


def parse_section(text: str) -> SectionSpec:
    """"重点工作·招商引资" -> SectionSpec("重点工作", "招商引资"); 下半年工作计划 and the like -> 工作计划."""
    raw = text.strip()
    parts = re.split(r"[·•・:：/]", raw, maxsplit=1)
    kind = parts[0].strip()
    theme = parts[1].strip() if len(parts) > 1 and parts[1].strip() else None
    if kind not in SECTION_KINDS and ("计划" in kind or "安排" in kind or "打算" in kind):
        return SectionSpec("工作计划", None, f"、{kind}")
    if kind in {"开头", "总体情况"}:
        kind = "总述"
    if kind.startswith("主要经济指标"):
        kind = "主要经济指标"
    if kind.startswith("存在") or kind == "问题":
        kind = "存在问题"
    if kind not in SECTION_KINDS:
        raise AssistantError(f"不认识的章节类型“{raw}”。", f"可选：{'、'.join(SECTION_KINDS)}；重点工作可带主题，如“重点工作·招商引资”。")
    return SectionSpec(kind, theme if kind == "重点工作" else None)


def next_period_words(period_kind: str | None, year: int | None) -> str:
    """下半年 / 2026年 — what the plan section looks ahead to."""
    if period_kind == "全年":
        return f"{year + 1}年" if year else "明年"
    if period_kind == "上半年":
        return "下半年"
    return "下一阶段"


def outline(unit: str | None, period: str | None) -> tuple[str, list[SectionSpec]]:
    """The title and sections of a whole 工作总结及工作计划."""
    year, kind = year_and_label(period)
    when = f"{year}年" if year else ""
    span = "" if kind in {None, "全年"} else kind
    ahead = next_period_words(kind, year)
    title = f"{unit or ''}{when}{span}工作总结及{ahead}工作计划"
    sections = [
        SectionSpec("总述"),
        SectionSpec("主要经济指标", heading=f"一、{when}{span}主要经济指标完成情况"),
        SectionSpec("重点工作", heading=f"二、{when}{span}主要工作开展情况"),
        SectionSpec("存在问题", heading="三、存在的困难和问题"),
        SectionSpec("工作计划", heading=f"四、{ahead}工作计划"),
    ]
    return title, sections

# Which slots the prompt lists per kind (None = the figure's own value); all slots still render.
LISTED_ASPECTS: dict[str, tuple[str | None, ...]] = {"主要经济指标": (None, "同比", "完成率")}
# Tokens of the writer's notes a prompt may carry per kind (more when materials were supplied).
NOTE_BUDGETS = {"主要经济指标": 60}
MATERIAL_BUDGET = 600


_NUMERALS = "一二三四五六七八九十"
_NUMBERED = re.compile(r"^[一二三四五六七八九十]+、")


def assemble(parts: dict[str, str], unit: str | None, period: str | None) -> str:
    """The whole document from the sections drafted so far, in the outline's order, each under its heading
    (numbered 一、二、… by the sections present); 总述 opens the text without a heading."""
    _, sections = outline(unit, period)
    blocks: list[str] = []
    number = 0
    for spec in sections:
        text = (parts.get(spec.kind) or "").strip()
        if not text:
            continue
        if not spec.heading:
            blocks.append(text)
            continue
        heading = _NUMBERED.sub("", spec.heading)
        blocks.append(f"{_NUMERALS[number]}、{heading}\n{_without_heading(text, heading)}")
        number += 1
    return "\n".join(blocks)


def _without_heading(text: str, heading: str) -> str:
    """A section's text without a first line that repeats its heading (a draft may start with it)."""
    first, _, rest = text.partition("\n")
    return rest.strip() if rest and _NUMBERED.sub("", first.strip()) == heading else text
