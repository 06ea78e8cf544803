"""起草 tab: figures table, notes and materials in; a streamed draft with every number checked out."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import gradio as gr

from assistant.documents.loading import load_document
from assistant.drafting import SECTION_KINDS
from assistant.drafting.chain import Drafter, with_materials
from assistant.drafting.narrative import REWORDED
from assistant.drafting.outline import assemble
from assistant.drafting.records import Coverage, Done, DraftRequest, Status, TextDelta
from assistant.drafting.repair import seal
from assistant.errors import AssistantError
from assistant.figures import FigureSet, load_figures, table_rows
from assistant.guardrails import highlight, review_draft
from assistant.guardrails.consistency import AGAINST_ITSELF, DISAGREE, disagreements
from assistant.ui.figures_table import PLACEHOLDER, figure_set_of, reading, rows_text, table_text
from assistant.ui.services import Services, as_text, handler, refusal, stage_uploads

WHOLE_DOCUMENT = "全文（先列提纲，再逐节起草）"
QUEUED = "已提交起草。若有其他人正在起草，会排队等候，轮到时开始写（这里会显示正在写哪一部分）。"
STOPPED = "已停止起草。已写出的部分保留在稿件中，可以修改、核对，或补充要点后重新起草。"
TABLE_SUFFIXES = {".csv", ".xlsx", ".json", ".yaml", ".yml"}
MATERIAL_SUFFIXES = {".docx", ".txt", ".md", ".pdf"}


def load_table(file: str | None) -> tuple[str, str, str]:
    """Fill the table editor (and the notes box) from an uploaded CSV / XLSX / JSON / YAML file; a CSV or a worksheet
    is shown as the file has it (every column kept), after the whole file has been read without error."""
    if not file:
        raise refusal("请先选择数据文件。")
    staged = stage_uploads([file], TABLE_SUFFIXES)
    if staged.rejected:
        raise refusal(staged.rejected[0])
    path = staged.files[0]
    figures = load_figures(path)
    text = rows_text(table_rows(path)[0]) if path.suffix.lower() in (".csv", ".xlsx") else table_text(figures)
    return text, "\n".join(figures.notes), reading(figures)


def read_back(table: str, notes: str, materials=None) -> str:
    """How the checker reads the editor's table, or what is wrong with it (in Chinese), shown under the editor; and,
    before anything is drafted or checked, where the table and the uploaded submissions give one indicator two values."""
    try:
        figures = figure_set_of(table, notes)
    except AssistantError as error:
        return f"⚠️ {as_text(str(error))}"
    found = disagreements(figures, _readable_materials(materials))
    warning = ("⚠️ " + DISAGREE + "\n\n" + "\n".join(f"- {as_text(str(d))}" for d in found) + "\n\n") if found else ""
    if not figures.figures:
        return warning
    return f"{warning}系统读到 {len(figures.figures)} 项指标：\n\n{reading(figures)}"


@dataclass(frozen=True)
class Materials:
    """The uploaded department submissions, read: the texts, and the uploads that gave none."""

    texts: list[tuple[str, str]]  # (file name, text) of each submission that reads, in upload order
    rejected: list[str]  # refused before reading (type, size): "name：reason" in Chinese
    unreadable: list[AssistantError]  # failed to read (empty, damaged, a scan …): the reason and what to do


def read_materials(materials: list[str] | None) -> Materials:
    """Every uploaded submission read once; what does not read is kept with its reason, for the caller to refuse or skip."""
    staged = stage_uploads(materials or [], MATERIAL_SUFFIXES)
    texts: list[tuple[str, str]] = []
    unreadable: list[AssistantError] = []
    for path in staged.files:
        try:
            texts.append((path.name, load_document(path).text))
        except AssistantError as error:
            unreadable.append(error)
    return Materials(texts, staged.rejected, unreadable)


def _readable_materials(materials: list[str] | None) -> list[tuple[str, str]]:
    """(《name》, text) of each submission that reads; one that does not is reported when the draft or check reads it."""
    return [(f"《{name}》", text) for name, text in read_materials(materials).texts]


def material_texts(materials: list[str] | None) -> list[str]:
    """The text of each uploaded department submission; one that is refused or does not read stops with its reason."""
    read = read_materials(materials)
    if read.rejected:  # never drop a submission silently: the draft would miss its facts
        raise refusal("；".join(read.rejected))
    if read.unreadable:
        raise read.unreadable[0]
    return [text for _, text in read.texts]


def writer_inputs(rows, notes: str, materials) -> FigureSet:
    """What a text is checked against: the table, the notes and every line of the uploaded materials."""
    return with_materials(figure_set_of(rows, notes), material_texts(materials))


def check_report(rows, notes: str, materials, text: str, period: str = "", unit: str = "") -> tuple[str, str]:
    """Check the draft (possibly edited by hand) against the table, notes, materials, unit and period: highlighted HTML and the flagged list."""
    return check_views(text or "", writer_inputs(rows, notes, materials), period, unit)


def check_views(text: str, given: FigureSet, period: str | None = None, unit: str | None = None) -> tuple[str, str]:
    """Highlighted HTML and flagged list of a draft; both empty for an empty text, so no green check stands over nothing.
    A name the writer's inputs lack (an invented place, another unit's slogan) is flagged as a number without support is."""
    if not text.strip():
        return "", ""
    report = review_draft(text, given, period, unit)
    return highlight(report), flagged_markdown(report, names=True)


def flagged_markdown(report, against_itself: bool = False, names: bool = False) -> str:
    """The flagged numbers with their reasons, or a line saying all numbers have support (or, checked against
    itself for want of a table, that it is consistent)."""
    advice = "".join(f"\n- {as_text(m.text)}：{as_text(m.reason)}" for m in report.advice)
    advice = f"\n\n另有 {len(report.advice)} 处写法建议（不影响核对结论）：\n{advice}" if advice else ""
    if not report.flagged:
        counted = sum(1 for m in report.mentions if m.status not in ("not_a_figure", "advice"))
        if against_itself:
            return f"✅ {AGAINST_ITSELF}没有发现问题。" + advice
        checked = "、其他年份或输入中没有的名称" if names else "或其他年份"
        return f"✅ 共核对 {counted} 处数字，均有依据；没有遗留的占位符、空标题、重复句{checked}。" + advice
    lines = [f"- **{as_text(m.text)}**：{as_text(m.reason)}" for m in report.flagged]
    return f"⚠️ {len(report.flagged)} 处需要核实：\n\n" + "\n".join(lines) + advice


def draft(services: Services, unit: str, period: str, kind: str, rows, notes: str, materials) -> Iterator[tuple]:
    """Stream a draft; yields (text, status, highlighted HTML, flagged list, table: the figures used, once done)."""
    try:
        figures = figure_set_of(rows, notes)
        texts = material_texts(materials)
    except Exception as error:  # the status must not go on saying the draft is queued; the toast says what to do
        yield gr.skip(), f"没有开始起草：{stop_reason(error)}", gr.skip(), gr.skip(), gr.skip()
        raise
    whole = kind == WHOLE_DOCUMENT
    request = DraftRequest(figures=figures, unit=(unit or "").strip() or None, period=(period or "").strip() or None,
                           section=None if whole else kind, whole_document=whole, materials=texts)
    text, status = "", "正在准备…"
    try:
        for event in Drafter(services.settings, services.kb, services.model).stream(request):
            if isinstance(event, TextDelta):
                text += event.text
            elif isinstance(event, Status):
                status = event.message
            elif isinstance(event, Done):
                result = event.result
                status = f"起草完成（自动修正{result.rounds}轮）。核对结果见下方，稿件改动后会重新核对。{coverage_markdown(result.coverage)}"
                yield result.text, status, *check_views(result.text, with_materials(figures, texts), request.period, request.unit), used_figures_view(result)
                return
            yield text, status, "", "", gr.skip()
    except Exception as error:
        given = with_materials(figures, texts)
        kept = salvage(text, given)
        yield kept, interrupted(stop_reason(error), kept), *check_views(kept, given, period, unit), gr.skip()
        raise


def coverage_markdown(coverage: Coverage) -> str:
    """What became of the writer's notes: all written, or which were left out and why."""
    if not coverage.notes:
        return ""
    reworded = sum(1 for n in coverage.used if n.how == REWORDED)
    if not coverage.left_out:
        return f"要点 {len(coverage.notes)} 条全部写入正文（模型润色 {reworded} 条，其余按要点原文）。"
    lines = [f"- {as_text(n.note)}：{as_text(n.how)}" for n in coverage.left_out]
    return f"⚠️ 要点 {len(coverage.notes)} 条中有 {len(coverage.left_out)} 条没有写入正文：\n\n" + "\n".join(lines)


