"""The drafting chain: retrieve past sections -> prompt from files -> model -> render slots -> guardrail loop."""

from __future__ import annotations

import re
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from typing import Any

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
from assistant.tokens import count_tokens

# Kinds that are their figures: the model may reword the slot sentences, but a rewording that breaks or
# drops a figure gives way to the sentences themselves.
EXACT_KINDS = {"主要经济指标"}


def model_runnable(model: ChatModel, **options: Any) -> Runnable:
    """Our ChatModel as an LCEL step: messages in, text deltas out (LangChain stays behind this function)."""

    def generate(inputs: Iterator[list[Message]]) -> Iterator[str]:
        for messages in inputs:
            yield from model.stream(messages, **options)

    return RunnableGenerator(generate)


@dataclass
class _Job:
    """State of one section while it is drafted."""

    spec: SectionSpec
    book: SlotBook
    inputs: FigureSet
    unit: str | None
    period: str | None
    materials: bool = False
    notes: list[str] = field(default_factory=list)  # the notes this section is given (a whole document deals each note to one)
    hits: list = field(default_factory=list)
    system: str = ""
    prompt_tokens: int = 0
    skeleton: str = ""  # slot sentences for kinds written from the figures (see SlotBook.skeleton)
    renderer: StreamRenderer | None = None


