"""导出 tab: the current draft as Word in 公文格式 (with a 数据核对表) or as Markdown."""

from __future__ import annotations

import gradio as gr

from assistant.export.docx import write_docx
from assistant.export.markdown import to_markdown
from assistant.guardrails import Report, review_draft
from assistant.ui.drafting import writer_inputs
from assistant.ui.services import Services, handler, refusal, safe_name, session_of

WHOLE, CURRENT = "全文（起草页已放入的各部分）", "当前稿件"


def _prepare(title: str, text: str, rows, notes: str, materials, scope: str, whole: str, unit: str | None,
             period: str | None) -> tuple[str, str, Report]:
    """Title, body (the current draft or the whole document) and a fresh review of exactly that body: the verdict the
    起草 tab shows (numbers, leftovers, other years, names the inputs lack, how numbers are written), not the numbers alone."""
    title = (title or "").strip() or "工作总结"
    if scope == WHOLE:
        if not (whole or "").strip():
            raise refusal("全文是空的：请先在“起草”页把各部分“放入全文”。")
        text = whole
    if not (text or "").strip():
        raise refusal("稿件是空的：请先在“起草”页生成或粘贴稿件。")
    return title, text, review_draft(text, writer_inputs(rows, notes, materials), period, unit)


def export_docx(services: Services, title: str, text: str, rows, notes: str, materials, unit: str, date: str,
                scope: str = CURRENT, whole: str = "", period: str | None = None, request: gr.Request | None = None) -> str:
    """Write the .docx (replacing the session's previous one) and return its path for download. `period` defaults to
    None so an API client that does not send it still works (Gradio makes a parameter optional only for a None default)."""
    title, body, report = _prepare(title, text, rows, notes, materials, scope, whole, unit, period)
    path = services.files.folder(session_of(request), "docx") / f"{safe_name(title)}.docx"
    write_docx(path, title, body, report, unit=(unit or "").strip() or None, date=(date or "").strip() or None)
    return str(path)


def export_markdown(services: Services, title: str, text: str, rows, notes: str, materials, scope: str = CURRENT, whole: str = "",
                    unit: str | None = None, period: str | None = None, request: gr.Request | None = None) -> str:
    """Write the Markdown file (replacing the session's previous one) and return its path for download."""
    title, body, report = _prepare(title, text, rows, notes, materials, scope, whole, unit, period)
    path = services.files.folder(session_of(request), "md") / f"{safe_name(title)}.md"
    path.write_text(to_markdown(title, body, report), encoding="utf-8")
    return str(path)


def build(services: Services, draft: dict) -> None:
    """Lay out the 导出 tab; reads the draft text, table, notes and materials from the 起草 tab."""
    gr.Markdown("导出为公文格式 Word（GB/T 9704：仿宋_GB2312 三号正文、黑体/楷体标题、页码“— 1 —”），"
                "附《数据核对表》列出稿件中每个数字的依据和核对结果，与“起草”页的核对一致（另列遗留占位符、其他年份、输入中没有的名称和数字写法问题）；红字为需核实之处。")
    with gr.Row():
        title = gr.Textbox(label="标题", placeholder="例如：青川经济开发区2025年上半年工作总结及下半年工作计划")
        date = gr.Textbox(label="成文日期", placeholder="例如：2025年7月10日")
    scope = gr.Radio([CURRENT, WHOLE], value=CURRENT, label="导出内容", elem_id="export-scope")
    with gr.Row():
        to_word = gr.Button("导出 Word", variant="primary", elem_id="export-word")
        to_md = gr.Button("导出 Markdown")
    word_file = gr.File(label="Word 文件", elem_id="export-docx")
    md_file = gr.File(label="Markdown 文件")
    given = [draft["text"], draft["table"], draft["notes"], draft["materials"]]
    to_word.click(
        handler(services, export_docx), [title, *given, draft["unit"], date, scope, draft["whole"], draft["period"]], word_file, api_name="export_docx"
    )
    to_md.click(handler(services, export_markdown), [title, *given, scope, draft["whole"], draft["unit"], draft["period"]], md_file, api_name="export_markdown")
