"""The writer's web app: one Blocks with 对话, 起草, 素材库 and 导出 tabs, assembled in create_app."""

from __future__ import annotations

import ipaddress
import threading
import uuid
from pathlib import Path

import gradio as gr

from assistant.errors import AssistantError
from assistant.llm import ChatModel
from assistant.settings import Settings
from assistant.ui import chat, drafting, export, library, review
from assistant.ui.services import Services, SessionFiles, handler, log, session_of

# Gradio refuses uploads itself (in English) only at this many times the writer's limit; below it the handlers
# refuse them in Chinese. It stays as a guard against filling the disk.
UPLOAD_CEILING_FACTOR = 10
# Every hour, Gradio deletes the uploads and served files it holds that are older than a day.
GRADIO_CACHE_SWEEP = (3600, 24 * 3600)

CSS = """
#draft-highlight .num-unsupported, #draft-highlight .num-placeholder { border-radius: 3px; padding: 0 2px; }
#settings-line { color: #666; font-size: 0.9em; }
footer { display: none !important; }  /* Gradio's own links ("Runs", API, settings) are for developers, partly in English */
"""


def create_app(settings: Settings, kb=None, model: ChatModel | None = None) -> gr.Blocks:
    """Assemble the app from settings; tests pass their own knowledge base and model."""
    if kb is None:
        from assistant.store.knowledge_base import KnowledgeBase

        kb = KnowledgeBase(settings)
    if model is None:
        from assistant.llm import get_chat_model

        model = get_chat_model(settings)
    with gr.Blocks(title="工作总结起草助手", delete_cache=GRADIO_CACHE_SWEEP) as app:
        # Inside Gradio's own cache, so the files it serves are not copied once more into a folder per download.
        files = SessionFiles(Path(app.GRADIO_CACHE) / f"assistant-files-{uuid.uuid4().hex[:12]}")
        services = Services(settings, kb, model, files)
        gr.Markdown("## 工作总结起草助手")
        with gr.Tab("对话", id="chat"):
            conversation = chat.build(services)
        with gr.Tab("起草", id="draft"):
            draft = drafting.build(services)
        with gr.Tab("素材库", id="library"):
            doc_list = library.build(services)
        with gr.Tab("核对稿件", id="review"):
            review.build(services, draft)
        with gr.Tab("导出", id="export"):
            export.build(services, draft)
        chat.connect(services, conversation, draft)
        gr.Markdown(settings_line(settings, model), elem_id="settings-line")
        app.load(handler(services, library.refresh), None, list(doc_list), api_name=False)
        app.unload(handler(services, end_session))
    return app


def end_session(services: Services, request: gr.Request) -> None:
    """When a writer's tab closes (or a client disconnects), remove the files written for that session."""
    services.files.end(session_of(request))


def settings_line(settings: Settings, model: ChatModel) -> str:
    """The settings in force (model and store), never a key."""
    chroma = f"Chroma 服务 {settings.chroma.host}:{settings.chroma.port}" if settings.chroma.host else "本机 Chroma"
    return f"当前模型：{model.name}　｜　素材库：{settings.store}（{chroma}）"


def launch_options(settings: Settings) -> dict:
    """Keyword arguments for launch(): bind address, login when bound to the network, Gradio's upload ceiling."""
    host = settings.app.host
    ceiling = settings.app.max_upload_mb * UPLOAD_CEILING_FACTOR
    options = {"server_name": host, "server_port": settings.app.port, "max_file_size": f"{ceiling}mb", "css": CSS}
    if not _is_loopback(host):
        if not (settings.app.username and settings.app.password):
            raise AssistantError(
                f"应用将在网络地址 {host} 上开放，但未设置登录用户名和密码。",
                "请设置 ASSISTANT_APP__USERNAME 和 ASSISTANT_APP__PASSWORD，或改为仅本机访问（127.0.0.1）。",
            )
        options["auth"] = (settings.app.username, settings.app.password)
    return options


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def ingest_on_start(settings: Settings, kb) -> threading.Thread | None:
    """Without holding up the page: ingest the corpus into a fresh store, and resume files a killed run left pending."""
    paths = [settings.corpus] if not kb.documents() and settings.corpus.is_dir() else []
    if not paths and not kb.journal.interrupted():
        return None
    thread = threading.Thread(target=_ingest_and_log, args=(kb, paths), name="start-ingest", daemon=True)
    thread.start()
    return thread


def _ingest_and_log(kb, paths: list) -> None:
    """Ingest in the background and log the per-file report in Chinese (the console the app was started from)."""
    report = kb.ingest(paths)
    for item in report.files:
        (log.warning if item.status == "failed" or item.resumed else log.info)("启动时入库：%s", item.line())
