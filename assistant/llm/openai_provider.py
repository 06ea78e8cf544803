"""Any OpenAI-compatible endpoint (DeepSeek, DashScope, 智谱, Moonshot, vLLM, Ollama, llama.cpp server …)."""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Iterator

from assistant.llm.base import BadReply, LLMError, Message, require_text
from assistant.llm.deadline import Deadline, DeadlinePassed, within
from assistant.settings import LLMSettings

RETRY_STATUSES = {408, 409, 429}  # and every 5xx: worth another attempt while the deadline allows
MAX_PAUSE = 8.0  # seconds, the longest wait between attempts


class OpenAIChat:
    """Chat completions over HTTP; a call, its retries and its whole streamed reply end by `settings.timeout`."""

    def __init__(self, settings: LLMSettings):
        from openai import OpenAI

        self.settings = settings
        self.where = settings.base_url or "api.openai.com"
        self.name = f"{settings.model} @ {self.where}"
        self.context_window = settings.context_window
        # The client's own retries would give every attempt the whole timeout again (120 s became 363 s); ours share one deadline.
        self._client = OpenAI(base_url=settings.base_url, api_key=settings.api_key or "none", timeout=settings.timeout, max_retries=0)

    def complete(self, messages: list[Message], *, max_tokens=None, temperature=None, stop=None) -> str:
        """The whole reply."""
        deadline = Deadline(self.settings.timeout)
        request = self._request(messages, max_tokens, temperature, stop)
        try:
            [text] = within(deadline, lambda: [self._reply(request, deadline)])
        except DeadlinePassed:
            raise late(self.settings, 0) from None
        except LLMError:
            raise
        except Exception as error:
            raise explain(error, self.settings) from None
        return text

    def stream(self, messages: list[Message], *, max_tokens=None, temperature=None, stop=None) -> Iterator[str]:
        """Text deltas as the endpoint sends them."""
        deadline = Deadline(self.settings.timeout)
        request = self._request(messages, max_tokens, temperature, stop)
        received = 0
        try:
            for delta in within(deadline, lambda: self._deltas(request, deadline)):
                received += len(delta)
                yield delta
        except DeadlinePassed:
            raise late(self.settings, received) from None
        except LLMError:
            raise
        except Exception as error:
            raise explain(error, self.settings) from None

    def _request(self, messages, max_tokens, temperature, stop) -> dict:
        """The body fields of one chat completion request."""
        return {
            "model": self.settings.model, "messages": messages, "stop": stop,
            "max_tokens": max_tokens or self.settings.max_output_tokens,
            "temperature": self.settings.temperature if temperature is None else temperature,
        }

    def _send(self, request: dict, deadline: Deadline, stream: bool):
        """The raw HTTP response; connection failures, 429 and 5xx are retried while the deadline allows."""
        import openai

        for attempt in itertools.count():
            if deadline.passed():
                raise DeadlinePassed
            try:
                return self._client.chat.completions.with_raw_response.create(**request, stream=stream, timeout=deadline.remaining())
            except openai.APIError as error:
                pause = retry_pause(error, attempt, self.settings.max_retries)
                if pause is None or pause >= deadline.remaining():
                    raise explain(error, self.settings) from None
                time.sleep(pause)

    def _reply(self, request: dict, deadline: Deadline) -> str:
        """The text of one non-streamed reply (run in the call's worker thread)."""
        raw = self._send(request, deadline, stream=False)
        try:
            body = raw.http_response.json()
        except ValueError:
            raise malformed("不是 JSON") from None
        return require_text(completion_text(body), "模型服务")

    def _deltas(self, request: dict, deadline: Deadline) -> Iterator[str]:
        """The text deltas of one streamed reply (run in the call's worker thread); a reply that is no stream, breaks off or holds no text is an error."""
        import openai

        raw = self._send(request, deadline, stream=True)
        if any(kind in raw.http_response.headers.get("content-type", "") for kind in ("json", "html")):
            raise not_a_stream(raw.http_response)
        text, finished = "", False
        with raw.parse() as events:
            try:
                for event in events:
                    delta, finish = chunk_parts(event)
                    finished = finished or bool(finish)
                    if delta:
                        text += delta
                        yield delta
            except openai.APIConnectionError:  # also a read timeout: the stream broke after it began
                raise self._cut(len(text)) from None
            except openai.APIError as error:  # an error event inside the stream
                raise BadReply(f"模型服务在回复中报告了错误：{error.message.rstrip('。.')}。", "请稍后重试；如果反复出现，请检查模型服务的日志。") from None
            except ValueError:
                raise malformed("流式数据不是 JSON") from None
        if not finished:  # the body ended cleanly, but the reply never said it was done
            raise self._cut(len(text))
        require_text(text, "模型服务")

    def _cut(self, received: int) -> BadReply:
        """The error for a stream that broke off before the reply was done."""
        return BadReply(f"模型服务 {self.where} 在回复中途断开（已收到 {received} 字）。",
                        "请重试；如果反复出现，请检查模型服务或中间代理（如 nginx）的日志和超时设置。")


