"""A realistic draft body (in the style of the seeds) and the checker's report on it."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.figures import load_figures
from assistant.guardrails import check_numbers

FIGURES = Path(__file__).resolve().parent.parent / "data" / "figures" / "figures_2025h1.json"

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


@pytest.fixture(scope="session")
def title() -> str:
    return TITLE


@pytest.fixture(scope="session")
def body() -> str:
    return BODY


@pytest.fixture(scope="module")
def report():
    """The real checker on the body, against the 2025 first-half figure set and its department notes."""
    figures = load_figures(FIGURES)
    result = check_numbers(BODY, figures)
    # The sample holds every kind of verdict the table must show.
    assert {m.status for m in result.mentions} == {"supported", "derived", "unsupported", "placeholder", "not_a_figure"}
    return result
