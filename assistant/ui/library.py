"""素材库 tab: upload documents with progress, list them, remove one, search with filters."""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import gradio as gr

from assistant.documents.loading import SUPPORTED_SUFFIXES
from assistant.store.records import DocumentInfo, FileResult, IngestProgress, IngestReport
from assistant.ui.services import Services, as_text, handler, refusal, stage_uploads

log = logging.getLogger("assistant.ui")

DOC_HEADERS = ["文件", "标题", "单位", "年份", "期间", "类型", "段落数"]
HIT_HEADERS = ["标题", "单位", "年份", "章节", "内容"]  # no raw scores or paths: what a writer cites
HIT_WIDTHS: list[str | int] = ["17%", "11%", "6%", "14%", "52%"]


def document_rows(services: Services) -> list[list[str]]:
    """One row per stored document, named as the writer knows it (the file name, not the server's path)."""
    return [[label, d.title, d.unit or "", str(d.year or ""), d.period or "", d.doc_type or "", str(d.chunks)] for label, d in _listing(services)]


def document_choices(services: Services) -> list[str]:
    """The removal list: each document as the list names it (remove() finds its stored source)."""
    return [label for label, _ in _listing(services)]


def _listing(services: Services) -> list[tuple[str, DocumentInfo]]:
    """Each stored document with its label: its file name, with its folder where two share a name."""
    documents = services.kb.documents()
    names = Counter(Path(d.source).name for d in documents)
    return [(Path(d.source).name if names[Path(d.source).name] == 1 else f"{Path(d.source).name}（{Path(d.source).parent.name}）", d) for d in documents]


def upload(services: Services, files, replace: bool = False) -> Iterator[tuple[str, object, object]]:
    """Ingest uploaded files (kept under the store's uploads folder) and report per-file results, as text.
    With `replace`, an upload named as a stored file is its new version: it takes the old one's place and the
    result says which sections changed.

    The ingest runs on a thread of its own: a writer who closes the page while it runs loses nothing (the list
    shows the files when they come back), and a run the process did not finish is resumed at the next start."""
    if not files:
        raise refusal("请先选择要上传的文件。")
    staged = stage_uploads(files, set(SUPPORTED_SUFFIXES), services.settings.store / "uploads", max_mb=services.settings.app.max_upload_mb, replace=replace)
    lines = [f"❌ {message}" for message in staged.rejected] + [f"⚠️ {message}" for message in staged.renamed]
    if staged.files:
        job = IngestJob(services.kb, staged.files, services.ingest_lock)
        yield as_text(f"⏳ 开始入库 {len(staged.files)} 个文件。关闭页面也会继续入库，回来后点“刷新列表”查看。"), gr.skip(), gr.skip()
        while not job.finished.wait(1.0):
            p = job.progress
            where = f"{Path(p.current).name if p.current else '等待前一批入库完成'}（第{min(p.done_files + 1, p.total_files)}/{p.total_files}个文件）"
            yield as_text(f"⏳ 正在入库：{where}{job.time_left()}…"), gr.skip(), gr.skip()
        if job.error is not None or job.report is None:
            raise job.error or RuntimeError("ingest ended without a report")
        lines += [ingest_line(item) for item in job.report.files]
    yield "\n".join(f"- {as_text(line)}" for line in lines), document_rows(services), gr.update(choices=document_choices(services))


class IngestJob:
    """One upload's ingest on a thread that outlives the page; one ingest at a time (`lock`)."""

    def __init__(self, kb, paths: list[Path], lock: threading.Lock) -> None:
        self.progress = IngestProgress(0, len(paths), "", 0)
        self.sizes = [_size(p) for p in paths]
        self.started: float | None = None  # when this job's first file began (it may wait for another upload first)
        self.report: IngestReport | None = None
        self.error: Exception | None = None
        self.finished = threading.Event()
        threading.Thread(target=self._run, args=(kb, paths, lock), name="upload-ingest", daemon=True).start()

    def _run(self, kb, paths: list[Path], lock: threading.Lock) -> None:
        try:
            with lock:
                self.report = kb.ingest(paths, progress=self._seen)
        except Exception as error:  # said to the writer if the page is still open, logged either way
            log.exception("upload ingest failed", exc_info=error)
            self.error = error
        finally:
            self.finished.set()

    def _seen(self, progress: IngestProgress) -> None:
        if self.started is None:
            self.started = time.monotonic()
        self.progress = progress

    def time_left(self) -> str:
        """"，预计还需约3分钟" from the pace of the files done so far (by their size); "" before one is done."""
        done = sum(self.sizes[: self.progress.done_files])
        if self.started is None or not done:
            return ""
        left = (sum(self.sizes) - done) * (time.monotonic() - self.started) / done
        return "，预计还需不到1分钟" if left < 60 else f"，预计还需约{round(left / 60)}分钟"


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


_MARK = {"added": "✅", "replaced": "🔄", "unchanged": "➖", "failed": "❌"}


