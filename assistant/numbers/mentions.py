"""Number mentions in Chinese report text: where they are, what they state, and which are not figures; and the
indicator words a plain statement names (what ingestion and the self-check compare)."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from assistant.numbers.normal import CJK, normalize
from assistant.numbers.numerals import CN_DIGITS, CN_NUMERAL_CHARS, CN_SMALL, arabic_number, chinese_integer, chinese_number
from assistant.periods import PERIOD_RE as _PERIOD_RE
from assistant.periods import Period
from assistant.periods import period_of as _period_of
from assistant.sentences import SENTENCE_END as _SENTENCE_END
from assistant.sentences import STATEMENT_END as _CLAUSE_END
from assistant.units import KNOWN_BASES, SCALES, dimension, scale_of, split_unit
from assistant.units import MEASURE_SET as _MEASURE_SET


@dataclass(frozen=True, slots=True)
class NumberMention:
    """One number found in text and what its wording says about it."""

    start: int  # offsets in the original text
    end: int
    text: str
    value: Decimal | None  # as written, in `unit` (a written minus sign kept)
    unit: str | None  # as written, scale word included: 亿元, 万, %, 个百分点, 家 …
    kind: str  # figure | ranking | placeholder | year | date | period | ordinal | list_marker | docnum | slogan | threshold | code
    quantum: Decimal | None = None  # place value of the last written digit, in `unit`
    approx: str | None = None  # about | below | above | at_most
    direction: int = 0  # +1 增长/提高, -1 下降/减少, 0 none
    level: bool = False  # 提高到 / 达到: the number is a level, not a change
    period: Period | None = None  # the period its clause states
    numeral: str = "arabic"  # arabic | chinese | mixed
    left: str = ""  # clause words before it (normalised text)
    right: str = ""  # words after it up to the next punctuation or number

    @property
    def is_figure(self) -> bool:
        """A stated quantity the checker must verify."""
        return self.kind in ("figure", "ranking")

    @property
    def signed(self) -> Decimal | None:
        """The value with 下降/减少 turned into a minus sign (rates and changes only)."""
        if self.value is None:
            return None
        if self.direction < 0 and not self.level:
            return -abs(self.value)
        return self.value

    def base_value(self) -> Decimal | None:
        """The value in the base unit (亿元 -> 元)."""
        return None if self.value is None else self.value * scale_of(self.unit)


NOT_FIGURE_REASONS = {
    "year": "年份，不是数据",
    "date": "日期，不是数据",
    "period": "时段，不是数据",
    "ordinal": "序数，不是数据",
    "list_marker": "序号，不是数据",
    "docnum": "文号，不是数据",
    "slogan": "口号或名称中的数字，不是数据",
    "threshold": "类别门槛，属于指标名称的一部分",
    "code": "编号或型号，不是数据",
    "structure": "表述结构中的数字，不是数据",
    "per": "“每…”后的计量基数，不是数据",
    "peers": "参与比较的地区或园区个数，不是本单位的数据",
}

def _alternation(units) -> str:
    return "|".join(sorted((re.escape(u) for u in units), key=len, reverse=True))


# Chinese numerals take only measure words and real units; 一期 / 二期 are phases, not counts.
_CN_RUN = 20  # the longest run of Chinese numerals read as one number
_NOT_CN_UNITS = {"期", "位", "类", "种", "道", "列", "部", "班", "名次", "方", "度", "面"}


# Every kind of mention starts with one of these characters; checking it first lets most positions of a
# Chinese sentence be passed over without trying each alternative (about a third of the scanning time).
_START = r"(?=[\d\-A-Za-z×*〇零○一二两三四五六七八九十百千（(〔\[［“\"《第位居名排前全 \t\u3000])"


@lru_cache(maxsize=64)
def _mention_re(extra: tuple[str, ...] = ()) -> re.Pattern:
    """The mention scanner, knowing the built-in units plus `extra` bases (units a figures table uses)."""
    bases = KNOWN_BASES + extra
    base_alt = _alternation(bases)
    cn_base_alt = _alternation(b for b in bases if b not in _NOT_CN_UNITS)
    placeholder_unit = rf"(?:万亿|亿|万)?(?:{base_alt})|万亿|亿|万"
    latin = _alternation([b for b in bases if re.match(r"[A-Za-z]", b)]) or "(?!)"  # 8200TEU is a figure, 5G a name
    unit = rf"(?P<scale>万亿|亿|万)?(?P<mid>余|多)?(?P<base>{base_alt})?"
    num = r"\d+(?:,\d{3})+(?:\.\d+)?(?!\d)|\d+(?:\.\d+)?"
    # Runs of numerals are bounded: an unbounded run would be re-read from every position of a long
    # numeral string (quadratic: 16,000 characters took a minute); no written number is this long.
    cn_num = rf"[{CN_DIGITS}十百千][{CN_NUMERAL_CHARS}]{{0,{_CN_RUN}}}(?:点[{CN_DIGITS}]{{1,{_CN_RUN}}})?(?:万亿|万|亿)?"
    return re.compile(
        _START + "(?:" + "|".join(
            [
                r"(?P<listcn>(?:^|(?<=[\n。；;！？!?：:]))[ \t\u3000]*(?:[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+(?:是|要|、)))",
                r"(?P<listar>(?:^|(?<=[\n。；;！？!?：:]))[ \t\u3000]*(?:[（(]\d{1,2}[)）]|\d{1,2}[)）]|\d{1,2}\s*[.、．](?!\d)|"
                r"\d{1,2}\s*[.、．](?=\d{1,2}\s*(?:-|—|至|到)\s*\d{1,2}\s*月)))",
                r"(?P<docnum>[〔\[［(（]\s*(?:19|20)\d{2}\s*[〕\]］)）]\s*第?\s*\d+\s*号)",
                rf"(?P<code>\d+(?!(?:{latin})(?![A-Za-z]))[A-Za-z]+\d*|[A-Za-z]+\d+(?:\.\d+)?|\d{{7,}}(?![\d.%\u4e00-\u9fff])|\d+(?=号(?!文))|\d+\+(?!\d))",
                r"(?P<generation>(?:\d{2}[、，,]){0,8}\d{2}(?=后))",
                r"(?P<phyear>[xX×]{4}(?=\s*年))",
                rf"(?P<placeholder>(?<![A-Za-z])(?:[xX×]{{1,6}}(?:\.[xX]{{1,4}})?|\*{{1,4}}(?:\.\*{{1,4}})?|[xX]\s*-\s*[xX](?=月))(?![A-Za-z])(?=\s*(?:余|多)?(?:{placeholder_unit}|月)))",
                r"(?P<daterange>\d{1,2}\s*(?:月份?\s*)?(?:-|—|–|~|至|到)\s*\d{1,2}\s*月份?(?:\d{1,2}[日号])?|(?<=前)\d{1,2}个?月份?)",
                r"(?P<date>\d{1,2}月份?\d{1,2}[日号]|\d{1,2}月份?(?!\d)|\d{1,2}[日](?!\d))",
                r"(?P<year>(?:19|20)\d{2}(?!\d|\.\d)(?=\s*(?:年|[上下]半年|届|版|级|—|-|–|~|至|到|〕|\]|）|\)|一季度|二季度|三季度|四季度)))",
                r"(?P<cnyear>[〇零○一二三四五六七八九]{4}(?=年))",
                r"(?P<quarter>(?:前)?[一二三四1-4]季度)",
                rf"(?P<rank>(?:(?:位列|位居|居于|名列|排名|排在|排位|居)[^，。；;,\d]{{0,10}}?|全(?:国|省|市|县|区))第\s*(?:\d+|[{CN_DIGITS}十]{{1,{_CN_RUN}}})\s*(?:位|名)?(?![\d{CN_DIGITS}十]|次|届|批|个|种|轮|期|季|产业|名列|阶段))",
                rf"(?P<rankmore>(?<=[位名][和、及与])第\s*(?:\d+|[{CN_DIGITS}十]{{1,{_CN_RUN}}})\s*(?:位|名))",  # 分别居全省第6位和第12位
                rf"(?P<ordinal>第\s*(?:\d+|[{CN_DIGITS}十百]{{1,{_CN_RUN}}}))",
                r"(?P<tiered>(?<![增育进到成有建])[一二三四五六七八九十]{1,3}个(?=(?:十|百|千|万)?亿级))",  # 三个千亿级产业: a name (not 新增两个百亿级企业)
                rf"(?P<percentcn>百分之[零〇一二两三四五六七八九十百点]{{1,{_CN_RUN}}})",
                rf"(?P<neg>(?<![\d.])-)?(?P<num>{num})(?P<mult>(?:十(?!强)|百(?!分|强)|千(?!米|瓦|克|伏|帕|卡|强))*)(?P<suffix>余|多)?{unit}(?P<suffix2>余|多)?(?P<pp2>%o)?",
                rf"(?P<cn>{cn_num})(?P<cnsuffix>余|多)?(?P<cnunit>{cn_base_alt}|%)",
                rf"(?P<slogan>“[^”\n]{{0,24}}”|\"[^\"\n]{{0,24}}\"|《[^》\n]{{0,60}}》|十[一二三四五六七八九]五(?!\d)|[{CN_DIGITS}十]{{1,4}}大(?=[{CJK}])(?!会|幅|型|量|力|于|约|多|概|致|体|家|小)|[一二两三四五六七八九十]{{1,4}}年(?:倍增|行动|攻坚|计划|规划|翻番|翻一番)|[一二三四五六七八九十百千]{{1,4}}(?:强|优|区|园|港|城|带|链)(?:一|[{CN_DIGITS}十])[{CJK}])",
            ]
        ) + ")",
        re.M,
    )


_PLACEHOLDER_UNIT_RE = re.compile(rf"\s*(?:余|多)?((?:万亿|亿|万)?(?:{_alternation(KNOWN_BASES)})|万亿|亿|万|月)")
_STRUCTURE_NEXT = re.compile(r"(?:方面|环节|层面|维度|重点|机制|转变|抓手|体系|目标|原则|坚持|聚焦|导向|覆盖|狠抓|优先|统筹|一批|(?:主要)?指标)")
_COUNTING_WORDS = {"个", "项", "条", "类", "种", "大"}  # 两项指标, 三个方面: counts of the text's own parts
# 表1, 附件2, 见表3: the number of a table, a figure or an attachment (代表, 发表 and 列表 are other words)
_CAPTION = re.compile(r"(?:(?<![\u4e00-\u9fff])|(?<=[见如据详按]))(?:附表|附件|附图|表|图)$")
_NOT_ONE = set("上下同这那某")  # 上一年, 同一天: 一 as a determiner, not a count
_THRESHOLD_NEXT = re.compile(
    r"(?:以上|以下|及以上|及以下)?(?:的)?(?:投资建设|投资|建设|竣工投产|竣工|在建|新开工|开工)?"
    r"(?:规上|规模以上|重点|重大|大|优质|工业|产业|外资|内资|制造业|招商)?(?:项目|企业|工程|客商|产业项目|工业项目|大项目)"
)
_THRESHOLD_PREV = re.compile(r"(?:低于|高于|不足|不低于|超过|达到|税收|亩均税收|投资额?|产值|营收)$")
_JOINERS = {"至", "到", "-", "—", "~", "、", "和", "及", "或"}
_APPROX_PREFIX = re.compile(r"(大约|约为|约|将近|接近|逼近|近|超过|超出|超|逾|突破|不到|不足|多达|高达|达到|达|共计|累计|共|为|了|至|到)$")
_APPROX_WORDS = {
    "大约": "about", "约为": "about", "约": "about",
    "将近": "below", "接近": "below", "逼近": "below", "近": "below", "不到": "below_strict", "不足": "below_strict",
    "超过": "above", "超出": "above", "超": "above", "逾": "above", "突破": "above",
}
_APPROX_SUFFIX = re.compile(r"\s*(左右|上下|以上|以下|以内|有余|多)")
_SUFFIX_WORDS = {"左右": "about", "上下": "about", "以上": "above", "有余": "above", "多": "above", "以下": "at_most", "以内": "at_most"}
_DIRECTION_RE = re.compile(
    r"(?P<down>负增长|下降|减少|下滑|回落|降低|下跌|缩减|缩小|降幅|减幅|跌幅|低于|慢于|放缓|减缓|少了)|(?P<up>增长|增加|提高|上升|提升|上涨|扩大|收窄|加快|增幅|多出|高出|高于|快于|超出)|(?P<flat>持平)"
)
_COMPARED = {"低于", "高于", "慢于", "快于"}  # 低于全省平均增速2.1个百分点: the comparison base sits between
_FALL = re.compile(r"降幅|减幅|跌幅")  # 降幅扩大 is a fall
_GROWTH = re.compile(r"增幅|增速")  # 收窄 is a fall narrowing (比最低点收窄3.0个百分点), unless growth narrows
_LEVEL_AFTER = re.compile(r"^(?:了)?(?:到|至|达到|为)")
_PERIOD_BLOCKER = re.compile(r"(?:比|较|与|同|相比|较之|环比)(?:上年|去年|前年|上月)?$")


_LEFT_WINDOW = 28  # chars: "石油及制品类是全市零售额规模较大的商品之一，占限上零售额的22.4%" names its subject 26 back (20 lost it;
# measured on the real set: 20 -> 0.942, 28 -> 0.945, 36 -> 0.944 correct sentences unflagged, recall unchanged)


@dataclass(slots=True)
class _Found:
    """A number as the scanner first reads it, before the words around it are read; the marking passes change `kind`
    (a name, a threshold, a peer count) and `unit` (a listed number taking its neighbour's unit)."""

    start: int  # offsets in the normalised text
    end: int
    kind: str
    value: Decimal | None = None
    unit: str | None = None
    quantum: Decimal | None = None
    numeral: str = "arabic"
    approx: str | None = None  # from a suffix inside the match (余, 多)


def _context_limits(norm: str, pos: int, floor: int) -> int:
    """Start of the clause window before `pos`: after the last clause end, the previous mention, _LEFT_WINDOW chars back."""
    lo = max(floor, pos - _LEFT_WINDOW)
    cut = lo
    for m in _CLAUSE_END.finditer(norm, lo, pos):
        cut = m.end()
    return cut


def _tail(norm: str, pos: int) -> str:
    out = []
    for ch in norm[pos : pos + 8]:
        if ch in "，,。；;！？!?：:、（）()\n“”\"" or ch.isdigit():
            break
        out.append(ch)
    return "".join(out)


def find_mentions(text: str, units: tuple[str, ...] = ()) -> list[NumberMention]:
    """Every number in `text` (figures, placeholders and non-figures), in order, with offsets into `text`.

    `units`: extra unit bases to read after a number (those of the figures table: 面, 万元/亩 …).
    """
    norm, offsets = normalize(text)
    quoted = [(m.start(), m.end()) for m in _QUOTE_RE.finditer(norm)] if ("“" in norm or '"' in norm or "《" in norm) else []
    raw: list[_Found] = []
    for m in _mention_re(tuple(units)).finditer(norm):
        group = m.lastgroup
        if m.group("num") is not None:
            group = "num"
        elif m.group("cn") is not None:
            group = "cn"
        start, end = m.span()
        if group in ("listcn", "listar"):
            text_span = m.group(group)
            start = start + (len(text_span) - len(text_span.lstrip(" \t\u3000")))
            raw.append(_Found(start, end, "list_marker"))
            continue
        if group in ("slogan", "tiered"):
            if m.group()[0] in "“\"《" and not _HAS_NUMERAL.search(m.group()):
                continue  # a quote without numbers (“招商引资”) is not a mention at all
            raw.append(_Found(start, end, "slogan", numeral="chinese"))
            continue
        if group in ("docnum", "code", "generation"):
            raw.append(_Found(start, end, {"generation": "slogan"}.get(group, group)))
            continue
        if group == "phyear":
            raw.append(_Found(start, end, "placeholder", unit="年"))
            continue
        if group == "placeholder":
            unit_match = _PLACEHOLDER_UNIT_RE.match(norm, end)
            unit = unit_match.group(1) if unit_match else None
            raw.append(_Found(start, unit_match.end() if unit_match else end, "placeholder", unit=unit))
            continue
        if group in ("daterange", "quarter"):
            raw.append(_Found(start, end, "period"))
            continue
        if group == "date":
            raw.append(_Found(start, end, "date" if ("日" in m.group() or "号" in m.group()) else "period"))
            continue
        if group in ("year", "cnyear"):
            raw.append(_Found(start, end, "year", numeral="arabic" if group == "year" else "chinese"))
            continue
        if group == "ordinal":
            raw.append(_Found(start, end, "ordinal"))
            continue
        if group in ("rank", "rankmore"):
            body = m.group()
            digits = re.search(rf"第\s*(\d+|[{CN_DIGITS}十]+)", body)
            assert digits is not None  # both rank patterns require 第 and a number
            num_start = start + digits.start()
            token = digits.group(1)
            value = Decimal(token) if token.isdigit() else Decimal(chinese_integer(token))
            raw.append(_Found(num_start, end, "ranking", value, "位", Decimal(1), "arabic" if token.isdigit() else "chinese"))
            continue
        if group == "percentcn":
            body = m.group()[3:].rstrip("点")
            end = start + 3 + len(body)
            try:
                value, quantum = chinese_number(body)
            except (ValueError, KeyError):
                continue
            raw.append(_Found(start, end, "figure", value, "%", quantum, "chinese"))
            continue
        if group == "num":
            raw.append(_arabic(m, norm))
            continue
        if group == "cn":
            item = _chinese(m)
            if item is not None:
                raw.append(item)
            continue
    return _finish(text, norm, offsets, raw, quoted)


_HAS_NUMERAL = re.compile(rf"[\d{CN_NUMERAL_CHARS}]")
_QUOTE_RE = re.compile(r"“[^”\n]{0,30}”|\"[^\"\n]{0,30}\"|《[^》\n]{0,60}》")


def _arabic(m: re.Match, norm: str) -> _Found:
    start, end = m.span()
    value, quantum = arabic_number(m["num"])
    if m["neg"]:
        value = -value
    mult = m["mult"] or ""
    for c in mult:
        value *= CN_SMALL[c]
        quantum *= CN_SMALL[c]
    unit = (m["scale"] or "") + (m["base"] or "")
    if m["pp2"]:  # OCR turns % into %o
        unit = "%"
    numeral = "mixed" if (mult or m["scale"]) else "arabic"
    suffix = "above" if (m["suffix"] or m["suffix2"] or (m["mid"] and m["scale"])) else None
    if not unit:
        # a lone 余/多 without a unit is not an approximation word (多 starts 多家, 多个 …)
        suffix = None
        end = m.start("suffix") if m["suffix"] else end
        end = min(end, m.end("num") + len(mult))
        unit = None
    if unit == "个" and m["suffix2"] and norm.startswith("月", end):
        unit, end = "个月", end + 1  # 3个多月: more than three months, a duration
    if unit == "%" and value.is_signed() is False and norm[end : end + 1] == "o":
        end += 1
    if unit is None and not mult and norm.startswith("强", end):
        return _Found(start, end, "slogan", numeral=numeral)  # 消费活力20强城市, 500强: a list's name
    if unit is None and _YEAR_PREFIX.fullmatch(m["num"]) and re.match(rf"[{CJK}]", norm[end : end + 1]):
        return _Found(start, end, "year", numeral=numeral)  # 2023福布斯…, 2022百强: a year before a name
    return _Found(start, end, "figure", value, unit, quantum, numeral, suffix)


_YEAR_PREFIX = re.compile(r"(?:19|20)\d{2}")


def _chinese(m: re.Match) -> _Found | None:
    start, end = m.span()
    token = m["cn"]
    unit = m["cnunit"]
    if token in ("一", "两") and unit in ("个", "家", "项", "批", "名", "次", "件", "条", "处", "种", "套", "台", "所", "座", "人", "位", "轮", "场"):
        after = m.string[end : end + 1]
        if token == "一" and after and after not in "，,。；;！？!?、）)\n":
            return None  # 一个工程 / 一家企业 / 一批 read as words; "新增企业一家。" is a count
    scale = ""
    for word in ("万亿", "亿", "万"):
        if token.endswith(word) and len(token) > len(word):
            scale = word
            break
    try:
        if "点" in token:
            value, quantum = chinese_number(token[: len(token) - len(scale)])
        else:
            value = Decimal(chinese_integer(token)) / SCALES[scale]
            quantum = Decimal(1)
    except (ValueError, KeyError, InvalidOperation):
        return None
    if unit == "%":
        unit = "%"
    return _Found(start, end, "figure", value, scale + unit, quantum, "chinese", "above" if m["cnsuffix"] else None)


def _inside(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    """True when `span` lies within one of `spans` (sorted by start, not overlapping)."""
    i = bisect_right(spans, (span[0], float("inf"))) - 1
    return i >= 0 and spans[i][0] <= span[0] and span[1] <= spans[i][1]


def _finish(text: str, norm: str, offsets: list[int] | None, raw: list[_Found], quoted: list[tuple[int, int]]) -> list[NumberMention]:
    """Raw matches -> mentions: names in quotes, thresholds, periods, the words around each number."""
    # Mentions inside short quotes or book titles are names (“一二三五”, “1+N”, 《…2023年…》).
    for item in raw:
        if item.kind in ("figure", "ranking") and quoted and _inside((item.start, item.end), quoted):
            item.kind = "slogan"
    _mark_thresholds(norm, raw)
    _mark_peers(norm, raw)
    _share_list_units(norm, raw)
    periods = _periods(norm)
    out: list[NumberMention] = []
    prev_end = 0
    pi = 0
    current_period = None
    for item in raw:
        start, end, kind, value, unit, quantum, numeral = item.start, item.end, item.kind, item.value, item.unit, item.quantum, item.numeral
        while pi < len(periods) and periods[pi][0] < start:
            current_period = periods[pi][1]
            pi += 1
        left_start = _context_limits(norm, start, prev_end)
        left = norm[left_start:start]
        approx = item.approx
        direction = 0
        level = False
        if kind == "figure" and value is not None:
            approx, level, stripped = _prefix(left, approx)
            tail_match = _APPROX_SUFFIX.match(norm, end)
            if tail_match and approx is None and not (tail_match.group(1) == "多" and unit is None):
                approx = _SUFFIX_WORDS[tail_match.group(1)]
            direction, level2 = _direction(stripped)
            level = level or level2
            if (unit is None or (numeral == "chinese" and unit[-1:] in _COUNTING_WORDS)) and _STRUCTURE_NEXT.match(norm, end):
                kind = "structure"  # 六个方面, 三个坚持, 两项指标: the shape of the text, not a statistic
            elif numeral == "chinese" and unit == "次" and norm.startswith(("产业", "开发", "创业", "元"), end):
                kind = "slogan"  # 三次产业, 二次开发, 二次创业: a term
            elif unit is None and numeral == "arabic" and norm.startswith("千伏", end):
                kind = "slogan"  # 110千伏变电站: a voltage class, the name of a facility (220kV is a code already)
            elif numeral == "chinese" and value == 1 and left[-1:] in _NOT_ONE:
                kind = "structure"
            elif left.endswith("每"):
                kind = "per"  # 每千家企业中有上市企业11家: the base of a ratio
            elif unit is None and numeral == "arabic" and _CAPTION.search(left):
                kind = "structure"
        o_start = offsets[start] if offsets else start
        o_end = (offsets[end - 1] + 1) if offsets else end
        out.append(
            NumberMention(
                start=o_start,
                end=o_end,
                text=text[o_start:o_end],
                value=value if kind in ("figure", "ranking", "peers") else None,  # peers: checked where an input gives them
                unit=unit if kind in ("figure", "ranking", "placeholder", "peers") else None,
                kind=kind,
                quantum=quantum if kind in ("figure", "ranking", "peers") else None,
                approx=approx if kind == "figure" else None,
                direction=direction,
                level=level,
                period=current_period,
                numeral=numeral,
                left=left,
                right=_tail(norm, end),
            )
        )
        if kind in ("figure", "ranking", "placeholder", "list_marker"):
            prev_end = end  # a year or a period before a figure is part of its clause ("从2012年的5.4万亿元"); 二是 is not
    return out


# 约 in 签约/节约/制约, 近 in 最近/附近, 超 in 赶超 are not approximation words.
_NOT_APPROX_BEFORE = {"约": set("签节制合契履预邀特公"), "近": set("最附就邻靠亲贴"), "超": set("赶高"), "达": set("到发表传下通"), "共": set("公")}


def _prefix(left: str, approx: str | None) -> tuple[str | None, bool, str]:
    """Approximation and level words right before the number; returns (approx, level, left without them)."""
    level = False
    stripped = left
    for _ in range(3):
        pre = _APPROX_PREFIX.search(stripped)
        if not pre:
            break
        word = pre.group(1)
        before = stripped[pre.start() - 1 : pre.start()]
        if before and before in _NOT_APPROX_BEFORE.get(word, ()):
            break
        if word in _APPROX_WORDS and approx is None:
            approx = _APPROX_WORDS[word]
        if word in ("至", "到", "达到"):
            level = True
        stripped = stripped[: pre.start()]
    return approx, level, stripped


def _direction(left: str) -> tuple[int, bool]:
    """Direction word closest before the number (within a few characters) and whether it names a level."""
    window = left[-16:]
    found = None
    for found in _DIRECTION_RE.finditer(window):  # noqa: B007 - the loop keeps the last (closest) match
        pass
    if found is None:
        return 0, False
    rest = window[found.end() :]
    if len(rest) > (12 if found.group() in _COMPARED else 5) or re.search(r"[，,。；;、]", rest):
        return 0, False
    level = bool(_LEVEL_AFTER.match(rest))
    if found["flat"]:
        return 0, level
    sign = 1 if found["up"] else -1
    flips = _GROWTH if found.group() == "收窄" else _FALL
    before = [] if _FALL.fullmatch(found.group()) else list(flips.finditer(window, 0, found.start()))
    if before and not re.search(r"[，,。；;、]", window[before[-1].end() : found.start()]):
        sign = -sign  # 降幅较上月扩大3.4个百分点: the fall grew; 增幅收窄: the growth slowed
    return sign, level


def direction_of(words: str) -> int:
    """The direction a phrase ending in a number states: +1 (增长, 高于, 降幅收窄), -1 (下降, 低于, 降幅扩大) or 0."""
    return _direction(words)[0]


def _periods(norm: str) -> list[tuple[int, Period | None]]:
    """(position, period) for each period expression; a sentence end resets to no period."""
    events: list[tuple[int, Period | None]] = []
    for m in _SENTENCE_END.finditer(norm):
        events.append((m.start(), None))
    for m in _PERIOD_RE.finditer(norm):
        if _PERIOD_BLOCKER.search(norm, max(0, m.start() - 6), m.start()):
            continue  # 比一季度提高… : a comparison base, not the period of the statement
        if norm.startswith("相比", m.end()):
            continue
        opened = max(norm.rfind("（", 0, m.start()), norm.rfind("(", 0, m.start()))
        if (
            opened >= 0
            and max(norm.rfind("）", opened, m.start()), norm.rfind(")", opened, m.start())) < 0
            and re.match(r"[^。；;\n]{0,12}[）)]", norm[m.end() :])
        ):
            continue  # "（6月当月）": a period inside brackets qualifies a name, it does not set the clause's period
        period = _period_of(m)
        events.append((m.start(), None if isinstance(period, str) else period))  # the only string period_of gives is NEUTRAL (今年以来)
    events.sort(key=lambda e: e[0])
    return events


_LIST_SEP = {"、", "和", "及", "与"}


def _share_list_units(norm: str, raw: list[_Found]) -> None:
    """Bare numbers listed before one that carries a unit take its unit: 提高2.2、4.1、17.5个百分点."""
    unit = None
    for i in range(len(raw) - 1, -1, -1):
        item = raw[i]
        if item.kind != "figure" or item.value is None:
            unit = None
            continue
        if item.unit is not None:
            unit = item.unit if item.numeral != "chinese" else None
            continue
        following = raw[i + 1] if i + 1 < len(raw) else None
        if unit and following is not None and norm[item.end : following.start].strip() in _LIST_SEP:
            item.unit = unit
        else:
            unit = None


# "在16个县市区…综合排名中", "全省100个工业园区中排位第五位", "35个大中城市前列", "位居8郊区第二位": how many
# the unit is ranked among, not a figure of its own.
PEER_WORDS = ("县市区", "县（市、区）", "高新区", "经开区", "开发区", "市区", "县区", "区县", "城市", "郊区", "园区", "地市", "市州", "省份", "省区市")
_PEER_NOUN = re.compile(rf"[{CJK}]{{0,10}}?(?:{'|'.join(map(re.escape, PEER_WORDS))})")
_PEER_RANK = re.compile(rf"(?:（[^）]{{0,16}}）)?[{CJK}]{{0,12}}?(?:中|之中|当中|前列|第|排名|排位|位次)")


def _mark_peers(norm: str, raw: list[_Found]) -> None:
    """A whole count of regions or parks followed by a ranking: how many the unit is ranked among."""
    for item in raw:
        if item.kind != "figure" or item.unit not in (None, "个") or item.value is None or item.value != item.value.to_integral_value():
            continue
        noun = _PEER_NOUN.match(norm, item.end)
        if noun and _PEER_RANK.match(norm, noun.end()) and re.search(r"第|前列|排名|排位|位次", norm[item.end : item.end + 40]):
            item.kind = "peers"


def _mark_thresholds(norm: str, raw: list[_Found]) -> None:
    """10亿元以上项目, 税收500万元以上企业, 5亿元至10亿元项目: the number names a category."""
    for i in range(len(raw) - 1, -1, -1):
        item = raw[i]
        start, end, kind, unit = item.start, item.end, item.kind, item.unit
        if kind not in ("figure", "placeholder") or not unit:
            continue
        dim = dimension(unit)
        if unit in SCALES and re.match(r"(?:及)?(?:以上|以下)", norm[end:]):
            dim = "元"  # 5千万以上项目: a bare scale word is an amount of money
        if dim not in ("元", "美元", "亩", "平方米", "%"):
            continue
        if dim in ("元", "美元") and re.match(
            rf"(?:及)?(?:以上|以下)(?:的?(?:\d|[{CN_DIGITS}十])|(?!同比|增长|下降|较|比|占|完成|实现)[{CJK}]{{2}})", norm[end:]
        ):
            if kind == "figure":
                item.kind = "threshold"  # 其中5千万以上的67个: the number names the category the count is of
            continue
        if _THRESHOLD_NEXT.match(norm, end) and (
            norm.startswith(("以上", "以下", "及以上"), end)
            or (dim in ("元", "美元") and re.match(r"(?:投资建设|投资|建设|竣工投产)?(?:项目|工程)", norm[end : end + 8]))
        ):
            if kind == "figure":
                item.kind = "threshold"
            continue
        prev = norm[max(0, start - 6) : start]
        if _THRESHOLD_PREV.search(prev) and re.match(r"(?:以上|以下)?的(?:企业|项目)", norm[end:]):
            if kind == "figure":
                item.kind = "threshold"
            continue
        following = raw[i + 1] if i + 1 < len(raw) else None
        if following is not None and following.kind == "threshold" and kind == "figure":
            between = norm[end : following.start]
            if between in _JOINERS:
                item.kind = "threshold"
            elif re.match(r"(?:及)?(?:以上|以下)[、和及与]", between) and start >= 4 and norm[start - 4 : start] == norm[following.start - 4 : following.start]:
                item.kind = "threshold"  # "主营业务收入30亿元以上、中西部…主营业务收入15亿元以上制造业企业": the same words, two categories


_LEAD_WORDS = re.compile(
    r"^(?:[，,、：:\s]|其中|今年以来|年初以来|上半年|下半年|全年|今年|去年|同期|主园区|园区|全区|全县|全市|开发区|经开区|高新区|共计|累计|共|实现|完成|达到|达|新增了?|为|有|，)+"
)
_TRAIL_WORDS = re.compile(r"(?:实现|完成|达到|为|共|累计|总数|总量|了)+$")
_NAME_CHARS = re.compile(rf"[^{CJK}A-Za-z]")


def indicator_of(m: NumberMention) -> str:
    """The indicator words before a figure: 主园区实现规上工业企业产值 -> 规上工业企业产值."""
    left = _prefix(m.left, None)[2]
    for sep in ("，", ",", "；", ";", "："):
        if sep in left:
            left = left.rsplit(sep, 1)[1]
    left = _NAME_CHARS.sub("", left)
    left = _LEAD_WORDS.sub("", left)
    left = _TRAIL_WORDS.sub("", left)
    base = split_unit(m.unit or "")
    measure = base is not None and base[1] in _MEASURE_SET
    if measure and m.right:
        noun = _NAME_CHARS.sub("", m.right)[:6]
        return (left + noun) if noun else left
    return left
