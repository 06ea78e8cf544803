"""The drafting chain: retrieve past sections -> prompt from files -> model -> render slots -> guardrail loop.

The chain's steps pass values (frozen dataclasses): a section to draft, what retrieval found for it, the prompt
built from that, then the rendered deltas and the section as drafted.
"""

from __future__ import annotations

import re
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass

from langchain_core.runnables import Runnable, RunnableGenerator, RunnableLambda

from assistant.drafting.lastperiod import LastPeriod, last_period
from assistant.drafting.masking import drop_masked, mask_numbers
from assistant.drafting.narrative import NARRATIVE_KINDS, NarrativeWriter, assign_notes, carried
from assistant.drafting.outline import (
    GUIDES,
    LENGTHS,
    LISTED_ASPECTS,
    MATERIAL_BUDGET,
    NOTE_BUDGETS,
    SectionSpec,
    outline,
    parse_section,
)
from assistant.drafting.packing import pack, select_notes
from assistant.drafting.prompts import load_prompt
from assistant.drafting.records import Coverage, Done, DraftRequest, DraftResult, NoteUse, Source, Status, TextDelta
from assistant.drafting.repair import Outcome, problems, repair_stream, seal
from assistant.drafting.slots import SLOT_RE, SlotBook
from assistant.drafting.stream_render import StreamRenderer
from assistant.errors import AssistantError
from assistant.figures import Figure, FigureSet, figure_set_from
from assistant.guardrails import check_numbers
from assistant.llm import BadReply, ChatModel, Message
from assistant.periods import year_and_label
from assistant.settings import Settings
from assistant.store.knowledge_base import KnowledgeBase
from assistant.store.records import Hit

# Kinds that are their figures: the model may reword the slot sentences, but a rewording that breaks or
# drops a figure gives way to the sentences themselves.
EXACT_KINDS = {"主要经济指标"}


@dataclass(frozen=True)
class _Section:
    """One section to draft and what it is drafted from."""

    spec: SectionSpec
    book: SlotBook
    inputs: FigureSet
    unit: str | None
    period: str | None
    notes: tuple[str, ...]  # the notes this section is given (a whole document deals each note to one)
    materials: bool = False


@dataclass(frozen=True)
class _Found:
    """A section and the past passages of its kind that retrieval found."""

    section: _Section
    hits: tuple[Hit, ...]


@dataclass(frozen=True)
class _Prompt:
    """The messages that ask the model for a section, and what they were built from."""

    section: _Section
    hits: tuple[Hit, ...]  # the past passages that fit the example budget: the section's sources
    skeleton: str  # slot sentences for kinds written from the figures (see SlotBook.skeleton)
    system: str
    user: str

    @property
    def messages(self) -> list[Message]:
        """System then user, as the model takes them."""
        return [{"role": "system", "content": self.system}, {"role": "user", "content": self.user}]


@dataclass(frozen=True)
class _Drafted:
    """A section as the model wrote it (slots not yet rendered), with the prompt it answered."""

    prompt: _Prompt
    raw: str


