"""Headings of a cleaned text (also those glued inside long lines) and the section tree they span."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from assistant.documents.model import Section

CN_DIGITS = "一二三四五六七八九十"
_CN_VALUE = {c: i for i, c in enumerate(CN_DIGITS, start=1)}

# Heading markers by rank: 1 一、  2 （一）  3 一是  4 1. / 1、  5 （1）
_MARKER = re.compile(
    rf"(?P<l1>[{CN_DIGITS}]{{1,3}}、)"
    rf"|(?P<l2>[（(][{CN_DIGITS}]{{1,3}}[）)])"
    rf"|(?P<l3>[{CN_DIGITS}]{{1,2}}是)"
    r"|(?P<l4>\d{1,2} ?[.．、](?![\d.．]))"
    r"|(?P<l5>[（(]\d{1,2}[）)])"
)
_RANK = {"l1": 1, "l2": 2, "l3": 3, "l4": 4, "l5": 5}
# What may follow a marker: the start of a heading's words, not a digit or another numeral.
_HEADING_START = re.compile(r"[\u4e00-\u9fff“\"‘《A-Za-z]")
_TERMINAL = "。！？；;!?：:"
_CLOSERS = "”’」』"
_NOT_BEFORE = set("第(（、.．-—") | set(CN_DIGITS) | set("0123456789")

_UNIT_WORD = (
    r"(?:经济技术开发区|高新技术产业开发区|经济开发区|高新区|经开区|开发区|工业园区|产业园区|工业园|园区|新区|管委会|示范区)"
)
_YEAR = r"(?:20\d{2}|[xX]{4}|[二〇零一三四五六七八九]{4})"
_TYPE_WORD = r"(?:总结|计划|安排|思路|打算|谋划|规划|要点)"
# An article title inside the text: unit + year + period + 总结/计划 (the files often hold several articles).
_TITLE_ONE = (
    rf"[\u4e00-\u9fffA-Za-z*＊]{{0,16}}?{_UNIT_WORD}{_YEAR}年度?(?:上半年|下半年|前三季度|[一二三四]季度)?(?:工作)?{_TYPE_WORD}"
    rf"(?:[及和暨与、]?(?:{_YEAR}年度?|下半年|明年)?(?:工作)?{_TYPE_WORD})*(?:范文)?"
)
_TITLE_ONE_RE = re.compile(_TITLE_ONE)
# A title inside a line must be followed by what opens a report (or the line end), so a sentence like
# "园区2023年工作计划已印发" is not taken for one.
_TITLE_RUN = re.compile(
    rf"(?:^|(?<=[。！？；!?; ]))(?:{_TITLE_ONE})+(?=$|\s|今年|一年来|近年来|去年|\d{{4}}年|[{CN_DIGITS}]、)", re.M
)
# Words a level-1 heading usually ends with; used when nothing else marks where the heading stops.
_HEADING_TAIL = re.compile(r"(?:情况|问题|不足|计划|打算|安排|思路|谋划|重点|建议|成效|做法|总结|规划|分析|指标|目标|任务|要点)")


@dataclass(frozen=True)
class HeadingLine:
    """A heading found at the start of a line of the split text."""

    rank: int
    heading: str  # display form, trailing punctuation removed
    start: int  # offset of the line in the text
    body: int  # offset where the text under the heading begins


def split_headings(text: str) -> str:
    """Put every heading (also those glued inside long lines) and article title at the start of its own line."""
    out: list[str] = []
    state = _Sequence()
    for line in text.split("\n"):
        line = _split_titles(line)
        for part in line.split("\n"):
            out.extend(_split_line(part, state))
    return "\n".join(_drop_title_lists(p for p in (s.strip() for s in out) if p))


def _split_titles(line: str) -> str:
    """Break a line before each embedded article title."""
    pieces: list[str] = []
    last = 0
    for run in _TITLE_RUN.finditer(line):
        pieces.append(line[last : run.start()])
        pieces.extend(m.group(0) for m in _TITLE_ONE_RE.finditer(run.group(0)))
        last = run.end()
    if not pieces:
        return line
    pieces.append(line[last:])
    return "\n".join(p for p in pieces if p.strip())


class _Sequence:
    """The numbering seen so far, so a marker that continues it may split even without punctuation before it."""

    def __init__(self) -> None:
        self.last = {1: 0, 2: 0, 4: 0}

    def expected(self, rank: int, value: int) -> bool:
        return rank in self.last and (value == self.last[rank] + 1 or (value == 1 and rank > 1))

    def seen(self, rank: int, value: int) -> None:
        if rank in self.last:
            self.last[rank] = value
        for deeper in self.last:
            if deeper > rank:
                self.last[deeper] = 0

    def reset(self) -> None:
        self.last = {1: 0, 2: 0, 4: 0}


def _split_line(line: str, state: _Sequence) -> list[str]:
    """Split one line before the headings glued into it."""
    if _TITLE_ONE_RE.fullmatch(line.strip()):
        state.reset()
        return [line]
    cuts: list[int] = []
    for match in _MARKER.finditer(line):
        kind = match.lastgroup
        rank = _RANK[kind or ""]  # every alternative of _MARKER is a named group
        start = match.start()
        after = line[match.end() : match.end() + 1]
        if not _starts_heading(after, rank):
            continue
        before = line[:start].rstrip(" ")
        prev = before[-1:] if before else ""
        if prev in _NOT_BEFORE and start > 0:
            continue
        value = _marker_value(match.group(0))
        clean_break = start == 0 or prev == "" or prev in _TERMINAL or prev in _CLOSERS or line[start - 1] == " "
        if not clean_break and not (rank != 3 and state.expected(rank, value)):
            continue
        if rank == 3 and not clean_break:
            continue
        state.seen(rank, value)
        if start > 0:
            cuts.append(start)
    if not cuts:
        return [line]
    bounds = [0, *cuts, len(line)]
    return [line[a:b] for a, b in itertools.pairwise(bounds)]


def _starts_heading(after: str, rank: int) -> bool:
    """True when the character after a marker can begin heading words."""
    if not after:
        return False
    if _HEADING_START.match(after):
        return True
    return (after.isdigit() and rank in (1, 2)) or (after == " " and rank != 4)


def _marker_value(marker: str) -> int:
    """The number a heading marker carries (一、 -> 1, （3） -> 3)."""
    digits = re.sub(r"\D", "", marker)
    if digits:
        return int(digits)
    numerals = "".join(c for c in marker if c in _CN_VALUE)
    if len(numerals) == 1:
        return _CN_VALUE[numerals]
    if numerals.startswith("十"):
        return 10 + _CN_VALUE.get(numerals[1:2], 0)
    tens = _CN_VALUE.get(numerals[0], 0) * 10
    return tens + (_CN_VALUE.get(numerals[2:3], 0) if len(numerals) > 2 else 0)


def _drop_title_lists(lines) -> list[str]:
    """Of consecutive article-title lines (a file's table of contents), keep only the last."""
    out: list[str] = []
    for line in lines:
        if out and _TITLE_ONE_RE.fullmatch(line) and _TITLE_ONE_RE.fullmatch(out[-1]):
            out[-1] = line
        else:
            out.append(line)
    return out


def is_title_line(line: str) -> bool:
    """True for a line that is a whole article title."""
    return bool(_TITLE_ONE_RE.fullmatch(line.strip()))


def heading_of(line: str) -> tuple[int, str, int] | None:
    """(rank, display heading, length of the heading in the line) when the line opens with a heading."""
    if is_title_line(line):
        return 1, line.strip(), len(line)
    match = _MARKER.match(line)
    if not match:
        return None
    rank = _RANK[match.lastgroup or ""]
    if not _starts_heading(line[match.end() : match.end() + 1], rank):
        return None
    end = _heading_end(line, match.end(), rank)
    display = line[:end].strip().rstrip("。；;，,：:").strip()
    if end == match.end():
        display = _short_label(line, match.end())
    return rank, display, end


def _short_label(line: str, marker_end: int) -> str:
    """A display heading for an item without heading words: its marker and first clause, shortened."""
    clause = re.split(r"[，,。；;：:]", line[marker_end:], maxsplit=1)[0]
    words = clause if len(clause) <= 16 else clause[:16] + "…"
    return line[:marker_end].strip() + words


def _heading_end(line: str, marker_end: int, rank: int) -> int:
    """Where the heading words stop in a heading line (the rest is body text)."""
    limit = {1: 40, 2: 45, 3: 40, 4: 40, 5: 40}[rank]
    sentence = re.compile(r"[。！？；;!?]|(?<=[\u4e00-\u9fff”]) (?=\S)")
    stop = sentence.search(line, marker_end)
    if stop and stop.start() - marker_end <= limit:
        return stop.end()
    if stop is None and len(line) - marker_end <= limit:
        return len(line)
    if rank == 1:
        window = line[marker_end : marker_end + limit]
        cut = re.search(r"[，,：:]", window)
        region = window[: cut.start()] if cut else window
        tails = list(_HEADING_TAIL.finditer(region))
        if tails:
            return marker_end + tails[-1].end()
        if cut:
            return marker_end + cut.start()
    if rank == 2:
        cut = re.search(r"[，,]", line[marker_end : marker_end + 30])
        if cut:
            return marker_end + cut.start()
    return marker_end


def find_headings(text: str) -> list[HeadingLine]:
    """The heading lines of a split text, in order."""
    found: list[HeadingLine] = []
    offset = 0
    for line in text.split("\n"):
        head = heading_of(line)
        if head:
            rank, display, length = head
            found.append(HeadingLine(rank, display, offset, offset + length))
        offset += len(line) + 1
    return found


def build_tree(text: str) -> list[Section]:
    """Nest the headings of `text` into sections; a level-0 section holds the text before the first heading."""
    roots: list[Section] = []
    stack: list[Section] = []
    headings = find_headings(text)
    first = headings[0].start if headings else len(text)
    if text[:first].strip():
        roots.append(Section("", 0, text[:first].strip(), start=0, end=first))
    for i, head in enumerate(headings):
        own_end = headings[i + 1].start if i + 1 < len(headings) else len(text)
        section = Section(head.heading, head.rank, text[head.body : own_end].strip(), start=head.start, end=own_end)
        while stack and stack[-1].level >= head.rank:
            stack.pop()
        (stack[-1].children if stack else roots).append(section)
        stack.append(section)
    for root in roots:
        _close_spans(root)
    return roots


def _close_spans(section: Section) -> int:
    """Extend each section's end over its children; returns the end."""
    for child in section.children:
        section.end = max(section.end, _close_spans(child))
    return section.end
