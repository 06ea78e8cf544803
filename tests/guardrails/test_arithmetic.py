"""A draft against its own arithmetic: totals, shares and completion rates held against the numbers beside them.

Real sentences (source noted) are left alone; the same sentences with one number changed are flagged, and the
reason names both numbers the result should follow from.
"""

from __future__ import annotations

import io

from docx import Document

from assistant.export.annotate import annotate
from assistant.guardrails import review
from assistant.guardrails.arithmetic import arithmetic_issues, ratio_checks

# Real: tests/data/real/jh_11.yaml, tests/data/real/ju_05.yaml, tests/data/practice/docs/016.md and 018.md,
# corpus/luchuan_2025q3_economy.md. Every rate there follows from the two numbers before it.
REAL = [
    "1-5月，XX区（含新区）外贸进出口总额为13亿元，同比增长0.5%，完成年任务（40.2亿元）的32.5%。",
    "1-5月外贸出口总额完成240万美元，占年计划任务1513万美元的15.86%（主要受金融危机的影响）。",
    "完成州外到位资金120.44亿元,同比增长29%,完成州政府下达任务数132.63亿元的90.8%。",
    "预计引进到位市外资金6.6亿元,占目标任务6亿元的110%,到位省外资金2.23亿元,占目标任务2亿元的111.5%;",
    "1-9月，园区实现营业收入312.46亿元，同比增长6.8%，完成全年目标420亿元的74.4%；",
    "实现税收收入128,600万元，同比增长4.1%，完成全年目标16.8亿元的76.55%；",
]


def test_real_completion_rates_are_read_and_left_alone():
    for sentence in REAL:
        assert ratio_checks(sentence), sentence  # the check does read them
        assert arithmetic_issues(sentence) == [], sentence


def test_a_completion_rate_that_does_not_follow_is_flagged_naming_both_numbers():
    wrong = REAL[4].replace("74.4%", "78.4%")
    issues = arithmetic_issues(wrong)
    assert [(m.text, m.operation) for m in issues] == [("78.4%", "完成率")]
    assert "312.46亿元" in issues[0].reason and "420亿元" in issues[0].reason and "74.4%" in issues[0].reason


def test_a_share_with_its_base_beside_it_and_a_target_stated_earlier_in_the_sentence():
    assert [m.text for m in arithmetic_issues(REAL[1].replace("15.86%", "18.86%"))] == ["18.86%"]
    assert arithmetic_issues("全年目标60亿元，上半年完成45亿元，完成年度目标的75%。") == []
    flagged = arithmetic_issues("全年目标60亿元，上半年完成45亿元，完成年度目标的85%。")
    assert [m.text for m in flagged] == ["85%"] and "45亿元" in flagged[0].reason and "60亿元" in flagged[0].reason
    # two values in the unit of the target: which one was meant is not certain, so nothing is said
    assert arithmetic_issues("全年目标60亿元，上半年完成45亿元，其中工业投资30亿元，完成年度目标的85%。") == []


def test_a_total_after_its_parts():
    assert arithmetic_issues("新签约工业项目12个、服务业项目8个，合计20个。") == []
    issues = arithmetic_issues("新签约工业项目12个、服务业项目9个，合计20个。")
    assert [m.text for m in issues] == ["20个"] and "21个" in issues[0].reason and "12个、9个" in issues[0].reason
    # 其中 names a part of the number before it, not a further item of the list
    assert arithmetic_issues("签约服务业项目8个、工业项目12个，其中亿元以上项目9个，合计20个。") == []


def test_a_total_row_in_a_text_table_and_a_rate_column_left_out():
    table = "项目\t投资额（亿元）\t增速%\n甲园区\t10.5\t5\n乙园区\t20.3\t6\n合计\t30.8\t5.5\n"
    assert arithmetic_issues(table) == []
    issues = arithmetic_issues(table.replace("30.8", "31.8"))
    assert [m.text for m in issues] == ["31.8"] and "30.8" in issues[0].reason and "第2—3段" in issues[0].reason


def test_a_total_row_of_a_word_table_is_checked_cell_by_cell_and_commented():
    document = Document()
    document.add_paragraph("2025年上半年各园区投资完成情况如下。")
    rows = [("园区", "投资额（亿元）", "同比增长%"), ("甲园区", "10.5", "5.1"), ("乙园区", "20.3", "6.2"), ("合计", "31.8", "5.8")]
    table = document.add_table(rows=len(rows), cols=3)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph("两园区投资均保持增长。")
    buffer = io.BytesIO()
    document.save(buffer)
    data, result = annotate(buffer.getvalue(), "稿件.docx", None)
    assert [m.text for m in result.report.flagged] == ["31.8"]
    comments = [c.text for c in Document(io.BytesIO(data)).comments]
    assert len(comments) == 1 and "30.8" in comments[0]


def test_review_of_a_draft_against_itself_includes_the_arithmetic():
    report = review("1-9月，园区实现营业收入312.46亿元，完成全年目标420亿元的78.4%。", None)
    assert [m.text for m in report.flagged] == ["78.4%"]
