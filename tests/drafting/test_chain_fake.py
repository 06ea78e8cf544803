"""The drafting chain and its guardrail loop with fixed model replies: wrong numbers, digits, unknown slots and flipped signs are repaired or marked."""

from decimal import Decimal

import pytest

from assistant.drafting import PENDING_MARK
from assistant.drafting.chain import Drafter
from assistant.drafting.records import Done, DraftRequest, Status, TextDelta
from assistant.drafting.repair import MARK_RE, problems, repair_stream
from assistant.drafting.slots import SlotBook
from assistant.figures import Figure, FigureSet
from assistant.guardrails import check_numbers
from assistant.llm import BadReply
from assistant.settings import get_settings
from tests.fakes import FakeChatModel

FIGURES = FigureSet(
    figures=[
        Figure("规上工业总产值", Decimal("128.5"), "亿元", period="1-6月", yoy=Decimal("4.47"), target=Decimal("266")),
        Figure("固定资产投资", Decimal("35.26"), "亿元", period="1-6月", yoy=Decimal("9.67")),
        Figure("新签约项目", Decimal("19"), "个", period="1-6月"),
    ],
    notes=["上半年新开工项目17个，竣工项目11个。"],
)


ALL_SLOTS = ("上半年，规上工业总产值【规上工业总产值】，【规上工业总产值·同比】，【规上工业总产值·完成率】；"
             "固定资产投资【固定资产投资】，【固定资产投资·同比】；新签约项目【新签约项目】。")


@pytest.fixture
def settings(tmp_path):
    return get_settings(store=tmp_path / "store", draft={"repair_rounds": 2})


def run(settings, *replies, section="重点工作", **request):
    model = FakeChatModel(list(replies))
    drafter = Drafter(settings, None, model)
    events = list(drafter.stream(DraftRequest(figures=request.pop("figures", FIGURES), section=section, **request)))
    assert isinstance(events[-1], Done)
    return events, events[-1].result, model


def assert_sealed(result, inputs=FIGURES):
    """The promise: every flagged number in the final text sits inside a 〔待核实：…〕 mark."""
    report = check_numbers(result.text, inputs)
    assert problems(result.text, report) == []
    marks = [m.span() for m in MARK_RE.finditer(result.text)]
    for mention in report.flagged:
        assert any(s <= mention.start and mention.end <= e for s, e in marks), mention.text


def test_slots_render_and_the_draft_is_clean(settings):
    reply = "1-6月，" + ALL_SLOTS.removeprefix("上半年，")
    events, result, model = run(settings, reply, section="主要经济指标")
    assert result.text == "1-6月，规上工业总产值128.5亿元，同比增长4.47%，完成目标任务的48.3%；固定资产投资35.26亿元，同比增长9.67%；新签约项目19个。"
    assert result.report.ok and result.rounds == 0 and result.pending == []
    assert len(model.history) == 1
    system, user = model.history[0]
    assert system["role"] == "system" and "【" in user["content"] and "128.5" not in user["content"]
    assert "".join(e.text for e in events if isinstance(e, TextDelta)) == result.text
    assert isinstance(events[0], Status)


def repaired(text, *replies, rounds=2):
    """The guardrail loop on `text` with fixed repair replies; returns the outcome and the requests it sent."""
    model = FakeChatModel(list(replies))

    def ask(items):
        try:
            return model.complete([{"role": "user", "content": items}])
        except BadReply:
            return ""

    stream = repair_stream(text, FIGURES, SlotBook(FIGURES), ask, rounds)
    while True:  # the loop's status events are not the point here: its outcome is
        try:
            next(stream)
        except StopIteration as stop:
            return stop.value, model


