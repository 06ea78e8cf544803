"""Answers to "how did we, or others, do X" from the knowledge base: each relevant document read on its own for the
practice it describes, the practices grouped by approach, each with the unit that did it and its cited source."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from assistant.drafting.narrative import ordinal
from assistant.drafting.packing import excerpt
from assistant.drafting.prompts import load_prompt
from assistant.drafting.records import Answer, AnswerDone, Source, Status, TextDelta
from assistant.drafting.repair import seal
from assistant.figures import FigureSet
from assistant.llm import BadReply, ChatModel, Message
from assistant.sentences import sentences
from assistant.settings import DraftSettings, Settings
from assistant.store.knowledge_base import KnowledgeBase
from assistant.store.records import Hit

NOT_FOUND = "素材库中没有找到与这个问题相关的内容。"
NO_PRACTICE = "素材库中找到了相关资料，但其中没有直接回答这个问题的做法。可换个说法再问，或到“素材库”页检索原文。"
GREETING = "您好！我可以在素材库里查找往年材料和其他园区的做法，并注明出处。请直接提问，例如：“其他园区在盘活闲置土地方面有哪些做法？”"
# Whole messages that greet, thank or take leave; anything longer is a question and goes to the knowledge base.
GREETINGS = frozenset({
    "你好", "您好", "你们好", "大家好", "嗨", "哈喽", "hi", "hello", "hey", "在吗", "在不在", "早", "早上好", "上午好", "中午好",
    "下午好", "晚上好", "谢谢", "谢谢你", "多谢", "感谢", "辛苦了", "好的", "收到", "再见", "拜拜",
})
_NOT_WORDS = re.compile(r"[\s，,。.！!？?~～、…]+")
_CITE = re.compile(r"\[(\d{1,2})\]")
_CITE_FILL = "·"  # stands in for a citation's digits while the numbers are checked
_CITE_MASK = re.compile(r"\[·{1,2}\]")
UNKNOWN_UNITS = frozenset({"", "未署名", "佚名", "未知"})
READ_TOKENS = 160  # the longest reply to one document: an approach and a practice in a sentence or two
OTHER_KIND = "其他做法"
MAX_SENTENCES = 2  # a practice is said in a sentence or two; a model that runs on quotes the passage at length


def data_block(hit: Hit, text: str) -> str:
    """One passage as a delimited data block; markup inside the text cannot close the block."""
    body = text.replace("<", "＜").replace(">", "＞")
    return f"<资料 出处=\"{_attribute(_citation(hit))}\">\n{body}\n</资料>"


def unit_of(hit: Hit) -> str:
    """The unit a passage's document names as its own, or "" when unknown."""
    unit = str(hit.metadata.get("unit") or "").strip()
    return "" if unit in UNKNOWN_UNITS else unit


class Asker:
    """Retrieves the relevant documents, reads each for its practice, answers grouped by approach with [n] citations."""

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

    def stream(self, question: str) -> Iterator[TextDelta | Status | AnswerDone]:
        """A Status for each document as it is read, then AnswerDone with the grouped answer and its sources.

        One document at a time: a 1.5B model given five passages at once used one or two of them and repeated itself
        (bench/practice_answers.py); given one, it says what that one did, and the code cites it, names its unit and
        groups the practices by approach.
        """
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
        practices: list[Practice] = []
        failure: BadReply | None = None
        for n, (hit, text) in enumerate(zip(hits, texts), 1):
            yield Status(f"正在阅读第{n}/{len(hits)}份资料：《{hit.title}》…")
            try:
                reply = self.model.complete(self._messages(question, hit, text), max_tokens=READ_TOKENS, temperature=0.1)
            except BadReply as error:  # this document goes unread; the others still answer
                failure = error
                continue
            practice = practice_of(reply, n, hit)
            if practice is not None:  # every practice the model finds is kept: see Practice on why none is filtered
                practices.append(practice)
        if not practices:
            if failure is not None:
                raise failure
            yield AnswerDone(Answer(NO_PRACTICE, [], False))
            return
        practices = renumbered(distinct(practices))
        answer_text = checked(arranged(practices), texts)
        # only the sources the answer uses are listed, under the numbers it cites them by
        used = {int(n) for n in _CITE.findall(answer_text)}
        cited = {p.number: hits[p.read - 1] for p in practices}
        numbered = [(i, Source(h.source, h.title, tuple(h.heading_path))) for i, h in sorted(cited.items()) if i in used]
        listing = "\n".join(f"[{i}] {s.citation}" for i, s in numbered)
        yield AnswerDone(Answer(f"{answer_text}\n\n来源：\n{listing}", [s for _, s in numbered], True))

    def _messages(self, question: str, hit: Hit, text: str) -> list[Message]:
        folder = self.settings.prompts
        return [{"role": "system", "content": load_prompt(folder, "ask_system").render()},
                {"role": "user", "content": load_prompt(folder, "ask_user").render(passage=data_block(hit, text), question=question.strip())}]

    def _excerpts(self, question: str, hits: list[Hit]) -> list[str]:
        """Each passage's sentences on the question, within the tokens one reading is given."""
        room = self.settings.draft.ask_passage_tokens
        return [excerpt(h.text, room, score=lambda sentence: self.kb.keywords.evidence(question, sentence)) for h in hits]

    def _relevant(self, question: str) -> list[Hit]:
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


