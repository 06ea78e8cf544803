"""Checking a writer's Word draft end to end: a .docx of real report sentences with 200+ numbers, commented.

Run: python bench/word_check.py [--numbers 200] [--runs 5]
Builds one .docx from the real set's sentences (tests/data/real, several reports, each number wrong in one of
ten sentences), and times annotate(): reading the .docx, the check against the reports' tables, a comment on
every flagged place, writing the copy. Prints the numbers checked and flagged and the median time, against
the issue's floor of 2 s for a 200-number draft.
"""

from __future__ import annotations

import argparse
import io
import statistics
import time

from docx import Document
from realset import load_reports, table_rows

from assistant.export.annotate import annotate
from assistant.figures import FigureSet, figure_set_from_rows

FLOOR_SECONDS = 2.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--numbers", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    document = Document()
    figures, notes, numbers, sentences = [], [], 0, 0
    for report in load_reports():
        table = figure_set_from_rows(table_rows(report.tables["wide"]))
        figures += table.figures
        notes += table.notes
        document.add_paragraph(report.title)
        for sentence in report.sentences:
            wrong = sentences % 10 == 9
            text = sentence
            if wrong:  # one digit changed in one sentence of ten: the comments have something to say
                for digit, other in (("3", "8"), ("5", "6"), ("2", "7")):
                    if digit in text:
                        text = text.replace(digit, other, 1)
                        break
            document.add_paragraph(text)
            sentences += 1
        numbers = sum(ch.isdigit() for p in document.paragraphs for ch in p.text) // 3  # rough: stop once well past the target
        if numbers >= args.numbers * 1.5:
            break
    buffer = io.BytesIO()
    document.save(buffer)
    data = buffer.getvalue()
    inputs = FigureSet(figures=figures, notes=notes)

    times, result = [], None
    for _ in range(args.runs):
        started = time.perf_counter()
        _, result = annotate(data, "稿件.docx", inputs, None)
        times.append(time.perf_counter() - started)
    checked = sum(1 for m in result.report.mentions if m.status != "not_a_figure")
    median = statistics.median(times)
    print(f"Word draft: {len(document.paragraphs)} paragraphs, {sentences} real sentences, {len(data) // 1024} KB\n")
    print("| measure | floor | this run |")
    print("|---|---|---|")
    print(f"| numbers checked | ≥ {args.numbers} | {checked} |")
    print(f"| flagged (comments written) | — | {len(result.report.flagged)} ({result.commented}) |")
    print(f"| time: read, check, comment, write (median of {args.runs}), s | ≤ {FLOOR_SECONDS} | {median:.2f} |")
    print(f"| per 200 numbers, s | ≤ {FLOOR_SECONDS} | {median * 200 / max(checked, 1):.2f} |")


if __name__ == "__main__":
    main()
