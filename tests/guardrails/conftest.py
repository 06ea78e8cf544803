"""Shared inputs for the guardrail tests: the 2025 first-half figure set used across the project's tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.figures import FigureSet, load_figures

DATA = Path(__file__).resolve().parent.parent / "data" / "figures"


@pytest.fixture(scope="session")
def figures() -> FigureSet:
    """Figures and notes of 青川经济开发区, 2025 1-6月."""
    return load_figures(DATA / "figures_2025h1.json")
