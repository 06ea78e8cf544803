"""Finding and parsing number mentions: numerals, units and scale, wording around numbers, non-figures."""

from decimal import Decimal

import pytest

from assistant.numbers import (
    chinese_integer,
    chinese_number,
    compatible,
    dimension,
    find_mentions,
    is_known_unit,
    normalize,
    parse_period,
    same_period,
    scale_of,
)


def only(text: str):
    """The single figure-like mention (figure, ranking or placeholder) of `text`."""
    found = [m for m in find_mentions(text) if m.kind in ("figure", "ranking", "placeholder")]
    assert len(found) == 1, [(m.text, m.kind) for m in find_mentions(text)]
    return found[0]


ARABIC = [
    ("实现产值128.5亿元", "128.5亿元", "128.5", "亿元", "0.1"),
    ("协议资金12,850万元", "12,850万元", "12850", "万元", "1"),
    ("协议资金12，850万元", "12，850万元", "12850", "万元", "1"),
    ("进出口1,234,567万美元", "1,234,567万美元", "1234567", "万美元", "1"),
    ("增长4.470%", "4.470%", "4.470", "%", "0.001"),
    ("总产值１２８．５亿元", "１２８．５亿元", "128.5", "亿元", "0.1"),
    ("增长４.４７％", "４.４７％", "4.47", "%", "0.01"),
    ("税收25. 01亿元", "25. 01亿元", "25.01", "亿元", "0.01"),
    ("税收25.\n01亿元", "25.\n01亿元", "25.01", "亿元", "0.01"),
    ("产值128.5\n亿元", "128.5\n亿元", "128.5", "亿元", "0.1"),
    ("只有3\n00多亩", "3\n00多亩", "300", "亩", "1"),
    ("产值 128.5 亿元", "128.5 亿元", "128.5", "亿元", "0.1"),
    ("增速为-9.2%", "-9.2%", "-9.2", "%", "0.1"),
    ("兑现资金0.5亿元", "0.5亿元", "0.5", "亿元", "0.1"),
    ("用地1044.39亩", "1044.39亩", "1044.39", "亩", "0.01"),
    ("标准厂房12.5万平方米", "12.5万平方米", "12.5", "万平方米", "0.1"),
    ("完成投资3.2亿美元", "3.2亿美元", "3.2", "亿美元", "0.1"),
    ("发放贷款5亿元", "5亿元", "5", "亿元", "1"),
    ("增长90%o", "90%o", "90", "%", "1"),
]


@pytest.mark.parametrize("text, span, value, unit, quantum", ARABIC)
def test_arabic_numbers(text, span, value, unit, quantum):
    m = only(text)
    assert (m.text, m.value, m.unit, m.quantum) == (span, Decimal(value), unit, Decimal(quantum))
    assert text[m.start : m.end] == m.text


CHINESE = [
    ("签约十九个项目", "十九个", "19", "个"),
    ("两千家企业", "两千家", "2000", "家"),
    ("招工三千二百五十人", "三千二百五十人", "3250", "人"),
    ("增长百分之四点四七", "百分之四点四七", "4.47", "%"),
    ("占比百分之六十", "百分之六十", "60", "%"),
    ("新增两家企业", "两家", "2", "家"),
    ("共一百零五个项目", "一百零五个", "105", "个"),
    ("实施重点项目一百二十个", "一百二十个", "120", "个"),
    ("完成投资三千五百万元", "三千五百万元", "3500", "万元"),
    ("实现产值一亿二千万元", "一亿二千万元", "12000", "万元"),
    ("引进资金一点二亿元", "一点二亿元", "1.2", "亿元"),
    ("新增企业一家。", "一家", "1", "家"),
    ("培训十次", "十次", "10", "次"),
]


@pytest.mark.parametrize("text, span, value, unit", CHINESE)
def test_chinese_numerals(text, span, value, unit):
    m = only(text)
    assert (m.text, m.value, m.unit, m.numeral) == (span, Decimal(value), unit, "chinese")


MIXED = [
    ("吸纳就业1.2万人", "1.2万人", "1.2", "万人", "0.1"),
    ("投资3千万元", "3千万元", "3000", "万元", "1000"),
    ("游客2.5万人次", "2.5万人次", "2.5", "万人次", "0.1"),
    ("总额1.2万亿元", "1.2万亿元", "1.2", "万亿元", "0.1"),
    ("参保3万余人", "3万余人", "3", "万人", "1"),
]


@pytest.mark.parametrize("text, span, value, unit, quantum", MIXED)
def test_mixed_numerals(text, span, value, unit, quantum):
    m = only(text)
    assert (m.text, m.value, m.unit, m.quantum) == (span, Decimal(value), unit, Decimal(quantum))


