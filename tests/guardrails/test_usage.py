"""How numbers are written (GB/T 15835—2011, GB/T 9704—2012 7.3.3, office practice): each rule on real sentences.

Sources of the real text: tests/data/real/*.yaml (public reports, address in each file), tests/data/practice/docs
(public pages) and corpus/ (sample reports). A rule must flag the wrong form and leave the real, correct text alone.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml

from assistant.guardrails import highlight, review
from assistant.guardrails.report import ADVISORY, FLAGGED, STATUS_ZH
from assistant.guardrails.usage import usage_issues

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
from usage_real import material  # noqa: E402


def real(name: str) -> list[str]:
    """The sentences of one public report in tests/data/real."""
    return yaml.safe_load((ROOT / "tests/data/real" / name).read_text(encoding="utf-8"))["sentences"]


def found(text: str) -> list[tuple[str, str]]:
    return [(m.text, m.status) for m in usage_issues(text)]


# gyq_01.yaml (wnwk.com/doc/670883.html), a correct real sentence, and the same with the year written short.
GYQ = "2023年1-12月份，园区累计完成工业总产值96.9亿元，同比增长9.35%。"


def test_a_year_written_short_is_an_error_naming_the_standard():
    assert GYQ in real("gyq_01.yaml")
    assert found(GYQ) == []
    issues = usage_issues(GYQ.replace("2023年", "23年"))
    assert [(m.text, m.status) for m in issues] == [("23年", "miswritten")]
    assert "2023年" in issues[0].reason and "GB/T 15835—2011" in issues[0].reason


def test_a_duration_in_years_is_not_a_short_year():
    sentence = "2023年郑州进出口总额达5522.3亿元，居全国省会城市第五，国家中心城市第七位，连续12年领跑中部。"  # ju_09.yaml
    assert sentence in real("ju_09.yaml")
    assert found(sentence) == []
    assert found("近23年来首次实现正增长，23年上半年增长5%。") == [("23年", "miswritten")]


def test_a_range_that_drops_its_scale_word_is_flagged_and_a_range_of_months_is_not():
    sentence = "招商引资到位资金8.9亿元，其中1—10亿元项目4个；"  # jh_08.yaml
    assert sentence.rstrip("；") in "".join(real("jh_08.yaml"))
    issues = usage_issues(sentence)
    assert [(m.text, m.status) for m in issues] == [("1—10亿", "advice")]
    assert "1亿～10亿" in issues[0].reason and "数值范围" in issues[0].reason
    assert found("增长3-5%。") == [("3-5%", "miswritten")]
    assert found("1-5月，规上工业增加值增长3%～5%，提高1～2个百分点，新增用地100-150亩。") == []


def test_arabic_digits_with_qian_are_flagged_and_a_year_before_baiqiang_is_not():
    sentence = "目前全县在库固定资产投资项目141个，其中5千万以上的67个，完成投资同比增长23.0%；"  # ju_06.yaml
    assert sentence in "".join(real("ju_06.yaml"))
    issues = usage_issues(sentence)
    assert [(m.text, m.status) for m in issues] == [("5千", "advice")] and "5000" in issues[0].reason
    honest = "2022百强园区中，GDP超过1000亿元的园区共有48个，高新技术企业数量超过1000家的园区共有19个。"  # gyq_11.yaml
    assert honest.split("，")[0] in "".join(real("gyq_11.yaml"))
    assert found(honest) == [] and found("新建10千伏线路3公里，装机5千瓦。") == []


def test_a_year_mixing_arabic_and_chinese_digits_is_flagged_and_a_marker_before_a_year_is_not():
    issues = usage_issues("二0二三年，园区实现规上工业总产值128.5亿元。")
    assert [(m.text, m.status) for m in issues] == [("二0二三", "miswritten")] and "2023" in issues[0].reason
    assert found("（三）2024年工作安排\n三2021年") == []
    assert found("二〇二三年十二月") == []
    assert found("二零二三年十二月") == [("二零二三", "advice")]


def test_full_width_digits_are_flagged():
    issues = usage_issues(GYQ.replace("96.9", "９６．９"))
    assert [(m.text, m.status) for m in issues] == [("９６．９", "miswritten")] and "96.9" in issues[0].reason


def test_a_thousands_separator_used_unevenly_is_advice_and_four_digit_numbers_may_go_either_way():
    # corpus/luchuan_2025q3_economy.md writes 128,600万元 with no other five-digit figure beside it: nothing to say
    luchuan = "完成固定资产投资41.35亿元，同比下降3.4%；实现税收收入128,600万元，同比增长4.1%，完成全年目标16.8亿元的76.55%；"
    assert luchuan in (ROOT / "corpus/luchuan_2025q3_economy.md").read_text(encoding="utf-8")
    assert found(luchuan) == []
    uneven = "实现税收收入128,600万元，利润总额66600万元，出口交货值24,000万元，劳动就业人员7430人。"
    issues = usage_issues(uneven)
    assert [(m.text, m.status) for m in issues] == [("66600万元", "advice")]
    assert issues[0].reason.startswith("建议：") and "第4.3条" in issues[0].reason


def test_heading_numbers_out_of_sequence_or_level_are_flagged_and_a_real_outline_is_not():
    outline = "\n".join(
        ["一、2023上半年主要工作开展情况", "（一）紧盯“时间过半、任务过半”，聚力“五大攻坚”取得实效。", "正文。",
         "（二）紧盯体制机制优化，聚力改革创新取得实效。", "正文。", "（三）紧盯干部作风转变，统筹党建、发展与安全取得实效。",
         "二、下半年工作计划", "（一）全力冲刺。", "1.加快项目建设。", "2.优化营商环境。", "（二）守牢底线。", "三、意见建议"]
    )  # the outline of the first shared seed (a real 2023 half-year report)
    assert found(outline) == []
    skipped = outline.replace("（二）紧盯体制机制优化，聚力改革创新取得实效。\n正文。\n", "")
    issues = usage_issues(skipped)
    assert [(m.text, m.status) for m in issues] == [("（三）", "miswritten")] and "（二）" in issues[0].reason
    inverted = "一、总体情况\n1.招商引资。\n（一）项目建设。\n二、计划\n二、安排"
    issues = usage_issues(inverted)
    assert [m.text for m in issues] == ["（一）", "二、"]
    assert "GB/T 9704—2012" in issues[0].reason and "重号" in issues[1].reason


def test_every_real_text_gets_no_finding_but_the_real_errors_the_bench_judged_true():
    """bench/usage_real.py on all real material: the findings are exactly the real usage errors read and judged."""
    findings = sorted((name, m.text) for name, text in material() for m in usage_issues(text))
    assert findings == sorted([
        ("practice/018.md", "1-5亿"), ("practice/019.md", "30~50亿"), ("practice/019.md", "3~5亿"),
        ("practice/067.md", "500-2000万"), ("real/jh_08.yaml", "1—10亿"),
        ("real/ju_06.yaml", "5千"), ("real/ju_06.yaml", "5千"), ("real/ju_06.yaml", "5千"),
    ])


@pytest.mark.parametrize("inputs", [None, "table"])
def test_review_shows_advice_without_turning_the_check_red_and_errors_with(inputs):
    from assistant.figures import figure_set_from_rows

    rows = [["指标", "单位", "数值"], ["税收收入", "万元", "128600"], ["利润总额", "万元", "66600"], ["出口交货值", "万元", "24000"]]
    given = None if inputs is None else figure_set_from_rows(rows)
    advised = review("实现税收收入128,600万元，利润总额66600万元，出口交货值24,000万元。", given)
    assert advised.ok and [m.text for m in advised.advice] == ["66600万元"]
    assert "advice" in ADVISORY and "advice" not in FLAGGED and STATUS_ZH["advice"] == "写法建议"
    assert "wavy" in highlight(advised) and "写法建议" in highlight(advised)
    wrong = review("23年上半年，实现税收收入128,600万元。", given)
    assert not wrong.ok and [m.text for m in wrong.flagged] == ["23年"] and STATUS_ZH["miswritten"] == "写法有误"


def test_a_wrong_number_written_wrong_keeps_one_flag_with_both_reasons():
    from assistant.figures import figure_set_from_rows

    given = figure_set_from_rows([["指标", "单位", "数值"], ["工业投资", "万元", "2000"]])
    report = review("完成工业投资3千万元。", given)
    assert [m.text for m in report.flagged] == ["3千万元"]
    assert "2000万元" in report.flagged[0].reason and "3000" in report.flagged[0].reason


def test_assistant_check_on_a_word_draft_comments_on_usage_errors_and_advice(tmp_path):
    """`assistant check DRAFT.docx --out …`: a comment on each number written wrong and on the advice, in Chinese."""
    import io as _io

    from docx import Document
    from typer.testing import CliRunner

    from assistant.cli import build_app

    document = Document()
    document.add_paragraph("一、主要经济指标")
    # gyq_01.yaml's real sentence, the year written short, and ju_06.yaml's real "5千万以上"
    document.add_paragraph("23年1-12月份，园区累计完成工业总产值96.9亿元，同比增长9.35%。")
    document.add_paragraph("目前全县在库固定资产投资项目141个，其中5千万以上的67个。")
    document.add_paragraph("实现税收收入128,600万元，利润总额66600万元，出口交货值24,000万元。")
    document.add_paragraph("三、下半年工作计划")
    document.add_paragraph("力争全年增长3-5%。")
    draft, out = tmp_path / "稿件.docx", tmp_path / "稿件（核对）.docx"
    document.save(draft)
    done = CliRunner().invoke(build_app(), ["check", str(draft), "--out", str(out)])
    assert done.exit_code == 1, done.output
    assert "写法建议" in done.output and "66600万元" in done.output
    commented = Document(_io.BytesIO(out.read_bytes()))
    texts = [c.text for c in commented.comments]
    assert len(texts) == 5, texts  # 23年, 5千, 66600万元 (advice), 三、 (跳号), 3-5%
    assert any("2023年" in t for t in texts) and any("5000" in t for t in texts) and any("3%～5%" in t for t in texts)
    assert any(t.startswith("建议：") and "千分撇" in t for t in texts)
    assert any("（二）" not in t and "二、" in t for t in texts)
    # the advised place is marked more lightly than the errors
    from docx.enum.text import WD_COLOR_INDEX

    marks = {run.text: run.font.highlight_color for p in commented.paragraphs for run in p.runs if run.font.highlight_color}
    assert marks["23年"] == WD_COLOR_INDEX.YELLOW and marks["66600万元"] == WD_COLOR_INDEX.GRAY_25