def add_to_whole(parts: dict | None, kind: str, text: str, unit: str, period: str) -> tuple[dict, str]:
    """Put the current draft into the whole document as its section (replacing that section's earlier text)."""
    if not (text or "").strip():
        raise refusal("稿件是空的：请先起草或粘贴这一部分。")
    parts = dict(parts or {})
    if kind == WHOLE_DOCUMENT:
        parts = {WHOLE_DOCUMENT: text.strip()}
    else:
        parts.pop(WHOLE_DOCUMENT, None)
        parts[kind] = text.strip()
    whole = parts[WHOLE_DOCUMENT] if WHOLE_DOCUMENT in parts else assemble(parts, (unit or "").strip() or None, (period or "").strip() or None)
    return parts, whole


def stop_reason(error: Exception) -> str:
    """Why a stream stopped, in one Chinese sentence for the page (the raised error's toast adds the hint)."""
    reason = error.message if isinstance(error, AssistantError) else "出现了意外错误"
    return reason if reason.endswith(("。", "！", "？")) else reason + "。"


def interrupted(reason: str, kept: str) -> str:
    """The status of a draft that stopped: why (`reason`), and whether any of it stays on screen."""
    tail = "已写出的部分保留在下面，其中无法核实的数字已标为〔待核实〕。" if kept else "没有得到可用的稿件。"
    return f"起草中断：{reason}{tail}"