MEASURE_WORDS = ["个", "家", "项", "宗", "人", "人次", "条", "次", "场", "家次", "批次", "件", "户", "座", "栋", "台", "套", "名", "处", "轮"]


@pytest.mark.parametrize("word", MEASURE_WORDS)
def test_measure_words_are_units(word):
    m = only(f"今年以来共完成17{word}，")
    assert m.unit == word and m.value == Decimal(17)


@pytest.mark.parametrize(
    "a, b, same",
    [
        ("亿元", "万元", True), ("元", "亿元", True), ("万美元", "亿美元", True), ("亿元", "万美元", False),
        ("%", "个百分点", False), ("亩", "万平方米", False), ("万平方米", "平方米", True), ("个", "家", True),
        ("家", "人", False), ("人次", "人", False), ("万人", "人", True), ("位", "个", False),
    ],
)
def test_unit_compatibility(a, b, same):
    assert compatible(a, b) is same


@pytest.mark.parametrize(
    "unit, dim, scale",
    [
        ("亿元", "元", 10**8), ("万元", "元", 10**4), ("元", "元", 1), ("万美元", "美元", 10**4), ("万平方米", "平方米", 10**4),
        ("个百分点", "个百分点", 1), ("万", "", 10**4),
    ],
)
def test_unit_dimension_and_scale(unit, dim, scale):
    assert dimension(unit) == dim and scale_of(unit) == Decimal(scale)


@pytest.mark.parametrize("unit", ["亿元", "万元", "元", "万美元", "%", "个百分点", "亩", "万平方米", "个", "家", "人次", "位", "万人"])
def test_known_units(unit):
    assert is_known_unit(unit)


@pytest.mark.parametrize("unit", ["斤", "亿", "xx", "亿亿元"])
def test_unknown_units(unit):
    assert not is_known_unit(unit) or unit == "亿"


APPROX = [
    ("约98.6亿元", "about"), ("大约100亿元", "about"), ("128.5亿元左右", "about"), ("近130亿元", "below"), ("接近130亿元", "below"),
    ("将近130亿元", "below"), ("超130亿元", "above"), ("超过130亿元", "above"), ("逾130亿元", "above"), ("突破130亿元", "above"),
    ("650余家", "above"), ("300多亩", "above"), ("增长7%以上", "above"), ("不到130亿元", "below_strict"), ("不足130亿元", "below_strict"),
    ("控制在5%以内", "at_most"), ("共签约19个", None), ("节约资金3亿元", None), ("128.5亿元", None),
]


@pytest.mark.parametrize("text, approx", APPROX)
def test_approximation_words(text, approx):
    assert only(text).approx == approx


# 降幅收窄: the growth rate rose (statistics tables record 较上期 +1.2 for it; see tests/data/real/ju_11.yaml)
DIRECTION = [
    ("同比增长4.47%", 1, False), ("同比下降4.67%", -1, False), ("提高2.3个百分点", 1, False), ("回落1.2个百分点", -1, False),
    ("下滑3.5%", -1, False), ("减少12个", -1, False), ("增速为6.1%", 0, False), ("提高到3.18%", 1, True), ("下降至2.1%", -1, True),
    ("增长了4.5%", 1, False), ("负增长3.2%", -1, False), ("应交增值税8.78亿元", 0, False), ("降幅收窄1.2个百分点", 1, False),
]


@pytest.mark.parametrize("text, direction, level", DIRECTION)
def test_direction_words(text, direction, level):
    m = only(text)
    assert (m.direction, m.level) == (direction, level)


def test_signed_value_uses_direction():
    assert only("同比下降9.2%").signed == Decimal("-9.2")
    assert only("同比增长-9.2%").signed == Decimal("-9.2")
    assert only("下降至2.1%").signed == Decimal("2.1")


PLACEHOLDERS = [
    "实现产值XX亿元", "增长x.xx%", "新增企业*家", "税收XXX亿元", "厂房xx.xx万平方米", "奖励xxxx.xx万元", "排名前X名", "X-X月", "xxxx年",
    "营业收入*亿元",
]


@pytest.mark.parametrize("text", PLACEHOLDERS)
def test_placeholders(text):
    assert only(text).kind == "placeholder"


