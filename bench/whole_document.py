"""Whole-document drafting with the configured (default: local) model: time per section and in all, and what the check finds.

Run: python bench/whole_document.py [--figures FILE] [--notes FILE] [--unit U] [--period P] [--store DIR] [--show]
Drafts 总述, 主要经济指标, 重点工作, 存在问题 and 工作计划 as one document, as the 起草 tab's 全文 does, and prints
one table: seconds per section (from the stream's own progress events), the time to the first text and in all
(target: 4 minutes), the notes used, and what review() finds in the result with the writer's inputs as the
source of names (wrong years, leftovers, empty headings, repeats, names the inputs lack, unsupported numbers).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections import Counter
from pathlib import Path

from assistant.drafting.chain import Drafter
from assistant.drafting.records import Done, DraftRequest, Status, TextDelta
from assistant.figures import FigureSet, load_figures
from assistant.guardrails import review
from assistant.guardrails.names import inputs_text
from assistant.llm import get_chat_model
from assistant.settings import PROJECT_ROOT, get_settings
from assistant.store.knowledge_base import KnowledgeBase

FIGURES = PROJECT_ROOT / "tests" / "data" / "figures" / "figures_2025h1.json"
NOTES = PROJECT_ROOT / "tests" / "data" / "figures" / "notes_2025h1.txt"
TARGET_SECONDS = 240


def _kind_of(reason: str) -> str:
    for word, kind in (
        ("年份", "年份"), ("占位符", "占位符"), ("没有内容", "空标题"), ("重复", "重复句"), ("没有写完", "未写完"), ("标签", "标签"),
        ("输入（笔记", "名称"),
    ):
        if word in reason:
            return kind
    return "数字"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--figures", type=Path, default=FIGURES)
    parser.add_argument("--notes", type=Path, default=NOTES)
    parser.add_argument("--unit", default="青川经济开发区")
    parser.add_argument("--period", default="2025年上半年")
    parser.add_argument("--store", type=Path, default=None, help="a knowledge base to draft with (default: corpus/ ingested into a temporary one)")
    parser.add_argument("--show", action="store_true", help="print the drafted document")
    args = parser.parse_args()

    loaded = load_figures(args.figures)
    notes = [line.strip().lstrip("-•").strip() for line in args.notes.read_text(encoding="utf-8").splitlines()]
    figures = FigureSet(figures=loaded.figures, notes=[n for n in notes if n and not n.startswith("【") and not n.endswith("（要点）")])
    with tempfile.TemporaryDirectory() as tmp:
        settings = get_settings(store=args.store or Path(tmp) / "store")
        kb = KnowledgeBase(settings)
        if args.store is None:
            kb.ingest(sorted((PROJECT_ROOT / "corpus").rglob("*.*")))
        drafter = Drafter(settings, kb, get_chat_model(settings))
        request = DraftRequest(figures=figures, unit=args.unit, period=args.period, whole_document=True)
        start = time.perf_counter()
        first_text = None
        marks: list[tuple[str, float]] = []
        result = None
        for event in drafter.stream(request):
            now = time.perf_counter() - start
            if isinstance(event, Status) and event.message.startswith("正在起草："):
                marks.append((event.message.removeprefix("正在起草：").rstrip("…"), now))
            elif isinstance(event, TextDelta) and first_text is None and marks:
                first_text = now
            elif isinstance(event, Done):
                result = event.result
        total = time.perf_counter() - start
    assert result is not None
    report = review(result.text, result.inputs, args.period, source=inputs_text(result.inputs, args.unit, args.period))
    found = Counter(_kind_of(m.reason) for m in report.flagged)
    used = len(result.coverage.used) if result.coverage.notes else 0

    print(f"Whole document, {args.unit} {args.period}: {len(figures.figures)} figures, {len(figures.notes)} notes, model {drafter.model.name}\n")
    print("| section | seconds |")
    print("|---|---|")
    for (name, at), (_, after) in zip(marks, [*marks[1:], ("", total)]):
        print(f"| {name} | {after - at:.1f} |")
    print()
    print("| measure | target | this run |")
    print("|---|---|---|")
    print(f"| time to the first section's text, s | — | {first_text or 0:.1f} |")
    print(f"| whole document, s | ≤ {TARGET_SECONDS} | {total:.1f} |")
    print(f"| notes used | ≥ 0.9 | {used}/{len(result.coverage.notes)} |")
    print(f"| characters | — | {len(result.text)} |")
    for kind in ("数字", "年份", "名称", "占位符", "空标题", "重复句", "未写完", "标签"):
        print(f"| flagged: {kind} | 0 | {found.get(kind, 0)} |")
    print(f"| ✅ shown | yes | {'yes' if report.ok else 'no'} |")
    if args.show or not report.ok:
        print("\n" + result.text)
        for m in report.flagged:
            print(f"  - {m.text}: {m.reason}")


if __name__ == "__main__":
    main()
