"""Answers to "how did we, or others, do X" from the knowledge base, every point tied to a cited source."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from assistant.drafting.narrative import ordinal
from assistant.drafting.packing import excerpt
from assistant.drafting.prompts import load_prompt
from assistant.drafting.records import Answer, AnswerDone, Source, Status, TextDelta
from assistant.drafting.repair import seal
from assistant.figures import FigureSet
from assistant.llm import ChatModel, Message
from assistant.settings import DraftSettings, Settings
from assistant.store.knowledge_base import KnowledgeBase
from assistant.store.records import Hit
from assistant.tokens import count_tokens

NOT_FOUND = "素材库中没有找到与这个问题相关的内容。"
GREETING = "您好！我可以在素材库里查找往年材料和其他园区的做法，并注明出处。请直接提问，例如：“其他园区在盘活闲置土地方面有哪些做法？”"
# Whole messages that greet, thank or take leave; anything longer is a question and goes to the knowledge base.
GREETINGS = frozenset({
    "你好", "您好", "你们好", "大家好", "嗨", "哈喽", "hi", "hello", "hey", "在吗", "在不在", "早", "早上好", "上午好", "中午好",
    "下午好", "晚上好", "谢谢", "谢谢你", "多谢", "感谢", "辛苦了", "好的", "收到", "再见", "拜拜",
})
_NOT_WORDS = re.compile(r"[\s，,。.！!？?~～、…]+")
MIN_EXCERPT = 120  # tokens a passage keeps however many documents share the budget
HISTORY_BUDGET = 400  # tokens of earlier turns carried into a question (a drafted section alone can fill a small window)
_CITE = re.compile(r"\[(\d{1,2})\]")
_CITE_FILL = "·"  # stands in for a citation's digits while the numbers are checked
_CITE_MASK = re.compile(r"\[·{1,2}\]")
_POINT_END = re.compile(r"(?<=[。；！？\n])")
UNKNOWN_UNITS = frozenset({"", "未署名", "佚名", "未知"})


def data_block(number: int, hit, text: str) -> str:
    """One passage as a delimited data block, with the unit that wrote it when known; markup inside cannot close the block."""
    body = text.replace("<", "＜").replace(">", "＞")
    unit = unit_of(hit)
    said = f" 单位=\"{_attribute(unit)}\"" if unit else ""
    return f"<资料 编号=\"{number}\"{said} 出处=\"{_attribute(_citation(hit))}\">\n{body}\n</资料>"


def unit_of(hit) -> str:
    """The unit a passage's document names as its own, or "" when unknown."""
    unit = str(hit.metadata.get("unit") or "").strip()
    return "" if unit in UNKNOWN_UNITS else unit


