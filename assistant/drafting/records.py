"""Requests, streamed events and results of drafting and asking."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assistant.figures import FigureSet
from assistant.guardrails import Report


@dataclass
class DraftRequest:
    """What to draft: the writer's figures, the unit and period, and one section kind or a whole document."""

    figures: FigureSet | dict[str, Any] | list[Any]  # a FigureSet, or what figure_set_from() reads into one
    unit: str | None = None
    period: str | None = None
    section: str | None = None
    whole_document: bool = False
    materials: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Source:
    """A past document passage the draft or answer drew on."""

    source: str
    title: str
    heading_path: tuple[str, ...] = ()

    @property
    def citation(self) -> str:
        """《title》 一、… > （一）…"""
        path = " > ".join(self.heading_path)
        return f"《{self.title}》 {path}".strip()


@dataclass(frozen=True)
class NoteUse:
    """What became of one of the writer's notes: the section it went into, whether it is in the text, and how or why not (Chinese)."""

    note: str
    section: str
    used: bool
    how: str


@dataclass
class Coverage:
    """Every note the writer gave, used or left out with the reason, so the page can say which never made it."""

    notes: list[NoteUse] = field(default_factory=list)

    @property
    def used(self) -> list[NoteUse]:
        """The notes whose facts are in the text."""
        return [n for n in self.notes if n.used]

    @property
    def left_out(self) -> list[NoteUse]:
        """The notes the text does not carry, each with its reason."""
        return [n for n in self.notes if not n.used]

    @property
    def share(self) -> float:
        """Share of notes used (1.0 when there were none)."""
        return len(self.used) / len(self.notes) if self.notes else 1.0


@dataclass
class DraftResult:
    """A finished draft: text, sections, the number check of the final text, sources, pending items."""

    text: str
    sections: list[tuple[str, str]]
    report: Report  # check_numbers() against `inputs`: the numbers only; what a writer is shown comes from review()
    sources: list[Source]
    pending: list[str]
    rounds: int
    inputs: FigureSet | None = None  # the FigureSet the text was checked against: the writer's, plus last period's values and the materials
    coverage: Coverage = field(default_factory=Coverage)  # which notes the text carries, and which it left out and why


@dataclass(frozen=True)
class TextDelta:
    """A piece of draft text as it is written."""

    text: str


@dataclass(frozen=True)
class Status:
    """A progress message for the writer (Chinese)."""

    message: str


@dataclass(frozen=True)
class Done:
    """The last event of a draft stream."""

    result: DraftResult


@dataclass
class Answer:
    """An answer about past practice with the sources its citations [n] point to."""

    text: str
    sources: list[Source]
    found: bool


@dataclass(frozen=True)
class AnswerDone:
    """The last event of an answer stream."""

    answer: Answer
