"""Narrative sections drafted from a writer's notes, on the real sections set (tests/data/sections), with the default model.

Run: python bench/narrative.py [--files 01,05] [--store DIR] [--show 01,09,16] [--json OUT]
For each real section the drafter gets what its writer had: the notes, the figures table, the unit, the
period and the kind, never the section itself (the knowledge base is left out unless --store names one,
which must not hold the section's document). Prints one row per section: seconds, share of notes used,
share of notes the model reworded (the rest stand as the notes themselves), numbers in the draft that are
not in the inputs (must be 0), named things not in the inputs (quotes, places, enterprises, projects),
leftovers (slots, empty headings, labels, repeats, cut-offs, other years) and what the check flags; then
the totals, and three drafts beside the real sections they stand in for.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import re
import time
from decimal import Decimal
from pathlib import Path

import yaml

from assistant.drafting.chain import Drafter
from assistant.drafting.narrative import REWORDED, numbers_of
from assistant.drafting.records import DraftRequest
from assistant.figures import FigureSet, figure_set_from_rows
from assistant.guardrails import review
from assistant.guardrails.leftovers import text_issues
from assistant.guardrails.names import unknown_names
from assistant.llm import get_chat_model
from assistant.settings import PROJECT_ROOT, get_settings

SECTIONS = PROJECT_ROOT / "tests" / "data" / "sections"
SHOW = ("05", "09", "16")
_ASIDE = re.compile(r"[（(][^（）()]*[)）]")
_DIGITS = re.compile(r"\d+(?:\.\d+)?")


def writer_inputs(data: dict) -> tuple[FigureSet, str | None, str | None]:
    """What the writer had: notes and the figures table, the unit and period as a writer types them (no asides)."""
    rows = list(csv.reader(io.StringIO(data["figures"]))) if data["figures"].strip() else []
    figures = figure_set_from_rows(rows, source=data["unit"]).figures if rows else []
    unit = _ASIDE.sub("", data["unit"]).strip() or None
    period = _ASIDE.sub("", data["period"]).strip()
    return FigureSet(figures=figures, notes=list(data["notes"])), unit, (None if period in {"未注", ""} else period)


def invented_numbers(draft: str, data: dict, unit: str | None, period: str | None) -> list[str]:
    """Numbers of the draft that no input states: as written, and by value for bare digits."""
    given = "\n".join([*data["notes"], data["figures"], unit or "", period or ""])
    flat = re.sub(r"\s", "", given)
    values = {Decimal(n) for n in _DIGITS.findall(given)}
    out = []
    for number in numbers_of(draft):
        digits = _DIGITS.findall(number)
        if re.sub(r"\s", "", number) in flat or (digits and all(Decimal(d) in values for d in digits)):
            continue
        out.append(number)
    return out


def measure(drafter: Drafter, name: str, data: dict) -> dict:
    """Draft one section as its writer would ask for it, and measure the draft."""
    inputs, unit, period = writer_inputs(data)
    start = time.perf_counter()
    result = drafter.draft(DraftRequest(figures=inputs, unit=unit, period=period, section=data["kind"]))
    seconds = time.perf_counter() - start
    source = "\n".join([*inputs.notes, *(f.name for f in inputs.figures), unit or "", period or ""])
    issues = text_issues(result.text, period)
    flagged = review(result.text, result.inputs, period).flagged
    uses = result.coverage.notes
    return {
        "file": name,
        "kind": data["kind"],
        "seconds": round(seconds, 1),
        "notes": len(uses),
        "used": result.coverage.share,
        "reworded": sum(1 for u in uses if u.how == REWORDED) / len(uses) if uses else 0.0,
        "invented_numbers": invented_numbers(result.text, data, unit, period),
        "invented_names": unknown_names(result.text, source),
        "leftovers": [f"{m.text}：{m.reason}" for m in issues],
        "flagged": [f"{m.text}：{m.reason}" for m in flagged],
        "left_out": [f"{u.note}：{u.how}" for u in result.coverage.left_out],
        "fallbacks": [f"{u.note}：{u.how}" for u in uses if u.how != REWORDED],
        "draft": result.text,
        "real": data["real"].strip(),
    }


def table(rows: list[dict]) -> str:
    """The per-section table and its totals."""
    head = f"{'file':<5}{'kind':<6}{'s':>7}{'notes':>6}{'used':>6}{'model':>7}{'inv.num':>8}{'inv.name':>9}{'leftover':>9}{'flagged':>8}"
    lines = [head, "-" * len(head)]
    for r in rows:
        lines.append(
            f"{r['file']:<5}{r['kind']:<6}{r['seconds']:>7.1f}{r['notes']:>6}{r['used']:>6.2f}{r['reworded']:>7.2f}"
            f"{len(r['invented_numbers']):>8}{len(r['invented_names']):>9}{len(r['leftovers']):>9}{len(r['flagged']):>8}"
        )
    n = len(rows) or 1
    lines.append("-" * len(head))
    lines.append(
        f"{'all':<5}{'':<6}{sum(r['seconds'] for r in rows) / n:>7.1f}{sum(r['notes'] for r in rows):>6}"
        f"{sum(r['used'] for r in rows) / n:>6.2f}{sum(r['reworded'] for r in rows) / n:>7.2f}"
        f"{sum(len(r['invented_numbers']) for r in rows):>8}{sum(len(r['invented_names']) for r in rows):>9}"
        f"{sum(len(r['leftovers']) for r in rows):>9}{sum(len(r['flagged']) for r in rows):>8}"
    )
    lines.append(
        f"seconds: mean {sum(r['seconds'] for r in rows) / n:.1f}, max {max((r['seconds'] for r in rows), default=0):.1f}; "
        f"notes used {sum(r['used'] for r in rows) / n:.2f} (target >= 0.9); invented numbers {sum(len(r['invented_numbers']) for r in rows)} (target 0); "
        f"invented names max {max((len(r['invented_names']) for r in rows), default=0)} per section (target <= 1); "
        f"leftovers {sum(len(r['leftovers']) for r in rows)} (target 0)"
    )
    return "\n".join(lines)


def details(rows: list[dict], verbose: bool = False) -> str:
    """What each finding was, so a number in the table can be read (with --verbose, why each note stands as written)."""
    lines = []
    keys = ("invented_numbers", "invented_names", "leftovers", "flagged", "left_out") + (("fallbacks",) if verbose else ())
    for r in rows:
        for key in keys:
            for item in r[key]:
                lines.append(f"{r['file']} {key}: {item}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", default="", help="comma-separated file stems (default: all)")
    parser.add_argument("--store", type=Path, default=None, help="a knowledge base to draft with (never one holding these sections)")
    parser.add_argument("--show", default=",".join(SHOW), help="file stems whose drafts are printed beside the real text")
    parser.add_argument("--json", type=Path, default=None, help="also write every row, with drafts, as JSON")
    parser.add_argument("--verbose", action="store_true", help="also say why each note the model did not reword stands as written")
    args = parser.parse_args()
    wanted = {f.strip() for f in args.files.split(",") if f.strip()}
    files = [p for p in sorted(SECTIONS.glob("*.yaml")) if not wanted or p.stem in wanted]
    settings = get_settings(**({"store": args.store} if args.store else {}))
    kb = None
    if args.store:
        from assistant.store.knowledge_base import KnowledgeBase

        kb = KnowledgeBase(settings)
    start = time.perf_counter()
    model = get_chat_model(settings)
    print(f"model: {model.name}   load: {time.perf_counter() - start:.1f} s   knowledge base: {args.store or '(none)'}   "
          f"narrative budget: {settings.draft.narrative_seconds:.0f} s/section   load average: {os.getloadavg()[0]:.1f}", flush=True)
    drafter = Drafter(settings, kb, model)
    rows = []
    for path in files:
        row = measure(drafter, path.stem, yaml.safe_load(path.read_text(encoding="utf-8")))
        rows.append(row)
        print(f"  {row['file']} {row['kind']} {row['seconds']:.1f} s", flush=True)
    print()
    print(table(rows))
    print()
    print(f"load average at the end: {os.getloadavg()[0]:.1f} (2 cores; other work on the machine slows the model)")
    print(details(rows, args.verbose))
    for row in rows:
        if row["file"] in args.show.split(","):
            print(f"\n=== {row['file']} {row['kind']}\n--- draft\n{row['draft']}\n--- real\n{row['real']}")
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
