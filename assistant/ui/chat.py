"""对话 tab: questions about past practice, answered from the knowledge base with sources."""

from __future__ import annotations

from functools import partial
from typing import Iterator

import gradio as gr

from assistant.drafting.ask import Asker
from assistant.drafting.records import AnswerDone, Status, TextDelta
from assistant.errors import AssistantError
from assistant.ui.services import Services, user_error


def answer(services: Services, question: str, history: list[dict]) -> Iterator[tuple[list[dict], str, str]]:
    """Stream an answer into the conversation; yields (history, cleared input box, sources markdown)."""
    question = (question or "").strip()
    if not question:
        raise gr.Error("请先输入问题。", print_exception=False)
    history = list(history or []) + [{"role": "user", "content": question}, {"role": "assistant", "content": ""}]
    asker = Asker(services.settings, services.kb, services.model)
    text, sources_md = "", ""
    try:
        for event in asker.stream(question, history=history[:-2]):
            if isinstance(event, TextDelta):
                text += event.text
                history[-1] = {"role": "assistant", "content": text}
            elif isinstance(event, Status):
                sources_md = f"*{event.message}*"
            elif isinstance(event, AnswerDone):
                history[-1] = {"role": "assistant", "content": event.answer.text}
                sources_md = sources_markdown(event.answer.sources)
            yield history, "", sources_md
    except AssistantError as error:
        raise user_error(error) from None


def sources_markdown(sources) -> str:
    """Numbered citations: document title and heading path."""
    if not sources:
        return "（本次回答未引用素材库中的材料）"
    lines = [f"{i}. 《{s.title}》 {' > '.join(s.heading_path)}  \n   `{s.source}`" for i, s in enumerate(sources, 1)]
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
    return f"**《{hit.title}》 {' > '.join(hit.heading_path)}**\n\n{hit.text}"


def build(services: Services) -> None:
    """Lay out the 对话 tab inside the current Blocks context."""
    chatbot = gr.Chatbot(label="对话", height=460)
    with gr.Row():
        question = gr.Textbox(placeholder="例如：其他园区在盘活低效闲置用地方面有哪些做法？", show_label=False, scale=5)
        send = gr.Button("发送", variant="primary", scale=1)
    sources = gr.Markdown()
    with gr.Accordion("查看原文段落", open=False):
        lookup = gr.Textbox(label="输入要查看的出处或关键句")
        show = gr.Button("查看")
        shown = gr.Markdown()
    handler = partial(answer, services)
    send.click(handler, [question, chatbot], [chatbot, question, sources], api_name="ask")
    question.submit(handler, [question, chatbot], [chatbot, question, sources], api_name=False)
    show.click(partial(passage, services), lookup, shown, api_name="passage")
