"""Files the app writes stay bounded and go when the session ends; rejections and file errors reach the writer in Chinese."""

from __future__ import annotations

import errno
import io
import re
import tempfile
import time
from pathlib import Path

import gradio as gr
import pytest
from gradio_client import Client, handle_file
from pypdf import PdfWriter

from assistant.settings import get_settings
from assistant.store.knowledge_base import KnowledgeBase
from assistant.ui import create_app, launch_options, library
from assistant.ui.services import Services, handler
from tests.fakes import FakeChatModel
from tests.helpers import FIGURES_CSV, free_port

EMPTY_TABLE = ""  # the figures editor is a text box
ENGLISH_ERROR = re.compile(r"Invalid file|File size|Permission denied|EOF marker|[A-Za-z]+Error|Errno")


def count_folders(root: Path) -> int:
    """Every folder under `root`, at any depth."""
    return sum(1 for p in root.rglob("*") if p.is_dir())


@pytest.fixture(scope="module")
def isolated(tmp_path_factory):
    """The app launched as `python app.py` would (Gradio's limits included), with its own temp folders to count."""
    tmp = tmp_path_factory.mktemp("isolated")
    temp_root = tmp / "temp"
    temp_root.mkdir()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GRADIO_TEMP_DIR", str(temp_root / "gradio"))
        patch.setattr(tempfile, "tempdir", str(temp_root))
        settings = get_settings(store=tmp / "store", corpus=tmp / "no-corpus", app={"max_upload_mb": 1}, draft={"repair_rounds": 0})
        kb = KnowledgeBase(settings)
        app = create_app(settings, kb=kb, model=FakeChatModel())
        port = free_port()
        app.queue().launch(**{**launch_options(settings), "server_port": port, "prevent_thread_lock": True, "quiet": True})
        yield {"url": f"http://127.0.0.1:{port}/", "temp": temp_root, "settings": settings, "kb": kb, "tmp": tmp}
        app.close()


def test_checks_and_exports_leave_a_bounded_number_of_folders_and_none_once_the_session_ends(isolated):
    client = Client(isolated["url"], verbose=False, download_files=False)
    table, notes, _ = client.predict(handle_file(str(FIGURES_CSV)), api_name="/load_table")
    before = count_folders(isolated["temp"])
    for n in range(12):
        body = f"一、主要经济指标\n1-6月，规上工业总产值128.5亿元，同比增长4.47%。第{n}稿。"
        client.predict(table, notes, [], body, "", "", api_name="/check")
        client.predict(f"第{n}稿", body, table, notes, [], "青川经济开发区", "2025年7月10日", "当前稿件", "", api_name="/export_docx")
        client.predict(f"第{n}稿", body, table, notes, [], "当前稿件", "", api_name="/export_markdown")
    during = count_folders(isolated["temp"])
    assert during - before <= 4, f"{during - before} new folders after 36 checks and exports"
    client.close()
    deadline = time.monotonic() + 20
    while count_folders(isolated["temp"]) > before + 1 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert count_folders(isolated["temp"]) <= before + 1  # the app's own folder stays, the session's is gone


def test_the_latest_export_is_the_one_served(isolated):
    client = Client(isolated["url"], verbose=False, download_files=str(isolated["tmp"] / "downloads"))
    body = "1-6月，规上工业总产值128.5亿元。"
    first = client.predict("初稿", body, EMPTY_TABLE, "", [], "当前稿件", "", api_name="/export_markdown")
    second = client.predict("二稿", body + "再改。", EMPTY_TABLE, "", [], "当前稿件", "", api_name="/export_markdown")
    assert "初稿" in Path(first).read_text(encoding="utf-8") and "二稿" in Path(second).read_text(encoding="utf-8")
    client.close()


def test_an_unsupported_upload_is_refused_in_chinese(isolated, tmp_path):
    program = tmp_path / "setup.exe"
    program.write_bytes(b"MZ" * 100)
    log, _docs, _choices = Client(isolated["url"], verbose=False).predict([handle_file(str(program))], api_name="/upload")
    assert "setup.exe" in log and "不支持的文件类型" in log
    assert not ENGLISH_ERROR.search(log)


