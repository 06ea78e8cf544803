"""stated_figures (documents.chunking): the figures a past passage states, as ingestion stores them."""

from decimal import Decimal

from assistant.documents.chunking import stated_figures
from assistant.figures import Figure


def test_amounts_with_their_growth():
    got = stated_figures("1-9月，应交增值税8.78亿元，下降28.38%；固定资产投资35.26亿元，同比增长9.67%。")
    assert got == [
        Figure("应交增值税", Decimal("8.78"), "亿元", "1-9月", Decimal("-28.38")),
        Figure("固定资产投资", Decimal("35.26"), "亿元", "1-9月", Decimal("9.67")),
    ]


def test_placeholder_amount_keeps_its_growth_rate_only():
    got = stated_figures("2023年1-5月份，主园区实现规上工业企业产值XX亿元，同比增长4.47%。")
    assert got == [Figure("规上工业企业产值增速", Decimal("4.47"), "%", "2023年1-5月")]


def test_placeholders_yield_nothing():
    assert stated_figures("实现营业收入*亿元，规上企业xx家，标准厂房x.xx万平方米。") == []


def test_counts_take_the_noun_after_the_measure_word():
    got = stated_figures("今年以来，共签约19个项目，协议资金约98.6亿元。")
    assert got == [Figure("签约项目", Decimal("19"), "个"), Figure("协议资金", Decimal("98.6"), "亿元")]


def test_non_figures_and_completion_rates_are_not_stated_figures():
    got = stated_figures("2023年上半年，围绕“一二三五”思路，按〔2022〕36号文件，对10亿元以上项目实行专班推进，完成全年目标的56%。")
    assert got == []


def test_values_are_exact_decimals():
    got = stated_figures("兑现奖补资金5,120万元，盘活用地1044.39亩。")
    assert [(p.value, p.unit) for p in got] == [(Decimal("5120"), "万元"), (Decimal("1044.39"), "亩")]
    assert all(isinstance(p.value, Decimal) for p in got)