def late(settings: LLMSettings, received: int = 0) -> LLMError:
    """The error for a call that ran past its deadline, saying how much of the reply had arrived."""
    where = settings.base_url or "api.openai.com"
    if received:
        message = f"模型服务 {where} 在 {settings.timeout:g} 秒内没有答完（已收到 {received} 字）。"
    else:
        message = f"模型服务 {where} 在 {settings.timeout:g} 秒内没有响应。"
    return LLMError(message, "请稍后重试，或调大 ASSISTANT_LLM_TIMEOUT（一次调用的总时长，含重试和流式输出）。")


def retry_pause(error: Exception, attempt: int, max_retries: int) -> float | None:
    """Seconds to wait before another attempt after `error`, or None when it is not worth one."""
    import openai

    if attempt >= max_retries or isinstance(error, openai.APITimeoutError):  # a timeout has used the deadline up
        return None
    if isinstance(error, openai.APIStatusError):
        if error.status_code not in RETRY_STATUSES and error.status_code < 500:
            return None
        after = error.response.headers.get("retry-after", "")
        if after.replace(".", "", 1).isdigit():
            return float(after)
    elif not isinstance(error, openai.APIConnectionError):
        return None
    return min(0.5 * 2**attempt, MAX_PAUSE)


def chunk_parts(event) -> tuple[str, str | None]:
    """The text delta and finish reason of one stream chunk ("" and None for a chunk without choices)."""
    choices = getattr(event, "choices", None)
    if not choices:
        return "", None
    choice = choices[0]
    content = getattr(getattr(choice, "delta", None), "content", None)
    if content is not None and not isinstance(content, str):
        raise malformed("流式数据里的文字不是字符串")
    return content or "", getattr(choice, "finish_reason", None)


def completion_text(body) -> str:
    """The text of a chat completion body; an error body, or anything else, is a BadReply."""
    error = gateway_error(body)
    if error:
        raise error
    try:
        content = body["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError):
        raise malformed("没有 choices[0].message") from None
    if content is not None and not isinstance(content, str):
        raise malformed("message.content 不是字符串")
    return content or ""


def not_a_stream(response) -> BadReply:
    """The error for a JSON or HTML body sent where a stream was asked for (gateways answer errors so, even with status 200)."""
    try:
        body = json.loads(response.read())
    except ValueError:
        return malformed(f"收到的是 {response.headers.get('content-type', '').split(';')[0]}，不是流式数据")
    finally:
        response.close()
    return gateway_error(body) or BadReply("模型服务没有按流式格式回复（收到的是一次性的 JSON）。",
                    "请确认 ASSISTANT_LLM_BASE_URL 指向的服务或网关支持流式输出（stream=true）。")


def gateway_error(body) -> BadReply | None:
    """The error an {"error": …} body reports (some gateways send one with status 200), or None for any other body."""
    error = body.get("error") if isinstance(body, dict) else None
    if not error:
        return None
    message = str(error.get("message") or error) if isinstance(error, dict) else str(error)
    return BadReply(f"模型服务返回了错误而不是回复：{message.rstrip('。.')}。", "请检查模型服务的日志、模型名（ASSISTANT_LLM_MODEL）和账户额度。")


def malformed(what: str) -> BadReply:
    """The error for a reply that is not a chat completion."""
    return BadReply(f"模型服务的回复格式不对（{what}），无法读出文字。", "请确认 ASSISTANT_LLM_BASE_URL 指向 OpenAI 兼容接口（通常以 /v1 结尾）。")


def explain(error: Exception, settings: LLMSettings) -> LLMError:
    """A Chinese message for what the openai client raised."""
    import openai

    where = settings.base_url or "api.openai.com"
    if isinstance(error, openai.APITimeoutError):
        return late(settings)
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
