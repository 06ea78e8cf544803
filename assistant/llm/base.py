"""The one model interface the rest of the code sees: messages in, text or a stream of text out."""

from __future__ import annotations

from typing import Iterator, Protocol

from assistant.errors import AssistantError

Message = dict  # {"role": "system" | "user" | "assistant", "content": str}


class LLMError(AssistantError):
    """A model could not answer: endpoint down, bad key, timeout, model file missing or corrupt."""


class ChatModel(Protocol):
    """What a provider implements."""

    name: str
    context_window: int

    def complete(self, messages: list[Message], *, max_tokens: int | None = None, temperature: float | None = None, stop: list[str] | None = None) -> str: ...

    def stream(self, messages: list[Message], *, max_tokens: int | None = None, temperature: float | None = None, stop: list[str] | None = None) -> Iterator[str]: ...
