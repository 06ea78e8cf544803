"""The checks of a text against the writer's inputs: check_numbers() binds every number to the input its sentence
talks about, with a verdict and a reason; review() is the verdict a writer is shown (the numbers and everything else)."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import replace
from decimal import Decimal
from os.path import commonprefix

from assistant.figures import figure_set_from
from assistant.figures.headers import OWN_RATE
from assistant.guardrails.binding import STRONG, bind, bind_all, can_state, group_score, undistinguished
from assistant.guardrails.consistency import inconsistencies
from assistant.guardrails.derivation import PLAN_WORDS, TARGET, TARGET_RATE, Candidate, derived, direct, remainder, sums
from assistant.guardrails.facts import Group, Index, bigrams, core_name, expand_abbreviations
from assistant.guardrails.leftovers import text_issues
from assistant.guardrails.names import inputs_text, invented
from assistant.guardrails.report import Mention, Report
from assistant.guardrails.rules import agrees
from assistant.guardrails.tables import on_tables
from assistant.guardrails.usage import usage_issues, with_usage
from assistant.numbers import (
    NOT_FIGURE_REASONS,
    PEER_WORDS,
    NumberMention,
    compatible,
    dimension,
    direction_of,
    find_mentions,
    fmt,
    period_text,
    same_period,
    scale_of,
)
from assistant.sentences import SENTENCE_END as _SENTENCE_END
from assistant.sentences import STATEMENT_END as _CLAUSE_END
from assistant.units import MEASURE_WORDS, RATE_UNITS

_PLAN_CUES = (TARGET, TARGET_RATE)
_LIST_JOINERS = {"、", "和", "及", "与", ",", "，", ":", "："}
_SHARE_NAME = re.compile(r"占.{0,16}(?:比重|比例)|占比$|占[^，。]{1,12}$")
_BORROWED_LEFT = 60  # characters of cue words a list item may borrow from the items before it
_REFERS = re.compile(r"\s*(?:该指标|该项指标|这一指标|此项指标|其中)")
_REST_CUE = re.compile(r"(?:还有|剩余|尚有|其余|未办结|待办)[^，,；;。\d]{0,6}$")
_SUM_CUE = re.compile(r"(?:合计|共计|总计|共|总量|总数|之和|累计|两项|三项|总共)[^，,；;。\d]{0,6}$")
_SCALE_EXPONENTS = frozenset((1, 2, 3, 4, 8, -1, -2, -3, -4, -8))  # 万↔亿, 元↔万元, a slipped decimal point
_ONE = Decimal(1)
_CACHE: dict[tuple, _Prepared] = {}
WEAK = 0.3  # an unbound clause must share at least this much wording with an input to be read as it


class _Prepared:
    """An Index plus each group's candidates, computed once per figure set."""

    def __init__(self, index: Index):
        self.index = index
        self.direct = {g.key: direct(g) for g in index.groups}
        self.derived = {g.key: derived(g, index) for g in index.groups}
        self.all_direct = [c for g in index.groups for c in self.direct[g.key]]
        self.all_derived = [c for g in index.groups for c in self.derived[g.key]]
        self.group_of = {id(c): g for g in index.groups for c in self.direct[g.key] + self.derived[g.key]}
        self.numbered_names = [g.name for g in index.figures if _NAME_NUMBER.search(g.name)]  # 5千万以上项目, 每千家企业
        self.siblings: dict[str, list[Group]] = {}  # one indicator's groups for each period the table gives
        for g in index.figures:
            self.siblings.setdefault(_indicator_key(g), []).append(g)


def prepare(inputs) -> _Prepared:
    """The prepared inputs for a figure set, dict or list (cached: drafting checks the same inputs often)."""
    figure_set = figure_set_from(inputs)
    key = (tuple(figure_set.figures), tuple(figure_set.notes))
    prepared = _CACHE.get(key)
    if prepared is None:
        if len(_CACHE) >= 64:
            _CACHE.clear()
        prepared = _CACHE[key] = _Prepared(Index(figure_set))
    return prepared


def check_numbers(text: str, inputs) -> Report:
    """Every number in `text` against `inputs` (a FigureSet, a {"figures", "notes"} dict or a list), and nothing else:
    what the drafting's repair loops need. A report a writer sees comes from review(). A table in the text (tab-separated
    rows under a header, as a Word report's 表1 is loaded) is checked row by row as the sentences it stands for."""
    return Report(text=text, mentions=on_tables(lambda prose: _check_prose(prose, inputs).mentions, text))


