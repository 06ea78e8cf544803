"""Markdown export: headings by level and the check table."""

from __future__ import annotations

import re

from assistant.export.markdown import to_markdown


def test_headings_paragraphs_and_check_table(title, body, report):
    text = to_markdown(title, body, report)
    lines = text.split("\n")
    assert lines[0] == f"# {title}"
    assert text.count(f"# {title}") == 1
    assert "## 一、上半年主要工作开展情况" in lines
    assert "### （一）紧盯“时间过半、任务过半”，聚力招商引资取得实效。" in lines
    assert "**1.加快项目建设。**在建项目46个，固定资产投资完成全年目标的56%。" in lines
    assert any(line.startswith("2\\.全年") for line in lines)  # not read as a numbered list
    assert "新增规上工业企业**\\*家**" in text  # a placeholder star is escaped, the placeholder itself in bold

    assert "## 附件：数据核对表" in lines
    table = [line for line in lines if line.startswith("| ")]
    assert table[0] == "| 序号 | 原文 | 依据（输入） | 核对结果 | 说明 |"  # the same columns as the Word table
    figures = [m for m in report.mentions if m.status != "not_a_figure"]
    assert len(table) == 2 + len(figures)
    status_zh = {"supported": "有依据", "derived": "推算得出", "unsupported": "无依据", "placeholder": "待填占位"}
    for i, (line, m) in enumerate(zip(table[2:], figures), start=1):
        cells = [c.strip() for c in line.strip("|").split(" | ")]
        assert cells[0] == str(i)
        assert m.text.replace("*", "\\*") in cells[1]
        assert cells[3] == status_zh[m.status]
    assert any("128.50亿元" in line for line in table)  # the trailing zero survives


def test_without_report_there_is_no_table(title, body):
    text = to_markdown(title, body)
    assert "数据核对表" not in text
    assert "## 三、下半年工作计划" in text


def test_flagged_numbers_stand_out_in_the_body(title, body, report):
    text = to_markdown(title, body, report)
    body_part = text.split("## 附件：数据核对表")[0]
    assert "实现税收**XX亿元**〔需核实〕。" in body_part  # a placeholder left in
    assert "新增规上工业企业**\\*家**〔需核实〕。" in body_part
    assert "**〔待核实：全年目标增速〕**" in body_part  # an existing note is bold, not tagged twice
    assert "**128.50亿元**" not in body_part  # supported numbers stay plain
    notes = [(n.start(), n.end()) for n in re.finditer(r"〔待核实[^〕]*〕", body)]
    outside = [m for m in report.flagged if not any(s <= m.start and m.end <= e for s, e in notes)]
    assert body_part.count("〔需核实〕") == len(outside) > 0
