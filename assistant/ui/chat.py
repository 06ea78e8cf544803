"""对话 tab: questions about past practice answered with sources, and drafts asked for in plain words."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import gradio as gr

from assistant.drafting.ask import Asker
from assistant.drafting.chain import Drafter
from assistant.drafting.intent import DraftIntent, draft_intent
from assistant.drafting.records import AnswerDone, Done, DraftRequest, Status, TextDelta
from assistant.guardrails import review_draft
from assistant.ui.drafting import flagged_markdown, interrupted, salvage, used_figures_view
from assistant.ui.figures_table import figure_set_of
from assistant.ui.services import Services, as_text, handler, refusal, user_error

NEEDS_FIGURES = "起草这一部分需要统计数据：请先在“起草”页填写或上传数据表（单位、期间也在那里填写），再回到这里提出要求。"

Reply = tuple  # (history, cleared input box, sources markdown, draft text, draft table); gr.skip() leaves one as it is


def answer(services: Services, question: str, history: list[dict], unit: str, period: str, rows, notes: str) -> Iterator[Reply]:
    """Stream an answer into the conversation, or a draft when the message asks for one (using the 起草 tab's table)."""
    question = (question or "").strip()
    if not question:
        raise refusal("请先输入问题。")
    history = [*list(history or []), {"role": "user", "content": question}, {"role": "assistant", "content": ""}]
    intent = draft_intent(question)
    if intent:
        yield from _draft_reply(services, intent, history, unit, period, rows, notes)
    else:
        yield from _ask_reply(services, question, history)


def _ask_reply(services: Services, question: str, history: list[dict]) -> Iterator[Reply]:
    """An answer about past practice, with its sources; an answer that breaks off is replaced by why (its numbers are unchecked)."""
    text, sources_md = "", ""
    try:
        for event in Asker(services.settings, services.kb, services.model).stream(question):
            if isinstance(event, TextDelta):
                text += event.text
                history[-1] = {"role": "assistant", "content": text}
            elif isinstance(event, Status):
                sources_md = f"*{event.message}*"
                if not text:  # the answer is written once every document is read: until then its bubble says where it is
                    history[-1] = {"role": "assistant", "content": f"*{as_text(event.message)}*"}
            elif isinstance(event, AnswerDone):
                history[-1] = {"role": "assistant", "content": event.answer.text}
                sources_md = sources_markdown(event.answer.sources)
            yield history, "", sources_md, gr.skip(), gr.skip()
    except Exception as error:  # said in the reply, not raised: a raised error covers the whole conversation with 错误
        history[-1] = {"role": "assistant", "content": f"回答中断：{user_error(error).message}"}
        yield history, "", "", gr.skip(), gr.skip()


def _draft_reply(services: Services, intent: DraftIntent, history: list[dict], unit: str, period: str, rows, notes: str) -> Iterator[Reply]:
    """A draft streamed into the conversation; the finished text and the figures it used also go to the 起草 tab."""
    try:
        figures = figure_set_of(rows, notes)
    except Exception as error:  # said in the reply, not raised (see _ask_reply)
        history[-1] = {"role": "assistant", "content": f"没有开始起草：{user_error(error).message}"}
        yield history, "", "", gr.skip(), gr.skip()
        return
    if not figures.figures and (intent.whole_document or intent.section == "主要经济指标"):
        history[-1] = {"role": "assistant", "content": NEEDS_FIGURES}
        yield history, "", "", gr.skip(), gr.skip()
        return
    request = DraftRequest(figures=figures, unit=(unit or "").strip() or None, period=(period or "").strip() or intent.period,
                           section=intent.section, whole_document=intent.whole_document)
    text = ""
    try:
        for event in Drafter(services.settings, services.kb, services.model).stream(request):
            if isinstance(event, TextDelta):
                text += event.text
                history[-1] = {"role": "assistant", "content": text}
                yield history, "", gr.skip(), gr.skip(), gr.skip()
            elif isinstance(event, Status):
                yield history, "", f"*{event.message}*", gr.skip(), gr.skip()
            elif isinstance(event, Done):
                result = event.result
                note = "稿件已放入“起草”页，可在那里修改、重新核对和导出。"
                verdict = flagged_markdown(review_draft(result.text, figures, request.period, request.unit), names=True)  # as the 起草 tab shows it
                history[-1] = {"role": "assistant", "content": f"{result.text}\n\n{verdict}\n\n{note}"}
                yield history, "", sources_markdown(result.sources), result.text, used_figures_view(result)
    except Exception as error:  # said in the reply, not raised (see _ask_reply)
        kept = salvage(text, figures)
        history[-1] = {"role": "assistant", "content": f"{kept}\n\n{interrupted(user_error(error).message, kept)}".strip()}
        yield history, "", "", gr.skip(), gr.skip()


def sources_markdown(sources) -> str:
    """Numbered citations: document title and heading path, and the file as the 素材库 list names it (not the server's path)."""
    if not sources:
        return "（本次回答未引用素材库中的材料）"
    lines = [f"{i}. 《{as_text(s.title)}》 {as_text(' > '.join(s.heading_path))}  \n   {as_text(Path(s.source).name)}" for i, s in enumerate(sources, 1)]
    return "**来源**\n\n" + "\n".join(lines)


def passage(services: Services, query: str) -> str:
    """The best-matching passage for a citation or phrase, shown on demand."""
    query = (query or "").strip()
    if not query:
        return ""
    hits = services.kb.search(query, k=1)
    if not hits:
        return "未找到相关段落。"
    hit = hits[0]
    return f"**《{as_text(hit.title)}》 {as_text(' > '.join(hit.heading_path))}**\n\n{as_text(hit.text)}"


def build(services: Services) -> dict:
    """Lay out the 对话 tab inside the current Blocks context; `connect` wires it once the 起草 tab exists."""
    chatbot = gr.Chatbot(label="对话", height=460, elem_id="chat-log")
    with gr.Row():
        question = gr.Textbox(placeholder="例如：其他园区在盘活低效闲置用地方面有哪些做法？也可以说“帮我起草上半年主要经济指标部分”", show_label=False, scale=5)
        send = gr.Button("发送", variant="primary", scale=1)
    sources = gr.Markdown()
    with gr.Accordion("查看原文段落", open=False):
        lookup = gr.Textbox(label="输入要查看的出处或关键句")
        show = gr.Button("查看")
        shown = gr.Markdown()
    show.click(handler(services, passage), lookup, shown, api_name="passage")
    return {"chatbot": chatbot, "question": question, "send": send, "sources": sources}


def connect(services: Services, parts: dict, draft: dict) -> None:
    """Questions and drafting requests: drafts read the 起草 tab's unit, period, table and notes, and fill its text box."""
    inputs = [parts["question"], parts["chatbot"], draft["unit"], draft["period"], draft["table"], draft["notes"]]
    outputs = [parts["chatbot"], parts["question"], parts["sources"], draft["text"], draft["read"]]
    respond = handler(services, answer)
    parts["send"].click(respond, inputs, outputs, api_name="ask")
    parts["question"].submit(respond, inputs, outputs, api_name=False)