def _check_prose(text: str, inputs) -> Report:
    """check_numbers() on a text whose tables are already sentences."""
    prepared = prepare(inputs)
    found = find_mentions(text, prepared.index.units)
    inside = [(m.start, m.end) for m in found if "\n" in m.text]
    named = _named_spans(text, prepared.numbered_names)
    # what a clause says (its subject, lists, brackets) ends at ；, a target-setting opening ("…目标是：") at 。
    ends = [e.end() for e in _CLAUSE_END.finditer(text) if not _within_any(inside, e.start())]
    sentence_ends = [e.end() for e in _SENTENCE_END.finditer(text) if not _within_any(inside, e.start())]
    plans = [(p.start(), p.end()) for p in PLAN_WORDS.finditer(text)]
    opens = [i for i, ch in enumerate(text) if ch in "（("]
    closes = [i for i, ch in enumerate(text) if ch in "）)"]
    outer: list[Group] | None = None  # the subject before a bracket: "进出口总额10.1万亿元（其中，出口…），同比增长1%"
    bracketed = False
    out: list[Mention] = []
    sentence = -1
    respectively = False
    subject: list[Group] | None = None
    listed: list[tuple[Decimal, str, str]] = []
    previous: NumberMention | None = None
    order: list[list[Group]] | None = None  # a 分别 list: the inputs of each item in turn
    position, list_unit = 0, ""
    ratio_left = 0  # numbers of a ratio (三次产业结构为6.3:37.3:56.4) still to come
    stated: list[Group] = []  # the indicators the sentence has stated values of, in order
    among: list[Group] = []  # the input counting the peers just named ("在169个国家级高新区中"), and where they end
    among_end = 0
    share_stated: list[Group] = []  # the share the clause just stated, whose change in points may follow
    for index, m in enumerate(found):
        here = bisect_right(ends, m.start)
        start = ends[here - 1] if here else 0  # where the clause (up to ；) begins
        opened = bisect_right(sentence_ends, m.start)
        sentence_start = sentence_ends[opened - 1] if opened else 0
        if here != sentence:
            # "该指标增速7.7%", "其中6月当月同比下降17.6%": a sentence opening on a reference goes on with the last subject
            refers = sentence >= 0 and (reference := _REFERS.match(text, start)) is not None and reference.end() <= m.start
            carried = subject if refers and bind(bigrams(m.left), prepared.index, m.unit)[1] < STRONG else None  # not "其中，出口总额…"
            sentence, subject, listed, respectively, previous, stated, share_stated = here, carried, [], False, None, [], []
            bracketed = False
        in_brackets = _in_brackets(opens, closes, start, m.start)
        if in_brackets and not bracketed:
            outer = subject
        elif bracketed and not in_brackets and outer:
            subject = outer  # (with no subject before it, what the bracket named goes on: "回升（GDP增长5.8%），比前三季度加快…")
        bracketed = in_brackets
        if m.kind == "placeholder":
            out.append(_mention(m, "placeholder", None, "模板占位符，请填入核实后的数据。"))
            groups, score = bind(bigrams(m.left) | bigrams(m.right), prepared.index, None)
            if score >= STRONG:
                subject = groups  # "工业总产值*亿元，下降4.67%": the rate belongs to the placeholder's indicator
            continue
        if m.kind == "peers":
            # "在16个县市区…排名中": checked where an input gives the count, else context, not a figure of the unit's
            noun = re.split(r"[，,。；;（(]", text[m.end : m.end + 30], maxsplit=1)[0]  # 县市区, 国家级高新区中位居第七名
            verdict, bound = _judge_in(bigrams(noun), replace(m, kind="figure"), prepared, None, [], None, False)
            count = _peer_count(noun, m, prepared) if verdict.status == "unsupported" else None
            if count is not None:
                among = [prepared.group_of[id(count)]]
                verdict, bound = _verdict(m, count), among
            counted = verdict.status != "unsupported" or verdict.figure is not None or _peers_counted(noun, prepared)
            out.append(verdict if counted else _mention(m, "not_a_figure", None, NOT_FIGURE_REASONS["peers"]))
            if count is not None:
                subject = among  # "在169个国家级高新区中位居第七名": the rank among them is the count's indicator's
                among_end = m.end
            continue
        if not m.is_figure:
            out.append(_mention(m, "not_a_figure", None, NOT_FIGURE_REASONS.get(m.kind, "不是数据")))
            continue
        if _inside(m, named):
            out.append(_mention(m, "not_a_figure", None, "指标名称中的数字，不是数据"))
            continue
        ratio = _ratio_items(text, found, index, start)
        opens_list = "分别" in m.left or ratio is not None or _implicit_list(m, found, index, stated, prepared, respectively)
        if previous is not None and m.left.strip() in _LIST_JOINERS and m.unit == previous.unit:
            # "同比分别增长9%、23%": a list item reads its cue and direction from the item before it
            # (bounded: in a list of thousands of items the borrowed words would otherwise grow without end)
            m = replace(m, left=(previous.left + m.left)[-_BORROWED_LEFT:], direction=m.direction or previous.direction)
        previous = m
        if opens_list:
            # "A和B分别为x和y": every input the clause names is in play for each number that follows, and
            # where the clause lists them in an order the text shows, the i-th number is the i-th input's
            named_items = _item_groups(ratio, prepared, m.unit) if ratio else _named_items(text[max(start, m.start - _OPENING) : m.start], prepared, m.unit)
            if named_items is None and respectively and order:
                position, list_unit = 0, dimension(m.unit)  # "…分别增长15.7%、5.6%，比上年同期分别提高2.2、4.1个百分点": the same items
            else:
                respectively, before = True, subject
                subject = list(bind_all(bigrams(m.left), prepared.index, m.unit))
                order, position, list_unit = named_items or _in_order(subject, m.left), 0, dimension(m.unit)
                if named_items:
                    subject = [g for item in named_items for g in item]
                if not subject:
                    # "财政收入1.7万亿元，税收收入1.6万亿元，同比分别增长3.8%和8%": the inputs just stated, in order
                    items = _list_length(found, index)
                    order = [[g] for g in stated[-items:]] if 1 < items <= len(stated) else None
                    subject = [g for item in order or () for g in item] or before  # "总量和增幅分别居全省第6位和第12位": aspects of the subject
        elif respectively and order and dimension(m.unit) != list_unit:
            position, list_unit = 0, dimension(m.unit)  # "分别达到18687元、5634元，增长7.8%、9.2%": the same inputs again
        if among and m.unit == "位" and not _CLAUSE_BREAK.search(text, among_end, m.start):
            out.append(_rank_among(m, among, prepared))  # "在169个国家级高新区中位居第七名": that count's indicator's rank
            continue
        forced = None
        if respectively:
            forced = order[position] if order and position < len(order) else subject
            position += 1
        if ratio:
            ratio_left = len(ratio)
        ratio_left -= 1
        # "营业收入超过1000亿元的国家高新区54家", "…的国家高新区数量从2012年的54家": a numbered name just before, in the clause
        name = next((text[a:b] for a, b in named if b <= m.start and m.start - b <= _NAME_REACH and not _CLAUSE_BREAK.search(text, b, m.start)), "")
        planned = _after_plan_word(plans, sentence_start, m.start)  # "2022年目标是：…；…达到42亿元"
        shared = _shared_rank(m, prepared, text[max(0, m.start - 16) : m.start])
        if shared is not None:
            out.append(shared)  # "两项指标均位列全市第1": several inputs hold that rank
            continue
        opening = text[max(sentence_start, m.start - _OPENING) : m.start] if planned else ""
        about = [*share_stated, *(subject or ())] if share_stated and m.unit == "个百分点" else subject
        m = _resolve_this(m, stated)
        ahead = _CLAUSE_BREAK.split(text[m.end : m.end + _NAME_REACH * 3], maxsplit=1)[0]
        verdict, bound = _judge(m, prepared, about, listed, forced=forced, name=name, planned=planned, opening=opening, ahead=ahead)
        out.append(verdict)
        if ratio_left == 0:
            respectively, order, subject, bound = False, None, None, None  # the ratio ends: "…为6.3:37.3:56.4，其中二产占比提高…"
        share = bool(bound and subject and all(_SHARE_NAME.search(g.name) for g in bound))
        if share and bound and verdict.status == "supported":  # share implies bound is non-empty
            share_stated = bound  # "…占全市规模工业的81.2%，比去年同期提升11.4个百分点": the points are the share's change
        if bound and not respectively and not share:
            subject = bound  # a share (“…占规上总产值比重”) does not take over: "占规上总产值68%，同比增长24.66%" goes on about the 产值
        if verdict.status == "supported" and m.unit not in ("%", "个百分点", "位") and bound and bound[0].figure is not None and bound[0] not in stated:
            stated.append(bound[0])
        if verdict.status in ("supported", "derived") and m.unit and m.unit not in ("%", "个百分点", "位"):
            base = m.base_value()
            assert base is not None  # a figure the inputs support has a value
            listed.append((base, m.text, m.unit))
    return Report(text=text, mentions=out)


