"""What a reader catches besides numbers: the ✅ is never shown over a wrong year, a leftover slot, an empty heading,
a repeated sentence, a label or a cut-off end (the faults seen in drafts from the local model)."""

import pytest

from assistant.figures import figure_set_from_rows
from assistant.guardrails import review
from assistant.guardrails.names import inputs_text

FIGURES = figure_set_from_rows([["指标", "单位", "数值", "同比±%"], ["规上工业总产值", "亿元", "126.34", "2.72"], ["进出口总额", "亿元", "13", "0.5"]])
CLEAN = "一、主要经济指标\n2025年1-6月，实现规上工业总产值126.34亿元，同比增长2.72%，比2024年同期加快。\n二、下一步工作\n力争到2027年实现倍增。"


def flagged(text: str, period: str | None = "2025年上半年") -> list[tuple[str, str]]:
    return [(m.text, m.reason) for m in review(text, FIGURES, period).flagged]


def test_a_clean_draft_with_comparisons_and_targets_passes():
    assert review(CLEAN, FIGURES, "2025年上半年").ok


@pytest.mark.parametrize(
    "text, shown, why",
    [
        ("2024年1-6月，实现规上工业总产值126.34亿元。", "2024", "年份与报告期"),
        ("2026年，园区实现规上工业总产值126.34亿元。", "2026", "年份与报告期"),
        ("2023年，园区新签约项目19个。", "2023", "年份与报告期"),
        ("进出口总额目标【进出口总额·", "【进出口总额·", "占位符"),
        ("实现进出口总额【】。", "【】", "占位符"),
        ("一、主要经济指标\n二、重点工作\n推进项目建设。", "一、主要经济指标", "没有内容"),
        ("一、重点工作\n推进项目建设。\n二、存在问题", "二、存在问题", "没有内容"),
        ("重点工作：推进项目建设。", "重点工作：", "标签"),
        ("招商引资成效显现，项目落地加快。招商引资成效显现，项目落地加快。", "招商引资成效显现，项目落地加快。", "重复"),
        ("园区全力推进重点项目建设，加快", "力推进重点项目建设，加快", "没有写完"),
    ],
)
def test_each_leftover_is_flagged_with_its_span_and_reason(text, shown, why):
    found = flagged(text)
    assert any(t == shown and why in r for t, r in found), found
    assert not review(text, FIGURES, "2025年上半年").ok


def test_years_are_checked_only_when_the_period_is_known():
    assert review("2024年1-6月，实现规上工业总产值126.34亿元。", FIGURES, None).ok


def test_marks_the_drafting_set_on_purpose_are_not_leftovers():
    assert not any("占位符" in r for _, r in flagged("进出口总额〔待核实：【进出口总额·目标】〕。"))


def test_a_heading_with_sub_headings_under_it_is_not_empty():
    assert review("一、重点工作\n（一）招商引资\n新签约项目推进有力。", FIGURES, "2025年上半年").ok


@pytest.mark.parametrize(
    "text",
    ["三、2026年工作安排\n2026年，园区将继续推进项目建设。", "2006年3月，省政府批准设立工业园区。", "下一步，力争到2027年实现规上工业总产值200亿元。"],
)
def test_years_of_history_and_plans_pass(text):
    assert not any("年份" in r for _, r in flagged(text))


def test_real_report_text_raises_few_leftover_flags():
    """The real set's 495 sentences, joined per report and reviewed against the report's period: the flags left
    are years of data the report itself cites from another year (gyq_05 cites 2021 figures in a 2022 text)."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    from realset import load_reports

    from assistant.guardrails.leftovers import text_issues

    flags = sum(len(text_issues("".join(r.sentences), r.period)) for r in load_reports())
    assert flags <= 3, flags


NOTES = figure_set_from_rows(
    [["指标", "单位", "数值"], ["规上工业总产值", "亿元", "126.34"]],
    notes=["招商引资：赴长三角开展专题招商活动12次，签约项目5个。", "“亩均论英雄”改革持续深化。"],
)


@pytest.mark.parametrize(
    "text, name",
    [
        ("赴珠三角开展专题招商活动12次，签约项目5个。", "珠三角"),  # the place the notes name is 长三角
        ("深入实施“五大攻坚行动”，签约项目5个。", "五大攻坚行动"),  # another zone's slogan
        ("引进比亚迪集团等龙头企业，签约项目5个。", "比亚迪集团"),
    ],
)
def test_a_name_the_inputs_lack_is_flagged_in_a_draft_made_here(text, name):
    """A draft made here is checked with the writer's inputs as its source of names: an invented place, slogan or
    enterprise keeps the ✅ away; the names the notes give pass."""
    source = inputs_text(NOTES, "XX经济开发区", "2025年上半年")
    report = review(text, NOTES, "2025年上半年", source=source)
    assert any(m.text == name and "输入" in m.reason for m in report.flagged), report.flagged
    assert not report.ok
    kept = review("赴长三角开展专题招商活动12次，签约项目5个，“亩均论英雄”改革持续深化。", NOTES, "2025年上半年", source=source)
    assert kept.ok, kept.flagged
    assert review(text, NOTES, "2025年上半年").ok  # a draft checked without the inputs' text (a colleague's) is not held to its names
