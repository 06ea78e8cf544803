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

from assistant.store.files import locked, signature, stat_signature, write_atomically

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
    Other processes (a CLI ingest beside the running app) save the same file: a save merges what they saved
    under a file lock, and `refresh` takes it in, so neither side drops the other's chunks.
    """

    def __init__(self, path: Path):
        self.path = path
        self.entries: dict[str, dict] = {}
        self._added: set[str] = set()  # changed here since the last save
        self._removed: set[str] = set()
        self._seen = None  # signature of the file as last read or written here
        self._bm25 = None
        self._order: list[str] = []
        self._lock = threading.RLock()
        self._merge_saved()

    def add(self, ids: list[str], texts: list[str], metas: list[dict]) -> None:
        """Index chunks (replacing any with the same id)."""
        tokenized = [{"id": chunk_id, "tokens": tokenize(text), "meta": meta} for chunk_id, text, meta in zip(ids, texts, metas)]
        with self._lock:
            for entry in tokenized:
                self.entries[entry["id"]] = entry
                self._added.add(entry["id"])
                self._removed.discard(entry["id"])
            self._bm25 = None

    def remove(self, ids) -> None:
        """Forget chunks."""
        with self._lock:
            for chunk_id in ids:
                self.entries.pop(chunk_id, None)
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
                            saved[entry["id"]] = entry
            for chunk_id in self._removed:
                saved.pop(chunk_id, None)
            saved.update((chunk_id, self.entries[chunk_id]) for chunk_id in self._added)
            self.entries = saved
            self._bm25 = None

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
