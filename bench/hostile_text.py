"""The number check on hostile text: time per size for inputs built to be slow, and whether growth stays linear.

A paste can be anything: runs of Chinese numerals, thousands of figures in one sentence, a number broken
over every line. The check runs while the app serves other writers, so its time must grow with the length
of the text and no faster. For each kind of input this prints the time at 4k, 16k and 64k characters and
the ratio of the time per character at 64k to that at 4k (1.0 is linear; the floor printed is 2.0).

    python bench/hostile_text.py [--sizes 4000 16000 64000]
"""

from __future__ import annotations

import argparse
import random
import sys
import time

from assistant.figures import figure_set_from_rows
from assistant.guardrails import check_numbers

CEILING = 2.0  # time per character at the largest size over that at the smallest
SENTENCE = "上半年，规上工业总产值128.5亿元，同比增长7.2%；固定资产投资56.1亿元，下降3.2%。"
RANDOM_CHARS = "一二三十百千万亿元%.,，。、0123456789增长下降同比分别规上工业总产值亿\n\u00a0\u200b“”《》xX*第"

KINDS = {
    "汉字数字连写": lambda n, rng: ("一二三四五六七八九十百千万亿" * n)[:n],
    "正常报告": lambda n, rng: (SENTENCE * n)[:n],
    "一句千个数": lambda n, rng: ("12.5亿元，" * n)[:n],
    "数字跨行": lambda n, rng: ("12.\n5亿元。" * n)[:n],
    "分别连写": lambda n, rng: ("分别增长9%、" * n)[:n],
    "占位符": lambda n, rng: ("xx亿元" * n)[:n],
    "引号": lambda n, rng: ("“一二" * n)[:n],
    "随机字符": lambda n, rng: "".join(rng.choice(RANDOM_CHARS) for _ in range(n)),
}


def timed(text: str, inputs) -> float:
    """Seconds one check of `text` takes (best of two, so a stray pause of the machine is not measured)."""
    best = float("inf")
    for _ in range(2):
        started = time.perf_counter()
        check_numbers(text, inputs)
        best = min(best, time.perf_counter() - started)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[4000, 16000, 64000])
    args = parser.parse_args()
    inputs = figure_set_from_rows(
        [["指标", "单位", "数值", "同比±%"], ["规上工业总产值", "亿元", "128.5", "7.2"], ["固定资产投资", "亿元", "56.1", "-3.2"]]
    )
    check_numbers(SENTENCE, inputs)  # the table is prepared once, as in the app
    sizes = sorted(args.sizes)
    print("| 输入 | " + " | ".join(f"{n:,} 字 (s)" for n in sizes) + f" | 每字耗时比 (上限 {CEILING}) |")
    print("|---|" + "---|" * len(sizes) + "---|")
    failed = []
    for name, make in KINDS.items():
        rng = random.Random(20261206)
        seconds = [timed(make(n, rng), inputs) for n in sizes]
        ratio = (seconds[-1] / sizes[-1]) / max(seconds[0] / sizes[0], 1e-9)
        mark = "" if ratio <= CEILING else " ✗"
        if mark:
            failed.append(name)
        print(f"| {name} | " + " | ".join(f"{s:.3f}" for s in seconds) + f" | {ratio:.2f}{mark} |")
    if failed:
        print(f"超过上限：{'、'.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
