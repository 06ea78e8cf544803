"""The number guardrail: every number in a text checked against the writer's inputs, deterministically."""

from assistant.guardrails.checker import check, prepare, review
from assistant.guardrails.highlight import highlight
from assistant.guardrails.report import ADVISORY, FLAGGED, STATUS_ZH, STATUSES, Mention, Report

__all__ = ["ADVISORY", "FLAGGED", "STATUSES", "STATUS_ZH", "Mention", "Report", "check", "highlight", "prepare", "review"]
