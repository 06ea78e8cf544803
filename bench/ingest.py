"""Ingest throughput next to the raw embedding floor, and re-ingest of an unchanged 100-document corpus.

Run: python bench/ingest.py [--seeds ../shared/seeds] [--mb 0.3]
The generated corpus recombines seed and demo paragraphs into new files of ~3,000 characters; --mb sets its
size (embedding runs at a few chunks per second here, so 5 MB takes about 40 minutes: say --mb 5 for that).
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from assistant.documents.chunking import chunk_document
from assistant.documents.loading import SUPPORTED_SUFFIXES, load_document
from assistant.settings import PROJECT_ROOT, get_settings
from assistant.store.knowledge_base import KnowledgeBase, embedding_text


def files_under(folders: list[Path]) -> list[Path]:
    """Supported files below the folders."""
    return sorted(p for f in folders for p in f.rglob("*") if p.suffix.lower() in SUPPORTED_SUFFIXES)


def generate(folder: Path, sources: list[Path], megabytes: float, seed: int = 7, per_doc: int = 12, limit: int | None = None) -> list[Path]:
    """New documents of `per_doc` shuffled source paragraphs, up to about `megabytes` of UTF-8 (or `limit` files)."""
    rng = random.Random(seed)
    paragraphs = [p for s in sources for p in load_document(s).text.split("\n") if len(p) > 30]
    folder.mkdir(parents=True, exist_ok=True)
    made, total, n = [], 0, 0
    while total < megabytes * 1_000_000 and (limit is None or n < limit):
        body = "\n".join(rng.sample(paragraphs, min(per_doc, len(paragraphs))))
        text = f"示例园区{2000 + n % 25}年工作总结（第{n}篇）\n\n一、主要工作\n{body}\n二、存在问题\n{rng.choice(paragraphs)}\n"
        path = folder / f"gen_{n:04d}.txt"
        path.write_text(text, encoding="utf-8")
        made.append(path)
        total += len(text.encode())
        n += 1
    return made


def measure(name: str, files: list[Path], tmp: Path) -> tuple:
    """(name, files, chars, chunks, ingest s, embed-only s) for one set of files in a fresh store."""
    settings = get_settings(store=tmp / f"store-{name}")
    kb = KnowledgeBase(settings)
    chunks = [c for f in files for c in chunk_document(load_document(f), settings.chunk)]
    chars = sum(len(c.text) for c in chunks)
    texts = [embedding_text(c) for c in chunks]
    started = time.perf_counter()
    kb.embedder.passages(texts)
    embed_s = time.perf_counter() - started
    started = time.perf_counter()
    kb.ingest(files)
    ingest_s = time.perf_counter() - started
    return name, len(files), chars, len(chunks), ingest_s, embed_s


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=PROJECT_ROOT.parent / "shared" / "seeds")
    parser.add_argument("--mb", type=float, default=0.3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        seeds = files_under([args.seeds])
        generated = generate(tmp / "generated", seeds + files_under([PROJECT_ROOT / "corpus"]), args.mb)
        rows = [measure("seeds", seeds, tmp), measure(f"generated {args.mb:g} MB", generated, tmp)]
        print(f"{'corpus':<18}{'files':>6}{'chars':>10}{'chunks':>8}{'ingest s':>10}{'chars/s':>9}{'embed s':>9}{'embed chars/s':>14}{'overhead':>10}")
        for name, n, chars, chunks, ingest_s, embed_s in rows:
            print(f"{name:<18}{n:>6}{chars:>10}{chunks:>8}{ingest_s:>10.1f}{chars / ingest_s:>9.0f}{embed_s:>9.1f}"
                  f"{chars / embed_s:>14.0f}{(ingest_s / embed_s - 1) * 100:>9.1f}%")

        hundred = generate(tmp / "hundred", seeds, megabytes=100, per_doc=1, limit=100)
        settings = get_settings(store=tmp / "store-hundred")
        KnowledgeBase(settings).ingest(hundred)
        started = time.perf_counter()
        report = KnowledgeBase(settings).ingest(hundred)
        elapsed = time.perf_counter() - started
        print(f"\nre-ingest of {len(hundred)} unchanged documents (store opened fresh): {elapsed:.2f} s, "
              f"{report.count('unchanged')} unchanged, {report.count('added') + report.count('replaced')} embedded")


if __name__ == "__main__":
    main()
