"""BM25 over the characters and character pairs of each chunk, persisted beside the store as a derived index of the Chroma chunks."""

from __future__ import annotations

import json
import os
import re
import threading
from collections.abc import Callable
from pathlib import Path

import numpy as np

from assistant.settings import SearchSettings
from assistant.store.files import locked, signature, stat_signature, write_atomically

# Runs of Han characters, and runs of Latin letters or digits (kept whole: "5G", "ab2024").
_RUN = re.compile(r"[\u4e00-\u9fff]+|[A-Za-z0-9]+")


def tokenize(text: str) -> list[str]:
    """Every Han character and every pair of adjacent ones, plus each Latin/digit run lower-cased.

    Pairs find what a word segmenter cuts differently in a question and in a report (批而未供, 腾笼换鸟, 小升规);
    single characters let a one-character query term match. On the real practice set this scores keyword recall@5
    0.82 where jieba's search-mode words score 0.77 (bench/retrieval_real.py).
    """
    out: list[str] = []
    for run in _RUN.findall(text):
        if run[0] < "\u4e00":
            out.append(run.lower())
        else:
            out.extend(run)
            out.extend(run[i : i + 2] for i in range(len(run) - 1))
    return out


def key_terms(text: str) -> set[str]:
    """The distinct terms that carry a text's meaning for evidence: character pairs, a lone Han character, Latin runs."""
    out: set[str] = set()
    for run in _RUN.findall(text):
        if run[0] < "\u4e00":
            out.add(run.lower())
        elif len(run) == 1:
            out.add(run)
        else:
            out.update(run[i : i + 2] for i in range(len(run) - 1))
    return out


class _Bm25:
    """Lucene's BM25 as a term-by-chunk weight table: a query adds up the rows of its terms."""

    def __init__(self, docs: list[np.ndarray], vocabulary: int, k1: float, b: float):
        lengths = np.array([len(d) for d in docs], dtype=np.float64)
        self.size = len(docs)
        terms = np.concatenate(docs).astype(np.int64) if docs else np.empty(0, dtype=np.int64)
        owners = np.repeat(np.arange(self.size, dtype=np.int64), lengths.astype(np.int64))
        pairs, tf = np.unique(terms * max(self.size, 1) + owners, return_counts=True)
        term_of, self.doc_of = np.divmod(pairs, max(self.size, 1))
        df = np.bincount(term_of, minlength=vocabulary)
        self.indptr = np.concatenate(([0], np.cumsum(df)))
        self.idf = idf = np.log(1 + (self.size - df + 0.5) / (df + 0.5))
        norm = k1 * (1 - b + b * lengths / max(lengths.mean(), 1.0)) if self.size else lengths
        self.weights = (idf[term_of] * tf / (tf + norm[self.doc_of])).astype(np.float32)

    def scores(self, term_ids: list[int]) -> np.ndarray:
        """The BM25 score of every chunk for a query given as term ids (repeats count again)."""
        spans = [np.arange(self.indptr[t], self.indptr[t + 1]) for t in term_ids if t + 1 < len(self.indptr)]
        if not spans:
            return np.zeros(self.size, dtype=np.float32)
        at = np.concatenate(spans)
        return np.bincount(self.doc_of[at], weights=self.weights[at], minlength=self.size)


