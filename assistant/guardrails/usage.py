"""How numbers are written: what GB/T 15835—2011《出版物上数字用法》 and office practice treat as errors.

Each rule names its source. Where the clause number of the standard could be confirmed from its published
text it is given (4.1.1, 4.3); where only the rule's wording and examples could be confirmed, the source names
the standard and the clause's subject without a number; a rule the standard does not state is "常见做法".
GB/T 9704—2012《党政机关公文格式》 7.3.3 gives the order of heading numbers (一、（一）1.（1）).

Hard errors get the status "miswritten" (flagged: the ✅ stays red); matters of style get "advice" (shown and
commented, never failing). Every pattern is kept narrow, and measured on the real reports in tests/data by
bench/usage_real.py: a rule that flags correct real text is narrowed or dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from assistant.guardrails.report import Mention
from assistant.numbers import NumberMention, chinese_integer, find_mentions

STANDARD = "GB/T 15835—2011《出版物上数字用法》"


@dataclass(frozen=True)
class Rule:
    """One way of writing a number wrong: its name, its source and whether it is advice only."""

    name: str
    source: str
    advice: bool = False


# Advice, not errors, where published reports of offices write it so in category names ("1—10亿元项目", "5千万以上项目"):
# a hard flag there would not be worth a writer's reading.
SHORT_YEAR = Rule("年份简写", f"{STANDARD}“年月日”条：四位数字表示的年份不简写为两位（“1990年”不写为“90年”）")
RANGE_PERCENT = Rule("范围省略", f"{STANDARD}“数值范围”条：省略前一个数值的百分号或“万”“亿”会造成歧义时不应省略（写“15%～30%”“13万元～17万元”）")
RANGE_UNIT = Rule("范围省略", RANGE_PERCENT.source, advice=True)
MIXED_SCALE = Rule(
    "数字混用",
    f"{STANDARD}“阿拉伯数字与汉字数字同时使用”条：除“万”“亿”外，一个数值不同时使用阿拉伯数字与汉字数字（“4000”不写为“4千”）",
    advice=True,
)
MIXED_DIGITS = Rule("数字混用", f"{STANDARD}“阿拉伯数字与汉字数字同时使用”条：一个数不能同时使用阿拉伯数字与汉字数字（“一百零八”不写为“一百08”）")
YEAR_ZERO = Rule("年份用零", f"{STANDARD}“‘零’和‘〇’”条：用作编号的年份中“0”写作“〇”（“二〇一二年”）", advice=True)
FULL_WIDTH = Rule("全角数字", f"{STANDARD}“书写格式”条：阿拉伯数字占半个汉字位置（半角），不用全角数字")
SEPARATOR = Rule("分节不一", f"{STANDARD}第4.3条：同一场合同类别的数字形式一致；千分撇分节要么都用、要么都不用", advice=True)
HEADING_SEQUENCE = Rule("标题序号", "常见做法：同级标题序号依次连续，不跳号、不重号")
HEADING_ORDER = Rule("标题层次", "GB/T 9704—2012《党政机关公文格式》第7.3.3条：结构层次序数依次用“一、”“（一）”“1.”“（1）”")

_YEAR_SOURCES = {(SHORT_YEAR.source,), (MIXED_DIGITS.source,)}
RULES = (SHORT_YEAR, RANGE_PERCENT, RANGE_UNIT, MIXED_SCALE, MIXED_DIGITS, YEAR_ZERO, FULL_WIDTH, SEPARATOR, HEADING_SEQUENCE, HEADING_ORDER)

_CN = "〇○零一二三四五六七八九"
_DIGIT = "0-9０-９"

# 23年上半年 / 23年1-6月 / 23年度 / 23年底: two digits then a year's part, so the number is a year, not a duration
# (近23年来, 连续12年, 用了10年, 50年代, 20年产权 are left alone: what follows them is not a part of a year).
_SHORT_YEAR = re.compile(
    rf"(?<![{_DIGIT}.．/\-—–~～])([0-3０-３][{_DIGIT}]|9[0-9])年"
    rf"(?=(?:上半年|下半年|全年|年度|年底|年末|年初|年中|[一二三四]季度|前三季度|第[一二三四]季度|[1-9１-９]\d?\s*[-—–~～至到]\s*\d{{1,2}}月|[1-9１-９]\d?月|[一二三四五六七八九十]{{1,2}}月))"
)
_DURATION_BEFORE = re.compile(r"(?:近|连续|历时|用了|了|约|多|超过|超|满|每|这|前|后|近些|过去|未来|第|共|达|的)$")
# 3-5% / 13～17万元 / 9～16亿: the first number has no percent sign or 万/亿 of its own.
# Spaces only around the dash: "5.2\t-3%" is two cells of a table, the second negative.
_RANGE = re.compile(
    rf"(?<![{_DIGIT}.．%％万亿])(\d+(?:\.\d+)?) ?([-—–~～〜]|至|到) ?(\d+(?:\.\d+)?) ?(%|％|‰|万|亿)"
)
# 3千万元 / 4千 / 5百万: Arabic digits with 千 or 百 as a scale word (千瓦, 千克, 千米… are units, not scale words).
# A year before 百强 ("2022百强园区") names a ranking list, not a number.
_MIXED_SCALE = re.compile(rf"(?<![{_DIGIT}.．])(?!(?:19|20)\d\d[百千])[{_DIGIT}]+(?:\.[{_DIGIT}]+)?[千百](?![瓦克米伏帕焦赫卡兆分强])")
# 二0二三年 / 2〇23: Arabic and Chinese digits inside one number.
# Four symbols before 年, so "（三）2024年" or "三2021年" (a marker, then a year) is never read as one number.
_MIXED_DIGITS = re.compile(rf"(?<![{_CN}{_DIGIT}])[{_CN}{_DIGIT}]{{4}}(?=年)")
_ARABIC = re.compile(rf"[{_DIGIT}]")
_CHINESE = re.compile(rf"[{_CN}]")
_YEAR_ZERO = re.compile(r"[一二]零[〇○零一二三四五六七八九]{2}(?=年)")
_FULL_WIDTH = re.compile(r"[０-９][０-９．.，,]*[０-９]|[０-９]")
_SEPARATED = re.compile(r"\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?")

# Heading markers at the start of a line, outermost first (GB/T 9704—2012 7.3.3).
_HEADINGS = (
    (0, re.compile(r"^[ \t\u3000]*([一二三四五六七八九十]+)、(?![一二三四五六七八九十]+、)")),  # not "一、二、三产业"
    (1, re.compile(r"^[ \t\u3000]*[（(]([一二三四五六七八九十]+)[)）]")),
    (2, re.compile(r"^[ \t\u3000]*(\d{1,2})[.．、](?![\d.．])")),
    (3, re.compile(r"^[ \t\u3000]*[（(](\d{1,2})[)）]")),
)
_SHAPE = ("{}、", "（{}）", "{}.", "（{}）")
_PAGE_NUMBER = re.compile(r"^\s*\d{1,3}、")
_ENDS = "。！？；;!?：:”’」』）)】"


def usage_issues(text: str) -> list[Mention]:
    """Every place where a number or a heading number is written against the standard or office practice."""
    found = (
        _short_years(text) + _ranges(text) + _mixed(text) + _year_zero(text) + _full_width(text)
        + _separators(text) + _headings(text)
    )
    kept: list[Mention] = []
    for issue in sorted(found, key=lambda m: (m.start, m.end)):  # one mark per place
        if not any(issue.start < k.end and k.start < issue.end for k in kept):
            kept.append(issue)
    return kept


def with_usage(mentions: list[Mention], usage: list[Mention]) -> list[Mention]:
    """The checker's marks with the usage findings laid over them, one mark per place: a number the check flagged
    keeps its flag and gains the usage reason; any other mark under a usage finding gives way to it. A year
    written wrong (23年, 二0二三年) is not a figure at all, so its finding replaces whatever the check said."""
    out = list(mentions)
    for issue in usage:
        under = [m for m in out if m.start < issue.end and issue.start < m.end]
        flagged = [m for m in under if m.flagged and issue.basis[:1] not in _YEAR_SOURCES]
        if flagged:
            first = flagged[0]
            out[out.index(first)] = replace(first, reason=f"{first.reason}另：{issue.reason}")
            continue
        out = [m for m in out if m not in under] + [issue]
    return sorted(out, key=lambda m: (m.start, m.end))


def _issue(text: str, start: int, end: int, rule: Rule, what: str) -> Mention:
    """A Mention for a rule: the reason says what is wrong, how to write it and where the rule comes from."""
    reason = f"{'建议：' if rule.advice else ''}{what}（依据：{rule.source}）"
    status = "advice" if rule.advice else "miswritten"
    return Mention(start, end, text[start:end], None, None, status, None, reason, (rule.source,))


def _short_years(text: str) -> list[Mention]:
    out = []
    for m in _SHORT_YEAR.finditer(text):
        if _DURATION_BEFORE.search(text[max(0, m.start() - 4) : m.start()]):
            continue
        digits = m.group(1).translate(_HALF)
        century = "19" if digits.startswith("9") else "20"
        out.append(_issue(text, m.start(), m.end(), SHORT_YEAR, f"年份简写为两位，请写全：“{century}{digits}年”。"))
    return out


def _ranges(text: str) -> list[Mention]:
    out = []
    for m in _RANGE.finditer(text):
        first, joiner, second, mark = m.groups()
        written = f"{first}{mark}{'～' if joiner in '-—–~～〜' else joiner}{second}{mark}"
        rule = RANGE_PERCENT if mark == "%" else RANGE_UNIT  # 1—10亿元项目 names a size class: advice
        out.append(_issue(text, m.start(), m.end(), rule, f"范围前一个数省略了“{mark}”，容易误读，请写作“{written}…”。"))
    return out


def _mixed(text: str) -> list[Mention]:
    out = []
    for m in _MIXED_SCALE.finditer(text):
        digits = m.group()[:-1].translate(_HALF)
        scale = 1000 if m.group().endswith("千") else 100
        try:
            whole = format(int(float(digits) * scale), "d") if "." not in digits else None
        except ValueError:
            whole = None
        hint = f"写作“{whole}”" if whole else "改用阿拉伯数字写全"
        out.append(_issue(text, m.start(), m.end(), MIXED_SCALE, f"“{m.group()}”混用阿拉伯数字和汉字数字，请{hint}（“万”“亿”可保留）。"))
    for m in _MIXED_DIGITS.finditer(text):
        if not (_ARABIC.search(m.group()) and _CHINESE.search(m.group())):
            continue
        out.append(
            _issue(
                text, m.start(), m.end(), MIXED_DIGITS,
                f"“{m.group()}”一个数里混用了阿拉伯数字和汉字数字，请统一写法（年份宜写“{_as_arabic(m.group())}”）。",
            )
        )
    return out


def _as_arabic(written: str) -> str:
    """二0二三 -> 2023: each Chinese digit as its Arabic one, so the writer sees the year meant."""
    table = str.maketrans({c: str(chinese_integer(c)) for c in "〇○零一二三四五六七八九"})
    return written.translate(table).translate(_HALF)


def _year_zero(text: str) -> list[Mention]:
    return [
        _issue(text, m.start(), m.end(), YEAR_ZERO, f"年份“{m.group()}”中的“零”宜写作“〇”：“{m.group().replace('零', '〇')}”。")
        for m in _YEAR_ZERO.finditer(text)
    ]


_HALF = str.maketrans("０１２３４５６７８９．，", "0123456789.,")


def _full_width(text: str) -> list[Mention]:
    return [
        _issue(text, m.start(), m.end(), FULL_WIDTH, f"“{m.group()}”是全角数字，请改为半角：“{m.group().translate(_HALF)}”。")
        for m in _FULL_WIDTH.finditer(text)
    ]


def _separators(text: str) -> list[Mention]:
    """In a paragraph where some figures of five digits or more carry thousands separators and others do not,
    advice on the ones that differ from the paragraph's majority (four-digit numbers may go either way)."""
    out: list[Mention] = []
    start = 0
    for line in text.split("\n"):
        grouped: list[NumberMention] = []
        plain: list[NumberMention] = []
        for m in find_mentions(line):
            if m.kind != "figure" or not m.text[:1].isdigit():
                continue
            digits = re.match(r"[\d,，]+", m.text)
            if digits is None:
                continue
            whole = digits.group().replace(",", "").replace("，", "")
            if len(whole) < 5:
                continue
            (grouped if _SEPARATED.match(m.text) else plain).append(m)
        if grouped and plain:
            odd, usual = (grouped, plain) if len(grouped) < len(plain) else (plain, grouped)
            example = usual[0].text
            for m in odd:
                what = f"同一段里“{example}”{'未' if usual is plain else ''}用千分撇分节，“{m.text}”{'用了' if odd is grouped else '没用'}，请统一写法。"
                out.append(_issue(text, start + m.start, start + m.end, SEPARATOR, what))
        start += len(line) + 1
    return out