def test_a_wrong_number_is_sent_back_with_its_reason_and_fixed():
    outcome, model = repaired(
        "1-6月，规上工业总产值130.2亿元，同比增长4.47%。固定资产投资35.26亿元。",
        "[1] 1-6月，规上工业总产值【规上工业总产值】，【规上工业总产值·同比】。",
    )
    assert outcome.text == "1-6月，规上工业总产值128.5亿元，同比增长4.47%。固定资产投资35.26亿元。"
    assert outcome.report.ok and outcome.rounds == 1
    request = model.history[0][-1]["content"]
    assert "130.2亿元" in request and "问题" in request
    assert "固定资产投资35.26亿元" not in request  # only the flagged sentence goes back


def test_correct_digits_written_instead_of_slots_pass(settings):
    _, result, model = run(
        settings,
        "规上工业总产值128.5亿元，同比增长4.47%，完成目标任务的48.3%；固定资产投资35.26亿元，同比增长9.67%；新签约项目19个。",
        section="主要经济指标",
    )
    assert result.report.ok and result.rounds == 0 and len(model.history) == 1


def test_a_slot_for_a_figure_that_does_not_exist_is_marked_when_repair_fails():
    outcome, model = repaired(
        "地区生产总值【地区生产总值】。规上工业总产值128.5亿元。",
        "[1] 地区生产总值【地区生产总值】。",
        "没有可改的。",
    )
    assert f"〔{PENDING_MARK}：地区生产总值〕" in outcome.text
    assert "128.5亿元" in outcome.text
    assert outcome.rounds == 2 and len(model.history) == 2
    assert any("地区生产总值" in item for item in outcome.pending)
    assert_sealed(outcome)


def test_a_flipped_sign_that_stays_wrong_is_marked():
    outcome, _ = repaired(
        "固定资产投资35.26亿元，同比下降9.67%。",
        "[1] 固定资产投资【固定资产投资】，同比下降9.67%。",
        "[1] 固定资产投资【固定资产投资】，下降9.67%。",
    )
    assert "〔待核实：" in outcome.text and "35.26亿元" in outcome.text
    assert outcome.pending and not outcome.report.ok
    assert_sealed(outcome)


def test_a_repair_that_invents_a_new_number_is_caught():
    outcome, _ = repaired(
        "新签约项目25个。",
        "[1] 新签约项目【新签约项目】，协议资金300亿元。",
        "[1] 新签约项目【新签约项目】，协议资金300亿元。",
    )
    assert "19个" in outcome.text and "300" in outcome.text.split("〔待核实：")[1]
    assert_sealed(outcome)


def test_zero_repair_rounds_mark_at_once():
    outcome, model = repaired("规上工业总产值128.5亿元，税收收入9.1亿元。", rounds=0)
    assert len(model.history) == 0 and outcome.rounds == 0
    assert "〔待核实：" in outcome.text and len(outcome.pending) == 1
    assert_sealed(outcome)


def test_materials_numbers_are_inputs(settings):
    material = "【招商服务局】\n- 赴长三角开展专题招商活动12场次，接待客商考察70余批次。"
    _, result, model = run(
        settings,
        "上半年新开工项目17个，竣工项目11个。",
        "积极赴长三角开展专题招商活动12场次，接待客商考察70余批次。",
        section="重点工作·招商引资",
        materials=[material],
    )
    assert result.report.ok and "19个" not in result.text  # the table's figures are 主要经济指标's, not appended to a section with notes
    assert "积极赴长三角开展专题招商活动12场次" in result.text
    assert "专题招商活动12场次" in model.history[1][-1]["content"]
    assert result.coverage.share == 1.0 and len(result.coverage.notes) == 2


