"""Real downloaded summaries: every sentence checked against its own numbers gives no false flag."""

import re

import pytest

from assistant.figures import FigureSet
from assistant.guardrails import check_numbers
from assistant.numbers import find_mentions
from tests.helpers import SEED_PREFIXES, SEEDS, seed, seeds


def test_the_seed_samples_are_present():
    assert len(seeds()) == len(sorted(SEEDS.glob("*.txt"))) == 5


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[。；\n])", text) if s.strip()]


@pytest.mark.parametrize("prefix", SEED_PREFIXES)
def test_each_sentence_against_its_own_numbers(prefix):
    path = seed(prefix)
    text = path.read_text(encoding="utf-8")
    false_flags = []
    checked = 0
    for sentence in _sentences(text):
        report = check_numbers(sentence, FigureSet(notes=[sentence]))
        checked += any(m.status in ("supported", "derived") for m in report.mentions)
        false_flags += [(sentence[:40], m.text, m.reason) for m in report.mentions if m.status == "unsupported"]
    assert false_flags == []
    CHECKED[path.name] = checked


CHECKED: dict[str, int] = {}


def test_the_seeds_hold_real_figures():
    if len(CHECKED) < len(SEED_PREFIXES):
        for path in seeds():
            text = path.read_text(encoding="utf-8")
            CHECKED[path.name] = sum(any(m.status == "supported" for m in check_numbers(s, FigureSet(notes=[s])).mentions) for s in _sentences(text))
    assert sum(CHECKED.values()) >= 50


@pytest.mark.parametrize("prefix", SEED_PREFIXES)
def test_whole_document_against_its_own_numbers(prefix):
    text = seed(prefix).read_text(encoding="utf-8")
    report = check_numbers(text, FigureSet(notes=[text]))
    assert [m.text for m in report.mentions if m.status == "unsupported"] == []
    placeholders = [m for m in report.mentions if m.status == "placeholder"]
    # the templates among the seeds keep their XX / x.xx / * placeholders, and each is reported
    assert len(placeholders) == sum(1 for m in find_mentions(text) if m.kind == "placeholder")
    for m in report.mentions:
        assert text[m.start : m.end] == m.text


def test_seed_000_reads_the_main_indicators():
    text = seed("000").read_text(encoding="utf-8")
    found = {m.text: m for m in find_mentions(text)}
    assert found["4.47%"].direction == 1 and found["4.47%"].period == (2023, 1, 5)
    assert found["1044.39亩"].value is not None
    assert found["2023"].kind == "year"
    assert found["XX亿元"].kind == "placeholder"
    assert found["“三个狠抓”"].kind == "slogan"


def test_a_changed_number_in_a_seed_sentence_is_flagged():
    text = seed("000").read_text(encoding="utf-8")
    sentence = next(s for s in _sentences(text) if "新开工项目26个" in s)
    for before, after in [("26个", "27个"), ("竣工项目24个", "竣工项目26个"), ("投产项目20个", "投产项目24个")]:
        report = check_numbers(sentence.replace(before, after), FigureSet(notes=[text]))
        assert [m.text for m in report.flagged] == [after[-3:]], [(m.text, m.reason) for m in report.flagged]
