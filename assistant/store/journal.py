"""The ingest journal: files an ingest has promised to store, so work a killed process left undone is not lost.

Every ingest (the app's uploads, its start-up corpus, the command line) records its files as pending before
any work and drops each entry once the file's outcome is known. An entry whose process is gone was cut off:
the next ingest resumes it, or reports it when it was cut off again and again.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from assistant.store.files import locked, write_atomically

JOURNAL_FILE = "ingest-journal.json"
MAX_TRIES = 2  # a file cut off this many times (say, the process ran out of memory on it) is reported, not retried


@dataclass(frozen=True)
class Interrupted:
    """A pending file whose process died, now owned by this one; `tries` counts the runs it was given."""

    path: Path
    tries: int


class IngestJournal:
    """Pending entries {path, owner, tries} in one JSON file in the store folder, changed under a file lock."""

    def __init__(self, folder: Path):
        self.path = folder / JOURNAL_FILE
        self._lock = folder / f"{JOURNAL_FILE}.lock"
        self.owner = _owner_of(os.getpid()) or f"{os.getpid()}:"

    def begin(self, paths: list[Path]) -> None:
        """Record files as pending for this process, before any of their work."""
        if not paths:
            return
        with locked(self._lock):
            entries = self._read()
            mine = {e["path"] for e in entries if e["owner"] == self.owner}
            entries += [{"path": str(p), "owner": self.owner, "tries": 0} for p in dict.fromkeys(paths) if str(p) not in mine]
            self._write(entries)

    def finish(self, path: Path) -> None:
        """Drop this process's entry for a file whose outcome is known (stored, unchanged or failed with a message)."""
        with locked(self._lock):
            entries = self._read()
            kept = [e for e in entries if not (e["path"] == str(path) and e["owner"] == self.owner)]
            if len(kept) != len(entries):
                self._write(kept)

    def adopt(self) -> list[Interrupted]:
        """Take over the entries of processes that died, counting one more try; the caller resumes or reports them."""
        with locked(self._lock):
            entries = self._read()
            orphans = [e for e in entries if not _alive(e["owner"])]
            if not orphans:
                return []
            tries: dict[str, int] = {}
            for entry in orphans:
                tries[entry["path"]] = max(tries.get(entry["path"], 0), entry["tries"] + 1)
            kept = [e for e in entries if _alive(e["owner"]) and not (e["owner"] == self.owner and e["path"] in tries)]
            self._write(kept + [{"path": p, "owner": self.owner, "tries": n} for p, n in tries.items()])
        return [Interrupted(Path(p), n) for p, n in tries.items()]

    def interrupted(self) -> bool:
        """Whether a process died with files pending (read only; `adopt` takes them over)."""
        return any(not _alive(e["owner"]) for e in self._read())

    def busy(self) -> set[Path]:
        """Files a live process is working on right now."""
        return {Path(e["path"]) for e in self._read() if _alive(e["owner"])}

    def _read(self) -> list[dict]:
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))["pending"]
        except FileNotFoundError:
            return []

    def _write(self, entries: list[dict]) -> None:
        # json's default ASCII escapes keep a name Linux decoded with surrogate escapes intact on the way back.
        write_atomically(self.path, [json.dumps({"pending": entries}, indent=1)])


def _owner_of(pid: int) -> str | None:
    """`pid:start time` of a running process (the start time tells a reused pid apart), or None when it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()  # after the command name: state, ppid, …; starttime is field 22
    return None if fields[0] in ("Z", "X") else f"{pid}:{fields[19]}"


def _alive(owner: str) -> bool:
    """Whether the process that wrote an entry still runs."""
    return _owner_of(int(owner.split(":")[0])) == owner
