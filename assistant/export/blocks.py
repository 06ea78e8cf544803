"""The body of a draft as blocks: level-1/2/3 headings (with their lead sentence) and paragraphs."""

from __future__ import annotations

import re
from dataclasses import dataclass

_CN = "一二三四五六七八九十"
_LEVELS = (
    (1, re.compile(rf"[{_CN}]{{1,3}}、")),
    (2, re.compile(rf"[（(][{_CN}]{{1,3}}[）)]")),
    # "1." / "1、" but not "1.5亿元" or "12.3%" at the start of a sentence.
    (3, re.compile(r"\d{1,2}\s?[.．、](?![\d.．])")),
)
# A heading ends at the first full stop (a closing quote stays with it); what follows is body text.
_LEAD = re.compile(r"[^。！？!?]*[。！？!?][”’」』]*")
# A level-3 marker whose first sentence is longer than this opens an ordinary paragraph, not a heading.
_MAX_LEVEL3_LEAD = 40
# Whitespace (also the full-width space writers indent with) and Markdown heading marks before a line.
_LINE_PREFIX = re.compile(r"[\s\u3000]*(?:#{1,6}\s*)?")


@dataclass(frozen=True)
class Block:
    """A paragraph of the body: level 0 is plain text; 1-3 are headings, `lead` chars of which are the heading."""

    level: int
    text: str
    start: int  # offset of `text` in the body, so checker offsets map onto it
    lead: int = 0

    @property
    def heading(self) -> str:
        """The heading part of the block ('' for a plain paragraph)."""
        return self.text[: self.lead]

    @property
    def rest(self) -> str:
        """The body text after the heading part."""
        return self.text[self.lead :]


def parse_blocks(body: str, title: str | None = None) -> list[Block]:
    """Split the body into blocks, one per non-empty line; first lines repeating the title are dropped."""
    blocks: list[Block] = []
    offset = 0
    for line in body.split("\n"):
        prefix = _LINE_PREFIX.match(line).end()  # type: ignore[union-attr]  # the pattern matches the empty string
        text = line[prefix:].rstrip()
        if text:
            blocks.append(_classify(text, offset + prefix))
        offset += len(line) + 1
    title_lines = [line.strip() for line in (title or "").split("\n") if line.strip()]
    if title_lines and [b.text for b in blocks[: len(title_lines)]] == title_lines:
        del blocks[: len(title_lines)]
    return blocks


def _classify(text: str, start: int) -> Block:
    """Find the heading level of a line and how much of it is the heading."""
    for level, marker in _LEVELS:
        m = marker.match(text)
        if not m or len(text) == m.end():
            continue
        lead_match = _LEAD.match(text, m.end())
        lead = lead_match.end() if lead_match else len(text)
        if level == 3 and lead - m.end() > _MAX_LEVEL3_LEAD:
            return Block(0, text, start)
        return Block(level, text, start, lead)
    return Block(0, text, start)
