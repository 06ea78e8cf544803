"""Any OpenAI-compatible endpoint (DeepSeek, DashScope, 智谱, Moonshot, vLLM, Ollama, llama.cpp server …)."""

from __future__ import annotations

from typing import Iterator

from assistant.llm.base import LLMError, Message
from assistant.settings import LLMSettings


class OpenAIChat:
    """Chat completions over HTTP; the openai client retries transient errors with backoff."""

    def __init__(self, settings: LLMSettings):
        from openai import OpenAI

        self.settings = settings
        self.name = f"{settings.model} @ {settings.base_url or 'api.openai.com'}"
        self.context_window = settings.context_window
        self._client = OpenAI(base_url=settings.base_url, api_key=settings.api_key or "none",
                              timeout=settings.timeout, max_retries=settings.max_retries)

    def _request(self, messages, max_tokens, temperature, stop, stream):
        return self._client.chat.completions.create(
            model=self.settings.model, messages=messages, stream=stream, stop=stop,
            max_tokens=max_tokens or self.settings.max_output_tokens,
            temperature=self.settings.temperature if temperature is None else temperature,
        )

    def complete(self, messages: list[Message], *, max_tokens=None, temperature=None, stop=None) -> str:
        """The whole reply."""
        try:
            return self._request(messages, max_tokens, temperature, stop, False).choices[0].message.content or ""
        except Exception as error:
            raise explain(error, self.settings) from None

    def stream(self, messages: list[Message], *, max_tokens=None, temperature=None, stop=None) -> Iterator[str]:
        """Text deltas as the endpoint sends them."""
        try:
            for event in self._request(messages, max_tokens, temperature, stop, True):
                if event.choices and event.choices[0].delta.content:
                    yield event.choices[0].delta.content
        except Exception as error:
            raise explain(error, self.settings) from None


def explain(error: Exception, settings: LLMSettings) -> LLMError:
    """A Chinese message for what the openai client raised."""
    import openai

    where = settings.base_url or "api.openai.com"
    if isinstance(error, openai.APITimeoutError):
        return LLMError(f"模型服务 {where} 在 {settings.timeout:g} 秒内没有响应。", "请稍后重试，或调大 ASSISTANT_LLM_TIMEOUT。")
    if isinstance(error, openai.APIConnectionError):
        return LLMError(f"无法连接模型服务 {where}。", "请确认服务已启动、地址和端口正确（ASSISTANT_LLM_BASE_URL），网络可达。")
    if isinstance(error, openai.AuthenticationError):
        return LLMError("模型服务拒绝了密钥。", "请检查 ASSISTANT_LLM_API_KEY（或 OPENAI_API_KEY）。")
    if isinstance(error, openai.NotFoundError):
        return LLMError(f"模型服务上没有模型 {settings.model}。", "请检查 ASSISTANT_LLM_MODEL。")
    if isinstance(error, openai.RateLimitError):
        return LLMError("模型服务限流或额度不足。", "请稍后重试，或检查账户额度。")
    if isinstance(error, openai.APIStatusError):
        return LLMError(f"模型服务返回错误 {error.status_code}。", "请检查模型服务的日志和设置。")
    return LLMError(f"调用模型服务出错：{type(error).__name__}。", "请检查模型服务设置。")
