"""Answers to writers' practice questions on real public reports, with the real local model: how many sources they use.

Run: python bench/practice_answers.py [--every 6] [--offset 0] [--show]
The knowledge base is the practice set's, imported as collected (each file's front matter gives its title, unit and
year; bench/retrieval_real.py builds and caches the store); the questions are every
--every-th of tests/data/practice/questions.yaml. For each answer it prints the documents the model was given and
those it cites, how many of the cited ones answer the question (by the set's judgement), the points, the points
that repeat another (character bigrams, Jaccard >= 0.5), the points that do not say which unit did it, numbers
marked 〔待核实〕 and the seconds. Only what this run measured is printed.
"""

from __future__ import annotations

import argparse
import os
import re
import time
from pathlib import Path

from retrieval_real import load_docs, load_questions, open_store

from assistant.drafting.ask import Asker
from assistant.llm import get_chat_model

_CITE = re.compile(r"\[(\d{1,2})\]")
_POINT = re.compile(r"[^\n。；]*?\[\d{1,2}\][。；]?")


class Watched(Asker):
    """The product's Asker, noting which documents' passages it gave the model."""

    given: tuple[str, ...] = ()

    def _relevant(self, question: str) -> list:
        hits = super()._relevant(question)
        self.given = tuple(Path(h.source).stem for h in hits)
        return hits


def bigrams(text: str) -> set[str]:
    text = re.sub(r"\[\d+\]|\s", "", text)
    return {text[i : i + 2] for i in range(len(text) - 1)}


def repeats(points: list[str]) -> int:
    """Points whose bigrams overlap an earlier point's by half or more."""
    seen: list[set[str]] = []
    count = 0
    for point in points:
        grams = bigrams(point)
        if any(len(grams & g) / max(1, len(grams | g)) >= 0.5 for g in seen):
            count += 1
        seen.append(grams)
    return count


def place(unit: str) -> str:
    """The place word of a unit (临川区人民政府 -> 临川), as an answer would name it."""
    return re.sub(r"^(?:[^省]{2,3}省)?(?:[^市]{2,3}市)?", "", unit)[:2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--every", type=int, default=6, help="take every n-th question")
    parser.add_argument("--offset", type=int, default=0, help="starting from this one (0: the first), to confirm on other questions")
    parser.add_argument("--show", action="store_true", help="print each answer")
    args = parser.parse_args()
    docs = load_docs()
    kb, _ = open_store(docs, as_collected=True)  # their front matter gives each document's title and unit
    units = {d.id: str(d.meta.get("unit") or "") for d in docs}
    questions = load_questions()[args.offset :: args.every]
    asker = Watched(kb.settings, kb, get_chat_model(kb.settings))
    print(f"{len(questions)} practice questions (every {args.every}th from #{args.offset + 1}), {len(docs)} documents; load average {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} cores\n")
    print("| question | given docs | given that answer | cited docs | cited that answer | points | repeated | without unit | 〔待核实〕 | s |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    totals = {"given": 0, "given_answer": 0, "cited": 0, "answer": 0, "points": 0, "repeated": 0, "unitless": 0, "unchecked": 0}
    seconds = []
    for q in questions:
        started = time.perf_counter()
        answer = asker.ask(q["question"])
        given = asker.given
        took = time.perf_counter() - started
        seconds.append(took)
        body = answer.text.split("\n\n来源：")[0]
        cited = [Path(s.source).stem for s in answer.sources]
        points = [p.strip() for p in _POINT.findall(body) if len(p.strip()) > 6]
        unitless = 0
        for point in points:
            numbers = [int(n) for n in _CITE.findall(point)]
            named = [units.get(cited[n - 1], "") for n in numbers if 0 < n <= len(cited)]
            unitless += not any(u and u != "未署名" and place(u) in point for u in named) and any(u and u != "未署名" for u in named)
        row = {"given": len(set(given)), "given_answer": len(set(given) & set(q["answers"])),
               "cited": len(set(cited)), "answer": len(set(cited) & set(q["answers"])),
               "points": len(points), "repeated": repeats(points), "unitless": unitless, "unchecked": body.count("〔待核实〕")}
        for key, value in row.items():
            totals[key] += value
        print(f"| {q['question']} | {row['given']} | {row['given_answer']} | {row['cited']} | {row['answer']} | {row['points']} | {row['repeated']} | "
              f"{row['unitless']} | {row['unchecked']} | {took:.1f} |")
        if args.show:
            print(f"\n{answer.text}\n")
    n = len(questions)
    print(f"| **mean** | {totals['given'] / n:.1f} | {totals['given_answer'] / n:.1f} | {totals['cited'] / n:.1f} | "
          f"{totals['answer'] / n:.1f} | {totals['points'] / n:.1f} | "
          f"{totals['repeated']} in all | {totals['unitless']} in all | {totals['unchecked']} in all | {sum(seconds) / n:.1f} (max {max(seconds):.1f}) |")
    print(f"\ncited documents that answer: {totals['answer']}/{totals['cited']} = {totals['answer'] / max(totals['cited'], 1):.2f}; "
          f"answering documents given that are cited: {totals['answer']}/{totals['given_answer']} = {totals['answer'] / max(totals['given_answer'], 1):.2f}")


if __name__ == "__main__":
    main()
