"""Narrative sections (总述, 重点工作, 存在问题, 工作计划) built from the writer's notes: facts by construction.

Each note is the content of one item (一是/二是…, or one sentence of the 总述 paragraph). The model only
rewords a note into 公文 register, one note per call, seeing nothing concrete but that note: a 1.5B model
copies whatever facts it is shown, so past passages are not shown at all. A rewording is kept only if it
keeps every number and name of its note and adds none the inputs lack (see `vet`); otherwise the note
itself, lightly formalised, stands (`formalise`). So every note is used and nothing invented survives.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from assistant.documents.kinds import THEMES
from assistant.drafting.prompts import load_prompt
from assistant.drafting.records import NoteUse, Status, TextDelta
from assistant.drafting.slots import SlotBook
from assistant.figures import Figure, FigureSet
from assistant.guardrails import check_numbers
from assistant.guardrails.leftovers import text_issues
from assistant.guardrails.names import inputs_text, missing_names, named_things, unknown_names
from assistant.llm import BadReply, ChatModel, LLMError, Message
from assistant.numbers import find_mentions
from assistant.sentences import sentences
from assistant.tokens import count_tokens

OPENING_FIGURES = 4  # an opening names the table's headline figures (its first rows); 主要经济指标 states them all
NARRATIVE_KINDS = frozenset({"总述", "重点工作", "存在问题", "工作计划"})
ITEM_GUIDES = {"总述": "item_summary", "重点工作": "item_work", "存在问题": "item_problems", "工作计划": "item_plan"}
ORDINALS = "一二三四五六七八九十"
THEME_PATTERNS = {name: re.compile(pattern) for name, pattern in THEMES.items()}


def ordinal(n: int) -> str:
    """An item's number as 公文 writes it: 一 … 十, 十一 … 十九, 二十 … 九十九 (一是 … 十四是)."""
    if not 0 < n < 100:
        raise ValueError(f"ordinal out of range: {n}")
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else ORDINALS[tens - 1] + "十")
    return head + (ORDINALS[ones - 1] if ones else "")
# The least share of a note's wording (character pairs) a rewording must keep: below it the model dropped content.
MIN_RECALL = 0.6
# How much a rewording may add to its note (characters, punctuation aside): connectives and verbs such as
# 扎实推进、积极, not a clause of its own (a 1.5B model asked about "六大问题" lists six it made up).
MIN_ADDED = 8
ADDED_SHARE = 0.4
USED_AS_WRITTEN = "按要点原文写入"
REWORDED = "模型润色"

# A note that heads a group ("问题一：工业效益增速下降", "二、…", "（三）…"): the notes after it belong to its item.
_GROUP_HEAD = re.compile(rf"^\s*(?:(?:问题|重点|任务|举措|工作)[{ORDINALS}\d]+|[{ORDINALS}]+[、．.]|[（(][{ORDINALS}\d]+[)）]|[{ORDINALS}]是)")
_ORDINAL_LABEL = re.compile(rf"^\s*(?:(?:问题|重点|任务|举措|工作|目标)?[{ORDINALS}\d]+|第[{ORDINALS}\d]+|时段|时间|期间|背景)$")  # labels that add nothing
_MARKER = re.compile(rf"^\s*(?:[-•·*]\s*|[{ORDINALS}]+是|[{ORDINALS}]+[、．.]|[（(][{ORDINALS}\d]+[)）]|\d{{1,2}}[、.．)）](?!\d)|首先，|其次，|最后，)\s*")
_LABEL = re.compile(
    r"^\s*(?:改写后的句子|改写后|改写|句子|输出|答|回答|正文|要点|重点工作|主要工作|存在问题|存在的困难和问题|"
    r"工作计划|下一阶段工作计划|下半年工作计划|总述|补充情况)[^：:\n]{0,8}[：:]\s*"
)
_IS_LABEL = re.compile(r"^(?:目标|主线|任务|重点|思路|定位|要求|总体要求|主题|方向|原则)$")
_HEAD_LABEL = re.compile(r"^([^：:，。；,;]{1,14})[：:](.+)$", re.S)
_PERIOD_LABEL = re.compile(r"^(?:(?:\d{4}|[〇零一二三四五六七八九]{4}|今|明|去)年|[上下]半年|\d{1,2}-\d{1,2}月|[一二三四]季度|全年)$")
_TIME_ONLY = re.compile(r"[^，；：]{1,12}(?:以来|期间|以后|之初)")
_SCOPE = re.compile(r"^(?:中国|全国|全球|全省|全市|全区|国内|省内|市内|世界|行业)")
_END = "。！？"
_CN_COUNT = re.compile(r"[一二两三四五六七八九十百千万]{1,4}(?=[年个家项大次批倍条种所座台套户名件轮届期])")
_DIGITS = re.compile(r"\d+(?:\.\d+)?")
_RANK_TAIL = re.compile(r"(?<=\d)[位名]$")  # 全市第2 and 全市第2位 state one rank
# Words that bound a number: 增长20% and 增长20%以上 are different targets, 60余批次 is not 60批次.
_QUALIFIER = re.compile(r"(?<=[\d%％])(?:[^\d，。；、\s]{0,3}?)(以上|以下|以内|左右|余|多)|(近|约|超过|逾|不低于|不少于|不到)(?=\d)")
# Judgements a small model adds on its own: a rewording may carry one only where its note does.
_CLAIMS = re.compile(r"显著|圆满|超额|首次|新高|大幅|领先|最大|最高|唯一|全面完成|明显成效|突破性|历史性|名列前茅|走在前列")
_BIGRAM_SKIP = re.compile(r"[\s，。；：、,.;:！？!?（）()“”\"《》【】\-—]")


