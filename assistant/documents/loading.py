"""Read .txt/.md/.docx/.pdf files into cleaned, parsed Documents."""

from __future__ import annotations

import errno
import logging
import os
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.decoding import decode_text
from assistant.documents.cleaning import clean_text
from assistant.documents.kinds import assign_kinds
from assistant.documents.metadata import front_matter, is_dateline, read_metadata, tidy_title
from assistant.documents.model import Document
from assistant.documents.structure import build_tree, is_title_line, split_headings
from assistant.errors import AssistantError

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.oxml.table import CT_Tc
    from docx.table import _Cell
    from docx.text.paragraph import Paragraph
    from docx.text.run import Run

SUPPORTED_SUFFIXES = {".txt", ".md", ".docx", ".pdf"}
_CJK = re.compile(r"[\u4e00-\u9fff]")


class DocumentError(AssistantError):
    """A file that cannot be read as a document; the message names the file."""


# The one place where a failed file operation becomes words a writer understands: (reason, what to do).
_OS_ERRORS: dict[int | None, tuple[str, str]] = {  # OSError.errno is None when the error carries no code
    errno.EACCES: ("没有读写这个文件的权限", "请检查文件或文件夹的权限，或把文件复制到自己有权限的文件夹后再试。"),
    errno.EPERM: ("系统不允许这项操作（权限不足）", "请检查文件或文件夹的权限，或请系统管理员处理。"),
    errno.ENOENT: ("文件不存在", "请检查路径是否正确。"),
    errno.EISDIR: ("这是一个文件夹，不是文件", "请选择文件夹里的文件。"),
    errno.ELOOP: ("符号链接形成了循环（链接指向自己或上级文件夹）", "请删除或修正这个符号链接。"),
    errno.ENAMETOOLONG: ("文件名或路径太长", "请缩短文件名或换一个层级较浅的文件夹。"),
    errno.ENOSPC: ("磁盘空间不足", "请清理磁盘空间后再试。"),
    errno.EROFS: ("所在磁盘是只读的", "请换到可写的文件夹。"),
    errno.EBUSY: ("文件正被其他程序占用", "请关闭占用它的程序后再试。"),
    errno.EIO: ("磁盘读写出错", "请检查磁盘或网络盘是否正常。"),
}
_OS_ERROR_FALLBACK = ("文件读写出错", "请检查文件权限或是否被其他程序占用。")


def describe_os_error(error: OSError) -> str:
    """The Chinese reason a file operation failed (permission, symlink loop, full disk …), never the system's English."""
    return _OS_ERRORS.get(error.errno, _OS_ERROR_FALLBACK)[0]


def os_error_hint(error: OSError) -> str:
    """What the writer can do about a failed file operation."""
    return _OS_ERRORS.get(error.errno, _OS_ERROR_FALLBACK)[1]


def load_document(path: Path, source: str | None = None, max_chars: int | None = None) -> Document:
    """Read, clean and parse one file; text longer than `max_chars` is refused before any parsing."""
    path = Path(path)
    raw = read_text(path)
    if max_chars is not None and len(raw) > max_chars:
        raise DocumentError(
            f"文件“{readable_path(path.name)}”正文有 {_count_words(len(raw))}，超过入库上限 {_count_words(max_chars)}，未入库。",
            "请把文件拆分成几份后再导入；确需整份入库，可调大设置 ASSISTANT_INGEST__MAX_CHARS（字数越多，入库越久）。",
        )
    return parse_document(raw, source or readable_path(path), fallback_title=readable_path(path.stem))


def _count_words(n: int) -> str:
    """A character count as a writer says it: 1091万字, 850字."""
    return f"{n / 10000:.4g}万字" if n >= 10000 else f"{n}字"


def parse_document(raw: str, source: str, fallback_title: str = "") -> Document:
    """Clean and parse the text of one file."""
    given, raw = front_matter(raw)
    cleaned = clean_text(raw)
    text = split_headings(cleaned.text)
    title, dateline, text = _take_title(text, given.get("title") or cleaned.title_hint, fallback_title)
    if not text.strip():
        raise DocumentError(f"文件“{source}”清理后没有正文内容。", "请确认文件内容是工作总结或计划的正文。")
    sections = build_tree(text)
    assign_kinds(sections)
    meta = read_metadata(title, text, given, dateline)
    return Document(
        source=source,
        title=title,
        text=text,
        unit=meta.unit,
        year=meta.year,
        period=meta.period,
        doc_type=meta.doc_type,
        sections=sections,
    )


