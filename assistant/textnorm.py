"""The one normalisation every text gets when it enters: look-alike characters made plain, invisible ones removed.

Text pasted from Word and web pages carries no-break, thin and zero-width spaces and byte-order marks; text
extracted from PDFs carries Kangxi and CJK-radical look-alikes ("⻘松⼯业" for 青松工业). Left in place they
split a number from its unit ("128.5\u00a0万元" would lose its unit) and make headings and keywords miss.

Full NFKC is not used: it would turn the Chinese full-width punctuation a 公文 is written in (，：；（）！？)
into ASCII and "…" into "...". Only characters whose compatibility form is one plain character are mapped,
so a mapping never changes a text's length and offsets stay valid; invisible characters are the one thing
removed, and `INVISIBLE` lets a caller that keeps an offset map drop them itself.
"""

from __future__ import annotations

import re
import unicodedata

# Spaces that are not U+0020: no-break, en/em/thin/hair, narrow no-break, medium mathematical space.
_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f"
# Characters with no glyph: zero-width space/joiners, direction marks, word joiner, soft hyphen, BOM.
INVISIBLE_CHARS = "\u00ad\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064\ufeff"
INVISIBLE = re.compile(f"[{INVISIBLE_CHARS}]+")

# CJK radicals (U+2E80-U+2EFF) have no compatibility decomposition; PDF text layers use these for the
# characters they look like. The ones that stand for a whole simplified character are mapped.
_RADICALS = {
    "⺀": "冫", "⺁": "厂", "⺇": "几", "⺈": "⺈", "⺋": "㔾", "⺌": "小", "⺍": "小", "⺎": "兀", "⺏": "尣", "⺐": "尢",
    "⺑": "𡯂", "⺒": "巳", "⺓": "幺", "⺔": "彐", "⺖": "忄", "⺗": "心", "⺘": "扌", "⺙": "攵", "⺛": "旡", "⺜": "日",
    "⺝": "月", "⺞": "歺", "⺟": "母", "⺠": "民", "⺡": "氵", "⺢": "氺", "⺣": "灬", "⺤": "爫", "⺥": "爫", "⺦": "丬",
    "⺧": "牛", "⺨": "犭", "⺩": "王", "⺪": "疋", "⺫": "罒", "⺬": "示", "⺭": "礻", "⺮": "竹", "⺯": "糸", "⺰": "纟",
    "⺱": "罒", "⺲": "罒", "⺳": "网", "⺴": "罒", "⺵": "罒", "⺶": "羊", "⺷": "羊", "⺸": "羊", "⺹": "耂", "⺺": "肀",
    "⺻": "聿", "⺼": "月", "⺽": "臼", "⺾": "艹", "⺿": "艹", "⻀": "艹", "⻁": "虎", "⻂": "衤", "⻃": "襾", "⻄": "西",
    "⻅": "见", "⻆": "角", "⻇": "角", "⻈": "讠", "⻉": "贝", "⻊": "足", "⻋": "车", "⻌": "辶", "⻍": "辶", "⻎": "辶",
    "⻏": "阝", "⻐": "钅", "⻑": "長", "⻒": "镸", "⻓": "长", "⻔": "门", "⻕": "龶", "⻖": "阝", "⻗": "雨", "⻘": "青",
    "⻙": "韦", "⻚": "页", "⻛": "风", "⻜": "飞", "⻝": "食", "⻞": "飠", "⻟": "饣", "⻠": "饣", "⻡": "首", "⻢": "马",
    "⻣": "骨", "⻤": "鬼", "⻥": "鱼", "⻦": "鸟", "⻧": "卤", "⻨": "麦", "⻩": "黄", "⻪": "黾", "⻫": "齐", "⻬": "齐",
    "⻭": "齿", "⻮": "齿", "⻯": "龙", "⻰": "龙", "⻱": "龟", "⻲": "龟", "⻳": "龟",
}
# Full-width punctuation a 公文 is written in stays as it is.
_KEEP = set("，：；（）！？＂＇［］｛｝｜／＼＜＞＝＿＠＃＄＆＾｀")


def _translation() -> dict[int, str]:
    """Every one-character compatibility mapping this module applies."""
    table: dict[int, str] = {ord(c): " " for c in _SPACES}
    table.update({ord(k): v for k, v in _RADICALS.items() if len(v) == 1 and v != k})
    ranges = [(0x2F00, 0x2FD6), (0xF900, 0xFADA), (0xFF01, 0xFF5F), (0x2F800, 0x2FA1E)]
    for low, high in ranges:  # Kangxi radicals, compatibility ideographs, full-width ASCII
        for code in range(low, high):
            char = chr(code)
            plain = unicodedata.normalize("NFKC", char)
            if char not in _KEEP and len(plain) == 1 and plain != char:
                table[code] = plain
    return table


TRANSLATION = _translation()
_NEEDS = re.compile("[" + re.escape("".join(map(chr, TRANSLATION))) + INVISIBLE_CHARS + "]")


def needs_normalizing(text: str) -> bool:
    """True when `text` holds a character this module maps or removes."""
    return _NEEDS.search(text) is not None


def normalize_text(text: str) -> str:
    """`text` with look-alike characters made plain and invisible ones removed."""
    if not _NEEDS.search(text):
        return text
    return INVISIBLE.sub("", text.translate(TRANSLATION))