@dataclass(frozen=True)
class Context:
    """What a rewording of one note is judged against."""

    source: str  # every input as one text: notes, figure names, unit, period (names must come from here)
    allowed: str  # words a sentence may add besides its note: the period and the unit
    inputs: FigureSet


@dataclass
class Written:
    """A narrative section: its text and what became of each of its notes."""

    text: str
    uses: list[NoteUse]


def plan_items(notes: Sequence[str]) -> list[list[int]]:
    """Group notes into items: a note that heads a group ("问题一：…") takes the notes after it, every other note is an item."""
    items: list[list[int]] = []
    grouping = False
    for i, note in enumerate(notes):
        if _GROUP_HEAD.match(note):
            items.append([i])
            grouping = True
        elif grouping and items:
            items[-1].append(i)
        else:
            items.append([i])
    return items


GROUP_FROM = 6  # a work section of this many items or more is grouped under theme headings, as reports are


def theme_of_note(note: str) -> str | None:
    """The 重点工作 theme whose words the note holds most (招商引资 for "赴长三角开展专题招商活动12场次"; 存量盘活 for
    "盘活低效闲置用地…引进新项目7个"); the first of a tie."""
    counts = {name: len(pattern.findall(note)) for name, pattern in THEME_PATTERNS.items()}
    best = max(counts.values(), default=0)
    return next((name for name, n in counts.items() if n == best), None) if best else None


def theme_groups(notes: Sequence[str], items: list[list[int]]) -> dict[int, str]:
    """For a long work section, the heading ("（一）招商引资") that opens each theme's first item, items of a theme
    kept together in the order the notes first name it, those of no theme last under 其他工作. Items are
    regrouped in place; no grouping (an empty dict) when fewer than GROUP_FROM items or all share one theme,
    or the notes carry headings of their own."""
    if len(items) < GROUP_FROM or any(_GROUP_HEAD.match(notes[item[0]]) for item in items):
        return {}
    themes = [theme_of_note("".join(notes[i] for i in item)) for item in items]
    themes = [t if t and themes.count(t) >= 2 else None for t in themes]  # a theme of one note goes under 其他工作
    order: list[str | None] = list(dict.fromkeys(t for t in themes if t))
    if len(order) < 2:
        return {}
    if None in themes:
        order.append(None)
    regrouped = [item for theme in order for item, t in zip(items, themes, strict=True) if t == theme]
    counts = [sum(1 for t in themes if t == theme) for theme in order]
    items[:] = regrouped
    out, at = {}, 0
    for k, (theme, count) in enumerate(zip(order, counts, strict=True), 1):
        out[at] = f"（{ordinal(k)}）{theme or '其他工作'}"
        at += count
    return out


