"""No work silently left undone: files a killed ingest left pending are resumed by the next start (command line or
app) or reported, a command-line ingest beside the running app is searchable there and survives the app's saves,
and one file under two spellings of its path is one document."""

from __future__ import annotations

import json
import logging
import signal
import subprocess
import sys
import time
from pathlib import Path

from typer.testing import CliRunner

from assistant.cli import build_app
from assistant.settings import get_settings
from assistant.store.journal import JOURNAL_FILE, IngestJournal
from assistant.store.keywords import KeywordIndex
from assistant.store.knowledge_base import KnowledgeBase
from assistant.store.records import RESUMED_NOTE

BIN = Path(sys.executable).parent
FILES = 30
DEAD = "4194305:0"  # above Linux's largest pid: an owner that is never running


def small_documents(folder: Path, n: int = FILES) -> list[Path]:
    """`n` short, distinct summaries."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = folder / f"park_{i:02d}.txt"
        path.write_text(f"第{i}园区2024年工作总结\n\n一、招商引资\n全年签约项目{i + 3}个。\n二、安全生产\n开展第{i}轮隐患排查整治。\n",
                        encoding="utf-8")
        paths.append(path)
    return paths


def pending(store: Path) -> int:
    """Entries in the journal a running ingest rewrites (atomically, so a read sees one whole version)."""
    try:
        return len(json.loads((store / JOURNAL_FILE).read_text(encoding="utf-8"))["pending"])
    except FileNotFoundError:
        return 0


def kill_mid_ingest(store: Path, folder: Path) -> None:
    """Run `assistant ingest folder` and SIGKILL it once some files are done and others still pending."""
    proc = subprocess.Popen([str(BIN / "assistant"), "--store", str(store), "ingest", str(folder)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 300
        while time.time() < deadline and proc.poll() is None and not 0 < pending(store) < FILES - 2:
            time.sleep(0.02)
        assert proc.poll() is None, "the ingest ended without leaving a journal to resume from"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert 0 < len(KnowledgeBase(get_settings(store=store)).documents()) < FILES


def test_a_killed_command_line_ingest_is_resumed_by_the_next_one(tmp_path):
    docs = small_documents(tmp_path / "docs")
    store = tmp_path / "store"
    kill_mid_ingest(store, tmp_path / "docs")
    other = tmp_path / "other.txt"
    other.write_text("另一园区2025年工作计划\n\n一、项目建设\n推进污水处理厂提标改造。\n", encoding="utf-8")

    result = CliRunner().invoke(build_app(), ["--store", str(store), "ingest", str(other)])
    assert result.exit_code == 0, result.output
    assert RESUMED_NOTE in result.output.replace("\n", "")
    kb = KnowledgeBase(get_settings(store=store))
    assert {d.source for d in kb.documents()} == {str(p) for p in docs} | {str(other)}
    assert pending(store) == 0
    assert kb.search("第29轮隐患排查", k=1, mode="keyword")[0].source == str(docs[-1])


def test_the_app_resumes_uploads_a_killed_app_left_unindexed(tmp_path, caplog):
    from assistant.ui import ingest_on_start

    store = tmp_path / "store"
    docs = small_documents(store / "uploads")
    kill_mid_ingest(store, store / "uploads")
    settings = get_settings(store=store, corpus=tmp_path / "no-corpus")
    kb = KnowledgeBase(settings)
    with caplog.at_level(logging.WARNING, logger="assistant.ui"):
        thread = ingest_on_start(settings, kb)
        assert thread is not None
        thread.join(timeout=300)
    assert {d.source for d in kb.documents()} == {str(p) for p in docs}
    assert pending(store) == 0
    assert any(RESUMED_NOTE in r.getMessage() and r.getMessage().startswith("启动时入库") for r in caplog.records)
    assert ingest_on_start(settings, KnowledgeBase(settings)) is None  # nothing left to do on the next start


def test_work_cut_off_again_and_again_or_gone_is_reported_not_retried(tmp_path):
    docs = tmp_path / "docs"
    a, gone = small_documents(docs, 2)
    store = tmp_path / "store"
    first, second = IngestJournal(store), IngestJournal(store)
    first.owner, second.owner = DEAD, DEAD.replace(":0", ":1")
    first.begin([a, gone])  # a run died with both pending …
    second.adopt()  # … and the run that took them over died too
    gone.unlink()
    report = KnowledgeBase(get_settings(store=store)).ingest([])
    failed = {Path(f.source).name: f.error for f in report.failed}
    assert failed == {"park_00.txt": "入库过程在这个文件上被中断了 2 次，已不再自动续做（请检查文件是否过大或已损坏，确认无误后可重新导入）。",
                      "park_01.txt": "上次入库被中断，而这个文件已不存在，未能续做。"}
    assert pending(store) == 0


def test_files_a_live_process_is_ingesting_are_not_taken_over(tmp_path):
    store = tmp_path / "store"
    (a,) = small_documents(tmp_path / "docs", 1)
    IngestJournal(store).begin([a])  # this test's own process: alive
    assert IngestJournal(store).adopt() == [] and not IngestJournal(store).interrupted()
    assert IngestJournal(store).busy() == {a}


def test_a_command_line_ingest_beside_the_app_is_searchable_there_and_survives_its_saves(tmp_path):
    a, b, c = small_documents(tmp_path / "docs", 3)
    b.write_text("乙园区2025年工作计划\n\n一、生态环保\n推进污水处理厂提标改造。\n", encoding="utf-8")
    store = tmp_path / "store"
    app_kb = KnowledgeBase(get_settings(store=store))
    app_kb.ingest([a])

    subprocess.run([str(BIN / "assistant"), "--store", str(store), "ingest", str(b)], check=True, capture_output=True)
    assert str(b) in {d.source for d in app_kb.documents()}
    assert app_kb.search("污水处理厂提标改造", k=1, mode="keyword")[0].source == str(b)
    assert app_kb.search("污水处理厂提标改造", k=1, mode="dense")[0].source == str(b)

    app_kb.ingest([c])  # the app's next keyword-index save keeps what the other process indexed
    saved = KeywordIndex(store / "keywords.jsonl").entries  # the file itself: opening a KnowledgeBase would repair it
    assert set(saved) == set(app_kb.collection.get(include=[])["ids"])
    assert {e["meta"]["source"] for e in saved.values()} == {str(a), str(b), str(c)}


def test_two_spellings_of_a_path_are_one_document(tmp_path, monkeypatch):
    (a,) = small_documents(tmp_path / "docs", 1)
    (tmp_path / "link.txt").symlink_to(a)
    kb = KnowledgeBase(get_settings(store=tmp_path / "store"))
    assert kb.ingest([a]).count("added") == 1
    monkeypatch.chdir(tmp_path)
    again = kb.ingest([Path("docs/../docs/park_00.txt"), Path("link.txt"), Path("docs")])
    assert [(f.source, f.status) for f in again.files] == [(str(a), "unchanged")]
    assert [d.source for d in kb.documents()] == [str(a)]
    assert kb.remove("docs/park_00.txt") > 0 and not kb.documents()

