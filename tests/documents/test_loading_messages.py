"""What a file that cannot be read says: Chinese reasons for permissions, symlink loops and damaged PDFs, nothing in English."""

from __future__ import annotations

import errno
import io
import logging
import re
from pathlib import Path

import pytest
from pypdf import PdfWriter

from assistant.documents.loading import DocumentError, describe_os_error, load_document

ENGLISH = re.compile(r"[A-Za-z]{3,}")


def _pdf_bytes() -> bytes:
    writer, buffer = PdfWriter(), io.BytesIO()
    writer.add_blank_page(200, 200)
    writer.write(buffer)
    return buffer.getvalue()


def _error_of(path: Path) -> DocumentError:
    with pytest.raises(DocumentError) as caught:
        load_document(path)
    return caught.value


def _words(error: DocumentError) -> str:
    """The message and hint without the file name and the extensions it names."""
    return re.sub(r"\S+\.(txt|pdf|docx|md)|PDF|OCR|Word|WPS|UTF-8", "", f"{error.message} {error.hint or ''}")


def test_a_file_without_read_permission(tmp_path, monkeypatch):
    path = tmp_path / "总结.txt"
    path.write_text("正文", encoding="utf-8")

    def refuse(self):
        raise PermissionError(errno.EACCES, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    error = _error_of(path)
    assert "总结.txt" in error.message and "权限" in error.message
    assert not ENGLISH.search(_words(error))


def test_a_symlink_loop(tmp_path):
    path = tmp_path / "循环.txt"
    path.symlink_to(path)
    error = _error_of(path)
    assert "循环.txt" in error.message and "符号链接" in error.message
    assert not ENGLISH.search(_words(error))


@pytest.mark.parametrize("cut", [40, 400])
def test_a_truncated_pdf_says_so_in_chinese_and_logs_nothing_in_english(tmp_path, caplog, cut):
    path = tmp_path / "半截.pdf"
    path.write_bytes(_pdf_bytes()[:-cut])
    with caplog.at_level(logging.WARNING):
        error = _error_of(path)
    assert "不完整" in error.message
    assert not ENGLISH.search(_words(error))
    assert "EOF marker" not in caplog.text


def test_a_file_that_is_not_a_pdf_at_all(tmp_path):
    path = tmp_path / "网页.pdf"
    path.write_bytes(b"<html><body>not a pdf</body></html>")
    error = _error_of(path)
    assert "不是" in error.message and not ENGLISH.search(_words(error))


@pytest.mark.parametrize("code, words", [(errno.EACCES, "权限"), (errno.ELOOP, "符号链接"), (errno.ENOSPC, "空间"), (None, "读写")])
def test_describe_os_error(code, words):
    assert words in describe_os_error(OSError(code, "English words"))