def formalise(note: str) -> str:
    """The note itself as a sentence: list markers and ordinal labels dropped, "目标：X" -> "目标是X",
    ASCII punctuation made full-width, a full stop at the end."""
    text = _MARKER.sub("", note.strip())
    text = re.sub(r"(?<!\d),|,(?!\d)", "，", text)
    text = text.replace(";", "；").replace(":", "：").replace("(", "（").replace(")", "）")
    head = _HEAD_LABEL.match(text)
    if head:
        label, rest = head.group(1).strip(), head.group(2).strip()
        if _ORDINAL_LABEL.match(label):
            text = rest
        elif _IS_LABEL.match(label) or _PERIOD_LABEL.match(label):
            text = f"{label}是{rest}" if not rest.startswith("是") else label + rest
        elif len(label) <= 6 and not _DIGITS.search(label) and not _looks_named(label):
            text = f"{label}方面，{rest}"
        elif _looks_named(label) and not _DIGITS.search(label):
            text = label + ("为" if _SCOPE.match(rest) else "") + rest  # 美的集团：中国家电行业第一 -> 美的集团为中国…
    text = text.rstrip("，、；;：: ")
    return text if text.endswith(tuple(_END)) else text + "。"


def _looks_named(label: str) -> bool:
    """A label that names an enterprise or place ("奇瑞汽车：…"): the note goes on as its predicate."""
    return any(name in label for name in named_things(label))


def clean_reply(reply: str) -> str:
    """A model's sentence without fences, labels, list markers, wrapping quotes, repeats or a cut-off tail."""
    text = re.sub(r"```\w*", "", reply).strip()
    lines = [_MARKER.sub("", _LABEL.sub("", line.strip())) for line in text.splitlines()]
    text = "".join(line for line in lines if line)
    if text.startswith("“") and text.endswith("”") and text.count("“") == 1:
        text = text[1:-1]
    text = _MARKER.sub("", _LABEL.sub("", text)).strip()
    kept: list[str] = []
    for piece in sentences(text):
        if piece.strip() and piece.strip() not in kept:
            kept.append(piece.strip())
    text = "".join(kept)
    if text and text[-1] not in _END:
        last = max(text.rfind(mark) for mark in _END)
        text = text[: last + 1] if last > 0 else text.rstrip("，、；;：:") + "。"
    return text.replace("；。", "。")


def numbers_of(text: str) -> list[str]:
    """Every number a text states, as written and as often as written: figures, years, periods, ordinals, counts in words, bare digits."""
    mentions = [m for m in find_mentions(text) if m.kind != "list_marker"]
    spans = [(m.start, m.end) for m in mentions]
    found = [(m.start, m.text.strip()) for m in mentions]
    for pattern in (_CN_COUNT, _DIGITS):
        for m in pattern.finditer(text):
            if m.group() != "一" and not any(s <= m.start() < e for s, e in spans):
                found.append((m.start(), m.group()))
                spans.append(m.span())
    return [number for _, number in sorted(found) if number]


def qualifiers_of(text: str) -> list[str]:
    """The words that bound its numbers (以上, 左右, 余, 近…), as often as written."""
    return [m.group(1) or m.group(2) for m in _QUALIFIER.finditer(text)]


def vet(candidate: str, note: str, context: Context) -> str:
    """Why a model's sentence cannot stand for `note` (Chinese), or "" when it keeps every fact and adds none."""
    if not candidate.strip():
        return "模型没有写出内容"
    if "【" in candidate or re.search(r"(?<![A-Za-z])X(?![A-Za-z])", candidate):
        return "模型留下了占位符"
    plain = formalise(note)  # the note without list markers ("1.") and ordinal labels, whose digits are no facts
    lost = _surplus(numbers_of(plain), numbers_of(candidate))
    if lost:
        return f"模型漏写或改写了“{lost[0]}”"
    known = _flat(plain + context.allowed)
    added = [n for n in numbers_of(candidate) if _flat(_RANK_TAIL.sub("", n)) not in known]
    if added:
        return f"模型添加了要点中没有的“{added[0]}”"
    changed = _surplus(qualifiers_of(candidate), qualifiers_of(plain)) or _surplus(qualifiers_of(plain), qualifiers_of(candidate))
    if changed:
        return f"模型改动了数字的限定词“{changed[0]}”"
    dropped = missing_names(candidate, note)
    if dropped:
        return f"模型漏写了“{dropped[0]}”"
    invented = unknown_names(candidate, context.source)
    if invented:
        return f"模型添加了输入中没有的“{invented[0]}”"
    claim = next((m.group() for m in _CLAIMS.finditer(candidate) if m.group() not in note), None)
    if claim:
        return f"模型添加了要点中没有的评价“{claim}”"
    if recall(note, candidate) < MIN_RECALL:
        return "模型删减了要点的内容"
    extra = len(_BIGRAM_SKIP.sub("", candidate)) - len(_BIGRAM_SKIP.sub("", formalise(note)))
    if extra > max(MIN_ADDED, ADDED_SHARE * len(_BIGRAM_SKIP.sub("", note))):
        return "模型添加了要点以外的内容"
    issues = text_issues(candidate)
    if issues:
        return f"模型的句子有问题：{issues[0].reason}"
    return ""


