"""Past passages lose their figures before they reach a prompt; years, periods and names stay readable."""

import re

from assistant.drafting.masking import mask_numbers
from assistant.settings import PROJECT_ROOT

PASSAGE = (
    "2024年，全区实现规上工业总产值246.8亿元，同比增长5.65%，完成年度目标的100.73%；"
    "完成进出口总额48,620万美元；在全省开发区综合考核评价中位列第12位。"
    "聚焦“一二三五”工作思路，深入实施“五大攻坚行动”，1-5月份新增规上工业企业十三家，参训三千二百五十余人，"
    "提高1.2个百分点，百分之四点四七。依据青开发〔2024〕12号文件，二〇二四年，“十四五”，5G基站。"
)


def test_every_figure_is_masked():
    masked = mask_numbers(PASSAGE)
    for figure in ["246.8", "5.65", "100.73", "48,620", "12位", "十三家", "三千二百五十", "1.2个", "百分之四点四七"]:
        assert figure not in masked, figure
    assert "X亿元" in masked and "X%" in masked and "X万美元" in masked and "第X位" in masked


def test_years_periods_names_and_document_numbers_stay():
    masked = mask_numbers(PASSAGE)
    for kept in ["2024年", "1-5月份", "“一二三五”", "“五大攻坚行动”", "〔2024〕12号", "二〇二四年", "十四五", "5G"]:
        assert kept in masked, kept


def test_demo_corpus_keeps_only_years_dates_markers_and_document_numbers():
    text = (PROJECT_ROOT / "corpus" / "qingchuan_2024_summary_2025_plan.md").read_text(encoding="utf-8")
    masked = mask_numbers(text)
    allowed = re.compile(r"〔\d{4}〕\d+号|\d{4}(?=年)|\d{1,2}(?:\s*[-—至]\s*\d{1,2})?(?:月|日)|(?m:^\s*[（(]?\d{1,2}[)）.、])|\d+(?=[A-Za-z])")
    assert not re.search(r"\d", allowed.sub("", masked)), re.findall(r".{6}\d+.{6}", allowed.sub("", masked))[:5]
    assert masked.count("X") > 100