NOT_FIGURES = [
    ("2023年1-5月份", {"year", "period"}),
    ("二〇二三年", {"year"}),
    ("2023上半年", {"year"}),
    ("1至9月", {"period"}),
    ("一季度", {"period"}),
    ("前三季度", {"period"}),
    ("11月中旬", {"period"}),
    ("6月30日", {"date"}),
    ("一是", {"list_marker"}),
    ("（二）加强", {"list_marker"}),
    ("1.加快项目建设", {"list_marker"}),
    ("（1）推进", {"list_marker"}),
    ("第三批", {"ordinal"}),
    ("第一种形态", {"ordinal"}),
    ("“一二三五”工作思路", {"slogan"}),
    ("五大攻坚行动", {"slogan"}),
    ("三年倍增", {"slogan"}),
    ("十四五", {"slogan"}),
    ("“1+N”运营体系", {"slogan"}),
    ("“三个狠抓”", {"slogan"}),
    ("赣府厅字〔2022〕36号", {"docnum"}),
    ("10亿元以上项目", {"threshold"}),
    ("税收500万元以上企业", {"threshold"}),
    ("5亿元至10亿元项目", {"threshold"}),
    ("重点招引5亿元、10亿元以上企业", {"threshold"}),
    ("亩均税收低于5万元的企业", {"threshold"}),
    ("5G基站", {"code"}),
    ("完成公司2A评级", {"code"}),
    ("QQ:403074932", {"code"}),
    ("80、90后", {"slogan"}),
    ("两大主导产业", {"slogan"}),
    ("重点抓好六个方面工作", {"structure"}),
    ("《2023年工作要点》", {"slogan"}),
]


@pytest.mark.parametrize("text, kinds", NOT_FIGURES)
def test_not_figures(text, kinds):
    found = find_mentions(text)
    assert found and {m.kind for m in found} == kinds, [(m.text, m.kind) for m in found]
    assert all(m.value is None for m in found)


def test_quotes_without_numbers_are_not_mentions():
    assert find_mentions("聚焦“招商引资”，落实“为企服务日”制度") == []


WORDS_NOT_NUMBERS = ["一个工程、一个班子成员挂点", "进一步优化营商环境", "统一部署", "千方百计", "一企一档", "一批项目", "对一名党员干部立案"]


@pytest.mark.parametrize("text", WORDS_NOT_NUMBERS)
def test_words_with_numeral_characters_are_not_figures(text):
    assert [m for m in find_mentions(text) if m.kind == "figure"] == []


RANKINGS = [("位列全省第3位", "第3位", 3), ("居全市第一", "第一", 1), ("排名第六", "第六", 6), ("综合考评位居全市开发区第2名", "第2名", 2)]


@pytest.mark.parametrize("text, span, value", RANKINGS)
def test_rankings_are_figures(text, span, value):
    m = only(text)
    assert (m.kind, m.text, m.value, m.unit) == ("ranking", span, Decimal(value), "位")


PERIODS = [
    ("1-6月", (None, 1, 6)), ("上半年", (None, 1, 6)), ("1至6月", (None, 1, 6)), ("1-6月份", (None, 1, 6)), ("2025年1-6月", (2025, 1, 6)),
    ("一季度", (None, 1, 3)), ("前三季度", (None, 1, 9)), ("下半年", (None, 7, 12)), ("全年", (None, 1, 12)), ("2024年", (2024, 1, 12)),
    ("5月", (None, 5, 5)), ("一至五月", (None, 1, 5)), ("今年以来", None), ("本期", None),
]


@pytest.mark.parametrize("text, period", PERIODS)
def test_periods(text, period):
    assert parse_period(text) == period


def test_same_period_ignores_a_missing_year():
    assert same_period((None, 1, 6), (2025, 1, 6)) and not same_period((2025, 1, 6), (2024, 1, 6)) and not same_period((None, 1, 5), (None, 1, 6))


def test_mention_period_comes_from_its_sentence():
    found = [m for m in find_mentions("2025年1-6月，产值128.5亿元。全年目标266亿元，比一季度提高2个百分点。") if m.kind == "figure"]
    assert found[0].period == (2025, 1, 6)
    assert found[1].period is None and found[2].period is None


@pytest.mark.parametrize(
    "text, value",
    [
        ("十九", 19), ("两千", 2000), ("三千二百五十", 3250), ("二〇二三", 2023), ("一百零五", 105), ("十", 10), ("二十万", 200000),
        ("一亿二千万", 120000000), ("三万五千", 35000),
    ],
)
def test_chinese_integer(text, value):
    assert chinese_integer(text) == value


def test_chinese_decimal_keeps_its_places():
    assert chinese_number("四点四七") == (Decimal("4.47"), Decimal("0.01"))
    assert chinese_number("零点五") == (Decimal("0.5"), Decimal("0.1"))