class Drafter:
    """Drafts one section or a whole document from a figure set, in the unit's house style."""

    def __init__(self, settings: Settings, kb: KnowledgeBase, model: ChatModel) -> None:
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
            notes = list(inputs.notes) if dealt is None else [inputs.notes[i] for i in dealt.get(spec.kind, [])]
            job = _Job(spec, book, inputs, request.unit, request.period, materials=bool(request.materials), notes=notes)
            if spec.kind in NARRATIVE_KINDS:
                # The table belongs to the figures paragraph of a whole document; a plan still states its targets.
                figures = list(inputs.figures) if dealt is None else [f for f in inputs.figures if spec.kind == "工作计划" and f.target is not None]
                if not notes and not figures:
                    if dealt is None:
                        raise AssistantError(f"起草“{spec.label}”需要要点。", "请在“要点与补充材料”中每行写一条事实（做了什么、数字、名称），再起草：这一部分只按要点成文，不凭空生成。")
                    yield Status(f"没有写给“{spec.heading or spec.label}”的要点，这一部分留空，请补充要点后单独起草。")
                outcome, used = yield from self._narrative(job, notes, figures)
                uses.extend(used)
            else:
                outcome = yield from self._section(job)
                uses.extend(_carried_uses(notes, outcome.text, spec.label))
            sections.append((spec.label if spec.theme else spec.kind, outcome.text))
            pending.extend(outcome.pending)
            rounds = max(rounds, outcome.rounds)
            sources.extend(_sources(job.hits, sources))
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

    def chain(self, job: _Job) -> Runnable:
        """retrieve -> messages -> model -> rendered deltas, as one LCEL pipeline."""
        options = {"max_tokens": self.settings.draft.max_tokens, "temperature": self.settings.llm.temperature}
        renderer = job.renderer = StreamRenderer(job.book)

        def render(deltas: Iterator[str]) -> Iterator[str]:
            for delta in deltas:
                out = renderer.feed(delta)
                if out:
                    yield out
            tail = renderer.finish()
            if tail:
                yield tail

        return (
            RunnableLambda(lambda j: self._retrieve(j))
            | RunnableLambda(lambda j: self._messages(j))
            | model_runnable(self.model, **options)
            | RunnableGenerator(render)
        )

    def _section(self, job: _Job) -> Generator[TextDelta | Status, None, Outcome]:
        """Draft, stream and repair one section; returns the repair outcome (final text, pending, rounds)."""
        yield Status(f"正在检索同类章节：{job.spec.label}…")
        chain = self.chain(job)
        for piece in chain.stream(job):
            yield TextDelta(piece)
        assert job.renderer is not None  # set when the section's stream started
        text = body_of(job.book.render(job.renderer.raw).text)
        text, copied = drop_masked(text)
        if copied:
            yield Status(f"删去了照抄范文的{copied}句（含隐去的旧数字）。")
        if job.spec.kind in EXACT_KINDS and job.skeleton and (problems(text, check_numbers(text, job.inputs)) or not covers(job.renderer.raw, job.skeleton, job.book)):
            # The model's rewording broke or dropped figures; the slot sentences themselves are exact.
            text = exact_sentences(job)
            yield Status("模型改写的数据句有误或有遗漏，已改用按数据表生成的句子。")
        notes = self._notes(job)

        def ask(items: str) -> str:
            user = load_prompt(self.settings.prompts, "repair_user").render(slots=job.book.listing(LISTED_ASPECTS[job.spec.kind]), notes=notes, items=items)
            messages: list[Message] = [{"role": "system", "content": job.system}, {"role": "user", "content": user}]
            try:
                return self.model.complete(messages, max_tokens=self.settings.draft.max_tokens, temperature=0.1)
            except BadReply:
                return ""  # an empty repair fixes nothing: what stays flagged is marked 〔待核实〕, the draft is kept

        outcome = yield from repair_stream(text, job.inputs, job.book, ask, self.settings.draft.repair_rounds)
        if outcome.text != text:
            yield Status("已核对并修正数据，正文以最终结果为准。")
        return outcome

    def _narrative(self, job: _Job, notes: list[str], figures: list[Figure]) -> Generator[TextDelta | Status, None, tuple[Outcome, list[NoteUse]]]:
        """A narrative section built from its notes (see narrative.py); sealed like every section."""
        writer = NarrativeWriter(self.settings, self.model)
        grouped = job.spec.kind == "重点工作" and not job.spec.theme  # a themed section is one theme already
        written = yield from writer.write(job.spec.kind, job.spec.label, notes, job.inputs, job.unit, job.period, figures, grouped=grouped)
        text = written.text or _opening(job)
        text, pending = seal(text, job.inputs)
        return Outcome(text=text, report=check_numbers(text, job.inputs), pending=pending), written.uses

    def _retrieve(self, job: _Job) -> _Job:
        """Past sections of the same kind: same unit and period type first, then wider."""
        if self.kb is None:
            return job
        wanted = f"{job.spec.kind}·{job.spec.theme}" if job.spec.theme else job.spec.kind
        # Plain 重点工作 covers every themed 重点工作·<theme> passage, so it is matched after the search.
        exact = wanted if wanted != "重点工作" else None
        _, span = year_and_label(job.period)
        k = self.settings.draft.examples_k
        tries = [{"unit": job.unit, "period": span}, {"unit": job.unit}, {"period": span}, {}]
        seen: set[tuple] = set()
        for extra in tries:
            filters = {key: value for key, value in {"section_kind": exact, **extra}.items() if value}
            for hit in self.kb.search(job.spec.query, k=k if exact else k * 3, filters=filters or None):
                key = (hit.source, tuple(hit.heading_path), hit.text[:40])
                if key not in seen and _kind_matches(hit.section_kind, wanted):
                    seen.add(key)
                    job.hits.append(hit)
            if len(job.hits) >= k:
                break
        job.hits = job.hits[:k]
        return job

    def _messages(self, job: _Job) -> list[Message]:
        """System (fixed: rules, guidance, masked examples) then user: figures and notes before unit and period, so a redraft for another period reads only the tail."""
        folder = self.settings.prompts
        guidance = load_prompt(folder, GUIDES[job.spec.kind]).render().strip()
        packed = pack(job.hits, self._example_budget(), text_of=lambda h: mask_numbers(body_of(h.text)), overhead=lambda h: 4)
        job.hits = [p.item for p in packed]
        job.skeleton = job.book.skeleton(job.spec.kind, job.book.verbs_from([h.text for h in job.hits]), job.period, job.unit)
        # The figures paragraph learns its wording through the slot sentences (verbs from past passages):
        # a small model given masked examples as well copies their X's instead.
        shown = [] if job.spec.kind in EXACT_KINDS else packed
        examples = "\n\n".join(f"范文{i}：{p.text}" for i, p in enumerate(shown, 1)) or "（无）"
        job.system = load_prompt(folder, "draft_system").render(guidance=guidance, examples=examples)
        user = load_prompt(folder, "draft_user").render(
            unit=job.unit or "（未注明）",
            period=job.period or "（未注明）",
            figures=self._figures(job),
            notes=self._notes(job),
            section=job.spec.label,
            length=LENGTHS[job.spec.kind],
        )
        job.prompt_tokens = count_tokens(job.system) + count_tokens(user)
        return [{"role": "system", "content": job.system}, {"role": "user", "content": user}]

    def _figures(self, job: _Job) -> str:
        """The figures as slot sentences to copy where the kind has them, else the slot listing."""
        folder = self.settings.prompts
        if job.skeleton:
            return load_prompt(folder, "draft_skeleton").render(skeleton=job.skeleton).strip()
        return load_prompt(folder, "draft_slots").render(slots=job.book.listing(LISTED_ASPECTS[job.spec.kind]) or "（无）").strip()

    def _notes(self, job: _Job) -> str:
        """The writer's notes and materials that bear on this section, within the kind's budget."""
        budget = NOTE_BUDGETS[job.spec.kind] + (MATERIAL_BUDGET if job.materials else 0)
        chosen = select_notes(job.notes, job.spec.query + (job.spec.theme or ""), budget)
        return "\n".join(f"- {note.strip()}" for note in chosen if note.strip()) or "（无）"

    def _example_budget(self) -> int:
        """Configured example budget, never more than a third of the model's window."""
        window = getattr(self.model, "context_window", None) or self.settings.llm.context_window
        return max(0, min(self.settings.draft.example_budget_tokens, window // 3))


def _carried_uses(notes: list[str], text: str, label: str) -> list[NoteUse]:
    """The notes given to a section drafted from the figures: used where the text carries their numbers and names."""
    return [
        NoteUse(note, label, True, "数字和名称已在正文中") if carried(note, text)
        else NoteUse(note, label, False, "这一段按数据表起草，要点中的数字或名称没有写入")
        for note in notes
    ]


def _opening(job: _Job) -> str:
    """A section with no notes: only the 总述 says something, the line that hands over to the report."""
    if job.spec.kind != "总述":
        return ""
    return f"现将{job.unit or ''}{job.period or ''}工作情况报告如下："


def covers(raw: str, skeleton: str, book: SlotBook) -> bool:
    """Whether the model's text uses every slot of the slot sentences."""
    used = {slot.key for m in SLOT_RE.finditer(raw) if (slot := book.lookup(m.group(1)))}
    return all(m.group(1) in used for m in SLOT_RE.finditer(skeleton))


def exact_sentences(job: _Job) -> str:
    """The section as its slot sentences rendered (the figures paragraph opens with its own period and unit)."""
    return job.book.render(job.skeleton).text


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


def _sources(hits: list, known: list[Source]) -> list[Source]:
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