def _headings(text: str) -> list[Mention]:
    """Heading numbers out of sequence (一、二、四、) or a level used before the one above it (1. then （一）)."""
    out: list[Mention] = []
    open_levels: list[list[int]] = []  # [level, last number] from the outermost heading in force inward
    pos, previous = 0, ""
    for line in text.split("\n"):
        heading = _heading(line)
        if heading is not None and _PAGE_NUMBER.match(line) and previous.strip() and previous.rstrip()[-1] not in _ENDS:
            heading = None  # "扶持现⏎12、有骨干企业…": a page number glued to a line that goes on from the one before
        if heading is not None:
            level, number, span = heading
            start, end = pos + span[0], pos + span[1]
            here = next((i for i, (lv, _) in enumerate(open_levels) if lv == level), None)
            if here is not None:
                last = open_levels[here][1]
                del open_levels[here + 1 :]
                open_levels[here][1] = number
                if number not in (last + 1, 1):  # a restart at 1 is a new list (an attachment, a new part)
                    want = _SHAPE[level].format(_numeral(level, last + 1))
                    previous = _SHAPE[level].format(_numeral(level, last))
                    what = (
                        f"标题序号不连续：上一个同级标题是“{previous}”，这里应为“{want}”"
                        f"（{'重号' if number == last else '跳号' if number > last else '倒序'}）。"
                    )
                    out.append(_issue(text, start, end, HEADING_SEQUENCE, what))
            else:
                inner = [lv for lv, _ in open_levels if lv > level]
                if inner:
                    above = _SHAPE[inner[0]].format(_numeral(inner[0], 1))
                    what = (
                        f"标题层次颠倒：“{_SHAPE[level].format(_numeral(level, number))}”是上一级序号，"
                        f"却用在了同一部分的“{above}”级标题之后；请按“一、（一）1.（1）”的次序调整。"
                    )
                    out.append(_issue(text, start, end, HEADING_ORDER, what))
                    open_levels = [e for e in open_levels if e[0] < level]
                elif number != 1 and open_levels:  # the first heading under a parent the text shows
                    want = _SHAPE[level].format(_numeral(level, 1))
                    what = f"标题序号不连续：这一部分的第一个同级标题应为“{want}”。"
                    out.append(_issue(text, start, end, HEADING_SEQUENCE, what))
                open_levels.append([level, number])
        if line.strip():
            previous = line if heading is None else "。"
        pos += len(line) + 1
    return out


def _heading(line: str) -> tuple[int, int, tuple[int, int]] | None:
    """(level, number, span of the marker) of a line opening with a heading number."""
    for level, pattern in _HEADINGS:
        m = pattern.match(line)
        if m:
            raw = m.group(1)
            number = int(raw) if raw.isdigit() else chinese_integer(raw)
            lead = len(m.group()) - len(m.group().lstrip(" \t\u3000"))
            return level, number, (lead, m.end())
    return None


def _numeral(level: int, n: int) -> str:
    """A heading number as the level writes it: 三 for 一、 and （一）, 3 for 1. and （1）."""
    if level >= 2:
        return str(n)
    ones = "一二三四五六七八九"
    if n < 10:
        return ones[n - 1] if n > 0 else "〇"
    tens, unit = divmod(n, 10)
    return f"{'' if tens == 1 else ones[tens - 1]}十{ones[unit - 1] if unit else ''}"
