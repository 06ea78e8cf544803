"""Shared fixtures: the real downloaded seeds, loaded once."""

from __future__ import annotations

import re

import pytest

from assistant.documents.loading import load_document
from tests.helpers import SEED_PREFIXES, seed


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
    return seed


@pytest.fixture(scope="session")
def seeds():
    """Parsed seed documents keyed by their number prefix."""
    return {prefix: load_document(seed(prefix)) for prefix in SEED_PREFIXES}
