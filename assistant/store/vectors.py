"""The Chroma collection: embedded PersistentClient by default, HttpClient against a Chroma server when configured."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from assistant.errors import AssistantError
from assistant.settings import Settings

if TYPE_CHECKING:
    from chromadb import Collection
    from chromadb.api.types import Include

MODEL_KEY = "embedding_model"
# Rows per get(): embedded Chroma binds one SQLite variable per row and SQLite stops near 32k ("too many SQL variables").
PAGE = 5000
NO_ID = "no-such-chunk"  # chunk ids are 32 hex digits, so this one is never stored


def open_collection(settings: Settings, embedding_model: str) -> tuple[Collection, int]:
    """The chunk collection, created on first use and bound to one embedding model, and the rows one write may carry."""
    import chromadb

    chroma = settings.chroma
    try:
        if chroma.host:
            client = chromadb.HttpClient(host=chroma.host, port=chroma.port, ssl=chroma.ssl)
            client.heartbeat()
        else:
            path = settings.store / "chroma"
            path.mkdir(parents=True, exist_ok=True)
            client = chromadb.PersistentClient(path=str(path))
        # Vectors always come from our embedder, so the collection has no embedding function of its own.
        collection = client.get_or_create_collection(
            chroma.collection,
            metadata={MODEL_KEY: embedding_model},
            configuration={"hnsw": {"space": "cosine"}},
            embedding_function=None,
        )
        max_batch = client.get_max_batch_size()  # 5,461 rows for embedded Chroma 1.5
    except AssistantError:
        raise
    except Exception as error:
        where = f"Chroma 服务 {chroma.host}:{chroma.port}" if chroma.host else f"素材库 {settings.store}"
        raise AssistantError(f"无法打开{where}：{type(error).__name__}: {error}", "请确认 Chroma 服务已启动、地址端口正确，或素材库目录可读写。") from None
    stored = (collection.metadata or {}).get(MODEL_KEY)
    if stored != embedding_model:
        raise AssistantError(
            f"素材库是用嵌入模型 {stored} 建立的，当前设置的是 {embedding_model}。",
            "请改回原来的嵌入模型，或换一个新的素材库目录（--store）重新导入。",
        )
    return collection, max_batch


def write_rows(collection: Collection, max_batch: int, ids: list[str], embeddings: list[list[float]],
               documents: list[str], metadatas: list[dict]) -> None:
    """Upsert rows in slices the client accepts; a document cut off part way is removed by the next open's repair."""
    for start in range(0, len(ids), max_batch):
        end = start + max_batch
        # chromadb types these parameters as List[...] of its own aliases, so (lists being invariant) our
        # list[list[float]] and list[dict] do not match though they are exactly what it accepts
        collection.upsert(ids=ids[start:end], embeddings=embeddings[start:end],  # type: ignore[arg-type]  # List invariance, see above
                          documents=documents[start:end], metadatas=metadatas[start:end])  # type: ignore[arg-type]  # as above


def delete_rows(collection: Collection, max_batch: int, ids: list[str]) -> None:
    """Delete rows in slices the client accepts."""
    for start in range(0, len(ids), max_batch):
        collection.delete(ids=ids[start : start + max_batch])


def catch_up(collection: Collection) -> None:
    """Make rows another process wrote searchable here.

    Embedded Chroma lists them at once (SQLite) but applies the shared write log to this process's vector index
    only when this process writes; deleting an id that never exists is a write that changes nothing.
    """
    collection.delete(ids=[NO_ID])


def get_all(collection: Collection, *, include: Include, where: dict | None = None, ids: list[str] | None = None) -> dict:
    """collection.get() in pages, so a store of any size can be read whole; keys ids plus `include`."""
    out: dict[str, list] = {"ids": [], **{key: [] for key in include}}

    def take(page: Mapping[str, Any]) -> int:
        for key in out:
            out[key].extend(page[key])
        return len(page["ids"])

    if ids is not None:
        for start in range(0, len(ids), PAGE):
            take(collection.get(ids=ids[start : start + PAGE], include=include))
        return out
    offset = 0
    while take(collection.get(where=where, include=include, limit=PAGE, offset=offset)) == PAGE:
        offset += PAGE
    return out
