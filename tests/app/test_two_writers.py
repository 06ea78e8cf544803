"""Two writers at once, in two browser sessions: one writer's long draft does not hold the other's checks, and a
second draft waits its turn with a Chinese message (the local model writes one draft at a time)."""

from __future__ import annotations

import re
import shutil
import threading
import time

import pytest
from playwright.sync_api import expect, sync_playwright

from assistant.settings import get_settings
from assistant.store.knowledge_base import KnowledgeBase
from assistant.ui import CSS, create_app
from assistant.ui.drafting import QUEUED, STOPPED
from tests.fakes import FakeChatModel
from tests.helpers import CHROMIUM, FIGURES_CSV, FLAGS, free_port

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


class SlowModel(FakeChatModel):
    """Rewords each note it is given: writer 1's (新开工) a few characters a second, as the local model writes a long
    section, writer 2's (新签约) at once. Replies follow the note asked, so a stopped draft leaves nothing queued."""

    def __init__(self) -> None:
        super().__init__()
        self.started = threading.Event()

    def stream(self, messages, **options):
        self.history.append([dict(m) for m in messages])
        asked = messages[-1]["content"]
        started = re.search(r"新开工项目(\d+)个", asked)
        if started is None:
            yield "上半年新签约项目19个。"
            return
        self.started.set()
        for piece in ("扎实推进项目建设，", f"上半年新开工项目{started.group(1)}个，", "项目建设提速增效。"):
            time.sleep(1.5)
            yield piece


def test_stopping_a_draft_keeps_what_was_written_and_frees_the_model_for_the_next_writer(tmp_path):
    assert shutil.which(CHROMIUM), "需要 Debian 的 chromium 软件包（make system 会安装）"
    settings = get_settings(store=tmp_path / "store", corpus=tmp_path / "no-corpus", draft={"repair_rounds": 0})
    model = SlowModel()
    app = create_app(settings, kb=KnowledgeBase(settings), model=model)
    port = free_port()
    app.queue().launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True, css=CSS)
    notes = [f"上半年新开工项目{n}个" for n in range(11, 19)]
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            first, second = (browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN").new_page() for _ in range(2))
            for page in (first, second):
                page.goto(f"http://127.0.0.1:{port}/")
                page.get_by_role("tab", name="起草").click()
                page.locator("#draft-kind input").click()
                page.get_by_role("option", name="重点工作", exact=True).click()
            # Writer 1: eight notes, each reworded slowly (8 × ~4 s: longer than writer 2 is given below).
            first.get_by_label("要点与补充材料（每行一条）").fill("\n".join(notes))
            first.locator("#draft-start").click()
            assert model.started.wait(timeout=60), "the first draft never reached the model"
            expect(first.locator("#draft-text textarea")).to_have_value(re.compile("新开工项目11个"), timeout=30_000)
            expect(first.locator("#draft-text textarea")).to_be_disabled()  # typing there now would be overwritten
            first.locator("#draft-stop").click()
            expect(first.get_by_text(STOPPED[:6])).to_be_visible(timeout=10_000)
            expect(first.locator("#draft-text textarea")).to_have_value(re.compile("新开工项目11个"))  # what was written stays
            expect(first.locator("#draft-text textarea")).to_be_editable()  # ... and can be edited
            # Writer 2's draft runs at once: the model is no longer held by writer 1's stopped draft.
            second.get_by_label("要点与补充材料（每行一条）").fill("上半年新签约项目19个")
            started = time.monotonic()
            second.locator("#draft-start").click()
            expect(second.locator("#draft-text textarea")).to_have_value(re.compile("新签约项目19个"), timeout=20_000)
            assert time.monotonic() - started < 20
            assert "新开工项目18个" not in first.locator("#draft-text textarea").input_value()  # writer 1's draft did not go on
            browser.close()
    finally:
        app.close()