def test_an_upload_over_the_size_limit_is_refused_in_chinese(isolated, tmp_path):
    big = tmp_path / "大文件.txt"
    big.write_text("园区工作总结。" * 100_000, encoding="utf-8")  # 2.1 MB against a 1 MB limit
    log, docs, _choices = Client(isolated["url"], verbose=False).predict([handle_file(str(big))], api_name="/upload")
    assert "大文件.txt" in log and "1 MB" in log and "❌" in log
    assert not ENGLISH_ERROR.search(log)
    assert not any("大文件" in row[0] for row in docs["data"])


def test_a_truncated_pdf_is_reported_in_chinese(isolated, tmp_path):
    writer, buffer = PdfWriter(), io.BytesIO()
    writer.add_blank_page(200, 200)
    writer.write(buffer)
    broken = tmp_path / "半截.pdf"
    broken.write_bytes(buffer.getvalue()[:-40])
    log, _docs, _choices = Client(isolated["url"], verbose=False).predict([handle_file(str(broken))], api_name="/upload")
    assert "半截.pdf" in log and "❌" in log and "不完整" in log
    assert not ENGLISH_ERROR.search(log)


def test_a_permission_error_while_storing_an_upload_is_reported_in_chinese(isolated, tmp_path, monkeypatch):
    import assistant.ui.services as services_module

    def refuse(source, target, *args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(target))

    monkeypatch.setattr(services_module.shutil, "copyfile", refuse)
    upload = tmp_path / "总结.txt"
    upload.write_text("某园区2023年工作总结\n\n一、安全生产\n开展隐患排查。\n", encoding="utf-8")
    services = Services(isolated["settings"], isolated["kb"], None)
    log, _rows, _choices = list(handler(services, library.upload)([str(upload)]))[-1]
    assert "总结.txt" in log and "权限" in log
    assert not ENGLISH_ERROR.search(log)


def test_any_permission_error_reaches_the_writer_in_chinese():
    def write_somewhere():
        raise PermissionError(errno.EACCES, "Permission denied", "/srv/store/uploads/总结.docx")

    with pytest.raises(gr.Error) as caught:
        handler(None, write_somewhere)()
    assert "权限" in caught.value.message and "总结.docx" in caught.value.message
    assert not ENGLISH_ERROR.search(caught.value.message)


def test_a_symlink_loop_in_an_ingested_folder_is_reported(isolated, tmp_path):
    folder = tmp_path / "材料"
    folder.mkdir()
    (folder / "循环.txt").symlink_to(folder / "循环.txt")
    report = isolated["kb"].ingest([folder])
    assert any("循环.txt" in f.source and "符号链接" in (f.error or "") for f in report.files)



def test_a_material_of_an_unsupported_type_is_refused_in_chinese_not_dropped(tmp_path):
    from assistant.ui.drafting import material_texts

    good = tmp_path / "招商局报送.txt"
    good.write_text("上半年新签约项目19个。", encoding="utf-8")
    bad = tmp_path / "报表.exe"
    bad.write_bytes(b"MZ" * 10)
    assert material_texts([str(good)]) == ["上半年新签约项目19个。"]
    with pytest.raises(gr.Error) as refused:
        material_texts([str(good), str(bad)])
    assert "报表.exe" in refused.value.message and not ENGLISH_ERROR.search(refused.value.message)


def test_a_material_that_does_not_read_is_refused_with_the_reason(tmp_path):
    from assistant.errors import AssistantError
    from assistant.ui.drafting import material_texts

    good, empty = tmp_path / "招商局报送.txt", tmp_path / "空白.txt"
    good.write_text("上半年新签约项目19个。", encoding="utf-8")
    empty.write_bytes(b"")
    with pytest.raises(AssistantError) as refused:
        material_texts([str(good), str(empty)])
    assert "文件是空的：空白.txt" in str(refused.value) and not ENGLISH_ERROR.search(str(refused.value))
