"""Model providers behind one interface: an OpenAI-compatible endpoint, or the embedded llama.cpp model."""

from __future__ import annotations

from assistant.llm.base import BadReply, ChatModel, LLMError, Message
from assistant.settings import Settings

__all__ = ["BadReply", "ChatModel", "LLMError", "Message", "get_chat_model", "provider_of"]


def provider_of(settings: Settings) -> str:
    """The provider `auto` resolves to: openai when an endpoint or key is configured, else local."""
    if settings.llm.provider != "auto":
        return settings.llm.provider
    return "openai" if (settings.llm.base_url or settings.llm.api_key) else "local"


def get_chat_model(settings: Settings) -> ChatModel:
    """The chat model the settings choose."""
    match provider_of(settings):
        case "openai":
            from assistant.llm.openai_provider import OpenAIChat

            return OpenAIChat(settings.llm)
        case "local":
            from assistant.llm.local import LocalChat

            return LocalChat(settings)
    raise LLMError(f"未知的模型类型：{settings.llm.provider}。", "ASSISTANT_LLM_PROVIDER 可选 auto、openai、local。")