_JOINT_RANK = re.compile(r"\S{2,}(?:及|和|与|、)\S{2,}(?:排名|位次|排位)")
_COUNTED_INDICATORS = re.compile(r"[\d一二两三四五六七八九十]项指标")  # "3项指标增速全市第一"


def _shared_rank(m: NumberMention, prepared: _Prepared, before: str) -> Mention | None:
    """A rank several indicators share ("多项经济指标增速均居七区第2位", "3项指标增速全市第一"): supported where two or
    more inputs hold it. `before`: the text just before the rank."""
    if m.unit != "位" or not ("均" in before[-8:] or _COUNTED_INDICATORS.search(before)):
        return None
    holders = [c for c in prepared.all_direct if dimension(c.unit) == "位" and c.value == m.value and c.fact is not None]
    labels = list(dict.fromkeys(c.fact.label for c in holders if c.fact is not None))  # holders all have a fact
    if len(labels) < 2 and not any(_JOINT_RANK.search(label) for label in labels):
        return None  # one row may hold the rank of two: 社会消费品零售总额及限上社零全市排名
    shown = "、".join(f"“{label}”" for label in labels[:3]) + ("等" if len(labels) > 3 else "")
    assert m.value is not None  # the holders' values equal it
    return _mention(m, "supported", holders[0].figure, f"输入中{shown}均为第{fmt(m.value)}位。")


_THIS = re.compile(r"(?:该|这些|此)(?:批|类|些|项|个)?([\u4e00-\u9fff]{2})")


def _resolve_this(m: NumberMention, stated: list[Group]) -> NumberMention:
    """"该批项目预测上半年将完成投资34.32亿元" after "纳统在库项目127个": 该批项目 is the sentence's 纳统在库项目."""
    found = _THIS.search(m.left)
    if not found:
        return m
    meant = next((g.name for g in reversed(stated) if found.group(1) in g.name), None)
    return replace(m, left=m.left[: found.start()] + meant + m.left[found.end() :]) if meant else m


def _rank_among(m: NumberMention, among: list[Group], prepared: _Prepared) -> Mention:
    """A rank right after a count of peers the inputs give: held against that indicator's ranks only."""
    ranks = [c for g in among for c in prepared.direct[g.key] if c.unit == "位"]
    found, failure = _match(m, ranks, bigrams(m.left))
    if found is not None:
        return _verdict(m, found)
    if failure is not None:
        return _mention(m, "unsupported", failure[1].figure, failure[0])
    shown = "；".join(_describe(c) for c in ranks[:2])
    return _mention(
        m, "unsupported", among[0].figure.name if among[0].figure else None, f"与输入不符：{shown}。" if shown else f"输入中{_quote(among)}没有排名。"
    )


def _peer_counts(noun: str, prepared: _Prepared) -> list[Candidate]:
    """The inputs that count the peers a noun names (参评高新区 169个 for "169个国家级高新区中")."""
    word = next((w for w in PEER_WORDS if w in noun[:14]), None)
    if word is None:
        return []
    return [c for c in prepared.all_direct if c.fact is not None and word in c.fact.label and dimension(c.unit) in ("个", "")]


def _peer_count(noun: str, m: NumberMention, prepared: _Prepared) -> Candidate | None:
    """The input that counts such peers with this number."""
    counts = _peer_counts(noun, prepared)
    return _match(replace(m, kind="figure"), counts, bigrams(noun))[0] if counts else None


def _peers_counted(noun: str, prepared: _Prepared) -> bool:
    """The inputs count such peers: then the text's count is held against them."""
    return bool(_peer_counts(noun, prepared))


def _in_brackets(opens: list[int], closes: list[int], start: int, at: int) -> bool:
    """True when a bracket opened after `start` is still open at `at`."""
    i = bisect_left(opens, at) - 1
    if i < 0 or opens[i] < start:
        return False
    j = bisect_left(closes, at) - 1
    return j < 0 or closes[j] < opens[i]


def _within_any(spans: list[tuple[int, int]], at: int) -> bool:
    """True when `at` lies strictly inside one of `spans` (sorted, not overlapping)."""
    i = bisect_left(spans, (at, at)) - 1
    return i >= 0 and spans[i][0] < at < spans[i][1]


def review(text: str, inputs, period: str | None = None, source: str | None = None) -> Report:
    """The verdict a writer is shown, wherever it is shown (the 起草 tab's check, the 核对稿件 tab, the Word and
    Markdown export, the command line): check_numbers() and what a reader catches besides numbers (leftover slots,
    empty headings, repeated sentences, a cut-off end, labels and, given the report's period, other years), and how
    numbers are written (usage.py: GB/T 15835 and office practice, errors apart from advice).
    With no inputs at all (None), the draft is checked against itself: an indicator stated twice with two
    values, a 合计/占比/完成率 that does not follow from the numbers beside it, besides the leftovers; its
    numbers are not flagged for want of a table. `source`, for a draft
    made here: the writer's inputs as one text (names.inputs_text); a place, enterprise, project or slogan
    the draft names and it lacks is flagged."""
    if inputs is None:
        issues = sorted(text_issues(text, period) + with_usage(inconsistencies(text), usage_issues(text)), key=lambda m: (m.start, m.end))
        return Report(text=text, mentions=issues)
    report = check_numbers(text, inputs)
    report = Report(text=text, mentions=with_usage(report.mentions, usage_issues(text)))
    issues = text_issues(text, period) + (invented(text, source) if source is not None else [])
    if not issues:
        return report
    spans = {(m.start, m.end) for m in issues}
    kept = [m for m in report.mentions if (m.start, m.end) not in spans]
    return Report(text=text, mentions=sorted(kept + issues, key=lambda m: (m.start, m.end)))


