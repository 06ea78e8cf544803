"""The embedded default: a GGUF model run in-process by llama.cpp, with a prompt-state cache for shared prefixes."""

from __future__ import annotations

import atexit
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.llm.base import LLMError, Message, require_text
from assistant.llm.model_files import bundled_model
from assistant.settings import Settings

if TYPE_CHECKING:
    from llama_cpp import Llama  # imported for real inside _load, where a missing package is reported

_LOADED: dict[tuple[str, int, int], Llama] = {}
_LOCK = threading.Lock()


def _load(path: Path, settings: Settings):
    """One llama.cpp model per (path, context, threads) per process; loading 1 GB is not repeated."""
    try:
        from llama_cpp import Llama

        from assistant.llm.prompt_cache import PromptCache
    except ImportError:
        raise LLMError("没有安装本机模型运行库 llama-cpp-python。", "请运行 make setup（安装时编译，约 8 分钟）。") from None
    key = (str(path), settings.local.context_window, settings.local.threads)
    with _LOCK:
        if key not in _LOADED:
            if not path.is_file():
                raise LLMError(f"找不到模型文件：{path}", "请检查 ASSISTANT_LOCAL_MODEL 指向的 GGUF 文件。")
            try:
                llama = Llama(model_path=str(path), n_ctx=settings.local.context_window, n_threads=settings.local.threads,
                              logits_all=False, verbose=False)
            except MemoryError:
                raise LLMError("内存不足，无法加载模型。", "请关闭其他程序，或换用更小的 GGUF 模型（ASSISTANT_LOCAL_MODEL）。") from None
            except (ValueError, RuntimeError) as error:
                raise LLMError(f"无法加载模型文件 {path.name}：{error}", "文件可能损坏或不是 GGUF 格式；请重新安装模型或检查 ASSISTANT_LOCAL_MODEL。") from None
            # Evaluated states of earlier prompts, so a request that shares the fixed prefix reads only its new part.
            llama.set_cache(PromptCache(capacity_bytes=settings.local.prompt_cache_mb << 20))
            if not _LOADED:
                atexit.register(_close_all)
            _LOADED[key] = llama
        return _LOADED[key]


def _close_all() -> None:
    """Free loaded models at exit, while llama.cpp's bindings still exist (its own finaliser runs too late)."""
    with _LOCK:
        for llama in _LOADED.values():
            llama.close()
        _LOADED.clear()


class LocalChat:
    """Chat with a GGUF model through its own chat template."""

    def __init__(self, settings: Settings):
        path = settings.local.path or bundled_model(settings.local.cache_dir)
        self.settings = settings
        self.name = f"本机模型 {Path(path).name}"
        self.context_window = settings.local.context_window
        self._llama = _load(Path(path), settings)
        self._lock = threading.Lock()  # one generation at a time on a shared model

    def _create(self, messages, max_tokens, temperature, stop, stream):
        return self._llama.create_chat_completion(
            messages=messages, stream=stream, stop=stop,
            max_tokens=max_tokens or self.settings.llm.max_output_tokens,
            temperature=self.settings.llm.temperature if temperature is None else temperature,
        )

    def complete(self, messages: list[Message], *, max_tokens=None, temperature=None, stop=None) -> str:
        """The whole reply."""
        with self._lock:
            try:
                reply = self._create(messages, max_tokens, temperature, stop, False)["choices"][0]["message"]["content"] or ""
            except (ValueError, RuntimeError) as error:
                raise self._explain(error) from None
        return require_text(reply, self.name)

    def stream(self, messages: list[Message], *, max_tokens=None, temperature=None, stop=None) -> Iterator[str]:
        """Text deltas as llama.cpp generates them."""
        with self._lock:
            text = ""
            try:
                for chunk in self._create(messages, max_tokens, temperature, stop, True):
                    delta = chunk["choices"][0]["delta"].get("content")
                    if delta:
                        text += delta
                        yield delta
            except (ValueError, RuntimeError) as error:
                raise self._explain(error) from None
            require_text(text, self.name)

    def _explain(self, error: Exception) -> LLMError:
        """A Chinese message for what llama.cpp raised while generating."""
        if "context window" in str(error):
            return LLMError(
                f"要处理的内容超出了本机模型的上下文长度（{self.context_window} 个词元）。",
                "请减少数据表行数或补充材料，或调大 ASSISTANT_LOCAL__CONTEXT_WINDOW，或换用上下文更长的模型。",
            )
        return LLMError(f"本机模型生成时出错：{error}", "请重试；如果反复出现，请检查模型文件和内存。")