def _take_title(text: str, hint: str | None, fallback: str) -> tuple[str, str, str]:
    """The document title, a news page's dateline under it, and the text without them (notes before them stay)."""
    lines = text.split("\n")
    title = tidy_title(hint) if hint else ""
    for index, line in enumerate(lines[:3]):
        if is_title_line(line):
            end = index
            while end < len(lines) and is_title_line(lines[end]):
                end += 1
            return title or tidy_title(lines[end - 1]), *_without_dateline(lines[:index], lines[end:])
        # A page's headline is a title by its dateline even without a report's words (临川腾笼换鸟盘活“僵尸”企业).
        dated = index + 1 < len(lines) and is_dateline(lines[index + 1]) and _short_line(line)
        if dated or _looks_like_title(line) or (title and line.strip() == title):
            return title or tidy_title(line), *_without_dateline(lines[:index], lines[index + 1 :])
        if not _is_note(line):
            break
    return title or fallback, "", text


def _without_dateline(before: list[str], after: list[str]) -> tuple[str, str]:
    """(the dateline opening `after`, if any; the text without it)."""
    if after and is_dateline(after[0]):
        return after[0].strip(), "\n".join(before + after[1:])
    return "", "\n".join(before + after)


def _is_note(line: str) -> bool:
    """A short bracketed remark above a title, such as （示例材料：…）."""
    return len(line) <= 60 and line[:1] in "（(【[" and line[-1:] in "）)】]"


def _short_line(line: str) -> bool:
    """A line short enough for a title, that ends no sentence and opens no numbered heading."""
    line = line.strip()
    return bool(line) and len(line) <= 60 and not re.search(r"[。；;，,！？]$|^[一二三四五六七八九十]+、|^[（(]", line)


def _looks_like_title(line: str) -> bool:
    """A short first line without sentence punctuation that names a report."""
    if not _short_line(line):
        return False
    return bool(re.search(r"总结|计划|安排|打算|思路|要点|报告|汇报|情况|谋划|规划", line))


def read_text(path: Path) -> str:
    """The raw text of a supported file, or DocumentError with a Chinese message."""
    name = readable_path(path.name)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise DocumentError(
            f"不支持的文件类型“{suffix or '无扩展名'}”：{name}。",
            "请另存为 .docx、.pdf、.txt 或 .md 后再导入（.doc 请用 Word 另存为 .docx）。",
        )
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DocumentError(f"找不到文件：{name}。", "请检查路径是否正确。") from None
    except OSError as exc:
        raise DocumentError(f"无法读取文件：{name}（{describe_os_error(exc)}）。", os_error_hint(exc)) from None
    if not data.strip():
        raise DocumentError(f"文件是空的：{name}。", "请确认文件已完整保存后再导入。")
    if suffix == ".txt":
        text = decode_text(data, name, DocumentError)
    elif suffix == ".md":
        text = markdown_to_text(decode_text(data, name, DocumentError))
    elif suffix == ".docx":
        text = _docx_text(data, name)
    else:
        text = _pdf_text(data, name)
    if not text.strip():
        raise DocumentError(f"文件中没有可读取的文字：{name}。", _EMPTY_HINT.get(suffix, "请确认文件内容不为空。"))
    return text


_EMPTY_HINT = {
    ".pdf": "这可能是扫描件（图片），请先用 OCR 转成文字版 PDF 或 Word 再导入。",
    ".docx": "请确认正文不在图片或文本框中。",
}


_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*", re.M)
_MD_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_RULE = re.compile(r"^\s*(?:[-*_]\s*){3,}$", re.M)
_MD_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$", re.M)


