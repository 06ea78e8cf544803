"""The one model interface the rest of the code sees: messages in, text or a stream of text out."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal, Protocol, TypedDict

from assistant.errors import AssistantError


class Message(TypedDict):
    """One chat turn as the providers take it."""

    role: Literal["system", "user", "assistant"]
    content: str


class LLMError(AssistantError):
    """A model could not answer: endpoint down, bad key, timeout, model file missing or corrupt."""


class BadReply(LLMError):
    """The model answered, but not with usable text: empty, not a chat completion, or cut off midway."""


def require_text(text: str, who: str) -> str:
    """The reply text, or BadReply when `who` (the model or service) answered with nothing."""
    if not text.strip():
        raise BadReply(f"{who}的回复是空的，没有得到任何文字。", "请重试；如果反复出现，请检查模型服务的日志和设置（模型名、上下文长度）。")
    return text


class ChatModel(Protocol):
    """What a provider implements."""

    name: str
    context_window: int

    def complete(self, messages: list[Message], *, max_tokens: int | None = None, temperature: float | None = None, stop: list[str] | None = None) -> str: ...

    def stream(
        self, messages: list[Message], *, max_tokens: int | None = None, temperature: float | None = None, stop: list[str] | None = None
    ) -> Iterator[str]: ...
