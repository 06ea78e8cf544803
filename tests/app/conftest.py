"""A launched app on a free loopback port with a real knowledge base and a queue-style fake model."""

from __future__ import annotations

import shutil

import pytest
from playwright.sync_api import expect, sync_playwright

from assistant.settings import get_settings
from assistant.store.knowledge_base import KnowledgeBase
from assistant.ui import CSS, create_app
from tests.fakes import FakeChatModel
from tests.helpers import ARTIFACTS, CHROMIUM, FLAGS, free_port

SAMPLE_DOC = """云岭经济开发区2024年工作总结

今年以来，云岭经济开发区坚持项目为王，各项工作稳步推进。
一、主要工作开展情况
（一）盘活存量土地。一是对低效闲置用地开展全面摸排，建立问题地块台账，通过收回、协议置换、二次开发等方式盘活低效闲置用地。二是推行“标准地”出让，提高土地利用效率。
（二）优化营商环境。推行“一站式”帮办代办服务，为入园项目办理审批手续。
二、存在的困难和问题
要素保障压力较大，部分项目推进缓慢。
"""


@pytest.fixture(scope="module")
def app_env(tmp_path_factory):
    """Settings with a tmp store holding one small document, a fake model, and the app served on loopback."""
    tmp = tmp_path_factory.mktemp("app")
    doc = tmp / "docs" / "yunling_2024.txt"
    doc.parent.mkdir()
    doc.write_text(SAMPLE_DOC, encoding="utf-8")
    settings = get_settings(store=tmp / "store", corpus=tmp / "no-corpus", draft={"repair_rounds": 0})
    kb = KnowledgeBase(settings)
    kb.ingest([doc])
    model = FakeChatModel()
    app = create_app(settings, kb=kb, model=model)
    port = free_port()
    app.queue().launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True, css=CSS)
    yield {"url": f"http://127.0.0.1:{port}/", "settings": settings, "kb": kb, "model": model, "doc": doc, "tmp": tmp}
    app.close()


@pytest.fixture
def model(app_env) -> FakeChatModel:
    """The app's fake model with nothing queued and nothing asked: each test enqueues the replies it needs."""
    fake = app_env["model"]
    fake.replies.clear()
    fake.history.clear()
    return fake


@pytest.fixture(scope="module")
def browser():
    assert shutil.which(CHROMIUM), "需要 Debian 的 chromium 软件包（make system 会安装）"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, app_env):
    """A page of its own per test: a fresh session, so no test relies on what another left on the page."""
    context = browser.new_context(accept_downloads=True, viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    page = context.new_page()
    page.goto(app_env["url"])
    expect(page.get_by_role("tab", name="起草")).to_be_visible(timeout=30_000)
    yield page
    context.close()