def markdown_to_text(text: str) -> str:
    """Markdown markup removed: heading hashes, bold, rules; table rows become tab-separated lines.

    A front matter stays as it is (its `---` fences are not rules): parse_document reads its fields.
    """
    fields, body = front_matter(text)
    if fields:
        return text[: len(text) - len(body)] + markdown_to_text(body)
    text = _MD_TABLE_SEPARATOR.sub("", text)
    text = _MD_RULE.sub("", text)
    text = _MD_HEADING.sub("", text)
    text = _MD_EMPHASIS.sub(r"\2", text)
    lines = []
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
            line = "\t".join(cell.strip() for cell in stripped[1:-1].split("|"))
        lines.append(line)
    return "\n".join(lines)


def readable_path(path: Path | str) -> str:
    """A path as a writer should see it: each part UTF-8, else GB18030 (names from Windows zip files), else with �."""
    return os.sep.join(_readable_part(part) for part in os.fsencode(path).split(os.fsencode(os.sep)))


def _readable_part(raw: bytes) -> str:
    """One path component decoded (Linux hands a non-UTF-8 name over as surrogate escapes; these are its bytes)."""
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            pass
    return raw.decode("utf-8", errors="replace")


def _docx_text(data: bytes, name: str) -> str:
    """Paragraphs and table rows of a .docx, in document order."""
    return "\n".join(_docx_lines(open_docx(data, name)))


def open_docx(data: bytes, name: str) -> DocxDocument:
    """The .docx as a python-docx Document, or a DocumentError in Chinese for a file that is not a whole one."""
    import io

    from docx import Document as read_docx
    from docx.opc.exceptions import PackageNotFoundError

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise DocumentError(f"文件已损坏或不是真正的 Word 文档：{name}。", "请用 Word 打开后另存为 .docx；旧版 .doc 需先转换。")
    try:
        return read_docx(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile):
        raise DocumentError(f"Word 文档无法打开：{name}（文件内容不是完整的 Word 文档）。", "请用 Word 打开后另存为 .docx。") from None
    except Exception:  # lxml and zip errors of a damaged package
        raise DocumentError(f"Word 文档已损坏：{name}。", "请用 Word 打开后另存为 .docx。") from None


# The runs Word shows once tracked changes are accepted: a paragraph's own runs, those inside insertions, moves to here
# and hyperlinks, not the text of deletions, moves from here, or the paragraphs of a text box drawn inside the paragraph.
_VISIBLE_RUNS = ".//w:r[not(ancestor::w:del) and not(ancestor::w:moveFrom) and not(ancestor::w:txbxContent)]"


def visible_runs(paragraph: Paragraph) -> list[Run]:
    """The paragraph's runs as the document reads with its tracked changes accepted (python-docx's .runs omits
    the runs inside a w:ins: a leader's inserted "138.5" would go unchecked)."""
    from docx.text.run import Run

    return [Run(r, paragraph) for r in paragraph._p.xpath(_VISIBLE_RUNS)]


def visible_text(paragraph: Paragraph) -> str:
    """The paragraph's text with its tracked changes accepted."""
    return "".join(run.text for run in visible_runs(paragraph))


@dataclass(frozen=True)
class WordTable:
    """A table of a Word body as its rows of cells: a cell merged across columns once in its row, a cell merged
    down in each row it spans (as python-docx's row.cells gives it)."""

    rows: list[list[_Cell]]

    def cells(self) -> list[_Cell]:
        """Every cell once, in reading order (a cell merged down at its first row)."""
        return [cell for row in self.new_cells() for cell in row]

    def new_cells(self) -> list[list[_Cell]]:
        """Each row's cells that no row above holds (a cell merged down belongs to its first row)."""
        seen: set[CT_Tc] = set()
        out = []
        for row in self.rows:
            out.append([cell for cell in row if cell._tc not in seen])
            seen.update(cell._tc for cell in row)
        return out


def body_blocks(document: DocxDocument) -> Iterator[Paragraph | WordTable]:
    """The body of a .docx in reading order: each paragraph, and each table as a WordTable."""
    from docx.text.paragraph import Paragraph

    for block in document.iter_inner_content():
        yield block if isinstance(block, Paragraph) else WordTable([_distinct(row.cells) for row in block.rows])


def _distinct(cells: list[_Cell]) -> list[_Cell]:
    """Cells in order, each underlying cell once (row.cells repeats a merged cell for every grid column it spans)."""
    seen: set[CT_Tc] = set()  # the cells' XML elements: kept alive here, so identity is safe
    out = []
    for cell in cells:
        if cell._tc not in seen:
            seen.add(cell._tc)
            out.append(cell)
    return out


