"""A draft against itself: one indicator, one period, two values (issue: the last check before a report goes out)."""

from __future__ import annotations

from typer.testing import CliRunner

from assistant.cli import build_app
from assistant.guardrails import review
from assistant.guardrails.consistency import contradictions

DRAFT = (
    "一、总体情况\n上半年，全区实现规上工业总产值128.5亿元，同比增长4.47%。\n"
    "二、主要经济指标\n上半年，规上工业总产值138.5亿元，新签约项目19个。\n"
)


def test_an_indicator_stated_twice_with_two_values_is_flagged_at_the_second_place_naming_the_first():
    found = contradictions(DRAFT)
    assert [m.text for m in found] == ["138.5亿元"]
    assert "128.5亿元" in found[0].reason and "第2段" in found[0].reason


def test_honest_variants_are_not_contradictions():
    text = (
        "2012年，园区公共财政预算收入185亿元。1-6月，园区公共财政预算收入111.1亿元。"  # two periods
        "区内有高新技术企业80家。目前，园区累计高新技术企业96家。"  # this year's and the running total
        "2025年目标是：规上工业总产值达到266亿元。"  # a target
        "上半年，规上工业总产值128.5亿元，增长4.47%；规上工业增加值增长6.1%。"  # rates are left to the table
    )
    assert contradictions(text) == []


def test_without_a_table_review_checks_the_draft_against_itself_and_flags_no_number_for_want_of_one():
    report = review(DRAFT, None, "2025年上半年")
    assert [m.text for m in report.flagged] == ["138.5亿元"]
    assert not review(DRAFT.replace("138.5", "128.5"), None, "2025年上半年").flagged


def test_assistant_check_without_figures_checks_the_draft_against_itself(tmp_path):
    draft = tmp_path / "稿件.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    done = CliRunner().invoke(build_app(), ["check", str(draft)])
    assert done.exit_code == 1, done.output
    assert "只核对了稿件自身" in done.output and "138.5亿元" in done.output


# Two department submissions as offices send them, in the wording of real reports (ju_01, jh_11): one restates the
# table's 规上工业总产值 with a different value, the other a count the table does not give differently.
TABLE = [["指标", "期间", "数值", "单位"], ["规上工业总产值", "1-6月", "128.5", "亿元"], ["新签约项目", "1-6月", "19", "个"]]
ECONOMY = "上半年，全区规模以上工业总产值138.5亿元，同比增长4.5%。新签约项目19个。"
INVESTMENT = "今年以来新签约项目21个，协议资金98.6亿元，其中10亿元以上项目3个。"


def test_submissions_that_disagree_with_the_table_or_each_other_are_named_with_both_sources():
    from assistant.figures import figure_set_from_rows
    from assistant.guardrails.consistency import disagreements

    figures = figure_set_from_rows(TABLE)
    found = [str(d) for d in disagreements(figures, [("《经发局》", ECONOMY), ("《招商局》", INVESTMENT)])]
    assert found == ["“规模以上工业总产值”：数据表写128.5亿元，《经发局》写138.5亿元", "“新签约项目”：数据表写19个，《招商局》写21个"]
    assert disagreements(figures, [("《经发局》", "上半年，全区规模以上工业总产值128.5亿元。新签约项目19个。")]) == []
    # two submissions against each other, no table
    from assistant.figures import FigureSet

    found = [str(d) for d in disagreements(FigureSet(figures=[], notes=[]), [("《甲》", "协议资金98.6亿元。"), ("《乙》", "协议资金96.8亿元。")])]
    assert found == ["“协议资金”：《甲》写98.6亿元，《乙》写96.8亿元"]


def test_assistant_check_says_first_where_the_materials_disagree(tmp_path):
    table, economy, draft = tmp_path / "表.csv", tmp_path / "经发局报送.txt", tmp_path / "稿件.txt"
    table.write_text("\n".join(",".join(r) for r in TABLE), encoding="utf-8")
    economy.write_text(ECONOMY, encoding="utf-8")
    draft.write_text("上半年，规上工业总产值128.5亿元。", encoding="utf-8")
    done = CliRunner().invoke(build_app(), ["check", "--figures", str(table), "--materials", str(economy), str(draft)])
    assert "对同一指标、同一期间写了不同的数" in done.output and "《经发局报送.txt》写138.5亿元" in done.output