def review_draft(text: str, given, period: str | None = None, unit: str | None = None) -> Report:
    """The verdict on a draft made here (the 起草 tab, the chat, the export, `assistant draft --json`): review() with
    the report's period and the writer's inputs (unit and period included) as where every name must come from."""
    period, unit = (period or "").strip() or None, (unit or "").strip() or None
    return review(text, given, period, source=inputs_text(given, unit, period))


def _after_plan_word(plans: list[tuple[int, int]], start: int, end: int) -> bool:
    """True when a word that sets a target (目标是、力争) lies wholly between `start` and `end`."""
    at = bisect_left(plans, (start, 0))
    return at < len(plans) and plans[at][1] <= end


def _implicit_list(m: NumberMention, found: list[NumberMention], at: int, stated: list[Group], prepared: _Prepared, respectively: bool) -> bool:
    """Rates listed without 分别 after as many values, naming nothing of their own: "利用内资15.5亿元、外资4101万美元，
    同比增长18%、17.17%" gives each value's rate in turn."""
    if respectively or m.unit not in RATE_UNITS or (at and found[at - 1].unit == m.unit and m.left.strip() in _LIST_JOINERS):
        return False
    items = _list_length(found, at)
    return 1 < items <= len(stated) and bind(bigrams(_own_words(m.left)), prepared.index, m.unit)[1] < STRONG


def _list_length(found: list[NumberMention], at: int) -> int:
    """How many numbers the list opening at found[at] holds ("分别增长2.2%和9.4%" holds two)."""
    n = 1
    for m in found[at + 1 :]:
        if m.left.strip() not in _LIST_JOINERS or m.unit != found[at].unit:
            break
        n += 1
    return n


# The items a 分别 list names, in the clause before 分别: "其中，饮料类、服装鞋帽针纺织品类、日用品类分别增长".
_ITEMS = re.compile(r"([^，,；;。：:（）()]+)分别[^，,；;。：:分]*$")
_ITEM_SEP = re.compile(r"[、和及与]")


def _named_items(left: str, prepared: _Prepared, unit: str | None) -> list[list[Group]] | None:
    """For each item a 分别 list names, the inputs whose names hold it, or None unless every item names inputs of its own."""
    found = _ITEMS.search(left)
    if not found:
        return None
    items = [i.strip() for i in _ITEM_SEP.split(found.group(1))]
    if len(items) < 2 or not all(items):
        return None
    return _item_groups(items, prepared, unit)


_RATIO_SEP = frozenset(":：")
_STRUCTURE = re.compile(r"三次产业(?:结构|比例|之比)?|产业结构")


def _ratio_items(text: str, found: list[NumberMention], at: int, sentence_start: int) -> list[str] | None:
    """The items of a ratio that opens at found[at] ("三次产业结构为6.3:37.3:56.4": 第一产业, 第二产业, 第三产业)."""
    if at and text[found[at - 1].end : found[at].start].strip() in _RATIO_SEP:
        return None  # inside a ratio, not its start
    n = 1
    while at + n < len(found) and text[found[at + n - 1].end : found[at + n].start].strip() in _RATIO_SEP:
        n += 1
    if n < 2 or not _STRUCTURE.search(text, sentence_start, found[at].start):
        return None
    return ["第一产业", "第二产业", "第三产业"][:n] if n <= 3 else None


def _item_groups(items: list[str], prepared: _Prepared, unit: str | None) -> list[list[Group]] | None:
    """For each item, the inputs whose names hold it (the longest tail of the item some name holds: 上半年对巴西 ->
    对巴西进出口增速; 一产 -> 第一产业占比…), or None unless every item names inputs of its own."""
    names = [(g, expand_abbreviations(g.name)) for g in prepared.index.figures if can_state(g, unit)]
    out: list[list[Group]] = []
    for item in items:
        item = expand_abbreviations(item)
        held: list[Group] = []
        for start in range(len(item) - 1):
            held = [g for g, n in names if item[start:] in n]
            if held:
                break
        if not held or any(held == earlier for earlier in out):
            return None
        out.append(held)
    return out


def _in_order(groups: list[Group], left: str) -> list[list[Group]] | None:
    """The listed inputs in the order the clause names them ("石化、食品、电力分别增长…"), or None if it cannot tell."""
    figures = [g for g in groups if g.figure is not None]
    if len(figures) < 2 or len(figures) != len(groups):
        return None
    names = [expand_abbreviations(_plain_name(g.name)) for g in figures]
    left = expand_abbreviations(left)
    head = len(commonprefix(names))
    tail = len(commonprefix([n[::-1] for n in names]))
    found: dict[int, Group] = {}
    for g, n in zip(figures, names):
        core = n[head : len(n) - tail] or n
        at = next((left.find(probe) for probe in (core, core[:2], core[:1]) if probe and left.find(probe) >= 0), -1)
        if at < 0 or at in found:
            return None
        found[at] = g
    return [[found[at]] for at in sorted(found)]


def _mention(m: NumberMention, status: str, figure: str | None, reason: str, basis=(), operation=None) -> Mention:
    return Mention(m.start, m.end, m.text, m.value, m.unit, status, figure, reason, tuple(basis), operation)


def _own_words(left: str) -> str:
    """The clause words that belong to this number: in a list ("84%的实验室、78%的创新中心") those after the last 、."""
    _head, sep, rest = left.rpartition("、")
    if sep and (not rest.strip() or re.search(r"[\u4e00-\u9fff]", rest)):
        return rest
    return left  # "A、B两套专班": the 、 joins names, not list items


# "占园区规模以上工业增加值比重达87%": the words after 占 name the whole the share is of, not the indicator.
_SHARE_OF = re.compile(r"占(?:全部|全市|全省|全国|全县|全区)?[^，,。；;、]{1,24}?(?:的)?(?:比重|比例|份额)?(?:为|达到|达|是)?$")


def _without_whole(own: str) -> str:
    """The clause words without the whole a share is of ("工业产值占园区工业总产值比重达" -> "工业产值占比")."""
    match = _SHARE_OF.search(own)
    return own[: match.start()] + "占比" if match else own


