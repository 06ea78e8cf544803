"""One very large text file: refused with the default limit, and what ingesting it would cost.

Run: python bench/ingest_large.py [--mb 30] [--sample-mb 0.3] [--seeds ../shared/seeds]
Rows, each measured in this run on a fresh store:
  1. the --mb file with the default settings (the local embedder): refused, and how long refusing takes;
  2. a --sample-mb file ingested for real, which gives the embedder's rate on this machine;
  3. the --mb file with the limit lifted and stand-in vectors: everything but the model (reading, chunking,
     the batched Chroma writes, the keyword index) at that size.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import tempfile
import time
from pathlib import Path

from assistant.documents.loading import load_document
from assistant.settings import PROJECT_ROOT, get_settings
from assistant.store.knowledge_base import KnowledgeBase


class StandInEmbedder:
    """384 numbers per text from its digest (the size of e5-small's vectors), at no model cost."""

    name = "bench/stand-in"

    def passages(self, texts: list[str]) -> list[list[float]]:
        """One vector per text."""
        return [self.query(t) for t in texts]

    def query(self, text: str) -> list[float]:
        """A vector for the text."""
        digest = hashlib.sha256(text.encode()).digest()
        return [(digest[i % 32] + i) % 251 / 251 + 0.01 for i in range(384)]


def one_file(path: Path, megabytes: float, sources: list[Path], seed: int = 7) -> Path:
    """A single summary of about `megabytes` of UTF-8: numbered sections of shuffled seed paragraphs."""
    rng = random.Random(seed)
    paragraphs = [p for s in sources for p in load_document(s).text.split("\n") if len(p) > 30]
    parts, size, n = ["示例园区2024年工作总结", "一、主要工作"], 0, 0
    while size < megabytes * 1_000_000:
        n += 1
        block = f"（{n}）第{n}项工作\n" + "\n".join(rng.sample(paragraphs, 4))
        parts.append(block)
        size += len(block.encode())
    path.write_text("\n".join(parts) + "\n", encoding="utf-8")
    return path


def measure(label: str, path: Path, store: Path, **overrides) -> tuple:
    """(label, MB, characters, seconds, chunks, outcome) of ingesting one file into a fresh store."""
    embedder = overrides.pop("embedder", None)
    kb = KnowledgeBase(get_settings(store=store, **overrides), embedder=embedder)
    started = time.perf_counter()
    result = kb.ingest([path]).files[0]
    seconds = time.perf_counter() - started
    chars = len(path.read_text(encoding="utf-8"))
    outcome = result.status if result.status != "failed" else f"refused: {result.error}"
    return label, path.stat().st_size / 1_000_000, chars, seconds, result.chunks, outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=30.0)
    parser.add_argument("--sample-mb", type=float, default=0.3)
    parser.add_argument("--seeds", type=Path, default=PROJECT_ROOT.parent / "shared" / "seeds")
    args = parser.parse_args()
    sources = sorted(args.seeds.glob("*.txt")) + sorted((PROJECT_ROOT / "corpus").glob("*.md"))
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        large = one_file(tmp / "large.txt", args.mb, sources)
        sample = one_file(tmp / "sample.txt", args.sample_mb, sources)
        rows = [
            measure("default settings", large, tmp / "s1"),
            measure("local embedder", sample, tmp / "s2"),
            measure("no limit, stand-in vectors", large, tmp / "s3", embedder=StandInEmbedder(), ingest={"max_chars": 10**9}),
        ]
    print(f"{'run':<28}{'MB':>7}{'chars':>11}{'seconds':>9}{'chunks':>8}  outcome")
    for label, mb, chars, seconds, chunks, outcome in rows:
        print(f"{label:<28}{mb:>7.2f}{chars:>11,}{seconds:>9.1f}{chunks:>8}  {outcome}")
    _, _, _, sample_s, sample_chunks, _ = rows[1]
    large_chunks = rows[2][4]
    if sample_chunks:
        print(f"\nderived, not measured: at the sample's {sample_chunks / sample_s:.1f} chunks/s, the {args.mb:g} MB file "
              f"would take about {large_chunks * sample_s / sample_chunks / 3600:.1f} h with the local embedder.")


if __name__ == "__main__":
    main()