def _surplus(wanted: list[str], found: list[str]) -> list[str]:
    """What `wanted` holds more often than `found` (a number stated twice in a note must be stated twice)."""
    left = [_flat(f) for f in found]
    out = []
    for item in wanted:
        key = _flat(item)
        if key in left:
            left.remove(key)
        elif not any(key in other for other in left):  # "50%" inside "占全市50%" read as one mention
            out.append(item)
    return out


def recall(note: str, candidate: str) -> float:
    """Share of the note's character pairs (punctuation aside) that the candidate keeps."""
    wanted = _bigrams(note)
    return len(wanted & _bigrams(candidate)) / len(wanted) if wanted else 1.0


def _bigrams(text: str) -> set[str]:
    plain = _BIGRAM_SKIP.sub("", text)
    return {plain[i : i + 2] for i in range(len(plain) - 1)}


def _flat(text: str) -> str:
    return re.sub(r"\s", "", text)


def stated_numbers(notes: Sequence[str]) -> set[Decimal]:
    """Every number the notes write, as digits."""
    return {Decimal(n) for note in notes for n in _DIGITS.findall(note)}


def uncovered_figures(figures: Sequence[Figure], notes: Sequence[str]) -> list[Figure]:
    """Figures of the table whose values no note states: they still go into the section, as slot sentences."""
    stated = stated_numbers(notes)
    out = []
    for figure in figures:
        values = [figure.value, figure.yoy, figure.target, *(a.value for a in figure.aspects if a.kind != "rank")]
        values = [abs(v) for v in values if v is not None]
        if values and not all(v in stated for v in values):
            out.append(figure)
    return out


def figures_sentence(kind: str, figures: Sequence[Figure]) -> str:
    """The figures no note states, as exact sentences: targets for a plan, values for every other kind."""
    if not figures:
        return ""
    book = SlotBook(FigureSet(figures=list(figures)))
    skeleton = book.skeleton("工作计划") if kind == "工作计划" else ""
    skeleton = skeleton or book.skeleton("主要经济指标", None, None, None)
    return book.render(skeleton).text


