"""The inputs as facts the checker can bind to: each figure's values and every number stated in the notes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from assistant.figures import ASPECTS, RATE_ASPECTS, Figure, FigureSet
from assistant.guardrails.rules import span
from assistant.numbers import RATE_UNITS, Period, dimension, direction_of, find_mentions, parse_period, scale_of
from assistant.units import text_bases

# A rate's own word at the end of its name, before any bracketed qualifier (增长率（全国）).
_RATE_NAME = re.compile(r"(?:增速|增长率|增幅|增长|降幅|下降|增减)(?=\s*(?:[（(][^（）()]*[)）])?\s*$)")
# Words that say nothing about which indicator a clause talks about.
_STOP = frozenset(
    [
        "今年", "年以", "以来", "年初", "初以", "同比", "比增", "增长", "实现", "完成", "累计", "其中", "全年", "上半", "半年", "下半", "共计",
        "达到", "目前", "已经", "已完", "分别", "全区", "园区", "开发", "发区", "经开", "开区", "主园", "上年", "年同", "同期", "较上", "比上",
        "下降", "提高", "增加", "减少", "共有", "合计", "总计", "截至", "约为", "左右", "以上", "新增", "为企", "今年", "当年", "期间", "本期",
        "一季", "季度", "月份",
    ]
)
# Words that join a clause to its indicator: "实现利税" must give 利税, not the pair 现利 across the join.
_VERBS = re.compile(r"实现|完成|累计|同比|达到|其中|共计|合计|该项?指标|这一指标|此项指标")  # and words that refer back (该指标增速)
# What every aspect label says (增长, 比重, ±); left are the words that tell one aspect from another (全国, 较一季度).
_GENERIC_LABEL = re.compile(r"上年|去年|同比|增长|增速|增幅|增减|下降|提高|比重|占比|±|%|百分点|变动|情况")
_KEEP = re.compile(r"[\u4e00-\u9fffA-Za-z]+")


# Short forms a report uses for an indicator's words, as statistics offices and writers use them.
ABBREVIATIONS = {
    "规上": "规模以上", "限上": "限额以上", "固投": "固定资产投资", "社零额": "社会消费品零售总额", "社零": "社会消费品零售总额",
    "高企": "高新技术企业", "一产": "第一产业", "二产": "第二产业", "三产": "第三产业", "批、零、住、餐": "批发业、零售业、住宿业、餐饮业",
    "批零住餐": "批发业、零售业、住宿业、餐饮业",
}
_ABBREVIATION = re.compile("|".join(sorted(map(re.escape, ABBREVIATIONS), key=len, reverse=True)))


def expand_abbreviations(text: str) -> str:
    """`text` with the short forms of indicator words written out (工业固投 -> 工业固定资产投资)."""
    return _ABBREVIATION.sub(lambda m: _written_out(text, m), text) if _ABBREVIATION.search(text) else text


def _written_out(text: str, m: re.Match) -> str:
    """The long form of a short form, unless the short form is part of its own long form (三产 in 第三产业)."""
    full = ABBREVIATIONS[m.group()]
    at = full.find(m.group())
    if at >= 0 and text.startswith(full, m.start() - at):
        return m.group()
    return full


def bigrams(text: str) -> frozenset[str]:
    """Character pairs of the words in `text` (digits, punctuation and verbs such as 实现 break words), minus stop pairs."""
    out = set()
    for word in _KEEP.findall(_VERBS.sub("，", expand_abbreviations(text))):
        for i in range(len(word) - 1):
            pair = word[i : i + 2]
            if pair not in _STOP:
                out.add(pair)
    return frozenset(out)


@dataclass(frozen=True)
class Fact:
    """One input number: its value, unit and where it comes from."""

    value: Decimal  # in `unit`, signed
    unit: str
    aspect: str  # value | note | a key of assistant.figures.ASPECTS (yoy, prior, target, completion, rank …)
    label: str  # how the report names it (“规上工业总产值同比增长”)
    rate: bool  # a growth rate: its sign is a direction
    period: Period | None = None
    approx: str | None = None  # notes written with 约/余/近
    quantum: Decimal | None = None  # notes: precision as written
    named_by: frozenset[str] = frozenset()  # words of the table's own label for it (全国, 较一季度): a clause naming them means it

    def base(self) -> Decimal:
        """Value in the base unit."""
        return self.value * scale_of(self.unit)

    def base_span(self) -> tuple[Decimal, Decimal] | None:
        """For facts written approximately, the magnitude interval they allow, in the base unit."""
        if self.approx is None:
            return None
        lo, hi = span(abs(self.value), self.quantum or Decimal(1), self.approx)
        s = scale_of(self.unit)
        return lo * s, hi * s


@dataclass(frozen=True)
class Group:
    """Facts about one subject: a figure (with its yoy/prior/target) or one number of a note."""

    key: int
    name: str  # the figure name, or the note words around the number
    figure: Figure | None
    facts: tuple[Fact, ...]
    subject: frozenset[str]  # bigrams of the name / note context
    inherited: frozenset[str] = frozenset()  # notes: subject of the clause's earlier numbers
    follows: int | None = None  # notes: key of the group whose subject this number continues
    head: str = ""  # figures: the first two characters of the name ("税收" of 税收收入)
    tail: str = ""  # figures: the last two, the noun the qualifiers qualify ("利税" of 规模以上工业利税)

    units: tuple[str, ...] = ()  # units its facts are stated in (filled in from the facts)

    wide: frozenset[str] = frozenset()  # subject and inherited words together (a quick pre-filter)
    aspect_words: frozenset[str] = frozenset()  # words of its aspects' labels (占全部投资比重, 较上年末净增)

    def __post_init__(self) -> None:
        object.__setattr__(self, "units", tuple(f.unit for f in self.facts))
        object.__setattr__(self, "wide", self.subject | self.inherited | {w for w in (self.head, self.tail) if w})

    @property
    def is_note(self) -> bool:
        return self.figure is None


def core_name(name: str) -> str:
    """A figure's name without bracketed qualifiers and its rate word: 社会消费品零售总额增长率（全国） -> 社会消费品零售总额."""
    return _RATE_NAME.sub("", re.sub(r"[（(][^（）()]*[)）]", "", name)).strip()