def test_offsets_map_back_through_normalisation():
    text = "产值１２８．５\n亿元，增长 4.47%"
    norm, offsets = normalize(text)
    assert "128.5亿元" in norm and offsets is not None
    for m in find_mentions(text):
        assert text[m.start : m.end] == m.text


def test_list_marker_line_is_not_joined_to_the_previous_line():
    found = find_mentions("推进项目建设\n1.加快建设进度")
    assert [m.kind for m in found] == ["list_marker"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("比上年同期分别提高2.2、4.1、17.5个百分点", [("2.2", "个百分点"), ("4.1", "个百分点"), ("17.5个百分点", "个百分点")]),
        ("一产和三产占比分别下降0.5和0.7个百分点", [("0.5", "个百分点"), ("0.7个百分点", "个百分点")]),
        ("分别为3、5亿元", [("3", "亿元"), ("5亿元", "亿元")]),
    ],
)
def test_bare_numbers_listed_before_a_unit_take_that_unit(text, expected):
    assert [(m.text, m.unit) for m in find_mentions(text) if m.is_figure] == expected


@pytest.mark.parametrize(
    "text, word",
    [
        ("每千家“四上”企业中有上市企业11家", "千家"), ("2022百强园区中", "2022百"), ("较上一年上升", "一年"), ("两项指标均位列全市第6", "两项"),
        ("三次产业结构", "三次"),
        # seen in 核对稿件 on a Word report: terms and a voltage class, flagged as figures the table lacked
        ("支持企业通过厂房加层实施二次开发6宗", "二次"), ("园区110千伏变电站建成投运", "110"), ("表1 2025年主要经济指标", "1"),
    ],
)
def test_words_that_hold_numerals_are_not_figures(text, word):
    assert not any(m.is_figure and word in m.text for m in find_mentions(text))


@pytest.mark.parametrize(
    "text, direction",
    [
        ("但仍低于全省平均增速2.1个百分点", -1),
        ("高于全省平均值0.4个百分点", 1),
        ("降幅较上月扩大3.4个百分点", -1),
        ("降幅较一季度收窄2.7个百分点", 1),
        ("增幅较一季度收窄2.7个百分点", -1),
        ("同比下降3.1%，降幅比上月扩大1.2个百分点", -1),
        ("下降3%，增长了2个百分点", 1),
    ],
)
def test_the_direction_of_a_comparison_and_of_a_fall(text, direction):
    assert find_mentions(text)[-1].direction == direction


@pytest.mark.parametrize(
    "text, word",
    [("其中5千万以上的67个", "5千万"), ("5千万以下固定资产投资增速同比下降43.5%", "5千万")],
)
def test_an_amount_that_names_a_category_is_a_threshold(text, word):
    assert [m.kind for m in find_mentions(text) if m.text == word] == ["threshold"]


def test_an_amount_stated_with_above_is_still_a_figure():
    assert [m.kind for m in find_mentions("完成投资10亿元以上，同比增长5%")] == ["figure", "figure"]


@pytest.mark.parametrize(
    "text, word", [("成功入选2023福布斯中国消费活力20强城市", "2023"), ("成功入选2023福布斯中国消费活力20强城市", "20"), ("世界500强企业", "500")]
)
def test_years_and_list_names_before_a_name_are_not_figures(text, word):
    assert not any(m.is_figure and m.text == word for m in find_mentions(text))


def test_a_rank_after_a_whole_area_is_a_rank():
    """"累计开发面积96.12平方公里，全省第二" (gyq_10): a rank to check; 全国第五次经济普查 and 安全第一 are not."""
    from assistant.numbers import find_mentions

    assert [(m.text, m.kind) for m in find_mentions("累计开发面积96.12平方公里，全省第二，增速全市第一。")][1:] == [("第二", "ranking"), ("第一", "ranking")]
    assert [m.kind for m in find_mentions("开展全国第五次经济普查，坚持安全第一，全省第一批。")] == ["ordinal"] * 3


def test_a_duration_and_a_list_marker_before_a_number():
    """"二是3个多月：…" (found by the narrative bench): 3个多月 is a duration, and 二是 is not the words it is bound by."""
    from assistant.guardrails import check_numbers
    from assistant.numbers import find_mentions

    assert [(m.text, m.unit) for m in find_mentions("二是3个多月：项目完成签约。") if m.kind == "figure"] == [("3个多月", "个月")]
    report = check_numbers("二是3个多月：项目完成签约。", {"figures": [], "notes": ["3个多月：项目完成签约"]})
    assert [m.status for m in report.mentions] == ["not_a_figure", "supported"]
