"""Word export in 公文格式 (GB/T 9704-2012 page, fonts and headings) with the 数据核对表 as an appendix."""

from __future__ import annotations

import io
import itertools
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.font import Font
from docx.text.paragraph import Paragraph
from lxml import etree

from assistant.errors import AssistantError
from assistant.export.blocks import Block, parse_blocks
from assistant.export.checktable import COLUMNS, check_rows, flagged_spans, summary

if TYPE_CHECKING:
    from assistant.guardrails import Report


@dataclass(frozen=True)
class Face:
    """A typeface as named in the document: the GB font, the common font standing in for it, its Latin name."""

    east_asia: str
    fallback: str
    latin: str


FANGSONG = Face("仿宋_GB2312", "仿宋", "FangSong")
HEITI = Face("黑体", "黑体", "SimHei")
KAITI = Face("楷体_GB2312", "楷体", "KaiTi")
XIAOBIAOSONG = Face("方正小标宋简体", "宋体", "SimSun")
SONGTI = Face("宋体", "宋体", "SimSun")

BODY_PT = 16  # 三号
TITLE_PT = 22  # 二号
PAGE_NUMBER_PT = 14  # 四号
TABLE_PT = 12  # 小四
LINE_PT = 28.95  # 225 mm type area / 22 lines: GB/T 9704 puts 22 lines of 28 characters on a page
RED = RGBColor(0xFF, 0x00, 0x00)
# (style, face, bold) per heading level; level 3 is 仿宋 in bold.
HEADINGS = {1: ("Heading 1", HEITI, False), 2: ("Heading 2", KAITI, False), 3: ("Heading 3", FANGSONG, True)}
# The check table sits in a landscape section of its own: 297 mm less 25 mm margins each side is 247 mm.
_COLUMN_MM = (12, 85, 65, 20, 65)
CHECK_TABLE_PT = 10.5  # 五号


def write_docx(
    path: Path,
    title: str,
    body: str,
    report: Report | None = None,
    unit: str | None = None,
    date: str | None = None,
) -> Path:
    """Write the draft as a .docx in 公文格式; with a report, flag numbers in red and append the 数据核对表."""
    path = Path(path)
    document = build_document(title, body, report, unit, date)
    try:
        document.save(str(path))
    except OSError as err:
        raise AssistantError(
            f"无法写入文件“{path}”：{err.strerror or err}",
            "请检查目录是否存在、是否有写入权限，或文件是否已在 Word 中打开。",
        ) from err
    return path


def to_docx_bytes(
    title: str, body: str, report: Report | None = None, unit: str | None = None, date: str | None = None
) -> bytes:
    """The same document as write_docx, as bytes."""
    buffer = io.BytesIO()
    build_document(title, body, report, unit, date).save(buffer)
    return buffer.getvalue()


def build_document(
    title: str, body: str, report: Report | None = None, unit: str | None = None, date: str | None = None
) -> DocxDocument:
    """Assemble the python-docx document: page, styles, title, body, signature, page numbers, appendix."""
    marks = [(s, e) for s, e, _ in flagged_spans(body, report)]
    document = Document()
    _setup_page(document)
    _setup_styles(document)
    _register_fonts(document)
    document.core_properties.title = title
    document.core_properties.language = "zh-CN"

    for line in title.strip().split("\n"):
        document.add_paragraph(line.strip(), style="Title")
    document.add_paragraph()  # the blank line between title and text
    for block in parse_blocks(body, title):
        _add_block(document, block, marks)
    _add_signature(document, unit, date)
    _add_page_numbers(document)
    if report is not None:
        _add_check_table(document, body, report, flagged=bool(marks))
    return document


def _setup_page(document: DocxDocument) -> None:
    """A4 with the GB/T 9704 margins, a 22-line grid, odd and even footers."""
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance = Mm(15)
    # The dash of the page number then sits about 7 mm below the type area, as the standard asks.
    section.footer_distance = Mm(25)
    grid = section._sectPr.find(qn("w:docGrid"))
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(round(LINE_PT * 20)))
    document.settings.odd_and_even_pages_header_footer = True


