"""Helpers the tests share: a free loopback port, the figures table, and the real seed reports beside the checkout."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "tests" / "artifacts"  # screenshots the browser tests leave for a person to look at
FIGURES_CSV = ROOT / "tests" / "data" / "figures" / "figures_2025h1.csv"
# The Debian Chromium the browser tests drive, and how they start it.
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"]

# Five real downloaded reports live beside the checkout (../shared/seeds), not in it. CI runs with them present,
# so there a missing seed is an error; elsewhere the tests that read them are skipped.
SEEDS = ROOT.parent / "shared" / "seeds"
SEED_PREFIXES = ("000", "001", "002", "003", "004")


def free_port() -> int:
    """A loopback port nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(command: list[str], ready_url: str, name: str, seconds: float = 60) -> Iterator[subprocess.Popen]:
    """A server process (`chroma run`, `llama_cpp.server`) that answers `ready_url` with 200, stopped afterwards.

    The test fails if it does not answer within `seconds`; a server still busy when stopped is killed after 10 s.
    """
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            if httpx.get(ready_url, timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.3)
    else:
        proc.kill()
        pytest.fail(f"{name} did not start within {seconds:.0f} s")
    try:
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:  # still finishing an abandoned long generation
            proc.kill()
            proc.wait()


def seed(prefix: str) -> Path:
    """The seed report whose name starts with `prefix` (000 … 004)."""
    matches = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not matches:
        _missing(f"seed {prefix}")
    return matches[0]


def seeds() -> list[Path]:
    """All five seed reports, in order."""
    return [seed(prefix) for prefix in SEED_PREFIXES]


def _missing(what: str) -> NoReturn:
    """One policy for an absent seed: fail under CI (the seeds are provided there), skip elsewhere."""
    reason = f"{what} not found in {SEEDS} (the real seed reports are kept beside the checkout, in ../shared/seeds)"
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)
