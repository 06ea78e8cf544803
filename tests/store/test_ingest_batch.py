"""One file never ends a batch: a document larger than one Chroma write, a GBK file name, a library failing on one
file, and a file over the size limit each get their line in the per-file report while the rest is stored."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from typer.testing import CliRunner

from assistant.cli import build_app
from assistant.settings import get_settings
from assistant.store.knowledge_base import KnowledgeBase
from assistant.store.vectors import get_all

A = "甲园区2024年工作总结\n\n一、招商引资\n全年签约项目12个。\n二、安全生产\n开展隐患排查整治行动。\n"
B = "乙园区2025年工作计划\n\n一、项目建设\n推动重点项目早开工。\n二、生态环保\n推进污水处理厂提标改造。\n"
C = "丙园区2025年上半年工作总结\n\n一、存量盘活\n盘活低效闲置用地，推行标准地出让。\n二、存在问题\n要素保障不足。\n"
CHROMA_MAX_BATCH = 5461  # rows per write embedded Chroma 1.5 accepts


class HashEmbedder:
    """Stand-in vectors (a digest per text): embedding 6,000 chunks with the real model takes 12 minutes here.

    Everything else is real: loading, chunking, the Chroma writes and the keyword index.
    """

    name = "test/sha256"

    def passages(self, texts: list[str]) -> list[list[float]]:
        """One vector per text."""
        return [self.query(t) for t in texts]

    def query(self, text: str) -> list[float]:
        """A vector for the text, never all zeros."""
        return [b / 255 + 0.01 for b in hashlib.sha256(text.encode()).digest()[:16]]


def big_document(path: Path, projects: int) -> Path:
    """A summary with one short sentence per project; with 16-token chunks each sentence is a chunk."""
    lines = ["示例园区2024年工作总结", "一、重点项目"] + [f"第{n}个项目本月完成投资{n % 97}万元。" for n in range(projects)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_document_over_one_chroma_write_is_stored_whole_and_the_batch_goes_on(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(A, encoding="utf-8")
    big = big_document(docs / "b_big.txt", 6000)
    (docs / "c.txt").write_text(C, encoding="utf-8")
    settings = get_settings(store=tmp_path / "store", chunk={"max_tokens": 16, "min_tokens": 1})
    kb = KnowledgeBase(settings, embedder=HashEmbedder())

    report = kb.ingest([docs])
    assert [(Path(f.source).name, f.status, f.error) for f in report.files] == [
        ("a.txt", "added", None), ("b_big.txt", "added", None), ("c.txt", "added", None)]
    big_chunks = report.files[1].chunks
    assert big_chunks > CHROMA_MAX_BATCH
    assert len(get_all(kb.collection, where={"source": str(big)}, include=[])["ids"]) == big_chunks
    assert kb.search("第5999个项目", k=1, mode="keyword")[0].text == "第5999个项目本月完成投资82万元。"

    big_document(big, 5800)  # a new version replaces every chunk of the old one, again over several writes
    again = KnowledgeBase(settings, embedder=HashEmbedder())
    assert [f.status for f in again.ingest([docs]).files] == ["unchanged", "replaced", "unchanged"]
    texts = get_all(again.collection, where={"source": str(big)}, include=["documents"])["documents"]
    assert len(texts) == again.documents()[1].chunks > CHROMA_MAX_BATCH
    assert not [t for t in texts if "第5999个" in t] and len(again.keywords.entries) == again.collection.count()


def test_a_gbk_file_name_is_shown_in_chinese_and_ingested(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(A, encoding="utf-8")
    (docs / os.fsdecode("乙园区工作计划.txt".encode("gbk"))).write_text(B, encoding="utf-8")
    (docs / os.fsdecode("损坏的文件.docx".encode("gbk"))).write_bytes(b"PK\x03\x04 not really a docx")
    (docs / "c.txt").write_text(C, encoding="utf-8")
    store = tmp_path / "store"

    result = CliRunner().invoke(build_app(), ["--store", str(store), "ingest", str(docs)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    output = result.output.replace("\n", "")  # rich wraps long lines
    assert "Traceback" not in output
    assert f"已入库 {docs}/乙园区工作计划.txt" in output
    assert "损坏的文件.docx：文件已损坏或不是真正的 Word 文档：损坏的文件.docx" in output
    assert "新增 3，更新 0，未变化 0，失败 1" in output
    kb = KnowledgeBase(get_settings(store=store))
    assert f"{docs}/乙园区工作计划.txt" in {d.source for d in kb.documents()}
    assert kb.search("污水处理厂提标改造", k=1)[0].source == f"{docs}/乙园区工作计划.txt"


class FailsOn(HashEmbedder):
    """Fails like a library would (not with our own error) on the texts that hold `word`."""

    def __init__(self, word: str):
        self.word = word

    def passages(self, texts: list[str]) -> list[list[float]]:
        """Vectors, or a RuntimeError for the file that holds the word."""
        if any(self.word in t for t in texts):
            raise RuntimeError("CUDA out of memory")
        return super().passages(texts)


def test_an_unexpected_failure_fails_its_file_alone(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in (("a.txt", A), ("b.txt", B), ("c.txt", C)):
        (docs / name).write_text(text, encoding="utf-8")
    kb = KnowledgeBase(get_settings(store=tmp_path / "store"), embedder=FailsOn("污水处理厂"))
    report = kb.ingest([docs])
    assert [f.status for f in report.files] == ["added", "failed", "added"]
    assert report.files[1].error.startswith("入库时出现意外错误（RuntimeError：CUDA out of memory），其余文件照常入库。")
    assert {Path(d.source).name for d in kb.documents()} == {"a.txt", "c.txt"}
    assert not kb.journal.busy()


def test_a_file_over_the_size_limit_is_refused_and_the_rest_stored(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(A, encoding="utf-8")
    (docs / "b_long.txt").write_text(B + "推进污水处理厂提标改造。" * 100, encoding="utf-8")
    (docs / "c.txt").write_text(C, encoding="utf-8")
    kb = KnowledgeBase(get_settings(store=tmp_path / "store", ingest={"max_chars": 1000}))
    report = kb.ingest([docs])
    assert [f.status for f in report.files] == ["added", "failed", "added"]
    assert report.files[1].error.startswith(f"文件“b_long.txt”正文有 {len(B) + 1200}字，超过入库上限 1000字，未入库。")
