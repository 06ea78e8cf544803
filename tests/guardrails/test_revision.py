"""The statistics change (快报 → 正式数): every number of a draft taken from a revised input is listed old → new,
updated where it can be, recomputed where it was derived, and left to the writer where its direction flipped."""

from __future__ import annotations

import io

from docx import Document
from typer.testing import CliRunner

from assistant.cli import build_app
from assistant.export.annotate import annotate
from assistant.figures import figure_set_from_rows
from assistant.guardrails import check_numbers
from assistant.guardrails.revision import revisions, rewrite

HEADER = ["指标", "期间", "数值", "单位", "同比±%", "目标"]
# The 快报 and the 正式数 of one half-year, in the shape of the real set's long tables (jh_11, ju_06).
QUICK = [
    HEADER, ["规上工业总产值", "1-6月", "128.5", "亿元", "4.47", "266"], ["固定资产投资", "1-6月", "35.26", "亿元", "-2.1", ""],
    ["新签约项目", "1-6月", "19", "个", "", ""],
]
FINAL = [
    HEADER, ["规上工业总产值", "1-6月", "130.2", "亿元", "5.12", "266"], ["固定资产投资", "1-6月", "35.26", "亿元", "1.3", ""],
    ["新签约项目", "1-6月", "19", "个", "", ""],
]
DRAFT = "上半年，实现规上工业总产值128.5亿元，同比增长4.47%，完成目标任务的48.3%。\n完成固定资产投资352600万元，同比下降2.1%；新签约项目19个。"


def test_each_number_from_a_revised_input_is_listed_old_to_new_with_its_place():
    changes = revisions(DRAFT, figure_set_from_rows(QUICK), figure_set_from_rows(FINAL))
    assert [(c.text, c.replacement, c.paragraph) for c in changes] == [
        ("128.5亿元", "130.2亿元", 1), ("4.47%", "5.12%", 1), ("48.3%", "48.9%", 1), ("2.1%", None, 2)
    ]
    assert "下降2.1% → 增长1.3%" in changes[-1].reason  # a flipped direction is for the writer to reword
    updated = rewrite(DRAFT, changes)
    assert updated.startswith("上半年，实现规上工业总产值130.2亿元，同比增长5.12%，完成目标任务的48.9%。")
    assert [m.text for m in check_numbers(updated, figure_set_from_rows(FINAL)).flagged] == ["2.1%"]
    assert revisions(DRAFT, figure_set_from_rows(QUICK), figure_set_from_rows(QUICK)) == []


def test_a_number_written_in_another_scale_is_updated_in_the_scale_the_draft_wrote():
    final = [HEADER, ["固定资产投资", "1-6月", "35.5", "亿元", "-2.1", ""]]
    changes = revisions("完成固定资产投资352600万元。", figure_set_from_rows(QUICK), figure_set_from_rows(final))
    assert [c.replacement for c in changes] == ["355000万元"]


def test_a_word_draft_is_updated_in_place_with_a_comment_on_each_change(tmp_path):
    document = Document()
    for line in DRAFT.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    after, result = annotate(buffer.getvalue(), "稿件.docx", figure_set_from_rows(FINAL), "2025年上半年", was=figure_set_from_rows(QUICK))
    updated = Document(io.BytesIO(after))
    assert updated.paragraphs[0].text == "上半年，实现规上工业总产值130.2亿元，同比增长5.12%，完成目标任务的48.9%。"
    comments = [c.text for c in updated.comments]
    assert len(comments) == 4 and sum("已更新" in c for c in comments) == 3 and any("方向变了" in c for c in comments)
    assert [m.text for m in result.report.flagged] == ["2.1%"]


def test_assistant_check_with_the_earlier_table_lists_and_updates(tmp_path):
    quick, final, draft, out = tmp_path / "快报.csv", tmp_path / "正式数.csv", tmp_path / "稿件.txt", tmp_path / "稿件（更新）.txt"
    quick.write_text("\n".join(",".join(r) for r in QUICK), encoding="utf-8")
    final.write_text("\n".join(",".join(r) for r in FINAL), encoding="utf-8")
    draft.write_text(DRAFT, encoding="utf-8")
    done = CliRunner().invoke(build_app(), ["check", "--figures", str(final), "--was", str(quick), str(draft), "--out", str(out)])
    assert "4处数字取自已修订的数据" in done.output and "128.5亿元 → 130.2亿元" in done.output and "已更新3处" in done.output
    assert out.read_text(encoding="utf-8").startswith("上半年，实现规上工业总产值130.2亿元") and done.exit_code == 1  # 2.1% is left to reword
    assert draft.read_text(encoding="utf-8") == DRAFT  # the writer's own file is never overwritten
