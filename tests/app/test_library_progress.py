"""素材库 upload progress: the writer is told how long the rest will take, from the pace of the files already done."""

from __future__ import annotations

import threading

from assistant.store.records import IngestProgress, IngestReport
from assistant.ui import library


class _Stepped:
    """An ingest that reports its first file done after 30 s of a fake clock, then waits to be released."""

    def __init__(self, clock: list[float]) -> None:
        self.clock = clock
        self.release = threading.Event()

    def ingest(self, paths, progress):
        progress(IngestProgress(0, len(paths), str(paths[0]), 0))
        self.clock[0] += 30.0
        progress(IngestProgress(1, len(paths), str(paths[1]), 3))
        self.release.wait(10)
        return IngestReport()


def test_the_time_left_follows_the_pace_of_the_files_done(tmp_path, monkeypatch):
    files = []
    for i, size in enumerate((1000, 1000, 2000, 1000)):
        path = tmp_path / f"{i}.txt"
        path.write_bytes(b"x" * size)
        files.append(path)
    clock = [100.0]
    monkeypatch.setattr(library.time, "monotonic", lambda: clock[0])
    kb = _Stepped(clock)
    job = library.IngestJob(kb, files, threading.Lock())
    for _ in range(200):
        if job.progress.done_files == 1:
            break
        threading.Event().wait(0.01)
    # 1000 bytes took 30 s; 4000 bytes are left: 120 s
    assert job.time_left() == "，预计还需约2分钟"
    kb.release.set()
    assert job.finished.wait(10)

