"""核对稿件 tab: any draft (.docx, .txt, .md) checked against the 起草 tab's table, notes, materials and period.

A Word draft comes back as the writer's own document with a comment on each flagged place.
"""

from __future__ import annotations

from pathlib import Path

import gradio as gr

from assistant.documents.loading import load_document
from assistant.export.annotate import annotate
from assistant.guardrails import highlight, review
from assistant.ui.drafting import flagged_markdown, writer_inputs
from assistant.ui.services import Services, handler, safe_name, session_of, stage_uploads

DRAFT_SUFFIXES = {".docx", ".txt", ".md"}


def check_draft(services: Services, draft: str | None, rows, notes: str, materials, period: str,
                request: gr.Request | None = None) -> tuple[str, str, str | None]:
    """Highlighted view, flagged list and (for a Word draft) the commented copy of an uploaded draft."""
    if not draft:
        raise gr.Error("请先上传要核对的稿件（docx / txt / md）。", print_exception=False)
    staged = stage_uploads([draft], DRAFT_SUFFIXES, max_mb=services.settings.app.max_upload_mb)
    if staged.rejected:
        raise gr.Error(staged.rejected[0], print_exception=False)
    path = Path(staged.files[0])
    inputs = writer_inputs(rows, notes, materials)
    if not inputs.figures and not inputs.notes:
        inputs = None  # nothing to hold the numbers against: the draft is checked against itself
    when = (period or "").strip() or None
    if path.suffix.lower() != ".docx":
        report = review(load_document(path).text, inputs, when)
        return highlight(report), flagged_markdown(report, inputs is None), None
    data, result = annotate(path.read_bytes(), path.name, inputs, when)
    out = services.files.folder(session_of(request), "checked") / f"{safe_name(path.stem)}（核对）.docx"
    out.write_bytes(data)
    return highlight(result.report), flagged_markdown(result.report, inputs is None), str(out)


def build(services: Services, draft: dict) -> None:
    """Lay out the 核对稿件 tab; the inputs are the 起草 tab's table, notes, materials and period."""
    gr.Markdown("上传同事的稿件、领导改过的版本或部门报送稿，按“起草”页的数据表、要点、报送材料和期间核对每个数字，"
                "并标出遗留占位符、空标题、重复句和其他年份。没有数据表时，只核对稿件自身：同一指标前后写的数是否一致。"
                "Word 稿件另存一份，在每处存疑的位置加批注。")
    upload = gr.File(label="要核对的稿件（docx / txt / md）", type="filepath", elem_id="review-upload")
    start = gr.Button("核对稿件", variant="primary", elem_id="review-start")
    with gr.Row():
        marked = gr.HTML(label="核对结果", elem_id="review-highlight")
        flagged = gr.Markdown(elem_id="review-flagged")
    commented = gr.File(label="加了批注的 Word 稿件", elem_id="review-docx")
    given = [upload, draft["table"], draft["notes"], draft["materials"], draft["period"]]
    start.click(handler(services, check_draft), given, [marked, flagged, commented], api_name="check_draft")