def is_rate_figure(figure: Figure) -> bool:
    """A figure that is itself a growth rate (…增速 in %, 增速目标 …)."""
    return figure.is_rate


def figure_group(key: int, figure: Figure) -> Group:
    """The facts one figure offers: its value and every aspect the table gave."""
    period = parse_period(figure.period)
    rate = figure.is_rate or dimension(figure.unit) == "个百分点"  # a change in points has a direction too (比上年±)
    name = figure.name
    facts = []
    if figure.value is not None:
        value = _signed_by(figure.value, name) if rate else figure.value  # "第一产业占比比上年下降 | 0.5 | 个百分点"
        facts.append(Fact(value, figure.unit, "value", name, rate, period))
    if figure.yoy is not None:
        facts.append(Fact(figure.yoy, "%", "yoy", f"{name}同比", True, period))
    if figure.prior is not None:
        facts.append(Fact(figure.prior, figure.unit, "prior", f"{name}上年同期", rate, None))
    if figure.target is not None:
        facts.append(Fact(figure.target, figure.unit, "target", f"{name}目标", rate, None))
    for aspect in figure.aspects:
        signed = aspect.kind in RATE_ASPECTS or aspect.kind == "change"
        when = None if aspect.kind in ("target", "target_yoy") else period
        own_words = bigrams(_GENERIC_LABEL.sub("，", aspect.label)) if aspect.label else frozenset()
        value = _signed_by(aspect.value, aspect.label) if signed else aspect.value  # "增速低于全市 | 8.7"
        facts.append(Fact(value, aspect.unit, aspect.kind, f"{name}{aspect.label or ASPECTS[aspect.kind][1]}", signed, when, named_by=own_words))
    subject_name = _RATE_NAME.sub("", name) if rate else name
    head = subject_name[:2] if len(subject_name) > 2 else ""
    labels = frozenset().union(*(bigrams(a.label) for a in figure.aspects)) if figure.aspects else frozenset()
    plain = re.sub(r"[（(][^（）()]*[)）]\s*$", "", subject_name)
    tail = plain[-2:] if len(plain) > 3 and plain[-2:] in bigrams(plain) else ""
    return Group(key, name, figure, tuple(facts), bigrams(subject_name) or bigrams(name), head=head, tail=tail, aspect_words=labels)


