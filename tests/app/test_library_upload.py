"""素材库: a writer uploads two real reports, closes the page while they are being ingested, comes back and finds
both in the library (nothing uploaded is silently dropped)."""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.helpers import CHROMIUM, FLAGS

PRACTICE = Path(__file__).resolve().parents[1] / "data" / "practice" / "docs"

pytestmark = pytest.mark.slow


def archive(target: Path, numbers: range) -> Path:
    """One longer file made of real public report openings (tests/data/practice, sources in its README), so that
    ingesting it takes seconds on this machine, as a real report does."""
    parts = [(PRACTICE / f"{n:03d}.md").read_text(encoding="utf-8") for n in numbers]
    target.write_text("\n\n".join(parts), encoding="utf-8")
    return target


def test_closing_the_page_mid_ingest_loses_no_uploaded_file(app_env, tmp_path):
    assert shutil.which(CHROMIUM), "需要 Debian 的 chromium 软件包（make system 会安装）"
    first = archive(tmp_path / "园区经验汇编（一）.md", range(1, 13))
    second = archive(tmp_path / "园区经验汇编（二）.md", range(13, 25))
    kb = app_env["kb"]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
        page = context.new_page()
        page.goto(app_env["url"])
        page.get_by_role("tab", name="素材库").click()
        page.locator("#library-files input[type=file]").set_input_files([str(first), str(second)])
        expect(page.locator("#library-files")).to_contain_text("（二）", timeout=30_000)  # both uploaded to the server
        page.locator("#library-add").click()
        expect(page.locator("#library-log")).to_contain_text(re.compile("入库"), timeout=30_000)
        page.close()  # the writer leaves while the files are being ingested
        deadline = time.monotonic() + 240
        names = set()
        while time.monotonic() < deadline and not {first.name, second.name} <= names:
            time.sleep(2)
            names = {Path(d.source).name for d in kb.documents()}
        assert {first.name, second.name} <= names, names
        again = context.new_page()
        again.goto(app_env["url"])
        again.get_by_role("tab", name="素材库").click()
        expect(again.locator("#library-docs")).to_contain_text("园区经验汇编（二）", timeout=30_000)
        expect(again.locator("#library-docs")).to_contain_text("园区经验汇编（一）")
        browser.close()


def test_a_new_version_uploaded_under_the_same_name_replaces_the_old_and_says_what_changed(page, app_env, tmp_path):
    """A real report (tests/data/practice/docs/001.md) uploaded, then revised (one figure changed, a section added)
    and uploaded again under its name with 同名文件是新版本 ticked: one document, and the log names the changes."""
    report = tmp_path / "桐乡经开区2023年工作总结.md"
    original = (PRACTICE / "001.md").read_text(encoding="utf-8")
    assert "签约项目57个" in original
    report.write_text(original, encoding="utf-8")
    page.get_by_role("tab", name="素材库").click()

    def upload(replace: bool) -> None:
        page.locator("#library-files input[type=file]").set_input_files(str(report))
        expect(page.locator("#library-files")).to_contain_text("桐乡经开区", timeout=30_000)
        if replace:
            page.locator("#library-replace input").check()
        page.locator("#library-add").click()

    upload(replace=False)
    expect(page.locator("#library-log")).to_contain_text("已入库", timeout=120_000)
    report.write_text(original.replace("签约项目57个", "签约项目58个") + "\n\n三、存在的问题\n\n招商项目落地转化仍需加快。\n", encoding="utf-8")
    upload(replace=True)
    log = page.locator("#library-log")
    expect(log).to_contain_text("已更新", timeout=120_000)
    expect(log).to_contain_text("新增：三、存在的问题")
    expect(log).to_contain_text("改动：一、2023年工作总结")
    expect(log).not_to_contain_text("/")  # the file as the writer named it, not the server's path
    expect(page.locator("#library-files")).not_to_contain_text("桐乡经开区")  # stored: the box is empty for the next upload
    names = [Path(d.source).name for d in app_env["kb"].documents()]
    assert names.count(report.name) == 1 and not any("（2）" in n for n in names), names
    stored = next(d for d in app_env["kb"].documents() if Path(d.source).name == report.name)
    assert "签约项目58个" in Path(stored.source).read_text(encoding="utf-8")
