"""Cleaning on the real downloaded seeds: the noise goes, every report sentence stays."""

from __future__ import annotations

import re

import pytest

NOISE = {
    "000": [
        "##paidbein##",
        "##paidend##",
        "【哒哒素材库】",
        "欢迎加入“哒哒素材库svip会员”",
        "【哒哒代笔】",
        "[公众~@号：老*#船%长君]",
        "谨防假冒",
        "有意加入请联系",
    ],
    "001": ["由会员分享", "请在课桌文档上搜索", "21页珍藏版", "已2、完成", "区就业5、创业"],
    "002": ["下面是小编为大家整理的", "供大家参考", "推荐访问", "经济开发区2022年工作要点"],
    "003": ["由会员分享", "淘文阁", "分享文档赚钱的网站", "限制150内", "净增规2、上企业"],
    "004": ["24.02 KB", "2021-04-17 发布", "本文档由用户上传", "淘文库整理发布", "网站客服QQ", "403074932", "8402+", "付费之前"],
}

SENTENCES = {
    "000": [
        "今年以来，XX经开区始终坚持以新时代中国特色社会主义思想为指导，深入学习贯彻党的二十大精神，",
        "2023年1-5月份，主园区实现规上工业企业产值XX亿元，同比增长4.47%；固定资产投资XX亿元，同比增长50.35%；实现税收XXX亿元，同比增长192.89%。",
        "今年以来，累计盘活22宗1044.39亩。",
        # inside the paywall markers
        "（二）紧盯体制机制优化，聚力改革创新取得实效。",
        "完成开创控股集团子公司股权划转，搭建“1+N”母子公司运营体系，完成公司2A评级，实现实体化运作。",
        "上半年共排查企业120家，排查隐患2738项，",
        "强化监督执纪，上半年利用第一种形态处理6人，对一名党员干部违纪问题予以立案。",
        # next to the watermark and the advertising block
        "集聚资源培大育强，以规上工业企业数量增长和质量提升，不断扩大园区工业产值规模。",
        "二是全力在项目建设上实现突破。",
        "增加有效投入，实现质的提升，夯实园区高质量发展基础。",
    ],
    "001": [
        # sentences that straddle page breaks (page numbers removed, halves rejoined)
        "有色金属新材料产业园完成工程投资额约3亿元,已完成2栋厂房主体工程建设,剩余的10栋厂房正在进行主体结构施工和钢结构安装。",
        "经开区联合区就业创业服务中心在市、区、高等院校及部分乡镇组织开展了共30场现场招聘会,共帮助企业招工3250余人。",
        "目前在抚北高速下线以北能用的地只有300多亩,项目承载能力受到极大限制。",
        "1-9月,实现营业收入*亿元,同比增长6.16%;实现工业总产值*亿元,下降4.67%;应交增值税8.78亿元,下降28.38%;",
        "清理“僵尸企业”6家、盘活闲置用地175.8亩,新入驻企业7家、预计可新增年产值*亿元。",
        "建议参照东乡开发区改革做法,在经开区行政管理、干部管理、考核评价、薪酬激励、运营模式等方面进行全面改革,",
        "四是加强环境保护。建设两园污水处理厂及废弃物处置中心,集中处理园区污水,统一处置危险废弃物,保护园区及其周边的自然生态系统的完整性和再生能力。",
    ],
    "002": [
        "2021年,经开区以“X县改革提升年”活动为主抓手,贯彻新发展理念,构建新发展格局,凝心聚力,克难奋进,为全县工业经济储备新动能、增添新活力。",
        "年度目标预测:全区经营收入X亿元,同比增长X%;",
        # a real "1、2、3、" list must not be taken for page numbers
        "1、聚焦平台建设。实施芯屏新材料产业园、经开区循环经济园基础设施提升改造工程等X个政府投资项目,",
        "4、聚焦亩均效益评价工作。建立园区企业分类管理机制,开展低效用地处置攻坚行动,2022年度清理低效企业X家以上。",
        "持续推进“红领品牌”创建,以高质量党建引领高质量发展。",
    ],
    "003": [
        "今年以来,工业园区主要经济指标保持了较快发展速度。",
        "完成税收x.xx亿元,同比增长xx.xx%,净增规上企业xx家。",
        "其中:厚发工业区标准厂房xx.xx万平方米、返乡创业园标准厂房xx.xx万平方米、产业发展园标准厂房x.xx万平方米。",
        "全年目标:努力实现营业收入xx亿元,实现税收x亿元以上。",
        "帮忙企业缓解流淌资金压力。",
    ],
    "004": [
        "园区坚持“一把手”抓“一号工程”,组强专班,全员招商。",
        "x—x月份,完成工业产值xxx亿元,同比增长x.xx%;",
        "全年共办结信访举报x起,办结案件x件。",
        "编织“不敢腐,不能腐,不想腐”的笼子,营造风清气正的政治生态。",
    ],
}


