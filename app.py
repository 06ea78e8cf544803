"""Start the writer's web app: `python app.py` (settings from ASSISTANT_* variables)."""

from __future__ import annotations

import sys

from assistant.errors import AssistantError
from assistant.settings import get_settings


def main() -> None:
    """Build the services, ingest the corpus on a fresh store and resume interrupted ingests, serve the app."""
    from assistant.llm import get_chat_model
    from assistant.store.knowledge_base import KnowledgeBase
    from assistant.ui import create_app, ingest_on_start, launch_options

    settings = get_settings()
    try:
        options = launch_options(settings)
        kb = KnowledgeBase(settings)
        model = get_chat_model(settings)
    except AssistantError as error:
        sys.exit(f"无法启动：{error}")
    ingest_on_start(settings, kb)
    create_app(settings, kb=kb, model=model).queue().launch(**options)


if __name__ == "__main__":
    main()
