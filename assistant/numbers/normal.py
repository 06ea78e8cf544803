"""Text made scannable for numbers: full-width and look-alike characters, spaces and line breaks inside a number,
with a map back to the writer's own offsets."""

from __future__ import annotations

import re

from assistant.textnorm import INVISIBLE, TRANSLATION, needs_normalizing

_FULL_WIDTH = TRANSLATION  # full-width digits and signs, look-alikes and odd spaces, one character each
_NEEDS_NORMAL = re.compile(r"[\n\r\t \u3000]")
CJK = "\u4e00-\u9fff"
_LINE_MARKER = re.compile(
    r"[ \t\u3000]*(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+[、是要]|\d{1,2}\s*[.、．](?!\d)|"
    r"第[一二三四五六七八九十]+[章节条部分])"
)
_JOINABLE_SPACE = re.compile(rf"(?<=\d\.)[ \t]+(?=\d)|(?<=\d)[ \t\u3000]+(?=[{CJK}%])|(?<=[{CJK}])[ \t\u3000]+(?=\d)")
_NEWLINE = re.compile(r"[ \t\u3000]*\r?\n[ \t\u3000]*")
_NO_JOIN_AFTER = set("。；;！？!?：:”」』）)】")


_CN_THOUSANDS = re.compile(r"(?<=\d)，(?=\d{3}(?!\d))")


def normalize(text: str) -> tuple[str, list[int] | None]:
    """Text with full-width digits made ASCII and line/PDF breaks inside phrases removed, plus an offset map."""
    norm, offsets = _normalize(text)
    if "，" in norm:
        norm = _CN_THOUSANDS.sub(",", norm)  # 12，850: a full-width thousands separator (same length)
    return norm, offsets


def _normalize(text: str) -> tuple[str, list[int] | None]:
    if not _NEEDS_NORMAL.search(text) and not needs_normalizing(text):
        return text, None
    text = text.translate(_FULL_WIDTH)  # one character for one: offsets stay valid
    drop: list[tuple[int, int]] = [m.span() for m in INVISIBLE.finditer(text)]
    drop += [m.span() for m in _JOINABLE_SPACE.finditer(_blank_invisible(text, drop))]
    for m in _NEWLINE.finditer(text):
        before = text[m.start() - 1] if m.start() else ""
        after = text[m.end()] if m.end() < len(text) else ""
        if not before or not after or before in _NO_JOIN_AFTER or before.isspace():
            continue
        if not (before.isdigit() or before in ".%" or "\u4e00" <= before <= "\u9fff"):
            continue
        if not (after.isdigit() or after in ".%" or "\u4e00" <= after <= "\u9fff"):
            continue
        if _LINE_MARKER.match(text, m.end()):
            continue
        drop.append(m.span())
    if not drop:
        return text, None
    drop.sort()
    chars: list[str] = []
    offsets: list[int] = []
    pos = 0
    for start, end in drop:
        if start < pos:
            start = pos
        chars.append(text[pos:start])
        offsets.extend(range(pos, start))
        pos = max(pos, end)
    chars.append(text[pos:])
    offsets.extend(range(pos, len(text)))
    offsets.append(len(text))
    return "".join(chars), offsets


def _blank_invisible(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with the invisible characters at `spans` turned into spaces, so "128.5\u200b 万元" joins like a space."""
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)
