"""Where a sentence ends in report text: one home for the rule the checker, the self-check, the leftovers and the
drafting share (a sentence ends at 。！？ or a line end; a statement also at ；, as 公文 lists clauses)."""

from __future__ import annotations

import re

SENTENCE_END = re.compile(r"[。！？!?\n]")
STATEMENT_END = re.compile(r"[。！？!?；;\n]")
_AFTER_STATEMENT = re.compile(r"(?<=[。！？；!?;])|(?<=\n)")


def sentences(text: str) -> list[str]:
    """Split after 。！？； and line ends; the pieces join back to the original text."""
    return [piece for piece in _AFTER_STATEMENT.split(text) if piece]