class Drafter:
    """Drafts one section or a whole document from a figure set, in the unit's house style."""

    def __init__(self, settings: Settings, kb: KnowledgeBase | None, model: ChatModel) -> None:
        self.settings = settings
        self.kb = kb
        self.model = model

    def draft(self, request: DraftRequest) -> DraftResult:
        """Run the stream to its end and return the result."""
        for event in self.stream(request):
            if isinstance(event, Done):
                return event.result
        raise AssistantError("起草没有得到结果。", "请重试；如果反复出现，请检查模型配置。")  # pragma: no cover

    def stream(self, request: DraftRequest) -> Iterator[TextDelta | Status | Done]:
        """Events while drafting; the last one is Done with the structured result."""
        given = figure_set_from(request.figures)
        if request.whole_document:
            title, specs = outline(request.unit, request.period)
            yield Status("提纲：" + "；".join(s.heading or "开头段" for s in specs))
        elif request.section:
            title, specs = "", [parse_section(request.section)]
        else:
            raise AssistantError("没有指定要起草的章节。", "请选择一个章节类型，或选择起草全文。")
        yield Status("正在查找上期计划…")
        last = self._last_period(given, request)
        for line in last.offered:
            yield Status(f"已补充：{line}")
        inputs = FigureSet(figures=list(last.figures), notes=[*given.notes, *material_lines(request.materials)])
        book = SlotBook(inputs)
        if title:
            yield TextDelta(title + "\n\n")
        sections: list[tuple[str, str]] = []
        sources: list[Source] = []
        pending: list[str] = []
        uses: list[NoteUse] = []
        rounds = 0
        # A whole document deals each note to one section; a single section gets them all.
        dealt = assign_notes(inputs.notes, [s.kind for s in specs], inputs.figures) if request.whole_document else None
        for spec in specs:
            if request.whole_document:
                yield Status(f"正在起草：{spec.heading or '开头段'}…")
                if spec.heading:
                    yield TextDelta(("\n\n" if sections else "") + spec.heading + "\n")
            notes = tuple(inputs.notes) if dealt is None else tuple(inputs.notes[i] for i in dealt.get(spec.kind, []))
            section = _Section(spec, book, inputs, request.unit, request.period, notes, materials=bool(request.materials))
            hits: tuple[Hit, ...] = ()
            if spec.kind in NARRATIVE_KINDS:
                # The table belongs to the figures paragraph of a whole document; a plan still states its targets.
                figures = list(inputs.figures) if dealt is None else [f for f in inputs.figures if spec.kind == "工作计划" and f.target is not None]
                if not notes and not figures:
                    if dealt is None:
                        raise AssistantError(
                            f"起草“{spec.label}”需要要点。",
                            "请在“起草”页的“要点与补充材料”中每行写一条事实（做了什么、数字、名称），再起草：这一部分只按要点成文，不凭空生成。",
                        )
                    yield Status(f"没有写给“{spec.heading or spec.label}”的要点，这一部分留空，请补充要点后单独起草。")
                outcome, used = yield from self._narrative(section, figures)
                uses.extend(used)
            else:
                if inputs.figures:
                    outcome, hits = yield from self._section(section)
                else:  # the figures paragraph without a table: a model asked anyway copies its slot names ("【规上工业总产值】：X")
                    if dealt is None:
                        raise AssistantError(
                            f"起草“{spec.label}”需要统计数据表。",
                            "请在“起草”页的“统计数据表”中粘贴或上传各项指标的数值；只有工作要点时，请把“起草内容”改为“重点工作”。",
                        )
                    yield Status(f"没有统计数据表，“{spec.heading or spec.label}”这一部分留空，请补充数据表后单独起草。")
                    outcome = Outcome(text="", report=check_numbers("", inputs))
                uses.extend(_carried_uses(notes, outcome.text, spec.label))
            sections.append((spec.label if spec.theme else spec.kind, outcome.text))
            pending.extend(outcome.pending)
            rounds = max(rounds, outcome.rounds)
            sources.extend(_sources(hits, sources))
        sources.extend(_sources(last.passages, sources))
        body = _join(title, specs, sections)
        body, left = seal(body, inputs)  # the joined text once more: joining must not reopen anything
        pending.extend(left)
        report = check_numbers(body, inputs)
        coverage = Coverage(uses)
        if coverage.left_out:
            yield Status(f"有{len(coverage.left_out)}条要点没有写入正文，见要点使用情况。")
        yield Done(DraftResult(text=body, sections=sections, report=report, sources=sources, pending=pending, rounds=rounds, inputs=inputs, coverage=coverage))

    def _last_period(self, given: FigureSet, request: DraftRequest) -> LastPeriod:
        if self.kb is None:
            return LastPeriod(figures=list(given.figures))
        return last_period(self.kb, list(given.figures), request.unit, request.period)

    def chain(self) -> Runnable[_Section, TextDelta | _Drafted]:
        """retrieve -> prompt -> model with slots rendered as it streams, as one LCEL pipeline of values."""
        return RunnableLambda(self._retrieve) | RunnableLambda(self._prompt) | RunnableGenerator(self._write)

    def _section(self, section: _Section) -> Generator[TextDelta | Status, None, tuple[Outcome, tuple[Hit, ...]]]:
        """Draft, stream and repair one section; returns the repair outcome (final text, pending, rounds) and its sources."""
        yield Status(f"正在检索同类章节：{section.spec.label}…")
        drafted: _Drafted | None = None
        for event in self.chain().stream(section):
            if isinstance(event, TextDelta):
                yield event
            else:
                drafted = event
        assert drafted is not None  # the last value of the chain's stream
        prompt = drafted.prompt
        text = body_of(section.book.render(drafted.raw).text)
        text, copied = drop_masked(text)
        if copied:
            yield Status(f"删去了照抄范文的{copied}句（含隐去的旧数字）。")
        if (
            section.spec.kind in EXACT_KINDS
            and prompt.skeleton
            and (problems(text, check_numbers(text, section.inputs)) or not covers(drafted.raw, prompt.skeleton, section.book))
        ):
            # The model's rewording broke or dropped figures; the slot sentences themselves are exact.
            text = exact_sentences(section.book, prompt.skeleton)
            yield Status("模型改写的数据句有误或有遗漏，已改用按数据表生成的句子。")
        notes = self._notes(section)

        def ask(items: str) -> str:
            user = load_prompt(self.settings.prompts, "repair_user").render(
                slots=section.book.listing(LISTED_ASPECTS[section.spec.kind]), notes=notes, items=items
            )
            messages: list[Message] = [{"role": "system", "content": prompt.system}, {"role": "user", "content": user}]
            try:
                return self.model.complete(messages, max_tokens=self.settings.draft.max_tokens, temperature=0.1)
            except BadReply:
                return ""  # an empty repair fixes nothing: what stays flagged is marked 〔待核实〕, the draft is kept

        outcome = yield from repair_stream(text, section.inputs, section.book, ask, self.settings.draft.repair_rounds)
        if outcome.text != text:
            yield Status("已核对并修正数据，正文以最终结果为准。")
        return outcome, prompt.hits

    def _narrative(self, section: _Section, figures: list[Figure]) -> Generator[TextDelta | Status, None, tuple[Outcome, list[NoteUse]]]:
        """A narrative section built from its notes (see narrative.py); sealed like every section."""
        writer = NarrativeWriter(self.settings, self.model)
        spec = section.spec
        grouped = spec.kind == "重点工作" and not spec.theme  # a themed section is one theme already
        written = yield from writer.write(spec.kind, spec.label, section.notes, section.inputs, section.unit, section.period, figures, grouped=grouped)
        text = written.text or _opening(section)
        text, pending = seal(text, section.inputs)
        return Outcome(text=text, report=check_numbers(text, section.inputs), pending=pending), written.uses

    def _retrieve(self, section: _Section) -> _Found:
        """Past sections of the same kind: same unit and period type first, then wider."""
        if self.kb is None:
            return _Found(section, ())
        spec = section.spec
        wanted = f"{spec.kind}·{spec.theme}" if spec.theme else spec.kind
        # Plain 重点工作 covers every themed 重点工作·<theme> passage, so it is matched after the search.
        exact = wanted if wanted != "重点工作" else None
        _, span = year_and_label(section.period)
        k = self.settings.draft.examples_k
        tries = [{"unit": section.unit, "period": span}, {"unit": section.unit}, {"period": span}, {}]
        seen: set[tuple] = set()
        hits: list[Hit] = []
        for extra in tries:
            filters = {key: value for key, value in {"section_kind": exact, **extra}.items() if value}
            for hit in self.kb.search(spec.query, k=k if exact else k * 3, filters=filters or None):
                key = (hit.source, tuple(hit.heading_path), hit.text[:40])
                if key not in seen and _kind_matches(hit.section_kind, wanted):
                    seen.add(key)
                    hits.append(hit)
            if len(hits) >= k:
                break
        return _Found(section, tuple(hits[:k]))

    def _prompt(self, found: _Found) -> _Prompt:
        """System (fixed: rules, guidance, masked examples) then user: figures and notes before unit and period,
        so a redraft for another period reads only the tail."""
        section, spec, book = found.section, found.section.spec, found.section.book
        folder = self.settings.prompts
        guidance = load_prompt(folder, GUIDES[spec.kind]).render().strip()
        packed = pack(found.hits, self._example_budget(), text_of=lambda h: mask_numbers(body_of(h.text)), overhead=lambda h: 4)
        hits = tuple(p.item for p in packed)
        skeleton = book.skeleton(spec.kind, book.verbs_from([h.text for h in hits]), section.period, section.unit)
        # The figures paragraph learns its wording through the slot sentences (verbs from past passages):
        # a small model given masked examples as well copies their X's instead.
        shown = [] if spec.kind in EXACT_KINDS else packed
        examples = "\n\n".join(f"范文{i}：{p.text}" for i, p in enumerate(shown, 1)) or "（无）"
        system = load_prompt(folder, "draft_system").render(guidance=guidance, examples=examples)
        user = load_prompt(folder, "draft_user").render(
            unit=section.unit or "（未注明）",
            period=section.period or "（未注明）",
            figures=self._figures(section, skeleton),
            notes=self._notes(section),
            section=spec.label,
            length=LENGTHS[spec.kind],
        )
        return _Prompt(section, hits, skeleton, system, user)

    def _write(self, prompts: Iterator[_Prompt]) -> Iterator[TextDelta | _Drafted]:
        """The model's reply with its slots rendered clause by clause as it streams, then the section as drafted."""
        for prompt in prompts:
            renderer = StreamRenderer(prompt.section.book)
            deltas = self.model.stream(prompt.messages, max_tokens=self.settings.draft.max_tokens, temperature=self.settings.llm.temperature)
            for delta in deltas:
                out = renderer.feed(delta)
                if out:
                    yield TextDelta(out)
            tail = renderer.finish()
            if tail:
                yield TextDelta(tail)
            yield _Drafted(prompt, renderer.raw)

    def _figures(self, section: _Section, skeleton: str) -> str:
        """The figures as slot sentences to copy where the kind has them, else the slot listing."""
        folder = self.settings.prompts
        if skeleton:
            return load_prompt(folder, "draft_skeleton").render(skeleton=skeleton).strip()
        return load_prompt(folder, "draft_slots").render(slots=section.book.listing(LISTED_ASPECTS[section.spec.kind]) or "（无）").strip()

    def _notes(self, section: _Section) -> str:
        """The writer's notes and materials that bear on this section, within the kind's budget."""
        budget = NOTE_BUDGETS[section.spec.kind] + (MATERIAL_BUDGET if section.materials else 0)
        chosen = select_notes(section.notes, section.spec.query + (section.spec.theme or ""), budget)
        return "\n".join(f"- {note.strip()}" for note in chosen if note.strip()) or "（无）"

    def _example_budget(self) -> int:
        """Configured example budget, never more than a third of the model's window."""
        window = self.model.context_window or self.settings.llm.context_window
        return max(0, min(self.settings.draft.example_budget_tokens, window // 3))


def _carried_uses(notes: tuple[str, ...], text: str, label: str) -> list[NoteUse]:
    """The notes given to a section drafted from the figures: used where the text carries their numbers and names."""
    return [
        NoteUse(note, label, True, "数字和名称已在正文中") if carried(note, text)
        else NoteUse(note, label, False, "这一段按数据表起草，要点中的数字或名称没有写入")
        for note in notes
    ]


def _opening(section: _Section) -> str:
    """A section with no notes: only the 总述 says something, the line that hands over to the report."""
    if section.spec.kind != "总述":
        return ""
    return f"现将{section.unit or ''}{section.period or ''}工作情况报告如下："


def covers(raw: str, skeleton: str, book: SlotBook) -> bool:
    """Whether the model's text uses every slot of the slot sentences."""
    used = {slot.key for m in SLOT_RE.finditer(raw) if (slot := book.lookup(m.group(1)))}
    return all(m.group(1) in used for m in SLOT_RE.finditer(skeleton))


def exact_sentences(book: SlotBook, skeleton: str) -> str:
    """The section as its slot sentences rendered (the figures paragraph opens with its own period and unit)."""
    return book.render(skeleton).text


_HEADING_LINE = re.compile(r"^[^。；！？]{1,40}$")


def body_of(passage: str) -> str:
    """A past passage without its heading lines: a small model copies headings from examples."""
    lines = passage.strip().splitlines()
    while len(lines) > 1 and _HEADING_LINE.match(lines[0].strip()):
        lines.pop(0)
    return "\n".join(lines)


def _kind_matches(kind: str | None, wanted: str) -> bool:
    """重点工作 takes any theme; a themed or other kind must match exactly."""
    kind = kind or ""
    return kind == wanted or (wanted == "重点工作" and kind.startswith("重点工作"))


def with_materials(figures: FigureSet, texts: list[str]) -> FigureSet:
    """What a text is checked against: the table and notes, and every line of the materials as a further note."""
    return FigureSet(figures=figures.figures, notes=[*figures.notes, *material_lines(texts)])


def material_lines(materials: list[str]) -> list[str]:
    """Department submissions as one note per line: each number stays bound to its own context."""
    lines = []
    for material in materials:
        for line in material.splitlines():
            line = line.strip().lstrip("-•·*").strip()
            if line and not (line.startswith("【") and line.endswith("】")):
                lines.append(line)
    return lines


def _sources(hits: Iterable[Hit], known: list[Source]) -> list[Source]:
    out: list[Source] = []
    for hit in hits:
        source = Source(hit.source, hit.title, tuple(hit.heading_path))
        if source not in known and source not in out:
            out.append(source)
    return out


def _join(title: str, specs: list[SectionSpec], sections: list[tuple[str, str]]) -> str:
    parts = [title] if title else []
    for spec, (_, text) in zip(specs, sections):
        parts.append(f"{spec.heading}\n{text}" if spec.heading else text)
    return "\n\n".join(parts).strip()
