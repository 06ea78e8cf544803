"""The guardrail loop: check, have the model fix exactly the flagged sentences, recheck, mark what is left."""

from __future__ import annotations

import re
from collections.abc import Callable, Generator
from dataclasses import dataclass, field

from assistant.drafting import PENDING_MARK
from assistant.drafting.records import Status
from assistant.drafting.slots import SLOT_RE, SlotBook
from assistant.guardrails import check_numbers
from assistant.sentences import sentences

MARK_RE = re.compile(rf"〔{PENDING_MARK}(?:[：:][^〔〕]*)?〕")
_REPLY_LINE = re.compile(r"^\s*[\[【［(（]?\s*(\d{1,2})\s*[\]】］)）.、:：]\s*(.*)$")
_DELETED = {"", "删除", "（删除）", "(删除)", "删去", "无"}


@dataclass(frozen=True)
class Problem:
    """A flagged spot in the rendered text: what it says and why it cannot stand."""

    start: int
    end: int
    text: str
    reason: str


@dataclass
class Outcome:
    """Where the loop ended: final text, the report on it, pending items and rounds used."""

    text: str
    report: object
    pending: list[str] = field(default_factory=list)
    rounds: int = 0


def mark(text: str) -> str:
    """〔待核实：text〕"""
    return f"〔{PENDING_MARK}：{text}〕"


def problems(text: str, report) -> list[Problem]:
    """Flagged numbers and leftover slots that lie outside a pending mark."""
    marked = [m.span() for m in MARK_RE.finditer(text)]
    found = [
        Problem(m.start, m.end, m.text, m.reason)
        for m in report.flagged
        if not _inside((m.start, m.end), marked)
    ]
    for slot in SLOT_RE.finditer(text):
        if not _inside(slot.span(), marked):
            found.append(Problem(slot.start(), slot.end(), slot.group(0), f"没有名为“{slot.group(1)}”的数据，不能使用这个槽位"))
    return sorted(found, key=lambda p: p.start)


def flagged_sentences(text: str, found: list[Problem]) -> list[tuple[int, int, list[Problem]]]:
    """The sentences (start, end) holding problems, each with its problems."""
    out: list[tuple[int, int, list[Problem]]] = []
    pos = 0
    for piece in sentences(text):
        start, end = pos, pos + len(piece)
        inside = [p for p in found if start <= p.start < end]
        if inside:
            out.append((start, end, inside))
        pos = end
    return out


def parse_fixes(reply: str, count: int) -> dict[int, str]:
    """Lines "[n] sentence" of a repair reply, by number (1-based)."""
    fixes: dict[int, str] = {}
    for line in reply.splitlines():
        match = _REPLY_LINE.match(line)
        if match and 1 <= int(match.group(1)) <= count:
            fixes.setdefault(int(match.group(1)), match.group(2).strip())
    return fixes


def repair_stream(
    text: str, inputs, book: SlotBook, ask_model: Callable[[str], str], rounds: int
) -> Generator[Status, None, Outcome]:
    """Up to `rounds` model fixes of flagged sentences, then marking; the result holds no unmarked flag."""
    report = check_numbers(text, inputs)
    used = 0
    for round_no in range(1, rounds + 1):
        found = problems(text, report)
        if not found:
            break
        spots = flagged_sentences(text, found)
        yield Status(f"第{round_no}轮核对：{len(found)}处存疑，正在修正…")
        items = "\n".join(
            f"[{i}] {text[s:e].strip()}\n    问题：{'；'.join(_why(p) for p in ps)}" for i, (s, e, ps) in enumerate(spots, 1)
        )
        fixes = parse_fixes(ask_model(items), len(spots))
        used = round_no
        if not fixes:
            continue
        # Replace from the end so earlier offsets stay valid.
        for i in sorted(fixes, reverse=True):
            start, end, _ = spots[i - 1]
            fix = fixes[i]
            tail = text[start:end][len(text[start:end].rstrip()) :]
            replacement = "" if fix in _DELETED else book.render(fix).text.strip() + tail
            if replacement and not replacement.rstrip().endswith(("。", "；", "！", "？", "：")) and text[start:end].rstrip().endswith("。"):
                replacement = replacement.rstrip() + "。" + tail
            text = text[:start] + replacement + text[end:]
        report = check_numbers(text, inputs)
    if problems(text, report):
        yield Status("仍有无法核实的数据，已标注“待核实”。")
    text, pending = seal(text, inputs, report)
    final = check_numbers(text, inputs)
    return Outcome(text=text, report=final, pending=pending, rounds=used)


def seal(text: str, inputs, report=None) -> tuple[str, list[str]]:
    """Mark every flagged number or unknown slot still unmarked; repeat until the check agrees."""
    pending: list[str] = []
    report = report or check_numbers(text, inputs)
    for attempt in range(4):
        found = problems(text, report)
        if not found:
            return text, pending
        for problem in sorted(_outermost(found), key=lambda p: p.start, reverse=True):
            label = problem.text
            if label.startswith("【") and label.endswith("】"):
                label = label[1:-1]
            if attempt == 3:
                label = "数据"  # the checker still reads a number inside the mark: drop the digits
            pending.append(f"{problem.text}：{problem.reason}（见“{_context(text, problem)}”）")
            text = text[: problem.start] + mark(label) + text[problem.end :]
        report = check_numbers(text, inputs)
    leftover = problems(text, report)
    if leftover:  # the promise of the product: never hand back an unmarked unsupported number
        raise RuntimeError(f"unmarked unsupported figures remain: {leftover}")
    return text, pending


def _why(problem: Problem) -> str:
    return f"“{problem.text}”{problem.reason}"


def _context(text: str, problem: Problem, width: int = 12) -> str:
    return text[max(0, problem.start - width) : problem.end + width].replace("\n", " ").strip()


def _inside(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(s <= span[0] and span[1] <= e for s, e in spans)


def _outermost(found: list[Problem]) -> list[Problem]:
    """Drop problems nested in another one so marking never splits a span twice."""
    out: list[Problem] = []
    for problem in sorted(found, key=lambda p: (p.start, -p.end)):
        if out and problem.start < out[-1].end:
            continue
        out.append(problem)
    return out
