"""The check back in the writer's own .docx: a comment on each flagged place, nothing else changed."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Pt
from typer.testing import CliRunner

from assistant.cli import build_app
from assistant.export.annotate import annotate, body_paragraphs
from assistant.figures import figure_set_from_rows

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from realset import load_reports, table_rows

FIGURES = figure_set_from_rows(
    [["指标", "单位", "数值", "同比±%"], ["规上工业总产值", "亿元", "128.5", "4.47"], ["固定资产投资", "亿元", "35.26", "9.67"], ["新签约项目", "个", "19", ""]]
)


def writers_draft() -> bytes:
    """A draft as a colleague sends it: formatted runs, a table, and a comment of the leader's already in it."""
    document = Document()
    document.add_heading("青川经济开发区2025年上半年工作总结", level=1)
    p = document.add_paragraph("2025年1-6月，实现规上工业总产值")
    bold = p.add_run("138.5亿元")  # wrong: the table gives 128.5
    bold.bold = True
    p.add_run("，同比增长4.47%；固定资产投资35.26亿元，同比增长9.67%。")
    leader = document.add_paragraph("新签约项目19个，招商引资成效明显。")
    document.add_comment(leader.runs, text="这段再精炼一些。", author="张主任", initials="张")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "指标", "完成情况"
    table.cell(1, 0).text, table.cell(1, 1).text = "固定资产投资", "36.26亿元"  # wrong as well
    tail = document.add_paragraph("2024年1-6月，实现规上工业总产值128.5亿元。")
    tail.runs[0].font.size = Pt(16)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def comments_of(data: bytes) -> list[tuple[str, str]]:
    """(commented text, comment) for every comment in the document."""
    document = Document(io.BytesIO(data))
    return [(c.author, c.text) for c in document.comments]


def test_each_flagged_place_gets_a_comment_and_the_text_is_unchanged():
    before = writers_draft()
    after, result = annotate(before, "稿件.docx", FIGURES, "2025年上半年")
    flagged = {m.text for m in result.report.flagged}
    assert flagged == {"138.5亿元", "36.26亿元", "2024"}
    assert result.commented == 3
    ours = [(a, t) for a, t in comments_of(after) if a == "数字核对"]
    assert len(ours) == 3 and any("年份与报告期" in t for _, t in ours) and any("128.5" in t for _, t in ours)
    assert ("张主任", "这段再精炼一些。") in comments_of(after)  # the leader's comment is still there
    old, new = Document(io.BytesIO(before)), Document(io.BytesIO(after))
    assert [p.text for p in body_paragraphs(old)] == [p.text for p in body_paragraphs(new)]
    # Split runs keep their formatting: the wrong number is still bold, the 2024 paragraph still 16 pt.
    runs = [r for p in body_paragraphs(new) for r in p.runs]
    assert any(r.text == "138.5亿元" and r.bold for r in runs)
    assert all(r.font.size == Pt(16) for r in body_paragraphs(new)[-1].runs if r.text)


def test_body_paragraphs_take_each_table_cell_once_merged_across_or_down():
    document = Document()
    document.add_paragraph("表前")
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "跨列"
    table.cell(0, 2).text = "末列"
    table.cell(1, 0).merge(table.cell(2, 0)).text = "跨行"
    for row in (1, 2):
        table.cell(row, 1).text, table.cell(row, 2).text = f"{row}乙", f"{row}丙"
    document.add_paragraph("表后")
    assert [p.text for p in body_paragraphs(document)] == ["表前", "跨列", "末列", "跨行", "1乙", "1丙", "2乙", "2丙", "表后"]


