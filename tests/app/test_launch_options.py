"""How the app binds: its own ASSISTANT_APP__* variables, and Gradio's GRADIO_SERVER_* ones that users set by habit."""

from __future__ import annotations

from assistant.settings import get_settings
from assistant.ui import launch_options


def test_gradio_server_name_and_port_are_honoured(monkeypatch):
    monkeypatch.setenv("GRADIO_SERVER_NAME", "0.0.0.0")
    monkeypatch.setenv("GRADIO_SERVER_PORT", "7999")
    monkeypatch.setenv("ASSISTANT_APP__USERNAME", "writer")
    monkeypatch.setenv("ASSISTANT_APP__PASSWORD", "secret")
    options = launch_options(get_settings())
    assert (options["server_name"], options["server_port"]) == ("0.0.0.0", 7999)
    monkeypatch.setenv("ASSISTANT_APP__PORT", "8100")  # the app's own variable wins over Gradio's
    assert launch_options(get_settings())["server_port"] == 8100
