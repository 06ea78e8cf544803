"""Bytes from a writer's file as text: UTF-8, UTF-16 with BOM, GBK/GB18030 (older Windows files), else detected.

The one place text files are decoded: documents, figure tables (CSV), drafts and notes given to the command line.
"""

from __future__ import annotations

import re

from assistant.errors import AssistantError

_CJK = re.compile(r"[\u4e00-\u9fff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def decode_text(data: bytes, name: str = "", error: type[AssistantError] = AssistantError) -> str:
    """Decode UTF-8 (with or without BOM), UTF-16 with BOM or GBK/GB18030 text, else the encoding charset-normalizer
    finds; `error` (with a Chinese message naming the file) when none gives text."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Notepad's "Unicode"
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
        if _mostly_chinese(text):
            return text
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    text = str(best) if best is not None else ""
    if not text or (_CONTROL.search(text[:4000]) and len(_CONTROL.findall(text[:4000])) > 0.02 * len(text[:4000])):
        raise error(f"无法识别文件的文字编码，或它不是文本文件：{name}。", "请用记事本或 WPS 另存为 UTF-8 编码后再试。")
    return text


def _mostly_chinese(text: str) -> bool:
    """True when most non-ASCII characters are CJK (a plausible GB decoding)."""
    non_ascii = [c for c in text if ord(c) > 127]
    if not non_ascii:
        return True
    cjk = sum(1 for c in non_ascii if _CJK.match(c) or "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef")
    return cjk >= 0.9 * len(non_ascii)