class Asker:
    """Retrieves passages, answers in Chinese with [n] citations, says so when nothing relevant is found."""

    def __init__(self, settings: Settings, kb: KnowledgeBase, model: ChatModel) -> None:
        self.settings = settings
        self.kb = kb
        self.model = model

    def ask(self, question: str) -> Answer:
        """The whole answer at once."""
        for event in self.stream(question):
            if isinstance(event, AnswerDone):
                return event.answer
        raise AssertionError("stream ended without AnswerDone")  # pragma: no cover

    def stream(self, question: str, history: list[dict[str, Any]] | None = None) -> Iterator[TextDelta | Status | AnswerDone]:
        """Status, then answer deltas, then AnswerDone with cleaned citations and the sources list."""
        if is_greeting(question):
            yield TextDelta(GREETING)
            yield AnswerDone(Answer(GREETING, [], False))
            return
        yield Status("正在检索素材库…")
        hits = self._relevant(question)
        if not hits:
            yield TextDelta(NOT_FOUND)
            yield AnswerDone(Answer(NOT_FOUND, [], False))
            return
        texts = self._excerpts(question, hits)
        passages = "\n\n".join(data_block(i, hit, text) for i, (hit, text) in enumerate(zip(hits, texts), 1))
        folder = self.settings.prompts
        messages: list[Message] = [{"role": "system", "content": load_prompt(folder, "ask_system").render()}]
        messages.extend(recent_turns(history or [], HISTORY_BUDGET))
        messages.append({"role": "user", "content": load_prompt(folder, "ask_user").render(passages=passages, question=question.strip())})
        yield Status(f"找到{len(hits)}段相关资料，正在整理回答…")
        raw = ""
        for delta in self.model.stream(messages, max_tokens=self.settings.draft.max_tokens, temperature=0.1):
            raw += delta
            yield TextDelta(delta)
        answer_text = checked(arranged(cite(unmarked(raw.strip()), texts), hits, texts), texts)
        # only the sources the answer uses are listed, under the numbers it cites them by
        used = {int(n) for n in _CITE.findall(answer_text)}
        numbered = [(i, Source(h.source, h.title, tuple(h.heading_path))) for i, h in enumerate(hits, 1) if i in used]
        sources = [source for _, source in numbered]
        listing = "\n".join(f"[{i}] {s.citation}" for i, s in numbered)
        final = f"{answer_text}\n\n来源：\n{listing}" if listing else answer_text
        yield AnswerDone(Answer(final, sources, True))

    def _excerpts(self, question: str, hits: list[Hit]) -> list[str]:
        """Each passage's sentences on the question, the budget shared among the documents so every one is read."""
        room = max(MIN_EXCERPT, self.settings.draft.ask_budget_tokens // len(hits))
        return [excerpt(h.text, room, score=lambda sentence: self.kb.keywords.evidence(question, sentence)) for h in hits]

    def _relevant(self, question: str) -> list:
        """The passages to answer from; none when the knowledge base has nothing on the question."""
        if self.kb is None:
            return []
        hits = self.kb.search(question, k=self.settings.draft.examples_k, mode="hybrid", per_document=self.settings.search.per_document)
        return relevant(hits, self.settings.draft)


def relevant(hits: list[Hit], draft: DraftSettings) -> list[Hit]:
    """Hits worth answering from: none unless the best one is both close in meaning and holds the question's words.

    Dense similarity alone cannot tell: e5 scores "你好" 0.86 against a report on land use, and the old floor (0.88)
    that kept greetings out also kept out about a third of the passages that answer real questions. A greeting or an
    unrelated question shares almost none of its rarer words with any passage; a real question shares many.
    """
    if not hits:
        return []
    similarity = max((h.similarity for h in hits if h.similarity is not None), default=0.0)
    if similarity < draft.ask_min_score or max(h.evidence for h in hits) < draft.ask_min_evidence:
        return []
    return [h for h in hits if h.evidence >= draft.ask_passage_evidence]


def is_greeting(question: str) -> bool:
    """True for a message that only greets, thanks or takes leave ("你好！", "谢谢", "hello")."""
    return _NOT_WORDS.sub("", question).lower() in GREETINGS


def checked(answer: str, passages: list[str]) -> str:
    """The answer with every number the passages do not state marked 〔待核实〕; citation numbers are not figures."""
    originals = iter([m.group(0) for m in _CITE.finditer(answer)])
    masked = _CITE.sub(lambda m: "[" + _CITE_FILL * len(m.group(1)) + "]", answer)
    sealed, _ = seal(masked, FigureSet(figures=[], notes=passages))
    return _CITE_MASK.sub(lambda m: next(originals), sealed)


def recent_turns(history: list[dict[str, Any]], budget: int) -> list[Message]:
    """The latest whole user/assistant turns (at most four) that fit in `budget` tokens, oldest first."""
    kept: list[Message] = []
    for turn in reversed(history[-4:]):
        if turn.get("role") not in {"user", "assistant"}:
            continue
        content = str(turn.get("content", ""))
        budget -= count_tokens(content)
        if budget < 0:
            break
        kept.append({"role": turn["role"], "content": content})
    return kept[::-1]


# The data blocks' own markup, copied by a small model into its answer ("…相关工作[1]。[编号=\"1\"]").
_LEAKED_NUMBER = re.compile(r"\[?编号\s*=\s*[\"“”]?(\d{1,2})[\"“”]?\]?")
_LEAKED_MARKUP = re.compile(r"</?资料[^>\n]*>|出处\s*=\s*[\"“][^\"”\n]*[\"”]")
_REPEATED_CITE = re.compile(r"(\[(\d{1,2})\])([。；！？]?)\s*\[\2\]")


def unmarked(answer: str) -> str:
    """The answer without the data blocks' markup: a copied 编号="1" is the citation [1] it stands for, given once."""
    answer = _LEAKED_MARKUP.sub("", _LEAKED_NUMBER.sub(r"[\1]", answer))
    return _REPEATED_CITE.sub(r"\1\3", answer)


def cite(answer: str, passages: list[str]) -> str:
    """Drop citations to passages that do not exist; give every uncited point the passage it overlaps most."""
    valid = range(1, len(passages) + 1)
    answer = _CITE.sub(lambda m: m.group(0) if int(m.group(1)) in valid else "", answer)
    grams = [_bigrams(p) for p in passages]
    out = []
    for point in _POINT_END.split(answer):
        body = point.rstrip()
        if len(body) >= 8 and not _CITE.search(body):
            overlap = [len(_bigrams(body) & g) for g in grams]
            best = max(range(len(overlap)), key=overlap.__getitem__)
            if overlap[best] >= 2:
                tail = point[len(body) :]
                end = body[-1] if body[-1] in "。；！？" else ""
                point = f"{body[: len(body) - len(end)]}[{best + 1}]{end}{tail}"
        out.append(point)
    return "".join(out)


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1) if not text[i : i + 2].isspace()}


