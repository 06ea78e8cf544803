"""Shared fixtures: the real downloaded seeds, loaded once."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.documents.loading import load_document

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


def _seed_path(prefix: str) -> Path:
    """The seed file whose name starts with `prefix` (000 … 004)."""
    matches = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not matches:
        pytest.skip(f"seed {prefix} not available at {SEEDS}")
    return matches[0]


def _squeeze(text: str) -> str:
    """Text without whitespace, so line splits at headings do not matter."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="session")
def squeeze():
    """The whitespace-removing comparison helper."""
    return _squeeze


@pytest.fixture(scope="session")
def seed_path():
    """Finds a seed file by its number prefix."""
    return _seed_path


@pytest.fixture(scope="session")
def seeds():
    """Parsed seed documents keyed by their number prefix."""
    return {prefix: load_document(_seed_path(prefix)) for prefix in ("000", "001", "002", "003", "004")}
