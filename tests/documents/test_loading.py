"""Reading files: encodings, .docx in order, the PDF text layer, and per-file errors in Chinese."""

from __future__ import annotations

import io
import os
import re
import zipfile

import docx
import pytest
from pypdf import PdfWriter

from assistant.documents.loading import SUPPORTED_SUFFIXES, DocumentError, load_document, readable_path

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_supported_suffixes():
    assert {".txt", ".md", ".docx", ".pdf"} == SUPPORTED_SUFFIXES


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-16"])
def test_encoded_copies_of_the_seeds_load_the_same(seeds, seed_path, tmp_path, encoding):
    for prefix, reference in seeds.items():
        original = seed_path(prefix).read_text(encoding="utf-8")
        copy = tmp_path / f"{prefix}_{encoding}.txt"
        copy.write_bytes(original.encode(encoding, errors="strict"))
        assert copy.read_bytes() != original.encode("utf-8")
        doc = load_document(copy, source=reference.source)
        assert doc == reference, prefix


def test_utf8_with_bom_and_crlf(tmp_path):
    path = tmp_path / "bom.md"
    path.write_bytes("\ufeff某园区2024年工作总结\r\n一、主要成效\r\n完成投资5亿元。\r\n".encode("utf-8"))
    doc = load_document(path)
    assert doc.title == "某园区2024年工作总结"
    assert doc.text == "一、主要成效\n完成投资5亿元。"


def test_docx_paragraphs_and_tables_in_order(tmp_path):
    document = docx.Document()
    document.add_paragraph("青川经济开发区2025年上半年工作总结")
    document.add_paragraph("一、主要经济指标完成情况")
    document.add_paragraph("上半年主要指标如下表。")
    table = document.add_table(rows=3, cols=3)
    for row, values in zip(table.rows, [("指标", "数值", "同比"), ("规上工业产值", "128.5亿元", "增长6.2%"), ("固定资产投资", "40.1亿元", "增长3.5%")]):
        for cell, value in zip(row.cells, values):
            cell.text = value
    merged = document.add_table(rows=1, cols=3)
    merged.rows[0].cells[0].merge(merged.rows[0].cells[1]).text = "合并单元格"
    merged.rows[0].cells[2].text = "末列"
    document.add_paragraph("二、下半年工作计划")
    document.add_paragraph("一是抓招商。力争签约项目10个。")
    path = tmp_path / "report.docx"
    document.save(path)

    doc = load_document(path)
    assert doc.title == "青川经济开发区2025年上半年工作总结"
    assert (doc.year, doc.period, doc.unit) == (2025, "上半年", "青川经济开发区")
    lines = doc.text.split("\n")
    assert lines == [
        "一、主要经济指标完成情况",
        "上半年主要指标如下表。",
        "指标\t数值\t同比",
        "规上工业产值\t128.5亿元\t增长6.2%",
        "固定资产投资\t40.1亿元\t增长3.5%",
        "合并单元格\t末列",
        "二、下半年工作计划",
        "一是抓招商。力争签约项目10个。",
    ]
    assert [s.kind for s in doc.sections] == ["主要经济指标", "工作计划"]


def test_docx_table_rows_repeat_a_cell_merged_down_and_read_tracked_changes_accepted(tmp_path):
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    document.add_paragraph("青川经济开发区2025年上半年工作总结")
    document.add_paragraph("一、主要经济指标完成情况")
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).text, table.cell(0, 1).text, table.cell(0, 2).text = "指标", "项目", "数值"
    table.cell(1, 0).merge(table.cell(2, 0)).text = "规上工业"  # merged down: each row names it
    table.cell(1, 1).text, table.cell(2, 1).text = "产值", "增速"
    table.cell(1, 2).text = "128.5亿元"
    cell = table.cell(2, 2).paragraphs[0]._p
    change = 'w:id="{}" w:author="张主任" w:date="2025-07-10T09:00:00Z"'
    cell.append(parse_xml(f'<w:del {nsdecls("w")} {change.format(1)}><w:r><w:delText>6.0%</w:delText></w:r></w:del>'))
    cell.append(parse_xml(f'<w:ins {nsdecls("w")} {change.format(2)}><w:r><w:t>6.2%</w:t></w:r></w:ins>'))
    path = tmp_path / "merged.docx"
    document.save(path)
    assert load_document(path).text.split("\n")[1:] == ["指标\t项目\t数值", "规上工业\t产值\t128.5亿元", "规上工业\t增速\t6.2%"]


