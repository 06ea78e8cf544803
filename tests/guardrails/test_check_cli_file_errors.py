"""`assistant check` on a file it may not read: a Chinese message and exit code 2, not a traceback."""

from __future__ import annotations

import errno
from pathlib import Path

import typer
from typer.testing import CliRunner

from assistant.cli.check import register

FIGURES = Path(__file__).resolve().parent.parent / "data" / "figures" / "figures_2025h1.csv"


def test_a_text_without_read_permission(tmp_path, monkeypatch):
    app = typer.Typer()
    app.callback()(lambda: None)
    register(app)
    text = tmp_path / "稿件.txt"
    text.write_text("规上工业总产值128.5亿元。", encoding="utf-8")
    real_read_bytes = Path.read_bytes

    def refuse(self):
        if self.name == "稿件.txt":
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    result = CliRunner().invoke(app, ["check", "--figures", str(FIGURES), str(text)])
    assert result.exit_code == 2, result.output
    assert "稿件.txt" in result.output and "权限" in result.output
    assert "Permission denied" not in result.output and "Traceback" not in result.output
