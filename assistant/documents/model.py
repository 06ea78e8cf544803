"""The records that flow from files to the store: a parsed document and its chunks."""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.figures.model import Figure


@dataclass
class Section:
    """A heading and the text under it, with its children (一、 > （一） > 一是 > 1. > （1）)."""

    heading: str  # display form: the heading words without trailing punctuation
    level: int  # 0 = text before the first heading, 1 = 一、 or an article title, 2 = （一）, 3 = 一是, 4 = 1./1、, 5 = （1）
    text: str = ""  # the text under the heading, children excluded
    kind: str = "其他"
    children: list[Section] = field(default_factory=list)
    start: int = 0  # offset of the heading line in Document.text
    end: int = 0  # offset where the section, children included, ends


@dataclass
class Document:
    """One cleaned, parsed file."""

    source: str  # the path as ingested
    title: str
    text: str  # the cleaned full text
    unit: str | None = None
    year: int | None = None
    period: str | None = None  # 上半年 / 全年 / 1-5月 / 一季度 ...
    doc_type: str | None = None  # 总结 / 计划 / 总结及计划 / 经济运行 ...
    sections: list[Section] = field(default_factory=list)


@dataclass(frozen=True)
class Chunk:
    """A piece of one level-1 section, sized in tokens, ready to embed."""

    text: str
    heading_path: tuple[str, ...]
    section_kind: str
    ordinal: int  # position within the document
    tokens: int
    figures: tuple[Figure, ...] = ()  # stated in the text: name, value, unit, period and yoy
