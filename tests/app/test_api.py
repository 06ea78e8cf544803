"""Every named endpoint of the app, driven through gradio_client."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from gradio_client import Client, handle_file

from tests.helpers import FIGURES_CSV

EMPTY_TABLE = ""  # the figures editor is a text box


@pytest.fixture
def client(app_env):
    """A client per test: a session of its own, so no test reads what another left in the page's state."""
    client = Client(app_env["url"], verbose=False, download_files=str(app_env["tmp"] / "downloads"))
    yield client
    client.close()


def test_every_event_is_named(client):
    names = set(client.view_api(print_info=False, return_format="dict")["named_endpoints"])
    assert {"/ask", "/passage", "/load_table", "/draft", "/check", "/upload", "/list_documents",
            "/remove_document", "/search", "/export_docx", "/export_markdown"} <= names


def test_table_upload_keeps_values_exact(client):
    table, _notes, read = client.predict(handle_file(str(FIGURES_CSV)), api_name="/load_table")
    lines = table.splitlines()
    assert lines[0].split("\t")[0] == "指标"  # the file's own header and columns, as the file has them
    assert lines[1].split("\t")[:3] == ["规上工业总产值", "128.5", "亿元"]
    assert "规上工业总产值" in read and "128.5亿元" in read  # how the checker reads it, shown under the editor


def test_bad_table_gives_a_chinese_error(client, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("指标,数值,单位\n规上工业总产值,一百二十八点五亿,亿元\n", encoding="utf-8")
    with pytest.raises(Exception, match="数值"):
        client.predict(handle_file(str(bad)), api_name="/load_table")


def test_draft_keeps_every_note_drops_an_invented_number_and_check_follows_edits(client, model):
    table, _, _ = client.predict(handle_file(str(FIGURES_CSV)), api_name="/load_table")
    notes = "上半年新开工项目17个，竣工项目11个"
    model.enqueue("上半年新开工项目17个，竣工项目11个，完成投资45亿元。")  # a number the notes do not give
    text, status, _marked, flagged, used = client.predict("青川经济开发区", "1-6月", "重点工作", table, notes, [], api_name="/draft")
    assert "上半年新开工项目17个，竣工项目11个。" in text and "45亿元" not in text
    # no figure of the table restated: the note gives 新开工项目17个, its completion rate is 主要经济指标's
    assert text.count("新开工项目17个") == 1 and "完成目标任务" not in text and "128.5亿元" not in text
    assert "起草完成" in status and "全部写入正文" in status
    assert "规上工业总产值" in used and "128.5亿元" in used  # the figures the draft used are shown under the table
    # Fixed by hand: the writer removes the wrong rate, then checks again.
    fixed = "1-6月，规上工业总产值128.5亿元，同比增长4.47%。"
    _marked, flagged = client.predict(table, notes, [], fixed, "", "", api_name="/check")
    assert "均有依据" in flagged
    _marked, flagged = client.predict(table, notes, [], "1-6月，规上工业总产值138.5亿元。", "", "", api_name="/check")
    assert "138.5" in flagged and "需要核实" in flagged
    # With the report's period, another year and a leftover slot keep the ✅ away.
    _marked, flagged = client.predict(
        table, notes, [], "2024年1-6月，规上工业总产值128.5亿元，同比增长【规上工业总产值·同比】。", "2025年上半年", "", api_name="/check"
    )
    assert "✅" not in flagged and "年份与报告期" in flagged and "占位符" in flagged


def test_export_docx_has_the_check_table(client):
    table, notes, _ = client.predict(handle_file(str(FIGURES_CSV)), api_name="/load_table")
    body = "一、主要经济指标\n1-6月，规上工业总产值128.5亿元，同比增长4.47%。"
    path = client.predict(
        "青川经济开发区2025年上半年工作总结", body, table, notes, [], "青川经济开发区", "2025年7月10日", "当前稿件", "", api_name="/export_docx"
    )
    document = docx.Document(path)
    text = "\n".join(p.text for p in document.paragraphs)
    assert "青川经济开发区2025年上半年工作总结" in text and "数据核对表" in text
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert any("128.5亿元" in c for c in cells) and "有依据" in cells
    md = client.predict("标题", body, table, notes, [], "当前稿件", "", api_name="/export_markdown")
    assert "数据核对表" in Path(md).read_text(encoding="utf-8")


def test_export_of_an_empty_draft_is_refused(client):
    with pytest.raises(Exception, match="稿件是空的"):
        client.predict("标题", "", EMPTY_TABLE, "", [], "", "", "当前稿件", "", api_name="/export_docx")


def test_the_export_carries_the_verdict_the_draft_tab_shows(client):
    """Word and Markdown carry the full review, not the numbers alone: another year and a leftover slot are flagged in
    the 数据核对表 as the 起草 tab's check flags them, and the table has as many red rows as that check has flags."""
    table, notes, _ = client.predict(handle_file(str(FIGURES_CSV)), api_name="/load_table")
    body = "2024年1-6月，规上工业总产值128.5亿元，同比增长【规上工业总产值·同比】。"
    unit, period = "青川经济开发区", "2025年上半年"
    _marked, flagged = client.predict(table, notes, [], body, period, unit, api_name="/check")
    shown = re.search(r"(\d+) 处需要核实", flagged)
    assert shown is not None, flagged
    path = client.predict("标题", body, table, notes, [], unit, "", "当前稿件", "", period, api_name="/export_docx")
    rows = [[c.text for c in row.cells] for t in docx.Document(path).tables for row in t.rows]
    red = [r for r in rows if r[3] in ("无依据", "待填占位", "写法有误")]
    assert len(red) == int(shown.group(1)) >= 2
    assert any("年份与报告期" in r[4] for r in red) and any("占位符" in r[4] for r in red)
    md = client.predict("标题", body, table, notes, [], "当前稿件", "", unit, period, api_name="/export_markdown")
    text = Path(md).read_text(encoding="utf-8")
    assert "年份与报告期" in text and "占位符" in text


def test_ask_streams_an_answer_with_sources(client, model):
    model.enqueue("可以通过收回、协议置换、二次开发等方式盘活低效闲置用地[1]。")
    history, _box, sources, _text, _table = client.predict("低效闲置用地怎么盘活？", [], "", "", EMPTY_TABLE, "", api_name="/ask")
    assert history[-1]["role"] == "assistant" and "协议置换" in str(history[-1]["content"])
    assert "云岭经济开发区2024年工作总结" in sources
    passage = client.predict("盘活低效闲置用地", api_name="/passage")
    assert "协议置换" in passage


def test_library_upload_search_list_remove(client, app_env, tmp_path):
    docs, _choices = client.predict(api_name="/list_documents")
    before = [row[0] for row in docs["data"]]
    assert app_env["doc"].name in before  # file names, not server paths
    upload = tmp_path / "园区 总结(2023).txt"
    upload.write_text("某园区2023年工作总结\n\n一、安全生产\n开展安全生产隐患排查整治，完成重点企业全覆盖检查。\n", encoding="utf-8")
    bad = tmp_path / "坏文件.docx"
    bad.write_bytes(b"not a zip")
    log, docs, _choices = client.predict([handle_file(str(upload)), handle_file(str(bad))], api_name="/upload")
    assert "坏文件" in log and "❌" in log  # the broken file fails alone
    sources = [row[0] for row in docs["data"]]
    stored = [s for s in sources if "2023" in s]
    assert stored and all("/" not in s.rsplit("uploads/", 1)[-1] for s in stored)
    hits = client.predict("安全生产隐患排查", "", "", "", 3, api_name="/search")
    assert any("隐患排查" in row[4] for row in hits["data"])
    assert hits["headers"] == ["标题", "单位", "年份", "章节", "内容"]  # no raw scores or paths
    docs, _choices = client.predict(api_name="/list_documents")
    assert len(docs["data"]) == len(before) + 1
    log, docs, _choices = client.predict(stored[0], api_name="/remove_document")
    assert "已删除" in log and [row[0] for row in docs["data"]] == before


def test_chat_drafts_when_asked_in_plain_words(client, model):
    table, notes, _ = client.predict(handle_file(str(FIGURES_CSV)), api_name="/load_table")
    notes = "上半年新开工项目17个，竣工项目11个"
    model.enqueue("扎实推进项目建设，上半年新开工项目17个，竣工项目11个。")
    asked = len(model.history)
    history, _box, _sources, text, _used = client.predict("帮我起草上半年重点工作部分", [], "青川经济开发区", "1-6月", table, notes, api_name="/ask")
    assert "要点：上半年新开工项目17个" in model.history[asked][-1]["content"]  # the drafting prompt, not the question prompt
    content = history[-1]["content"]
    reply = "".join(part["text"] for part in content) if isinstance(content, list) else str(content)
    assert "扎实推进项目建设，上半年新开工项目17个" in text and "完成目标任务" not in text and text in reply
    assert "均有依据" in reply
    assert "起草" in reply  # tells the writer where the draft went
    _marked, flagged = client.predict(table, notes, [], text, "1-6月", "青川经济开发区", api_name="/check")
    assert flagged in reply  # the chat gives the verdict the 起草 tab gives the same text (names and years included)


def test_chat_asks_for_figures_before_drafting_indicators(client, model):
    history, _box, _sources, _text, _table = client.predict("帮我起草主要经济指标", [], "", "", EMPTY_TABLE, "", api_name="/ask")
    assert "数据表" in str(history[-1]["content"])
    assert model.history == []  # no model call without figures


def test_numbers_from_uploaded_materials_count_in_checks_and_export(client, tmp_path):
    table, notes, _ = client.predict(handle_file(str(FIGURES_CSV)), api_name="/load_table")
    material = tmp_path / "招商局报送.txt"
    material.write_text("招商局：上半年共接待客商考察团组37批次。\n", encoding="utf-8")
    text = "上半年共接待客商考察团组37批次。"
    _marked, flagged = client.predict(table, notes, [handle_file(str(material))], text, "", "", api_name="/check")
    assert "均有依据" in flagged
    _marked, flagged = client.predict(table, notes, [], text, "", "", api_name="/check")
    assert "需要核实" in flagged  # without the material the number has no source
    path = client.predict("标题", text, table, notes, [handle_file(str(material))], "", "", "当前稿件", "", api_name="/export_docx")
    cells = [c.text for t in docx.Document(path).tables for row in t.rows for c in row.cells]
    assert "有依据" in cells and "无依据" not in cells


def test_a_word_draft_comes_back_with_comments(client, tmp_path):
    """核对稿件: a colleague's .docx checked against the 起草 tab's table; the commented copy comes back."""
    from docx import Document

    table, notes, _ = client.predict(handle_file(str(FIGURES_CSV)), api_name="/load_table")
    document = Document()
    document.add_paragraph("2025年1-6月，实现规上工业总产值138.5亿元，同比增长4.47%。")
    document.add_paragraph("2024年1-6月，实现规上工业总产值128.5亿元。")
    draft = tmp_path / "同事的稿件.docx"
    document.save(draft)
    _marked, flagged, commented = client.predict(handle_file(str(draft)), table, notes, [], "2025年上半年", None, api_name="/check_draft")
    assert "138.5" in flagged and "年份与报告期" in flagged and "✅" not in flagged
    back = Document(commented)
    assert Path(commented).name == "同事的稿件（核对）.docx"
    assert sorted(c.author for c in back.comments) == ["数字核对", "数字核对"]
    assert [p.text for p in back.paragraphs] == [p.text for p in document.paragraphs]


def test_without_a_table_a_draft_is_checked_against_itself(client, tmp_path):
    """核对稿件 with nothing in the 起草 tab: no number is flagged for want of a table, but one stated twice is."""
    draft = tmp_path / "领导改过的稿件.txt"
    draft.write_text("一、总体情况\n上半年，全区实现规上工业总产值128.5亿元。\n二、主要经济指标\n上半年，规上工业总产值138.5亿元。\n", encoding="utf-8")
    _marked, flagged, _commented = client.predict(handle_file(str(draft)), EMPTY_TABLE, "", [], "", None, api_name="/check_draft")
    assert "138.5" in flagged and "128.5亿元" in flagged and "128.5" not in flagged.split("：", 1)[0]
    draft.write_text("一、总体情况\n上半年，全区实现规上工业总产值128.5亿元。\n", encoding="utf-8")
    _marked, flagged, _commented = client.predict(handle_file(str(draft)), EMPTY_TABLE, "", [], "", None, api_name="/check_draft")
    assert flagged.startswith("✅ 没有数据表")


def test_a_draft_written_before_the_statistics_were_revised_comes_back_updated(client, tmp_path):
    """核对稿件 with the earlier table: the numbers taken from revised inputs are listed old → new and updated in
    the returned copy; the writer's upload is left as it was."""
    quick = tmp_path / "快报数.csv"
    quick.write_text("指标,期间,数值,单位,同比±%\n规上工业总产值,1-6月,125.3,亿元,3.9\n", encoding="utf-8")
    table, notes, _ = client.predict(handle_file(str(FIGURES_CSV)), api_name="/load_table")  # the final figures: 128.5亿元, 4.47%
    draft = tmp_path / "上周的稿件.txt"
    draft.write_text("2025年1-6月，实现规上工业总产值125.3亿元，同比增长3.9%。\n", encoding="utf-8")
    _marked, flagged, updated = client.predict(handle_file(str(draft)), table, notes, [], "2025年上半年", handle_file(str(quick)), api_name="/check_draft")
    assert "🔄 统计数据修订：2处" in flagged and "125.3亿元 → 128.5亿元" in flagged
    assert Path(updated).read_text(encoding="utf-8").startswith("2025年1-6月，实现规上工业总产值128.5亿元，同比增长4.47%。")
    assert "✅" in flagged  # the updated text checks clean against the final table
