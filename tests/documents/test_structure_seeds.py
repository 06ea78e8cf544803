"""Headings, section tree, kinds and metadata on the real seeds and on glued text."""

from __future__ import annotations

import pytest

from assistant.documents.kinds import SECTION_KINDS
from assistant.documents.loading import parse_document
from assistant.documents.structure import split_headings

METADATA = {
    "000": ("XX经济开发区2023上半年工作总结及下半年工作计划", 2023, "上半年", "总结及计划"),
    "001": ("经济开发区2023年度工作总结及2024年工作安排思路计划", 2023, "全年", "总结及计划"),
    "002": ("2022年度经济开发区工作总结及工作谋划", 2022, "全年", "总结及计划"),
    "003": ("县工业园区2023年度工作总结暨2023年度工作计划", 2023, "全年", "总结及计划"),
    "004": ("工业园区开发区2020年工作总结工作计划安排谋划", 2020, "全年", "总结及计划"),
}


def walk(sections, depth=0):
    for section in sections:
        yield section, depth
        yield from walk(section.children, depth + 1)


def find(doc, heading):
    for section, _ in walk(doc.sections):
        if section.heading == heading:
            return section
    raise AssertionError(f"no section {heading!r}; have {[s.heading for s, _ in walk(doc.sections)]}")


@pytest.mark.parametrize("prefix", sorted(METADATA))
def test_metadata(seeds, prefix):
    doc = seeds[prefix]
    assert (doc.title, doc.year, doc.period, doc.doc_type) == METADATA[prefix]


def test_level_one_headings_000(seeds):
    doc = seeds["000"]
    assert [s.heading for s in doc.sections] == ["", "一、2023上半年主要工作开展情况", "二、下半年工作计划"]
    assert [s.kind for s in doc.sections] == ["总述", "重点工作", "工作计划"]


def test_inline_items_and_themes_000(seeds):
    doc = seeds["000"]
    first = find(doc, "（一）紧盯“时间过半、任务过半”，聚力“五大攻坚”取得实效")
    assert [c.heading for c in first.children] == [
        "一是“招商引资”方面",
        "二是“项目推进”方面",
        "三是“为企服务”方面",
        "四是“存量盘活”方面",
        "五是“功能提升”方面",
    ]
    assert [c.kind for c in first.children] == [
        "重点工作·招商引资",
        "重点工作·项目建设",
        "重点工作·为企服务",
        "重点工作·存量盘活",
        "重点工作·平台与基础设施",
    ]
    assert find(doc, "三是守牢生态环保“高压线”").kind == "重点工作·生态环保"
    assert find(doc, "一是突出党建引领").kind == "重点工作·党建"


def test_glued_headings_001_are_split(seeds):
    """Seed 001 is a few long lines; its headings come out as a tree of three articles."""
    doc = seeds["001"]
    level_one = [s.heading for s in doc.sections if s.level == 1]
    assert level_one[:5] == [
        "一、2023年工作完成情况",
        "二、存在的困难和问题",
        "三、2024年工作安排和打算",
        "四、对省、市政府工作的意见和建议",
        "经济开发区2023年工作总结和2024年工作思路",
    ]
    assert "一、重点工作任务完成情况" in level_one and "二、存在的问题" in level_one
    first = doc.sections[1]
    assert [c.heading for c in first.children] == [
        "(一)平台支撑更加有力",
        "(二)园区经济稳定增长",
        "(三)发展环境不断优化",
        "(四)集约水平持续提升",
        "(五)安全保障日益增强",
        "(六)党建引领明显增强",
    ]
    assert find(doc, "二、存在的困难和问题").kind == "存在问题"
    assert find(doc, "四、对省、市政府工作的意见和建议").kind == "意见建议"
    assert find(doc, "三、2024年工作安排和打算").kind == "工作计划"
    assert find(doc, "(四)集约水平持续提升").kind == "重点工作·存量盘活"
    assert find(doc, "(二)园区经济稳定增长").kind == "主要经济指标"
    problems = find(doc, "二、存在的问题")
    assert [c.heading for c in problems.children] == ["1 .招商引资和项目落地难", "2 .基础设施建设资金短缺", "3 .财政管理体制不完善"]


