"""核对稿件 tab: any draft (.docx, .txt, .md) checked against the 起草 tab's table, notes, materials and period.

A Word draft comes back as the writer's own document with a comment on each flagged place.
"""

from __future__ import annotations

from pathlib import Path

import gradio as gr

from assistant.documents.loading import load_document
from assistant.drafting.chain import with_materials
from assistant.export.annotate import annotate
from assistant.figures import FigureSet, load_figures
from assistant.guardrails import highlight, review
from assistant.guardrails.revision import revisions, rewrite
from assistant.ui.drafting import TABLE_SUFFIXES, flagged_markdown, material_texts, writer_inputs
from assistant.ui.services import Services, as_text, handler, refusal, safe_name, session_of, stage_uploads

DRAFT_SUFFIXES = {".docx", ".txt", ".md", ".pdf"}  # a PDF by its text layer


def check_draft(services: Services, draft: str | None, rows, notes: str, materials, period: str, earlier: str | None = None,
                request: gr.Request | None = None) -> tuple[str, str, str | None]:
    """Highlighted view, flagged list and (for a Word draft) the commented copy of an uploaded draft. `earlier`: the
    table the draft was written against before the statistics were revised; the numbers taken from revised inputs
    are listed old → new and updated in the returned copy (a Word draft with a comment on each)."""
    if not draft:
        raise refusal("请先上传要核对的稿件（docx / pdf / txt / md）。")
    staged = stage_uploads([draft], DRAFT_SUFFIXES, max_mb=services.settings.app.max_upload_mb)
    if staged.rejected:
        raise refusal(staged.rejected[0])
    path = Path(staged.files[0])
    given = writer_inputs(rows, notes, materials)
    inputs = given if given.figures or given.notes else None  # with nothing to hold numbers against, the draft is checked against itself
    when = (period or "").strip() or None
    was = _earlier_table(earlier, notes, materials) if earlier else None
    if was is not None and inputs is None:
        raise refusal("上传了修订前的数据表，请在“起草”页填入修订后的数据表再核对。")
    folder = services.files.folder(session_of(request), "checked")
    if path.suffix.lower() != ".docx":
        text = load_document(path).text
        changes = revisions(text, was, inputs) if was is not None and inputs is not None else []
        out = None
        if changes:
            text = rewrite(text, changes)
            out = folder / f"{safe_name(path.stem)}（按修订数据更新）.txt"
            out.write_text(text, encoding="utf-8")
        report = review(text, inputs, when)
        return highlight(report), changes_markdown(changes, was is not None) + flagged_markdown(report, inputs is None), str(out) if out else None
    data, result = annotate(path.read_bytes(), path.name, inputs, when, was=was)
    out = folder / f"{safe_name(path.stem)}（核对）.docx"
    out.write_bytes(data)
    return highlight(result.report), changes_markdown(result.changes, was is not None) + flagged_markdown(result.report, inputs is None), str(out)


def _earlier_table(file: str, notes: str, materials) -> FigureSet:
    staged = stage_uploads([file], TABLE_SUFFIXES)
    if staged.rejected:
        raise refusal(staged.rejected[0])
    return with_materials(load_figures(staged.files[0]), material_texts(materials))


def changes_markdown(changes, asked: bool) -> str:
    """What the revised statistics changed in the draft, above the check's own list."""
    if not asked:
        return ""
    if not changes:
        return "统计数据修订：稿件中没有取自已修订数据的数字。\n\n"
    done = sum(1 for c in changes if c.replacement is not None)
    lines = "\n".join(f"- {as_text(c.line())}" for c in changes)
    return f"🔄 统计数据修订：{len(changes)}处数字取自已修订的数据，已在下载的稿件中更新{done}处，其余请按说明改写：\n\n{lines}\n\n"


def build(services: Services, draft: dict) -> None:
    """Lay out the 核对稿件 tab; the inputs are the 起草 tab's table, notes, materials and period."""
    gr.Markdown("上传同事的稿件、领导改过的版本（按接受修订后的文字核对）或部门报送稿，按“起草”页的数据表、要点、报送材料和期间核对每个数字，"
                "并标出遗留占位符、空标题、重复句、其他年份和数字写法（GB/T 15835）。没有数据表时，只核对稿件自身：同一指标前后写的数是否一致，"
                "合计、占比、完成率与旁边的数是否对得上。Word 稿件另存一份，在每处存疑的位置加批注。统计数据修订后（如快报数改为正式数），"
                "在右侧上传稿件当初依据的旧表、“起草”页填新表，可列出并更新取自已修订数据的数字。")
    # Side by side with short labels: a long label over a low box covered its upload icon (seen in Chromium);
    # what the earlier table is for is said in the lines above.
    with gr.Row():
        upload = gr.File(label="要核对的稿件（docx / pdf / txt / md）", type="filepath", elem_id="review-upload", scale=2)
        earlier = gr.File(label="（可选）稿件依据的修订前数据表", type="filepath", elem_id="review-earlier", scale=1)
    start = gr.Button("核对稿件", variant="primary", elem_id="review-start")
    with gr.Row():
        marked = gr.HTML(label="核对结果", elem_id="review-highlight")
        flagged = gr.Markdown(elem_id="review-flagged")
    commented = gr.File(label="加了批注（或按修订数据更新）的稿件", elem_id="review-docx")
    given = [upload, draft["table"], draft["notes"], draft["materials"], draft["period"], earlier]
    start.click(handler(services, check_draft), given, [marked, flagged, commented], api_name="check_draft")
