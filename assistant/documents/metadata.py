"""Document metadata read from the title (and the opening text): unit, year, period, type."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.periods import parse_period, period_label

_CN_YEAR_DIGITS = {"〇": "0", "零": "0", "一": "1", "二": "2", "三": "3", "四": "4", "五": "5", "六": "6", "七": "7", "八": "8", "九": "9"}
_YEAR = re.compile(r"(20\d{2}|[二][〇零][一二三四五六七八九〇零]{2})\s*年")
_UNIT = re.compile(
    r"^((?:(?!工作|总结|计划|上半年|下半年|年度)[^\s，,。:：]){1,20}"
    r"(?:经济技术开发区|高新技术产业开发区|经济开发区|高新区|经开区|开发区|工业园区|产业园区|工业园|园区|新区|管委会|示范区))"
)
_GENERIC_UNIT = re.compile(r"^(?:[县市区省]|经济|技术|高新|产业|工业|开发区|经开区|园区|工业园|新区|管委会|示范区|[xX*＊某])*$")
_TITLE_NOISE = re.compile(r"(?:范文|精选|\d+篇|（\d+篇）|\(\d+篇\)|最新|优选|通用)+$")
_SUMMARY = re.compile(r"总结|回顾|工作报告|汇报|完成情况")
_PLAN = re.compile(r"计划|安排|打算|思路|谋划|规划|要点")
_ECONOMY = re.compile(r"经济运行|运行情况|运行分析")


@dataclass(frozen=True)
class Metadata:
    """What a document says about itself."""

    unit: str | None
    year: int | None
    period: str | None
    doc_type: str | None


def tidy_title(title: str) -> str:
    """A title without download-site decorations (范文, 3篇 …)."""
    return _TITLE_NOISE.sub("", title.strip()).strip()


def read_metadata(title: str, text: str) -> Metadata:
    """Unit, year, period and type from the title, falling back to the opening text."""
    opening = text[:300]
    doc_type = _doc_type(title) or _doc_type(opening)
    return Metadata(_unit(title), _year(title) or _year(opening), _period(title, doc_type), doc_type)


def _year(text: str) -> int | None:
    match = _YEAR.search(text)
    if not match:
        return None
    digits = "".join(_CN_YEAR_DIGITS.get(c, c) for c in match.group(1))
    return int(digits)


def _unit(title: str) -> str | None:
    stripped = re.sub(r"(?:20\d{2}|[xX]{4})\s*年度?", "", title)
    match = _UNIT.match(stripped)
    if not match:
        return None
    unit = match.group(1)
    return None if _GENERIC_UNIT.match(unit) else unit


def _period(title: str, doc_type: str | None) -> str | None:
    """The span a title names, as the one label drafting filters on (上半年, 前三季度, 1-5月, 全年)."""
    label = period_label(parse_period(re.sub(r"半年度", "上半年", title)))
    if label and label != "全年":
        return label
    if re.search(r"年度|全年|(?:20\d{2}|[xX]{4})\s*年", title) and doc_type:
        return "全年"
    return None


def _doc_type(text: str) -> str | None:
    if _ECONOMY.search(text):
        return "经济运行"
    summary, plan = bool(_SUMMARY.search(text)), bool(_PLAN.search(text))
    if summary and plan:
        return "总结及计划"
    if summary:
        return "总结"
    if plan:
        return "计划"
    return None