def test_glued_headings_003_are_split(seeds):
    doc = seeds["003"]
    assert [s.heading for s in doc.sections if s.level == 1] == ["一、工作总结", "二、工作规划"]
    work = find(doc, "一、工作总结")
    assert len(work.children) == 6
    assert find(doc, "(二)狠抓“招大引强”,着力增加发展后劲").kind == "重点工作·招商引资"
    plan = find(doc, "(二)聚焦产业转型升级,在推动经济发展上再见效")
    assert [c.heading for c in plan.children] == ["1.抓工程建设", "2.抓产业发展", "3.抓运行调度"]


def test_numbered_list_002(seeds):
    doc = seeds["002"]
    assert [s.kind for s in doc.sections] == ["总述", "主要经济指标", "重点工作", "存在问题", "工作计划"]
    plan = doc.sections[-1]
    assert plan.heading == "四、2022年工作谋划"
    assert [c.heading for c in plan.children][:2] == ["1、聚焦平台建设", "2、聚焦项目建设"]
    assert all(c.level == 4 for c in plan.children)


def test_problems_and_plan_004(seeds):
    doc = seeds["004"]
    kinds = {s.heading: s.kind for s in doc.sections}
    assert kinds["一、主要经济指标完成情况"] == "主要经济指标"
    assert kinds["三、存在的主要困难与问题"] == "存在问题"
    assert kinds["五、xxxx年发展思路和工作计划"] == "工作计划"
    assert find(doc, "(五)聚焦素质提升,持续加强党的建设").kind == "重点工作·党建"


def test_every_kind_is_known(seeds):
    for doc in seeds.values():
        for section, _ in walk(doc.sections):
            assert section.kind in SECTION_KINDS, section.kind


def test_spans_cover_the_text(seeds):
    """Top-level sections tile the document text; each heading sits at its section's start."""
    for doc in seeds.values():
        position = 0
        for section in doc.sections:
            assert doc.text[position : section.start].strip() == ""
            position = section.end
        assert position == len(doc.text)
        for section, _ in walk(doc.sections):
            if section.level:
                assert doc.text[section.start : section.end].startswith(section.heading[:2])


def test_split_headings_in_one_long_line():
    text = "一、主要工作(一)招商引资成效明显。今年签约项目5个。一是抓龙头。引进企业2家。二是抓配套。二、存在问题1.用地紧张。2.人才缺乏。"
    assert split_headings(text).split("\n") == [
        "一、主要工作",
        "(一)招商引资成效明显。今年签约项目5个。",
        "一是抓龙头。引进企业2家。",
        "二是抓配套。",
        "二、存在问题",
        "1.用地紧张。",
        "2.人才缺乏。",
    ]


def test_numbers_inside_sentences_are_not_headings():
    text = "新建三、四期厂房，年产1.5万吨，占比98.47%。今年1、2月产值增长。第一、二批项目已投产。"
    assert split_headings(text) == text


def test_title_unit_and_period_from_first_line():
    doc = parse_document("青川经济开发区2025年1-9月经济运行情况\n1-9月，规上工业产值增长5%。\n一、主要指标\n产值12亿元。", "x.txt")
    assert (doc.title, doc.unit, doc.year, doc.period, doc.doc_type) == (
        "青川经济开发区2025年1-9月经济运行情况",
        "青川经济开发区",
        2025,
        "前三季度",  # the one period label drafting filters on (1-9月 and 前三季度 are one span)
        "经济运行",
    )
    assert doc.text.startswith("1-9月")


@pytest.mark.parametrize("title", ["青川经济开发区2025年1-6月工作总结", "青川经济开发区2025年上半年工作总结", "青川经济开发区2025年1至6月份工作总结"])
def test_one_period_label_whatever_the_title_says(title):
    from assistant.periods import year_and_label

    doc = parse_document(f"{title}\n今年以来，园区稳步发展。", "x.txt")
    assert doc.period == "上半年" == year_and_label("2025年1-6月")[1]


def test_a_sentence_naming_a_plan_is_not_an_article_title():
    text = "一、主要工作\n会议审议了工作安排。园区2023年工作计划已经印发，各部门抓好落实。"
    assert split_headings(text) == text
