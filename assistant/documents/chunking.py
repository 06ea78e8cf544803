"""Cut a parsed document into token-sized chunks that follow its sections."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from assistant.documents.kinds import passage_kind
from assistant.documents.model import Chunk, Document, Section
from assistant.figures.model import Figure
from assistant.numbers import find_mentions, indicator_of, period_text
from assistant.settings import ChunkSettings
from assistant.tokens import count_tokens

# A sentence ends at 。；！？ (and ASCII ; ! ?) plus any closing quotes, or at a line end.
_SENTENCE = re.compile(r"[^。；！？;!?\n]*(?:[。；！？;!?]+[”’」』）)]*|\n|$)")
_CLAUSE = re.compile(r"[^，,、：:]*(?:[，,、：:]+|$)")


@dataclass
class _Piece:
    """A span of the document text with the section path it belongs to."""

    start: int
    end: int
    path: tuple[str, ...]
    kind: str
    tokens: int
    lead: bool = False  # the own text of a section whose children follow (often just its heading)


def chunk_document(doc: Document, settings: ChunkSettings) -> list[Chunk]:
    """Chunks in document order; none straddles two level-1 sections, none exceeds max_tokens."""
    chunks: list[Chunk] = []
    for root in doc.sections:
        pieces = _merge_small(list(_pieces(doc.text, root, (), settings)), doc.text, settings)
        for piece in pieces:
            text = doc.text[piece.start : piece.end].strip()
            if not text:
                continue
            chunks.append(
                Chunk(
                    text=text,
                    heading_path=piece.path,
                    section_kind=passage_kind(piece.kind, text),
                    ordinal=len(chunks),
                    tokens=count_tokens(text),
                    figures=figures_of(text),
                )
            )
    return chunks


def figures_of(text: str) -> tuple[Figure, ...]:
    """The figures a passage states, as ingestion stores them."""
    return tuple(stated_figures(text))


# 完成全年目标的56% / 占比: derived from other figures, not a figure of its own
_SHARE_WORDS = re.compile(r"(?:完成|占|达到)[^，,；;]*的$|占比$|比重$|完成率$|进度$")


def stated_figures(text: str) -> list[Figure]:
    """The figures (name, value, unit, period, yoy) a passage states; placeholders yield nothing."""
    out: list[Figure] = []
    # What a growth rate right after continues: the last figure stated (its yoy), or the indicator of a
    # placeholder amount (产值XX亿元，同比增长4.47%: the rate is still that indicator's 增速).
    last: Figure | None = None
    placeholder: str | None = None
    last_end = -1
    for m in find_mentions(text):
        if m.kind == "placeholder":
            last, placeholder = None, indicator_of(m) or None
            last_end = m.end
            continue
        if m.kind != "figure" or m.value is None or m.unit is None:
            continue
        period = period_text(m.period) if m.period else None
        continues = last is not None or placeholder is not None
        if m.unit in ("%", "‰") and m.direction != 0 and not m.level and continues and _joined(text, last_end, m.start):
            rate = m.signed
            assert rate is not None  # m.value is set (checked above), so signed is too
            if placeholder is not None:
                out.append(Figure(f"{placeholder}增速", rate, "%", period=period))
            elif last is not None and last.yoy is None:
                out[-1] = replace(last, yoy=rate)  # `last` is the figure appended last
            last = placeholder = None
            continue
        name = indicator_of(m)
        if not name or (m.unit in ("%", "‰") and _SHARE_WORDS.search(m.left)):
            last = placeholder = None  # 完成全年目标的56% / 占比: derived from other figures, not a figure of its own
            continue
        if m.unit in ("%", "‰") and m.direction != 0 and not m.level:
            signed = m.signed
            assert signed is not None  # m.value is set (checked above), so signed is too
            fig = Figure(name if name.endswith(("增速", "增幅", "增长率")) else f"{name}增速", signed, m.unit, period=period)
        else:
            fig = Figure(name, m.value, m.unit, period=period)
        out.append(fig)
        last, placeholder = fig, None
        last_end = m.end
    return out


def _joined(text: str, end: int, start: int) -> bool:
    """A rate continues the previous figure's clause (no sentence end between them)."""
    between = text[end:start]
    return len(between) <= 16 and not re.search(r"[。；;！？!?\n]", between)


