"""The default local model: time to first token and tokens/s on a ~1,500-token prompt, in-process and via a loopback server.

Run: python bench/llm.py [--max-tokens 64]
In-process rows: cold (prompt read in full) and cached (the same fixed prefix again, a new question after it).
Server rows: the same through `python -m llama_cpp.server` and the OpenAI API on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import time

import httpx

from assistant.llm import get_chat_model
from assistant.llm.model_files import bundled_model
from assistant.settings import PROJECT_ROOT, get_settings
from assistant.tokens import count_tokens

CORPUS = PROJECT_ROOT / "corpus" / "qingchuan_2024_summary_2025_plan.md"


def prompt(question: str) -> list[dict]:
    """A system prompt of about 1,400 tokens (a past summary as reference) and a short question."""
    text = CORPUS.read_text(encoding="utf-8")
    system = "你是开发区材料写作助手。以下是参考材料：\n" + text[:1500]
    return [{"role": "system", "content": system}, {"role": "user", "content": question}]


def timed(model, messages, max_tokens: int) -> tuple[float, float, int]:
    """(seconds to first token, generated tokens per second, generated tokens)."""
    started = time.perf_counter()
    first = None
    text = ""
    for delta in model.stream(messages, max_tokens=max_tokens, temperature=0):
        if first is None:
            first = time.perf_counter() - started
        text += delta
    total = time.perf_counter() - started
    tokens = count_tokens(text)
    return first or total, tokens / max(total - (first or 0), 1e-9), tokens


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-tokens", type=int, default=64)
    args = parser.parse_args()
    settings = get_settings(llm={"provider": "local", "base_url": None, "api_key": None})
    rows = []
    started = time.perf_counter()
    local = get_chat_model(settings)
    load_s = time.perf_counter() - started
    first = prompt("请用一句话概括该开发区2024年的招商引资成效。")
    again = prompt("请用一句话概括该开发区2024年的存量盘活做法。")
    print(f"prompt: {count_tokens(first[0]['content']) + count_tokens(first[1]['content'])} tokens (cl100k); model load {load_s:.1f} s")
    rows.append(("in-process, cold", *timed(local, first, args.max_tokens)))
    rows.append(("in-process, prefix cached", *timed(local, again, args.max_tokens)))

    port = free_port()
    path = bundled_model(settings.local.cache_dir)
    server = subprocess.Popen([sys.executable, "-m", "llama_cpp.server", "--model", str(path), "--host", "127.0.0.1", "--port", str(port),
                               "--n_ctx", str(settings.local.context_window), "--n_threads", str(settings.local.threads)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/v1"
        while True:
            try:
                if httpx.get(f"{url}/models", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        remote = get_chat_model(get_settings(llm={"provider": "openai", "base_url": url, "api_key": "local", "model": "local", "timeout": 600}))
        rows.append(("loopback server, cold", *timed(remote, first, args.max_tokens)))
        rows.append(("loopback server, same prefix", *timed(remote, again, args.max_tokens)))
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
    print(f"{'run':<30}{'TTFT s':>8}{'tokens/s':>10}{'tokens':>8}")
    for name, ttft, rate, tokens in rows:
        print(f"{name:<30}{ttft:>8.2f}{rate:>10.1f}{tokens:>8}")


if __name__ == "__main__":
    main()
