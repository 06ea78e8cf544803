"""Slots render to the exact input values with the right Chinese wording, and the checker agrees."""

from decimal import Decimal

import pytest

from assistant.drafting.slots import SlotBook
from assistant.figures import Figure, FigureSet
from assistant.guardrails import check_numbers
from assistant.numbers import fmt

FIGURES = FigureSet(
    figures=[
        Figure("规上工业总产值", Decimal("128.5"), "亿元", period="1-6月", yoy=Decimal("4.47"), prior=Decimal("123.0"), target=Decimal("266")),
        Figure("固定资产投资", Decimal("35.26"), "亿元", period="1-6月", yoy=Decimal("-9.67")),
        Figure("社会消费品零售总额同比增速", Decimal("-9.2"), "%"),
        Figure("研发投入强度", Decimal("3.18"), "%", prior=Decimal("2.95")),
        Figure("进出口总额", Decimal("25300"), "万美元", period="1-6月", yoy=Decimal("0")),
        Figure("新签约项目", Decimal("19"), "个", period="1-6月", target=Decimal("40")),
    ],
    notes=[],
)
BOOK = SlotBook(FIGURES)


@pytest.mark.parametrize(
    "written, rendered",
    [
        ("【规上工业总产值】", "128.5亿元"),
        ("【规上工业总产值·同比】", "同比增长4.47%"),
        ("【固定资产投资·同比】", "同比下降9.67%"),
        ("【社会消费品零售总额同比增速】", "同比下降9.2%"),
        ("【进出口总额】", "25300万美元"),
        ("【进出口总额·同比】", "同比持平"),
        ("【规上工业总产值·完成率】", "完成目标任务的48.3%"),
        ("【新签约项目·完成率】", "完成目标任务的47.5%"),
        ("【研发投入强度·变化】", "较上年同期提高0.23个百分点"),
        ("【规上工业总产值·上年同期】", "123.0亿元"),
        ("【规上工业总产值·目标】", "266亿元"),
        ("【 规上工业总产值 - 同比 】", "同比增长4.47%"),
        ("【规上工业总产值同比增速】", "同比增长4.47%"),
    ],
)
def test_slot_renders_exactly(written, rendered):
    out = BOOK.render(written)
    assert out.text == rendered and out.unknown == []


def test_words_the_model_repeats_around_a_slot_are_not_doubled():
    text = "规上工业总产值【规上工业总产值】亿元，同比增长【规上工业总产值·同比】，完成全年目标的【规上工业总产值·完成率】。"
    assert BOOK.render(text).text == "规上工业总产值128.5亿元，同比增长4.47%，完成目标任务的48.3%。"


def test_unknown_slots_stay_and_are_listed():
    out = BOOK.render("地区生产总值【地区生产总值】，【固定资产投资·完成率】。")
    assert out.unknown == ["地区生产总值", "固定资产投资·完成率"]
    assert "【地区生产总值】" in out.text


def test_aspects_appear_only_when_their_inputs_exist():
    assert "固定资产投资·完成率" not in BOOK.slots  # no target
    assert "新签约项目·同比" not in BOOK.slots  # no yoy, no prior
    assert "规上工业总产值·完成率" in BOOK.slots


def test_listing_names_slots_without_digits():
    listing = BOOK.listing()
    assert "【规上工业总产值·同比】（增长）" in listing and "【固定资产投资·同比】（下降）" in listing
    assert not any(ch.isdigit() for ch in listing.replace("1-6月", ""))


def test_decimal_precision_is_kept():
    assert fmt(Decimal("123.0")) == "123.0" and fmt(Decimal("25300")) == "25300" and fmt(Decimal("-0")) == "0"


def test_every_rendered_slot_passes_the_checker():
    sentence = "1-6月，" + "；".join(
        f"{slot.figure.name}{'' if slot.directional else '为'}【{key}】" for key, slot in BOOK.slots.items() if slot.aspect in (None, "同比", "完成率")
    ) + "。"
    rendered = BOOK.render(sentence)
    report = check_numbers(rendered.text, FIGURES)
    assert rendered.unknown == []
    assert report.ok, [(m.text, m.status, m.reason) for m in report.flagged]


def test_slot_sentences_render_to_text_the_guardrail_accepts():
    from assistant.figures import load_figures
    from assistant.guardrails import check_numbers
    from assistant.settings import PROJECT_ROOT

    figures = load_figures(PROJECT_ROOT / "tests" / "data" / "figures" / "figures_2025h1.json")
    book = SlotBook(figures)
    verbs = book.verbs_from(["1-6月，全区实现规上工业总产值X亿元；完成固定资产投资X亿元。"])
    assert verbs == {"规上工业总产值": "实现", "固定资产投资": "完成"}
    indicators = book.render(book.skeleton("主要经济指标", verbs)).text
    assert indicators.startswith("实现规上工业总产值128.5亿元，同比增长4.47%，完成目标任务的48.3%；规上工业增加值增长6.1%；完成固定资产投资35.26亿元")
    plan = book.render(book.skeleton("工作计划")).text
    assert plan.startswith("确保完成全年目标任务：规上工业总产值目标266亿元、固定资产投资目标63亿元")
    for text in (indicators, plan):
        assert check_numbers(text, figures).ok, text
    assert book.skeleton("存在问题") == ""
