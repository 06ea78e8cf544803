"""How numbers are written, and a draft's own arithmetic, on real reports: findings per rule, each one printed.

The material: the sentences of the 48 public reports in tests/data/real (one text per report, in order), the
17 real sections in tests/data/sections, the 71 public pages in tests/data/practice/docs, the 5 downloaded
samples in the shared seeds folder (when present) and the sample reports in corpus/. Every finding is printed
with its context so each can be judged true or false by reading; a rule that flags correct real text must be
narrowed or dropped.

    python bench/usage_real.py [--quiet]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

import yaml

from assistant.documents.cleaning import clean_text

ROOT = Path(__file__).resolve().parents[1]
SEEDS = Path("/work/shared/seeds")


def material() -> list[tuple[str, str]]:
    """(name, text) of every real text at hand."""
    out: list[tuple[str, str]] = []
    for path in sorted((ROOT / "tests/data/real").glob("*.yaml")):
        out.append((f"real/{path.name}", "\n".join(yaml.safe_load(path.read_text(encoding="utf-8"))["sentences"])))
    for path in sorted((ROOT / "tests/data/sections").glob("*.yaml")):
        out.append((f"sections/{path.name}", yaml.safe_load(path.read_text(encoding="utf-8"))["real"]))
    for path in sorted((ROOT / "tests/data/practice/docs").glob("*.md")):
        out.append((f"practice/{path.name}", path.read_text(encoding="utf-8").split("---", 2)[-1]))
    for path in sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []:  # downloaded pages, cleaned as ingestion cleans them
        out.append((f"seeds/{path.name}", clean_text(path.read_text(encoding="utf-8")).text))
    for path in sorted((ROOT / "corpus").glob("*.md")):
        out.append((f"corpus/{path.name}", path.read_text(encoding="utf-8")))
    return out


def rule_of(reason: str) -> str:
    """The rule a finding comes from, read from its reason (the source it names)."""
    for key, name in (
        ("年份简写", "年份简写"), ("范围前一个数", "范围省略"), ("混用", "数字混用"), ("“零”宜写作", "年份用零"),
        ("全角数字", "全角数字"), ("千分撇", "分节不一"), ("标题序号", "标题序号"), ("标题层次", "标题层次"),
        ("加起来", "合计"), ("占比", "占比"), ("完成率", "完成率"),
    ):
        if key in reason:
            return name
    return "其他"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quiet", action="store_true", help="只打印各规则的计数")
    args = parser.parse_args()
    from assistant.guardrails.arithmetic import arithmetic_issues, ratio_checks
    from assistant.guardrails.usage import usage_issues

    texts = material()
    counts: Counter = Counter()
    chars = 0
    started = time.perf_counter()
    for name, text in texts:
        chars += len(text)
        for m in sorted(usage_issues(text) + arithmetic_issues(text), key=lambda m: m.start):
            rule = rule_of(m.reason)
            counts[rule] += 1
            if not args.quiet:
                context = text[max(0, m.start - 30) : m.end + 30].replace("\n", "⏎")
                print(f"[{rule}] {name}: “{m.text}” … {context}\n    {m.reason}")
    elapsed = time.perf_counter() - started
    # Recall where the truth is known: every real share or completion rate the check reads, made 10 points wrong.
    read = caught = 0
    for _name, text in texts:
        for _value, _base, rate, _completion in ratio_checks(text):
            read += 1
            wrong = text[: rate.start] + f"{rate.value + 10}%" + text[rate.end :]
            caught += any(m.start == rate.start for m in arithmetic_issues(wrong))
    print(f"\n{len(texts)} texts, {chars} characters, {elapsed:.2f} s")
    print(f"  real shares / completion rates read: {read}; each made 10 points wrong, caught: {caught}")
    for rule, n in counts.most_common():
        print(f"  {rule}: {n}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
