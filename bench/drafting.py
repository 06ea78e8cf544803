"""Drafting speed and number safety per section kind with the configured (default: local) model on the demo corpus.

Run: python bench/drafting.py [--kinds 主要经济指标,工作计划] [--store DIR]
Prints one table: time to first token on the first run of a kind and on a repeat whose fixed prefix
(system prompt: rules, guidance, masked examples) is cached, total time, prompt tokens, repair rounds,
share of input figures stated in the draft and unsupported numbers left unmarked (must be 0).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from assistant.drafting.chain import Drafter
from assistant.drafting.records import DraftRequest
from assistant.drafting.repair import problems
from assistant.figures import load_figures
from assistant.guardrails import check_numbers
from assistant.llm import get_chat_model
from assistant.settings import PROJECT_ROOT, get_settings
from assistant.store.knowledge_base import KnowledgeBase
from assistant.tokens import count_tokens

FIGURES = PROJECT_ROOT / "tests" / "data" / "figures" / "figures_2025h1.json"
NOTES = PROJECT_ROOT / "tests" / "data" / "figures" / "notes_2025h1.txt"
KINDS = ["总述", "主要经济指标", "重点工作", "存在问题", "工作计划"]


class Timed:
    """A ChatModel wrapper that records when each call started, produced its first delta and ended."""

    def __init__(self, model) -> None:
        self.model = model
        self.name = model.name
        self.context_window = model.context_window
        self.calls: list[dict] = []

    def complete(self, messages, **options) -> str:
        return "".join(self.stream(messages, **options))

    def stream(self, messages, **options):
        call = {"start": time.perf_counter(), "first": None, "prompt": sum(count_tokens(m["content"]) for m in messages)}
        self.calls.append(call)
        for delta in self.model.stream(messages, **options):
            if call["first"] is None:
                call["first"] = time.perf_counter()
            yield delta
        call["end"] = time.perf_counter()


def run(drafter: Drafter, timed: Timed, figures, kind: str, period: str) -> dict:
    """Draft one section and measure it."""
    timed.calls.clear()
    start = time.perf_counter()
    result = drafter.draft(DraftRequest(figures=figures, unit="青川经济开发区", period=period, section=kind))
    total = time.perf_counter() - start
    first = timed.calls[0]
    report = check_numbers(result.text, figures)
    named = {m.figure for m in report.mentions if m.status in {"supported", "derived"} and m.figure}
    names = {f.name for f in figures.figures}
    return {
        "ttft": (first["first"] or first["end"]) - start,
        "total": total,
        "prompt": first["prompt"],
        "rounds": result.rounds,
        "share": len(named & names) / len(names),
        "unmarked": len(problems(result.text, report)),
        "pending": len(result.pending),
        "chars": len(result.text),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kinds", default=",".join(KINDS))
    parser.add_argument("--store", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        settings = get_settings(store=args.store or Path(tmp) / "store")
        kb = KnowledgeBase(settings)
        kb.ingest(sorted((PROJECT_ROOT / "corpus").glob("*.md")))
        figures = load_figures(FIGURES)
        figures.notes.extend(line.strip("- ").strip() for line in NOTES.read_text(encoding="utf-8").splitlines() if line.startswith("- "))
        load_start = time.perf_counter()
        timed = Timed(get_chat_model(settings))
        load = time.perf_counter() - load_start
        drafter = Drafter(settings, kb, timed)
        print(f"model: {timed.name}   load: {load:.1f} s   repair rounds allowed: {settings.draft.repair_rounds}")
        header = (
            f"{'section':<10} {'run':<7} {'TTFT s':>7} {'total s':>8} {'prompt tok':>10} {'rounds':>6} "
            f"{'figures in draft':>16} {'pending':>7} {'unmarked':>8} {'chars':>5}"
        )
        print(header)
        print("-" * len(header))
        for kind in args.kinds.split(","):
            # First run of the kind, then a repeat whose user part differs (new period words) but whose system prefix is cached.
            for label, period in (("first", "2025年上半年"), ("cached", "2025年1-6月")):
                row = run(drafter, timed, figures, kind, period)
                print(
                    f"{kind:<10} {label:<7} {row['ttft']:>7.1f} {row['total']:>8.1f} {row['prompt']:>10} {row['rounds']:>6} "
                    f"{row['share']:>16.0%} {row['pending']:>7} {row['unmarked']:>8} {row['chars']:>5}"
                )


if __name__ == "__main__":
    main()