def _pdf(pages: list[list[str]], chinese: bool = False) -> bytes:
    """A PDF with a text layer, written by hand: Helvetica, or a non-embedded Chinese CID font (UniGB-UTF16-H)."""
    objects: dict[int, bytes] = {1: b"<< /Type /Catalog /Pages 2 0 R >>"}
    if chinese:
        objects[3] = b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UTF16-H /DescendantFonts [4 0 R] >>"
        objects[4] = (
            b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light"
            b" /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor 5 0 R >>"
        )
        objects[5] = (
            b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [0 -200 1000 900]"
            b" /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>"
        )
    else:
        objects[3] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    kids = []
    number = 6
    for lines in pages:
        ops = [b"BT", b"/F1 12 Tf", b"16 TL", b"72 760 Td"]
        for line in lines:
            if chinese:
                ops.append(b"<" + line.encode("utf-16-be").hex().encode() + b"> Tj T*")
            else:
                escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
                ops.append(b"(" + escaped.encode("latin-1") + b") Tj T*")
        ops.append(b"ET")
        stream = b"\n".join(ops)
        objects[number] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>"
            % (number + 1)
        )
        objects[number + 1] = b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"
        kids.append(number)
        number += 2
    objects[2] = b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids) + b"] /Count %d >>" % len(kids)
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = {}
    for key in sorted(objects):
        offsets[key] = out.tell()
        out.write(b"%d 0 obj\n" % key + objects[key] + b"\nendobj\n")
    size = max(objects) + 1
    xref = out.tell()
    out.write(b"xref\n0 %d\n" % size)
    for key in range(size):
        out.write(b"%010d 00000 n \n" % offsets[key] if key in offsets else b"0000000000 65535 f \n")
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref))
    return out.getvalue()


def test_pdf_text_layer(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(_pdf([["Qingchuan Development Zone 2024 Work Summary", "Industrial output reached 128.5 (units).", "Tax revenue grew 6.2 percent."]]))
    doc = load_document(path)
    assert "Industrial output reached 128.5 (units)." in doc.text
    assert "Tax revenue grew 6.2 percent." in doc.text
    assert doc.text.index("Industrial") < doc.text.index("Tax revenue")


def test_chinese_pdf_lines_unwrapped_and_page_furniture_dropped(tmp_path):
    """Three pages: a running head, page numbers, and a sentence wrapped over lines and over a page break."""
    head = "青川经济开发区2025年上半年工作总结"
    pages = [
        [
            head, "一、主要经济指标完成情况", "1-6月，全区实现规上工业总产值126.34亿元，", "同比增长2.72%；完成固定资产投资34.18亿元",
            "，同比增长6.31%。", "— 1 —",
        ],
        [head, "二、主要工作开展情况", "（一）招商引资持续发力。今年以来新签约项目", "18个，其中亿元以上项目9个，协议总投资达到", "— 2 —"],
        [head, "96.5亿元。", "三、下半年工作计划", "一是全力稳住工业增长。", "— 3 —"],
    ]
    path = tmp_path / "report.pdf"
    path.write_bytes(_pdf(pages, chinese=True))
    doc = load_document(path)
    assert doc.title == head
    assert (doc.year, doc.period, doc.doc_type) == (2025, "上半年", "总结")
    assert "1-6月，全区实现规上工业总产值126.34亿元，同比增长2.72%；完成固定资产投资34.18亿元，同比增长6.31%。" in doc.text
    assert "今年以来新签约项目18个，其中亿元以上项目9个，协议总投资达到96.5亿元。" in doc.text
    assert head not in doc.text and "—" not in doc.text
    assert [s.heading for s in doc.sections] == ["一、主要经济指标完成情况", "二、主要工作开展情况", "三、下半年工作计划"]


def _assert_chinese_error(path, *words):
    with pytest.raises(DocumentError) as caught:
        load_document(path)
    error = caught.value
    assert path.name in error.message
    assert CJK.search(error.message) and CJK.search(error.hint or "")
    for word in words:
        assert word in error.message
    return error


def test_corrupt_docx(tmp_path):
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04 this is not really a zip archive" * 10)
    _assert_chinese_error(path, "损坏")


def test_zip_that_is_not_a_docx(tmp_path):
    path = tmp_path / "other.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a word document")
    _assert_chinese_error(path, "Word")


