"""BM25 over jieba tokens, persisted beside the store as a derived index of the Chroma chunks."""

from __future__ import annotations

import json
import logging
import os
import re
import threading
from functools import lru_cache
from pathlib import Path

import numpy as np

_WORD = re.compile(r"[\w\u4e00-\u9fff]")


@lru_cache(maxsize=1)
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def tokenize(text: str) -> list[str]:
    """Search-mode jieba tokens, lower-cased, without punctuation or spaces."""
    return [t.lower() for t in _jieba().lcut_for_search(text) if _WORD.search(t)]


class KeywordIndex:
    """Token lists and filter metadata per chunk id; the BM25 matrix is rebuilt lazily after changes.

    One lock serialises changes, saves and searches: the app ingests in the background while writers search.
    """

    def __init__(self, path: Path):
        self.path = path
        self.entries: dict[str, dict] = {}
        self._bm25 = None
        self._order: list[str] = []
        self._lock = threading.RLock()
        if path.exists():
            with path.open(encoding="utf-8") as handle:
                for line in handle:
                    if line.strip():
                        entry = json.loads(line)
                        self.entries[entry["id"]] = entry

    def add(self, ids: list[str], texts: list[str], metas: list[dict]) -> None:
        """Index chunks (replacing any with the same id)."""
        tokenized = [{"id": chunk_id, "tokens": tokenize(text), "meta": meta} for chunk_id, text, meta in zip(ids, texts, metas)]
        with self._lock:
            for entry in tokenized:
                self.entries[entry["id"]] = entry
            self._bm25 = None

    def remove(self, ids) -> None:
        """Forget chunks."""
        with self._lock:
            for chunk_id in ids:
                self.entries.pop(chunk_id, None)
            self._bm25 = None

    def save(self) -> None:
        """Write the index atomically (temp file, then rename)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        with self._lock, tmp.open("w", encoding="utf-8") as handle:
            for chunk_id in sorted(self.entries):
                handle.write(json.dumps(self.entries[chunk_id], ensure_ascii=False) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
            os.replace(tmp, self.path)

    def search(self, query: str, n: int, allowed=None) -> list[tuple[str, float]]:
        """Top-n (id, BM25 score) with a positive score; `allowed(meta)` filters candidates."""
        tokens = tokenize(query)
        with self._lock:
            if not tokens or not self.entries:
                return []
            if self._bm25 is None:
                self._build()
            scores = self._bm25.get_scores(tokens)
            order = np.argsort(-scores)
            out = []
            for i in order:
                if scores[i] <= 0 or len(out) >= n:
                    break
                chunk_id = self._order[i]
                if allowed is None or allowed(self.entries[chunk_id]["meta"]):
                    out.append((chunk_id, float(scores[i])))
            return out

    def _build(self) -> None:
        import bm25s

        self._order = sorted(self.entries)
        self._bm25 = bm25s.BM25()
        self._bm25.index([self.entries[i]["tokens"] or ["∅"] for i in self._order], show_progress=False)
