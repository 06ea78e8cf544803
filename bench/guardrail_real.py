"""Number check on real material: sentences from public reports against the tables an office would send.

Prints, for each table shape and in total: the share of correct sentences with no flag, recall per
corruption kind, exceptions and tables refused, and sentences per second on one core. With --baseline REV
the same suite runs against the checker at that git revision (checked out into a temporary worktree,
run in a subprocess) and both are printed side by side.

    python bench/guardrail_real.py [--baseline fbc8c5a] [--show 20] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from realset import KINDS, SHAPES, TARGETS, build_cases, load_reports, table_rows  # noqa: E402


def evaluate(show: int = 0) -> dict:
    """Run the whole suite against the checker importable as `assistant` and return the counts."""
    from assistant.figures import figure_set_from_rows
    try:
        from assistant.guardrails import check_numbers
    except ImportError:  # a --baseline revision from before check() was named check_numbers()
        from assistant.guardrails import check as check_numbers

    reports = load_reports()
    cases = build_cases(reports)
    inputs: dict[tuple[str, str], object] = {}
    refused: dict[str, str] = {}
    for report in reports:
        for shape in SHAPES:
            key = (report.path.name, shape)
            try:
                inputs[key] = figure_set_from_rows(table_rows(report.tables[shape]), source=f"{report.path.stem}:{shape}")
            except Exception as err:  # a refused table is what is being measured
                refused[f"{report.path.name}:{shape}"] = str(err)[:160]
    counts: dict[str, Counter] = defaultdict(Counter)
    exceptions: list[str] = []
    shown: list[str] = []
    elapsed = 0.0
    checked = 0
    prepared: set[tuple[str, str]] = set()
    for case in cases:
        key = (case.report.path.name, case.shape)
        tally = counts[f"{case.shape}:{case.kind}"]
        tally["n"] += 1
        if key not in inputs:
            tally["refused"] += 1
            continue
        if key not in prepared:  # a table is prepared once, as in the app: its first check is not timed
            prepared.add(key)
            check_numbers(case.text, inputs[key])
        try:
            started = time.process_time()
            alone = check_numbers(case.text, inputs[key])  # the speed measured: one sentence as it stands
            elapsed += time.process_time() - started
            ok, flagged = case.outcome(check_numbers, inputs[key])
        except Exception:
            exceptions.append(f"{key}: {case.text[:40]}: {traceback.format_exc(limit=2)[-300:]}")
            tally["exception"] += 1
            continue
        checked += 1
        if case.kind == "clean":
            counts[f"{case.shape}:alone"]["n"] += 1
            counts[f"{case.shape}:alone"]["ok"] += not [m for m in alone.mentions if m.status in ("unsupported", "placeholder")]
            if not ok and len(shown) < show:
                shown.append(f"[{case.report.path.stem}:{case.shape}] {case.text}\n    " + "\n    ".join(f"{m.text}: {m.reason}" for m in flagged))
        elif not ok and len(shown) < show and os.environ.get("SHOW_MISSES"):
            shown.append(f"MISS {case.kind} [{case.report.path.stem}:{case.shape}] {case.text}")
        tally["ok"] += ok
    return {
        "reports": len(reports),
        "sources": len({r.source for r in reports}),
        "sentences": sum(len(r.sentences) for r in reports),
        "counts": {k: dict(v) for k, v in counts.items()},
        "refused": refused,
        "exceptions": exceptions,
        "rate": checked / elapsed if elapsed else 0.0,
        "shown": shown,
    }


def _share(counts: dict, shapes, kind: str) -> tuple[int, int]:
    ok = sum(counts.get(f"{s}:{kind}", {}).get("ok", 0) for s in shapes)
    n = sum(counts.get(f"{s}:{kind}", {}).get("n", 0) for s in shapes)
    return ok, n


def _cell(ok: int, n: int) -> str:
    return f"{ok / n:.3f} ({ok}/{n})" if n else "—"


def print_tables(results: dict[str, dict]) -> None:
    """One table per measure, a column per checker."""
    names = list(results)
    first = results[names[0]]
    print(f"real set: {first['reports']} report files from {first['sources']} distinct sources, {first['sentences']} sentences, shapes: {', '.join(SHAPES)}")
    print()
    header = "| measure | target | " + " | ".join(names) + " |"
    print(header)
    print("|" + "---|" * (2 + len(names)))
    rows = [("clean: no flag, in its report (all shapes)", "≥ 0.97", "clean", SHAPES)]
    rows += [(f"clean: no flag, in its report ({s})", "≥ 0.97", "clean", (s,)) for s in SHAPES]
    rows += [("clean: no flag, the sentence alone", "—", "alone", SHAPES)]
    rows += [(f"recall: {k}", f"≥ {TARGETS[k]}", k, SHAPES) for k in KINDS]
    for label, target, kind, shapes in rows:
        print(f"| {label} | {target} | " + " | ".join(_cell(*_share(results[n]["counts"], shapes, kind)) for n in names) + " |")
    print("| tables refused | 0 | " + " | ".join(str(len(results[n]["refused"])) for n in names) + " |")
    print("| exceptions | 0 | " + " | ".join(str(len(results[n]["exceptions"])) for n in names) + " |")
    print("| sentences/s, one core | ≥ 2000 | " + " | ".join(f"{results[n]['rate']:.0f}" for n in names) + " |")


def run_baseline(rev: str) -> dict:
    """The same suite against the checker at git revision `rev`, in a temporary worktree and a subprocess."""
    repo = HERE.parent
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "baseline"
        subprocess.run(["git", "-C", str(repo), "worktree", "add", "--detach", str(tree), rev], check=True, capture_output=True)
        try:
            env = {**os.environ, "PYTHONPATH": str(tree), "REALSET_CHILD": "1"}
            out = subprocess.run([sys.executable, __file__, "--json"], env=env, check=True, capture_output=True, text=True, cwd=tmp)
            return json.loads(out.stdout)
        finally:
            subprocess.run(["git", "-C", str(repo), "worktree", "remove", "--force", str(tree)], capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", help="git revision of the checker to compare with")
    parser.add_argument("--show", type=int, default=0, help="print this many flagged correct sentences")
    parser.add_argument("--json", action="store_true", help="print the raw counts as JSON")
    args = parser.parse_args()
    if os.environ.get("REALSET_CHILD"):
        sys.path.insert(0, os.environ["PYTHONPATH"])
    current = evaluate(args.show)
    if args.json:
        print(json.dumps(current, ensure_ascii=False))
        return
    results = {}
    if args.baseline:
        results[f"checker at {args.baseline}"] = run_baseline(args.baseline)
    results["this checker"] = current
    print_tables(results)
    for name, result in results.items():
        if result["refused"]:
            print(f"\n{name}: tables refused")
            for key, why in list(result["refused"].items())[:8]:
                print(f"  {key}: {why}")
            if len(result["refused"]) > 8:
                print(f"  … and {len(result['refused']) - 8} more")
    for line in current["shown"]:
        print(line)
    for line in current["exceptions"][:5]:
        print(line)


if __name__ == "__main__":
    main()