def test_only_comments_and_highlights_are_added():
    before = writers_draft()
    after, _ = annotate(before, "稿件.docx", FIGURES, "2025年上半年")
    with zipfile.ZipFile(io.BytesIO(before)) as a, zipfile.ZipFile(io.BytesIO(after)) as b:
        for name in a.namelist():
            if name in ("word/document.xml", "word/comments.xml", "[Content_Types].xml", "word/_rels/document.xml.rels"):
                continue
            assert a.read(name) == b.read(name), name  # styles, numbering, settings, headers untouched
        body = b.read("word/document.xml").decode()
    assert body.count("<w:commentRangeStart") == 4 and "w:highlight" in body


def test_a_correct_draft_gets_no_comment():
    document = Document()
    document.add_paragraph("2025年1-6月，实现规上工业总产值128.5亿元，同比增长4.47%。")
    buffer = io.BytesIO()
    document.save(buffer)
    after, result = annotate(buffer.getvalue(), "稿件.docx", FIGURES, "2025年上半年")
    assert result.report.ok and result.commented == 0 and comments_of(after) == []


def test_the_command_writes_a_commented_copy_and_never_over_the_original(tmp_path):
    draft = tmp_path / "稿件.docx"
    draft.write_bytes(writers_draft())
    table = tmp_path / "数据.csv"
    table.write_text("指标,单位,数值,同比±%\n规上工业总产值,亿元,128.5,4.47\n固定资产投资,亿元,35.26,9.67\n新签约项目,个,19,\n", encoding="utf-8")
    result = CliRunner().invoke(build_app(), ["check", "--figures", str(table), "--period", "2025年上半年", str(draft)])
    assert result.exit_code == 1, result.output
    out = tmp_path / "稿件（核对）.docx"
    assert out.is_file() and "3处存疑" in result.output
    assert draft.read_bytes() == writers_draft() or len(comments_of(draft.read_bytes())) == 1
    same = CliRunner().invoke(build_app(), ["check", "--figures", str(table), str(draft), "--out", str(draft)])
    assert same.exit_code == 2 and "不能与原稿相同" in same.output


@pytest.mark.skipif(shutil.which("soffice") is None and shutil.which("libreoffice") is None, reason="LibreOffice is not installed")
def test_a_real_report_converted_by_libreoffice(tmp_path):
    """A real report's sentences (gyq_01 of the real set), made a .docx by LibreOffice as an office would, one number wrong."""
    report = next(r for r in load_reports() if r.path.stem == "jh_11")
    figures = figure_set_from_rows(table_rows(report.tables["wide"]))
    text = "\n".join(report.sentences).replace("29.3亿元", "23.9亿元")
    source = tmp_path / "报告.txt"
    source.write_text(text, encoding="utf-8")
    office = shutil.which("soffice") or shutil.which("libreoffice")
    subprocess.run([office, "--headless", "--convert-to", "docx", "--outdir", str(tmp_path), str(source)], check=True, capture_output=True, timeout=120)
    data = (tmp_path / "报告.docx").read_bytes()
    after, result = annotate(data, "报告.docx", figures, report.period)  # its speed is measured in bench/word_check.py
    assert "23.9亿元" in {m.text for m in result.report.flagged}
    assert result.commented == len(result.report.flagged)
    assert [p.text for p in body_paragraphs(Document(io.BytesIO(data)))] == [p.text for p in body_paragraphs(Document(io.BytesIO(after)))]
    # the same report as a PDF with a text layer, as a bureau posts it: checked by the command line alike
    subprocess.run(
        [office, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / "报告.docx")], check=True, capture_output=True, timeout=120
    )
    table = tmp_path / "数据.csv"
    table.write_text(report.tables["wide"], encoding="utf-8")
    done = CliRunner().invoke(build_app(), ["check", "--figures", str(table), "--json", str(tmp_path / "报告.pdf")])
    flagged = [(m["value"], m["unit"]) for m in json.loads(done.output)["mentions"] if m["status"] == "unsupported"]
    assert done.exit_code == 1 and ("23.9", "亿元") in flagged, done.output  # (the PDF puts a space before 亿元)


