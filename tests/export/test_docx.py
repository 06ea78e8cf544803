"""The exported .docx, opened again with python-docx: page, fonts, headings, page numbers, 数据核对表."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt

from assistant.errors import AssistantError
from assistant.export.checktable import format_value
from assistant.export.docx import to_docx_bytes, write_docx

ROOT = Path(__file__).resolve().parents[2]

UNIT = "青川经济开发区管委会"
DATE = "2025年7月10日"


@pytest.fixture(scope="module")
def doc(tmp_path_factory, title, body, report):
    path = write_docx(tmp_path_factory.mktemp("export") / "总结.docx", title, body, report, unit=UNIT, date=DATE)
    return Document(str(path))


def _resolve(paragraph, run, attr):
    """A run property as Word resolves it: the run, then the paragraph style and its base styles."""
    value = getattr(run.font, attr) if attr != "east_asia" else _east_asia(run._r.rPr)
    style = paragraph.style
    while value is None and style is not None:
        value = getattr(style.font, attr) if attr != "east_asia" else _east_asia(style.element.rPr)
        style = style.base_style
    return value


def _east_asia(rPr):
    fonts = None if rPr is None else rPr.rFonts
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def _paragraph(doc, start):
    return next(p for p in doc.paragraphs if p.text.startswith(start))


def test_page_is_a4_with_gb_margins(doc):
    section = doc.sections[0]
    mm = [round(x.mm, 1) for x in (section.page_width, section.page_height)]
    assert mm == [210, 297]
    margins = [round(x.mm, 1) for x in (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)]
    assert margins == [37, 35, 28, 26]
    # 22 lines fill the 225 mm type area.
    normal = doc.styles["Normal"].paragraph_format
    assert normal.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert 21.9 < (section.page_height - section.top_margin - section.bottom_margin) / normal.line_spacing < 22.1


def test_title_font_size_and_centring(doc, title):
    first = doc.paragraphs[0]
    assert first.text == title
    assert first.style.name == "Title"
    assert first.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    run = first.runs[0]
    assert _resolve(first, run, "east_asia") == "方正小标宋简体"
    assert _resolve(first, run, "size") == Pt(22)
    # The title appears once: the body's own first line repeating it was dropped.
    assert sum(p.text == title for p in doc.paragraphs) == 1


def test_body_font_size_and_indent(doc):
    paragraph = _paragraph(doc, "今年以来")
    run = paragraph.runs[0]
    assert _resolve(paragraph, run, "east_asia") == "仿宋_GB2312"
    assert _resolve(paragraph, run, "size") == Pt(16)
    assert paragraph.style.paragraph_format.first_line_indent == Pt(32)
    ind = paragraph.style.element.pPr.find(qn("w:ind"))
    assert ind.get(qn("w:firstLineChars")) == "200"


@pytest.mark.parametrize(
    "start, style, east_asia, bold",
    [
        ("一、上半年", "Heading 1", "黑体", None),
        ("（一）紧盯", "Heading 2", "楷体_GB2312", None),
        ("（二）优化", "Heading 2", "楷体_GB2312", None),
        ("三、下半年", "Heading 1", "黑体", None),
    ],
)
def test_headings_have_their_style_and_font(doc, start, style, east_asia, bold):
    paragraph = _paragraph(doc, start)
    assert paragraph.style.name == style
    run = paragraph.runs[0]
    assert _resolve(paragraph, run, "east_asia") == east_asia
    assert _resolve(paragraph, run, "size") == Pt(16)
    assert not _resolve(paragraph, run, "bold")
    # Outline levels make the headings show in Word's navigation pane.
    level = paragraph.style.element.pPr.find(qn("w:outlineLvl")).get(qn("w:val"))
    assert level == str(int(style[-1]) - 1)


def test_level3_lead_is_bold_fangsong_and_the_rest_is_body(doc):
    paragraph = _paragraph(doc, "1.加快项目建设")
    lead, rest = paragraph.runs[0], paragraph.runs[1]
    assert lead.text == "1.加快项目建设。"
    assert lead.bold is True
    assert _resolve(paragraph, lead, "east_asia") == "仿宋_GB2312"
    assert rest.text.startswith("在建项目") and not rest.bold
    assert doc.styles["Heading 3"].font.bold is True
    # Inline 一是/二是 and an over-long "2." item stay body paragraphs.
    assert _paragraph(doc, "一是").style.name == "Normal"
    assert _paragraph(doc, "2.全年").style.name == "Normal"


def test_flagged_numbers_and_pending_notes_are_red(doc, report):
    red = [r.text for p in doc.paragraphs for r in p.runs if r.font.color.rgb is not None and str(r.font.color.rgb) == "FF0000"]
    flagged = [m.text for m in report.mentions if m.status in {"unsupported", "placeholder"}]
    assert red == [*flagged, "〔待核实：全年目标增速〕"]


def test_page_numbers_in_odd_and_even_footers(doc):
    section = doc.sections[0]
    assert doc.settings.odd_and_even_pages_header_footer
    for footer, alignment in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT), (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        paragraph = footer.paragraphs[0]
        assert paragraph.text == "— 1 —"
        assert paragraph.alignment == alignment
        assert [i.text.strip() for i in paragraph._p.iter(qn("w:instrText"))] == ["PAGE"]
        assert [f.get(qn("w:fldCharType")) for f in paragraph._p.iter(qn("w:fldChar"))] == ["begin", "separate", "end"]
        for run in paragraph.runs:
            assert run.font.size == Pt(14)
            assert _east_asia(run._r.rPr) == "宋体"


def test_signature_is_right_aligned_with_the_date_two_characters_in(doc):
    unit, date = _paragraph(doc, UNIT), _paragraph(doc, DATE)
    assert unit.alignment == date.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    # 10 characters of unit and 6.5 of date: the date starts 2 characters right of the unit.
    assert unit.paragraph_format.right_indent == Pt(32)
    assert date.paragraph_format.right_indent == Pt(56)


def test_check_table_lists_every_figure_with_its_status(doc, report):
    from docx.enum.section import WD_ORIENT

    label = _paragraph(doc, "附件")
    assert doc.sections[-1].orientation == WD_ORIENT.LANDSCAPE and len(doc.sections) == 2  # a landscape section of its own
    assert doc.sections[-1]._sectPr.find(qn("w:docGrid")) is None  # no 22-line grid spacing the table out
    assert label.text == "附件"
    assert _paragraph(doc, "数据核对表").style.name == "Title"
    table = doc.tables[0]
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0] == ["序号", "原文", "依据（输入）", "核对结果", "说明"]
    figures = [m for m in report.mentions if m.status != "not_a_figure"]
    assert len(rows) - 1 == len(figures)
    status_zh = {"supported": "有依据", "derived": "推算得出", "unsupported": "无依据", "placeholder": "待填占位"}
    for i, (row, m) in enumerate(zip(rows[1:], figures), start=1):
        assert row[0] == str(i)
        assert m.text in row[1]  # the value as written, in its clause
        assert row[2] == ("；".join(getattr(m, "basis", ())) or m.figure or "—")
        assert row[3] == status_zh[m.status]
        exact = m.status == "supported" and m.reason.startswith("与输入") and m.reason.endswith("一致。")
        assert row[4] == ("" if exact else m.reason)  # no reason repeating the 依据 column
    assert any("128.50亿元" in r[1] for r in rows)  # the trailing zero survives
    note = _paragraph(doc, "正文共有数据")
    assert note.text.startswith(f"正文共有数据{len(figures)}处")
    skipped = sum(m.status == "not_a_figure" for m in report.mentions)
    assert (f"非数据数字{skipped}处" in note.text) == bool(skipped)
    # Flagged rows show their status in red.
    for row, m in zip(table.rows[1:], figures):
        colour = row.cells[3].paragraphs[0].runs[0].font.color.rgb
        assert (colour is not None and str(colour) == "FF0000") == (m.status in {"unsupported", "placeholder"})


def test_no_report_no_appendix(title, body):
    import io

    doc = Document(io.BytesIO(to_docx_bytes(title, body)))
    assert not doc.tables
    assert not any(p.text == "数据核对表" for p in doc.paragraphs)


def test_a_report_of_another_text_is_refused(title, body, report):
    with pytest.raises(AssistantError, match="不一致"):
        to_docx_bytes(title, body.replace("128.50", "128.5"), report)
    with pytest.raises(AssistantError, match="不一致"):
        to_docx_bytes(title, "一、" + body, report)


def test_fonts_are_listed_with_fallbacks(doc):
    part = next(r.target_part for r in doc.part.rels.values() if r.reltype.endswith("/fontTable"))
    text = part.blob.decode("utf-8")
    for name, alt in (("仿宋_GB2312", "仿宋"), ("仿宋", "FangSong"), ("楷体_GB2312", "楷体"), ("黑体", "SimHei"), ("宋体", "SimSun")):
        assert f'<w:font w:name="{name}"><w:altName w:val="{alt}"/>' in text


def test_values_are_rendered_exactly():
    from decimal import Decimal

    assert format_value(Decimal("1E+2")) == "100"
    assert format_value(Decimal("0.0300")) == "0.0300"
    assert format_value(None) == "—"
    with pytest.raises(TypeError):
        format_value(0.1)


CHECKED_BODY = """一、主要经济指标
上半年，实现规上工业总产值128.5亿元，同比增长4.47%，完成目标任务的48.3%；规上工业增加值增长6.1%；完成固定资产投资35.26亿元，同比增长9.67%，完成目标任务的56.0%；完成工业投资20.14亿元，同比增长12.39%，完成目标任务的57.5%；完成税收收入8.72亿元，同比增长0.93%，完成目标任务的52.8%；实现进出口总额25300万美元，同比增长6.30%，完成目标任务的48.7%；实现实际利用外资1680万美元，同比增长8.39%。
二、重点工作
（一）招商引资。新签约项目19个，完成目标任务的47.5%；签约项目协议资金98.6亿元，完成目标任务的49.3%。
（二）项目建设。新开工项目17个，完成目标任务的56.7%；盘活低效闲置用地683.5亩，完成目标任务的57.0%；新增规上工业企业9家，完成目标任务的45.0%。
"""


def _pages(path, office, tmp_path) -> int:
    import subprocess

    subprocess.run([office, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=240)
    pdf = tmp_path / (path.stem + ".pdf")
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))


@pytest.mark.skipif(shutil.which("soffice") is None and shutil.which("libreoffice") is None, reason="LibreOffice is not installed")
def test_the_check_table_of_a_28_number_draft_fits_on_three_landscape_pages(tmp_path):
    """Rendered by LibreOffice: the appendix was 13 portrait pages for this draft (seven equal columns in 小四 on the
    body's 28.95 pt grid); in its own landscape section, five columns in 五号 and single spacing, it takes 3 at most."""
    from assistant.export.docx import write_docx
    from assistant.figures import load_figures
    from assistant.guardrails import check_numbers

    figures = load_figures(ROOT / "tests" / "data" / "figures" / "figures_2025h1.csv")
    report = check_numbers(CHECKED_BODY, figures)
    assert sum(m.status != "not_a_figure" for m in report.mentions) >= 25
    office = shutil.which("soffice") or shutil.which("libreoffice")
    with_table = write_docx(tmp_path / "with.docx", "青川经济开发区2025年上半年工作总结", CHECKED_BODY, report, "青川经济开发区管委会", "2025年7月10日")
    without = write_docx(tmp_path / "without.docx", "青川经济开发区2025年上半年工作总结", CHECKED_BODY, None, "青川经济开发区管委会", "2025年7月10日")
    appendix = _pages(with_table, office, tmp_path) - _pages(without, office, tmp_path)
    assert 1 <= appendix <= 3, appendix
