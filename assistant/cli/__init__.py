"""The `assistant` command line: one Typer app, commands registered by topic modules."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import NoReturn

import typer
from rich.console import Console

from assistant.errors import AssistantError
from assistant.settings import Settings, get_settings

# Each module defines `register(app)`; kept in the order `assistant --help` lists them.
COMMAND_MODULES = ("kb", "draft", "check", "chat")

err_console = Console(stderr=True)


def settings_from(ctx: typer.Context) -> Settings:
    """The settings the global options built for this invocation."""
    return ctx.find_root().obj


def fail(error: AssistantError, code: int = 2) -> NoReturn:
    """Print a readable error (no traceback) and exit."""
    err_console.print(f"[red]错误：[/red]{error.message}")
    if error.hint:
        err_console.print(f"[yellow]建议：[/yellow]{error.hint}")
    raise typer.Exit(code)


def build_app() -> typer.Typer:
    """Assemble the Typer app from the command modules."""
    app = typer.Typer(help="工作总结与工作计划起草助手", no_args_is_help=True, add_completion=False)

    @app.callback()
    def _root(
        ctx: typer.Context,
        store: Path | None = typer.Option(None, "--store", help="素材库目录（默认见 README）"),
    ) -> None:
        overrides = {"store": store} if store else {}
        ctx.obj = get_settings(**overrides)

    for name in COMMAND_MODULES:
        importlib.import_module(f"assistant.cli.{name}").register(app)
    return app


def main() -> None:
    """Console-script entry point."""
    try:
        build_app()(prog_name="assistant")
    except AssistantError as error:  # raised outside a command's own handling
        err_console.print(f"错误：{error}")
        sys.exit(2)