def used_figures_view(result) -> str:
    """The table as the draft used it (targets and prior values found in last period's documents filled in),
    shown under the editor; the writer's own table text is never replaced."""
    return f"本次起草使用的数据（含从上期材料中找到的目标和上年同期数）：\n\n{reading(result.inputs)}"


def salvage(text: str, figures) -> str:
    """What was streamed before a failure, with every number the table does not support marked 〔待核实〕 (or nothing)."""
    if not text.strip():
        return ""
    try:
        return seal(text, figures)[0]
    except Exception:  # a text that cannot be sealed is not shown at all
        return ""


def build(services: Services) -> dict:
    """Lay out the 起草 tab; return the components other tabs read."""
    with gr.Row():
        unit = gr.Textbox(label="单位名称", placeholder="例如：青川经济开发区")
        period = gr.Textbox(label="期间", placeholder="例如：2025年上半年 / 1-6月")
        kind = gr.Dropdown(choices=[*list(SECTION_KINDS), WHOLE_DOCUMENT], value=SECTION_KINDS[1], label="起草内容", elem_id="draft-kind")
    # A text box, not a grid: nothing typed is lost, and a block copied from Excel / WPS pastes as it is.
    table = gr.Textbox(label=("统计数据表（从 Excel / WPS 复制后直接粘贴，或逐行输入："
                              "指标、数值、单位、期间、同比增长、上年同期、目标，用制表符、逗号或空格分隔）"),
                       lines=8, max_lines=30, placeholder=PLACEHOLDER, elem_id="figures-table")
    read = gr.Markdown(elem_id="figures-reading")
    with gr.Row():
        # No file_types: Gradio would refuse other files in English; load_table and material_texts refuse them in Chinese.
        table_file = gr.File(label="上传数据表（xlsx / csv / json / yaml）", type="filepath", elem_id="table-file")
        materials = gr.File(label="上传部门报送材料（docx / pdf / txt / md）", file_count="multiple", type="filepath")
    notes = gr.Textbox(label="要点与补充材料（每行一条）", lines=4)
    with gr.Row():
        start = gr.Button("开始起草", variant="primary", elem_id="draft-start")
        stop = gr.Button("停止起草", elem_id="draft-stop")
    status = gr.Markdown()
    text = gr.Textbox(label="稿件（可直接修改，改后点“重新核对”）", lines=14, elem_id="draft-text")
    recheck = gr.Button("重新核对")
    with gr.Row():
        marked = gr.HTML(label="数字核对", elem_id="draft-highlight")
        flagged = gr.Markdown(elem_id="draft-flagged")
    # The whole document as the writer builds it: one section at a time, a redrafted section replaces its earlier text.
    parts = gr.State({})
    add = gr.Button("放入全文（同一部分再次放入时替换）", elem_id="add-to-whole")
    whole = gr.Textbox(label="全文（已放入的各部分，按公文顺序排列；在“导出”页选择导出全文）", lines=12, interactive=False, elem_id="whole-text")
    table_file.upload(handler(None, load_table), table_file, [table, notes, read], api_name="load_table")
    table.change(handler(None, read_back), [table, notes, materials], read, show_progress="hidden", trigger_mode="always_last")
    materials.change(handler(None, read_back), [table, notes, materials], read, show_progress="hidden", trigger_mode="always_last")
    # Said at once, outside the queue, in Chinese: Gradio's own overlay ("queue: 1/1 | 1.4/318.1s") is hidden.
    # The text box is locked while the draft streams into it: a word typed there would be overwritten by the next update.
    queued = start.click(lambda: (QUEUED, gr.update(interactive=False)), None, [status, text], queue=False, show_progress="hidden")
    drafting = queued.then(
        handler(services, draft), [unit, period, kind, table, notes, materials], [text, status, marked, flagged, read], api_name="draft", show_progress="hidden"
    )
    # Unlocked once the draft is done or has failed (Gradio's .then() does not follow a failed event).
    for after in (drafting.success, drafting.failure):
        after(lambda: gr.update(interactive=True), None, text, queue=False, show_progress="hidden")
    # Stopping frees the model for the next writer at once; what was written stays in the box, editable, and is checked as it stands.
    stop.click(lambda: (STOPPED, gr.update(interactive=True)), None, [status, text], cancels=[drafting], queue=False, show_progress="hidden")
    recheck.click(handler(None, check_report), [table, notes, materials, text, period, unit], [marked, flagged], api_name="check")
    # one source for what the page says about the draft: whatever changes the text (an edit, the chat tab), the check follows
    text.change(
        handler(None, check_report), [table, notes, materials, text, period, unit], [marked, flagged], show_progress="hidden", trigger_mode="always_last"
    )
    add.click(handler(None, add_to_whole), [parts, kind, text, unit, period], [parts, whole], api_name="add_to_whole")
    return {"unit": unit, "period": period, "table": table, "read": read, "notes": notes, "materials": materials, "text": text, "whole": whole}
