"""Heading levels and lead sentences found in a draft body."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from assistant.export.blocks import parse_blocks


def test_levels_of_a_realistic_body(title, body):
    blocks = parse_blocks(body, title)
    levels = [(b.level, b.heading) for b in blocks if b.level]
    assert levels == [
        (1, "一、上半年主要工作开展情况"),
        (2, "（一）紧盯“时间过半、任务过半”，聚力招商引资取得实效。"),
        (3, "1.加快项目建设。"),
        (2, "（二）优化营商环境。"),
        (1, "二、存在的困难和问题"),
        (1, "三、下半年工作计划"),
        (2, "（一）全力冲刺全年目标任务。"),
    ]
    # The repeated title is dropped; 一是/二是 and a long "2." sentence stay paragraphs.
    assert blocks[0].text.startswith("今年以来")
    inline = next(b for b in blocks if b.text.startswith("一是"))
    assert inline.level == 0
    long_item = next(b for b in blocks if b.text.startswith("2.全年"))
    assert long_item.level == 0


def test_offsets_point_into_the_body():
    body = "　　一、总体情况\n\n  2.5亿元的项目已开工。\n## （二）招商引资\n1、新签约项目12个。其中亿元以上项目3个。"
    blocks = parse_blocks(body)
    for block in blocks:
        assert body[block.start : block.start + len(block.text)] == block.text
    assert [(b.level, b.heading) for b in blocks] == [
        (1, "一、总体情况"),
        (0, ""),  # a decimal at the start of a line is no list marker
        (2, "（二）招商引资"),
        (3, "1、新签约项目12个。"),
    ]
    assert blocks[3].rest == "其中亿元以上项目3个。"


@given(st.lists(st.sampled_from(["一、", "（二）", "1.", "2、", "1.5亿元", "　", "#", "。", "招商", "\n", "\r\n", " "]), max_size=30))
def test_every_block_is_a_slice_of_the_body(pieces):
    body = "".join(pieces)
    for block in parse_blocks(body):
        assert block.text and body[block.start : block.start + len(block.text)] == block.text
        assert 0 <= block.lead <= len(block.text)
