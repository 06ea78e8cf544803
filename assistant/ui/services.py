"""The app-wide services handlers use: settings, knowledge base, chat model and the app's folder for files it writes."""

from __future__ import annotations

import filecmp
import html
import inspect
import logging
import re
import shutil
import tempfile
import threading
import typing
import uuid
import weakref
from dataclasses import dataclass, field
from functools import partial, wraps
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import gradio as gr

from assistant.documents.loading import describe_os_error, os_error_hint
from assistant.errors import AssistantError
from assistant.llm import ChatModel
from assistant.settings import Settings

if TYPE_CHECKING:  # the store (and Chroma) is imported where the app is assembled, not by every handler module
    from assistant.store.knowledge_base import KnowledgeBase

MAX_SESSIONS = 200  # session folders kept for clients that never say goodbye; the least recently used go first


class SessionFiles:
    """The app's one folder for files it writes for writers: a subfolder per session, one file of each kind in it.

    A new export replaces the session's previous one of its kind, a session's folder goes when the session
    ends (the browser tab closes), and the whole folder goes when the process exits.
    """

    def __init__(self, root: Path | None = None, max_sessions: int = MAX_SESSIONS):
        self.root = root or Path(tempfile.gettempdir()) / f"assistant-files-{uuid.uuid4().hex[:12]}"
        self.max_sessions = max_sessions
        self._lock = threading.Lock()
        weakref.finalize(self, shutil.rmtree, str(self.root), True)  # at exit, or when the app is gone

    def folder(self, session: str, kind: str) -> Path:
        """A new empty folder for this session's next `kind` file; the session's previous one of that kind is removed."""
        home = self.root / safe_name(session)
        with self._lock:
            for old in home.glob(f"{kind}-*"):
                shutil.rmtree(old, ignore_errors=True)
            fresh = home / f"{kind}-{uuid.uuid4().hex[:8]}"  # a new path, so no browser serves a cached older file
            fresh.mkdir(parents=True)
            self._evict()
        return fresh

    def end(self, session: str) -> None:
        """Remove everything the session left."""
        shutil.rmtree(self.root / safe_name(session), ignore_errors=True)

    def _sessions(self) -> list[Path]:
        """The session folders, least recently used first."""
        if not self.root.is_dir():
            return []
        return sorted((p for p in self.root.iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime)

    def _evict(self) -> None:
        """Keep at most `max_sessions` session folders."""
        for old in self._sessions()[: -self.max_sessions]:
            shutil.rmtree(old, ignore_errors=True)


def session_of(request: gr.Request | None) -> str:
    """The session a request belongs to ("local" for a direct call without one)."""
    return getattr(request, "session_hash", None) or "local"


@dataclass(frozen=True)
class Services:
    """Shared, stateless-per-writer resources the handlers are bound to."""

    settings: Settings
    kb: KnowledgeBase
    model: ChatModel
    files: SessionFiles = field(default_factory=SessionFiles)
    ingest_lock: threading.Lock = field(default_factory=threading.Lock)  # one upload ingest at a time, whoever started it


log = logging.getLogger("assistant.ui")

# Markdown's markup characters; with `[` escaped no link or image forms, with `:` no bare address turns into a link.
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_\[\]#|~$:])")


def as_text(text: str) -> str:
    """Document text made safe to put into Markdown or HTML: every tag, link, image and heading of it shows as plain text."""
    escaped = _MARKDOWN_PUNCTUATION.sub(r"\\\1", html.escape(text, quote=False))
    return escaped.replace("\n", "  \n")  # its line breaks stay line breaks


ERROR_TITLE = "提示"


def refusal(message: str) -> gr.Error:
    """A failure as the writer sees it: a Chinese message, no traceback, and a Chinese title. Gradio 6.31's page does
    not show the title yet (its toast reads a `_title` the server never sends, so it says "Error"); it is set here so
    that the one place to change is this one."""
    return gr.Error(message, title=ERROR_TITLE, print_exception=False)


def user_error(error: Exception) -> gr.Error:
    """The writer-facing form of any failure: our own errors as written, anything else named and logged."""
    if isinstance(error, gr.Error):
        return error
    if isinstance(error, AssistantError):
        return refusal(f"{error.message}{'（' + error.hint + '）' if error.hint else ''}")
    if isinstance(error, OSError) and error.filename:  # a file operation (a lost connection has no file name)
        log.warning("file operation failed: %s", error)
        return refusal(f"文件操作没有完成：{Path(error.filename).name}（{describe_os_error(error)}）。{os_error_hint(error)}")
    log.exception("handler failed", exc_info=error)
    return refusal(f"操作没有完成（{type(error).__name__}：{error}）。请重试；如果反复出现，请把这条信息告诉系统管理员。")


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

        stream.__annotations__ = _hints(fn, bound_first=services is not None)
        return stream

    @wraps(bound)
    def call(*args, **kwargs):
        try:
            return bound(*args, **kwargs)
        except Exception as error:
            raise user_error(error) from None

    call.__annotations__ = _hints(fn, bound_first=services is not None)
    return call


def _hints(fn, bound_first: bool) -> dict:
    """`fn`'s resolved annotations less the bound services, so Gradio sees a `request: gr.Request` parameter."""
    try:
        hints = typing.get_type_hints(fn)
    except (NameError, TypeError):
        return {}
    if bound_first:
        hints.pop(next(iter(inspect.signature(fn).parameters)), None)
    return hints


_UNSAFE = re.compile(r"[^\w\u4e00-\u9fff.\-（）()]+")


def safe_name(name: str) -> str:
    """A file name with no directory parts or unusual characters."""
    stem = _UNSAFE.sub("_", Path(name).name).strip("._") or "file"
    return stem[-120:]


class Staged(NamedTuple):
    """Checked uploads: the files to read, the rejected ones (with the reason) and the ones kept under a new name."""

    files: list[Path]
    rejected: list[str]
    renamed: list[str]


def stage_uploads(paths: list[str], allowed: set[str], folder: Path | None = None, max_mb: int | None = None, replace: bool = False) -> Staged:
    """Check uploads (type, size) and copy the good ones into `folder` under sanitised names; without a folder, read them where they are.

    A different file already stored under the same name is overwritten only when the writer says the upload is
    its new version (`replace`); otherwise the upload is kept as `名称（2）.docx` and the writer is told, so two
    units' identically named summaries both stay.
    """
    staged = Staged([], [], [])
    for raw in paths or []:
        source, original = Path(raw), Path(raw).name
        problem = upload_problem(source, allowed, max_mb)
        if problem:
            staged.rejected.append(f"{original}：{problem}")
        elif folder is None:
            staged.files.append(source)  # Gradio's upload, read in place: no copy and no folder left behind
        else:
            try:
                folder.mkdir(parents=True, exist_ok=True)
                target = folder / safe_name(original) if replace else free_target(folder, safe_name(original), source)
                shutil.copyfile(source, target)
            except OSError as error:
                staged.rejected.append(f"{original}：无法保存（{describe_os_error(error)}）。{os_error_hint(error)}")
                continue
            if target.name != safe_name(original):
                staged.renamed.append(f"{original}：已有同名的不同文件，本次另存为 {target.name}（如是新版本，请删除这份，勾选“同名文件是新版本”后重新上传）")
            staged.files.append(target)
    return staged


def upload_problem(path: Path, allowed: set[str], max_mb: int | None = None) -> str | None:
    """Why an upload is refused (its type or its size), in Chinese; None when it is fine."""
    if path.suffix.lower() not in allowed:
        return f"不支持的文件类型（可上传 {'、'.join(sorted(allowed))}）"
    if max_mb is not None:
        size = path.stat().st_size
        if size > max_mb * 1024 * 1024:
            return f"文件太大（{size / 1024 / 1024:.1f} MB），单个文件不能超过 {max_mb} MB"
    return None


def free_target(folder: Path, name: str, source: Path) -> Path:
    """`folder/name`, unless a file with other content holds it; then `名称（2）`, `名称（3）` …"""
    target, n = folder / name, 2
    while target.exists() and not filecmp.cmp(target, source, shallow=False):
        target = folder / f"{Path(name).stem}（{n}）{Path(name).suffix}"
        n += 1
    return target