def test_corrupt_pdf(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >> garbage without xref")
    _assert_chinese_error(path, "PDF")


def test_encrypted_pdf(tmp_path):
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt(user_password="secret", algorithm="RC4-128")
    path = tmp_path / "locked.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    _assert_chinese_error(path, "加密")


def test_pdf_without_text_layer(tmp_path):
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    path = tmp_path / "scan.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    error = _assert_chinese_error(path, "没有可读取的文字")
    assert "OCR" in error.hint


@pytest.mark.parametrize("content", [b"", b"  \n\r\n  "])
def test_empty_file(tmp_path, content):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    _assert_chinese_error(path, "空")


def test_only_noise_is_empty(tmp_path):
    path = tmp_path / "ads.txt"
    path.write_text("【哒哒素材库】——每天更新材料1000多篇，会员群+网盘群同步每日更新，一键下载，有意加入请联系客服\n限制150内\n", encoding="utf-8")
    _assert_chinese_error(path, "没有正文")


@pytest.mark.parametrize("name", ["old.doc", "sheet.xlsx", "noext"])
def test_unsupported_suffix(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"something")
    _assert_chinese_error(path, "不支持")


def test_missing_file(tmp_path):
    with pytest.raises(DocumentError) as caught:
        load_document(tmp_path / "gone.txt")
    assert "找不到" in caught.value.message


def test_markdown_markup_is_removed(tmp_path):
    path = tmp_path / "plan.md"
    path.write_text(
        "# 桐湾工业园区2026年工作要点\n\n## 一、主要目标\n\n**规上工业产值**增长8%。\n\n"
        "| 指标 | 目标 |\n|---|---|\n| 税收 | 5亿元 |\n\n---\n\n## 二、重点任务\n\n一是抓招商。\n",
        encoding="utf-8",
    )
    doc = load_document(path)
    assert doc.title == "桐湾工业园区2026年工作要点"
    assert doc.text.split("\n") == ["一、主要目标", "规上工业产值增长8%。", "指标\t目标", "税收\t5亿元", "二、重点任务", "一是抓招商。"]
    assert [s.heading for s in doc.sections] == ["一、主要目标", "二、重点任务"]


def test_demo_corpus_titles(tmp_path):
    """The fictional demo corpus: a bracketed note above the title does not hide the title."""
    from pathlib import Path

    corpus = Path(__file__).resolve().parents[2] / "corpus"
    docs = {p.name: load_document(p) for p in sorted(corpus.iterdir()) if p.suffix in SUPPORTED_SUFFIXES}
    assert docs, "demo corpus missing"
    for name, doc in docs.items():
        assert doc.title != Path(name).stem, name
        assert doc.year and doc.doc_type, name


def test_binary_file_named_txt(tmp_path):
    import random

    rng = random.Random(7)
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(rng.randrange(256) for _ in range(4000)))
    _assert_chinese_error(path, "编码")


def gbk_name(text: str) -> str:
    """The name Linux gives a file a Windows zip archive stored in GBK: its bytes as surrogate escapes."""
    return os.fsdecode(text.encode("gbk"))


def test_file_names_read_as_the_writer_wrote_them(tmp_path):
    folder = tmp_path / "材料"
    folder.mkdir()
    path = folder / gbk_name("乙园区工作计划.txt")
    path.write_text("乙园区2025年工作计划\n\n一、项目建设\n推动重点项目早开工。\n", encoding="utf-8")
    assert readable_path(path) == f"{tmp_path}/材料/乙园区工作计划.txt"  # UTF-8 folders stay as they are
    doc = load_document(path)
    assert doc.source.endswith("材料/乙园区工作计划.txt") and doc.title == "乙园区2025年工作计划"
    assert readable_path(os.fsdecode(b"\xff\xfe.txt")) == "\ufffd\ufffd.txt"  # neither encoding: shown, not raised
    broken = folder / gbk_name("损坏的文件.docx")
    broken.write_bytes(b"PK\x03\x04 not really a docx")
    with pytest.raises(DocumentError, match=r"损坏的文件\.docx"):
        load_document(broken)


