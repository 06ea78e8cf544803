"""A realistic draft body (in the style of the seeds) and the check report on it."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import pytest

TITLE = "青川经济开发区2025年上半年工作总结及下半年工作计划"

BODY = f"""{TITLE}
今年以来，青川经开区坚持以高质量发展为主线，聚焦“一二三五”工作思路，深入实施“五大攻坚行动”，各项工作取得积极成效。
2025年1-6月，实现规上工业总产值128.50亿元，同比增长6.8%；固定资产投资42.3亿元，同比增长12.4%；实现税收XX亿元。
一、上半年主要工作开展情况
（一）紧盯“时间过半、任务过半”，聚力招商引资取得实效。
一是“招商引资”方面。共签约项目19个，协议资金约86亿元。二是“项目推进”方面。新开工项目26个，竣工项目24个。
1.加快项目建设。在建项目40个，完成投资占全年目标的56%。
2.全年计划实施重点项目一百二十个，其中省市重点项目三十五个，已完成前期手续的项目达到九十个以上，前期工作整体进度好于预期。
（二）优化营商环境。
落实“为企服务日”制度，走访企业320家次。
二、存在的困难和问题
部分企业生产经营压力较大，新增规上工业企业*家。
三、下半年工作计划
（一）全力冲刺全年目标任务。
确保全年规上工业总产值增长7%以上。〔待核实：全年目标增速〕
"""


@dataclass
class StandInMention:
    """Same fields as the checker's Mention."""

    start: int
    end: int
    text: str
    value: Decimal | None
    unit: str | None
    status: str
    figure: str | None
    reason: str


@dataclass
class StandInReport:
    """Same fields as the checker's Report."""

    mentions: list[StandInMention] = field(default_factory=list)

    @property
    def flagged(self) -> list[StandInMention]:
        return [m for m in self.mentions if m.status in {"unsupported", "placeholder"}]

    @property
    def ok(self) -> bool:
        return not self.flagged


# (text, occurrence, value, unit, status, figure, reason)
_MENTIONS = [
    ("2025年", 1, None, None, "not_a_figure", None, "年份"),
    ("1-6月", 0, None, None, "not_a_figure", None, "时段"),
    ("128.50亿元", 0, Decimal("128.50"), "亿元", "supported", "规上工业总产值", "与输入一致"),
    ("6.8%", 0, Decimal("6.8"), "%", "supported", "规上工业总产值同比增速", "与输入一致"),
    ("42.3亿元", 0, Decimal("42.3"), "亿元", "supported", "固定资产投资", "与输入一致"),
    ("12.4%", 0, Decimal("12.4"), "%", "derived", "固定资产投资", "由本期与上年同期计算得出"),
    ("XX亿元", 0, None, "亿元", "placeholder", None, "待填写的占位数字"),
    ("19个", 0, Decimal("19"), "个", "supported", "签约项目数", "与输入一致"),
    ("86亿元", 0, Decimal("86"), "亿元", "unsupported", None, "输入中没有协议资金"),
    ("26个", 0, Decimal("26"), "个", "supported", "新开工项目数", "与输入一致"),
    ("24个", 0, Decimal("24"), "个", "supported", "竣工项目数", "与输入一致"),
    ("56%", 0, Decimal("56"), "%", "derived", "固定资产投资 / 全年目标", "由两项输入计算得出"),
    ("*家", 0, None, "家", "placeholder", None, "待填写的占位数字"),
    ("7%", 0, Decimal("7"), "%", "unsupported", None, "输入中没有全年目标增速"),
]


def _find(text: str, occurrence: int) -> int:
    at = -1
    for _ in range(occurrence + 1):
        at = BODY.index(text, at + 1)
    return at


@pytest.fixture(scope="session")
def title() -> str:
    return TITLE


@pytest.fixture(scope="session")
def body() -> str:
    return BODY


@pytest.fixture(scope="module")
def report() -> StandInReport:
    mentions = []
    for text, occurrence, value, unit, status, figure, reason in _MENTIONS:
        at = _find(text, occurrence)
        mentions.append(StandInMention(at, at + len(text), text, value, unit, status, figure, reason))
    return StandInReport(mentions)
