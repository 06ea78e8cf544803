"""A drafting request said in plain words ("帮我起草上半年主要经济指标部分") read into what to draft."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A request to write, as opposed to a question about how others wrote ("怎么写", "如何写" stay questions).
_WRITE = re.compile(r"(^写|起草|草拟|拟写|拟一|撰写|生成|帮我写|请写|写一[段份篇个节]|写个|写出|写下)")
_QUESTION = re.compile(r"(怎么|怎样|如何|哪些|什么|是否|有没有|吗[？?]?$)")
_WHOLE = re.compile(r"(全文|全篇|整篇|通篇|完整|总结.*计划|计划.*总结)")
_PERIOD = re.compile(r"((?:19|20)\d{2}年)?(上半年|全年|年度|一季度|前三季度|\d{1,2}[-—至]\d{1,2}月)|(?:19|20)\d{2}年")
_AHEAD = re.compile(r"(下半年|明年|下一阶段|(?:19|20)\d{2}年)(?:工作)?(?:计划|打算|安排)")
_THEMES = ("招商引资", "项目建设", "营商环境", "为企服务", "存量盘活", "低效用地", "科技创新", "安全生产", "生态环保", "党建", "民生")
# Checked in order: the first kind whose words appear wins (问题 before 计划: "存在问题及下步打算" is about problems first).
_KINDS = (
    ("主要经济指标", re.compile(r"(经济指标|主要指标|指标完成|经济运行|数据部分)")),
    ("存在问题", re.compile(r"(存在的?(困难和)?问题|困难和问题|短板|不足)")),
    ("工作计划", re.compile(r"(计划|打算|安排|思路|下半年|明年|下一步|下步)")),
    ("总述", re.compile(r"(总述|开头|开篇|导语|总体情况)")),
    ("重点工作", re.compile(r"(重点工作|主要工作|工作开展|工作成效|亮点|做法)")),
)


@dataclass(frozen=True)
class DraftIntent:
    """What a chat message asks to be drafted: one section (with an optional theme) or a whole document."""

    section: str | None
    whole_document: bool = False
    period: str | None = None


def draft_intent(message: str) -> DraftIntent | None:
    """The drafting request in `message`, or None when it is a question (or names nothing to draft)."""
    text = re.sub(r"\s+", "", message or "")
    if not _WRITE.search(text) or _QUESTION.search(text):
        return None
    found = _PERIOD.search(text)
    period = found.group(0) if found else None
    if _WHOLE.search(text):
        return DraftIntent(None, True, period)
    theme = next((t for t in _THEMES if t in text), None)
    for kind, words in _KINDS:
        if words.search(text):
            section = _section(kind, theme, text)
            # "2026年工作计划" names the year planned for, not the period being reported on.
            return DraftIntent(section, False, None if period and period in section else period)
    if theme:
        return DraftIntent(f"重点工作·{theme}", False, period)
    return DraftIntent(None, True, period) if "总结" in text else None


def _section(kind: str, theme: str | None, text: str) -> str:
    """The section as the drafter names it: 重点工作·<theme>, 下半年工作计划, or the bare kind."""
    if kind == "重点工作" and theme:
        return f"重点工作·{theme}"
    ahead = _AHEAD.search(text) if kind == "工作计划" else None
    return f"{ahead.group(1)}工作计划" if ahead else kind
