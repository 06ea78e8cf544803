"""A realistic draft body (in the style of the seeds) and the check report on it."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import pytest

TITLE = "青川经济开发区2025年上半年工作总结及下半年工作计划"

BODY = f"""{TITLE}
今年以来，青川经开区坚持以高质量发展为主线，聚焦“一二三五”工作思路，深入实施“五大攻坚行动”，各项工作取得积极成效。
2025年1-6月，实现规上工业总产值128.50亿元，同比增长4.47%；固定资产投资35.26亿元，同比增长9.67%；实现税收XX亿元。
一、上半年主要工作开展情况
（一）紧盯“时间过半、任务过半”，聚力招商引资取得实效。
一是“招商引资”方面。共签约项目19个，协议资金约86亿元。二是“项目推进”方面。新开工项目17个，竣工项目11个。
1.加快项目建设。在建项目46个，固定资产投资完成全年目标的56%。
2.全年计划实施重点项目一百二十个，其中省市重点项目三十五个，已完成前期手续的项目达到九十个以上，前期工作整体进度好于预期。
（二）优化营商环境。
落实“为企服务日”制度，走访企业650余家次。
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


# (text, where: a unique stretch of the body holding it, value, unit, status, figure, reason)
_MENTIONS = [
    ("2025年", "2025年1-6月", None, None, "not_a_figure", None, "年份"),
    ("1-6月", "2025年1-6月", None, None, "not_a_figure", None, "时段"),
    ("128.50亿元", "128.50亿元", Decimal("128.50"), "亿元", "supported", "规上工业总产值", "与输入一致"),
    ("4.47%", "增长4.47%", Decimal("4.47"), "%", "supported", "规上工业总产值", "与输入同比增速一致"),
    ("35.26亿元", "35.26亿元", Decimal("35.26"), "亿元", "supported", "固定资产投资", "与输入一致"),
    ("9.67%", "增长9.67%", Decimal("9.67"), "%", "supported", "固定资产投资", "与输入同比增速一致"),
    ("XX亿元", "XX亿元", None, "亿元", "placeholder", None, "待填写的占位数字"),
    ("19个", "19个", Decimal("19"), "个", "supported", "新签约项目", "与输入一致"),
    ("86亿元", "86亿元", Decimal("86"), "亿元", "unsupported", None, "输入中没有协议资金"),
    ("17个", "17个", Decimal("17"), "个", "supported", "新开工项目", "与输入一致"),
    ("11个", "11个", Decimal("11"), "个", "supported", None, "与报送材料一致"),
    ("46个", "46个", Decimal("46"), "个", "supported", None, "与报送材料一致"),
    ("56%", "56%", Decimal("56"), "%", "derived", "固定资产投资", "35.26÷63≈56%"),
    ("650余家次", "650余家次", Decimal("650"), "家次", "supported", None, "与报送材料一致"),
    ("*家", "*家", None, "家", "placeholder", None, "待填写的占位数字"),
    ("7%", "增长7%", Decimal("7"), "%", "unsupported", None, "输入中没有全年目标增速"),
]


def _find(text: str, where: str) -> int:
    assert BODY.count(where) == 1, where
    return BODY.index(where) + where.index(text)


@pytest.fixture(scope="session")
def title() -> str:
    return TITLE


@pytest.fixture(scope="session")
def body() -> str:
    return BODY


@pytest.fixture(scope="module")
def report() -> StandInReport:
    mentions = []
    for text, where, value, unit, status, figure, reason in _MENTIONS:
        at = _find(text, where)
        mentions.append(StandInMention(at, at + len(text), text, value, unit, status, figure, reason))
    return StandInReport(mentions)
