"""The check, back in the writer's own .docx: a Word comment (批注) and a light highlight on each flagged place.

The document is otherwise left as it was: a run is split only at the edges of a flagged span (each part
keeps the run's formatting), and existing comments, styles, numbering and tables are untouched.
"""

from __future__ import annotations

import copy
import io
from dataclasses import dataclass, field
from pathlib import Path

from docx.document import Document as DocxDocument
from docx.enum.text import WD_COLOR_INDEX
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from assistant.documents.loading import WordTable, body_blocks, open_docx, visible_runs, visible_text
from assistant.errors import AssistantError
from assistant.figures import FigureSet
from assistant.guardrails import Report, review
from assistant.guardrails.revision import Change, revisions

AUTHOR = "数字核对"
INITIALS = "核"


@dataclass
class Annotated:
    """What annotating a .docx did: the report on its text and the places that got a comment."""

    report: Report
    commented: int
    text: str
    changes: list[Change] = field(default_factory=list)  # numbers updated (or to update) for a revised table


def body_paragraphs(document: DocxDocument) -> list[Paragraph]:
    """Body paragraphs in reading order, table cells included (a merged cell once)."""
    return [p for p, _ in _body(document)]


def _body(document: DocxDocument) -> list[tuple[Paragraph, str]]:
    """Each body paragraph and what follows it in the checked text: a tab after a table cell with another cell after it
    in its row, a line break elsewhere. A row reads as the loader writes it ("规上工业总产值\t亿元\t138.6"), so the check
    reads a table as a table (guardrails.tables); every separator is one character, so offsets stay the paragraphs'."""
    out: list[tuple[Paragraph, str]] = []
    for block in body_blocks(document):
        if not isinstance(block, WordTable):
            out.append((block, "\n"))
            continue
        for cells in block.new_cells():
            for n, cell in enumerate(cells):
                paragraphs = cell.paragraphs
                for k, paragraph in enumerate(paragraphs):
                    out.append((paragraph, "\t" if k == len(paragraphs) - 1 and n < len(cells) - 1 else "\n"))
    return out


def annotate(data: bytes, name: str, inputs: FigureSet | None, period: str | None = None, was: FigureSet | None = None) -> tuple[bytes, Annotated]:
    """The .docx with a comment on every flagged or advised place, and what was found. `was`: the table the draft
    was written against before the statistics were revised; every number taken from a revised input is updated
    in place (a comment says old → new), and what cannot be updated (a direction that flipped) is commented."""
    document = open_docx(data, name)
    body = _body(document)
    paragraphs = [p for p, _ in body]
    changes: list[Change] = []
    if was is not None and inputs is not None:
        changes = revisions("".join(visible_text(p) + after for p, after in body), was, inputs)
        _apply(document, paragraphs, changes)
    texts = [visible_text(p) for p in paragraphs]
    text = "".join(t + after for t, (_, after) in zip(texts, body, strict=True))
    report = review(text, inputs, period)
    starts = _starts(texts)
    commented = 0
    said = _unreplaced_spans(changes)  # a revised number the writer must reword already has its comment
    # From the end, so splitting a run never moves a place still to be marked.
    for mention in sorted(report.remarks, key=lambda m: m.start, reverse=True):
        if any(mention.start < end and start < mention.end for start, end in said):
            continue
        runs = _runs_at(paragraphs, starts, mention.start, mention.end)
        if not runs:
            continue
        for run in runs:  # advice is marked more lightly than what must be fixed
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW if mention.flagged else WD_COLOR_INDEX.GRAY_25
        document.add_comment(runs, text=_comment(mention), author=AUTHOR, initials=INITIALS)
        commented += 1
    out = io.BytesIO()
    document.save(out)
    return out.getvalue(), Annotated(report, commented, text, changes)


def _starts(texts: list[str]) -> list[int]:
    """Where each paragraph begins in the text the check read (each paragraph followed by one separator)."""
    starts, at = [], 0
    for t in texts:
        starts.append(at)
        at += len(t) + 1
    return starts


def _runs_at(paragraphs: list[Paragraph], starts: list[int], start: int, end: int) -> list[Run]:
    """The runs holding [start, end) of the checked text, split out of their paragraph's runs."""
    index = max(i for i, s in enumerate(starts) if s <= start)
    return _isolate(paragraphs[index], start - starts[index], min(end - starts[index], len(visible_text(paragraphs[index]))))


def _unreplaced_spans(changes: list[Change]) -> list[tuple[int, int]]:
    """Where the changes left for the writer stand in the updated text (the replaced ones before them shift them)."""
    out = []
    for c in changes:
        if c.replacement is None:
            shift = sum(len(r.replacement) - (r.end - r.start) for r in changes if r.replacement is not None and r.start < c.start)
            out.append((c.start + shift, c.end + shift))
    return out


def _apply(document, paragraphs: list[Paragraph], changes: list[Change]) -> None:
    """Each replaceable change written into its runs (the first run takes the new text, keeping its formatting),
    with a comment on it; the others get a comment saying what the writer must do."""
    starts = _starts([visible_text(p) for p in paragraphs])
    for change in sorted(changes, key=lambda c: c.start, reverse=True):
        runs = _runs_at(paragraphs, starts, change.start, change.end)
        if not runs:
            continue
        if change.replacement is not None:
            runs[0].text = change.replacement
            for run in runs[1:]:
                run.text = ""
            runs = runs[:1]
            words = f"统计数据已修订，已更新：{change.text} → {change.replacement}（{change.name}）。"
        else:
            words = f"统计数据已修订：{change.reason}"
        for run in runs:
            run.font.highlight_color = WD_COLOR_INDEX.BRIGHT_GREEN if change.replacement is not None else WD_COLOR_INDEX.YELLOW
        document.add_comment(runs, text=words, author=AUTHOR, initials=INITIALS)


def annotate_file(path: Path, out: Path, inputs: FigureSet | None, period: str | None = None, was: FigureSet | None = None) -> Annotated:
    """Annotate the .docx at `path` into `out` (never over the writer's own file)."""
    if Path(out).resolve() == Path(path).resolve():
        raise AssistantError("输出文件不能与原稿相同。", "请用 --out 指定另一个文件名，例如“稿件（核对）.docx”。")
    data, result = annotate(Path(path).read_bytes(), Path(path).name, inputs, period, was)
    Path(out).write_bytes(data)
    return result


def _comment(mention) -> str:
    """The comment a writer reads: the reason, and the input held against where there is one."""
    return mention.reason if not mention.figure or mention.figure in mention.reason else f"{mention.reason}（输入：{mention.figure}）"


def _isolate(paragraph: Paragraph, start: int, end: int) -> list[Run]:
    """The runs that hold exactly [start, end) of the paragraph, splitting runs at the two edges."""
    if end <= start:
        return []
    _split_at(paragraph, end)
    _split_at(paragraph, start)
    out, at = [], 0
    for run in visible_runs(paragraph):
        length = len(run.text)
        if start <= at and at + length <= end and length:
            out.append(run)
        at += length
    return out


def _split_at(paragraph: Paragraph, offset: int) -> None:
    """Split the run that spans `offset` into two runs with the same formatting."""
    at = 0
    for run in visible_runs(paragraph):
        text = run.text
        if at < offset < at + len(text):
            cut = offset - at
            twin = copy.deepcopy(run._r)
            run._r.addnext(twin)
            run.text = text[:cut]
            Run(twin, run._parent).text = text[cut:]
            return
        at += len(text)
