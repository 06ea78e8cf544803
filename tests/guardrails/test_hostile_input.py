"""Text and tables as they arrive from Word, web pages, PDFs and careless pastes: nothing fools the check or freezes it."""

import time
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.documents.cleaning import clean_text
from assistant.figures import figure_set_from_rows
from assistant.figures.model import FigureError
from assistant.guardrails import check_numbers
from assistant.numbers import find_mentions
from assistant.textnorm import normalize_text

TABLE = [["指标", "单位", "数值", "同比±%"], ["规上工业总产值", "亿元", "128.5", "7.2"], ["固定资产投资", "亿元", "56.1", "-3.2"]]
# Characters that Word, web pages and PDF text layers put where a writer sees nothing or a plain space.
INVISIBLE = ["\u00a0", "\u200b", "\u2009", "\u202f", "\ufeff", "\u2060", "\u200d", "\u00ad", "\u3000"]


@pytest.fixture(scope="module")
def inputs():
    return figure_set_from_rows(TABLE)


@pytest.mark.parametrize("char", INVISIBLE, ids=[f"U+{ord(c):04X}" for c in INVISIBLE])
def test_an_invisible_character_does_not_drop_the_unit(inputs, char):
    wrong = check_numbers(f"1-6月，规上工业总产值128.5{char}万元。", inputs)
    right = check_numbers(f"1-6月，规上工业总产值128.5{char}亿元，同比增长7.2{char}%。", inputs)
    flagged = [m for m in wrong.mentions if m.value == Decimal("128.5")]
    assert flagged and flagged[0].status == "unsupported"
    assert flagged[0].text == f"128.5{char}万元"  # offsets still point into the writer's own text
    assert [m.status for m in right.mentions if m.value is not None] == ["supported", "supported"]


def test_an_invisible_character_inside_a_number_is_read_through(inputs):
    report = check_numbers("规上工业总产值12\u200b8.5亿元。", inputs)
    assert [(m.text, m.status) for m in report.mentions] == [("12\u200b8.5亿元", "supported")]


def test_look_alike_radicals_from_pdfs_become_the_characters_they_show():
    assert normalize_text("⻘松⼯业园区⾦融服务") == "青松工业园区金融服务"
    assert "青松工业园区" in clean_text("⻘松⼯业园区2025年上半年⼯作总结\n\n一、主要经济指标\n规上⼯业总产值128.5亿元。").text


def test_the_punctuation_of_a_report_is_kept_and_full_width_digits_become_plain():
    assert normalize_text("产值（预计）：１２８．５亿元，增长７．２％；") == "产值（预计）：128.5亿元，增长7.2%；"
    assert normalize_text("……“十四五”") == "……“十四五”"


def test_an_invisible_character_in_a_table_cell_is_not_part_of_the_value():
    figures = figure_set_from_rows([["指标", "单位", "数值"], ["规上工业\u200b总产值", "亿元", "128.5\u00a0"]])
    assert [(f.name, f.value) for f in figures.figures] == [("规上工业总产值", Decimal("128.5"))]


def test_a_long_run_of_chinese_numerals_is_checked_in_linear_time(inputs):
    text = ("一二三四五六七八九十百千万亿" * 1500)[:20000]  # took over a minute when runs were re-read from every position
    started = time.perf_counter()
    check_numbers(text, inputs)
    assert time.perf_counter() - started < 5


def test_thousands_of_list_items_in_one_sentence_are_checked_in_linear_time(inputs):
    started = time.perf_counter()
    check_numbers("12.5亿元，" * 12000, inputs)
    check_numbers("12.\n5亿元。" * 12000, inputs)
    assert time.perf_counter() - started < 5


def test_a_number_right_of_the_header_is_an_error_naming_row_and_column():
    with pytest.raises(FigureError) as err:
        figure_set_from_rows([["指标", "单位", "数值"], ["规上工业总产值", "亿元", "128.5", "7.2"]])
    assert "第2行" in str(err.value) and "第4列" in str(err.value) and "7.2" in str(err.value)


def test_words_right_of_the_header_are_kept_as_a_note():
    figures = figure_set_from_rows([["指标", "单位", "数值"], ["规上工业总产值", "亿元", "128.5", "快报数"]])
    assert figures.figures[0].value == Decimal("128.5") and "快报数" in figures.notes


@pytest.mark.parametrize("cell", ["128,5", "1,2,8.5", "128.5%"])
def test_a_value_is_never_coerced(cell):
    with pytest.raises(FigureError):
        figure_set_from_rows([["指标", "单位", "数值"], ["规上工业总产值", "亿元", cell]])


def test_the_editor_numbers_rows_as_the_writer_sees_them():
    from assistant.ui.figures_table import figure_set_of

    with pytest.raises(FigureError) as err:
        figure_set_of([["规上工业总产值", "128.5", "亿元"], ["", "", ""], ["固定资产投资", "5G", "亿元"]])
    assert "第3行" in str(err.value) and "固定资产投资" in str(err.value)


def test_two_rows_giving_one_indicator_two_values_are_an_error():
    with pytest.raises(FigureError) as err:
        figure_set_from_rows([["指标", "单位", "数值"], ["规上工业总产值", "亿元", "128.5"], ["规上工业总产值", "亿元", "130.2"]])
    assert "第3行" in str(err.value)


ALPHABET = st.one_of(
    st.sampled_from(list("一二三十百千万亿元%.,，。、；：0123456789增长下降同比分别规上工业总产值亿xX*第“”《》\n-~") + INVISIBLE),
    st.characters(codec="utf-8"),
)
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(st.text(ALPHABET, max_size=300))
def test_any_text_is_scanned_with_offsets_into_it(text):
    mentions = find_mentions(text)
    for m in mentions:
        assert 0 <= m.start < m.end <= len(text) and m.text == text[m.start : m.end]
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)


@FUZZ
@given(st.text(ALPHABET, max_size=200))
def test_any_text_is_checked_without_an_exception(text):
    report = check_numbers(text, figure_set_from_rows(TABLE))
    assert all(m.status for m in report.mentions)


CELL = st.one_of(st.none(), st.text(ALPHABET, max_size=12), st.sampled_from(["亿元", "%", "同比±%", "1-6月", "128.5", "-3.2", "第3位"]))


@FUZZ
@given(st.lists(st.lists(CELL, min_size=1, max_size=6), min_size=1, max_size=6))
def test_any_table_loads_or_says_what_is_wrong(rows):
    try:
        figures = figure_set_from_rows(rows)
    except FigureError as err:
        assert str(err)  # a readable message, never another exception
        return
    for figure in figures.figures:
        assert figure.value is None or figure.value.is_finite()
