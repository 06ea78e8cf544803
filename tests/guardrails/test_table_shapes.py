"""The table shapes offices send, read into indicators with aspects, and checked through `assistant check`.

The sentences are from a real 工信局 report (tests/data/real/jh_11.yaml, https://laobiganzi.top/255679.html).
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from openpyxl import Workbook

from assistant.figures import FigureError, figure_set_from_rows, load_figures
from assistant.guardrails import check_numbers
from assistant.units import compatible, scale_of, split_unit

REAL = "2023年1-5月，XX区规上工业总产值（上报数）97.74亿元，同比增长17.6%；完成工业投资29.3亿元，增速45.7%。"
WIDE = [
    ["2023年1-5月主要经济指标"],
    ["", "", "1-5月", "", "全年", ""],
    ["指标", "单位", "本期", "同比±%", "目标", "完成率%"],
    ["规上工业总产值（上报数）", "亿元", "97.74", "17.6", "", ""],
    ["工业投资", "亿元", "29.3", "45.7", "", ""],
    [],
    ["注：工业投资为在库项目口径"],
    ["外贸进出口总额", "亿元", "13", "0.5", "40.2", "32.5"],
]
ROWS = [
    ["指标", "数值", "单位"],
    ["规上工业总产值（上报数）", "97.74", "亿元"],
    ["规上工业总产值（上报数）同比增长", "17.6", "%"],
    ["工业投资", "29.3", "亿元"],
    ["工业投资增速", "45.7", "%"],
    ["外贸进出口总额", "13", "亿元"],
    ["外贸进出口总额同比增长", "0.5", "%"],
    ["外贸进出口总额年任务", "40.2", "亿元"],
    ["完成年任务比例", "32.5", "%"],
]


def _by_name(rows):
    return {f.name: f for f in figure_set_from_rows(rows).figures}


@pytest.mark.parametrize("rows", [WIDE, ROWS], ids=["wide", "rows"])
def test_both_shapes_load_into_the_same_indicators(rows):
    figures = _by_name(rows)
    assert set(figures) == {"规上工业总产值（上报数）", "工业投资", "外贸进出口总额"}
    investment = figures["工业投资"]
    assert (investment.value, investment.unit, investment.yoy) == (Decimal("29.3"), "亿元", Decimal("45.7"))
    trade = figures["外贸进出口总额"]
    assert trade.target == Decimal("40.2") and trade.aspect("completion").value == Decimal("32.5")


def test_the_title_gives_the_year_and_the_group_row_the_period():
    figures = _by_name(WIDE)
    assert figures["工业投资"].period == "2023年1-5月"


@pytest.mark.parametrize("rows", [WIDE, ROWS], ids=["wide", "rows"])
def test_a_rate_row_binds_to_its_indicator(rows):
    """The guardrail issue's example: 增速45.7% is the growth of 工业投资, not a figure of another input."""
    report = check_numbers(REAL + "1-5月，外贸进出口总额13亿元，同比增长0.5%，完成年任务（40.2亿元）的32.5%。", figure_set_from_rows(rows))
    assert report.ok, [(m.text, m.reason) for m in report.flagged]


def test_a_growth_target_contradicted_by_a_decline_is_flagged():
    figures = figure_set_from_rows([["指标", "数值", "单位"], ["进出口增速目标", "5", "%"]])
    assert check_numbers("力争进出口增长5%。", figures).ok and check_numbers("进出口目标增长5%。", figures).ok
    flagged = check_numbers("进出口目标下降5%。", figures).flagged
    assert flagged and "方向不符" in flagged[0].reason
    assert not check_numbers("进出口下降5%。", figures).ok  # a target is not an outcome, and a decline is not its growth


def test_a_negative_rate_is_stated_by_a_decline():
    figures = figure_set_from_rows([["指标", "数值", "单位"], ["社会消费品零售总额", "43.11", "亿元"], ["社会消费品零售总额同比增速", "-9.2", "%"]])
    assert check_numbers("社会消费品零售总额43.11亿元，同比下降9.2%。", figures).ok
    assert check_numbers("社会消费品零售总额43.11亿元，同比增长-9.2%。", figures).ok
    assert not check_numbers("社会消费品零售总额43.11亿元，同比增长9.2%。", figures).ok


@pytest.mark.parametrize("name, number, unit, sentence", [
    ("新增市场主体", "1367", "户", "新增市场主体1367户"), ("提前完成任务", "1", "个月", "提前完成任务1个月"),
    ("组建专班", "12", "组", "组建专班12组"), ("获评锦旗", "12", "面", "获评锦旗12面"), ("工业用电量", "6.42", "亿度", "工业用电量6.42亿度"),
    ("亩均税收", "35.2", "万元/亩", "亩均税收35.2万元/亩"), ("污水处理能力", "2.5", "万吨/日", "污水处理能力2.5万吨/日"),
    ("节电", "120", "万千瓦时", "节电120万千瓦时"), ("单位能耗", "86", "千瓦时/万元", "单位能耗86千瓦时/万元"),
    ("商品房均价", "8650", "元/平方米", "商品房均价8650元/平方米"), ("新能源汽车产量", "5200", "辆", "新能源汽车产量5200辆"),
    ("集装箱吞吐量", "36.5", "万标准箱", "集装箱吞吐量36.5万标准箱"), ("集装箱吞吐量", "8200", "TEU", "集装箱吞吐量8200TEU"),
])
def test_any_unit_is_read_and_checked(name, number, unit, sentence):
    figures = figure_set_from_rows([["指标", "数值", "单位"], [name, number, unit]])
    assert check_numbers(f"{sentence}。", figures).ok, unit
    assert not check_numbers(f"{sentence.replace(number, str(Decimal(number) + 1))}。", figures).ok, unit
    assert not check_numbers(f"{sentence.replace(number, format(Decimal(number) * 10, 'f'))}。", figures).ok, unit


