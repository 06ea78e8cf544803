"""Narrative sections built from the writer's notes: a model reply that loses or invents a fact gives way to the note itself."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from assistant.drafting.chain import Drafter
from assistant.drafting.narrative import REWORDED, clean_reply, formalise, numbers_of, plan_items
from assistant.drafting.records import DraftRequest, TextDelta
from assistant.drafting.repair import problems
from assistant.figures import Figure, FigureSet, figure_set_from_rows, load_figures
from assistant.guardrails import review
from assistant.guardrails.leftovers import text_issues
from assistant.guardrails.names import unknown_names
from assistant.settings import get_settings
from tests.fakes import FakeChatModel

SECTIONS = Path(__file__).resolve().parents[1] / "data" / "sections"
NOTES = [
    "赴长三角开展专题招商活动11场次，接待客商考察60余批次",
    "以“基金+项目”方式引进汇川储能结构件项目，总投资12.5亿元",
    "签约项目开工率61.1%",
]


@pytest.fixture
def settings(tmp_path):
    return get_settings(store=tmp_path / "store")


def draft(settings, model, notes=NOTES, section="重点工作·招商引资", figures=(), **request):
    result = Drafter(settings, None, model).draft(
        DraftRequest(figures=FigureSet(figures=list(figures), notes=list(notes)), section=section, **request)
    )
    return result


def test_a_faithful_rewording_is_kept_and_numbered(settings):
    model = FakeChatModel([
        "积极赴长三角开展专题招商活动11场次，接待客商考察60余批次。",
        "以“基金+项目”方式成功引进汇川储能结构件项目，总投资12.5亿元。",
        "签约项目加快转化，开工率达到61.1%。",
    ])
    result = draft(settings, model)
    assert result.text.splitlines() == [
        "一是积极赴长三角开展专题招商活动11场次，接待客商考察60余批次。",
        "二是以“基金+项目”方式成功引进汇川储能结构件项目，总投资12.5亿元。",
        "三是签约项目加快转化，开工率达到61.1%。",
    ]
    assert [u.how for u in result.coverage.notes] == [REWORDED] * 3 and result.coverage.share == 1.0
    assert result.report.ok and text_issues(result.text) == []
    system, *_, user = model.history[0]
    assert "要点：赴长三角开展专题招商活动11场次" in user["content"]
    assert "汇川" not in system["content"]  # one note per call: nothing concrete from another note to copy


def test_a_reply_that_drops_a_number_gives_way_to_the_note(settings):
    model = FakeChatModel(["积极赴长三角开展专题招商活动，接待客商考察60余批次。", "以“基金+项目”方式引进汇川储能结构件项目。", "签约项目开工率61.1%。"])
    result = draft(settings, model)
    assert "赴长三角开展专题招商活动11场次" in result.text and "总投资12.5亿元" in result.text
    first, second, third = result.coverage.notes
    assert "11场次" in first.how and "12.5亿元" in second.how and third.how == REWORDED
    assert all(u.used for u in result.coverage.notes)


def test_a_reply_that_invents_a_place_or_a_number_gives_way_to_the_note(settings):
    model = FakeChatModel([
        "积极赴珠三角、长三角开展专题招商活动11场次，接待客商考察60余批次。",
        "以“基金+项目”方式引进汇川储能结构件项目，总投资12.5亿元，预计年产值30亿元。",
        "签约项目开工率61.1%，为全市第一。",
    ])
    result = draft(settings, model)
    assert "珠三角" not in result.text and "30亿元" not in result.text and "全市第一" not in result.text
    assert unknown_names(result.text, "\n".join(NOTES)) == []
    assert "珠三角" in result.coverage.notes[0].how and "30" in result.coverage.notes[1].how
    assert result.text.splitlines()[0] == "一是赴长三角开展专题招商活动11场次，接待客商考察60余批次。"


def test_labels_markers_and_repeats_are_cleaned(settings):
    model = FakeChatModel([
        "重点工作：一是积极赴长三角开展专题招商活动11场次，接待客商考察60余批次。",
        "改写后的句子：以“基金+项目”方式引进汇川储能结构件项目，总投资12.5亿元。以“基金+项目”方式引进汇川储能结构件项目，总投资12.5亿元。",
        "签约项目开工率61.1%，签约项目",
    ])
    result = draft(settings, model)
    assert result.text.splitlines() == [
        "一是积极赴长三角开展专题招商活动11场次，接待客商考察60余批次。",
        "二是以“基金+项目”方式引进汇川储能结构件项目，总投资12.5亿元。",
        "三是签约项目开工率61.1%，签约项目。",
    ]
    assert text_issues(result.text) == []


def test_a_cut_off_reply_is_trimmed_to_its_last_whole_sentence():
    assert clean_reply("签约项目开工率61.1%。下半年将继续") == "签约项目开工率61.1%。"
    assert clean_reply("```\n（一）签约项目开工率61.1%\n```") == "签约项目开工率61.1%。"


def test_an_empty_or_slotted_reply_falls_back(settings):
    model = FakeChatModel(["【签约项目】。", "总投资X亿元。", "签约项目开工率【开工率】。"])
    result = draft(settings, model)
    assert "【" not in result.text and "X" not in result.text
    assert all(u.how.startswith("按要点原文写入") for u in result.coverage.notes)


def test_a_spent_time_budget_writes_the_notes_without_the_model(tmp_path):
    settings = get_settings(store=tmp_path / "store", draft={"narrative_seconds": 0})
    model = FakeChatModel([])
    result = draft(settings, model)
    assert model.history == [] and result.coverage.share == 1.0
    assert all("控制用时" in u.how for u in result.coverage.notes)


def test_the_summary_is_one_paragraph_opening_with_period_and_unit(settings):
    notes = ["全口径财政税收收入68.46亿元，增长13.3%", "改革发展稳定和党的建设工作有新进展"]
    model = FakeChatModel(["全口径财政税收收入68.46亿元，同比增长13.3%。", "改革发展稳定和党的建设各项工作有了新的进展。"])
    result = draft(settings, model, notes=notes, section="总述", unit="太仓高新区", period="2018年上半年")
    assert result.text == "2018年上半年，太仓高新区全口径财政税收收入68.46亿元，同比增长13.3%。改革发展稳定和党的建设各项工作有了新的进展。"


def test_figures_no_note_states_go_in_as_exact_sentences(settings):
    figures = [Figure("签约项目", Decimal("18"), "个", period="1-6月"), Figure("签约项目开工率", Decimal("61.1"), "%", period="1-6月")]
    model = FakeChatModel(["签约项目开工率61.1%。"])
    result = draft(settings, model, notes=["签约项目开工率61.1%"], figures=figures)
    assert "18个" in result.text and result.text.count("61.1%") == 1 and result.report.ok


def test_group_heads_take_the_notes_after_them():
    notes = ["问题一：工业效益增速下降", "利润总额增速7%", "问题二：投资增速低位徘徊", "工业投资增速-0.6%"]
    assert plan_items(notes) == [[0, 1], [2, 3]]
    assert plan_items(NOTES) == [[0], [1], [2]]


@pytest.mark.parametrize(
    "note, sentence",
    [
        ("问题一：工业效益增速下降", "工业效益增速下降。"),
        ("目标：更高质量的国家级开发区", "目标是更高质量的国家级开发区。"),
        ("2024年：新中国成立75周年", "2024年是新中国成立75周年。"),
        ("产业创新：抢抓国际产业链重塑重整机遇", "产业创新方面，抢抓国际产业链重塑重整机遇。"),
        ("美的集团：中国家电行业第一", "美的集团为中国家电行业第一。"),
        ("- 工业投资增速-0.6%,较同期下降5个百分点;", "工业投资增速-0.6%，较同期下降5个百分点。"),
        ("主营业务收入增速低于平均：循环经济、万方5家", "主营业务收入增速低于平均：循环经济、万方5家。"),
    ],
)
def test_formalise_keeps_the_note_and_drops_only_its_scaffolding(note, sentence):
    assert formalise(note) == sentence
    assert set(numbers_of(note)) <= set(numbers_of(sentence))


class EchoModel:
    """Replies with the note it was asked to reword: the model that loses nothing and adds nothing."""

    name = "echo"
    context_window = 8192

    def __init__(self) -> None:
        self.calls = 0

    def complete(self, messages, **options) -> str:
        self.calls += 1
        match = re.search(r"要点：(.*)", messages[-1]["content"], re.S)
        return match.group(1).strip() if match else "（无）"

    def stream(self, messages, **options):
        yield self.complete(messages, **options)


def _sections():
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(SECTIONS.glob("*.yaml"))}


@pytest.mark.parametrize("name, data", sorted(_sections().items()))
def test_real_sections_use_every_note_and_invent_no_number(settings, name, data):
    rows = list(csv.reader(io.StringIO(data["figures"]))) if data["figures"].strip() else []
    figures = figure_set_from_rows(rows, source=name).figures if rows else []
    inputs = FigureSet(figures=figures, notes=list(data["notes"]))
    model = EchoModel()
    events = list(Drafter(settings, None, model).stream(DraftRequest(figures=inputs, section=data["kind"], period=data["period"])))
    result = events[-1].result
    assert result.coverage.share == 1.0 and model.calls == len(data["notes"])
    given = "\n".join([*data["notes"], data["figures"], data["period"]])
    assert [n for n in numbers_of(result.text) if n not in given and not n.isdigit()] == []
    assert {Decimal(d) for d in re.findall(r"\d+(?:\.\d+)?", result.text)} <= {Decimal(d) for d in re.findall(r"\d+(?:\.\d+)?", given)}
    assert unknown_names(result.text, given) == []
    assert text_issues(result.text) == []
    assert problems(result.text, review(result.text, result.inputs)) == []  # whatever the check doubts is marked 〔待核实〕
    unmarked = re.sub(r"〔待核实：([^〔〕]*)〕", r"\1", result.text)  # the stream is the text before sealing
    assert "".join(e.text for e in events if isinstance(e, TextDelta)) == unmarked


class DownModel:
    """A model whose service is unreachable."""

    name = "down"
    context_window = 8192

    def __init__(self) -> None:
        self.calls = 0

    def complete(self, messages, **options) -> str:
        from assistant.llm import LLMError

        self.calls += 1
        raise LLMError("无法连接模型服务。")

    def stream(self, messages, **options):
        yield self.complete(messages, **options)


def test_a_model_that_is_down_leaves_the_section_to_the_notes(settings):
    model = DownModel()
    events = list(Drafter(settings, None, model).stream(DraftRequest(figures=FigureSet(figures=[], notes=NOTES), section="重点工作")))
    result = events[-1].result
    assert model.calls == 1 and result.coverage.share == 1.0  # asked once, not once per note
    assert all("模型不可用" in u.how for u in result.coverage.notes)
    assert any(getattr(e, "message", "").startswith("模型不可用") for e in events)
    assert "赴长三角开展专题招商活动11场次" in result.text


def test_a_reply_that_adds_a_clause_of_its_own_gives_way_to_the_note(settings):
    note = "影响开发区全面发展的六大问题"
    model = FakeChatModel(["影响开发区全面发展的六大问题包括：基础设施建设滞后、人才引进不足、资金短缺、环境质量下降。"])
    result = draft(settings, model, notes=[note], section="存在问题")
    assert result.text == "影响开发区全面发展的六大问题。"
    assert "要点以外的内容" in result.coverage.notes[0].how


class SlowModel:
    """Writes one piece, then takes longer than the section may."""

    name = "slow"
    context_window = 8192

    def stream(self, messages, **options):
        import time

        yield "赴长三角开展专题招商活动11场次，"
        time.sleep(0.3)
        yield "接待客商考察60余批次。"


def test_a_reply_still_being_written_when_time_runs_out_is_stopped(tmp_path):
    settings = get_settings(store=tmp_path / "store", draft={"narrative_seconds": 0.2})
    result = draft(settings, SlowModel(), notes=NOTES[:1])
    assert result.text == "赴长三角开展专题招商活动11场次，接待客商考察60余批次。"
    assert "没有写完" in result.coverage.notes[0].how


def test_a_narrative_section_without_notes_or_figures_asks_for_notes(settings):
    from assistant.errors import AssistantError

    with pytest.raises(AssistantError, match="需要要点"):
        draft(settings, FakeChatModel([]), notes=[], section="存在问题")


def test_the_figures_section_without_a_table_asks_for_the_table_and_asks_no_model(settings):
    """Seen in the app: 主要经济指标 with work notes and no table came back as 〔待核实：规上工业总产值〕：X."""
    from assistant.errors import AssistantError

    model = FakeChatModel(["【规上工业总产值】：X"])
    with pytest.raises(AssistantError, match="需要统计数据表") as caught:
        draft(settings, model, notes=["上半年新开工项目17个，竣工项目11个"], section="主要经济指标")
    assert "重点工作" in caught.value.hint and model.history == []
    whole = draft(settings, FakeChatModel([]), notes=NOTES, section=None, whole_document=True, unit="青川经济开发区", period="2025年上半年")
    assert "待核实" not in whole.text and "赴长三角开展专题招商活动11场次" in whole.text  # the rest of the document is written


def test_a_long_work_section_is_grouped_under_theme_headings(settings):
    """Fourteen department notes (tests/data/figures/notes_2025h1.txt) for 重点工作 with no theme: the notes of a theme
    stand together under （一）招商引资, （二）为企服务 …, numbered within it, those of a theme of their own under 其他工作;
    every note is used and the check finds no empty heading."""
    notes = [line.strip().lstrip("-").strip() for line in (Path(__file__).resolve().parents[1] / "data" / "figures" / "notes_2025h1.txt")
             .read_text(encoding="utf-8").splitlines() if line.strip().startswith("-")]
    result = draft(settings, FakeChatModel([]), notes=notes, section="重点工作")  # no model replies: the notes as written
    lines = result.text.splitlines()
    headings = [line for line in lines if line.startswith("（")]
    assert headings == ["（一）招商引资", "（二）为企服务", "（三）存量盘活", "（四）其他工作"]
    assert lines[lines.index("（二）为企服务") + 1].startswith("一是") and result.coverage.share == 1.0
    assert text_issues(result.text) == []
    themed = draft(settings, FakeChatModel([]), notes=notes, section="重点工作·招商引资")
    assert not any(line.startswith("（") for line in themed.text.splitlines())


def test_a_work_section_drafted_beside_the_table_neither_restates_it_nor_loses_its_themes(settings):
    """Seen in the app: with the statistics table filled in (for 主要经济指标), 重点工作 lost its theme headings and
    ended with 十五是…新开工项目17个，完成目标任务的56.7%…, restating figures the notes had already given."""
    data = Path(__file__).resolve().parents[1] / "data" / "figures"
    notes = [line.strip().lstrip("-").strip() for line in (data / "notes_2025h1.txt").read_text(encoding="utf-8").splitlines()
             if line.strip().startswith("-")]
    table = load_figures(data / "figures_2025h1.csv").figures
    result = draft(settings, FakeChatModel([]), notes=notes, section="重点工作", figures=table)
    headings = [line for line in result.text.splitlines() if line.startswith("（")]
    assert headings == ["（一）招商引资", "（二）为企服务", "（三）存量盘活", "（四）其他工作"]
    assert result.text.count("新开工项目17个") == 1 and "完成目标任务" not in result.text
    assert result.text.splitlines()[-1] == "八是规上工业增加值增长6.1%。"  # named by a note, its value by none: kept, under 其他工作


def test_an_opening_drafted_from_the_table_leads_with_period_and_unit_and_names_the_headline_figures(settings):
    """Seen in the app: 总述 from the table alone was the whole figures paragraph of 主要经济指标, opening with 实现…"""
    table = load_figures(Path(__file__).resolve().parents[1] / "data" / "figures" / "figures_2025h1.csv").figures
    result = draft(settings, FakeChatModel([]), notes=[], section="总述", figures=table, unit="青川经济开发区", period="2025年上半年")
    assert result.text.startswith("2025年上半年，青川经济开发区实现规上工业总产值128.5亿元")
    assert "工业投资20.14亿元" in result.text and "税收收入" not in result.text and result.report.ok