def _judge(
    m: NumberMention, prepared: _Prepared, subject: list[Group] | None, listed, forced: list[Group] | None = None, name: str = "",
    planned: bool = False, opening: str = "",
    ahead: str = "",
) -> tuple[Mention, list[Group] | None]:
    """The verdict on one number; a share ("占园区工业总产值比重达81%") is read first as the clause's indicator's
    share and, if that fails, with the whole's words too (a row named 两类园区GDP占全国比重). `opening`: in a sentence
    setting targets, its words up to the number (they say whose targets: "上报市2022年…预期目标是：")."""
    if m.unit in MEASURE_WORDS and len(bigrams(m.right)) >= 2:
        # "依托66家国家高新区建设23家自主创新示范区": a count names what it counts after its measure word
        # or to the clause's end: "依托66家国家高新区建设23家自主创新示范区" counts 建设自主创新示范区的国家高新区
        for words in dict.fromkeys((m.right, re.sub(r"[\d.]+", "", ahead) or m.right)):
            counted = _judge_in(bigrams(words), m, prepared, None, listed, None, planned, opening=opening)
            if counted[0].status == "supported":
                return counted
    if m.unit == "%" and m.right.startswith("的"):
        part = _share_part(m, prepared)
        if part is not None:
            return part
    own = _own_words(m.left)
    around = bigrams(m.right) | bigrams(name)
    short = _without_whole(own)
    verdict = _judge_in(bigrams(short) | around, m, prepared, subject, listed, forced, planned, opening=opening)
    if short == own or verdict[0].status != "unsupported":
        return verdict
    full = _judge_in(bigrams(own) | around, m, prepared, subject, listed, forced, planned, either=False, opening=opening)
    return full if full[0].status != "unsupported" else verdict


def _share_part(m: NumberMention, prepared: _Prepared) -> tuple[Mention, list[Group]] | None:
    """"以全国2.5%的建设用地创造了13.4%的GDP", "占苏州市3.4%的土地、5.2%的人口": a share naming its part after 的,
    supported by the share whose part (its name before 占) shares the most words with it."""
    words = bigrams(m.right[1:])
    scored = [(len(words & bigrams(g.name.split("占")[0])), g) for g in prepared.index.groups if g.figure is not None and _SHARE_NAME.search(g.name)]
    best = max((n for n, _ in scored), default=0)
    shares = [g for n, g in scored if n == best and best > 0]
    if not shares:
        return None
    cands = [c for g in shares for c in prepared.direct[g.key] if c.unit == "%"]
    found, failure = _match(m, cands, words)
    if found is not None:
        return _verdict(m, found), shares
    if failure is not None:
        return _mention(m, "unsupported", failure[1].figure, failure[0]), shares
    shown = "；".join(_describe(c) for c in cands[:2])
    if not shown:
        return None
    first = shares[0].figure
    assert first is not None  # scored keeps only the groups of figures
    return _mention(m, "unsupported", first.name, f"与输入不符：{shown}。"), shares


def _judge_in(
    context: frozenset[str], m: NumberMention, prepared: _Prepared, subject: list[Group] | None, listed, forced: list[Group] | None,
    planned: bool, either: bool = True,
    opening: str = "",
) -> tuple[Mention, list[Group] | None]:
    """The verdict with these clause words; `either`: a value of an input the words name as well as the bound one passes."""
    groups, score = bind(context, prepared.index, m.unit)
    if subject and not forced and score >= STRONG and undistinguished(context, prepared.index, m.unit, score):
        # "完成投资同比增长" after "5千万以上的67个" names no 投资 input in particular: the subject goes on where it holds the value
        carried = [c for g in _with_followers(subject, prepared) if can_state(g, m.unit) for c in prepared.direct[g.key] + prepared.derived[g.key]]
        found, _ = _match(m, carried, context, quick=True, planned=planned)
        if found is not None:
            return _verdict(m, found), subject
    if forced:
        own = [g for g in groups if g not in (subject or ())] if score >= STRONG else []  # never another item of the list
        groups, score = [g for g in _with_followers(forced, prepared) if can_state(g, m.unit)] + own, 1.0
    if score < STRONG and len(context) > 3 and (_fresh_clause(m.left) or _names_something_else(context, subject, m.unit)):
        groups = []  # a new clause naming something no input matches starts a new subject
    elif score < STRONG:
        # No words of its own: the clause continues the subject before it, and numbers that continued
        # that subject in the notes ("累计48个" after "获批省级新产品2个") come along.
        groups = [g for g in _with_followers(subject or (), prepared) if can_state(g, m.unit)]
    sum_cands = []
    if m.unit and _SUM_CUE.search(m.left):
        same = [p for p in listed if compatible(p[2], m.unit)]
        sum_cands = sums(same, m.unit)
    elif m.unit and _REST_CUE.search(m.left):
        sum_cands = remainder([p for p in listed if compatible(p[2], m.unit)], m.unit)
    if groups:
        groups = groups + [s for g in groups for s in prepared.siblings.get(_indicator_key(g), ()) if s not in groups and g.figure is not None]
        cands = [c for g in groups for c in prepared.direct[g.key]] + [c for g in groups for c in prepared.derived[g.key]] + sum_cands
        found, failure = _match(m, cands, context, planned=planned)
        if found is not None:
            owner = prepared.group_of.get(id(found))
            return _verdict(m, found), [owner] if owner is not None and owner.is_note else groups
        if subject and not forced and not any(g in groups for g in subject) and _within(groups, subject, context):
            # "旬阳县…工业总产值45.5亿元，…，占全县工业总产值的70%": a comma-joined clause may go on with the
            # subject of the clause before it even where its own words name another input.
            carried = [c for g in _with_followers(subject, prepared) if can_state(g, m.unit) for c in prepared.direct[g.key] + prepared.derived[g.key]]
            found, _ = _match(m, carried, context, quick=True, planned=planned)
            if found is not None and not _fresh_clause(m.left):
                return _verdict(m, found), subject
        elsewhere, _ = _match(m, prepared.all_direct, context, quick=True, planned=planned)
        if elsewhere is not None and _also_meant(m, elsewhere, prepared.group_of[id(elsewhere)], groups, subject, context, forced, either, planned, opening):
            return _verdict(m, elsewhere), [prepared.group_of[id(elsewhere)]]
        if elsewhere is not None and prepared.group_of.get(id(elsewhere)) not in groups:
            return _mention(
                m, "unsupported", groups[0].figure.name if groups[0].figure else None,
                f"这里说的是{_quote(groups)}，但{m.text}是输入{_describe(elsewhere)}的数值。",
            ), groups
        if failure is not None:
            return _mention(m, "unsupported", failure[1].figure, failure[0]), groups
        fits = [c for c in cands if compatible(m.unit or "", c.unit)]
        cued = [c for c in fits if c.cue is not None and c.cue.search(m.left[-12:])]
        plain = [c for c in fits if c.status == "supported" and c.cue is None]
        shown = cued[:2] or plain[:3] or fits[:2]
        if shown and planned and not any(g.figure.target is not None or g.figure.aspect("target_yoy") for g in groups if g.figure is not None):
            # "力争规上工业总产值突破150亿元": next period's target, which the inputs do not hold; comparing it with this
            # period's value ("与输入不符：138.6亿元") would send the writer to the wrong number
            return _mention(m, "unsupported", shown[0].figure, f"句中是目标或计划，输入中没有{_quote(groups)}的目标数，无法核对，请核实。"), groups
        if shown and not forced and score >= STRONG and max(len(context & g.subject) for g in groups) <= 1:
            # bound by one shared word (项目, 企业, 投资): "4个项目实现拿地即开工" states no 新签约项目, and
            # "与输入不符：“新签约项目”22个" sent the writer to a number the sentence is not about (seen on a Word report)
            words = "；".join(_describe(c) for c in shown)
            return _mention(m, "unsupported", None, f"输入和报送材料中找不到这个数据（相近的输入是{words}，请核实是否指它）。"), groups
        if shown:
            words = "；".join(_describe(c) for c in shown)
            head = "与按输入推算的数值不符" if shown[0].status == "derived" else "与输入不符"
            return _mention(m, "unsupported", shown[0].figure, f"{head}：{words}。"), groups
        return _mention(m, "unsupported", None, f"输入中{_quote(groups)}没有以“{m.unit or '该单位'}”计的数据。"), groups
    # Nothing in the clause names an input: accept a value only from an input whose words the clause
    # shares at least in part (or when the clause has no words to go by).
    close = [g for g in prepared.index.groups if not context or (context & g.wide and group_score(context, g)[0] >= WEAK)]
    found, failure = _match(m, [c for g in close for c in prepared.direct[g.key]] + sum_cands, context, planned=planned)
    if found is None:
        found, _ = _match(m, [c for g in close for c in prepared.derived[g.key]], context, quick=True, planned=planned)
    if found is not None:
        owner = prepared.group_of.get(id(found))
        return _verdict(m, found), [owner] if owner else None
    if failure is not None:
        return _mention(m, "unsupported", failure[1].figure, failure[0]), None
    return _mention(m, "unsupported", None, "输入和报送材料中找不到这个数据。"), None