class NarrativeWriter:
    """Writes one narrative section from its notes: one model rewording per note, vetted, else the note itself."""

    def __init__(self, settings, model: ChatModel) -> None:
        self.settings = settings
        self.model = model
        self._calls: list[float] = []  # seconds of each model call so far: no call starts that would end past the budget
        self.down = ""  # why the model failed, once it has: the rest of the notes are written without it

    def _typical_call(self) -> float:
        """The mean duration of the calls so far (0 before the first)."""
        return sum(self._calls) / len(self._calls) if self._calls else 0.0

    def write(
        self, kind: str, label: str, notes: Sequence[str], inputs: FigureSet, unit: str | None, period: str | None,
        figures: Sequence[Figure] = (), grouped: bool = False,
    ) -> Generator[TextDelta | Status, None, Written]:
        """Stream the section item by item; return its text and the use of every note. `grouped`: a work section of
        no one theme, whose many items go under theme headings (（一）招商引资 …)."""
        context = Context(source=inputs_text(inputs, unit, period), allowed=f"{period or ''}{unit or ''}", inputs=inputs)
        ask = self._asker(kind, label)
        deadline = time.monotonic() + self.settings.draft.narrative_seconds
        items = plan_items(notes)
        # the table's other figures: the content of a section given no notes, the targets of a plan, the key figures of
        # an opening; in 重点工作 / 存在问题 with notes only those a note names and whose value no note states
        # (签约项目 beside 签约项目开工率), since 主要经济指标 states the rest: a note's 新开工项目17个 restated with its
        # completion rate in an item of its own repeated the figures paragraph (seen in the app)
        uncovered = uncovered_figures(figures, notes)
        if notes and kind not in ("总述", "工作计划"):
            stated = stated_numbers(notes)
            uncovered = [f for f in uncovered if len(f.name) >= 2 and any(f.name in note for note in notes)
                         and (f.value is None or abs(f.value) not in stated)]
        if kind == "总述":
            uncovered = uncovered[:OPENING_FIGURES]
        extra = figures_sentence(kind, uncovered)
        total = len(items) + (1 if extra else 0)
        numbered = kind != "总述" and total > 1
        groups = theme_groups(notes, items) if grouped else {}
        parts: list[str] = []
        uses: dict[int, NoteUse] = {}
        seen: set[str] = set()
        in_group = 0  # items written under the current theme heading
        for n, item in enumerate(items, 1):
            heading = groups.get(n - 1)
            if heading:
                parts.append(heading)
                yield TextDelta(("" if len(parts) == 1 else "\n") + heading)
                in_group = 0
            yield Status(f"正在写{label}第{n}条（共{total}条）：{_short(notes[item[0]])}")
            body = ""
            for i in item:
                was_down = self.down
                sentence, how = self._sentence(notes[i], context, ask, deadline)
                if self.down and not was_down:
                    yield Status(f"模型不可用（{self.down}），其余要点按原文写入。")
                sentence = _unrepeated(sentence, seen)
                if not sentence:
                    uses[i] = NoteUse(notes[i], label, True, "与前文相同，已合并")
                    continue
                body += sentence
                uses[i] = NoteUse(notes[i], label, True, how)
            if not body:
                continue
            if kind == "总述" and not parts:
                body = _lead(body, unit, period)
            in_group += 1
            text = (f"{ordinal(in_group if groups else len(parts) + 1)}是" if numbered else "") + body
            parts.append(text)
            yield TextDelta(("" if len(parts) == 1 else ("" if kind == "总述" else "\n")) + text)
        if extra and groups:  # the table's figures belong to no theme: under 其他工作, opened for them if need be
            if not groups[max(groups)].endswith("其他工作"):
                heading = f"（{ordinal(len(groups) + 1)}）其他工作"
                parts.append(heading)
                yield TextDelta("\n" + heading)
                in_group = 0
            text = f"{ordinal(in_group + 1)}是{extra}"
            parts.append(text)
            yield TextDelta("\n" + text)
        elif extra:
            if kind == "总述" and not parts:
                extra = _lead(extra, unit, period)
            text = (f"{ordinal(len(parts) + 1)}是" if numbered else "") + extra
            parts.append(text)
            yield TextDelta(("" if len(parts) == 1 else ("" if kind == "总述" else "\n")) + text)
        joined = ("" if kind == "总述" else "\n").join(parts)
        return Written(text=joined, uses=[uses.get(i, NoteUse(notes[i], label, False, "要点为空")) for i in range(len(notes))])

    def _sentence(self, note: str, context: Context, ask: Callable[[str, float], str | None], deadline: float) -> tuple[str, str]:
        """The model's rewording of one note if it passes `vet`, else the note itself; with how it was written."""
        plain = formalise(note)
        if not note.strip():
            return "", "要点为空"
        if self.down:
            return plain, f"{USED_AS_WRITTEN}（模型不可用：{self.down}）"
        if time.monotonic() + self._typical_call() > deadline:
            return plain, f"{USED_AS_WRITTEN}（为控制用时，未请模型润色）"
        started = time.monotonic()
        try:
            reply = ask(note.strip(), deadline)
            if reply is None:
                return plain, f"{USED_AS_WRITTEN}（为控制用时，模型没有写完）"
            candidate = clean_reply(reply)
        except BadReply:
            return plain, f"{USED_AS_WRITTEN}（模型没有给出可用的回复）"
        except LLMError as error:  # the model is down: the notes still make the section, without waiting on it again
            self.down = error.message
            return plain, f"{USED_AS_WRITTEN}（模型不可用：{error.message}）"
        finally:
            self._calls.append(time.monotonic() - started)
        reason = vet(candidate, note, context) or _new_flags(candidate, plain, context.inputs)
        if reason:
            return plain, f"{USED_AS_WRITTEN}（{reason}）"
        return candidate, REWORDED

    def _asker(self, kind: str, label: str) -> Callable[[str, float], str | None]:
        """One call per note; the fixed part (rules, guidance, examples) leads, so llama.cpp reuses its evaluated state."""
        folder = self.settings.prompts
        guidance = load_prompt(folder, ITEM_GUIDES[kind]).render().strip()
        messages: list[Message] = [{"role": "system", "content": load_prompt(folder, "narrative_system").render(guidance=guidance).strip()}]
        for pair in load_prompt(folder, "narrative_examples").render().strip().split("\n\n"):
            note, _, sentence = pair.partition("\n")
            messages.append({"role": "user", "content": load_prompt(folder, "narrative_user").render(section=label, note=note.removeprefix("要点：")).strip()})
            messages.append({"role": "assistant", "content": sentence.removeprefix("句子：").strip()})
        user = load_prompt(folder, "narrative_user")
        limit = self.settings.draft.max_tokens

        def ask(note: str, until: float) -> str | None:
            """The model's sentence for one note, or None when the section's time ran out while it wrote."""
            asked: list[Message] = [*messages, {"role": "user", "content": user.render(section=label, note=note).strip()}]
            budget = min(limit, 2 * count_tokens(note) + 40)
            stream = self.model.stream(asked, max_tokens=budget, temperature=0.2)
            reply = ""
            try:
                for delta in stream:
                    reply += delta
                    if time.monotonic() > until:
                        return None
            finally:
                close = getattr(stream, "close", None)
                if close:
                    close()  # stops llama.cpp (or the HTTP stream) where it is
            return reply

        return ask


