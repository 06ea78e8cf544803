"""Two writers at once, in two browser sessions: one writer's long draft does not hold the other's checks, and a
second draft waits its turn with a Chinese message (the local model writes one draft at a time)."""

from __future__ import annotations

import re
import shutil
import threading

import pytest
from playwright.sync_api import expect, sync_playwright

from assistant.llm.fake import FakeChatModel
from assistant.settings import get_settings
from assistant.store.knowledge_base import KnowledgeBase
from assistant.ui import CSS, create_app
from assistant.ui.drafting import QUEUED
from tests.app.conftest import FIGURES_CSV, free_port
from tests.app.test_browser import CHROMIUM, FLAGS

pytestmark = pytest.mark.slow


class HeldModel(FakeChatModel):
    """Replies only once the test lets it: a draft that takes as long as the test wants."""

    def __init__(self) -> None:
        super().__init__()
        self.go = threading.Event()
        self.started = threading.Event()

    def stream(self, messages, **options):
        self.started.set()
        self.go.wait(timeout=120)
        yield from super().stream(messages, **options)


@pytest.fixture(scope="module")
def held(tmp_path_factory):
    assert shutil.which(CHROMIUM), "需要 Debian 的 chromium 软件包（make system 会安装）"
    tmp = tmp_path_factory.mktemp("two")
    settings = get_settings(store=tmp / "store", corpus=tmp / "no-corpus", draft={"repair_rounds": 0})
    model = HeldModel()
    app = create_app(settings, kb=KnowledgeBase(settings), model=model)
    port = free_port()
    app.queue().launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True, css=CSS)
    yield f"http://127.0.0.1:{port}/", model
    model.go.set()
    app.close()


def test_a_long_draft_does_not_hold_another_writers_check(held):
    url, model = held
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        first, second = (browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN").new_page() for _ in range(2))
        for page in (first, second):
            page.goto(url)
            page.get_by_role("tab", name="起草").click()
            page.locator("#figures-table textarea").fill(FIGURES_CSV.read_text(encoding="utf-8"))
        # Writer 1 drafts a section; the model holds it.
        model.enqueue("扎实推进项目建设，上半年新开工项目17个，竣工项目11个。", "上半年新签约项目19个。")
        first.get_by_label("要点与补充材料（每行一条）").fill("上半年新开工项目17个，竣工项目11个")
        first.locator("#draft-kind input").click()
        first.get_by_role("option", name="重点工作", exact=True).click()
        first.locator("#draft-start").click()
        assert model.started.wait(timeout=60), "the first draft never reached the model"
        # Writer 2 checks a text meanwhile: the answer comes while writer 1's draft is still being written.
        second.locator("#draft-text textarea").fill("上半年，规上工业总产值138.5亿元。")
        expect(second.locator("#draft-flagged")).to_contain_text("138.5", timeout=30_000)
        # Writer 2 starts a draft too: told at once, in Chinese, that it waits its turn.
        second.get_by_label("要点与补充材料（每行一条）").fill("上半年新签约项目19个")
        second.locator("#draft-kind input").click()
        second.get_by_role("option", name="重点工作", exact=True).click()
        second.locator("#draft-start").click()
        expect(second.get_by_text(QUEUED[:8])).to_be_visible(timeout=10_000)
        assert not first.locator("#draft-text textarea").input_value()  # writer 1 is still waiting for the model
        model.go.set()
        expect(first.locator("#draft-text textarea")).to_have_value(re.compile("竣工项目11个"), timeout=60_000)
        expect(second.locator("#draft-text textarea")).to_have_value(re.compile("新签约项目19个"), timeout=60_000)
        browser.close()