def _pieces(text: str, section: Section, parent: tuple[str, ...], settings: ChunkSettings):
    """Whole sections when they fit, else the section's own text in sentence groups and its children."""
    path = (*parent, section.heading) if section.heading else parent
    whole = count_tokens(text[section.start : section.end])
    if whole <= settings.max_tokens:
        yield _Piece(section.start, section.end, path, section.kind, whole)
        return
    own_end = section.children[0].start if section.children else section.end
    own = list(_split_span(text, section.start, own_end, path, section.kind, settings.max_tokens))
    if own and section.children:
        own[-1].lead = True
    yield from own
    for child in section.children:
        yield from _pieces(text, child, path, settings)


def _split_span(text: str, start: int, end: int, path, kind: str, budget: int):
    """Group the sentences of text[start:end] into pieces of at most `budget` tokens."""
    if not text[start:end].strip():
        return
    group_start, group_tokens = start, 0
    for s_start, tokens in _units(text, start, end, budget):
        if group_tokens and group_tokens + tokens > budget:
            yield _Piece(group_start, s_start, path, kind, group_tokens)
            group_start, group_tokens = s_start, 0
        group_tokens += tokens
    if text[group_start:end].strip():
        yield _Piece(group_start, end, path, kind, group_tokens)


def _units(text: str, start: int, end: int, budget: int):
    """(start, tokens) of each sentence; a sentence over the budget is cut at clauses, then at token boundaries."""
    for match in _SENTENCE.finditer(text, start, end):
        if match.start() == match.end():
            continue
        s_start, s_end = match.span()
        tokens = count_tokens(text[s_start:s_end])
        if tokens <= budget:
            yield s_start, tokens
            continue
        for c_start, c_end in _cut_long(text, s_start, s_end, budget):
            yield c_start, count_tokens(text[c_start:c_end])


def _cut_long(text: str, start: int, end: int, budget: int):
    """Spans of one over-long sentence: clause groups, and hard cuts for a clause that still does not fit."""
    for match in _CLAUSE.finditer(text, start, end):
        if match.start() == match.end():
            continue
        c_start, c_end = match.span()
        if count_tokens(text[c_start:c_end]) <= budget:
            yield c_start, c_end
            continue
        step = max(1, budget // 3)  # a CJK character takes at most 3 tokens
        for pos in range(c_start, c_end, step):
            yield pos, min(pos + step, c_end)


def _merge_small(pieces: list[_Piece], text: str, settings: ChunkSettings) -> list[_Piece]:
    """Merge neighbours (of one level-1 section) while one of them is under min_tokens and the sum fits."""
    # A short lead (a heading over its subsections) joins the subsection after it, not the one before.
    out: list[_Piece] = []
    for piece in pieces:
        if out:
            prev = out[-1]
            small_prev = prev.tokens < settings.min_tokens
            small_here = piece.tokens < settings.min_tokens and not piece.lead
            if (small_prev or small_here) and (merged := _merged(prev, piece, text, settings.max_tokens)):
                out[-1] = merged
                continue
        out.append(piece)
    return out


def _merged(a: _Piece, b: _Piece, text: str, budget: int) -> _Piece | None:
    """One piece covering two adjacent pieces, or None when it would exceed the budget."""
    if a.end != b.start or a.tokens + b.tokens > budget + 8:
        return None
    tokens = count_tokens(text[a.start : b.end])
    if tokens > budget:
        return None
    kind = b.kind if a.lead or b.tokens > a.tokens else a.kind
    return _Piece(a.start, b.end, _common(a.path, b.path), kind, tokens, lead=b.lead)


def _common(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...]:
    """The shared leading headings of two paths."""
    shared = []
    for x, y in zip(a, b):
        if x != y:
            break
        shared.append(x)
    return tuple(shared)
