"""Talk to the configured model directly, or serve the embedded model over the OpenAI API."""

from __future__ import annotations

import os
import sys

import typer

from assistant.cli import fail, settings_from
from assistant.errors import AssistantError


def chat(ctx: typer.Context, message: str = typer.Argument(..., help="要发送的话")) -> None:
    """向当前配置的模型发一句话，流式显示回答。"""
    from assistant.llm import get_chat_model

    printed = False
    try:
        model = get_chat_model(settings_from(ctx))
        for delta in model.stream([{"role": "user", "content": message}]):
            typer.echo(delta, nl=False)
            printed = True
        typer.echo()
    except AssistantError as error:  # an empty, malformed or broken-off reply too: never exit 0 with nothing
        if printed:
            typer.echo()
        fail(error)


def serve_model(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", help="监听地址；给办公网使用时设为本机网络地址"),
    port: int = typer.Option(8080, help="端口"),
) -> None:
    """用 OpenAI 兼容接口提供本机模型（llama_cpp.server），供多位写作人员共用。"""
    from assistant.llm.model_files import bundled_model

    settings = settings_from(ctx)
    try:
        path = settings.local.path or bundled_model(settings.local.cache_dir)
    except AssistantError as error:
        fail(error)
    typer.echo(f"模型服务：http://{host}:{port}/v1 （客户端设置 ASSISTANT_LLM_BASE_URL=http://{host}:{port}/v1）")
    os.execv(sys.executable, [sys.executable, "-m", "llama_cpp.server", "--model", str(path), "--host", host, "--port", str(port),
                              "--n_ctx", str(settings.local.context_window), "--n_threads", str(settings.local.threads)])


def register(app: typer.Typer) -> None:
    """Add the model commands."""
    app.command()(chat)
    app.command("serve-model")(serve_model)