_NAME_REACH = 12  # characters between a numbered name and the number it names
_CLAUSE_BREAK = re.compile(r"[，,；;。：:、]")
_NAME_NUMBER = re.compile(r"\d|[一二三四五六七八九十百千万]{1,3}(?:家|个|大|强|项|次)")


def _named_spans(text: str, names: list[str]) -> list[tuple[int, int]]:
    """Where the text writes an input's name that holds a number ("营业收入超过1000亿元的国家高新区"): that number is the name's."""
    spans = []
    for name in names:
        start = text.find(name)
        while start >= 0:
            spans.append((start, start + len(name)))
            start = text.find(name, start + 1)
    return spans


def _inside(m: NumberMention, spans: list[tuple[int, int]]) -> bool:
    return any(s <= m.start and m.end <= e for s, e in spans)


_ESTIMATE = re.compile(r"[（(](?:预计|预测|预期)(?:数|值)?[)）]|预计|预测")


def _indicator_key(g: Group) -> str:
    """One key for an indicator's rows of every period: 限上批发零售业销售额增速（6月当月） and 限额以上批发零售业销售额增速."""
    name = g.name
    period = g.figure.period if g.figure is not None else ""
    if period:
        for bracket in (f"（{period}）", f"({period})"):
            name = name.replace(bracket, "")
    return expand_abbreviations(_plain_name(name))


def _plain_name(name: str) -> str:
    """An indicator's name without the estimate qualifier: 工业投资（预计） and 工业投资 are one indicator's periods."""
    return _ESTIMATE.sub("", name)


def _within(bound: list[Group], subject: list[Group], context: frozenset[str]) -> bool:
    """The clause goes on about the subject: every name it binds is part of the subject's name (工业总产值 within
    旬阳县…集中区工业总产值), or its words are the subject's and its aspects' (占全部投资比重)."""
    words = frozenset().union(*(g.subject for g in subject))
    if all(g.subject <= words for g in bound):
        return True
    return context <= words | frozenset().union(*(g.aspect_words for g in subject))


def _also_meant(
    m: NumberMention, found: Candidate, owner: Group, bound: list[Group], subject: list[Group] | None, context: frozenset[str],
    forced: list[Group] | None, either: bool, planned: bool, opening: str,
) -> bool:
    """Whether the clause may mean `owner`, the input whose value the number is, though it bound other inputs:
    every way a clause names an input besides its binding, in one place."""
    named = [*bound, *(subject or ())]
    if forced and owner in (subject or ()):
        return False  # another item of a 分别 list: "饮料类、服装鞋帽类分别增长5.6%、15.7%" swaps the two
    return (
        _named_together(owner, context, bound, subject)
        or (either and _named_as_well(owner, bound, context))
        or (m.unit in _ASPECT_UNITS and _aspect_row_of(owner, found, named, context, planned))
        or bool(opening and _target_row_of(found, named, opening))
        or _threshold_of(owner, bound, m.left)
    )


_THRESHOLD = re.compile(r"\d+(?:\.\d+)?[千百万亿]*元?(?:及|或)?(?:以上|以下)")


def _threshold_of(owner: Group, bound: list[Group], left: str) -> bool:
    """The clause names a size class (5千万以下) that `owner`'s name holds and no bound input's does:
    "5千万以下固定资产投资增速同比下降43.5%" is the row 5千万以下项目, not 固定资产投资."""
    classes = [c.replace("及", "").replace("或", "") for c in _THRESHOLD.findall(left)]
    return any(c in owner.name.replace("及", "") and not any(c in g.name.replace("及", "") for g in bound) for c in classes)