def _new_flags(candidate: str, plain: str, inputs: FigureSet) -> str:
    """A reason when the number check flags something in the rewording that it does not flag in the note itself."""
    before = {m.text for m in check_numbers(plain, inputs).flagged}
    after = [m for m in check_numbers(candidate, inputs).flagged if m.text not in before]
    return f"核对未通过：“{after[0].text}”{after[0].reason}" if after else ""


def _unrepeated(sentence: str, seen: set[str]) -> str:
    """The sentence without the clauses already written in this section."""
    kept = []
    for piece in sentences(sentence):
        key = piece.strip().rstrip("。；！？")
        if len(key) >= 6 and key in seen:
            continue
        seen.add(key)
        kept.append(piece)
    text = "".join(kept).strip()
    return text if not text or text[-1] in _END else text.rstrip("，、；") + "。"


def _lead(body: str, unit: str | None, period: str | None) -> str:
    """The 总述 paragraph opens with its period and unit, unless its first sentence already does; a first
    note that is only a time ("十八大以来") becomes the opening phrase itself."""
    first = body.split("。", 1)[0]
    if _TIME_ONLY.fullmatch(first):
        return f"{first}，{unit or ''}" + body[len(first) + 1 :]
    if period and any(period[i : i + 4] in first for i in range(max(1, len(period) - 3))):
        return body
    opening = body[:12]
    if period and not re.match(r"^(?:今年|\d{4}年|[上下]半年|一季度|前三季度|\d{1,2}-\d{1,2}月|全年|近年|党的)", opening) and period not in opening:
        head = f"{period}，"
        if unit and unit not in body[:20]:
            head += unit
        return head + body
    return body


def _short(note: str, width: int = 14) -> str:
    note = note.strip()
    return note if len(note) <= width else note[:width] + "…"


# Which section of a whole document a note is about: its problems, its plans, else its work done.
_PROBLEM_WORDS = re.compile(r"问题|不足|短板|困难|压力|偏弱|滞后|制约|瓶颈|承压|不强|不够|不到位|亟待|有待|难度大|欠缺|薄弱|不齐|跟不上")
_PLAN_WORDS = re.compile(r"下半年|下一步|下一阶段|明年|计划|力争|确保|争取|拟于|将于|打算")


def assign_notes(notes: Sequence[str], kinds: Sequence[str], figures: Sequence[Figure] = ()) -> dict[str, list[int]]:
    """Deal a whole document's notes to its sections by kind: figures to 主要经济指标, problems, plans, and work done to 重点工作."""
    values = {abs(v) for f in figures for v in (f.value, f.yoy, f.target) if v is not None}
    out: dict[str, list[int]] = {kind: [] for kind in kinds}
    fallback = "重点工作" if "重点工作" in out else next((k for k in kinds if k in NARRATIVE_KINDS), kinds[0])
    for i, note in enumerate(notes):
        stated = {Decimal(n) for n in _DIGITS.findall(note)}
        if "主要经济指标" in out and stated and stated <= values and not _PROBLEM_WORDS.search(note) and not _PLAN_WORDS.search(note):
            kind = "主要经济指标"
        elif _PROBLEM_WORDS.search(note):
            kind = "存在问题"
        elif _PLAN_WORDS.search(note):
            kind = "工作计划"
        else:
            kind = "重点工作"
        out[kind if kind in out else fallback].append(i)
    return out


def carried(note: str, text: str) -> bool:
    """Whether a text carries a note that was not written item by item: every number and name of the note is in it."""
    flat = _flat(text)
    return bool(numbers_of(note)) and all(_flat(n) in flat for n in numbers_of(note)) and not missing_names(text, note)
