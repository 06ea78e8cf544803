"""A queue of fixed replies that records what it was asked, for tests whose point is a fixed reply."""

from __future__ import annotations

from collections.abc import Iterator

from assistant.llm.base import LLMError, Message, require_text


class FakeChatModel:
    """Replies in the order enqueued; `.history` holds every message list it was given."""

    name = "fake"
    context_window = 8192

    def __init__(self, replies: list[str] | None = None):
        self.replies = list(replies or [])
        self.history: list[list[Message]] = []

    def enqueue(self, *replies: str) -> None:
        """Add replies to the end of the queue."""
        self.replies.extend(replies)

    def complete(self, messages: list[Message], **options) -> str:
        """The next reply; an empty one is a BadReply, as from a real provider."""
        self.history.append([dict(m) for m in messages])
        if not self.replies:
            raise LLMError("测试模型没有预设的回复了。", "请先用 enqueue() 加入回复。")
        return require_text(self.replies.pop(0), self.name)

    def stream(self, messages: list[Message], **options) -> Iterator[str]:
        """The next reply in pieces of a few characters."""
        reply = self.complete(messages, **options)
        for i in range(0, len(reply), 7):
            yield reply[i : i + 7]
