"""Cost of loading, cleaning, parsing and chunking, per file and on a generated ~5 MB corpus.

Run: python bench/documents.py [--seeds ../shared/seeds] [--mb 5]
Prints two tables: per input file (chars, sections, chunks, milliseconds), and throughput in chars/s and
chunks/s for the seeds, the demo corpus and a corpus generated from them (the seeds and demo documents
repeated with varied numbers), so it can be set against embedding speed (a few chunks per second on CPU).
"""

from __future__ import annotations

import argparse
import random
import re
import tempfile
import time
from pathlib import Path

from assistant.documents.chunking import chunk_document
from assistant.documents.loading import SUPPORTED_SUFFIXES, load_document
from assistant.settings import PROJECT_ROOT, get_settings


def count_sections(sections) -> int:
    """Sections in a tree, all levels."""
    return sum(1 + count_sections(s.children) for s in sections)


def run(paths: list[Path], settings) -> tuple[list[tuple], float, int, int]:
    """Load and chunk each path; rows of (name, chars, sections, chunks, ms) and totals."""
    rows, chars, chunks = [], 0, 0
    began = time.perf_counter()
    for path in paths:
        start = time.perf_counter()
        doc = load_document(path)
        pieces = chunk_document(doc, settings.chunk)
        elapsed = (time.perf_counter() - start) * 1000
        rows.append((path.name, len(doc.text), count_sections(doc.sections), len(pieces), elapsed))
        chars += len(doc.text)
        chunks += len(pieces)
    return rows, time.perf_counter() - began, chars, chunks


def generate(sources: list[Path], target_bytes: int, folder: Path) -> list[Path]:
    """Text files made from the sources with their digits shuffled, until target_bytes are written."""
    rng = random.Random(2024)
    texts = [load_document(p).text for p in sources]
    written, paths = 0, []
    while written < target_bytes:
        text = re.sub(r"\d", lambda _: str(rng.randrange(10)), rng.choice(texts))
        path = folder / f"gen_{len(paths):04d}.txt"
        path.write_text(text, encoding="utf-8")
        written += len(text.encode("utf-8"))
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=PROJECT_ROOT.parent / "shared" / "seeds")
    parser.add_argument("--mb", type=float, default=5.0, help="size of the generated corpus")
    args = parser.parse_args()
    settings = get_settings()
    seeds = sorted(p for p in args.seeds.glob("*") if p.suffix in SUPPORTED_SUFFIXES)
    demo = sorted(p for p in settings.corpus.glob("*") if p.suffix in SUPPORTED_SUFFIXES)

    rows, *_ = run(seeds + demo, settings)
    print(f"{'file':<40} {'chars':>7} {'sections':>8} {'chunks':>6} {'ms':>7}")
    for name, chars, sections, chunks, ms in rows:
        print(f"{name:<40} {chars:>7} {sections:>8} {chunks:>6} {ms:>7.1f}")

    with tempfile.TemporaryDirectory() as tmp:
        generated = generate(seeds + demo, int(args.mb * 1_000_000), Path(tmp))
        print()
        print(f"{'corpus':<22} {'files':>6} {'chars':>10} {'chunks':>7} {'seconds':>8} {'chars/s':>10} {'chunks/s':>9}")
        for label, paths in (("seeds", seeds), ("demo corpus", demo), (f"generated {args.mb:g} MB", generated)):
            if not paths:
                continue
            _, seconds, chars, chunks = run(paths, settings)
            print(f"{label:<22} {len(paths):>6} {chars:>10} {chunks:>7} {seconds:>8.2f} {chars / seconds:>10.0f} {chunks / seconds:>9.0f}")


if __name__ == "__main__":
    main()