def _named_together(owner: Group, context: frozenset[str], bound: list[Group], subject: list[Group] | None) -> bool:
    """The clause with the subject it goes on from names `owner` in full: "实施千万元投资建设项目11个，竣工1个" names 千万元投资建设项目竣工."""
    if owner.is_note or not owner.subject:
        return False
    named = set(context)
    carried = list(bound)
    if not any(g.subject <= context for g in bound):
        carried += list(subject or ())  # an earlier clause's entity words, unless this clause names its own indicator in full
    for g in carried:
        named |= g.subject
    # the pair across the join of the carried name and the clause's words ("项目" + "竣工" gives 目竣), where
    # the owner's name is the carried name continued (千万元投资建设项目 -> 千万元投资建设项目竣工)
    ends = {g.name[-1:] for g in carried if g.subject and g.subject <= owner.subject}
    starts = {pair[0] for pair in context}
    missing = {pair for pair in owner.subject - named if not (pair[0] in ends and pair[1] in starts)}
    return not missing and bool(owner.subject & context)


def _named_as_well(owner: Group, bound: list[Group], context: frozenset[str]) -> bool:
    """The clause names `owner` at least as fully as an input it bound: "进口3.1万亿元" names 东部地区…进口 as
    well as 全国…进口 when it names neither entity, so a value of either is what the text may mean."""
    if owner.is_note:
        return False
    stated = owner.subject & context
    # only where the clause leaves the bound input's name unfinished too ("出口总额" names 出口总额 in full: not 进出口总额),
    # and the two are one indicator of two entities (their names end alike)
    return bool(stated) and any(
        g.figure is not None and g.subject & context and (g.subject & context) <= stated and _entity_of(g, owner, full=g.subject <= context) for g in bound
    )


_ASPECT_UNITS = frozenset(("%", "‰", "个百分点", "位"))  # what an aspect of an indicator is stated in (rates, shares, ranks)


_TARGET_AFTER = re.compile(r"的?(?:年度|全年)?(?:目标|任务|计划)")
_OPENING = 300  # characters of a target-setting sentence's opening read for whose targets it states
_RATE_WORDS = re.compile(r"增长率|增速|增幅|增长")


def _target_row_of(found: Candidate, named: list[Group], opening: str) -> bool:
    """In a sentence setting targets, `found` is a target row of a named input whose qualifier the sentence states:
    "上报市2022年…预期目标是：…营收达到42亿元" with a row 规模以上工业企业营业收入目标（上报市预期目标）."""
    label = found.fact.label if found.fact is not None else ""
    if not PLAN_WORDS.search(label):
        return False
    words = bigrams(_RATE_WORDS.sub("，", PLAN_WORDS.sub("，", label)))
    stated = bigrams(opening)
    return any(g.figure is not None and g.subject & words and words - g.subject <= stated for g in named)


def _aspect_row_of(owner: Group, found: Candidate, named: list[Group], context: frozenset[str], planned: bool) -> bool:
    """`owner` is a row of its own for an aspect of a named input, and the clause states that aspect:
    "建筑及装潢材料类实现零售额1.3亿元，…，增幅较去年同期提高2.4个百分点" with a row 建筑及装潢材料类增幅比上年同期提高;
    in a sentence that sets targets ("今年预期，…出口增长8%"), the row 出口预期增长."""
    if owner.is_note:
        return False
    own = expand_abbreviations(found.fact.label if found.fact is not None else owner.name)  # 小升规 + 完成全年任务比例
    for g in named:
        if g is owner or g.figure is None:
            continue
        name = expand_abbreviations(g.name)
        head = len(commonprefix([own, name]))
        if head < 3 and not (head >= 2 and head == len(name)):
            continue
        words = own[head:]
        if planned and words != PLAN_WORDS.sub("", words) and not bigrams(PLAN_WORDS.sub("，", words)) - g.subject:
            return True  # the row is the target of the named input (出口预期增长), in a sentence setting targets
        rest = bigrams(_without_whole(words)) - g.subject  # the aspect's words (not 生物医药 of another industry's row)
        if rest and len(rest & context) * 2 >= len(rest):
            return True
    return False


def _entity_of(bound: Group, owner: Group, full: bool) -> bool:
    """`owner` is the bound input's indicator for another entity: the names differ only in what comes before a
    shared indicator name (全国…进口 / 东部地区…进口), and where the clause names the bound input in full, the
    owner's extra words are an entity's (高新区和省级工业园区…), not a qualifier (进出口总额 is not 出口总额's)."""
    first, second = core_name(bound.name), core_name(owner.name)
    shared = len(commonprefix([first[::-1], second[::-1]]))
    before = (first[: len(first) - shared], second[: len(second) - shared])
    if len(bigrams(first[len(first) - shared :])) < 2 or any(0 < len(p) < 2 for p in before):
        return False
    return not full or len(before[1]) >= 4


def _with_followers(groups, prepared: _Prepared) -> list[Group]:
    """The groups plus the note numbers that continued their subject."""
    out = list(groups)
    for g in groups:
        out.extend(prepared.index.followers.get(g.key, ()))
        out.extend(s for s in prepared.siblings.get(_indicator_key(g), ()) if s is not g and g.figure is not None)
    return out


# Words a clause uses to speak of an aspect of the indicator before it, not of a new one.
_ASPECT_TALK = bigrams(
    "占全市全省全国全县全区比重占比 完成全年目标任务进度 同比增长增速增幅提高下降 比上年同期 较上年 比去年同期 较去年 "
    "净增 净减 增加 减少 市下达 上级下达 排名位次居第 两年平均 环比 年度计划 拉动 贡献率 其中"
)


def _names_something_else(context: frozenset[str], subject: list[Group] | None, unit: str | None) -> bool:
    """A comma-joined clause stating an amount or count of something else: words that are neither its
    subject's nor aspect talk ("新增规上工业企业9家，引进外资企业9家"). Rates and ranks go on about the subject."""
    if not subject or unit in RATE_UNITS or unit in ("位", "倍"):
        return False
    known = frozenset().union(*(g.subject | g.aspect_words for g in subject))
    return len(context - known - _ASPECT_TALK) > 2


def _fresh_clause(left: str) -> bool:
    """The words before the number open a clause of their own (after ；/。 or at the start), not a comma-joined tail."""
    return not any(ch in "，,、" for ch in left)


def _quote(groups: list[Group]) -> str:
    names = list(dict.fromkeys(g.name for g in groups))
    return "、".join(f"“{n}”" for n in names[:2])


