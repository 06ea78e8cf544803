"""Mask the figures of past passages so no old number can leak into a new draft."""

from __future__ import annotations

import re

from assistant.sentences import sentences

MASK = "X"

# Spans kept as written: years, dates and periods, document numbers, list markers, ordinals,
# model names like 5G. Everything else made of digits is a figure of the past and is masked.
_KEEP = re.compile(
    r"〔\d{4}〕\d+号"
    r"|(?:19|20)\d{2}(?=\s*(?:年|〕|\]|届|版))"
    r"|[〇零一二三四五六七八九]{4}(?=年)"
    r"|\d{1,2}(?:\s*[-—～~至到]\s*\d{1,2})?\s*(?:月份|月|日)"
    r"|[一二三四1-4]\s*季度"
    r"|(?m:^\s*[（(]?\d{1,2}[)）.、．])"
    r"|第\s*\d+\s*(?=[批次届期轮条款章节])"
    r"|\d+(?=[A-Za-z])"
)
_ARABIC = re.compile(r"[\d０-９](?:[\d０-９]|[,，.．](?=[\d０-９]{1,3}))*")
_CN_DIGITS = "零〇一二两三四五六七八九十百千万亿"
# Chinese numerals count as a figure only before a unit or measure word (五大攻坚行动, 一是, 十四五 stay).
_CHINESE = re.compile(
    rf"百分之[{_CN_DIGITS}点]+|[{_CN_DIGITS[:-2]}][{_CN_DIGITS}点]*(?=[余多]?(?:个|家|项|宗|人|次|场|条|亩|元|倍|所|座|栋|台|套|户|名|件|批|平方米|公里|吨|万|亿|%|％))"
)
_QUOTED = re.compile(r"“[^”]{0,20}”|\"[^\"]{0,20}\"")


def mask_numbers(text: str) -> str:
    """Replace every figure in `text` by X, keeping years, periods, ordinals and programme names."""
    protected = _spans(_KEEP, text)
    quoted = _spans(_QUOTED, text)
    cuts: list[tuple[int, int]] = []
    for match in _ARABIC.finditer(text):
        if not _inside(match.span(), protected):
            cuts.append(match.span())
    for match in _CHINESE.finditer(text):
        start, end = match.span()
        if end - start == 1 and match.group() == "一":
            continue  # 一批、一家 read as words, not counts worth hiding
        if not _inside((start, end), protected) and not _inside((start, end), quoted):
            cuts.append((start, end))
    out: list[str] = []
    pos = 0
    for start, end in sorted(_merge(cuts)):
        out.append(text[pos:start] + MASK)
        pos = end
    out.append(text[pos:])
    return "".join(out)


_MASKED = re.compile(rf"(?<![A-Za-z]){MASK}(?![A-Za-z])")
_OPEN_END = re.compile(r"[；，、](?=\s*(?:\n|$))")


def drop_masked(text: str) -> tuple[str, int]:
    """Remove the sentences that carry a masked X: a draft holding one copied an old passage."""
    kept = [piece for piece in sentences(text) if not _MASKED.search(piece)]
    dropped = len(sentences(text)) - len(kept)
    # A clause left ending a paragraph closes it: "……帮扶；" -> "……帮扶。"
    return _OPEN_END.sub("。", "".join(kept)).strip(), dropped


def _spans(pattern: re.Pattern, text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


def _inside(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(s <= span[0] and span[1] <= e for s, e in spans)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
