"""Document text reaches the page as text: no tag, image, link or form of a collected web page renders."""

from __future__ import annotations

import pytest
from gradio_client import Client
from markdown_it import MarkdownIt

from assistant.ui import drafting, library
from assistant.ui.services import Services, as_text, handler

EVIL = '<img src="http://127.0.0.1:9/x.png"><form action="http://127.0.0.1:9/"><input type=password name=pw></form>'
MARKDOWN_IMAGE = "![logo](http://127.0.0.1:9/y.png)"
PAGE = f"某园区2024年工作总结\n\n一、主要工作\n采集网页正文：{EVIL} 登录后盘活低效闲置用地。{MARKDOWN_IMAGE}\n"


def rendered(markdown: str) -> str:
    """The HTML a CommonMark renderer (as in the browser) makes of `markdown`."""
    return MarkdownIt("commonmark").render(markdown)


def assert_shown_as_text(markdown: str) -> None:
    """Nothing of the page's markup survives as markup, in the markdown or in what it renders to."""
    assert "&lt;img" in markdown and "<img" not in markdown
    html = rendered(markdown)
    for tag in ("<img", "<form", "<input", "<a "):
        assert tag not in html, html


def test_as_text_keeps_the_words_and_drops_the_markup():
    shown = as_text(PAGE)
    assert_shown_as_text(shown)
    assert "盘活低效闲置用地" in shown and "![" not in shown
    assert "http://127.0.0.1:9/x.png" in rendered(shown).replace("\\", "")  # the address is still readable as text


def test_a_file_name_in_the_upload_log_is_shown_as_text(app_env, tmp_path):
    services = Services(app_env["settings"], app_env["kb"], app_env["model"])
    named = tmp_path / '<img src="http:‚‚127.0.0.1:9‚x.png">.exe'
    named.write_bytes(b"MZ")
    log, _rows, _choices = list(handler(services, library.upload)([str(named)]))[-1]
    assert "不支持的文件类型" in log
    assert_shown_as_text(log)


def test_the_number_check_shows_the_text_escaped():
    marked, _flagged = handler(None, drafting.check_report)([], "", [], f"{EVIL}1-6月，规上工业总产值128.5亿元。")
    assert "&lt;img" in marked and "<img" not in marked and "<input" not in marked


@pytest.fixture(scope="module")
def evil_page(app_env):
    path = app_env["tmp"] / "docs" / "collected_page.txt"
    path.write_text(PAGE, encoding="utf-8")
    app_env["kb"].ingest([path])
    return path


def test_the_passage_view_shows_a_collected_page_as_text(app_env, evil_page):
    client = Client(app_env["url"], verbose=False)
    shown = client.predict("采集网页正文 盘活低效闲置用地", api_name="/passage")
    assert "盘活低效闲置用地" in shown
    assert_shown_as_text(shown)
