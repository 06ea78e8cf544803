"""Retrieval quality: recall@k for dense only, BM25 only and hybrid, on bench/retrieval_queries.json.

Run: python bench/retrieval.py [--seeds ../shared/seeds] [--k 5]
Ingests the seeds and the demo corpus into a temporary store, then for each query counts a hit when one of
the top-k chunks comes from a relevant document (and holds `must_contain`, when the query names one).
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from assistant.settings import PROJECT_ROOT, get_settings
from assistant.store.knowledge_base import KnowledgeBase

MODES = ("dense", "keyword", "hybrid")


def found(hits, relevant: set[str], phrase: str | None) -> bool:
    """A relevant document among the hits, holding the phrase when one is given."""
    return any(Path(h.source).name in relevant and (not phrase or phrase in h.text) for h in hits)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=PROJECT_ROOT.parent / "shared" / "seeds")
    parser.add_argument("--k", type=int, default=5)
    args = parser.parse_args()
    queries = json.loads((PROJECT_ROOT / "bench" / "retrieval_queries.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        kb = KnowledgeBase(get_settings(store=Path(tmp) / "store"))
        kb.ingest([args.seeds, PROJECT_ROOT / "corpus"])
        hits = dict.fromkeys(MODES, 0)
        strict = dict.fromkeys(MODES, 0)
        for q in queries:
            relevant = set(q["relevant"])
            for mode in MODES:
                results = kb.search(q["query"], k=args.k, mode=mode)
                hits[mode] += found(results, relevant, None)
                strict[mode] += found(results, relevant, q.get("must_contain"))
    n = len(queries)
    print(f"{n} queries, {len(kb.documents())} documents, k={args.k}")
    print(f"{'mode':<10}{'recall@k (document)':>22}{'recall@k (document+phrase)':>30}")
    for mode in MODES:
        print(f"{mode:<10}{hits[mode] / n:>22.3f}{strict[mode] / n:>30.3f}")


if __name__ == "__main__":
    main()