# The data block's own markup and citations, which a small model copies into its reply.
_LEAKED_MARKUP = re.compile(r"</?资料[^>\n]*>|出处\s*=\s*[\"“][^\"”\n]*[\"”]|\[?编号\s*=\s*[\"“”]?\d{1,2}[\"“”]?\]?|\[\d{1,2}\]")


def unmarked(reply: str) -> str:
    """A reply without the data block's markup or citations a small model copies (<资料 …>, 出处="…", [1], 编号="1")."""
    return _LEAKED_MARKUP.sub("", reply)


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1) if not text[i : i + 2].isspace()}


def _citation(hit) -> str:
    path = " > ".join(hit.heading_path)
    return f"《{hit.title}》 {path}".strip()


# ---- one practice per document, grouped by approach --------------------------------------------------

# The reply the prompt asks for: "类别：…" and "做法：…" lines, or "无".
_KIND = re.compile(r"^\s*(?:[-*•·]\s*)?(?:做法)?类别\s*[:：]\s*(?P<kind>[^\n]{1,30})$", re.M)
_DOING = re.compile(r"^\s*(?:[-*•·]\s*)?(?:具体)?做法\s*[:：]\s*(?P<text>.+)", re.M | re.S)
_COPIED_RULE = re.compile(r"概括|所用的方法|四到八")
# The question's frame said back ("其他园区在盘活闲置土地方面，…", "…可以借鉴县经开区的腾笼换鸟行动"): the practice is what the unit did.
_OTHERS = re.compile(r"(?:其他|别的|各)?(?:园区|开发区|地区|地方)")
# Talk about the passage rather than the practice ("资料中提到…") and the prompt's rule copied onto the end.
_ABOUT_PASSAGE = re.compile(r"^(?:在《[^》\n]{1,80}》|资料)(?:中|里)?(?:提到|显示|指出|介绍)(?:的|了)?\s*[，,：:]?\s*")
_RULE_TAIL = re.compile(r"[，,；;]\s*(?:单位名称、)?项目名称和数字照抄[^。；]*")
_ECHO = re.compile(r"^(?:其他|别的)(?:园区|开发区|地区|地方)(?:在[^，,。；]{1,24}?(?:方面|上))?\s*[，,]?\s*")
_BORROW = re.compile(r"(?:^|(?<=[，,。；]))\s*(?:可以|可)?借鉴[^，,。；]{0,30}?的(?=[^，,。；])")
_NONE = re.compile(r"^[\s“”\"'（(]*无[\s。.）)”\"']*$")
SAME_POINT = 0.5  # character-bigram Jaccard at which two practices are one said twice (a reposted report)
SAME_KIND = 0.5  # … at which two approach names are one approach


