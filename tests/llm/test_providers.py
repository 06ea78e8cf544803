"""Providers for real: the bundled model in-process, and through a llama_cpp.server on loopback."""

from __future__ import annotations

import sys
import time

import pytest

from assistant.llm import get_chat_model, provider_of
from assistant.llm.base import LLMError
from assistant.llm.model_files import bundled_model
from assistant.settings import get_settings
from tests.fakes import FakeChatModel
from tests.helpers import free_port, serving

HELLO = [{"role": "user", "content": "只回答一个字：好"}]


def test_fake_replies_in_order_and_records_questions():
    model = FakeChatModel(["一"])
    model.enqueue("二三四五六七八九十")
    assert model.complete(HELLO) == "一"
    assert "".join(model.stream(HELLO)) == "二三四五六七八九十"
    assert model.history == [HELLO, HELLO]
    with pytest.raises(LLMError):
        model.complete(HELLO)


def test_auto_picks_openai_only_when_configured(monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    assert provider_of(get_settings()) == "local"
    assert provider_of(get_settings(llm={"base_url": "http://127.0.0.1:9/v1"})) == "openai"


def test_assembly_refuses_a_hash_mismatch(tmp_path):
    parts = [tmp_path / "p1", tmp_path / "p2"]
    parts[0].write_bytes(b"abc")
    parts[1].write_bytes(b"def")
    with pytest.raises(LLMError, match="校验失败"):
        bundled_model(tmp_path / "cache", parts=parts, size=6, sha256="0" * 64)
    assert not list((tmp_path / "cache").iterdir())  # nothing half-written is left behind
    import hashlib

    good = hashlib.sha256(b"abcdef").hexdigest()
    path = bundled_model(tmp_path / "cache", parts=parts, size=6, sha256=good)
    assert path.read_bytes() == b"abcdef"
    parts[0].unlink()  # verified once: the parts are not read again
    assert bundled_model(tmp_path / "cache", parts=parts, size=6, sha256=good) == path


def test_missing_or_corrupt_model_file_is_a_clear_error(tmp_path):
    with pytest.raises(LLMError, match="找不到模型文件"):
        get_chat_model(get_settings(llm={"provider": "local"}, local={"path": tmp_path / "none.gguf"}))
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(b"GGUF" + b"\0" * 64)
    with pytest.raises(LLMError, match="无法加载模型文件"):
        get_chat_model(get_settings(llm={"provider": "local"}, local={"path": broken}))


@pytest.fixture(scope="module")
def local_model():
    return get_chat_model(get_settings(llm={"provider": "local", "base_url": None, "api_key": None}))


def test_local_model_answers_in_process(local_model):
    text = local_model.complete(HELLO, max_tokens=8, temperature=0)
    assert text.strip()
    pieces = list(local_model.stream(HELLO, max_tokens=8, temperature=0))
    assert len(pieces) >= 1 and "".join(pieces).strip()


def test_prompt_longer_than_the_local_window_is_a_clear_error(local_model):
    too_long = [{"role": "user", "content": "开发区工作总结。" * (local_model.context_window // 2)}]
    with pytest.raises(LLMError, match="上下文"):
        local_model.complete(too_long, max_tokens=8)
    with pytest.raises(LLMError, match="上下文"):
        list(local_model.stream(too_long, max_tokens=8))
    assert local_model.complete(HELLO, max_tokens=4, temperature=0)  # the model still answers afterwards


def test_prompt_cache_counts_what_it_holds_and_restores_prefixes(local_model):
    from assistant.llm.prompt_cache import state_bytes

    cache = local_model._llama.cache
    ask = lambda text: local_model.complete(  # noqa: E731
        [{"role": "system", "content": "你是开发区办公室的写作助手。"}, {"role": "user", "content": text}], max_tokens=12, temperature=0)
    first = ask("用一句话说明什么是工作总结。")
    ask("用一句话说明什么是工作计划。")  # the context now holds another prompt
    assert ask("用一句话说明什么是工作总结。") == first  # restored from the cache, then decoded on
    states = list(cache.cache_state.values())
    assert states and all(s.scores.nbytes < 1 << 20 for s in states)  # no copied logits buffer (61 MB for 100 tokens)
    assert cache.cache_size == sum(state_bytes(s) for s in states) <= cache.capacity_bytes


@pytest.fixture(scope="module")
def server(local_model):
    port = free_port()
    path = bundled_model(get_settings().local.cache_dir)
    command = [sys.executable, "-m", "llama_cpp.server", "--model", str(path), "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "1024"]
    with serving(command, f"http://127.0.0.1:{port}/v1/models", "llama_cpp.server", seconds=120):
        yield f"http://127.0.0.1:{port}/v1"


def openai_settings(url: str, **llm):
    return get_settings(llm={"provider": "openai", "base_url": url, "api_key": "local", "model": "local", **llm})


def test_openai_provider_against_a_loopback_server(server):
    model = get_chat_model(openai_settings(server))
    assert model.complete(HELLO, max_tokens=8, temperature=0).strip()
    assert "".join(model.stream(HELLO, max_tokens=8, temperature=0)).strip()


def test_timeout_is_a_clear_error_within_the_limit(server):
    model = get_chat_model(openai_settings(server, timeout=0.5, max_retries=0))
    started = time.time()
    with pytest.raises(LLMError, match="没有响应"):
        model.complete([{"role": "user", "content": "写一篇三千字的文章。"}], max_tokens=400)
    assert time.time() - started < 10


def test_refused_connection_is_a_clear_error():
    model = get_chat_model(openai_settings(f"http://127.0.0.1:{free_port()}/v1", max_retries=0))
    with pytest.raises(LLMError, match="无法连接"):
        model.complete(HELLO)