def _describe(c: Candidate) -> str:
    fact = c.fact
    if fact is None:
        return f"{c.label}≈{_short(c.value)}{c.unit}"
    if fact.aspect == "note":
        return f"材料“{fact.label}”"
    if fact.aspect == "yoy":
        word = "增长" if c.value >= 0 else "下降"
        return f"“{c.figure}”同比{word}{fmt(abs(c.value))}%"
    if fact.rate and fact.aspect == "value" and dimension(c.unit) == "个百分点":
        return f"“{c.figure}”{'提高' if c.value >= 0 else '下降'}{fmt(abs(c.value))}个百分点"
    if fact.rate and fact.aspect == "value":
        return f"“{c.figure}”为{fmt(c.value)}{c.unit}"
    if fact.aspect == "value":
        return f"“{c.figure}”{fmt(c.value)}{c.unit}"
    if fact.aspect == "rank":
        return f"“{fact.label}”第{fmt(c.value)}位"
    head = {"prior": "上年同期", "target": "目标"}.get(fact.aspect)
    if head:
        return f"“{c.figure}”{head}{fmt(c.value)}{c.unit}"
    shown = abs(c.value) if c.value < 0 and direction_of(fact.label) < 0 else c.value  # “增速低于全市”8.7, as the table says
    return f"“{fact.label}”{fmt(shown)}{c.unit}"


def _short(value: Decimal) -> str:
    """A derived value shown to four decimal places at most."""
    return fmt(value.quantize(Decimal("0.0001")).normalize()) if value.adjusted() < 20 else fmt(value)


def _written(m: NumberMention, c: Candidate) -> Decimal:
    written = m.signed if c.rate else m.value
    assert written is not None  # only figures, ranks and counts are matched, and they carry a value
    return written


def _match(
    m: NumberMention, cands: list[Candidate], context: frozenset[str], quick: bool = False, planned: bool = False
) -> tuple[Candidate | None, tuple[str, Candidate] | None]:
    """First candidate the mention agrees with; else the most telling failure (sign > period > scale)."""
    unit = m.unit or ""
    mscale = scale_of(unit) if unit else _ONE
    quantum = m.quantum or _ONE
    cue_words, month_on_month = m.left[-12:], "环比" in m.left[-8:]
    if _TARGET_AFTER.match(m.right):
        cue_words += "目标"  # "完成市下达的30亿元的任务": the target is named after the number
    failure: tuple[int, str, Candidate] | None = None
    for c in cands:
        if unit and not compatible(unit, c.unit):
            continue
        if unit in ("%", "个百分点") and dimension(c.unit) not in ("%", "‰", "个百分点"):
            continue
        if (
            c.cue is not None
            and not c.cue.search(cue_words)
            and not (c.fact is not None and c.fact.named_by and c.fact.named_by <= context)
            and not (planned and c.cue in _PLAN_CUES)
        ):
            continue  # "增长11.0%（全国10.7%）": a clause naming the aspect's own label needs no growth word
        if c.fact is not None and c.fact.aspect == "other" and OWN_RATE.search(c.fact.label) and not c.fact.named_by & context:
            continue  # a rate of its own (贡献率, 超任务数) is stated by its name, not by 同比增长
        if c.rate and unit == "%" and month_on_month and (c.fact is None or c.fact.aspect != "mom"):
            continue  # a year-on-year input never supports a month-on-month statement
        # A share or a difference names both figures, the one bound or in the clause's own words: "其中工业投资24.15亿元，
        # 同比增长9.6%，占固定资产投资的比重为62.05%" binds the part carried from the clause before and names the whole.
        if c.partner and len(c.partner & (context | bigrams(m.left))) * 5 < len(c.partner) * 4:
            continue
        if c.order is not None:
            part, whole = m.left.rfind(c.order[0]), m.left.rfind(c.order[1])
            if part >= 0 and whole >= 0 and part > whole and c.order[1] not in c.order[0]:
                continue  # "A占B": the part is named first
        target = c.base() / mscale if unit else c.value
        written = _written(m, c)
        fact_span = None
        if c.fact is not None and (approx_span := c.fact.base_span()) is not None:  # None exactly when approx is None
            lo, hi = approx_span
            fact_span = (lo / mscale, hi / mscale) if unit else (lo, hi)
        if agrees(abs(written), quantum, m.approx, abs(target), fact_span):
            if target != 0 and written != 0 and (target > 0) != (written > 0):
                if failure is None or failure[0] > 0:
                    word = "增长" if target > 0 else "下降"
                    failure = (0, f"方向不符：输入{_describe(c)}，文中写成了{'下降' if word == '增长' else '增长'}。", c)
                continue
            fact_period = c.period if (c.fact is None or c.fact.aspect not in ("prior", "target", "target_yoy")) else None
            if fact_period and m.period and not same_period(fact_period, m.period):
                if failure is None or failure[0] > 1:
                    failure = (1, f"期间不符：输入{_describe(c)}是{period_text(fact_period)}的数据，文中写的是{period_text(m.period)}。", c)
                continue
            return c, None
        if quick or (failure is not None and failure[0] <= 2) or not target or not written:
            continue
        near = (abs(written) / abs(target)).adjusted()  # only the powers of ten next to the ratio can explain it
        for k in (near, near + 1):
            if k in _SCALE_EXPONENTS and agrees(abs(written), quantum, m.approx, abs(target) * Decimal(10) ** k, None):
                failure = (2, f"数量级或单位不符：输入{_describe(c)}。", c)
                break
    return None, (failure[1], failure[2]) if failure else None


def _verdict(m: NumberMention, c: Candidate) -> Mention:
    if c.status == "derived":
        shown = _short(c.value)
        reason = f"由{c.label}计算得{shown}{c.unit}（{c.operation}），与所写精度相符。"
        return _mention(m, "derived", c.figure, reason, c.basis, c.operation)
    unit = m.unit or ""
    target = c.base() / scale_of(unit) if unit else c.value
    exact = m.approx is None and abs(_written(m, c)) == abs(target) and (c.fact is None or c.fact.approx is None)
    if exact:
        reason = f"与输入{_describe(c)}一致。"
    elif m.approx is None:
        reason = f"输入{_describe(c)}，按所写位数取整后一致。"
    else:
        reason = f"输入{_describe(c)}，符合“{m.text}”的约数说法。"
    return _mention(m, "supported", c.figure, reason, c.basis, None)