@dataclass(frozen=True)
class Practice:
    """One practice of an answer: its approach, the unit that did it (when its document says), what it did, its source.

    About a third of the practices the model finds come from documents the practice set does not count as answering
    (0.64 and 0.57 on two sets of 18 questions). Leaving out those far in meaning from the question (e5 similarity
    a margin below the closest practice's) was measured and did not pay: at 0.08 the share stayed 0.64 on the second
    set while answering documents kept fell from 0.98 to 0.92 (bench/practice_answers.py, 2026-12-06).
    """

    kind: str
    unit: str
    text: str
    read: int  # the document's place among the passages read (1-based)
    number: int = 0  # its citation in the answer, [1] [2] … in the order documents are cited (renumbered)

    def line(self) -> str:
        """临川区人民政府：通过整合、嫁接、重组等方式盘活闲置工业用地450亩[1]。"""
        body = self.text.rstrip("。；;，, ")
        cite = self.number or self.read
        return f"{self.unit}：{body}[{cite}]。" if self.unit else f"{body}[{cite}]。"


def practice_of(reply: str, read: int, hit: Hit) -> Practice | None:
    """The practice a reply on one document gives, or None when it says the document has none ("无")."""
    reply = unmarked(reply).strip()
    if not reply or _NONE.match(reply):
        return None
    doing = _DOING.search(reply)
    kind = _KIND.search(reply)
    text = doing.group("text") if doing else _KIND.sub("", reply)
    text = " ".join(line.strip() for line in text.split("\n") if line.strip() and not _KIND.match(line))
    if not text or _NONE.match(text):
        return None
    name = kind.group("kind").strip().strip("“”\"'。") if kind else ""
    name = "" if _COPIED_RULE.search(name) or _OTHERS.fullmatch(name) else name  # the prompt's or the question's words
    text = _RULE_TAIL.sub("", _BORROW.sub("", _ECHO.sub("", _ABOUT_PASSAGE.sub("", text)))).strip()
    if len(text) > 2 and text[0] == "“" and text.rstrip("。")[-1] == "”" and "“" not in text[1:-2]:  # a quote of the passage
        text = text[1:].rstrip("。")[:-1]
    return Practice(name or OTHER_KIND, unit_of(hit), "".join(sentences(text)[:MAX_SENTENCES]).strip(), read) if text else None


def distinct(practices: list[Practice]) -> list[Practice]:
    """The practices without one said again (two documents reporting the same thing, such as a reposted report)."""
    kept: list[Practice] = []
    for practice in practices:
        if not any(_jaccard(_bigrams(practice.text), _bigrams(k.text)) >= SAME_POINT for k in kept):
            kept.append(practice)
    return kept


def renumbered(practices: list[Practice]) -> list[Practice]:
    """The practices in the order the answer gives them (grouped), cited [1] [2] … in that order."""
    practices = [p for group in grouped(practices) for p in group]
    numbers = {read: n for n, read in enumerate(dict.fromkeys(p.read for p in practices), 1)}
    return [replace(p, number=numbers[p.read]) for p in practices]


def grouped(practices: list[Practice]) -> list[list[Practice]]:
    """The practices by approach, in the order each approach first comes; those of no named approach last."""
    groups: list[list[Practice]] = []
    for practice in practices:
        group = next((g for g in groups if _same_kind(g[0].kind, practice.kind)), None)
        if group is None:
            groups.append([practice])
        else:
            group.append(practice)
    return sorted(groups, key=lambda g: g[0].kind == OTHER_KIND)


def arranged(practices: list[Practice]) -> str:
    """The practices grouped by approach, under numbered headings when there are several approaches."""
    groups = grouped(practices)
    blocks = []  # a blank line between groups, so Markdown does not run a heading into the list above it
    for number, group in enumerate(groups, 1):
        heading = [f"{ordinal(number)}、{group[0].kind}"] if len(groups) > 1 else []
        blocks.append("\n".join(heading + [f"{i}. {p.line()}" for i, p in enumerate(group, 1)]))
    return "\n\n".join(blocks)


def _same_kind(a: str, b: str) -> bool:
    return a == b or a in b or b in a or _jaccard(_bigrams(a), _bigrams(b)) >= SAME_KIND


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def _attribute(value: str) -> str:
    return value.replace('"', "'").replace("<", "＜").replace(">", "＞")
