"""Plain-words drafting requests in the chat are read into a section kind; questions stay questions."""

import pytest

from assistant.drafting.intent import DraftIntent, draft_intent
from assistant.drafting.outline import parse_section


@pytest.mark.parametrize(
    "message, expected",
    [
        ("帮我起草上半年主要经济指标部分", DraftIntent("主要经济指标", False, "上半年")),
        ("写一段2025年1-6月经济指标", DraftIntent("主要经济指标", False, "2025年1-6月")),
        ("起草一份2025年上半年工作总结及下半年工作计划", DraftIntent(None, True, "2025年上半年")),
        ("帮我写一份工作总结", DraftIntent(None, True, None)),
        ("起草全文", DraftIntent(None, True, None)),
        ("写一段下半年工作计划", DraftIntent("下半年工作计划", False, None)),
        ("起草2026年工作安排", DraftIntent("2026年工作计划", False, None)),
        ("草拟存在的困难和问题", DraftIntent("存在问题", False, None)),
        ("起草招商引资方面的重点工作", DraftIntent("重点工作·招商引资", False, None)),
        ("生成安全生产工作情况", DraftIntent("重点工作·安全生产", False, None)),
        ("写开头段", DraftIntent("总述", False, None)),
    ],
)
def test_drafting_requests(message, expected):
    intent = draft_intent(message)
    assert intent == expected
    if intent.section:
        parse_section(intent.section)  # the drafter accepts what the intent names


@pytest.mark.parametrize(
    "message",
    [
        "其他园区在盘活低效闲置用地方面有哪些做法？",
        "存在问题一般怎么写？",
        "如何写好招商引资部分",
        "你好",
        "去年的主要经济指标完成得怎样",
        "写",
    ],
)
def test_questions_are_not_drafting_requests(message):
    assert draft_intent(message) is None
