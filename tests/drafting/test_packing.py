"""Examples are packed by relevance into a token budget and never cut mid-sentence."""

from dataclasses import dataclass

from assistant.drafting.packing import pack, select_notes
from assistant.sentences import sentences
from assistant.tokens import count_tokens


@dataclass
class Passage:
    text: str
    score: float


LONG = "一是突出产业链招商，编制招商图谱。二是创新招商方式，用好产业基金。三是强化项目跟踪，建立全周期台账。" * 4


def test_most_relevant_first_and_within_budget():
    items = [Passage("低分段落。" * 10, 0.1), Passage("高分段落。" * 10, 0.9), Passage("中分段落。" * 10, 0.5)]
    packed = pack(items, 60, text_of=lambda p: p.text, score_of=lambda p: p.score, min_tokens=5)
    assert next(p.item.score for p in packed) == 0.9
    assert sum(p.tokens for p in packed) <= 60


def test_a_passage_that_does_not_fit_is_cut_at_a_sentence_end():
    budget = count_tokens(LONG) // 2
    packed = pack([Passage(LONG, 1.0)], budget, text_of=lambda p: p.text, min_tokens=5)
    assert len(packed) == 1
    text = packed[0].text
    assert text.endswith("。") and LONG.startswith(text)
    assert count_tokens(text) <= budget
    assert text in {"".join(sentences(LONG)[:n]) for n in range(1, 13)}


def test_overhead_counts_against_the_budget():
    items = [Passage("短句。", 1.0)] * 5
    cost = count_tokens("短句。")
    packed = pack(items, (cost + 10) * 2, text_of=lambda p: p.text, overhead=lambda p: 10, min_tokens=1)
    assert len(packed) == 2


def test_nothing_fits_gives_nothing():
    assert pack([Passage(LONG, 1.0)], 3, text_of=lambda p: p.text) == []


def test_select_notes_prefers_overlap_and_keeps_order():
    notes = ["今年以来共签约19个项目。", "安全培训2次，参训450人次。", "盘活低效闲置用地15宗683.5亩。"]
    chosen = select_notes(notes, "盘活低效闲置用地 招商 签约项目", count_tokens(notes[0] + notes[2]) + 4)
    assert chosen == [notes[0], notes[2]]