@pytest.mark.parametrize("prefix", sorted(NOISE))
def test_noise_is_gone(seeds, squeeze, prefix):
    text = seeds[prefix].text
    for noise in NOISE[prefix]:
        assert squeeze(noise) not in squeeze(text), noise


@pytest.mark.parametrize("prefix", sorted(SENTENCES))
def test_report_sentences_stay(seeds, squeeze, prefix):
    text = squeeze(seeds[prefix].text)
    for sentence in SENTENCES[prefix]:
        assert squeeze(sentence) in text, sentence


@pytest.mark.parametrize("prefix", ["001", "003"])
def test_page_numbers_are_not_left_at_line_starts(seeds, prefix):
    assert not re.search(r"(?m)^\d{1,2}、", seeds[prefix].text)


def test_cleaning_keeps_the_sentences_of_the_raw_report(seeds, squeeze, seed_path):
    """Every sentence of seed 000's report part (before the ads) survives cleaning verbatim."""
    raw = seed_path("000").read_text(encoding="utf-8")
    report = raw.split("【哒哒素材库】")[0].replace("##paidbein##", "").replace("[公众~@号：老*#船%长君]", "")
    body = report.split("\n", 1)[1]  # the first line is the title
    text = squeeze(seeds["000"].text)
    for sentence in re.findall(r"[^。；\n]+[。；]", body):
        assert squeeze(sentence) in text, sentence


def test_machine_conversion_words_are_fixed_in_converted_text(seeds, squeeze):
    text = squeeze(seeds["003"].text)
    for wrong in ("根底", "效劳", "平台建立", "高质量进展"):
        assert wrong not in text, wrong
    for right in ("狠抓平台建设,着力夯实发展基础。", "三是开工建设公溪工业区污水处理站", "由xx县车智源服务有限公司", "推动园区高质量发展"):
        assert squeeze(right) in text, right


def test_conversion_fix_leaves_normal_text_alone(seeds, squeeze):
    text = squeeze(seeds["001"].text)
    assert "一是建立服务机构,提升服务效率。" in text
    assert "未有实质性进展" in text
    assert "督促企业建立健全安全生产制度和应急预案" in text
    assert "常态化开展建立动态“小升规”培育企业库" in squeeze(seeds["000"].text)


def test_conversion_fix_keeps_real_uses():
    from assistant.documents.cleaning import fix_conversion_words

    converted = "夯实根底，优化效劳。建立健全帮扶机制，工作取得新进展，项目进展顺利，推动高质量进展，加快管网建立。"
    assert fix_conversion_words(converted) == "夯实基础，优化服务。建立健全帮扶机制，工作取得新进展，项目进展顺利，推动高质量发展，加快管网建设。"
    plain = "建立健全机制，加快管网建立，推动高质量进展。"
    assert fix_conversion_words(plain) == plain