def test_whole_document_drafts_every_section_under_headings(settings):
    replies = ["1-6月，规上工业总产值【规上工业总产值】。", "上半年新开工项目17个，竣工项目11个。"]
    events, result, model = run(settings, *replies, section=None, whole_document=True, unit="青川经济开发区", period="2025年上半年")
    assert [kind for kind, _ in result.sections] == ["总述", "主要经济指标", "重点工作", "存在问题", "工作计划"]
    assert result.text.startswith("青川经济开发区2025年上半年工作总结及下半年工作计划")
    for heading in ["一、2025年上半年主要经济指标完成情况", "三、存在的困难和问题", "四、下半年工作计划"]:
        assert heading in result.text
    assert "128.5亿元" in result.text and result.report.ok
    assert "上半年新开工项目17个" in dict(result.sections)["重点工作"]  # the note went to the work done
    # ... and only there: the figures paragraph's prompt does not offer it to be copied a second time
    figures_prompt = next(m for m in model.history if "主要经济指标" in m[-1]["content"])[-1]["content"]
    assert "新开工项目17个" not in figures_prompt
    assert result.coverage.share == 1.0
    assert any(isinstance(e, Status) and e.message.startswith("提纲") for e in events)


def test_unknown_section_kind_is_a_friendly_error(settings):
    from assistant.errors import AssistantError

    with pytest.raises(AssistantError, match="章节类型"):
        Drafter(settings, None, FakeChatModel([])).draft(DraftRequest(figures=FIGURES, section="财务决算"))




def test_indicators_keep_a_model_rewording_that_states_every_figure(settings):
    _, result, _ = run(settings, ALL_SLOTS, section="主要经济指标", period="2025年上半年")
    assert result.text.startswith("上半年，规上工业总产值128.5亿元") and result.report.ok and result.pending == []


def test_indicators_that_drop_or_break_a_figure_give_way_to_the_exact_sentences(settings):
    for reply in ("规上工业总产值【规上工业总产值】，同比增长5.1%。",  # wrong growth, two figures left out
                  "（无）"):
        events, result, model = run(settings, reply, section="主要经济指标", unit="青川经济开发区", period="2025年上半年")
        assert result.text == ("2025年上半年，青川经济开发区实现规上工业总产值128.5亿元，同比增长4.47%，完成目标任务的48.3%；"
                               "完成固定资产投资35.26亿元，同比增长9.67%；新签约项目19个。")
        assert result.report.ok and result.rounds == 0 and len(model.history) == 1  # no repair round needed
        assert any(isinstance(e, Status) and "按数据表" in e.message for e in events)
        system, user = model.history[0]
        assert "范文1" not in system["content"] and "上期计划" not in user["content"]  # no masked passage to copy


def test_sentences_copied_from_masked_examples_are_dropped(settings):
    reply = ALL_SLOTS + "全年组织专题招商活动不少于X场次，引进X亿元以上项目。"
    events, result, _ = run(settings, reply, section="主要经济指标")
    assert result.text == "上半年，规上工业总产值128.5亿元，同比增长4.47%，完成目标任务的48.3%；固定资产投资35.26亿元，同比增长9.67%；新签约项目19个。"
    assert any(isinstance(e, Status) and "照抄范文" in e.message for e in events)


def test_an_empty_repair_reply_keeps_the_draft_and_marks_what_stays_flagged():
    """A model that answers a repair request with nothing fixes nothing; the draft is kept and sealed."""
    outcome, model = repaired("1-6月，规上工业总产值130.2亿元。固定资产投资35.26亿元。", "", "")
    assert "35.26亿元" in outcome.text and "〔待核实：" in outcome.text
    assert len(model.history) == 2
    assert_sealed(outcome)


class _Watched(FakeChatModel):
    """A fake whose stream says whether it is open and whether it was read to its end."""

    def __init__(self, replies):
        super().__init__(replies)
        self.open = self.finished = False

    def stream(self, messages, **options):
        self.open = True
        try:
            yield from super().stream(messages, **options)
            self.finished = True
        finally:
            self.open = False


def test_stopping_the_stream_stops_the_model_where_it_is(settings):
    """The page's stop button closes the event stream: the model's reply is closed there, not read to its end."""
    model = _Watched([ALL_SLOTS])
    events = Drafter(settings, None, model).stream(DraftRequest(figures=FIGURES, section="主要经济指标"))
    first = next(e for e in events if isinstance(e, TextDelta))
    assert first.text and model.open
    events.close()
    assert not model.open and not model.finished