def test_the_command_holds_numbers_against_the_materials_too(tmp_path):
    table = tmp_path / "数据.csv"
    table.write_text("指标,单位,数值\n规上工业总产值,亿元,128.5\n", encoding="utf-8")
    material = tmp_path / "招商局报送.txt"
    material.write_text("上半年新开工项目17个。", encoding="utf-8")
    draft = tmp_path / "稿件.txt"
    draft.write_text("规上工业总产值128.5亿元，新开工项目17个。", encoding="utf-8")
    without = CliRunner().invoke(build_app(), ["check", "--figures", str(table), str(draft)])
    given = CliRunner().invoke(build_app(), ["check", "--figures", str(table), "--materials", str(material), str(draft)])
    assert without.exit_code == 1 and given.exit_code == 0, given.output


def tracked_draft() -> bytes:
    """A draft the leader edited with 修订 (track changes) on: 128.5 deleted, 138.5 inserted (wrong), and a
    deleted sentence whose wrong number no longer counts."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = Document()
    p = document.add_paragraph("2025年1-6月，实现规上工业总产值")
    change = 'w:id="{}" w:author="张主任" w:date="2025-07-10T09:00:00Z"'
    p._p.append(parse_xml(f'<w:del {nsdecls("w")} {change.format(1)}><w:r><w:delText>128.5</w:delText></w:r></w:del>'))
    p._p.append(parse_xml(f'<w:ins {nsdecls("w")} {change.format(2)}><w:r><w:t>138.5</w:t></w:r></w:ins>'))
    p.add_run("亿元，同比增长4.47%。")
    q = document.add_paragraph("新签约项目19个。")
    q._p.append(parse_xml(f'<w:del {nsdecls("w")} {change.format(3)}><w:r><w:delText>固定资产投资99.9亿元。</w:delText></w:r></w:del>'))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_text_inside_tracked_changes_is_checked_as_word_shows_it_accepted(tmp_path):
    """The leader's inserted 138.5 is checked (and commented where it stands, inside the insertion); the deleted
    128.5 and the deleted sentence are not text of the draft any more. The revisions themselves are kept."""
    from assistant.documents.loading import load_document

    before = tracked_draft()
    after, result = annotate(before, "修订稿.docx", FIGURES, "2025年上半年")
    assert result.text.splitlines()[0] == "2025年1-6月，实现规上工业总产值138.5亿元，同比增长4.47%。"
    assert "99.9" not in result.text
    assert [m.text for m in result.report.flagged] == ["138.5亿元"]
    assert [t for a, t in comments_of(after) if a == "数字核对"] and result.commented == 1
    body = zipfile.ZipFile(io.BytesIO(after)).read("word/document.xml").decode()
    assert body.count("<w:ins ") == 1 and body.count("<w:del ") == 2 and "<w:delText>128.5</w:delText>" in body
    path = tmp_path / "修订稿.docx"
    path.write_bytes(before)
    assert load_document(path).text.count("138.5") == 1 and "99.9" not in load_document(path).text  # the app's and the CLI's reading agree


def test_a_word_reports_own_table_is_checked_cell_by_cell_and_only_wrong_cells_are_commented(tmp_path):
    """A real district report with its 表1 (tests/data/word): two wrong cells, each commented where it stands."""
    from docx.enum.text import WD_COLOR_INDEX

    from assistant.figures import load_figures
    from tests.guardrails.test_tables_in_text import DATA, TABLE, report_with_table

    rows = [list(row) for row in TABLE]
    rows[2][3], rows[5][2] = "10.7", "26.3"
    path = report_with_table(tmp_path / "表格报告.docx", rows)
    data, done = annotate(path.read_bytes(), path.name, load_figures(DATA / "wjjyp_2023m2.csv"))
    assert done.commented == 2, [(m.text, m.reason) for m in done.report.remarks]
    marked = [r.text for p in body_paragraphs(Document(io.BytesIO(data))) for r in p.runs if r.font.highlight_color == WD_COLOR_INDEX.YELLOW]
    assert marked == ["10.7", "26.3"]
