"""Chunking invariants on the real seeds: sections respected, token budget kept, sentences whole, text kept."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from assistant.documents.chunking import chunk_document
from assistant.documents.kinds import SECTION_KINDS
from assistant.documents.loading import parse_document
from assistant.settings import ChunkSettings
from assistant.tokens import count_tokens

BUDGETS = [ChunkSettings(), ChunkSettings(max_tokens=80, min_tokens=20)]
SENTENCE_END = "。；！？;!?”’」』）)"


def spans(doc, chunks):
    """Where each chunk sits in the document text (chunks are in order and copied verbatim)."""
    position = 0
    for chunk in chunks:
        start = doc.text.index(chunk.text, position)
        assert doc.text[position:start].strip() == "", "text skipped between chunks"
        position = start + len(chunk.text)
        yield start, position
    assert doc.text[position:].strip() == "", "text lost after the last chunk"


def sentence_at(text: str, offset: int) -> str:
    """The sentence that contains `offset`."""
    begin = max(text.rfind(c, 0, offset) for c in "。；！？;!?\n") + 1
    ends = [i for i in (text.find(c, offset) for c in "。；！？;!?\n") if i != -1]
    return text[begin : (min(ends) + 1 if ends else len(text))]


@pytest.mark.parametrize("settings", BUDGETS, ids=["default", "small"])
def test_chunk_invariants_on_seeds(seeds, settings):
    for name, doc in seeds.items():
        chunks = chunk_document(doc, settings)
        assert chunks, name
        assert [c.ordinal for c in chunks] == list(range(len(chunks)))
        for chunk, (start, end) in zip(chunks, spans(doc, chunks)):
            # never straddles two level-1 sections
            owners = [s for s in doc.sections if s.start <= start and end <= s.end]
            assert len(owners) == 1, (name, chunk.text[:40])
            owner = owners[0]
            if owner.heading:
                assert chunk.heading_path[0] == owner.heading
            else:
                assert chunk.heading_path == ()
            # sized in tokens
            assert chunk.tokens == count_tokens(chunk.text)
            assert chunk.tokens <= settings.max_tokens
            assert chunk.section_kind in SECTION_KINDS
            assert isinstance(chunk.figures, tuple)
            # no mid-sentence cut, unless one sentence alone exceeds the budget
            clean_end = chunk.text.endswith(tuple(SENTENCE_END)) or end == len(doc.text) or doc.text[end] == "\n"
            if not clean_end:
                assert count_tokens(sentence_at(doc.text, end - 1)) > settings.max_tokens, (name, chunk.text[-30:])


def test_small_sections_merge_and_large_ones_split(seeds):
    settings = ChunkSettings()
    chunks = chunk_document(seeds["000"], settings)
    # the long 为企服务 item is cut at a sentence end into two chunks with the same heading path
    service = [c for c in chunks if c.heading_path[-1:] == ("三是“为企服务”方面",)]
    assert len(service) == 2
    assert service[0].text.startswith("三是“为企服务”方面。")
    assert service[0].text.endswith("。")
    # chunks are not tiny: only the last piece of a level-1 section may stay under min_tokens
    small = [c for c in chunks if c.tokens < settings.min_tokens]
    assert len(small) <= len(seeds["000"].sections)


def test_heading_path_and_kind_of_a_seed_chunk(seeds):
    chunks = chunk_document(seeds["000"], ChunkSettings())
    land = next(c for c in chunks if "累计盘活22宗1044.39亩" in c.text)
    assert land.heading_path == (
        "一、2023上半年主要工作开展情况",
        "（一）紧盯“时间过半、任务过半”，聚力“五大攻坚”取得实效",
        "四是“存量盘活”方面",
    )
    assert land.section_kind == "重点工作·存量盘活"
    opening = chunks[0]
    assert opening.heading_path == ()
    assert opening.section_kind in ("总述", "主要经济指标")


def test_one_overlong_sentence_is_cut_at_clauses():
    sentence = "，".join(f"第{i}项工作稳步推进并取得阶段性成效" for i in range(60)) + "。"
    doc = parse_document(f"一、主要工作\n{sentence}\n二、下一步计划\n继续推进。", "long.txt")
    settings = ChunkSettings(max_tokens=60, min_tokens=10)
    chunks = chunk_document(doc, settings)
    assert all(c.tokens <= 60 for c in chunks)
    assert re.sub(r"\s", "", "".join(c.text for c in chunks)) == re.sub(r"\s", "", doc.text)
    first_section = [c for c in chunks if c.heading_path[0] == "一、主要工作"]
    assert len(first_section) > 5
    assert all(c.text.endswith(("，", "。")) for c in first_section)
    assert chunks[-1].heading_path == ("二、下一步计划",)


def test_chunking_is_fast(seeds):
    """Cleaning, parsing and chunking all seeds takes a small fraction of embedding them (~5 chunks/s)."""
    import time

    from assistant.documents.loading import load_document

    paths = [doc.source for doc in seeds.values()]
    began = time.perf_counter()
    count = sum(len(chunk_document(load_document(path), ChunkSettings())) for path in paths)
    elapsed = time.perf_counter() - began
    assert elapsed < 0.1 * count / 5, (elapsed, count)


def test_a_chunk_carries_the_figures_it_states(seeds):
    from decimal import Decimal

    chunks = chunk_document(seeds["000"], ChunkSettings())
    opening = next(c for c in chunks if "同比增长4.47%" in c.text)
    assert any(Decimal("4.47") in (f.value, f.yoy) for f in opening.figures), opening.figures


_MARKERS = ["一、", "二、", "三、", "（一）", "（二）", "一是", "二是", "1.", "2、", "（1）", ""]
_PHRASES = ["推进项目建设", "完成投资12.5亿元", "同比增长4.47%", "招商引资成效明显", "加强党的建设", "x", "“双招双引”"]
_ENDS = ["。", "；", "，", "！", "", "\n"]


@st.composite
def documents(draw):
    parts = []
    for _ in range(draw(st.integers(1, 40))):
        marker = draw(st.sampled_from(_MARKERS))
        words = "".join(draw(st.lists(st.sampled_from(_PHRASES), min_size=1, max_size=12)))
        parts.append(marker + words + draw(st.sampled_from(_ENDS)))
        if draw(st.booleans()):
            parts.append("\n")
    return "".join(parts)


@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(), st.sampled_from([(40, 10), (120, 30), (360, 60)]))
def test_chunk_invariants_on_generated_text(raw, budget):
    settings = ChunkSettings(max_tokens=budget[0], min_tokens=budget[1])
    try:
        doc = parse_document(raw, "gen.txt")
    except Exception as exc:  # only an empty text may be refused
        assert "没有正文" in str(exc)
        return
    chunks = chunk_document(doc, settings)
    assert re.sub(r"\s", "", "".join(c.text for c in chunks)) == re.sub(r"\s", "", doc.text)
    for chunk, (start, end) in zip(chunks, spans(doc, chunks)):
        assert chunk.tokens <= settings.max_tokens
        assert len([s for s in doc.sections if s.start <= start and end <= s.end]) == 1
