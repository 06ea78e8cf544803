"""Cleaning rules on small texts: variants of the noise the seeds show, and report lines that look like noise."""

from __future__ import annotations

from assistant.documents.cleaning import clean_text


def test_site_header_gives_the_title():
    cleaned = clean_text(
        "《某高新区2024年工作总结.doc》由会员分享,可在线阅读,"
        "更多相关《某高新区2024年工作总结.doc(9页珍藏版)》请在某某文库上搜索。\n今年以来，园区稳中有进。"
    )
    assert cleaned.title_hint == "某高新区2024年工作总结"
    assert cleaned.text == "今年以来，园区稳中有进。"


def test_editor_intro_variant():
    cleaned = clean_text("以下是小编整理的开发区2023年工作计划，欢迎阅读。\n一、总体思路\n坚持项目为王。")
    assert cleaned.title_hint == "开发区2023年工作计划"
    assert cleaned.text == "一、总体思路\n坚持项目为王。"


def test_page_furniture_and_footers():
    raw = "一、主要成效\n产值增长5%。\n— 2 —\n推荐访问: 工作总结 工作计划\n相关推荐：开发区工作总结范文\n限制150内"
    assert clean_text(raw).text == "一、主要成效\n产值增长5%。"


def test_report_lines_that_mention_ad_words_stay():
    raw = "引导企业加入行业协会，新发展会员企业30家。\n开通园区微信公众号，联系服务企业120家，下载量超过1万次。"
    assert clean_text(raw).text == raw


def test_inline_watermark_and_paywall_markers():
    raw = "##paidbein##一是抓招商。[公 众 号：某某]签约项目5个。##paidend##"
    assert clean_text(raw).text == "一是抓招商。签约项目5个。"


def test_real_numbered_list_is_kept_and_page_numbers_are_removed():
    listed = "重点抓好以下工作：\n1、聚焦招商。引进项目5个。\n2、聚焦项目。开工项目8个。\n3、聚焦服务。走访企业60家。"
    assert clean_text(listed).text == listed
    paged = "1、今年以来，园区完成固定资产投资12.5亿\n2、元，同比增长6.3%；新签约项目\n3、18个。"
    assert clean_text(paged).text.replace("\n", "") == "今年以来，园区完成固定资产投资12.5亿元，同比增长6.3%；新签约项目18个。"
    assert "2、" not in clean_text(paged).text and "3、" not in clean_text(paged).text


def test_ocr_full_stop_after_percent():
    assert clean_text("已完成总工程量的90%o铝基二路已完成50%o").text == "已完成总工程量的90%。铝基二路已完成50%。"