def ingest_line(item: FileResult) -> str:
    """One human line for a per-file ingest result, naming the file as the writer uploaded it."""
    return f"{_MARK.get(item.status, '')} {item.line(Path(item.source).name)}"


def refresh(services: Services) -> tuple[list[list[str]], dict]:
    """The document list and the removal dropdown's choices."""
    return document_rows(services), gr.update(choices=document_choices(services))


def remove(services: Services, source: str) -> tuple[str, list[list[str]], dict]:
    """Remove one document from the vector store and the keyword index."""
    if not source:
        raise refusal("请先选择要删除的文件。")
    source = next((d.source for label, d in _listing(services) if label == source), source)  # the list's name for it, or the source
    removed = services.kb.remove(source)
    rows, choices = refresh(services)
    return as_text(f"已删除 {Path(source).name}（{removed}段）。"), rows, choices


def search(services: Services, query: str, year: str, doc_type: str, kind: str, k: float) -> list[list[str]]:
    """Hybrid search with optional filters; one row per hit."""
    query = (query or "").strip()
    if not query:
        raise refusal("请输入检索内容。")
    filters: dict[str, int | str] = {}
    if (year or "").strip():
        if not year.strip().isdigit():
            raise refusal("年份请填写四位数字，例如 2024。")
        filters["year"] = int(year)
    if doc_type:
        filters["doc_type"] = doc_type
    if (kind or "").strip():
        filters["section_kind"] = kind.strip()
    # the best passage of each document
    hits = services.kb.search(query, k=int(k or 5), filters=filters or None, per_document=services.settings.search.per_document)
    return [[h.title or Path(h.source).name, str(h.metadata.get("unit") or "—"), str(h.metadata.get("year") or "—"),
             " > ".join(h.heading_path), h.text] for h in hits]


def found_line(rows: list[list[str]], year: str, doc_type: str, kind: str) -> str:
    """What a search found, said in a line: an empty table alone looked like a search that had not run."""
    count = sum(1 for row in rows or [] if any(str(cell).strip() for cell in row))
    if count:
        return f"找到 {count} 段（每份文件取最相关的段落）。"
    filtered = any((value or "").strip() for value in (year, doc_type, kind))
    return "没有找到相关段落。" + ("可去掉年份、文档类型或章节类型的筛选后再试。" if filtered else "可换个说法再试，或先在上方上传材料。")


def build(services: Services) -> tuple:
    """Lay out the 素材库 tab; return the (document list, removal dropdown) the page fills on load."""
    limit = services.settings.app.max_upload_mb
    with gr.Row():
        # No file_types here: Gradio would refuse other files in English; upload() refuses them in Chinese.
        files = gr.File(label=f"上传材料（docx / pdf / txt / md，单个不超过 {limit} MB）", file_count="multiple", type="filepath", elem_id="library-files")
        with gr.Column():
            add = gr.Button("入库", variant="primary", elem_id="library-add")
            replace = gr.Checkbox(label="同名文件是新版本：替换已入库的旧文件，并列出改动的章节", value=False, elem_id="library-replace")
            log = gr.Markdown(elem_id="library-log")
    docs = gr.Dataframe(headers=DOC_HEADERS, datatype="str", interactive=False, label="已入库文件", elem_id="library-docs")
    with gr.Row():
        which = gr.Dropdown(label="选择文件", choices=[], allow_custom_value=False)
        delete = gr.Button("删除所选文件", variant="stop")
        reload = gr.Button("刷新列表")
    gr.Markdown("### 检索")
    with gr.Row():
        query = gr.Textbox(label="检索内容", placeholder="例如：低效闲置用地盘活有哪些做法", scale=4)
        year = gr.Textbox(label="年份", scale=1)
        doc_type = gr.Dropdown(label="文档类型", choices=["", "总结", "计划", "总结及计划", "经济运行"], value="", scale=1)
        kind = gr.Textbox(label="章节类型", placeholder="如 存在问题", scale=1)
        k = gr.Slider(1, 20, value=5, step=1, label="条数", scale=1)
    find = gr.Button("检索")
    # "str" cells are shown as text (never as HTML or Markdown), so a hit's words go in as they are.
    # Widths that keep the passage on the page: without them the title column took half and the passage ran off the right edge.
    found = gr.Markdown(elem_id="search-found")
    hits = gr.Dataframe(headers=HIT_HEADERS, datatype="str", type="array", interactive=False, wrap=True, label="检索结果", column_widths=HIT_WIDTHS)
    # Once stored, the files leave the box: a file left there would go in again with the next upload (as an old version).
    add.click(handler(services, upload), [files, replace], [log, docs, which], api_name="upload").success(
        lambda: None, None, files, queue=False, show_progress="hidden"
    )
    reload.click(handler(services, refresh), None, [docs, which], api_name="list_documents")
    delete.click(handler(services, remove), which, [log, docs, which], api_name="remove_document")
    find.click(handler(services, search), [query, year, doc_type, kind, k], hits, api_name="search").success(
        found_line, [hits, year, doc_type, kind], found, queue=False, show_progress="hidden", api_name=False
    )
    return docs, which
