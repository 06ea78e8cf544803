"""Errors that carry a message a writer can act on (Chinese), shown only at the CLI/UI boundary."""

from __future__ import annotations


class AssistantError(Exception):
    """Base error: `message` says what went wrong, `hint` says what to do about it."""

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}（{self.hint}）" if self.hint else self.message