def _setup_styles(document: DocxDocument) -> None:
    """Normal is the 仿宋 body; Title and Heading 1-3 are rebuilt from scratch (no theme fonts or colours)."""
    styles = document.styles
    _restyle(styles["Normal"], FANGSONG, BODY_PT)
    fmt = styles["Normal"].paragraph_format
    fmt.line_spacing = Pt(LINE_PT)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.widow_control = False  # keep exactly 22 lines on every page
    _indent(styles["Normal"].element.get_or_add_pPr(), first_chars=2)
    lang = _child(styles["Normal"].element.get_or_add_rPr(), "w:lang", ("w:eastAsianLayout", "w:specVanish", "w:oMath"))
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")

    _restyle(styles["Title"], XIAOBIAOSONG, TITLE_PT)
    styles["Title"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _indent(styles["Title"].element.get_or_add_pPr(), first_chars=0)
    for level, (name, face, bold) in HEADINGS.items():
        _restyle(styles[name], face, BODY_PT, bold=bold, outline=level - 1)
        styles[name].paragraph_format.keep_with_next = True

    table_text = styles.add_style("表格文字", WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = styles["Normal"]
    table_text.font.size = Pt(CHECK_TABLE_PT)
    table_text.paragraph_format.line_spacing = 1.0  # single, not the body's exact 28.95 pt
    table_text.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    table_text.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    _indent(table_text.element.get_or_add_pPr(), first_chars=0)


def _restyle(style, face: Face, size: int, bold: bool = False, outline: int | None = None) -> None:
    """Drop what the template set on a style and give it one face, size and weight, in black."""
    element = style.element
    if style.name != "Normal":
        element._remove_pPr()  # template spacing, borders and keep-with-next go; Normal's grid and indent apply
    element._remove_rPr()
    _font(element, face, size, bold)
    if outline is not None:
        successors = ("w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
        _child(element.get_or_add_pPr(), "w:outlineLvl", successors).set(qn("w:val"), str(outline))


def _font(
    owner, face: Face | None, size: int | None = None, bold: bool | None = None, color: RGBColor | None = None
) -> None:
    """Set a style's or run's font; w:rFonts names the GB font for Chinese, the stand-in for digits and Latin."""
    font = Font(owner)
    if face is not None:
        fonts = owner.get_or_add_rPr().get_or_add_rFonts()
        for attr in list(fonts.attrib):  # theme font attributes would override the names
            del fonts.attrib[attr]
        fonts.set(qn("w:ascii"), face.fallback)
        fonts.set(qn("w:hAnsi"), face.fallback)
        fonts.set(qn("w:cs"), face.fallback)
        fonts.set(qn("w:eastAsia"), face.east_asia)
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if color is not None:
        font.color.rgb = color


def _indent(pPr, first_chars: int) -> None:
    """First-line indent in characters (w:firstLineChars) and, for readers that ignore it, in points."""
    ind = pPr.get_or_add_ind()
    ind.set(qn("w:firstLineChars"), str(first_chars * 100))
    ind.set(qn("w:firstLine"), str(first_chars * BODY_PT * 20))


def _child(parent, tag: str, successors: tuple[str, ...]):
    """The child element `tag`, inserted before its schema successors when missing."""
    element = parent.find(qn(tag))
    if element is None:
        element = OxmlElement(tag)
        parent.insert_element_before(element, *successors)
    return element


def _register_fonts(document: DocxDocument) -> None:
    """List every face in the font table with w:altName, so Word and WPS substitute the stand-in when it is missing."""
    part = next(rel.target_part for rel in document.part.rels.values() if rel.reltype.endswith("/fontTable"))
    table = parse_xml(part.blob)
    entries = {}
    for face in (FANGSONG, HEITI, KAITI, XIAOBIAOSONG, SONGTI):
        entries[face.east_asia] = face.fallback if face.fallback != face.east_asia else face.latin
        entries[face.fallback] = face.latin
    for name, alt in entries.items():
        for old in table.findall(qn("w:font")):
            if old.get(qn("w:name")) == name:
                table.remove(old)
        font = OxmlElement("w:font", {qn("w:name"): name})
        for tag, value in (("w:altName", alt), ("w:charset", "86"), ("w:family", "auto"), ("w:pitch", "variable")):
            font.append(OxmlElement(tag, {qn("w:val"): value}))
        table.append(font)
    # python-docx keeps parts it does not model as raw bytes; this one has no API, so its bytes are replaced.
    part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)


def _add_block(document: DocxDocument, block: Block, marks: list[tuple[int, int]]) -> None:
    """A heading standing alone gets its heading style; a heading leading into text is formatted inline."""
    standalone = bool(block.level) and not block.rest
    style = HEADINGS[block.level][0] if standalone else None
    paragraph = document.add_paragraph(style=style)
    cuts = {0, block.lead, len(block.text)}
    local = [(max(s - block.start, 0), min(e - block.start, len(block.text))) for s, e in marks]
    local = [(s, e) for s, e in local if s < e]
    cuts.update(x for span in local for x in span)
    points = sorted(cuts)
    for a, b in itertools.pairwise(points):
        run = paragraph.add_run(block.text[a:b])
        lead = a < block.lead and not standalone
        red = any(s <= a and b <= e for s, e in local)
        if lead:
            _, face, bold = HEADINGS[block.level]
            _font(run._r, face, bold=bold, color=RED if red else None)
        elif red:
            _font(run._r, None, color=RED)


def _add_signature(document: DocxDocument, unit: str | None, date: str | None) -> None:
    """Unit and date right-aligned after a blank line; the date starts two characters right of the unit."""
    if not (unit or date):
        return
    document.add_paragraph()
    right = _signature_indents(unit, date)
    for text, indent_chars in zip((unit, date), right):
        if not text:
            continue
        paragraph = document.add_paragraph(text)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _indent(paragraph._p.get_or_add_pPr(), first_chars=0)
        paragraph.paragraph_format.right_indent = Pt(indent_chars * BODY_PT)


def _signature_indents(unit: str | None, date: str | None) -> tuple[float, float]:
    """Right indents (in characters) of unit and date: date right 2, unit moved so the date starts 2 further right."""
    if not (unit and date):
        return 2.0, 2.0
    date_indent = 2.0
    unit_indent = date_indent + _width(date) - _width(unit) + 2
    if unit_indent < 2:
        unit_indent, date_indent = 2.0, 2.0 + _width(unit) - _width(date) - 2
    return unit_indent, date_indent


def _width(text: str) -> float:
    """Width in characters: half-width digits and letters count half."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in text)


def _add_page_numbers(document: DocxDocument) -> None:
    """Footers "— 1 —" in 宋体 四号: odd pages right and even pages left, one character in from the edge."""
    section = document.sections[0]
    sides = ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT), (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT))
    for footer, alignment in sides:
        paragraph = footer.paragraphs[0]
        paragraph.alignment = alignment
        fmt = paragraph.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
        _indent(paragraph._p.get_or_add_pPr(), first_chars=0)
        if alignment == WD_ALIGN_PARAGRAPH.RIGHT:
            fmt.right_indent = Pt(PAGE_NUMBER_PT)
        else:
            fmt.left_indent = Pt(PAGE_NUMBER_PT)
        _page_field(paragraph)


def _page_field(paragraph: Paragraph) -> None:
    """Runs "— ", a PAGE field, " —"."""
    def run(text: str = "", field: str | None = None, instruction: str | None = None):
        r = paragraph.add_run(text)
        _font(r._r, SONGTI, PAGE_NUMBER_PT)
        if field:
            r._r.append(OxmlElement("w:fldChar", {qn("w:fldCharType"): field}))
        if instruction:
            instr = OxmlElement("w:instrText", {qn("xml:space"): "preserve"})
            instr.text = instruction
            r._r.append(instr)

    run("— ")
    run(field="begin")
    run(instruction=" PAGE ")
    run(field="separate")
    run("1")
    run(field="end")
    run(" —")


def _add_check_table(document: DocxDocument, body: str, report: Report, flagged: bool) -> None:
    """附件 in a landscape section of its own: 附件 label, centred title, a counting note, one compact row per figure."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin = section.right_margin = Mm(25)
    section.top_margin, section.bottom_margin = Mm(25), Mm(22)
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is not None:
        section._sectPr.remove(grid)  # the body's 22-line grid would space every table line to 28.95 pt
    label = document.add_paragraph("附件")
    _indent(label._p.get_or_add_pPr(), first_chars=0)
    _font(label.runs[0]._r, HEITI)
    document.add_paragraph("数据核对表", style="Title")
    document.add_paragraph()
    note = summary(body, report)
    if flagged:
        note += "正文中红色标出的是无依据或待填的数据及待核实事项，提交前须逐项核实、改正并恢复为黑色。"
    document.add_paragraph(note)

    rows = check_rows(body, report)
    table = document.add_table(rows=1, cols=len(COLUMNS))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    header = table.rows[0]
    header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # repeat on every page
    for cell, text in zip(header.cells, COLUMNS):
        _cell_text(cell, text, HEITI)
    for row in rows:
        cells = table.add_row().cells
        for i, text in enumerate(row.cells()):
            red = row.flagged and COLUMNS[i] == "核对结果"
            _cell_text(cells[i], text, FANGSONG, color=RED if red else None)
    for column, width in zip(table.columns, _COLUMN_MM):
        for cell in column.cells:
            cell.width = Mm(width)
    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), _COLUMN_MM):
        col.set(qn("w:w"), str(int(Mm(width).twips)))  # LibreOffice and WPS lay out by the grid, Word by the cells


def _cell_text(cell, text: str, face: Face, color: RGBColor | None = None) -> None:
    """Put text into a table cell in the 表格文字 style."""
    paragraph = cell.paragraphs[0]
    paragraph.style = "表格文字"
    run = paragraph.add_run(text)
    if face is not FANGSONG or color is not None:
        _font(run._r, face, color=color)
