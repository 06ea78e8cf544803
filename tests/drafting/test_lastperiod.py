"""Last period from a real knowledge base: the plan's targets and last year's same-period values fill what the writer left blank."""

from decimal import Decimal

import pytest

from assistant.drafting.lastperiod import last_period
from assistant.figures import Figure
from assistant.settings import PROJECT_ROOT, get_settings
from assistant.store.knowledge_base import KnowledgeBase

UNIT = "青川经济开发区"
FIGURES = [
    Figure("规上工业总产值", Decimal("270.1"), "亿元", "全年"),
    Figure("固定资产投资", Decimal("60"), "亿元", "全年", target=Decimal("1")),  # a given target is never overwritten
    Figure("税收收入", Decimal("17"), "万元", "全年"),  # another unit than the stated one: nothing is taken
]


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    base = KnowledgeBase(get_settings(store=tmp_path_factory.mktemp("lastperiod") / "store"))
    base.ingest([PROJECT_ROOT / "corpus" / "qingchuan_2024_summary_2025_plan.md", PROJECT_ROOT / "corpus" / "qingchuan_2025h1_summary_h2_plan.md"])
    return base


def test_a_whole_year_takes_the_plan_targets_and_last_years_values(kb):
    last = last_period(kb, FIGURES, UNIT, "2025年全年")
    output, investment, tax = last.figures
    assert (output.target, output.prior) == (Decimal("266"), Decimal("246.8"))
    assert (investment.target, investment.prior) == (Decimal("1"), Decimal("58.62"))
    assert tax == FIGURES[2]
    assert last.offered == ["规上工业总产值：按上期计划取目标值266亿元", "规上工业总产值：按上年同期材料取上年同期值246.8亿元",
                            "固定资产投资：按上年同期材料取上年同期值58.62亿元"]
    assert last.passages and all(h.metadata["unit"] == UNIT and h.section_kind == "工作计划" for h in last.passages)


def test_a_half_year_finds_no_same_period_values_from_an_annual_document(kb):
    last = last_period(kb, FIGURES, UNIT, "2025年上半年")
    assert [f.prior for f in last.figures] == [None, None, None]
    assert last.offered == ["规上工业总产值：按上期计划取目标值266亿元"]


def test_without_a_unit_or_a_year_nothing_is_looked_up(kb):
    assert last_period(kb, FIGURES, None, "2025年全年").figures == FIGURES
    assert last_period(kb, FIGURES, UNIT, None).offered == []
