"""What the knowledge base hands out: hits, document listings, ingest progress and results."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Hit:
    """One retrieved chunk with its citation."""

    source: str
    title: str
    heading_path: tuple[str, ...]
    text: str
    score: float
    section_kind: str
    metadata: dict = field(default_factory=dict)  # unit, year, period, doc_type, figures (list of Figure)
    similarity: float | None = None  # cosine of the question's and the passage's vectors (None: keyword-only search)
    evidence: float = 0.0  # IDF-weighted share of the question's words the passage contains (KeywordIndex.evidence)

    @property
    def citation(self) -> str:
        """《title》 一、… > （一）…"""
        return f"《{self.title}》 {' > '.join(self.heading_path)}".strip()

    def to_dict(self) -> dict:
        """The JSON form `assistant search --json` prints."""
        return {"source": self.source, "title": self.title, "heading_path": list(self.heading_path),
                "text": self.text, "score": round(self.score, 6), "section_kind": self.section_kind}


@dataclass(frozen=True)
class DocumentInfo:
    """A stored document and its metadata."""

    source: str
    title: str
    unit: str | None
    year: int | None
    period: str | None
    doc_type: str | None
    chunks: int
    file_hash: str = ""


@dataclass(frozen=True)
class IngestProgress:
    """Where an ingest run is: files done of total, the file at hand, chunks stored so far."""

    done_files: int
    total_files: int
    current: str
    chunks: int


RESUMED_NOTE = "上次入库被中断，本次续做"
INGEST_STATUS_ZH = {"added": "已入库", "replaced": "已更新", "unchanged": "未变化", "failed": "失败"}
MAX_NAMED = 4  # sections named per kind of change; more are counted


@dataclass(frozen=True)
class FileResult:
    """The outcome for one file: added, replaced, unchanged or failed (with a Chinese reason)."""

    source: str
    status: str
    chunks: int = 0
    error: str | None = None
    resumed: bool = False  # left pending by a run that was killed, and taken up by this one
    changes: Changes | None = None  # what a replacement changed against the stored version

    def line(self, name: str | None = None) -> str:
        """The result as a writer reads it: 已更新 a.docx（14段；改动：一、主要工作；新增：三、下一步打算）; the file
        is `name` where given (the page names an upload by its file name, not the server's path), else its path."""
        shown = name or self.source
        note = f"（{RESUMED_NOTE}）" if self.resumed else ""
        if self.status == "failed":
            return f"{INGEST_STATUS_ZH[self.status]} {shown}{note}：{self.error}"
        said = f"；{self.changes.said()}" if self.changes else ""
        return f"{INGEST_STATUS_ZH[self.status]} {shown}{note}（{self.chunks}段{said}）"


@dataclass(frozen=True)
class Changes:
    """Sections (by level-1 heading) a re-ingested file added, removed or changed, and its former passage count."""

    before: int
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()

    def said(self) -> str:
        """原12段；改动：一、主要工作；新增：三、下一步打算 — or, when no section's text changed, that only the file's format did."""
        parts = [f"原{self.before}段"]
        for label, names in (("改动", self.changed), ("新增", self.added), ("删除", self.removed)):
            if names:
                parts.append(f"{label}：{'、'.join(names[:MAX_NAMED])}" + (f"等{len(names)}处" if len(names) > MAX_NAMED else ""))
        if len(parts) == 1:
            parts.append("正文未变，仅文件格式有改动")
        return "；".join(parts)


@dataclass
class IngestReport:
    """Per-file results of one ingest run."""

    files: list[FileResult] = field(default_factory=list)

    def count(self, status: str) -> int:
        """How many files ended with `status`."""
        return sum(1 for f in self.files if f.status == status)

    @property
    def failed(self) -> list[FileResult]:
        """Files that could not be ingested."""
        return [f for f in self.files if f.status == "failed"]
