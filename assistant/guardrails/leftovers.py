"""What a reader catches besides numbers: a wrong year, a leftover slot, an empty heading, a repeated sentence, a cut-off.

Each finding is a Mention with the status of a flagged number, so the highlight, the flagged list, the
Word comments and the ✅ treat it the same way: a green check means none of these remains.
"""

from __future__ import annotations

import re

from assistant.guardrails.report import Mention
from assistant.numbers import find_mentions
from assistant.periods import find_year
from assistant.sentences import STATEMENT_END as _SENTENCE_END

_SLOT = re.compile(r"【[^】\n]{0,40}】?")  # a slot the drafting never filled, or a bracket it left open
_PENDING = re.compile(r"〔待核实[^〔〕]*〕")  # marks the drafting set on purpose: already flagged, not leftovers
_HEADING = re.compile(r"^[ \t\u3000]*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十]+[章节部分])[^\n。；]{0,40}$", re.M)
_LEVEL = [
    re.compile(r"^[ \t\u3000]*第[一二三四五六七八九十]+[章节部分]"),
    re.compile(r"^[ \t\u3000]*[一二三四五六七八九十]+、"),
    re.compile(r"^[ \t\u3000]*[（(][一二三四五六七八九十]+[)）]"),
]
_LABEL = re.compile(
    r"^[ \t\u3000]*(?:重点工作|主要经济指标|存在问题|问题与不足|下一步工作|下一阶段工作|工作计划|下半年工作计划|补充情况|总述|正文|摘要)[：:]", re.M
)
_SENTENCE = re.compile(r"[^。！？!?\n]{12,}[。！？!?]")  # short item labels (一是严格规划管理。) may recur
_END = "。！？!?；;：:”」』）)】〕"
# A year other than the report's is fine where the text compares with it or looks ahead to it.
_COMPARED_BEFORE = re.compile(r"(?:比|较|与|同|和|从|自|由|相比|对比|高于|低于|超过|较之|截至|截止)$")
_COMPARED_AFTER = re.compile(r"^(?:年)?(?:同期|以来|年底|年末|底|末|全年|基数|水平|相比|的)")
_AHEAD = re.compile(r"到|至|力争|计划|目标|预计|预期|将|规划|展望|下一步|明年|今后")


def text_issues(text: str, period: str | None = None) -> list[Mention]:
    """Leftover slots, empty headings, labels, repeated sentences, a cut-off end and (given the period) wrong years."""
    year = find_year(period) if period else None
    found = _slots(text) + _empty_headings(text) + _labels(text) + _repeats(text) + (_other_years(text, year) if year else []) + _cut_off(text)
    kept: list[Mention] = []
    for issue in found:  # one flag per place: an open slot at the end is a leftover, not also a cut-off
        if not any(issue.start < k.end and k.start < issue.end for k in kept):
            kept.append(issue)
    return sorted(kept, key=lambda m: m.start)


def _issue(start: int, end: int, text: str, reason: str) -> Mention:
    return Mention(start, end, text[start:end], None, None, "unsupported", None, reason)


def _slots(text: str) -> list[Mention]:
    pending = [m.span() for m in _PENDING.finditer(text)]
    return [
        _issue(m.start(), m.end(), text, "起草遗留的占位符，请填入核实后的内容或删去。")
        for m in _SLOT.finditer(text)
        if not any(s <= m.start() < e for s, e in pending)
    ]


def _level(line: str) -> int:
    return next(i for i, pattern in enumerate(_LEVEL) if pattern.match(line))


def _empty_headings(text: str) -> list[Mention]:
    """A heading followed by a heading of its own or a higher level, or by nothing."""
    headings = list(_HEADING.finditer(text))
    out = []
    for i, m in enumerate(headings):
        after = headings[i + 1] if i + 1 < len(headings) else None
        body = text[m.end() : after.start() if after else len(text)]
        if body.strip():
            continue
        if after is None or _level(after.group()) <= _level(m.group()):
            start = m.start() + len(m.group()) - len(m.group().lstrip(" \t\u3000"))
            out.append(_issue(start, m.end(), text, "这个标题下面没有内容，请补写或删去标题。"))
    return out


def _labels(text: str) -> list[Mention]:
    return [
        _issue(m.start() + len(m.group()) - len(m.group().lstrip(" \t\u3000")), m.end(), text, "段首是起草用的标签，不是正文，请删去。")
        for m in _LABEL.finditer(text)
    ]


def _repeats(text: str) -> list[Mention]:
    seen: set[str] = set()
    out = []
    for m in _SENTENCE.finditer(text):
        sentence = m.group().strip(" \t\u3000，,")
        if sentence in seen:
            start = m.start() + len(m.group()) - len(m.group().lstrip(" \t\u3000，,"))
            out.append(_issue(start, m.end(), text, "这句话与前文重复，请删去一处。"))
        seen.add(sentence)
    return out


def _cut_off(text: str) -> list[Mention]:
    body = text.rstrip()
    if not body or body[-1] in _END:
        return []
    last = body.rsplit("\n", 1)[-1]
    if _HEADING.fullmatch(last) or len(last.strip()) < 2 or "\t" in last:
        return []  # a heading, a stray mark, or the last row of a table (a report may end with its table)
    start = len(body) - min(len(last.lstrip()), 12)
    return [_issue(start, len(body), text, "正文在句子中间结束，像是没有写完，请补全。")]


def _states_figures(text: str, mentions, i: int) -> bool:
    """The sentence goes on from this year to state figures ("2024年1-6月，实现…126.34亿元"); a year in history
    ("2006年3月，省政府批准设立…") or in a plan's heading ("三、2024年工作安排") states none."""
    end = _SENTENCE_END.search(text, mentions[i].end)
    stop = end.start() if end else len(text)
    return any(m.is_figure and m.start < stop for m in mentions[i + 1 :])


def _other_years(text: str, year: int) -> list[Mention]:
    """Years that are neither the report's nor a comparison or a target, where the sentence states figures for
    them: "2024年1-6月，实现规上工业总产值126.34亿元" in a 2025 summary."""
    out = []
    mentions = find_mentions(text)
    for i, m in enumerate(mentions):
        if m.kind != "year" or not _states_figures(text, mentions, i):
            continue
        digits = re.search(r"(?:19|20)\d{2}", m.text)
        if digits is None or int(digits.group()) == year:
            continue
        stated = int(digits.group())
        before, after = text[max(0, m.start - 6) : m.start], text[m.end : m.end + 4]
        if not after.lstrip().startswith("年"):
            continue  # 2022百强: a year in a name
        if _COMPARED_BEFORE.search(before) or _COMPARED_AFTER.match(after) or re.search(r"[—\-–~至到]$", before.rstrip()):
            continue
        sentence_end = _SENTENCE_END.search(text, m.end)
        rest = text[m.end : sentence_end.start() if sentence_end else len(text)]
        if stated > year and (_AHEAD.search(text[max(0, m.start - 12) : m.start]) or _AHEAD.search(rest[:16])):
            continue  # 到2027年…, 2022年目标任务是：…
        if re.match(r"\s*(?:年)?\s*(?:—|-|–|~|至|到)", after):
            continue  # 2021—2025年: a span
        if stated < year and re.match(r"年\d{1,2}月(?!\s*[-—–~至到]\s*\d)", text[m.end : m.end + 8]):
            continue  # 2006年3月，省政府批准设立…: a dated event in the unit's history
        out.append(_issue(m.start, m.end, text, f"年份与报告期（{year}年）不符：如是对比或目标，请写明“比{stated}年”“到{stated}年”；否则请改正。"))
    return out
