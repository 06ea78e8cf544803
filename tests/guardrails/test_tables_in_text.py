"""A Word report's own table of indicators (表1), checked cell by cell against the statistics table.

The figures and sentences are a real district report's (tests/data/word/README.md). Before, the table's rows reached
the checker as prose: a cell's number took its words from the next row and had no unit, so a right table was flagged.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from assistant.documents.loading import load_document
from assistant.figures import load_figures
from assistant.guardrails import review

DATA = Path(__file__).resolve().parents[1] / "data" / "word"
PROSE = ("一、主要经济指标完成情况",
         "1-2月，规模以上工业总产值226.4亿元，增长5.4%；规模以上工业增加值54.8亿元，增长10.4%；一般公共预算收入10.7亿元，下降8.3%。",
         "主要经济指标见表1。")
TABLE = [["指标", "单位", "1-2月", "同比增长（%）"],
         ["规模以上工业总产值", "亿元", "226.4", "5.4"],
         ["规模以上工业增加值", "亿元", "54.8", "10.4"],
         ["一般公共预算收入", "亿元", "10.7", "-8.3"],
         ["一般公共预算支出", "亿元", "15.0", "8.2"],
         ["税收总额", "亿元", "26.8", "-6.7"],
         ["固定资产投资", "亿元", "43.6", "5.2"],
         ["其中：工业投资", "亿元", "18.6", "25.2"],
         ["房地产开发投资", "亿元", "17.7", "-7.5"]]


def report_with_table(path: Path, rows: list[list[str]]) -> Path:
    document = docx.Document()
    for line in PROSE:
        document.add_paragraph(line)
    document.add_paragraph("表1 2023年1-2月主要经济指标")
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            table.cell(r, c).text = cell
    document.add_paragraph("二、下一步工作")
    document.add_paragraph("紧盯重点项目建设，加快推进项目投产达效。")
    document.save(path)
    return path


@pytest.fixture
def figures():
    return load_figures(DATA / "wjjyp_2023m2.csv")


def test_a_right_table_in_a_word_report_is_all_supported(tmp_path, figures):
    text = load_document(report_with_table(tmp_path / "report.docx", TABLE)).text
    report = review(text, figures)
    assert not report.flagged, [(m.text, m.reason) for m in report.flagged]
    cells = [m for m in report.mentions if text.rfind("\n", 0, m.start) >= text.find("表1") and m.status == "supported"]
    assert len(cells) == 16  # every value and rate in the table, each on its own cell
    assert text[cells[1].start:cells[1].end] == "5.4" and cells[1].figure == "规模以上工业总产值"


def test_a_wrong_cell_is_flagged_on_that_cell_with_its_rows_indicator(tmp_path, figures):
    rows = [list(row) for row in TABLE]
    rows[2][3] = "10.7"  # 规模以上工业增加值's rate: the 一般公共预算收入 value's digits
    rows[5][2] = "26.3"  # 税收总额
    text = load_document(report_with_table(tmp_path / "report.docx", rows)).text
    flagged = review(text, figures).flagged
    assert [(m.text, m.figure) for m in flagged] == [("10.7", "规模以上工业增加值"), ("26.3", "税收总额")], [(m.text, m.reason) for m in flagged]
    row = text[text.rfind("\n", 0, flagged[0].start) + 1:text.find("\n", flagged[0].start)]
    assert row.startswith("规模以上工业增加值\t")  # the flag sits on the cell the writer must mend


def test_without_a_statistics_table_the_report_is_held_to_its_own_table(tmp_path, monkeypatch):
    """Checked against itself (no statistics table given), a table cell that contradicts the prose above it is flagged:
    the table's 1-2月 column makes each row a statement of that period, as the prose's are."""
    import tests.guardrails.test_tables_in_text as here

    monkeypatch.setattr(here, "PROSE", (PROSE[0], PROSE[1].replace("下降8.3%。", "下降8.3%；税收总额26.8亿元，下降6.7%。"), PROSE[2]))
    rows = [list(row) for row in TABLE]
    rows[5][2] = "26.3"
    text = load_document(report_with_table(tmp_path / "report.docx", rows)).text
    [flag] = review(text, None).flagged
    assert text[flag.start:flag.end] == "26.3" and "税收总额26.8亿元" in flag.reason
    assert not review(load_document(report_with_table(tmp_path / "right.docx", TABLE)).text, None).flagged


# A real 工信局 report's table (tests/data/real/jh_11.yaml, https://laobiganzi.top/255679.html) as a Word report holds
# it: a period over the columns, then the row that names them, and the report ends with the table.
TWO_HEADERS = ("附表 2023年1-5月主要经济指标\n"
               "\t\t1-5月\t\t全年\t\n"
               "指标\t单位\t本期\t同比±%\t目标\t备注\n"
               "规上工业总产值（上报数）\t亿元\t97.74\t17.6\t\t\n"
               "工业投资\t亿元\t29.3\t45.7\t\t在库项目口径\n")
JH_11 = [["指标", "单位", "1-5月", "同比±%"], ["规上工业总产值（上报数）", "亿元", "97.74", "17.6"], ["工业投资", "亿元", "29.3", "45.7"]]


def test_a_table_under_two_header_rows_is_read_with_both_and_may_end_the_report():
    from assistant.figures import figure_set_from_rows

    figures = figure_set_from_rows(JH_11)
    report = review(TWO_HEADERS, figures, "2023年1-5月")
    assert not report.flagged, [(m.text, m.reason) for m in report.flagged]
    assert sum(m.status == "supported" for m in report.mentions) == 4
    wrong = review(TWO_HEADERS.replace("\t45.7\t", "\t47.5\t"), figures, "2023年1-5月").flagged
    assert [(m.text, m.figure) for m in wrong] == [("47.5", "工业投资")]


def test_a_number_in_a_column_no_header_names_is_still_checked():
    from assistant.figures import figure_set_from_rows

    table = "指标\t单位\t本期\t\n工业投资\t亿元\t29.3\t31.6\n"
    flagged = review(table, figure_set_from_rows(JH_11)).flagged
    assert [m.text for m in flagged] == ["31.6"]  # not dropped from the check for want of a header
