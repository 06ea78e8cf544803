"""Handlers at the UI boundary: any failure reaches the writer in Chinese, and a draft cut off midway shows no unmarked number."""

from __future__ import annotations

import gradio as gr
import pytest

from assistant.llm.base import LLMError
from assistant.settings import get_settings
from assistant.ui import chat, drafting
from assistant.ui.services import Services, handler

ROWS = [["规上工业总产值", "128.5", "亿元", "1-6月", "4.47", "", ""]]


class BreaksMidway:
    """A model that writes part of a section, then loses its endpoint."""

    name = "breaks-midway"
    context_window = 8192

    def stream(self, messages, **options):
        yield "1-6月，规上工业总产值【规上工业总产值】，"
        yield "同比增长5.1%，"
        raise LLMError("无法连接模型服务 http://127.0.0.1:9/v1。", "请确认服务已启动。")

    def complete(self, messages, **options):
        return "".join(self.stream(messages, **options))


class BrokenStore:
    """A knowledge base whose server went away."""

    def search(self, *args, **kwargs):
        raise ConnectionError("Chroma server closed the connection")


@pytest.fixture
def services(tmp_path):
    return Services(get_settings(store=tmp_path / "store", draft={"repair_rounds": 0}), None, BreaksMidway())


def test_a_draft_cut_off_midway_keeps_its_text_with_every_wrong_number_marked(services):
    outputs = []
    with pytest.raises(gr.Error, match="无法连接模型服务"):
        for out in handler(services, drafting.draft)("青川经济开发区", "1-6月", "主要经济指标", ROWS, "", []):
            outputs.append(out)
    streamed = [text for text, *_ in outputs]
    assert any("同比增长5.1%" in t for t in streamed)  # the unchecked stream was on screen
    text, status, _marked, flagged, _table = outputs[-1]  # what stays after the error
    assert "128.5亿元" in text and "〔待核实：5.1%〕" in text
    assert "起草中断" in status and "需要核实" in flagged


def test_a_chat_draft_cut_off_midway_is_marked_too_and_says_why_in_the_reply(services):
    replies = list(handler(services, chat.answer)("帮我起草主要经济指标", [], "青川经济开发区", "1-6月", ROWS, ""))
    last = replies[-1][0][-1]["content"]  # not raised: a raised error covers the conversation with 错误
    assert "〔待核实：5.1%〕" in last and "起草中断" in last and "无法连接模型服务" in last


def test_an_unexpected_failure_is_a_chinese_message_not_a_traceback(tmp_path):
    broken = Services(get_settings(store=tmp_path / "store"), BrokenStore(), None)
    with pytest.raises(gr.Error, match="操作没有完成（ConnectionError") as caught:
        handler(broken, chat.passage)("低效用地")
    assert "请重试" in caught.value.message


def test_handlers_keep_the_signature_gradio_reads():
    import inspect

    assert list(inspect.signature(handler(None, drafting.check_report)).parameters) == ["rows", "notes", "materials", "text", "period", "unit"]
    wrapped = handler(object(), drafting.draft)
    assert inspect.isgeneratorfunction(wrapped)
    assert next(iter(inspect.signature(wrapped).parameters)) == "unit"


def test_an_upload_never_overwrites_a_different_file_of_the_same_name(tmp_path):
    from assistant.ui.services import stage_uploads

    store = tmp_path / "uploads"
    unit_a, unit_b = tmp_path / "a", tmp_path / "b"
    for folder, text in ((unit_a, "甲园区2023年工作总结"), (unit_b, "乙园区2023年工作总结")):
        folder.mkdir()
        (folder / "工作总结.txt").write_text(text, encoding="utf-8")
    first = stage_uploads([str(unit_a / "工作总结.txt")], {".txt"}, store)
    second = stage_uploads([str(unit_b / "工作总结.txt")], {".txt"}, store)
    again = stage_uploads([str(unit_a / "工作总结.txt")], {".txt"}, store)
    assert first.files == again.files == [store / "工作总结.txt"] and not first.renamed and not again.renamed
    assert second.files == [store / "工作总结（2）.txt"] and "另存为 工作总结（2）.txt" in second.renamed[0]
    assert (store / "工作总结.txt").read_text(encoding="utf-8") == "甲园区2023年工作总结"
    assert (store / "工作总结（2）.txt").read_text(encoding="utf-8") == "乙园区2023年工作总结"


def test_the_draft_check_never_shows_a_green_check_over_an_invented_place():
    """The 起草 tab's check holds a draft to the names in the writer's notes: 珠三角 where the notes say 长三角."""
    notes = "招商引资：赴长三角开展专题招商活动12次，签约项目5个。"
    _, shown = handler(None, drafting.check_report)("", notes, [], "赴长三角开展专题招商活动12次，签约项目5个。", "2025年上半年", "XX经开区")
    assert shown.startswith("✅"), shown
    _, shown = handler(None, drafting.check_report)("", notes, [], "赴珠三角开展专题招商活动12次，签约项目5个。", "2025年上半年", "XX经开区")
    assert "✅" not in shown and "珠三角" in shown


def test_the_table_read_back_says_where_a_submission_disagrees_before_anything_is_drafted(tmp_path):
    submission = tmp_path / "经发局报送.txt"
    submission.write_text("上半年，全区规模以上工业总产值138.5亿元，同比增长4.5%。", encoding="utf-8")
    table = "指标,期间,数值,单位\n规上工业总产值,1-6月,128.5,亿元"
    shown = handler(None, drafting.read_back)(table, "", [str(submission)])
    assert shown.startswith("⚠️") and "《经发局报送.txt》写138.5亿元" in shown and "数据表写128.5亿元" in shown
    assert not handler(None, drafting.read_back)(table, "", []).startswith("⚠️")


def test_the_read_back_skips_a_submission_that_does_not_read_the_check_will_say_why(tmp_path):
    submission = tmp_path / "经发局报送.txt"
    submission.write_text("上半年，全区规模以上工业总产值138.5亿元，同比增长4.5%。", encoding="utf-8")
    empty, foreign = tmp_path / "空白.txt", tmp_path / "报表.exe"
    empty.write_bytes(b"")
    foreign.write_bytes(b"MZ" * 10)
    table = "指标,期间,数值,单位\n规上工业总产值,1-6月,128.5,亿元"
    shown = handler(None, drafting.read_back)(table, "", [str(empty), str(foreign), str(submission)])
    assert shown.startswith("⚠️") and "《经发局报送.txt》写138.5亿元" in shown and "空白" not in shown and "报表" not in shown


def test_messages_to_the_writer_have_a_chinese_title_not_gradios_error(tmp_path):
    broken = Services(get_settings(store=tmp_path / "store"), BrokenStore(), None)
    with pytest.raises(gr.Error) as unexpected:
        handler(broken, chat.passage)("低效用地")
    with pytest.raises(gr.Error) as refused:
        list(handler(broken, chat.answer)("", [], "", "", "", ""))
    assert unexpected.value.title == refused.value.title == "提示"


def test_a_search_says_what_it_found_and_an_empty_one_says_what_to_try():
    from assistant.ui.library import found_line

    assert found_line([["《甲》", "甲园区", "2024", "一、招商", "……"]], "", "", "").startswith("找到 1 段")
    assert "去掉年份" in found_line([], "1999", "", "")  # filtered: loosen the filters
    assert "换个说法" in found_line([["", "", "", "", ""]], "", "", "")  # Gradio's blank row is no hit
