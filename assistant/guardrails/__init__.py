"""The number guardrail: every number in a text checked against the writer's inputs, deterministically.

review() is the verdict a writer is shown (review_draft() for a draft made here, with the writer's inputs);
check_numbers() is its numbers-only part, for the drafting's repair loops."""

from assistant.guardrails.checker import check_numbers, prepare, review, review_draft
from assistant.guardrails.highlight import highlight
from assistant.guardrails.report import ADVISORY, FLAGGED, STATUS_ZH, STATUSES, Mention, Report

__all__ = ["ADVISORY", "FLAGGED", "STATUSES", "STATUS_ZH", "Mention", "Report", "check_numbers", "highlight", "prepare", "review", "review_draft"]
