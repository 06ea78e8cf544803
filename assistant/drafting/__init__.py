"""Drafting: sections of a 工作总结/工作计划 from the writer's figures, and answers about past practice."""

from __future__ import annotations

# The section kinds a writer can ask for; 重点工作 may carry a theme ("重点工作·招商引资").
SECTION_KINDS = ("总述", "主要经济指标", "重点工作", "存在问题", "工作计划")

# The word that marks a figure nobody could verify: 〔待核实：…〕 (shared by prompts, marking and tests).
PENDING_MARK = "待核实"

__all__ = [
    "PENDING_MARK",
    "SECTION_KINDS",
    "Answer",
    "AnswerDone",
    "Asker",
    "Coverage",
    "Done",
    "DraftRequest",
    "DraftResult",
    "Drafter",
    "NoteUse",
    "Source",
    "Status",
    "TextDelta",
]


def __getattr__(name: str):
    """Load the chain lazily so the constants import without the model and store stack."""
    if name == "Drafter":
        from assistant.drafting.chain import Drafter

        return Drafter
    if name == "Asker":
        from assistant.drafting.ask import Asker

        return Asker
    if name in {"DraftRequest", "DraftResult", "Coverage", "NoteUse", "Answer", "Source", "TextDelta", "Status", "Done", "AnswerDone"}:
        from assistant.drafting import records

        return getattr(records, name)
    raise AttributeError(name)
