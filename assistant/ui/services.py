"""The app-wide services handlers use: settings, knowledge base and chat model (no per-writer data)."""

from __future__ import annotations

import filecmp
import html
import inspect
import logging
import re
import shutil
import tempfile
from dataclasses import dataclass
from functools import partial, wraps
from pathlib import Path
from typing import NamedTuple

import gradio as gr

from assistant.errors import AssistantError
from assistant.settings import Settings


@dataclass(frozen=True)
class Services:
    """Shared, stateless-per-writer resources the handlers are bound to."""

    settings: Settings
    kb: object  # assistant.store.knowledge_base.KnowledgeBase
    model: object  # assistant.llm.ChatModel


log = logging.getLogger("assistant.ui")

# Markdown's markup characters; with `[` escaped no link or image forms, with `:` no bare address turns into a link.
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_\[\]#|~$:])")


def as_text(text: str) -> str:
    """Document text made safe to put into Markdown or HTML: every tag, link, image and heading of it shows as plain text."""
    escaped = _MARKDOWN_PUNCTUATION.sub(r"\\\1", html.escape(text, quote=False))
    return escaped.replace("\n", "  \n")  # its line breaks stay line breaks


def user_error(error: Exception) -> gr.Error:
    """The writer-facing form of any failure: our own errors as written, anything else named and logged."""
    if isinstance(error, gr.Error):
        return error
    if isinstance(error, AssistantError):
        return gr.Error(f"{error.message}{'（' + error.hint + '）' if error.hint else ''}", print_exception=False)
    log.exception("handler failed", exc_info=error)
    return gr.Error(f"操作没有完成（{type(error).__name__}：{error}）。请重试；如果反复出现，请把这条信息告诉系统管理员。", print_exception=False)


def handler(services: Services | None, fn):
    """`fn` bound to the services (when given) as an event handler whose failures reach the writer as Chinese messages."""
    bound = partial(fn, services) if services is not None else fn
    if inspect.isgeneratorfunction(fn):

        @wraps(bound)
        def stream(*args, **kwargs):
            try:
                yield from bound(*args, **kwargs)
            except Exception as error:
                raise user_error(error) from None

        return stream

    @wraps(bound)
    def call(*args, **kwargs):
        try:
            return bound(*args, **kwargs)
        except Exception as error:
            raise user_error(error) from None

    return call


_UNSAFE = re.compile(r"[^\w\u4e00-\u9fff.\-（）()]+")


def safe_name(name: str) -> str:
    """A file name with no directory parts or unusual characters."""
    stem = _UNSAFE.sub("_", Path(name).name).strip("._") or "file"
    return stem[-120:]


class Staged(NamedTuple):
    """Uploads copied into place: the files, the rejected ones and the ones kept under a new name."""

    files: list[Path]
    rejected: list[str]
    renamed: list[str]


def stage_uploads(paths: list[str], allowed: set[str], folder: Path | None = None) -> Staged:
    """Copy uploads into `folder` (a fresh temp folder by default) under sanitised names.

    A different file already stored under the same name is never overwritten: the upload is kept as
    `名称（2）.docx` and the writer is told, so two units' identically named summaries both stay.
    """
    folder = folder or Path(tempfile.mkdtemp(prefix="assistant-upload-"))
    folder.mkdir(parents=True, exist_ok=True)
    staged = Staged([], [], [])
    for raw in paths or []:
        original = Path(raw).name
        if Path(original).suffix.lower() not in allowed:
            staged.rejected.append(f"{original}：不支持的文件类型（可上传 {'、'.join(sorted(allowed))}）")
            continue
        target = free_target(folder, safe_name(original), Path(raw))
        if target.name != safe_name(original):
            staged.renamed.append(f"{original}：已有同名的不同文件，本次另存为 {target.name}（如是新版本，可删除旧文件）")
        shutil.copyfile(raw, target)
        staged.files.append(target)
    return staged


def free_target(folder: Path, name: str, source: Path) -> Path:
    """`folder/name`, unless a file with other content holds it; then `名称（2）`, `名称（3）` …"""
    target, n = folder / name, 2
    while target.exists() and not filecmp.cmp(target, source, shallow=False):
        target = folder / f"{Path(name).stem}（{n}）{Path(name).suffix}"
        n += 1
    return target
