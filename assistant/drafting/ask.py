"""Answers to "how did we, or others, do X" from the knowledge base, every point tied to a cited source."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from assistant.drafting.packing import pack
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
HISTORY_BUDGET = 400  # tokens of earlier turns carried into a question (a drafted section alone can fill a small window)
_CITE = re.compile(r"\[(\d{1,2})\]")
_CITE_FILL = "·"  # stands in for a citation's digits while the numbers are checked
_CITE_MASK = re.compile(r"\[·{1,2}\]")
_POINT_END = re.compile(r"(?<=[。；！？\n])")


def data_block(number: int, hit, text: str) -> str:
    """One passage as a delimited data block; markup inside the text cannot close the block."""
    body = text.replace("<", "＜").replace(">", "＞")
    return f"<资料 编号=\"{number}\" 出处=\"{_citation(hit)}\">\n{body}\n</资料>"


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
        packed = pack(hits, self.settings.draft.example_budget_tokens, text_of=lambda h: h.text, overhead=lambda h: 30)
        hits = [p.item for p in packed]
        passages = "\n\n".join(data_block(i, p.item, p.text) for i, p in enumerate(packed, 1))
        folder = self.settings.prompts
        messages: list[Message] = [{"role": "system", "content": load_prompt(folder, "ask_system").render()}]
        messages.extend(recent_turns(history or [], HISTORY_BUDGET))
        messages.append({"role": "user", "content": load_prompt(folder, "ask_user").render(passages=passages, question=question.strip())})
        yield Status(f"找到{len(hits)}段相关资料，正在整理回答…")
        raw = ""
        for delta in self.model.stream(messages, max_tokens=self.settings.draft.max_tokens, temperature=0.1):
            raw += delta
            yield TextDelta(delta)
        texts = [p.text for p in packed]
        answer_text = checked(cite(unmarked(raw.strip()), texts), texts)
        # only the sources the answer uses are listed, under the numbers it cites them by
        used = {int(n) for n in _CITE.findall(answer_text)}
        numbered = [(i, Source(h.source, h.title, tuple(h.heading_path))) for i, h in enumerate(hits, 1) if i in used]
        sources = [source for _, source in numbered]
        listing = "\n".join(f"[{i}] {s.citation}" for i, s in numbered)
        final = f"{answer_text}\n\n来源：\n{listing}" if listing else answer_text
        yield AnswerDone(Answer(final, sources, True))

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
    return f"《{hit.title}》 {path}".strip().replace('"', "'")