def test_scale_conversion_is_exact():
    assert split_unit("万元/亩") == ("万", "元/亩") and split_unit("千瓦时") == ("", "千瓦时") and split_unit("亿度") == ("亿", "度")
    assert scale_of("万千瓦时") == Decimal(10) ** 4 and compatible("亿度", "万千瓦时")
    figures = figure_set_from_rows([["指标", "数值", "单位"], ["税收收入", "1.285", "亿元"]])
    assert check_numbers("税收收入12,850万元。", figures).ok
    assert not check_numbers("税收收入12,851万元。", figures).ok


def test_bad_cells_in_a_wide_table_name_the_row_and_the_column():
    rows = [row[:] for row in WIDE]
    rows[4][3] = "四十五点七"
    with pytest.raises(FigureError) as info:
        figure_set_from_rows(rows)
    assert "第5行" in info.value.message and "同比±%" in info.value.message and "工业投资" in info.value.message


def test_two_values_for_one_indicator_and_period_are_refused():
    rows = [["指标", "数值", "单位"], ["工业投资", "29.3", "亿元"], ["工业投资", "29.8", "亿元"]]
    with pytest.raises(FigureError, match="第3行"):
        figure_set_from_rows(rows)


def _cli(*args: str, stdin: str | None = None):
    from typer.testing import CliRunner

    from assistant.cli import build_app

    return CliRunner().invoke(build_app(), list(args), input=stdin)


def _xlsx_with_merged_header(path):
    book = Workbook()
    sheet = book.active
    for row in WIDE:
        sheet.append([float(c) if c.replace(".", "", 1).isdigit() else (c or None) for c in row])
    sheet.merge_cells("C2:D2")  # 1-5月 over 本期 and 同比±%
    sheet.merge_cells("E2:F2")  # 全年 over 目标 and 完成率%
    book.save(path)


@pytest.mark.parametrize("shape", ["wide.csv", "rows.csv", "wide.xlsx"])
def test_assistant_check_accepts_each_shape(tmp_path, shape):
    table = tmp_path / shape
    if shape == "wide.xlsx":
        _xlsx_with_merged_header(table)
    else:
        rows = WIDE if shape.startswith("wide") else ROWS
        table.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    assert len(load_figures(table).figures) == 3
    done = _cli("check", "--figures", str(table), "--json", "-", stdin=REAL)
    assert done.exit_code == 0, done.output
    assert all(m["status"] != "unsupported" for m in json.loads(done.stdout)["mentions"])
    wrong = _cli("check", "--figures", str(table), "-", stdin=REAL.replace("45.7", "47.5"))
    assert wrong.exit_code == 1


def test_a_period_in_brackets_after_the_name_is_the_rows_period():
    figures = figure_set_from_rows(
        [
            ["2023年1-6月全区主要经济指标"], ["指标", "数值", "单位"], ["社会消费品零售总额", "258.85", "亿元"],
            ["规模以上服务业营业收入（1-5月）", "59.82", "亿元"],
        ]
    )
    periods = {f.name: f.period for f in figures.figures}
    assert periods["规模以上服务业营业收入（1-5月）"] == "1-5月"
    assert check_numbers("1-5月，规模以上服务业营业收入59.82亿元。", figures).mentions[-1].status == "supported"


def test_a_row_whose_label_says_lower_holds_a_fall():
    figures = figure_set_from_rows(
        [["指标", "数值", "单位"], ["固定资产投资增速", "-9.6", "%"], ["固定资产投资增速低于全市", "8.7", "个百分点"]]
    )
    report = check_numbers("全区固定资产投资下降9.6%，低于全市增速8.7个百分点。", figures)
    assert [m.status for m in report.mentions] == ["supported", "supported"]
    wrong = check_numbers("全区固定资产投资下降9.6%，高于全市增速8.7个百分点。", figures)
    assert wrong.mentions[-1].status == "unsupported" and "8.7" in wrong.mentions[-1].reason and "-8.7" not in wrong.mentions[-1].reason


def test_a_column_of_a_shares_change_holds_points_not_a_share():
    figures = figure_set_from_rows(
        [["指标", "本期", "占全市规上工业增加值比重%", "比重较去年全年提高（个百分点）"], ["主导产业增加值", "", "41.2", "2.8"]]
    )
    assert [(a.kind, a.value) for a in figures.figures[0].aspects] == [("share", Decimal("41.2")), ("change", Decimal("2.8"))]
    text = "主导产业增加值占全市规上工业增加值比重为41.2%，较去年全年提高2.8个百分点。"
    assert [m.status for m in check_numbers(text, figures).mentions] == ["supported", "supported"]


def test_a_row_of_growth_in_what_was_done_is_a_rate_not_a_completion():
    figures = figure_set_from_rows([["指标", "数值", "单位"], ["5千万以上项目", "67", "个"], ["5千万以上项目完成投资同比增长", "23.0", "%"]])
    assert check_numbers("其中5千万以上的67个，完成投资同比增长23.0%。", figures).ok
    assert not check_numbers("其中5千万以上的67个，完成投资同比下降23.0%。", figures).ok
