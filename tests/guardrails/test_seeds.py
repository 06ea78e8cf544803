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


def _checked(text: str) -> list:
    """Each sentence's report against its own numbers."""
    return [check_numbers(sentence, FigureSet(notes=[sentence])) for sentence in _sentences(text)]


@pytest.mark.parametrize("prefix", SEED_PREFIXES)
def test_each_sentence_against_its_own_numbers(prefix):
    reports = _checked(seed(prefix).read_text(encoding="utf-8"))
    false_flags = [(r.text[:40], m.text, m.reason) for r in reports for m in r.mentions if m.status == "unsupported"]
    assert false_flags == []


def test_the_seeds_hold_real_figures():
    """The check above is not vacuous: the seeds hold at least 50 sentences with a number found in the sentence."""
    found = sum(any(m.status in ("supported", "derived") for m in r.mentions) for path in seeds() for r in _checked(path.read_text(encoding="utf-8")))
    assert found >= 50


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
