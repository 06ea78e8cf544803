"""The code base passes ruff (rules in pyproject.toml) and mypy: unused imports, undefined names and type errors at the seams slip in unnoticed otherwise."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_ruff_finds_nothing():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "assistant", "app.py", "bench", "tests"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr

