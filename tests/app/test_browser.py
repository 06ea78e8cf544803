"""The app in a real headless Chromium: fill the figures table, draft with the fake model, see the flag, download Word."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from playwright.sync_api import expect

from tests.helpers import ARTIFACTS, FIGURES_CSV

pytestmark = pytest.mark.slow


def export_word(page, target: Path):
    """Press 导出 Word on the 导出 tab, download the file to `target` and open it."""
    page.locator("#export-word").click()
    link = page.locator("#export-docx a[download]").first
    expect(link).to_be_visible(timeout=60_000)
    with page.expect_download() as info:
        link.click()
    info.value.save_as(target)
    return docx.Document(target)


def test_draft_flag_and_download(page, app_env, tmp_path):
    page.screenshot(path=str(ARTIFACTS / "tab-chat.png"), full_page=True)
    page.get_by_role("tab", name="起草").click()
    page.locator("#table-file input[type=file]").set_input_files(str(FIGURES_CSV))
    table = page.locator("#figures-table textarea")
    expect(table).to_have_value(re.compile("规上工业总产值\t128.5\t亿元"), timeout=30_000)
    expect(page.locator("#figures-reading")).to_contain_text("128.5亿元")

    page.locator("#draft-kind input").click()
    page.get_by_role("option", name="重点工作").click()
    page.locator("#draft-start").click()  # no notes: the section is the table's figures, no model call
    expect(page.locator("#draft-text textarea")).to_have_value(re.compile(r"规上工业总产值128\.5亿元"), timeout=60_000)
    # The draft streams: an edit made before the last update would be overwritten by it.
    expect(page.get_by_text("起草完成")).to_be_visible(timeout=60_000)
    # The writer edits a wrong rate in and checks again: it is flagged in red.
    page.locator("#draft-text textarea").fill("1-6月，规上工业总产值128.5亿元，同比增长5.1%。")
    page.get_by_role("button", name="重新核对").click()
    flagged = page.locator("#draft-highlight .num-unsupported")
    expect(flagged.first).to_be_visible(timeout=60_000)
    expect(flagged.first).to_contain_text("5.1%")
    assert flagged.first.evaluate("el => getComputedStyle(el).color") == "rgb(198, 40, 40)"
    expect(page.locator("#draft-flagged")).to_contain_text("需要核实")
    page.screenshot(path=str(ARTIFACTS / "tab-draft.png"), full_page=True)

    page.get_by_role("tab", name="素材库").click()
    page.get_by_role("button", name="刷新列表").click()
    expect(page.locator("#library-docs")).to_contain_text("yunling_2024.txt", timeout=30_000)
    page.screenshot(path=str(ARTIFACTS / "tab-library.png"), full_page=True)

    page.get_by_role("tab", name="导出").click()
    page.get_by_label("标题").fill("青川经济开发区2025年上半年工作总结")
    document = export_word(page, tmp_path / "draft.docx")
    page.screenshot(path=str(ARTIFACTS / "tab-export.png"), full_page=True)
    assert document.paragraphs[0].text == "青川经济开发区2025年上半年工作总结"
    statuses = [row.cells[3].text for t in document.tables for row in t.rows[1:]]
    assert "无依据" in statuses


def test_chat_drafts_from_the_table_in_plain_words(page, model):
    page.get_by_role("tab", name="起草").click()
    page.locator("#table-file input[type=file]").set_input_files(str(FIGURES_CSV))
    expect(page.locator("#figures-table textarea")).to_have_value(re.compile("128.5"), timeout=30_000)
    model.enqueue("1-6月，规上工业总产值【规上工业总产值】，【规上工业总产值·同比】。")
    page.get_by_role("tab", name="对话").click()
    page.get_by_placeholder("例如：其他园区").fill("帮我起草上半年主要经济指标部分")
    page.get_by_role("button", name="发送").click()
    chat = page.locator("#chat-log")
    expect(chat).to_contain_text("同比增长4.47%", timeout=60_000)
    expect(chat).to_contain_text("均有依据")
    page.screenshot(path=str(ARTIFACTS / "tab-chat-draft.png"), full_page=True)
    page.get_by_role("tab", name="起草").click()
    # The reply left out most figures, so the figures paragraph is the exact sentences from the table.
    expect(page.locator("#draft-text textarea")).to_have_value(re.compile(r"规上工业总产值128\.5亿元，同比增长4\.47%.*新增规上工业企业9家"))
    # the check below the draft follows the text it shows, wherever the text came from, and after a hand edit
    expect(page.locator("#draft-flagged")).to_contain_text("均有依据", timeout=30_000)
    expect(page.locator("#draft-highlight .number-legend")).to_contain_text("需要核实")
    page.locator("#draft-text textarea").fill("上半年，实现规上工业总产值138.5亿元。")
    expect(page.locator("#draft-flagged")).to_contain_text("138.5", timeout=30_000)
    expect(page.locator("#draft-highlight .num-unsupported")).to_contain_text("138.5")


def test_the_figures_editor_keeps_every_character_typed_or_pasted(page):
    """A single click and typing keeps the first character (the grid lost it: 34.18 became 4.18); a block copied
    from Excel (tab-separated, six rows) pastes as it is; the read-back says how each row was read."""
    page.get_by_role("tab", name="起草").click()
    editor = page.locator("#figures-table textarea")
    editor.fill("")
    editor.click()
    page.keyboard.type("工业投资 34.18 亿元 1-6月 45.7")
    reading = page.locator("#figures-reading")
    expect(reading).to_contain_text("34.18亿元", timeout=30_000)
    expect(reading).to_contain_text("同比45.7%")
    editor.fill("")
    block = "\n".join([
        "指标\t单位\t本期\t同比±%",
        "规上工业总产值\t亿元\t97.74\t17.6",
        "固定资产投资\t亿元\t45.2\t-3.4",
        "工业投资\t亿元\t29.3\t45.7",
        "一般公共预算收入\t万元\t12850\t8.1",
        "实际利用外资\t万美元\t8429\t",
        "新增规上工业企业\t户\t18\t",
    ])
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.evaluate("text => navigator.clipboard.writeText(text)", block)
    editor.click()
    page.keyboard.press("Control+V")
    expect(editor).to_have_value(block, timeout=10_000)
    expect(reading).to_contain_text("系统读到 6 项指标", timeout=30_000)
    for shown in ("97.74亿元", "同比-3.4%", "12850万元", "8429万美元", "18户"):
        expect(reading).to_contain_text(shown)
    page.screenshot(path=str(ARTIFACTS / "tab-draft-table.png"), full_page=True)
    editor.fill("规上工业总产值\t12,8.5\t亿元")
    editor.press("End")
    page.keyboard.type(" ")
    expect(reading).to_contain_text("第1行", timeout=30_000)  # a misread is shown before drafting, in Chinese


def test_three_sections_drafted_one_by_one_make_one_document_that_exports(page, model, tmp_path):
    """主要经济指标, 重点工作 and 工作计划 drafted one after another go into one document under numbered headings;
    a section drafted again replaces its earlier text; the 导出 tab exports the whole document."""
    page.get_by_role("tab", name="起草").click()
    page.locator("#figures-table textarea").fill(FIGURES_CSV.read_text(encoding="utf-8"))
    page.get_by_label("单位名称", exact=True).fill("青川经济开发区")
    page.get_by_label("期间", exact=True).fill("2025年上半年")
    notes = page.get_by_label("要点与补充材料（每行一条）")

    def draft(kind: str, note: str, reply: str, shows: str) -> None:
        notes.fill(note)
        model.enqueue(reply)
        page.locator("#draft-kind input").click()
        page.get_by_role("option", name=kind, exact=True).click()
        page.locator("#draft-start").click()
        expect(page.locator("#draft-text textarea")).to_have_value(re.compile(shows), timeout=60_000)
        expect(page.get_by_text("起草完成")).to_be_visible(timeout=60_000)
        page.locator("#add-to-whole").click()

    draft("主要经济指标", "", "上半年，规上工业总产值【规上工业总产值】，【规上工业总产值·同比】。", "128\\.5亿元")
    draft("重点工作", "上半年新开工项目17个，竣工项目11个", "扎实推进项目建设，上半年新开工项目17个，竣工项目11个。", "竣工项目11个")
    draft("工作计划", "下半年力争新开工项目15个", "下半年力争新开工项目15个。", "新开工项目15个")
    draft("重点工作", "上半年新开工项目17个，竣工项目12个", "上半年新开工项目17个，竣工项目12个。", "竣工项目12个")  # redrafted: replaces
    whole = page.locator("#whole-text textarea")
    expect(whole).to_have_value(
        re.compile(
            r"^一、2025年上半年主要经济指标完成情况\n.*128\.5亿元.*\n二、2025年上半年主要工作开展情况\n.*竣工项目12个.*\n"
            r"三、下半年工作计划\n.*新开工项目15个",
            re.S,
        ),
        timeout=30_000,
    )
    assert "竣工项目11个" not in whole.input_value()
    page.screenshot(path=str(ARTIFACTS / "tab-draft-whole.png"), full_page=True)

    page.get_by_role("tab", name="导出").click()
    page.get_by_role("textbox", name="标题", exact=True).fill("青川经济开发区2025年上半年工作总结及下半年工作计划")
    page.get_by_label("全文（起草页已放入的各部分）").check()
    texts = [p.text for p in export_word(page, tmp_path / "whole.docx").paragraphs]
    assert [t for t in texts if re.match(r"^[一二三]、", t)] == [
        "一、2025年上半年主要经济指标完成情况", "二、2025年上半年主要工作开展情况", "三、下半年工作计划"
    ]


def test_a_draft_refused_leaves_the_text_box_editable(page):
    page.get_by_role("tab", name="起草").click()
    page.locator("#draft-text textarea").fill("上半年新开工项目17个。")
    page.locator("#figures-table textarea").fill("指标\t数值\t单位\n规上工业总产值\t12.3.4\t亿元")
    page.locator("#draft-start").click()  # the table is refused before any drafting
    expect(page.get_by_text("没有开始起草：数据表 第2行")).to_be_visible(timeout=30_000)
    expect(page.locator("#draft-text textarea")).to_be_editable(timeout=10_000)
    expect(page.locator("#draft-text textarea")).to_have_value("上半年新开工项目17个。")  # the writer's text is not lost


def test_a_chat_draft_that_cannot_start_leaves_the_conversation_readable(page, model):
    """Seen in Chromium: asking the chat for a plan with no notes covered the whole conversation with 错误."""
    page.get_by_role("tab", name="对话").click()
    chat = page.locator("#chat-log")
    page.get_by_role("button", name="发送").click()  # nothing typed yet
    expect(page.get_by_text("请先输入问题")).to_be_visible(timeout=10_000)
    page.get_by_placeholder("例如：其他园区").fill("帮我起草下半年工作计划")
    page.get_by_role("button", name="发送").click()
    expect(chat).to_contain_text("需要要点", timeout=60_000)
    expect(chat).to_contain_text("帮我起草下半年工作计划")
    expect(page.get_by_text("错误", exact=True)).to_have_count(0)