def _citation(hit) -> str:
    path = " > ".join(hit.heading_path)
    return f"《{hit.title}》 {path}".strip()


# ---- one line per practice, grouped by approach ------------------------------------------------------

# 【专班推进】甲园区：成立工作专班[1] — the line the prompt asks for (a list marker before it is tolerated).
_PRACTICE = re.compile(r"^\s*(?:[-*•·]|\d{1,2}[.、．)）])?\s*【(?P<kind>[^】\n]{1,20})】\s*(?P<rest>.+?)\s*$")
_WHO = re.compile(r"^(?P<unit>[^：:，,。；\[\n]{2,24})[：:]\s*(?P<text>.+)$")
SAME_POINT = 0.5  # character-bigram Jaccard at which two practices are one said twice
SAME_KIND = 0.5  # … at which two approach names are one approach


@dataclass(frozen=True)
class Practice:
    """One practice of an answer: its approach, the unit that did it, what it did (with its citation)."""

    kind: str
    unit: str
    text: str


def arranged(answer: str, hits: list[Hit], texts: list[str]) -> str:
    """The answer's practices grouped by approach, each saying which unit did it, none twice.

    The model writes one 【approach】unit：practice[n] line each; the unit is kept when the cited passage (or its
    document) names it, else the document's own unit is said. An answer not written in lines is returned as it is.
    """
    practices = [p for line in answer.split("\n") if (p := _practice(line, hits, texts))]
    if not practices:
        return answer
    kept: list[Practice] = []
    for practice in practices:
        if not any(_jaccard(_bigrams(practice.text), _bigrams(k.text)) >= SAME_POINT for k in kept):
            kept.append(practice)
    groups: list[list[Practice]] = []
    for practice in kept:
        group = next((g for g in groups if _same_kind(g[0].kind, practice.kind)), None)
        if group is None:
            groups.append([practice])
        else:
            group.append(practice)
    blocks = []  # a blank line between groups, so Markdown does not run a heading into the list above it
    for number, group in enumerate(groups, 1):
        heading = [f"{ordinal(number)}、{group[0].kind}"] if len(groups) > 1 else []
        blocks.append("\n".join(heading + [f"{i}. {p.unit}：{p.text}" if p.unit else f"{i}. {p.text}" for i, p in enumerate(group, 1)]))
    return "\n\n".join(blocks)


def _practice(line: str, hits: list[Hit], texts: list[str]) -> Practice | None:
    match = _PRACTICE.match(line)
    if not match:
        return None
    rest = match.group("rest")
    who = _WHO.match(rest)
    unit, text = (who.group("unit").strip(), who.group("text").strip()) if who else ("", rest.strip())
    cited = [int(n) - 1 for n in _CITE.findall(text) if 0 < int(n) <= len(hits)]
    if cited:
        n = cited[0]
        grounded = unit and (unit in texts[n] or unit in hits[n].title or unit in unit_of(hits[n]))
        unit = unit if grounded else unit_of(hits[n]) or ""
    elif unit and not any(unit in t for t in texts):
        unit = ""
    return Practice(match.group("kind").strip(), unit, text) if text else None


def _same_kind(a: str, b: str) -> bool:
    return a == b or a in b or b in a or _jaccard(_bigrams(a), _bigrams(b)) >= SAME_KIND


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def _attribute(value: str) -> str:
    return value.replace('"', "'").replace("<", "＜").replace(">", "＞")