def _docx_lines(document: DocxDocument) -> Iterator[str]:
    """Each body paragraph, and one line per table row: its cells separated by tabs (an empty row left out)."""
    for block in body_blocks(document):
        if not isinstance(block, WordTable):
            yield visible_text(block)
            continue
        for row in block.rows:
            cells = [_cell_text(cell) for cell in row]
            if any(cells):
                yield "\t".join(cells)


def _cell_text(cell: _Cell) -> str:
    """A table cell's non-empty paragraphs, stripped and joined by spaces."""
    return " ".join(text for text in (visible_text(p).strip() for p in cell.paragraphs) if text)


def _pdf_text(data: bytes, name: str) -> str:
    """The text layer of a PDF, page by page."""
    import io

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    # pypdf logs the repairs it tries ("EOF marker not found") in English on the writer's console;
    # a file it cannot read is reported below, in Chinese.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    if b"%PDF" not in data[:1024]:  # the header may follow a little junk, as readers allow
        raise DocumentError(f"文件不是真正的 PDF：{name}（可能是改了扩展名的网页或其他文件）。", "请用原程序重新导出 PDF，或改回正确的扩展名后再导入。")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            ok: int
            try:
                ok = reader.decrypt("")
            except Exception:
                ok = 0
            if not ok:
                raise DocumentError(f"PDF 已加密，无法读取：{name}。", "请取消密码保护或另存为不加密的 PDF 后再导入。")
        pages = [page.extract_text() or "" for page in reader.pages]
    except DocumentError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError):
        raise DocumentError(f"PDF 文件不完整或已损坏，无法读取：{name}（可能没有下载或复制完整）。", "请重新导出或下载该 PDF 后再导入。") from None
    except Exception:  # pypdf raises many kinds on damaged files
        raise DocumentError(f"PDF 文件无法解析：{name}（文件结构已损坏）。", "请重新导出或下载该 PDF 后再导入。") from None
    return unwrap_pdf_pages(pages)


_PAGE_NUMBER_LINE = re.compile(r"^\s*(?:[—－\-–]\s*\d{1,4}\s*[—－\-–]|\d{1,4}|\d{1,4}\s*/\s*\d{1,4}|第\s*\d{1,4}\s*页.{0,8})\s*$")
_LINE_END = "。！？；;!?：:”’」』）)"


def unwrap_pdf_pages(pages: list[str]) -> str:
    """Page text without page numbers and running heads, with lines wrapped by the layout joined again."""
    split = [[line.strip() for line in page.split("\n") if line.strip()] for page in pages]
    running = _running_lines(split)
    lines: list[str] = []
    kept_running: set[str] = set()
    full_width = False
    for page in split:
        width = _text_width(page)
        for line in page:
            if _PAGE_NUMBER_LINE.match(line) or line in kept_running:
                continue
            if line in running:
                kept_running.add(line)  # keep a running head once: it is often the title
            if lines and full_width:
                glue = "" if _CJK.match(lines[-1][-1]) or _CJK.match(line[0]) else " "
                lines[-1] += glue + line
            else:
                lines.append(line)
            # A line that reaches the right margin and ends mid-sentence continues on the next line.
            full_width = bool(width) and len(line) >= 0.85 * width and not line.endswith(tuple(_LINE_END))
    return "\n".join(lines)


def _running_lines(pages: list[list[str]]) -> set[str]:
    """Short lines repeated at the top or bottom of most pages (running heads and footers)."""
    if len(pages) < 3:
        return set()
    counts: dict[str, int] = {}
    for page in pages:
        for line in set(page[:2] + page[-2:]):
            counts[line] = counts.get(line, 0) + 1
    return {line for line, n in counts.items() if n >= 0.6 * len(pages) and len(line) <= 40}


def _text_width(lines: list[str]) -> int:
    """The usual length of a full line on a page (0 when the page has too few lines to tell)."""
    lengths = sorted(len(line) for line in lines)
    if len(lengths) < 3:
        return 0
    return lengths[int(0.9 * (len(lengths) - 1))]