class KeywordIndex:
    """Text and filter metadata per chunk id; the BM25 table is rebuilt lazily after changes.

    One lock serialises changes, saves and searches: the app ingests in the background while writers search.
    Other processes (a CLI ingest beside the running app) save the same file: a save merges what they saved
    under a file lock, and `refresh` takes it in, so neither side drops the other's chunks.
    The file keeps each chunk's text, not its tokens: tokens are twice as many as characters and cost more to
    read back than to recompute. Lines of an older format (no text) are left out when read; the knowledge base
    re-indexes those chunks from Chroma when it opens.
    """

    def __init__(self, path: Path, settings: SearchSettings | None = None):
        self.path = path
        search = settings or SearchSettings()
        self._k1, self._b = search.bm25_k1, search.bm25_b
        self.entries: dict[str, dict] = {}
        self._terms: dict[str, np.ndarray] = {}  # term ids of each entry's text, so a rebuild does not re-tokenize
        self._vocabulary: dict[str, int] = {}
        self._added: set[str] = set()  # changed here since the last save
        self._removed: set[str] = set()
        self._seen: tuple[int, int, int] | None = None  # signature of the file as last read or written here
        self._bm25: _Bm25 | None = None
        self._order: list[str] = []
        self._lock = threading.RLock()
        self._merge_saved()

    def add(self, ids: list[str], texts: list[str], metas: list[dict]) -> None:
        """Index chunks (replacing any with the same id)."""
        tokens = [tokenize(text) for text in texts]
        with self._lock:
            for chunk_id, text, meta, words in zip(ids, texts, metas, tokens):
                self.entries[chunk_id] = {"id": chunk_id, "text": text, "meta": meta}
                self._terms[chunk_id] = self._term_ids(words)
                self._added.add(chunk_id)
                self._removed.discard(chunk_id)
            self._bm25 = None

    def remove(self, ids) -> None:
        """Forget chunks."""
        with self._lock:
            for chunk_id in ids:
                self.entries.pop(chunk_id, None)
                self._terms.pop(chunk_id, None)
                self._removed.add(chunk_id)
                self._added.discard(chunk_id)
            self._bm25 = None

    def refresh(self) -> bool:
        """Take in what another process saved since this one last read or wrote the file; True when it had."""
        with self._lock:
            if signature(self.path) == self._seen:
                return False
            self._merge_saved()
            return True

    def save(self) -> None:
        """Write the index atomically, merged with what other processes saved since this one last read it."""
        with self._lock, locked(self.path.with_name(self.path.name + ".lock")):
            if signature(self.path) != self._seen:
                self._merge_saved()
            write_atomically(self.path, (json.dumps(self.entries[i], ensure_ascii=False) + "\n" for i in sorted(self.entries)))
            self._seen = signature(self.path)
            self._added.clear()
            self._removed.clear()

    def _merge_saved(self) -> None:
        """The saved file, with this process's unsaved additions and removals applied on top."""
        saved: dict[str, dict] = {}
        with self._lock:
            try:
                handle = self.path.open(encoding="utf-8")
            except FileNotFoundError:
                self._seen = None
            else:
                with handle:
                    self._seen = stat_signature(os.fstat(handle.fileno()))
                    for line in handle:
                        if line.strip():
                            entry = json.loads(line)
                            if "text" in entry:
                                saved[entry["id"]] = entry
            for chunk_id in self._removed:
                saved.pop(chunk_id, None)
            saved.update((chunk_id, self.entries[chunk_id]) for chunk_id in self._added)
            # A chunk id hashes the chunk's text, so known ids keep their term ids.
            self._terms = {i: self._terms[i] if i in self._terms else self._term_ids(tokenize(e["text"])) for i, e in saved.items()}
            self.entries = saved
            self._bm25 = None

    def _term_ids(self, tokens: list[str]) -> np.ndarray:
        """Term ids of tokens, new terms added to the vocabulary (call with the lock held)."""
        vocabulary = self._vocabulary
        return np.fromiter((vocabulary.setdefault(t, len(vocabulary)) for t in tokens), dtype=np.int32, count=len(tokens))

    def evidence(self, query: str, text: str) -> float:
        """How much of the query a text contains: the IDF-weighted share of the query's key terms found in it (0..1).

        A term no stored chunk holds weighs most, so a question about something the store never mentions ("你好",
        "红烧肉怎么做") scores near 0 against any passage, while BM25 and cosine scores always rank *something* first.
        """
        terms = key_terms(query)
        if not terms:
            return 0.0
        found = key_terms(text)
        with self._lock:
            table = self._table()
            vocabulary = self._vocabulary
            rare = float(np.log(1 + (table.size + 0.5) / 0.5))  # the IDF of a term no chunk holds
            weights = {t: float(table.idf[vocabulary[t]]) if t in vocabulary and vocabulary[t] < len(table.idf) else rare for t in terms}
        total = sum(weights.values())
        return sum(w for t, w in weights.items() if t in found) / total if total else 0.0

    def _table(self) -> _Bm25:
        """The BM25 table of the current entries, rebuilt after changes (call with the lock held)."""
        if self._bm25 is None:
            self._order = sorted(self.entries)
            self._bm25 = _Bm25([self._terms[i] for i in self._order], len(self._vocabulary), self._k1, self._b)
        return self._bm25

    def search(self, query: str, n: int, allowed: Callable[[dict], bool] | None = None) -> list[tuple[str, float]]:
        """Top-n (id, BM25 score) with a positive score; `allowed(meta)` filters candidates."""
        tokens = tokenize(query)
        with self._lock:
            known = [self._vocabulary[t] for t in tokens if t in self._vocabulary]
            if not known or not self.entries:
                return []
            scores = self._table().scores(known)
            out: list[tuple[str, float]] = []
            for i in np.argsort(-scores, kind="stable"):
                if scores[i] <= 0 or len(out) >= n:
                    break
                chunk_id = self._order[i]
                if allowed is None or allowed(self.entries[chunk_id]["meta"]):
                    out.append((chunk_id, float(scores[i])))
            return out