def test_text_over_the_limit_is_refused_in_chinese(tmp_path):
    path = tmp_path / "长文.txt"
    path.write_text("某园区2024年工作总结\n一、主要成效\n" + "完成投资5亿元。" * 3000, encoding="utf-8")
    with pytest.raises(DocumentError) as refused:
        load_document(path, max_chars=10_000)
    assert "长文.txt" in refused.value.message and "2.402万字" in refused.value.message and "上限 1万字" in refused.value.message
    assert "ASSISTANT_INGEST__MAX_CHARS" in refused.value.hint
    assert load_document(path, max_chars=30_000).title == "某园区2024年工作总结"


def test_markdown_front_matter_gives_the_metadata_and_leaves_the_text(tmp_path):
    """A web clipper's front matter (tests/data/practice/docs/029.md, from xianyu.chinaxiaokang.com): its fields are the
    document's title, unit and year, and none of its lines reach the stored text."""
    path = tmp_path / "029.md"
    path.write_text(
        "---\nsource: http://xianyu.chinaxiaokang.com/xianyuzhanshi/linchuan/xinwen/2020/0521/3080355.html\n"
        "title: 临川腾笼换鸟盘活“僵尸”企业\nunit: 临川区人民政府\nyear: 2020\n---\n\n"
        "临川腾笼换鸟盘活“僵尸”企业\n\n2020-05-14 16:33:00 来源:临川区人民政府\n\n"
        "今年以来，该区通过整合、嫁接、重组等方式，共清理4家停产企业，盘活闲置工业用地450亩。\n",
        encoding="utf-8",
    )
    doc = load_document(path)
    assert (doc.title, doc.unit, doc.year) == ("临川腾笼换鸟盘活“僵尸”企业", "临川区人民政府", 2020)
    assert doc.text == "今年以来，该区通过整合、嫁接、重组等方式，共清理4家停产企业，盘活闲置工业用地450亩。"


def test_a_rule_under_the_first_line_is_not_front_matter(tmp_path):
    path = tmp_path / "plan.md"
    path.write_text("---\n桐湾工业园区2026年工作要点\n---\n一是抓招商。\n", encoding="utf-8")
    doc = load_document(path)
    assert doc.title == "桐湾工业园区2026年工作要点"
    assert doc.text == "一是抓招商。"


@pytest.mark.parametrize(
    ("opening", "title", "unit"),
    [
        # the practice set's 029 and 024 without their front matter: a headline is a title by the dateline under it
        ("临川腾笼换鸟盘活“僵尸”企业\n2020-05-14 16:33:00 来源:临川区人民政府\n今年以来，该区共清理4家停产企业。",
         "临川腾笼换鸟盘活“僵尸”企业", "临川区人民政府"),
        # a newspaper as 来源 is not the unit
        ("盘活土地资源 助推高质量发展\n时间:2021-11-30 17:00:01 来源:岳阳日报全媒体采访中心\n11月29日上午，经开区召开会议。",
         "盘活土地资源 助推高质量发展", None),
        ("桐乡经济开发区(高桥街道)2023年工作总结和2024年工作思路\n一、2023年工作总结\n全年完成规上工业总产值773.76亿元。",
         "桐乡经济开发区(高桥街道)2023年工作总结和2024年工作思路", "桐乡经济开发区(高桥街道)"),
    ],
)
def test_titles_and_units_of_real_openings(tmp_path, opening, title, unit):
    path = tmp_path / "page.txt"
    path.write_text(opening, encoding="utf-8")
    doc = load_document(path)
    assert (doc.title, doc.unit) == (title, unit)
    assert "来源" not in doc.text and title not in doc.text


def test_a_clippers_author_is_not_the_unit(tmp_path):
    """Web clippers put the reporter in `author:` (029.md's page names 杜晓良 in its text); the unit comes from elsewhere."""
    path = tmp_path / "page.md"
    path.write_text("---\ntitle: 临川腾笼换鸟盘活“僵尸”企业\nauthor: 杜晓良\n---\n\n今年以来，该区共清理4家停产企业。\n", encoding="utf-8")
    assert load_document(path).unit is None