def _signed_by(value: Decimal, words: str) -> Decimal:
    """A positive value under words that state a fall (下降, 低于, 降幅扩大) is a negative one."""
    return -value if value > 0 and words and direction_of(words) < 0 else value


def note_groups(start_key: int, note: str, units: tuple[str, ...] = ()) -> list[Group]:
    """One group per number stated in a note, bound to the words around it.

    A number with no words of its own ("累计48个", "3宗131.2亩") continues the subject of the number
    before it in the same sentence; a placeholder ("工业总产值*亿元") starts a new subject even though
    it states no value.
    """
    groups: list[Group] = []
    previous: frozenset[str] = frozenset()
    last_subject: frozenset[str] = frozenset()
    last_key: int | None = None
    last_end = -1
    for m in find_mentions(note, units):
        if m.kind not in ("figure", "ranking", "placeholder") or (m.value is None and m.kind != "placeholder"):
            continue
        if last_end >= 0 and re.search(r"[。；;！？!?\n]", note[last_end : m.start]):
            previous, last_subject, last_key = frozenset(), frozenset(), None
        own = bigrams(m.left) | bigrams(m.right)
        follows = None
        if not own:
            own, follows = last_subject, last_key
        last_end = m.end
        if m.kind == "placeholder":
            previous, last_subject, last_key = previous | own, own, None
            continue
        unit = m.unit or ""
        rate = unit in RATE_UNITS and m.direction != 0 and not m.level
        value = m.signed if rate else m.value
        assert value is not None  # only placeholders (skipped above) may lack a value, and signed is set when value is
        label = _label(note, m.start, m.end)
        fact = Fact(value, unit, "note", label, rate, m.period, m.approx, m.quantum)
        key = start_key + len(groups)
        groups.append(Group(key, label, None, (fact,), own, previous, follows))
        previous = previous | own
        last_subject, last_key = own, key
    return groups


def _label(note: str, start: int, end: int) -> str:
    """The note's words from the start of the clause to the number."""
    head = max(0, start - 14)
    for mark in "，,；;。：:\n":
        cut = note.rfind(mark, head, start)
        if cut >= 0:
            head = max(head, cut + 1)
    return note[head:end].replace("\n", "").strip()


class Index:
    """All groups of one figure set, built once and reused for every check against it."""

    def __init__(self, figure_set: FigureSet):
        self.units = text_bases(figure_set.units())  # units the text scanner must learn from this table
        self.groups: list[Group] = [figure_group(i, f) for i, f in enumerate(figure_set.figures)]
        for note in figure_set.notes:
            self.groups.extend(note_groups(len(self.groups), note, self.units))
        self.by_dimension: dict[str, list[tuple[Group, Fact]]] = {}
        for group in self.groups:
            for fact in group.facts:
                self.by_dimension.setdefault(dimension(fact.unit), []).append((group, fact))
        self.figures = [g for g in self.groups if not g.is_note]
        self.stating: dict[str | None, list[Group]] = {}  # filled by binding, per unit
        self.followers: dict[int, list[Group]] = {}
        for group in self.groups:
            if group.follows is not None:
                self.followers.setdefault(group.follows, []).append(group)
